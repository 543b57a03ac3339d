"""Fixtures shared by the suite: databases (SQLite and PostgreSQL), the service, an API client.

Every application a test builds has its journal checked, when it closes, against the catalogue
of entry kinds (smolny.record.kinds): an entry that does not match its kind fails the test.

PostgreSQL and Redis tests run when their servers answer, and skip with a message
saying how to enable them when not; with SMOLNY_REQUIRE_SERVICES=1 (as .ci/run
sets) a missing server fails the run instead.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from servers import REQUIRED, ROOT, Server, free_port  # noqa: F401  (used by tests too)
from smolny.record import canonical, kinds
from smolny.service.app import Smolny
from smolny.web.app import create_app

POSTGRES_URL = os.environ.get("SMOLNY_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")
REDIS_URL = os.environ.get("SMOLNY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _unavailable(what: str, how: str, error: Exception) -> None:
    message = f"{what} is not reachable ({error.__class__.__name__}: {error}); {how}"
    if REQUIRED:
        pytest.fail(f"SMOLNY_REQUIRE_SERVICES=1 but {message}")
    pytest.skip(message)


def journal_problems(app: Smolny) -> list[str]:
    """Each entry of `app`'s journal that does not match its kind in the catalogue: what is
    wrong with it, after its seq and kind."""
    with app.store.reading() as tx:  # on any store, the in-memory one too
        lines = tx.lines()
    found = []
    for _, line in lines:
        entry = canonical.loads(line)
        problems = kinds.check(entry["kind"], entry["data"])
        found += [f"{entry['seq']} {entry['kind']}: {problem}" for problem in problems]
    return found


@pytest.fixture(scope="session", autouse=True)
def journals_checked_at_close() -> Iterator[None]:
    """`Smolny.close` first checks the journal against the catalogue of entry kinds, and
    fails the test (after closing) if an entry does not match its kind."""
    close = Smolny.close

    def checked_close(app: Smolny) -> None:
        try:
            problems = journal_problems(app)
        finally:
            close(app)
        if problems:
            pytest.fail("entries not as catalogued (smolny.record.kinds):\n" + "\n".join(problems))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Smolny, "close", checked_close)
        yield


def _psycopg_url(url: str) -> str:
    return "postgresql+psycopg://" + url.split("://", 1)[1]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The PostgreSQL server's URL, once checked to answer."""
    try:
        engine = create_engine(_psycopg_url(POSTGRES_URL), connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        _unavailable(
            "PostgreSQL",
            "start it or set SMOLNY_TEST_POSTGRES_URL=postgresql://HOST:PORT/DB to run these tests",
            exc,
        )
    return POSTGRES_URL


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A PostgreSQL URL whose search path is a new, empty schema, dropped afterwards."""
    schema = "t_" + secrets.token_hex(6)
    admin = create_engine(_psycopg_url(postgres_server), pool_pre_ping=True)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in postgres_server else "?"
    yield f"{_psycopg_url(postgres_server)}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A new SQLite file."""
    return f"sqlite:///{tmp_path / 'smolny.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each storage test runs on SQLite and on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    url: str = request.getfixturevalue(name)
    return url


@pytest.fixture
def service(database_url: str) -> Iterator[Smolny]:
    """The application on a fresh database."""
    app = Smolny.open(database_url)
    yield app
    app.close()


@pytest.fixture
def sqlite_service(sqlite_url: str) -> Iterator[Smolny]:
    """The application on a fresh SQLite file only."""
    app = Smolny.open(sqlite_url)
    yield app
    app.close()


from sample_congress import make_congress  # noqa: E402


@pytest.fixture
def congress_of():
    """The function that sets up a small congress in an application."""
    return make_congress


@pytest.fixture
def api(service: Smolny) -> Iterator[TestClient]:
    """An HTTP client on the application (no server process)."""
    with TestClient(create_app(service)) as client:
        yield client


@pytest.fixture
def serve():
    """Start `smolny serve` processes; each is stopped at the end of the test."""
    servers: list[Server] = []

    def start(db: str, *args: str) -> Server:
        server = Server(db, *args)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def redis_server() -> str:
    """The Redis server's URL, once checked to answer."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as exc:
        _unavailable(
            "Redis",
            "start it or set SMOLNY_TEST_REDIS_URL=redis://HOST:PORT/DB to run these tests",
            exc,
        )
    return REDIS_URL
