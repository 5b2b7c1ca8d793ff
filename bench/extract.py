"""Benchmark extraction: spaCy parsing alone against the whole pipeline, and workers.

    python bench/extract.py                     # 200 articles, best of 3 runs per mode
    python bench/extract.py --articles 400 --repeat 5 --json
    python bench/extract.py --quick             # a tiny run, for the smoke test
    python bench/extract.py --profile           # where the whole pipeline spends its time

The corpus is the bundled ``examples/`` articles (read with ``sitrep.ingest.read_inputs``),
repeated to ``--articles`` articles with distinct ids.  Each mode runs in its own
subprocess, so its peak memory (``ru_maxrss``) is its own; the model and the knowledge
files are loaded and warmed up before the clock starts, so throughput excludes loading.

Modes:
  parse      ``load_nlp().pipe(texts, batch_size=BATCH)`` -- the very nlp object the pipeline uses
  pipeline   ``extract_articles(articles, workers=1)``
  workers    ``extract_articles(articles, workers=N)`` (process pool start-up included)

Targets (issues 2 and 7): pipeline >= 0.75 x parse throughput; workers 2 >= 1.7 x workers 1.
"""
from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PIPELINE_TARGET = 0.75
WORKERS_TARGET = 1.7
WARMUP = 16  # at most this many distinct articles run before the clock starts


@dataclass(frozen=True)
class Measure:
    """One timed run of one mode in one process."""
    mode: str
    workers: int
    articles: int
    seconds: float
    rss_self_mb: float
    rss_children_mb: float
    failures: int = 0
    cpu_seconds: float = 0.0  # user + system time of the process and its reaped workers while timed

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    @property
    def rss_mb(self) -> float:
        """Peak resident memory of the mode: the process, plus its largest worker per worker."""
        return self.rss_self_mb + self.workers * self.rss_children_mb if self.workers > 1 else self.rss_self_mb


# --- the corpus ------------------------------------------------------------------------------

def load_corpus(paths: Sequence[str], n: int) -> list:
    """The articles of ``paths`` repeated to ``n`` articles, each with a distinct id."""
    from sitrep.errors import SitrepError
    from sitrep.ingest import read_inputs
    from sitrep.records import Article

    base = [a for a in read_inputs(paths) if isinstance(a, Article)]
    if not base:
        raise SitrepError(f"no readable articles in {', '.join(map(str, paths))}")
    return [dataclasses.replace(base[i % len(base)], id=f"{base[i % len(base)].id}-{i:05d}") for i in range(n)]


def warmup_set(articles: list) -> list:
    """One article per distinct text (at most WARMUP): run untimed first, so lazy loads
    (the model, gazetteers, dateparser's language data) stay out of the throughput."""
    seen: dict[str, object] = {}
    for a in articles:
        seen.setdefault(a.text, a)
        if len(seen) >= WARMUP:
            break
    return list(seen.values())


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0  # Linux reports KiB


