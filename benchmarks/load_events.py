"""Load test of the events API: a store with many synthetic events, `marsad serve`, concurrent clients.

    .venv/bin/python benchmarks/load_events.py --events 1000000 --clients 50 --requests 5000
    .venv/bin/python benchmarks/load_events.py --db postgresql://postgres@127.0.0.1:5432/marsad_load --events 1000000

Fills a fresh store (the migrations of ``marsad.store``, then bulk inserts into its tables:
entities, articles, events with two actors and one report each), starts ``marsad serve`` on a
free loopback port (rate limit off), and runs ``--clients`` asynchronous httpx clients that issue
``GET /api/events`` with filters and follow ``next_cursor`` for a few pages, until ``--requests``
requests are done or ``--seconds`` have passed. Prints p50/p95/p99 latency and throughput.
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
    if kind == 3:
        return {"since": lo, "until": day(DAYS)}
    if kind == 4:
        return {"country": rnd.choice(COUNTRIES)}
    if kind == 5:
        return {"plover": rnd.choice(list(PLOVER.values()))}
    if kind == 6:
        return {"outlet": rnd.choice(OUTLETS), "since": lo}
    return {"entity": hid("ent", rnd.randrange(N_ENTITIES)), "root": rnd.choice(CAMEO)[:2]}


async def client(base: str, n: int, deadline: float, out: list[tuple[float, int, str]], seed: int) -> None:
    rnd = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        while len(out) < n and time.monotonic() < deadline:
            params = queries(rnd) | {"limit": "50"}
            for _ in range(3):  # the first page and up to two more by cursor
                t0 = time.perf_counter()
                try:
                    r = await c.get("/api/events", params=params)
                    status = r.status_code
                except httpx.HTTPError:  # counted as an error (status 0), not a crash of the bench
                    status = 0
                out.append((time.perf_counter() - t0, status, json.dumps(params)))
                nxt = r.json().get("next_cursor") if status == 200 else None
                if not nxt or len(out) >= n or time.monotonic() >= deadline:
                    break
                params = params | {"cursor": nxt}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] if len(values) > 1 else values[0]


def run_load(url: str, *, clients: int, requests: int, seconds: float) -> dict[str, Any]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "marsad", "serve", "--db", url, "--port", str(port),
                             "--rate-limit", "0"], cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/api/stats", timeout=60)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        out: list[tuple[float, int, str]] = []
        t0 = time.perf_counter()
        deadline = time.monotonic() + seconds

        async def main() -> None:
            await asyncio.gather(*(client(base, requests, deadline, out, i) for i in range(clients)))

        asyncio.run(main())
        wall = time.perf_counter() - t0
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
            "slowest": [(round(s * 1000), q) for s, _, q in slow]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=None, help="store URL (default: a new SQLite file in a temporary folder)")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--seconds", type=float, default=120.0)
    ap.add_argument("--keep", action="store_true", help="the store is already filled: only run the load")
    args = ap.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='marsad-load-')) / 'load.db'}"
    result: dict[str, Any] = {"db": url.split("@")[-1], "events": args.events, "clients": args.clients,
                              "cpus": os.cpu_count()}
    if not args.keep:
        result |= {k: round(v, 1) for k, v in fill(url, args.events).items()}
    result |= run_load(url, clients=args.clients, requests=args.requests, seconds=args.seconds)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
