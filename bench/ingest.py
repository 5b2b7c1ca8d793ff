"""Benchmark the knowledge base at scale: ACLED import rate and REST API latency.

    python bench/ingest.py                          # 10^5 events on SQLite
    python bench/ingest.py --events 1000000         # 10^6 (long: run once)
    python bench/ingest.py --db postgresql://...    # the same on PostgreSQL (a fresh schema is made)
    python bench/ingest.py --articles 300           # also: fake-extractor article ingest rate

Steps:
1. writes a synthetic ACLED export of ``--events`` rows (upper-case download columns, a
   skewed spread of ~2,000 actors over 12 countries and 20 years, notes of varied words);
2. imports it with ``sitrep.acled.import_acled`` (rows/s, with ANALYZE);
3. starts ``sitrep serve`` on the knowledge base and times every REST query an analyst makes
   over HTTP on loopback (``--runs`` each, different arguments each run): events by actor,
   actor and dates, type and country and dates, place, text, an actor dossier, the timeline,
   a dyad timeline, and a deep keyset page; prints p50/p95 per query (target: p95 < 50 ms);
4. prints the server's resident memory (RSS, target < 500 MB at 10^6).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

from sitrep.kb import KB, open_kb
from sitrep.records import Actor, Article, Event, EventDate, Evidence, Extraction, Place

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

COLUMNS = ["EVENT_ID_CNTY", "EVENT_DATE", "YEAR", "DISORDER_TYPE", "EVENT_TYPE", "SUB_EVENT_TYPE", "ACTOR1",
           "ASSOC_ACTOR_1", "INTER1", "ACTOR2", "ASSOC_ACTOR_2", "INTER2", "INTERACTION", "CIVILIAN_TARGETING",
           "ISO", "REGION", "COUNTRY", "ADMIN1", "ADMIN2", "LOCATION", "LATITUDE", "LONGITUDE", "GEO_PRECISION",
           "SOURCE", "SOURCE_SCALE", "NOTES", "FATALITIES"]
KINDS = [("Battles", "Armed clash", 30), ("Explosions/Remote violence", "Shelling/artillery/missile attack", 12),
         ("Explosions/Remote violence", "Air/drone strike", 10),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED", 6),
         ("Violence against civilians", "Attack", 14), ("Violence against civilians", "Abduction/forced disappearance", 3),
         ("Protests", "Peaceful protest", 12), ("Riots", "Violent demonstration", 4),
         ("Strategic developments", "Arrests", 3), ("Strategic developments", "Other", 3),
         ("Battles", "Government regains territory", 2), ("Strategic developments", "Agreement", 1)]
COUNTRIES = [("Iraq", "IRQ", 33.3, 44.4), ("Syria", "SYR", 35.0, 38.5), ("Yemen", "YEM", 15.4, 44.2),
             ("Libya", "LBY", 27.0, 17.0), ("Somalia", "SOM", 5.2, 46.2), ("Mali", "MLI", 17.6, -4.0),
             ("Nigeria", "NGA", 9.1, 8.7), ("Afghanistan", "AFG", 33.9, 67.7), ("Sudan", "SDN", 15.5, 32.5),
             ("Ukraine", "UKR", 48.4, 31.2), ("Myanmar", "MMR", 19.7, 96.1), ("Colombia", "COL", 4.6, -74.3)]
WORDS = ("convoy checkpoint village market militants soldiers police rocket mortar drone artillery patrol "
         "ambush raid clashes killed wounded displaced protesters students farmers traders tribal fighters "
         "gunmen armed unidentified security forces airstrike shelling outpost base bridge road highway "
         "district camp hospital school mosque church oilfield pipeline border crossing garrison "
         "retaliation offensive counterattack ceasefire negotiations detained arrested kidnapped released").split()
SYLLABLES = "ka ri mo sa lu de na vo ti ba ze ha qu lo fe mi ru to si wa".split()


def proper_names(n: int = 3000) -> list[str]:
    """Pseudo place and person names (the rare words of notes an analyst searches for)."""
    rng = random.Random(3)
    out: list[str] = []
    while len(out) < n:
        w = "".join(rng.choices(SYLLABLES, k=rng.randrange(2, 4))).capitalize()
        if w not in out:
            out.append(w)
    return out


START = date(2004, 1, 1)
DAYS = (date(2023, 12, 31) - START).days
ACTORS = 2000


def actor_names(rng: random.Random) -> list[tuple[str, str]]:
    """(ACLED-style name, inter code) of the synthetic actors; the first ones are each country's forces."""
    out = []
    for name, _, _, _ in COUNTRIES:
        out += [(f"Military Forces of {name} (2004-)", "1"), (f"Police Forces of {name} (2004-)", "1")]
    kinds = [("Brigade", "2"), ("Militia", "3"), ("Front", "2"), ("Movement", "3"), ("Communal Militia", "4")]
    while len(out) < ACTORS:
        i = len(out)
        word, inter = kinds[i % len(kinds)]
        country = COUNTRIES[i % len(COUNTRIES)][0]
        out.append((f"Synthetic {word} {i} ({country})", inter))
    return out


