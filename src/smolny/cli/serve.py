"""`smolny serve`: the API, the pages and the live stream on one address.

With `--workers N`, N processes serve the same address and share the database, so
that a congress voting at once has all the machine's cores: each worker holds the
assembly's state, folds in what the others append (heard over Redis with --redis,
else read from the journal a few times a second, and at once where an act cannot
wait), and writes its own ballots; the database keeps the record in order (SQLite
BEGIN IMMEDIATE, a PostgreSQL advisory lock) and one ballot per voter. Each worker
listens on a socket of its own (SO_REUSEPORT), so that the kernel spreads the
connections evenly; the first process supervises them, restarting one that dies.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import signal
import socket
import sys
import threading
import time
from typing import Any

import click

from smolny.cli.common import (
    WORKFLOWS_ENV,
    db_option,
    open_app,
    rulebook_option,
    workflow_option,
)
from smolny.cli.errors import InputError

host_option = click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on."
)
port_option = click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)


def check_port(host: str, port: int) -> None:
    """Refuse at once, in one line, when the address cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InputError(f"{host}:{port} is in use: choose another with --port") from None
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def ensure_admin(app: Any) -> None:
    """At the first start, create the admin account and print its one-time password once."""
    if app.accounts.has_accounts():
        return
    _, password = app.accounts.create_account("admin", "admin")
    click.echo("First start: created the account 'admin' with this one-time password")
    click.echo(f"    {password}")
    click.echo("It is shown only now; you will be asked to change it at the first login.")


# Young objects are collected less often than Python's default (700 allocations), and
# what is loaded at the start (the assembly's state) is left out of collections: a
# full collection over it would stall every request for tens of milliseconds.
GC_THRESHOLDS = (50_000, 20, 100)
STOP_SECONDS = 20  # how long the workers have to stop when told to


def raise_file_limit() -> int:
    """Raise this process's soft limit on open files to its hard limit (each live screen
    is a connection, and a connection a file); returns the limit now in force."""
    try:
        import resource
    except ImportError:  # not on this system
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = max(soft, 1_048_576)
    if soft != resource.RLIM_INFINITY and soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
    return int(soft)


class Edge:
    """The outermost layer of a served application: hands the connection's transport to
    the live stream (scope["extensions"]["smolny.transport"]), so that a screen that reads
    nothing can be cut off with what it holds, and the request's uvicorn cycle to the
    vote's short way (`smolny.web.whole`: its answer written in one piece); when
    debugging, says which process answered (`X-Smolny-Worker: PID`), which no one else
    needs to know (and every answer then takes the ordinary way, to be marked)."""

    def __init__(self, app: Any, debug: bool = False) -> None:
        from smolny.web import whole

        self.app = app
        self.worker = str(os.getpid()).encode() if debug else None
        self.cycle_of = whole.cycle_of
        self.cycle = whole.CYCLE

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        transport = getattr(getattr(send, "__self__", None), "transport", None)
        worker = self.worker
        if transport is not None:
            extensions = scope.setdefault("extensions", {})
            extensions["smolny.transport"] = transport
            if worker is None:
                extensions[self.cycle] = self.cycle_of(send)
                try:
                    await self.app(scope, receive, send)
                finally:  # (the cycle holds the scope: no reference loop left for the collector)
                    extensions.pop(self.cycle, None)
                return
        if worker is None:
            await self.app(scope, receive, send)
            return

        async def marked(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), (b"x-smolny-worker", worker)]
            await send(message)

        await self.app(scope, receive, marked)


def served(app: Any, rates: tuple[str, str] | None = None, debug: bool = False) -> Any:
    """The ASGI application `smolny serve` hands to uvicorn: the app within its flood limits
    (`rates`: per delegate, per address), the security headers and the `Edge`."""
    from smolny.web.app import create_app
    from smolny.web.limits import ADDRESS, DELEGATE, Limits, Rate
    from smolny.web.security import SecurityHeaders

    return Edge(
        SecurityHeaders(  # on the limits' refusals too
            Limits(
                create_app(app, close_on_shutdown=True),
                delegate=Rate.parse(rates[0]) if rates else DELEGATE,
                address=Rate.parse(rates[1]) if rates else ADDRESS,
            )
        ),
        debug=debug,
    )


