"""The read side of the service (Cosmic Python's "views"): queries returning plain read
models, drawn from the state the journal folds to (and, where it must, from the store).

Everything the screens, the API and the command line show is read here, grouped by what
it serves:

- `bodies`: bodies, their delegates, factions, presidiums and mandates, the tree;
- `sessions`: sessions and the question before them, the chair's console, the projector,
  the delegate's phone;
- `polls`: polls and their results, roll calls, the published box, a delegate's ballot;
- `record`: the journal and the public pages drawn from it, resolutions and feeds, minutes;
- `accounts`: who holds an access code, the login lockouts.

Each query takes the service, reads under its lock, and returns plain values (dicts,
lists, strings, numbers; TypedDicts and frozen dataclasses of them) that share nothing
with the state: a caller may keep or change them freely. A query refuses as a command
does: an unknown body, session or poll is a `NotFound` naming it.
"""
