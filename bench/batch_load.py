"""Benchmark `sitrep ingest --parquet DIR`: the bulk load (sitrep/batch/load.py) against the
per-article path (every article merged and stored as `sitrep ingest` stores it).

    python bench/batch_load.py                          # 3000 articles, SQLite
    python bench/batch_load.py --articles 5000 --db postgresql://user:pw@127.0.0.1/db
    python bench/batch_load.py --quick                  # 200 articles, for a smoke run
    python bench/batch_load.py --corpus synthetic       # an invented archive instead (no model at all)

The batch output is made once: `sitrep batch` (local engine, real pipeline) over the bundled
``examples/`` articles, then its rows repeated to ``--articles`` articles.  Copy *k* of an
article gets its text with a line ``[copy k]`` appended (a new content id; every offset stays
valid), a new id and ``seq``, and its publication and event dates moved ``3k`` days later, so the
copies spread over the years as a news archive does (a few articles a day) instead of
all telling the same day's events.  No model runs after the base batch.  Input order is
publication order.  These articles are dense: 8-15 events each, many of them background
(earlier events retold, month-precise), and a third state a cause, so most of them meet
events already stored and go article by article.

``--corpus synthetic`` writes an invented archive straight to tables instead
(:func:`synthetic_batch`): eight articles a day over twelve countries, 1-3 events each,
three reports in ten retelling an event of the last two days, one article in ten stating a
cause -- the shape of a wire archive read in order.

Each method loads the same folder into a fresh knowledge base (SQLite file, or a new
PostgreSQL schema under ``--db``) in its own subprocess, so its peak RSS is its own:

  per-article  the tables read whole, then ``KB.ingest`` per article, 200 per transaction
               (what ``KB.ingest_batch`` did before the bulk load)
  bulk         ``sitrep.batch.load.load_batch``

Printed per method: seconds, articles/s, peak RSS (MB), and the knowledge base's counts, which
must be equal.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import pg_schema  # noqa: E402 - the house's fresh PostgreSQL schema for a bench run
METHODS = ("per-article", "bulk")
SHIFT_DAYS = 3


# --- the batch output ----------------------------------------------------------------------------

def _shift(value: str | None, days: int) -> str | None:
    """A date string (YYYY, YYYY-MM or YYYY-MM-DD) moved ``days`` later, in the same form."""
    if not value or len(value) not in (4, 7, 10):
        return value
    try:
        first = date.fromisoformat((value + "-01-01")[:10] if len(value) < 10 else value)
    except ValueError:
        return value
    return (first + timedelta(days=days)).isoformat()[:len(value)]


def base_batch(work: Path) -> Path:
    """`sitrep batch` over examples/ (cached in ``work``)."""
    from sitrep.batch import run_batch
    out = work / "base"
    if not (out / "articles" / "_SUCCESS").exists():
        corpus = work / "examples.jsonl"
        from sitrep.ingest import read_inputs
        from sitrep.records import Article
        with corpus.open("w", encoding="utf-8") as f:
            for a in read_inputs([str(EXAMPLES)]):
                if isinstance(a, Article):
                    f.write(json.dumps({"id": a.id, "title": a.title, "text": a.text, "published": a.published,
                                        "source": a.source, "url": a.url}) + "\n")
        run_batch([str(corpus)], str(out), engine="local", overwrite=True)
    return out


def repeat_batch(base: Path, n: int, out: Path) -> int:
    """The base tables' articles repeated to ``n`` (module docstring); returns the article count."""
    from sitrep.batch import read_tables
    from sitrep.batch.local import TableWriter
    from sitrep.batch.tables import EXTRACTION_TABLES, TableRow, columns, month_of
    from sitrep.kb import content_id
    from sitrep.merge import kb_event_id

    tables = read_tables(str(base), EXTRACTION_TABLES)
    arts = sorted(tables["articles"], key=lambda a: a["seq"])
    if not arts:
        raise SystemExit(f"{base}: the base batch holds no articles")
    rows_of: dict[int, list[tuple[str, dict]]] = {}
    for t in ("events", "actors", "relations", "evidence"):
        for r in tables[t]:
            rows_of.setdefault(r["seq"], []).append((t, r))
    shutil.rmtree(out, ignore_errors=True)
    writer = TableWriter(str(out))
    # input order = publication order, as an archive is read (and as the load runs)
    copies = sorted(range(n), key=lambda k: (_shift(arts[k % len(arts)]["published"], SHIFT_DAYS * (k // len(arts)))
                                             or "9999", k))
    for seq, k in enumerate(copies):
        a = arts[k % len(arts)]
        copy, days = k // len(arts), SHIFT_DAYS * (k // len(arts))
        text = a["text"] + f"\n[copy {copy}]" if copy else a["text"]
        cid = content_id(text)
        published = _shift(a["published"], days)
        month = month_of(published)
        new = dict(a, article_id=f"{a['article_id']}-{copy}", content_id=cid, seq=seq, text=text,
                   published=published, month=month)
        writer.add(TableRow("articles", tuple(new[c] for c in columns("articles"))))
        for t, r in rows_of.get(a["seq"], ()):
            r = dict(r, article_id=new["article_id"], seq=seq, month=month)
            if t == "events":
                r.update(kb_id=kb_event_id(cid, r["event_id"]), published=published,
                         date_start=_shift(r["date_start"], days), date_end=_shift(r["date_end"], days))
            writer.add(TableRow(t, tuple(r[c] for c in columns(t))))
    writer.close()
    return n


# Twelve places and a few invented actors per country, for the synthetic archive (coordinates
# rounded from public atlases; the names are real towns, the events are not).
PLACES = (("IQ", "Mosul", "Nineveh", 36.34, 43.13), ("SY", "Idlib", "Idlib", 35.93, 36.63),
          ("YE", "Taiz", "Taiz", 13.58, 44.02), ("LY", "Sirte", "Sirte", 31.2, 16.59),
          ("ML", "Gao", "Gao", 16.27, -0.04), ("NG", "Maiduguri", "Borno", 11.85, 13.16),
          ("SO", "Baidoa", "Bay", 3.11, 43.65), ("SD", "El Fasher", "North Darfur", 13.63, 25.35),
          ("AF", "Kunduz", "Kunduz", 36.73, 68.86), ("MM", "Lashio", "Shan", 22.93, 97.75),
          ("CD", "Goma", "North Kivu", -1.68, 29.22), ("BF", "Djibo", "Sahel", 14.1, -1.63))
KINDS = (("armed_clash", "190", "clashed with"), ("air_strike", "195", "bombed positions of"),
         ("shelling", "194", "shelled"), ("abduction", "181", "abducted members of"))


def synthetic_batch(n: int, out: Path, seed: int = 7, per_day: int = 8) -> int:
    """A news archive of ``n`` articles in publication order, ``per_day`` a day, as batch
    tables: each article tells 1-3 events in one of twelve countries; three reports in ten
    retell an event another article told in the last two days (the merge has work), one
    article in ten states a cause, one in ten a relation.  No model runs."""
    import random
    from dataclasses import replace

    from sitrep.batch.local import TableWriter
    from sitrep.batch.tables import rows_for_extraction
    from sitrep.kb import content_id
    from sitrep.records import Actor, Article, Event, EventDate, Evidence, Extraction, Place, Relation

    rng = random.Random(seed)
    start = date(2021, 1, 1)
    recent: list[tuple[int, Event]] = []  # (day, event) told lately, for retellings
    shutil.rmtree(out, ignore_errors=True)
    writer = TableWriter(str(out))
    for i in range(n):
        day = start.toordinal() + i // per_day
        published = date.fromordinal(day).isoformat()
        recent = [(d, e) for d, e in recent if d >= day - 2]
        sentences, events, actors = [], [], {}
        for k in range(rng.choice((1, 1, 2, 3))):
            if recent and rng.random() < 0.3:
                base = rng.choice(recent)[1]
            else:
                cc, town, admin1, lat, lon = rng.choice(PLACES)
                kind, cameo, _ = rng.choice(KINDS)
                when = date.fromordinal(day - rng.choice((0, 0, 1))).isoformat()
                a, t = rng.sample([f"{cc.lower()}-army", *(f"{cc.lower()}-front-{j}" for j in range(1, 5))], 2)
                base = Event(id="", type=kind, cameo=cameo, actors=(a,), targets=(t,),
                             date=EventDate(when, when, "day"), location=Place(town, cc, admin1, lat, lon, "city"),
                             fatalities=rng.choice((None, 1, 2, 3, 5, 8)))
                recent.append((day, base))
            verb = next(v for kind, _, v in KINDS if kind == base.type)
            text = (f"Report {i}.{k}: {base.actors[0]} {verb} {base.targets[0]} in {base.location.name} "
                    f"on {base.date.start}, leaving {base.fatalities or 'no'} dead.")
            off = sum(len(x) + 1 for x in sentences)
            sentences.append(text)
            cause = f"e{k}" if k and rng.random() < 0.1 else None
            events.append(replace(base, id=f"e{k + 1}", caused_by=cause,
                                        evidence=(Evidence(text, off, off + len(text)),)))
            for x in (*base.actors, *base.targets):
                actors[x] = Actor(x, x.replace("-", " ").title(), "military" if x.endswith("army") else "armed_group",
                                  x[:2].upper())
        relations = ()
        if rng.random() < 0.1 and events[0].targets:
            text = f"{events[0].actors[0]} is opposed to {events[0].targets[0]}."
            off = sum(len(x) + 1 for x in sentences)
            sentences.append(text)
            relations = (Relation(events[0].actors[0], "opposes", events[0].targets[0],
                                  evidence=(Evidence(text, off, off + len(text)),)),)
        body = " ".join(sentences)
        x = Extraction(article=Article(id=f"syn-{i:06d}", text=body, title=f"Report {i}", source=f"Wire {i % 7}",
                                       published=published, url=f"https://wire.example/{i}"),
                       actors=tuple(actors.values()), events=tuple(events), relations=relations)
        for row in rows_for_extraction(x, content_id(body), i):
            writer.add(row)
    writer.close()
    return n


# --- one method in its own process -----------------------------------------------------------------

def per_article(kb, out: str, chunk: int = 200) -> int:
    """The per-article path: every table read whole, then ``KB.ingest`` article by article."""
    from dataclasses import replace

    from sitrep.batch import read_tables
    from sitrep.batch.tables import extractions_from_rows
    from sitrep.records import extraction_from_dict
    tables = read_tables(out, ("articles", "events", "actors", "relations", "evidence"))
    texts = {a["seq"]: a for a in tables["articles"]}
    items = []
    for seq, d in zip(sorted(texts), extractions_from_rows(tables)):
        x = extraction_from_dict(d, text=texts[seq]["text"])
        items.append(replace(x, article=replace(x.article, origin=texts[seq]["origin"])))
    del tables
    new = 0
    for start in range(0, len(items), chunk):
        with kb.store.transaction():
            for x in items[start:start + chunk]:
                new += kb.ingest(x).new
    kb.store.analyze()
    return new


def run_method(method: str, out: str, url: str) -> dict:
    from sitrep.batch.load import load_batch
    from sitrep.kb import open_kb
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    logging.getLogger("sitrep.batch.load").addHandler(Keep())
    logging.getLogger("sitrep.batch.load").setLevel(logging.INFO)
    with open_kb(url) as kb:
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0 = time.perf_counter()
        if method == "bulk":
            new = load_batch(kb, out, report=lambda f: None).articles_new
        else:
            new = per_article(kb, out)
        seconds = time.perf_counter() - t0
        s = kb.stats()
        counts = {"articles": s.articles, "events": s.events, "merged": s.merged_events, "reports": s.reports,
                  "actors": s.actors, "relations": s.relations}
    return {"method": method, "new": new, "seconds": round(seconds, 2), "rate": round(new / seconds, 1),
            "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "rss_before_mb": round(rss0), "counts": counts, "log": lines[-1:]}




def fresh_url(db: str | None, work: Path, method: str) -> str:
    if db and db.startswith(("postgresql://", "postgres://")):
        return pg_schema(db)
    path = work / f"kb-{method}.db"
    path.unlink(missing_ok=True)
    return str(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=3000, help="articles in the batch output (default 3000)")
    ap.add_argument("--db", help="a postgresql:// URL (each method gets a fresh schema); default: SQLite files")
    ap.add_argument("--methods", default=",".join(METHODS), help=f"some of {', '.join(METHODS)}")
    ap.add_argument("--work", help="keep the batch outputs and SQLite files here (the base batch is reused)")
    ap.add_argument("--corpus", choices=("examples", "synthetic"), default="examples",
                    help="examples/ repeated (default), or a synthetic archive (module docstring)")
    ap.add_argument("--quick", action="store_true", help="200 articles")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    ap.add_argument("--child", nargs=3, metavar=("METHOD", "OUT", "URL"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(run_method(*args.child)))
        return 0
    n = 200 if args.quick else args.articles
    methods = [m for m in args.methods.split(",") if m]
    bad = [m for m in methods if m not in METHODS]
    if bad:
        ap.error(f"unknown method {bad[0]!r} (one of {', '.join(METHODS)})")
    work = Path(args.work or tempfile.mkdtemp(prefix="sitrep-load-"))
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if args.corpus == "synthetic":
        out = work / f"synthetic-{n}"
        synthetic_batch(n, out)
    else:
        out = work / f"batch-{n}"
        repeat_batch(base_batch(work), n, out)
    print(f"batch output ({args.corpus}): {n} articles in {out} (made in {time.perf_counter() - t0:.0f}s)")
    backend = "PostgreSQL" if args.db and args.db.startswith("postgres") else "SQLite"
    results = []
    for m in methods:
        url = fresh_url(args.db, work, m)
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        done = subprocess.run([sys.executable, __file__, "--child", m, str(out), url], capture_output=True,
                              text=True, env=env, check=False)
        if done.returncode:
            sys.stderr.write(done.stderr)
            return 1
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"{backend}, {n} articles ({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}):")
    for r in results:
        print(f"  {r['method']:12s} {r['seconds']:8.1f} s  {r['rate']:8.1f} articles/s  peak RSS {r['rss_mb']:5d} MB  "
              f"{r['counts']}")
        for line in r["log"]:
            print(f"               {line}")
    if len(results) == 2:
        same = results[0]["counts"] == results[1]["counts"]
        speed = results[1]["rate"] / results[0]["rate"] if results[0]["rate"] else 0.0
        print(f"  bulk / per-article: {speed:.1f}x; same knowledge-base counts: {'yes' if same else 'NO'}")
    if args.json:
        print(json.dumps({"backend": backend, "articles": n, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
