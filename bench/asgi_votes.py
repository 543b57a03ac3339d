"""In-process: CPU a vote through the ASGI app (no HTTP server), with cProfile optional."""
import asyncio, cProfile, pstats, sys, tempfile, time, os
sys.path.insert(0, os.path.join(os.getcwd(), "bench"))
from votes import prepare
from smolny.service.app import Smolny
from smolny.web.app import create_app

N = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
d = tempfile.mkdtemp(); url = f"sqlite:///{d}/b.sqlite3"
poll, tokens, chair = prepare(url, N, secret=True)
service = Smolny.open(url)
app = create_app(service)

async def one(token):
    body = b'{"choice":"yes"}'
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": f"/api/v1/polls/{poll}/votes", "raw_path": b"", "root_path": "",
             "query_string": b"", "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 80),
             "headers": [(b"host", b"x"), (b"content-type", b"application/json"),
                         (b"content-length", str(len(body)).encode()),
                         (b"authorization", b"Bearer " + token.encode())]}
    sent = False
    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
    status = []
    async def send(m):
        if m["type"] == "http.response.start": status.append(m["status"])
    await app(scope, receive, send)
    return status[0]

async def main():
    # warm: every token known (as the phones' GET /me would)
    for t in tokens: service.accounts.who(t)
    prof = cProfile.Profile(time.thread_time) if "--profile" in sys.argv else None
    cpu = time.process_time(); wall = time.perf_counter(); tcpu = time.thread_time()
    if prof: prof.enable()
    statuses = []
    for i in range(0, N, 100):
        statuses += await asyncio.gather(*(one(t) for t in tokens[i:i+100]))
    if prof: prof.disable()
    cpu = time.process_time() - cpu; wall = time.perf_counter() - wall; tcpu = time.thread_time() - tcpu; print(f"main thread {tcpu*1000/N:.3f} ms a vote")
    print(f"{N} votes: {statuses.count(201)} x 201; CPU {cpu*1000/N:.3f} ms a vote, wall {wall:.2f} s")
    if prof:
        st = pstats.Stats(prof); st.sort_stats("tottime").print_stats(30)
asyncio.run(main())
service.close()
