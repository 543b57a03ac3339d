"""The bare framework's cost, for comparison: an ASGI app that reads the request's body,
parses its JSON and answers 201 with a small JSON body (200 to a GET), served by uvicorn
as `smolny serve` is (its default loop and HTTP parser, no access log).

    python bench/raw_asgi.py PORT

bench/votes.py runs it with the same load generator in the same run as smolny, and prints
smolny's figures as a ratio to it.
"""

from __future__ import annotations

import json
import sys
from typing import Any

ANSWER = b'{"ok":true}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", b"11")]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    body = b""
    more = True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    status = 200
    if scope["method"] == "POST":
        json.loads(body)
        status = 201
    await send({"type": "http.response.start", "status": status, "headers": HEADERS})
    await send({"type": "http.response.body", "body": ANSWER})


if __name__ == "__main__":
    import uvicorn

    port = int(sys.argv[1])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