def _cpu() -> float:
    """CPU seconds used so far by this process and its reaped children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# --- the modes (each runs inside its own subprocess) -----------------------------------------

def run_parse(articles: list, workers: int) -> Measure:
    from sitrep.pipeline import BATCH, load_nlp, parse_text

    nlp = load_nlp()
    texts = [parse_text(a) for a in articles]
    for _ in nlp.pipe([parse_text(a) for a in warmup_set(articles)], batch_size=BATCH):
        pass
    c0, t0 = _cpu(), time.perf_counter()
    count = sum(1 for _ in nlp.pipe(texts, batch_size=BATCH))
    dt = time.perf_counter() - t0
    return Measure("parse", 1, count, dt, _rss_mb(resource.RUSAGE_SELF), _rss_mb(resource.RUSAGE_CHILDREN),
                   cpu_seconds=_cpu() - c0)


def run_pipeline(articles: list, workers: int) -> Measure:
    """The whole pipeline; the parent warms up first, so forked workers inherit the model."""
    from sitrep.pipeline import extract_articles
    from sitrep.records import Extraction

    for _ in extract_articles(warmup_set(articles), workers=1):
        pass
    c0, t0 = _cpu(), time.perf_counter()
    done = failed = 0
    for item in extract_articles(articles, workers=workers):
        if isinstance(item, Extraction):
            done += 1
        else:
            failed += 1
    dt = time.perf_counter() - t0
    mode = "pipeline" if workers <= 1 else "workers"
    return Measure(mode, workers, done + failed, dt, _rss_mb(resource.RUSAGE_SELF),
                   _rss_mb(resource.RUSAGE_CHILDREN), failed, _cpu() - c0)


MODES = {"parse": run_parse, "pipeline": run_pipeline, "workers": run_pipeline}


def child_main(mode: str, paths: Sequence[str], n: int, workers: int) -> int:
    """Run one mode once and print its Measure as one JSON line."""
    articles = load_corpus(paths, n)
    m = MODES[mode](articles, workers)
    print(json.dumps(dataclasses.asdict(m)))
    return 0


# --- the parent: one subprocess per run, best of --repeat --------------------------------------

def measure(mode: str, paths: Sequence[str], n: int, workers: int) -> Measure:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--articles", str(n),
           "--workers", str(workers), *paths]
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"bench child {mode} (workers={workers}) failed:\n{proc.stderr[-2000:]}")
    line = proc.stdout.strip().splitlines()[-1]
    return Measure(**json.loads(line))


def best_runs(paths: Sequence[str], n: int, workers: int, repeat: int) -> Summary:
    """The fastest of ``repeat`` runs of each mode.  The modes take turns (parse, pipeline,
    workers, probe, parse, ...) so a burst of load from other processes hits them alike; on a
    shared machine the best run is the least disturbed one."""
    plan = {"parse": 1, "pipeline": 1, "workers": workers}
    runs: dict[str, list[Measure]] = {mode: [] for mode in plan}
    probes: list[float] = []
    for _ in range(repeat):
        for mode, w in plan.items():
            runs[mode].append(measure(mode, paths, n, w))
        probes.append(machine_capacity(workers))
    best = {mode: min(ms, key=lambda m: m.seconds) for mode, ms in runs.items()}
    return Summary(**best, capacity=max(probes))


def _spin(units: int) -> int:
    total = 0
    for i in range(units):
        total += i * i % 7
    return total


def machine_capacity(workers: int, units: int = 3_000_000) -> float:
    """How many times faster ``workers`` forked processes do ``workers`` pieces of pure-Python
    work than one process doing them in turn: the ceiling any speed-up can reach right now
    (below ``workers`` when other processes hold the cores)."""
    import multiprocessing

    t0 = time.perf_counter()
    for _ in range(workers):
        _spin(units)
    serial = time.perf_counter() - t0
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(workers) as pool:
        pool.map(_spin, [units] * workers)  # processes started before the clock
        t0 = time.perf_counter()
        pool.map(_spin, [units] * workers, chunksize=1)
        parallel = time.perf_counter() - t0
    return serial / parallel if parallel > 0 else 0.0


def _per_cpu(m: Measure) -> float:
    return m.articles / m.cpu_seconds if m.cpu_seconds > 0 else 0.0


@dataclass(frozen=True)
class Summary:
    parse: Measure
    pipeline: Measure
    workers: Measure
    capacity: float = 0.0  # machine_capacity(): the speed-up ceiling while the bench ran

    @property
    def pipeline_ratio(self) -> float:
        return self.pipeline.rate / self.parse.rate if self.parse.rate else 0.0

    @property
    def speedup(self) -> float:
        return self.workers.rate / self.pipeline.rate if self.pipeline.rate else 0.0

    @property
    def cpu_ratio(self) -> float:
        """Pipeline over parse throughput by CPU time: steadier than wall time on a busy machine."""
        return _per_cpu(self.pipeline) / _per_cpu(self.parse) if _per_cpu(self.parse) else 0.0

    @property
    def cpu_speedup(self) -> float:
        """The speed-up the workers would reach on free cores: N x (CPU of 1 worker / CPU of N)."""
        one = _per_cpu(self.pipeline)
        return self.workers.workers * _per_cpu(self.workers) / one if one else 0.0

    def to_dict(self) -> dict:
        def row(m: Measure) -> dict:
            return {"articles": m.articles, "seconds": round(m.seconds, 3), "articles_per_s": round(m.rate, 2),
                    "peak_rss_mb": round(m.rss_mb, 1), "cpu_seconds": round(m.cpu_seconds, 2),
                    "workers": m.workers, "failures": m.failures}
        return {"bench": "extract", "parse": row(self.parse), "pipeline": row(self.pipeline),
                "workers": row(self.workers), "pipeline_over_parse": round(self.pipeline_ratio, 3),
                "workers_speedup": round(self.speedup, 3), "cpu_pipeline_over_parse": round(self.cpu_ratio, 3),
                "cpu_workers_speedup": round(self.cpu_speedup, 3), "machine_capacity": round(self.capacity, 3),
                "cpus": os.cpu_count(),
                "targets": {"pipeline_over_parse": PIPELINE_TARGET, "workers_speedup": WORKERS_TARGET}}


def print_table(s: Summary, repeat: int, out=sys.stdout) -> None:
    print(f"sitrep extraction benchmark: {s.parse.articles} articles, best of {repeat} run(s), "
          f"{os.cpu_count()} CPU(s)", file=out)
    print(f"{'mode':<22}{'articles/s':>12}{'seconds':>10}{'CPU s':>8}{'peak MB':>10}{'failed':>8}", file=out)
    for label, m in (("spaCy parse only", s.parse), ("pipeline, 1 worker", s.pipeline),
                     (f"pipeline, {s.workers.workers} workers", s.workers)):
        print(f"{label:<22}{m.rate:>12.2f}{m.seconds:>10.2f}{m.cpu_seconds:>8.1f}{m.rss_mb:>10.0f}{m.failures:>8}",
              file=out)
    ok1 = "ok" if s.pipeline_ratio >= PIPELINE_TARGET else "BELOW TARGET"
    ok2 = "ok" if s.speedup >= WORKERS_TARGET else "BELOW TARGET"
    print(f"pipeline / parse throughput: {s.pipeline_ratio:.2f} (target >= {PIPELINE_TARGET}) {ok1}", file=out)
    print(f"workers {s.workers.workers} / workers 1 speed-up: {s.speedup:.2f}x (target >= {WORKERS_TARGET}) {ok2}",
          file=out)
    if s.capacity:
        print(f"machine capacity: {s.workers.workers} processes ran {s.capacity:.2f}x one on a pure-Python probe "
              f"(best of {repeat}); workers speed-up reached {s.speedup / s.capacity:.0%} of it", file=out)
    print(f"by CPU time (steadier on a busy machine): pipeline / parse {s.cpu_ratio:.2f}, "
          f"workers speed-up on free cores {s.cpu_speedup:.2f}x", file=out)
    if s.workers.workers > 1:
        print(f"  (workers peak MB = parent {s.workers.rss_self_mb:.0f} + {s.workers.workers} x largest worker "
              f"{s.workers.rss_children_mb:.0f}; an upper bound, forked pages are shared)", file=out)


# --- profile -----------------------------------------------------------------------------------

def profile(paths: Sequence[str], n: int, top: int, out=sys.stdout) -> None:
    """cProfile the whole pipeline (1 worker, warmed up) and print the hotspots by own time."""
    from sitrep.pipeline import extract_articles

    articles = load_corpus(paths, n)
    for _ in extract_articles(warmup_set(articles), workers=1):
        pass
    prof = cProfile.Profile()
    prof.enable()
    for _ in extract_articles(articles, workers=1):
        pass
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"sitrep/", top)
    out.write(buf.getvalue())


# --- command line ------------------------------------------------------------------------------

def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("paths", nargs="*", default=[str(EXAMPLES)], help="article files or folders (default: examples/)")
    p.add_argument("--articles", type=int, default=200, help="corpus size (the inputs repeated; default 200)")
    p.add_argument("--workers", type=int, default=2, help="workers for the parallel mode (default 2)")
    p.add_argument("--repeat", type=int, default=3, help="runs per mode; the best is kept (default 3)")
    p.add_argument("--quick", action="store_true", help="a tiny run: 12 articles, 1 repeat")
    p.add_argument("--json", action="store_true", help="also print one JSON line")
    p.add_argument("--profile", action="store_true", help="profile the whole pipeline instead")
    p.add_argument("--top", type=int, default=30, help="hotspots to print with --profile")
    p.add_argument("--child", choices=sorted(MODES), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.articles, args.repeat = 12, 1
    if args.articles < 1 or args.repeat < 1 or args.workers < 1:
        p.error("--articles, --repeat and --workers must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child_main(args.child, args.paths, args.articles, args.workers)
    if args.profile:
        profile(args.paths, args.articles, args.top)
        return 0
    s = best_runs(args.paths, args.articles, args.workers, args.repeat)
    print_table(s, args.repeat)
    if args.json:
        print(json.dumps(s.to_dict()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
