"""Benchmark the knowledge base: ingest speed and query latency.

    python bench/ingest.py                       # defaults: 500 fake articles, 10^5 events
    python bench/ingest.py --events 20000 --real path/to/articles

Prints:
1. articles/second ingested into SQLite with a fake, instant extractor (the cost of
   storing and merging alone), and with the real pipeline on a few articles (when the
   spaCy model is installed);
2. p50/p95 latency of the events filter, the actor dossier and the timeline on a
   database of ``--events`` generated events (target: p95 < 100 ms).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

from sitrep.kb import KB, open_kb
from sitrep.records import Actor, Article, Event, EventDate, Evidence, Extraction, Place, Relation

TYPES = ["air_strike", "shelling", "bombing", "armed_clash", "attack", "abduction", "protest", "arrest",
         "statement", "threat", "condemnation", "meeting"]
PLACES = [("Baghdad", "Baghdad", 33.31, 44.36), ("Basra", "Basra", 30.51, 47.81), ("Mosul", "Nineveh", 36.34, 43.13),
          ("Erbil", "Erbil", 36.19, 44.01), ("Karbala", "Karbala", 32.61, 44.02), ("Najaf", "Najaf", 32.0, 44.33),
          ("al-Qaim", "Anbar", 34.37, 41.09), ("Fallujah", "Anbar", 33.35, 43.78), ("Kirkuk", "Kirkuk", 35.47, 44.39),
          ("Balad", "Salah al-Din", 34.01, 44.15), ("Tikrit", "Salah al-Din", 34.6, 43.68),
          ("Jurf al-Sakhar", "Babil", 32.87, 44.2)]
START = date(2003, 3, 20)
DAYS = (date(2023, 12, 31) - START).days


def make_actors(n: int) -> list[Actor]:
    kinds = ["armed_group", "state_military", "government", "political_party", "person"]
    return [Actor(id=f"actor-{i:03d}", name=f"Actor Number {i}", type=kinds[i % len(kinds)], country="IQ",
                  aliases=(f"AN{i}", f"Group {i}")) for i in range(n)]


def make_places(n: int, seed: int) -> list[tuple[str, str, float, float]]:
    """The named towns plus synthetic ones spread over Iraq (for a realistic spread of places)."""
    rng = random.Random(seed)
    extra = [(f"Town {i}", "Synthetic", round(rng.uniform(29.5, 37.0), 3), round(rng.uniform(39.0, 48.0), 3))
             for i in range(max(0, n - len(PLACES)))]
    return PLACES + extra


def make_event(rng: random.Random, local_id: str, actors: list[Actor], text: str, day: date,
               places: list[tuple[str, str, float, float]] = PLACES) -> Event:
    place, admin1, lat, lon = rng.choice(places)
    a, t = rng.sample(actors, 2)
    d = day.isoformat()
    sentence = text[:120]
    return Event(id=local_id, type=rng.choice(TYPES), cameo="19", actors=(a.id,), targets=(t.id,),
                 date=EventDate(d, d, "day"), location=Place(place, "IQ", admin1, lat, lon, "city"),
                 fatalities=rng.choice([None, 0, 1, 2, 3, 5, 8, 12]), evidence=(Evidence(sentence, 0, len(sentence)),))


def make_extraction(rng: random.Random, i: int, actors: list[Actor], n_events: int,
                    places: list[tuple[str, str, float, float]] = PLACES) -> Extraction:
    day = START + timedelta(days=rng.randrange(DAYS))
    text = (f"Report {i}: militia fighters and security forces clashed near the city on {day.isoformat()}, "
            f"officials said; casualties were reported and residents described heavy gunfire. " * 2)
    art = Article(id=f"bench-{i}", text=text, title=f"Bench article {i}", source=rng.choice(["Wire A", "Wire B", "Wire C"]),
                  published=day.isoformat())
    days = [day] + [START + timedelta(days=rng.randrange(DAYS)) for _ in range(n_events - 1)]
    events = tuple(make_event(rng, f"e{j}", actors, text, d, places) for j, d in enumerate(days))
    used = {x for e in events for x in (*e.actors, *e.targets)}
    rels = (Relation(events[0].actors[0], "allied_with", events[0].targets[0],
                     evidence=(Evidence(text[:60], 0, 60),)),) if i % 10 == 0 else ()
    return Extraction(article=art, actors=tuple(a for a in actors if a.id in used), events=events, relations=rels)


def fake_extractor(by_text: dict[str, Extraction]) -> Callable[..., Iterator[Extraction]]:
    def extract(articles: Iterable[Article], *, workers: int = 1, gazetteers: tuple = ()) -> Iterator[Extraction]:
        for a in articles:
            yield by_text[a.text]
    return extract


def bench_fake_ingest(path: str, n: int, seed: int) -> float:
    rng = random.Random(seed)
    actors = make_actors(40)
    xs = [make_extraction(rng, i, actors, 3) for i in range(n)]
    with open_kb(path) as kb:
        t0 = time.perf_counter()
        summary = kb.ingest_articles([x.article for x in xs], extractor=fake_extractor({x.article.text: x for x in xs}))
        dt = time.perf_counter() - t0
    print(f"ingest (fake extractor): {summary.articles_new} articles, {summary.events_new} events new, "
          f"{summary.events_merged} merged in {dt:.2f}s -> {summary.articles_new / dt:.0f} articles/s")
    return summary.articles_new / dt


def bench_real_ingest(path: str, inputs: list[str]) -> float | None:
    try:
        from sitrep.pipeline import load_nlp
        load_nlp()
    except (ImportError, OSError) as exc:
        print(f"ingest (real pipeline): skipped ({exc})")
        return None
    with open_kb(path) as kb:
        t0 = time.perf_counter()
        summary = kb.ingest_paths(inputs, report=lambda failure: None)  # expected: bad-input fixtures
        dt = time.perf_counter() - t0
    rate = summary.articles_new / dt if dt else 0.0
    print(f"ingest (real pipeline): {summary.articles_new} articles ({summary.articles_failed} failed), "
          f"{summary.events_new} events new, {summary.events_merged} merged in {dt:.2f}s -> {rate:.2f} articles/s")
    return rate


def build_big(path: str, n_events: int, seed: int) -> tuple[KB, list[Actor]]:
    """A knowledge base of at least ``n_events`` events, built through the real ingest path."""
    rng = random.Random(seed)
    actors = make_actors(300)
    places = make_places(150, seed)
    kb = open_kb(path)
    per, i = 20, 0
    t0 = time.perf_counter()
    while kb.count_events() < n_events:
        for _ in range(50):
            kb.ingest(make_extraction(rng, i, actors, per, places))
            i += 1
    st = kb.stats()
    print(f"built: {st.events} events ({st.merged_events} merged), {st.reports} reports, {st.articles} articles "
          f"in {time.perf_counter() - t0:.1f}s")
    return kb, actors


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()  # warm caches
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]


def bench_queries(kb: KB, actors: list[Actor], runs: int, seed: int) -> dict[str, tuple[float, float]]:
    rng = random.Random(seed)

    def pick() -> Actor:
        return rng.choice(actors)

    def year() -> str:
        return str(rng.randrange(2003, 2024))

    queries: dict[str, Callable[[], object]] = {
        "events: latest page": lambda: kb.events(limit=50),
        "events: actor + since": lambda: kb.events(actor=pick().name, since=year(), limit=50),
        "events: type + country + range": lambda: kb.events(type=rng.choice(TYPES), country="IQ", since=year(),
                                                            until="2023", limit=50),
        "events: place + count": lambda: kb.count_events(place=rng.choice(PLACES)[0]),
        "events: text": lambda: kb.events(text="gunfire residents", limit=50),
        "dossier": lambda: kb.actor(pick().aliases[0], limit=50),
        "timeline: all": lambda: kb.timeline(),
        "timeline: dyad": lambda: kb.timeline(actor=pick().id, target=pick().id),
    }
    out = {}
    for name, fn in queries.items():
        p50, p95 = timed(fn, runs)
        out[name] = (p50, p95)
        flag = "ok" if p95 < 100 else "SLOW"
        print(f"  {name:<32} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   {flag}")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=500, help="fake-extractor articles to ingest")
    p.add_argument("--events", type=int, default=100_000, help="events in the query benchmark database")
    p.add_argument("--runs", type=int, default=60, help="timed runs per query")
    p.add_argument("--real", nargs="*", default=None, help="article files for the real-pipeline run "
                   "(default: the development corpus if present)")
    p.add_argument("--db", help="keep the big database at this path (default: a temporary file)")
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        bench_fake_ingest(str(Path(tmp) / "fake.db"), args.articles, args.seed)
        real = args.real if args.real is not None else [
            x for x in ("/work/shared/corpus", "tests/examples") if Path(x).exists()]
        if real:
            bench_real_ingest(str(Path(tmp) / "real.db"), real)
        kb, actors = build_big(args.db or str(Path(tmp) / "big.db"), args.events, args.seed)
        print(f"queries on {kb.stats().events} events ({args.runs} runs each):")
        results = bench_queries(kb, actors, args.runs, args.seed)
        kb.close()
    worst = max(p95 for _, p95 in results.values())
    print(f"worst p95: {worst:.1f} ms (target < 100 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
