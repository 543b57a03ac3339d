"""Where the service keeps its record, as its callers name it: a database by path or URL,
and the failures of storage they may meet (refused as one line, or a 503)."""

from __future__ import annotations

from smolny.adapters.database import REFUSED as REFUSED
from smolny.adapters.database import STORE_ERRORS as STORE_ERRORS
from smolny.adapters.database import UNAVAILABLE as UNAVAILABLE
from smolny.adapters.database import DatabaseError as DatabaseError
from smolny.adapters.database import database_url as database_url
