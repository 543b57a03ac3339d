"""The screens: the chair's console, the delegate's phone, the projector, the secretary's
pages, the public pages and publications, the API's documentation page; their templates and
static files."""