def write_acled(path: str, n: int, seed: int = 7) -> None:
    """A synthetic ACLED download (upper-case columns) of ``n`` rows."""
    rng = random.Random(seed)
    actors = actor_names(rng)
    weights = [1.0 / (k + 1) ** 0.8 for k in range(len(actors))]       # a few actors are most of the events
    kinds, kind_w = [(a, b) for a, b, _ in KINDS], [w for _, _, w in KINDS]
    places = {c: [(f"{c[:3]}town {j}", f"{c} Province {j % 18}", round(lat + rng.uniform(-3, 3), 4),
                   round(lon + rng.uniform(-3, 3), 4)) for j in range(400)] for c, _, lat, lon in COUNTRIES}
    pick_actor = rng.choices
    names = proper_names()
    name_w = [1.0 / (k + 1) ** 0.6 for k in range(len(names))]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        batch = 10000
        for start in range(0, n, batch):
            size = min(batch, n - start)
            a1s = pick_actor(actors, weights, k=size)
            a2s = pick_actor(actors, weights, k=size)
            ks = rng.choices(kinds, kind_w, k=size)
            for i in range(size):
                k = start + i
                country, iso3, _, _ = COUNTRIES[k % len(COUNTRIES)]
                town, prov, lat, lon = rng.choice(places[country])
                et, sub = ks[i]
                day = START + timedelta(days=rng.randrange(DAYS))
                (a1, i1), (a2, i2) = a1s[i], a2s[i]
                if a2 == a1 or et in ("Protests", "Riots") and rng.random() < 0.6:
                    a2, i2 = (f"Civilians ({country})", "7") if et != "Protests" else ("", "")
                notes = " ".join(rng.choices(WORDS, k=10))
                who, where = rng.choices(names, name_w, k=2)
                notes = f"On {day.isoformat()}, {notes} near {town}; {who} said fighters came from {where}."
                w.writerow([f"{iso3}{k}", day.isoformat(), day.year, "Political violence", et, sub, a1, "", i1, a2,
                            "", i2, "", "", "", "", country, prov, "", town, lat, lon, rng.choice("1112"),
                            "Synthetic Wire", "National", notes, rng.choice([0, 0, 0, 1, 1, 2, 3, 5])])


# --- the fake-extractor article ingest (storing and merging alone) --------------------------------

def fake_extraction(rng: random.Random, i: int, actors: list[Actor]) -> Extraction:
    day = START + timedelta(days=rng.randrange(DAYS))
    text = f"Report {i}: militia fighters and security forces clashed near the town on {day.isoformat()}. " * 3
    art = Article(id=f"bench-{i}", text=text, title=f"Bench article {i}", source="Wire A", published=day.isoformat())
    events = []
    for j in range(3):
        a, t = rng.sample(actors, 2)
        d = (day - timedelta(days=rng.randrange(3))).isoformat()
        events.append(Event(id=f"e{j}", type=rng.choice(["shelling", "armed_clash", "protest", "arrest"]),
                            actors=(a.id,), targets=(t.id,), date=EventDate(d, d, "day"),
                            location=Place(f"Town {rng.randrange(100)}", "IQ", "Anbar", None, None, "city"),
                            fatalities=rng.choice([None, 0, 2]), evidence=(Evidence(text[:80], 0, 80),)))
    return Extraction(article=art, actors=tuple(actors[:0]), events=tuple(events))


def bench_fake_ingest(url: str, n: int, seed: int) -> float:
    rng = random.Random(seed)
    actors = [Actor(id=f"actor-{i}", name=f"Actor {i}", type="armed_group") for i in range(40)]
    xs = [fake_extraction(rng, i, actors) for i in range(n)]
    by_text = {x.article.text: x for x in xs}

    def extract(articles: Iterable[Article], **_: object) -> Iterator[Extraction]:
        for a in articles:
            yield by_text[a.text]
    with open_kb(url) as kb:
        t0 = time.perf_counter()
        s = kb.ingest_articles([x.article for x in xs], extractor=extract)
        dt = time.perf_counter() - t0
    print(f"article ingest (fake extractor): {s.articles_new} articles, {s.events_new} events new, "
          f"{s.events_merged} merged in {dt:.1f}s -> {s.articles_new / dt:.0f} articles/s")
    return s.articles_new / dt


# --- HTTP timing --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, port: int) -> subprocess.Popen:
    cmd = [str(Path(sys.executable).with_name("sitrep")), "serve", "--db", url, "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=60).read()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"sitrep serve failed: {proc.stderr.read() if proc.stderr else ''}")
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("sitrep serve did not answer in 120 s")


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB), from /proc."""
    total = 0
    pids = [pid]
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(k) for k in kids]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_seconds() -> float:
    """User + system CPU time of this process (the import's own work, whatever else runs)."""
    import resource
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(get: Callable[[], object], runs: int) -> tuple[float, float]:
    get()  # warm
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        get()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, min(len(times) - 1, int(round(0.95 * len(times))) - 1))]


