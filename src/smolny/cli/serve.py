"""`smolny serve`: the API, the pages and the live stream on one address."""

from __future__ import annotations

import errno
import socket
from typing import Any

import click

from smolny.cli.common import db_option, open_app, rulebook_option
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
    if app.has_accounts():
        return
    _, password = app.create_account("admin", "admin")
    click.echo("First start: created the account 'admin' with this one-time password")
    click.echo(f"    {password}")
    click.echo("It is shown only now; you will be asked to change it at the first login.")


def run(app: Any, host: str, port: int) -> None:
    """Serve `app` until interrupted."""
    import uvicorn

    from smolny.web.app import create_app

    config = uvicorn.Config(
        create_app(app, close_on_shutdown=True),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=3,
    )
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"smolny is serving at http://{shown}:{port}/  (API documentation: /docs; Ctrl-C stops)"
    )
    uvicorn.Server(config).run()


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
    import redis

    from smolny.adapters.fanout import RedisFanout

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except (redis.RedisError, ValueError) as exc:
        app.close()
        raise InputError(f"{redis_url}: Redis does not answer ({exc})") from None
    app.attach_fanout(RedisFanout(redis_url))


@click.command()
@db_option
@host_option
@port_option
@redis_option
@rulebook_option
def serve(
    db: str | None, host: str, port: int, redis_url: str | None, rulebook_files: tuple[str, ...]
) -> None:
    """Serve smolny on HOST:PORT."""
    check_port(host, port)
    app = open_app(db, rulebooks=rulebook_files)
    attach_redis(app, redis_url)
    ensure_admin(app)
    run(app, host, port)
