"""The JSON API (`/api/v1`): the acts, the polls and votes, the counts, the live stream, the
mandates, the tree of bodies, joint sittings, webhooks and logins."""
