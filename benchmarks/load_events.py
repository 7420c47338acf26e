"""Load test of the events API: a store with many synthetic events, `marsad serve`, concurrent clients.

    .venv/bin/python benchmarks/load_events.py --events 1000000 --clients 50 --requests 5000
    .venv/bin/python benchmarks/load_events.py --db postgresql://postgres@127.0.0.1:5432/marsad_load --events 1000000

Fills a fresh store (the migrations of ``marsad.store``, then bulk inserts into its tables:
entities, articles, events with two actors and one report each), starts ``marsad serve`` on a
free loopback port (rate limit off), and runs ``--clients`` asynchronous httpx clients that issue
``GET /api/events`` with filters and follow ``next_cursor`` for a few pages, until ``--requests``
requests are done or ``--seconds`` have passed (``--think S``: each client pauses S seconds on
average before each request, like a user reading a page; default 0, back to back). Prints
p50/p95/p99 latency, throughput, the server's CPU time per request (``marsad serve`` and its
worker processes; ``--workers``), the client's, for PostgreSQL that of the database backends, and
the 1-minute load average before and after.

    .venv/bin/python benchmarks/load_events.py --db sqlite:///PATH --explain     # plans + ms per filter
    .venv/bin/python benchmarks/load_events.py --db sqlite:///PATH --profile 150 # pyinstrument, whole app
    .venv/bin/python benchmarks/load_events.py --db sqlite:///PATH --mix 200     # CPU per filter kind
``--keep`` reuses a store already filled (same path / database) instead of refilling it.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
from collections import Counter
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marsad.store import models as m  # noqa: E402
from marsad.store.db import make_engine, migrate  # noqa: E402

CAMEO = ["010", "020", "036", "040", "042", "043", "046", "051", "057", "061", "071", "111", "112", "120",
         "130", "138", "141", "145", "173", "180", "190", "193", "195", "200"]
PLOVER = {"01": "AGREE", "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "COOPERATE", "06": "COOPERATE",
          "07": "AID", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "17": "COERCE",
          "18": "ASSAULT", "19": "FIGHT", "20": "FIGHT"}
COUNTRIES = ["SAU", "TUR", "EGY", "JOR", "QAT", "IRN", "ISR", "PSE", "LBN", "SYR", "IRQ", "USA", "RUS", "FRA",
             "GBR", "CHN", "ARE", "KWT", "YEM", "SDN"]
OUTLETS = [f"outlet-{i}" for i in range(20)]
STATUS = ["asserted", "reported", "denied", "planned", "hypothetical"]
N_ENTITIES = 2000
N_ARTICLES = 50_000
DAYS = 3 * 365
CHUNK = 20_000


def hid(prefix: str, i: int) -> str:
    return f"{prefix}-" + hashlib.sha1(f"{prefix}{i}".encode()).hexdigest()[:16]


def day(i: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(1_640_995_200 + (i % DAYS) * 86400))


def fill(url: str, n_events: int, *, seed: int = 7) -> dict[str, float]:
    rnd = random.Random(seed)
    engine = make_engine(url)
    migrate(engine)
    started = time.perf_counter()
    ents = []
    for i in range(N_ENTITIES):
        typ = ["PER", "ORG", "LOC"][i % 3]
        c = COUNTRIES[i % len(COUNTRIES)]
        ents.append({"id": hid("ent", i), "key": f"k{i}", "type": typ, "name": f"كيان {i}", "norm_name": f"كيان {i}",
                     "name_en": f"Entity {i}", "kb_id": None, "country": c, "actor_code": f"{c}GOV" if typ != "LOC" else None,
                     "lat": 20.0 + i % 20 if typ == "LOC" else None, "lon": 40.0 + i % 20 if typ == "LOC" else None})
    places = [e for e in ents if e["type"] == "LOC"]
    actors = [e for e in ents if e["type"] != "LOC"]
    arts = []
    for i in range(N_ARTICLES):
        arts.append({"id": hid("doc", i), "base_id": hid("doc", i), "url": f"https://example.org/{i}",
                     "outlet": OUTLETS[i % 20], "title": f"عنوان {i}", "author": None, "published": day(i * 7),
                     "language": "ar", "content_hash": hashlib.sha256(str(i).encode()).hexdigest(), "version": 1,
                     "current": True, "status": "analysed", "skip_reason": None, "duplicate_of": None,
                     "similarity": None, "source": "load", "text": f"نص المقال {i}", "doc": "{}", "minhash": None,
                     "vector": None, "ingested_at": "2025-01-01T00:00:00+00:00"})
    with engine.begin() as conn:
        conn.execute(insert(m.Entity.__table__), ents)
        for i in range(0, len(arts), CHUNK):
            conn.execute(insert(m.Article.__table__), arts[i : i + CHUNK])
    for lo in range(0, n_events, CHUNK):
        evs, eas, reps = [], [], []
        for i in range(lo, min(n_events, lo + CHUNK)):
            cameo = CAMEO[rnd.randrange(len(CAMEO))]
            src, tgt, place = rnd.choice(actors), rnd.choice(actors), rnd.choice(places)
            art = arts[rnd.randrange(N_ARTICLES)]
            eid = hid("ev", i)
            evs.append({"id": eid, "cameo": cameo, "root": cameo[:2], "plover": PLOVER.get(cameo[:2]),
                        "date": day(rnd.randrange(DAYS)) if rnd.random() > 0.02 else None,
                        "status": STATUS[rnd.randrange(5)], "location_id": place["id"], "location": place["name"],
                        "country": place["country"], "summary_en": f"{src['name_en']} acts on {tgt['name_en']}",
                        "goldstein": 1.0, "confidence": 0.5 + rnd.random() / 2, "fatalities": None,
                        "injured": None, "num_mentions": 1, "num_articles": 1, "num_sources": 1,
                        "first_article_id": art["id"],
                        "actors": json.dumps({"source": [src["id"]], "target": [tgt["id"]]}),
                        "data": json.dumps({"trigger": {"start": 0, "end": 3, "text": "التقى"}})})
            eas += [{"event_id": eid, "entity_id": src["id"], "role": "source"},
                    {"event_id": eid, "entity_id": tgt["id"], "role": "target"},
                    {"event_id": eid, "entity_id": place["id"], "role": "location"}]
            reps.append({"event_id": eid, "article_id": art["id"], "local_id": "ev1", "outlet": art["outlet"],
                         "url": art["url"], "sentence": "جملة", "quote": None, "confidence": 0.7})
        with engine.begin() as conn:
            conn.execute(insert(m.Event.__table__), evs)
            conn.execute(insert(m.EventActor.__table__), eas)
            conn.execute(insert(m.EventReport.__table__), reps)
        print(f"  {min(n_events, lo + CHUNK):,} events", file=sys.stderr, end="\r")
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()
    return {"fill_seconds": time.perf_counter() - started}


def queries(rnd: random.Random) -> dict[str, str]:
    kind = rnd.randrange(8)
    lo = day(rnd.randrange(DAYS - 60))
    if kind == 0:
        return {}
    if kind == 1:
        return {"root": rnd.choice(CAMEO)[:2]}
    if kind == 2:
        return {"cameo": rnd.choice(CAMEO)}
    if kind == 3:  # day(DAYS) is day 0 again (an empty range): the last day is DAYS - 1
        return {"since": lo, "until": day(DAYS - 1)}
    if kind == 4:
        return {"country": rnd.choice(COUNTRIES)}
    if kind == 5:
        return {"plover": rnd.choice(list(PLOVER.values()))}
    if kind == 6:
        return {"outlet": rnd.choice(OUTLETS), "since": lo}
    return {"entity": hid("ent", rnd.randrange(N_ENTITIES)), "root": rnd.choice(CAMEO)[:2]}


async def client(base: str, n: int, deadline: float, out: list[tuple[float, int, str]], seed: int,
                 think: float = 0.0) -> None:
    rnd = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        while len(out) < n and time.monotonic() < deadline:
            params = queries(rnd) | {"limit": "50"}
            for _ in range(3):  # the first page and up to two more by cursor
                if think > 0:  # a user reading the page: exponential pause, mean `think` seconds
                    await asyncio.sleep(rnd.expovariate(1.0 / think))
                    if time.monotonic() >= deadline:
                        break
                t0 = time.perf_counter()
                try:
                    r = await c.get("/api/events", params=params)
                    status = r.status_code
                except httpx.HTTPError as exc:  # counted as an error (status 0), not a crash of the bench
                    status = 0
                    TRANSPORT_ERRORS[f"{type(exc).__name__}: {exc}"[:120]] += 1
                out.append((time.perf_counter() - t0, status, json.dumps(params)))
                nxt = r.json().get("next_cursor") if status == 200 else None
                if not nxt or len(out) >= n or time.monotonic() >= deadline:
                    break
                params = params | {"cursor": nxt}


TRANSPORT_ERRORS: Counter[str] = Counter()  # status 0: what the client saw


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] if len(values) > 1 else values[0]


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and all its living descendants."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += cpu.get(p, 0.0)
        todo += children.get(p, [])
    return total


def pid_cpu(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pg_backends(url: str) -> dict[int, float]:
    """CPU seconds so far of the PostgreSQL backends connected to this database (not this one)."""
    if not url.startswith("postgresql"):
        return {}
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            pids = conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                     "AND pid <> pg_backend_pid()")).scalars().all()
    finally:
        engine.dispose()
    return {int(p): pid_cpu(int(p)) for p in pids}


def run_load(url: str, *, clients: int, requests: int, seconds: float, workers: int = 1,
             think: float = 0.0) -> dict[str, Any]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "marsad", "serve", "--db", url, "--port", str(port),
                             "--rate-limit", "0", "--workers", str(workers)], cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                for _ in range(2 * workers):  # every worker up and warm (one request each, roughly)
                    httpx.get(f"{base}/api/events", params={"limit": "50"}, timeout=60)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        out: list[tuple[float, int, str]] = []
        load_before = os.getloadavg()[0]
        server_cpu0, client_cpu0, db_cpu0 = tree_cpu(proc.pid), time.process_time(), pg_backends(url)
        t0 = time.perf_counter()
        deadline = time.monotonic() + seconds

        async def main() -> None:
            await asyncio.gather(*(client(base, requests, deadline, out, i, think) for i in range(clients)))

        asyncio.run(main())
        wall = time.perf_counter() - t0
        server_cpu, client_cpu = tree_cpu(proc.pid) - server_cpu0, time.process_time() - client_cpu0
        load_after = os.getloadavg()[0]
        db_cpu1 = pg_backends(url)  # backends still open (the pool keeps them): their CPU during the run
        db_cpu = sum(v - db_cpu0.get(p, 0.0) for p, v in db_cpu1.items())
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # requests still running in its threads
            proc.kill()
            proc.wait(timeout=30)
    lat = sorted(x[0] * 1000 for x in out)
    errors = sum(1 for x in out if x[1] != 200)
    statuses = {str(k): v for k, v in sorted(Counter(x[1] for x in out).items())}
    slow = sorted(out, reverse=True)[:5]
    return {"requests": len(out), "errors": errors, "statuses": statuses, "seconds": round(wall, 1),
            "throughput_rps": round(len(out) / wall, 1), "p50_ms": round(pct(lat, 50), 1),
            "p95_ms": round(pct(lat, 95), 1), "p99_ms": round(pct(lat, 99), 1), "max_ms": round(lat[-1], 1),
            "workers": workers, "think_s": think, "transport_errors": dict(TRANSPORT_ERRORS),
            "server_cpu_ms_per_request": round(1000 * server_cpu / max(1, len(out)), 2),
            "client_cpu_ms_per_request": round(1000 * client_cpu / max(1, len(out)), 2),
            **({"postgres_cpu_ms_per_request": round(1000 * db_cpu / max(1, len(out)), 2)}
               if url.startswith("postgresql") else {}),
            "loadavg_1min_before_after": [round(load_before, 2), round(load_after, 2)],
            "slowest": [(round(s * 1000), q) for s, _, q in slow]}


KINDS: dict[str, dict[str, str]] = {
    "none": {},
    "root": {"root": "04"},
    "cameo": {"cameo": "043"},
    "since/until": {"since": "2024-06-01", "until": day(DAYS - 1)},
    "country": {"country": "ARE"},
    "plover": {"plover": "CONSULT"},
    "outlet+since": {"outlet": "outlet-6", "since": "2023-01-01"},
    "entity+root": {"entity": hid("ent", 1), "root": "04"},
    "actor": {"actor": "Entity 7"},
}


def explain(url: str, *, repeat: int = 5) -> None:
    """One query of each kind straight through the API's query code (no HTTP): the plan of the page
    and of the capped count (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE) and the time of ``list_events``
    for the first page and a cursor page (best of ``repeat``)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from marsad.api.queries.events import (EVENT_COLS, TOTAL_CAP, EventFilters, _sort_date, apply_filters,
                                           capped_count_statement, list_events)
    from marsad.api.store import ApiStore
    from marsad.store.models import Event

    api_store = ApiStore(url)  # the API's engine settings (SQLite: memory-mapped reads)
    store = api_store.store
    dialect = store.engine.dialect.name
    for name, params in KINDS.items():
        f = EventFilters(**params)
        page_q = apply_filters(select(*EVENT_COLS), f, dialect=dialect).order_by(_sort_date().desc(), Event.id.desc()).limit(51)
        count_q = capped_count_statement(f, cap=TOTAL_CAP + 1, dialect=dialect)
        print(f"== {name} {params}")
        with api_store.session() as s:
            conn = s.connection()
            for label, q in (("page", page_q), ("count", count_q)):
                c = q.compile(store.engine, compile_kwargs={"render_postcompile": True})
                sql = str(c)
                args: Any = (tuple(c.params[k] for k in c.positiontup) if c.positiontup is not None else c.params)
                if dialect == "sqlite":
                    plan = [r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", args)]
                else:
                    plan = [r[0] for r in conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS OFF) {sql}", args)]
                print(f"  {label}: " + " | ".join(x.strip() for x in plan))
            times = {}
            first = list_events(s, filters=f, limit=50)
            for label, cursor in (("first", None), ("next", "x")):
                best = 1e9
                cur = None
                if cursor:
                    cur = first["next_cursor"]
                    if cur is None:
                        continue
                best_cpu = 1e9
                for _ in range(repeat):
                    t, c0 = time.perf_counter(), time.process_time()
                    list_events(s, filters=f, limit=50, cursor=cur)
                    best = min(best, time.perf_counter() - t)
                    best_cpu = min(best_cpu, time.process_time() - c0)
                times[label] = f"{best * 1000:.1f} ms wall, {best_cpu * 1000:.1f} ms CPU"
            print(f"  list_events (best of {repeat}): {times}  total={first['total']} items={len(first['items'])}")
    api_store.close()


def mix_cpu(url: str, *, n: int = 200, seed: int = 2) -> None:
    """CPU time of ``list_events`` (no HTTP) over ``n`` filter sets of the benchmark's random mix,
    first page and up to two cursor pages each, per kind of filter."""
    from collections import defaultdict

    from marsad.api.queries.events import EventFilters, list_events
    from marsad.api.store import ApiStore

    api_store = ApiStore(url)
    rnd = random.Random(seed)
    acc: dict[str, list[float]] = defaultdict(list)
    with api_store.session() as s:
        for _ in range(n):
            params = queries(rnd)
            kind = "+".join(sorted(params)) or "none"
            cursor = None
            for page_no in range(3):
                c0 = time.process_time()
                res = list_events(s, filters=EventFilters(**params), limit=50, cursor=cursor)
                acc[f"{kind} {'first' if page_no == 0 else 'next'}"].append(time.process_time() - c0)
                cursor = res["next_cursor"]
                if not cursor:
                    break
    api_store.close()
    calls = sum(len(v) for v in acc.values())
    for k, v in sorted(acc.items()):
        print(f"  {k:24s} n={len(v):3d} mean {1000 * sum(v) / len(v):6.1f} ms CPU, max {1000 * max(v):6.1f}")
    print(f"  all: {calls} calls, mean {1000 * sum(map(sum, acc.values())) / calls:.1f} ms CPU")


def profile(url: str, *, n: int = 200, seed: int = 1) -> None:
    """pyinstrument over ``n`` GET /api/events of the benchmark's random mix (and their second pages)
    through the whole app in one thread (httpx ASGI transport; FastAPI's thread-pool hand-off of
    the sync endpoints replaced by a direct call, so that the profiler sees the endpoint): the
    middlewares, FastAPI, the queries and the JSON. Prints the profile and CPU ms per request."""
    import fastapi.dependencies.utils
    import fastapi.routing
    from pyinstrument import Profiler

    from marsad.api.app import create_app

    async def inline(func: Any, *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    fastapi.routing.run_in_threadpool = inline  # type: ignore[assignment]
    fastapi.dependencies.utils.run_in_threadpool = inline  # type: ignore[assignment]
    rnd = random.Random(seed)
    app = create_app(db=url, write_token="", read_token="")
    reqs = [queries(rnd) | {"limit": "50"} for _ in range(n)]

    async def run() -> tuple[int, float, float, Profiler]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            await c.get("/api/events", params={"limit": "50"})
            prof = Profiler(interval=0.0005, async_mode="disabled")
            done = 0
            cpu0, t0 = time.process_time(), time.perf_counter()
            prof.start()
            for params in reqs:
                r = await c.get("/api/events", params=params)
                done += 1
                nxt = r.json().get("next_cursor")
                if nxt:
                    await c.get("/api/events", params=params | {"cursor": nxt})
                    done += 1
            prof.stop()
            return done, time.process_time() - cpu0, time.perf_counter() - t0, prof

    done, cpu, wall, prof = asyncio.run(run())
    print(prof.output_text(unicode=True, color=False, show_all=False))
    print(f"{done} requests: {1000 * cpu / done:.1f} ms CPU and {1000 * wall / done:.1f} ms wall per request "
          "(client and profiler included)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=None, help="store URL (default: a new SQLite file in a temporary folder)")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--seconds", type=float, default=120.0)
    ap.add_argument("--keep", action="store_true", help="the store is already filled: only run the load")
    ap.add_argument("--fill-only", action="store_true", help="fill the store and stop (no load run)")
    ap.add_argument("--workers", type=int, default=1, help="marsad serve --workers (server processes)")
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean pause in seconds before each request of a client (0: back to back, the default)")
    ap.add_argument("--explain", action="store_true", help="query plans and times per filter kind (filled store)")
    ap.add_argument("--mix", type=int, default=0, metavar="N",
                    help="CPU of list_events over N filter sets of the random mix, per kind (filled store)")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="pyinstrument over N requests of the mix through a TestClient (filled store)")
    args = ap.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='marsad-load-')) / 'load.db'}"
    if args.explain or args.profile or args.mix:
        if args.explain:
            explain(url)
        if args.mix:
            mix_cpu(url, n=args.mix)
        if args.profile:
            profile(url, n=args.profile)
        return
    result: dict[str, Any] = {"db": url.split("@")[-1], "events": args.events, "clients": args.clients,
                              "cpus": os.cpu_count()}
    if not args.keep:
        result |= {k: round(v, 1) for k, v in fill(url, args.events).items()}
    if args.fill_only:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    result |= run_load(url, clients=args.clients, requests=args.requests, seconds=args.seconds,
                       workers=args.workers, think=args.think)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