def bench_http(url: str, runs: int, seed: int) -> tuple[dict[str, tuple[float, float]], float]:
    rng = random.Random(seed)
    names = actor_names(random.Random(7))
    port = free_port()
    proc = start_server(url, port)
    base = f"http://127.0.0.1:{port}"

    def get(path: str, **params: object) -> dict:
        q = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        with urllib.request.urlopen(f"{base}{path}?{q}", timeout=60) as r:
            return json.loads(r.read())

    def busy_actor() -> str:
        return rng.choice(names[:200])[0]

    def period() -> tuple[str, str]:
        y = rng.randrange(2005, 2023)
        return f"{y}-{rng.randrange(1, 13):02d}", f"{y + 1}-{rng.randrange(1, 13):02d}"

    def types() -> str:
        return rng.choice(["armed_clash", "shelling", "air_strike", "attack", "protest"])

    countries = ["IQ", "SY", "YE", "LY", "SO", "ML", "NG", "AF", "SD", "UA", "MM", "CO"]
    towns = [f"{c[:3]}town {j}" for c, _, _, _ in COUNTRIES for j in range(0, 400, 7)]
    rare = proper_names()
    # a name an analyst looks for (a village, a commander): one in 300-3,000 notes at 10^6
    words = [rng.choice(rare[200:2000]) for _ in range(30)] + [f"convoy {rng.choice(rare[200:2000])}"
                                                               for _ in range(10)]
    try:
        cursor = get("/api/events", limit=50).get("next")
        queries: dict[str, Callable[[], object]] = {
            "events by actor": lambda: get("/api/events", actor=busy_actor()),
            "actor + dates": lambda: get("/api/events", actor=busy_actor(), since=(p := period())[0], until=p[1]),
            "type + country + dates": lambda: get("/api/events", type=types(), country=rng.choice(countries),
                                                  since=(p := period())[0], until=p[1]),
            "place": lambda: get("/api/events", place=rng.choice(towns)),
            "text": lambda: get("/api/events", text=rng.choice(words)),
            "actor dossier": lambda: get(f"/api/actors/{urllib.parse.quote(busy_actor(), safe='')}"),
            "timeline": lambda: get("/api/timeline"),
            "dyad timeline": lambda: get("/api/timeline", actor=busy_actor(), target=busy_actor()),
            "keyset page": lambda: get("/api/events", after=cursor),
        }
        out = {name: timed(fn, runs) for name, fn in queries.items()}
        rss = rss_mb(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out, rss


# --- main ---------------------------------------------------------------------------------------

def pg_schema(base: str) -> str:
    import psycopg
    schema = "bench_" + uuid.uuid4().hex[:8]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000, help="synthetic ACLED rows (default 10^5)")
    ap.add_argument("--db", help="knowledge base URL (default: a fresh SQLite file in a temporary folder; "
                                 "a postgresql:// URL gets a fresh schema)")
    ap.add_argument("--keep", metavar="DIR", help="keep the ACLED file and SQLite KB in DIR (reused if present)")
    ap.add_argument("--runs", type=int, default=40, help="timed HTTP calls per query (default 40)")
    ap.add_argument("--articles", type=int, default=0, help="also time a fake-extractor ingest of N articles")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="sitrep-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _run(args, work)
    finally:
        if not args.keep:  # gigabytes at 10^6 rows: kept only where --keep asked
            shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, work: Path) -> int:
    from sitrep.acled import import_acled
    csv_path = work / f"acled-{args.events}.csv"
    if not csv_path.exists():
        t0 = time.perf_counter()
        write_acled(str(csv_path), args.events)
        print(f"wrote {csv_path} ({args.events} rows, {csv_path.stat().st_size / 1e6:.0f} MB) in "
              f"{time.perf_counter() - t0:.0f}s")
    if args.db and args.db.startswith(("postgresql://", "postgres://")):
        # a URL naming its schema (search_path) is reused as it is: re-time the queries
        url = args.db if "search_path" in args.db else pg_schema(args.db)
        shown = "PostgreSQL"
    else:
        url = args.db or str(work / f"kb-{args.events}.db")
        shown = "SQLite"
    with open_kb(url) as kb:
        fresh = kb.store.count_events(kb.filter()) == 0
        if fresh:
            cpu0 = cpu_seconds()
            s = import_acled(kb, str(csv_path), report=lambda p: None)
            cpu = cpu_seconds() - cpu0
            print(f"import ({shown}): {s.line()}")
            print(f"import rate: {s.rows / s.seconds:.0f} rows/s wall ({s.seconds:.0f}s for {s.rows} rows); "
                  f"{cpu:.0f}s of CPU in this process = {s.rows / max(cpu, 1e-9):.0f} rows per CPU-second "
                  f"(load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        else:
            print(f"reusing {url}: {kb.stats().events} events")
    if args.articles:
        bench_fake_ingest(url, args.articles, args.seed)
    results, rss = bench_http(url, args.runs, args.seed)
    print(f"REST API over HTTP, {args.events} events, {shown}, {args.runs} runs each (target p95 < 50 ms):")
    for name, (p50, p95) in results.items():
        flag = "" if p95 < 50 else "  <-- over target"
        print(f"  {name:24s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms{flag}")
    print(f"sitrep serve RSS after the queries: {rss:.0f} MB (target < 500 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