def run(
    app: Any,
    host: str,
    port: int,
    sockets: list[socket.socket] | None = None,
    rates: tuple[str, str] | None = None,
    debug: bool = False,
) -> None:
    """Serve `app` until interrupted (on `sockets` if given, else on host:port), with the
    flood limits `rates` (per delegate, per address; see smolny.web.limits); `debug` marks
    each answer with the process that gave it."""
    import uvicorn

    raise_file_limit()
    config = uvicorn.Config(
        served(app, rates, debug),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=3,
    )
    if sockets is None:
        click.echo(f"smolny is serving at {_shown(host, port)}")
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    uvicorn.Server(config).run(sockets=sockets)


def _shown(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/  (API documentation: /docs; Ctrl-C stops)"


redis_option = click.option(
    "--redis",
    "redis_url",
    metavar="URL",
    envvar="SMOLNY_REDIS_URL",
    help="Share live updates with other smolny processes on this Redis (e.g. redis://127.0.0.1:6379/0).",
)


def attach_redis(app: Any, redis_url: str | None) -> None:
    """Join the processes sharing `redis_url`, refusing at once if Redis does not answer."""
    if not redis_url:
        return
    from smolny.service.app import Unreachable

    try:
        app.join_redis(redis_url)
    except Unreachable as exc:
        app.close()
        raise InputError(str(exc)) from None


def _rate(ctx: Any, param: Any, value: str) -> str:
    from smolny.web.limits import Rate

    try:
        Rate.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


rate_delegate_option = click.option(
    "--rate-delegate",
    default="5/20",
    show_default=True,
    envvar="SMOLNY_RATE_DELEGATE",
    callback=_rate,
    metavar="RATE[/BURST]",
    help="Acts and votes a login may send a second (and in a burst); 0: no limit.",
)
rate_address_option = click.option(
    "--rate-address",
    default="1000/10000",
    show_default=True,
    envvar="SMOLNY_RATE_ADDRESS",
    callback=_rate,
    metavar="RATE[/BURST]",
    help="Requests an address (a hall's NAT) may send a second (and in a burst); 0: no limit.",
)

allow_private_webhooks_option = click.option(
    "--allow-private-webhooks",
    is_flag=True,
    envvar="SMOLNY_ALLOW_PRIVATE_WEBHOOKS",
    help="Let webhooks go to loopback, link-local and private addresses (refused otherwise).",
)

debug_option = click.option(
    "--debug",
    is_flag=True,
    envvar="SMOLNY_DEBUG",
    help="Mark every answer with the worker process that gave it (X-Smolny-Worker: PID).",
)

workers_option = click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes serving the address and sharing the database (e.g. one a core).",
)


@click.command()
@db_option
@host_option
@port_option
@redis_option
@rulebook_option
@workflow_option
@workers_option
@rate_delegate_option
@rate_address_option
@allow_private_webhooks_option
@debug_option
def serve(
    db: str | None,
    host: str,
    port: int,
    redis_url: str | None,
    rulebook_files: tuple[str, ...],
    workflow_files: tuple[str, ...],
    workers: int,
    rate_delegate: str,
    rate_address: str,
    allow_private_webhooks: bool,
    debug: bool,
) -> None:
    """Serve smolny on HOST:PORT."""
    check_port(host, port)
    if allow_private_webhooks:  # read where webhooks are checked (service.egress), workers too
        os.environ["SMOLNY_ALLOW_PRIVATE_WEBHOOKS"] = "1"
    if workflow_files:  # read where the service is opened (cli.common), workers too
        os.environ[WORKFLOWS_ENV] = os.pathsep.join(workflow_files)
    rates = (rate_delegate, rate_address)
    app = open_app(db, rulebooks=rulebook_files)
    if workers == 1:
        attach_redis(app, redis_url)
        ensure_admin(app)
        run(app, host, port, rates=rates, debug=debug)
        return
    if not app.shareable:
        app.close()
        raise InputError("--workers needs a database file or server the workers can share")
    check_redis(app, redis_url)
    ensure_admin(app)
    app.close()  # each worker opens its own: nothing is shared across the fork but the file
    supervise(db, host, port, redis_url, rulebook_files, workers, rates, debug)


def check_redis(app: Any, redis_url: str | None) -> None:
    """Refuse at once, as `attach_redis` does, when Redis does not answer."""
    if not redis_url:
        return
    from smolny.service import app as service

    try:
        service.check_redis(redis_url)
    except service.Unreachable as exc:
        app.close()
        raise InputError(str(exc)) from None


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """`count` sockets listening on host:port: one each (SO_REUSEPORT) where the system
    spreads connections over them, else the same one `count` times."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    each = hasattr(socket, "SO_REUSEPORT") and sys.platform.startswith("linux")
    sockets: list[socket.socket] = []
    for _ in range(count if each else 1):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if each:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            for made in [*sockets, sock]:
                made.close()
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        sock.listen(2048)
        sock.set_inheritable(True)
        sockets.append(sock)
    return sockets if each else sockets * count


def supervise(
    db: str | None,
    host: str,
    port: int,
    redis_url: str | None,
    rulebook_files: tuple[str, ...],
    workers: int,
    rates: tuple[str, str] | None = None,
    debug: bool = False,
) -> None:
    """Fork the workers, restart one that dies, and stop them all on SIGINT or SIGTERM."""
    sockets = listening_sockets(host, port, workers)
    click.echo(f"smolny is serving at {_shown(host, port)} with {workers} worker processes")
    sys.stdout.flush()
    running: dict[int, tuple[int, float]] = {}  # pid -> (worker number, started at)
    stopping = False

    def start(number: int) -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            os._exit(
                _worker(db, host, port, redis_url, rulebook_files, sockets, number, rates, debug)
            )
        running[pid] = (number, time.monotonic())

    def stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        for pid in running:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        # a worker that has not finished its requests and written its ballots by then is
        # ended outright
        killer = threading.Timer(STOP_SECONDS, lambda: _kill(list(running)))
        killer.daemon = True
        killer.start()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for number in range(workers):
        start(number)
    failed = False
    while running:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        number, started = running.pop(pid)
        if stopping:
            continue
        code = os.waitstatus_to_exitcode(status)
        if code > 0 and time.monotonic() - started < 10:
            # it could not start (and said why): the others would fare no better
            failed = True
            stop(signal.SIGTERM, None)
            continue
        click.echo(
            f"smolny: worker {number} ended (exit status {code}); starting it again", err=True
        )
        time.sleep(0.5)
        start(number)
    for sock in set(sockets):
        sock.close()
    sys.exit(2 if failed else 0)


def _kill(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _worker(
    db: str | None,
    host: str,
    port: int,
    redis_url: str | None,
    rulebook_files: tuple[str, ...],
    sockets: list[socket.socket],
    number: int,
    rates: tuple[str, str] | None = None,
    debug: bool = False,
) -> int:
    # One worker process: its own database connections, state, ballot writer and fan-out.
    # The supervisor says when to stop (SIGTERM), once: a Ctrl-C at the terminal reaches
    # it alone, as the workers have a process group of their own.
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    import faulthandler

    # `kill -USR1 PID` writes where every thread of a worker is, to its standard error
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    mine = sockets[number]
    for sock in set(sockets) - {mine}:
        sock.close()
    _end_with(os.getppid())
    try:
        app = open_app(db, rulebooks=rulebook_files)
        if redis_url:
            attach_redis(app, redis_url)
        else:
            app.watch_journal()
        run(app, host, port, sockets=[mine], rates=rates, debug=debug)
    except InputError as exc:
        exc.show()
        return 2
    except Exception:
        import traceback

        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return 0


def _end_with(parent: int) -> None:
    # A worker whose supervisor is gone (killed outright) stops serving, as it would have
    # been told to.
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="supervisor-watch", daemon=True).start()
