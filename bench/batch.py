"""Benchmark `sitrep batch`: the local engine, its process pool, and Spark on one machine.

    python bench/batch.py                      # 60 and 240 articles, best of 2 runs per mode and size
    python bench/batch.py --articles 480 --repeat 3 --json
    python bench/batch.py --quick              # a tiny run, for the smoke test
    python bench/batch.py --modes local,spark1 # some modes only

The corpus is the bundled ``examples/`` articles (read with ``sitrep.ingest.read_inputs``),
repeated to ``--articles`` JSONL records with distinct ids and sources, written once to a
temporary folder.  Each mode runs in its own subprocess; the model is loaded and warmed up
before the clock starts (for Spark: in every Python worker, by a warm-up job), so the
throughput is the batch's own: reading, extraction, the six tables, the merge and the
Parquet writes.  Spark's session start is measured apart (``start s``).

Modes:
  local     ``run_batch(engine="local")``               one process
  workers2  ``run_batch(engine="local", workers=2)``    process pool start-up included
  spark1    ``run_batch(engine="spark")`` on ``local[1]``, --partitions P
  spark2    ``run_batch(engine="spark")`` on ``local[2]``, --partitions P

Every mode runs on two corpus sizes, ``--articles`` N and N/4, so its time splits into a
fixed cost (jobs, stages, shuffles and Parquet commits, whatever the size) and a marginal
rate (articles/s of the N - N/4 extra articles).  Prints the overhead Spark adds on one
machine (its fixed seconds, and the local engine's marginal rate over spark local[1]'s) and
the scaling per executor core (spark2 over spark1 marginal rates; target >= 1.7), beside
the machine-capacity probe of bench/extract.py (what two processes can reach while other
work shares the cores).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCALING_TARGET = 1.7
MODES = ("local", "workers2", "spark1", "spark2")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract import machine_capacity, warmup_set  # noqa: E402 - the house's probe and warm-up set


@dataclass(frozen=True)
class Measure:
    """One timed run of one mode in one process."""
    mode: str
    articles: int
    seconds: float
    start_seconds: float = 0.0  # Spark session start (not in ``seconds``)
    errors: int = 0
    merged: int = 0

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0


# --- the corpus ------------------------------------------------------------------------------

def write_corpus(paths: Sequence[str], n: int, out: Path) -> Path:
    """The articles of ``paths`` repeated to ``n`` JSONL records (distinct ids and sources)."""
    from sitrep.ingest import read_inputs
    from sitrep.records import Article

    base = [a for a in read_inputs(paths) if isinstance(a, Article)]
    if not base:
        raise SystemExit(f"no readable articles in {', '.join(map(str, paths))}")
    with out.open("w", encoding="utf-8") as f:
        for i in range(n):
            a = base[i % len(base)]
            f.write(json.dumps({"id": f"{a.id}-{i:06d}", "title": a.title, "text": a.text, "published": a.published,
                                "url": a.url, "source": f"{a.source or 'wire'} #{i // len(base)}"}) + "\n")
    return out


# --- the modes (each runs inside its own subprocess) -----------------------------------------

def _warm_local(corpus: Path) -> None:
    from sitrep.batch.inputs import local_items, read_item
    from sitrep.pipeline import _warm, extract_articles
    from sitrep.records import Article

    _warm(())
    arts = [a for a in (read_item(i) for i in local_items([str(corpus)])) if isinstance(a, Article)]
    for _ in extract_articles(warmup_set(arts)):
        pass


def _warm_worker(_: object) -> list[int]:
    """Run inside a Spark Python worker: load the model and the knowledge files, parse once."""
    from sitrep.pipeline import _warm, load_nlp
    _warm(())
    load_nlp()("Militants fired rockets at a base near Baghdad on Monday.")
    return [os.getpid()]


def run_mode(mode: str, corpus: Path, partitions: int) -> Measure:
    from sitrep.batch import run_batch

    out = Path(tempfile.mkdtemp(prefix=f"sitrep-bench-{mode}-"))
    try:
        start = 0.0
        session = None
        if mode.startswith("spark"):
            from sitrep.batch.spark import start_session
            cores = int(mode[len("spark"):])
            t0 = time.perf_counter()
            session = start_session(f"local[{cores}]", partitions)
            start = time.perf_counter() - t0
            session.sparkContext.parallelize(range(cores * 4), cores * 4).mapPartitions(_warm_worker).collect()
            engine, kwargs = "spark", {"partitions": partitions, "spark": session}
        else:
            _warm_local(corpus)
            engine, kwargs = "local", {"workers": 2 if mode == "workers2" else 1}
        t0 = time.perf_counter()
        summary = run_batch([str(corpus)], str(out / "tables"), engine=engine, **kwargs)
        dt = time.perf_counter() - t0
        if session is not None:
            session.stop()
        return Measure(mode, summary.articles + summary.errors, dt, start, summary.errors,
                       summary.rows.get("merged_events", 0))
    finally:
        shutil.rmtree(out, ignore_errors=True)


def child_main(mode: str, corpus: str, partitions: int) -> int:
    print(json.dumps(dataclasses.asdict(run_mode(mode, Path(corpus), partitions))))
    return 0


# --- the parent: one subprocess per run, best of --repeat --------------------------------------

def measure(mode: str, corpus: Path, partitions: int) -> Measure:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--corpus", str(corpus),
           "--partitions", str(partitions)]
    env = dict(os.environ, PYTHONWARNINGS="ignore", SPARK_LOCAL_IP="127.0.0.1", PYSPARK_PYTHON=sys.executable)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"bench child {mode} failed:\n{proc.stderr[-3000:]}")
    return Measure(**json.loads(proc.stdout.strip().splitlines()[-1]))


@dataclass(frozen=True)
class Split:
    """One mode on two sizes: the large run, and the fixed cost and marginal rate they imply."""
    large: Measure
    small: Measure

    @property
    def marginal_rate(self) -> float:
        """Articles/s of the articles the large run has beyond the small one."""
        extra, dt = self.large.articles - self.small.articles, self.large.seconds - self.small.seconds
        return extra / dt if extra > 0 and dt > 0 else 0.0

    @property
    def fixed_seconds(self) -> float:
        """What the run costs whatever its size (jobs, stages, commits); 0 when the split is noise."""
        rate = self.marginal_rate
        return max(0.0, self.small.seconds - self.small.articles / rate) if rate else 0.0


@dataclass(frozen=True)
class Summary:
    runs: dict[str, Split]
    capacity: float = 0.0

    def rate(self, mode: str) -> float:
        return self.runs[mode].marginal_rate if mode in self.runs else 0.0

    def _ratio(self, a: str, b: str) -> float:
        return self.rate(a) / self.rate(b) if self.rate(a) and self.rate(b) else 0.0

    @property
    def spark_overhead(self) -> float:
        """Local engine over spark local[1] marginal throughput (1.0 = no per-article overhead)."""
        return self._ratio("local", "spark1")

    @property
    def spark_scaling(self) -> float:
        return self._ratio("spark2", "spark1")

    @property
    def whole_scaling(self) -> float:
        """spark2 over spark1 on the whole large run, fixed costs included."""
        a, b = self.runs.get("spark2"), self.runs.get("spark1")
        return a.large.rate / b.large.rate if a and b and b.large.rate else 0.0

    @property
    def workers_speedup(self) -> float:
        return self._ratio("workers2", "local")

    def to_dict(self) -> dict:
        def row(sp: Split) -> dict:
            return {"articles": sp.large.articles, "seconds": round(sp.large.seconds, 3),
                    "articles_per_s": round(sp.large.rate, 2), "small_articles": sp.small.articles,
                    "small_seconds": round(sp.small.seconds, 3), "marginal_articles_per_s": round(sp.marginal_rate, 2),
                    "fixed_seconds": round(sp.fixed_seconds, 2), "start_seconds": round(sp.large.start_seconds, 2),
                    "errors": sp.large.errors, "merged": sp.large.merged}
        return {"bench": "batch", "cpus": os.cpu_count(), "machine_capacity": round(self.capacity, 3),
                "modes": {k: row(sp) for k, sp in self.runs.items()},
                "spark_overhead": round(self.spark_overhead, 3), "spark_scaling": round(self.spark_scaling, 3),
                "spark_scaling_whole_run": round(self.whole_scaling, 3),
                "workers_speedup": round(self.workers_speedup, 3), "targets": {"spark_scaling": SCALING_TARGET}}


def best_runs(corpora: tuple[Path, Path], modes: Sequence[str], partitions: int, repeat: int) -> Summary:
    """The fastest of ``repeat`` runs of each mode and size; the modes take turns, so a burst of
    load from other processes hits them alike."""
    small, large = corpora
    runs: dict[tuple[str, Path], list[Measure]] = {(m, c): [] for m in modes for c in corpora}
    probes = []
    for _ in range(repeat):
        for mode in modes:
            for corpus in corpora:
                runs[(mode, corpus)].append(measure(mode, corpus, partitions))
        probes.append(machine_capacity(2))
    best = {k: min(ms, key=lambda x: x.seconds) for k, ms in runs.items()}
    return Summary({m: Split(best[(m, large)], best[(m, small)]) for m in modes}, max(probes))


LABELS = {"local": "--engine local", "workers2": "--engine local --workers 2", "spark1": "spark local[1]",
          "spark2": "spark local[2]"}


def print_table(s: Summary, repeat: int, partitions: int, out=sys.stdout) -> None:
    first = next(iter(s.runs.values()))
    print(f"sitrep batch benchmark: {first.large.articles} and {first.small.articles} articles, best of {repeat} "
          f"run(s) each, {os.cpu_count()} CPU(s), Spark --partitions {partitions}", file=out)
    print(f"{'mode':<28}{'articles/s':>11}{'seconds':>9}{'marginal/s':>12}{'fixed s':>9}{'start s':>9}", file=out)
    for mode, sp in s.runs.items():
        start = f"{sp.large.start_seconds:.1f}" if mode.startswith("spark") else "-"
        print(f"{LABELS[mode]:<28}{sp.large.rate:>11.2f}{sp.large.seconds:>9.1f}{sp.marginal_rate:>12.2f}"
              f"{sp.fixed_seconds:>9.1f}{start:>9}", file=out)
    if s.spark_overhead:
        sp1 = s.runs["spark1"]
        print(f"Spark overhead on one machine: {sp1.fixed_seconds:.1f}s fixed per batch (+{sp1.large.start_seconds:.1f}s "
              f"session start); per article, local engine / spark local[1] = {s.spark_overhead:.2f}x", file=out)
    if s.spark_scaling:
        ok = "ok" if s.spark_scaling >= SCALING_TARGET else "BELOW TARGET"
        print(f"Spark scaling per executor core: local[2] / local[1] marginal = {s.spark_scaling:.2f}x "
              f"(target >= {SCALING_TARGET}) {ok}; whole run with fixed costs {s.whole_scaling:.2f}x", file=out)
    if s.workers_speedup:
        print(f"--workers 2 / --workers 1 marginal = {s.workers_speedup:.2f}x", file=out)
    if s.capacity:
        print(f"machine capacity: 2 processes ran {s.capacity:.2f}x one on a pure-Python probe (best of {repeat})",
              file=out)


# --- command line ------------------------------------------------------------------------------

def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("paths", nargs="*", default=[str(EXAMPLES)], help="article files or folders (default: examples/)")
    p.add_argument("--articles", type=int, default=240, help="large corpus size (the inputs repeated; the small one is a quarter; default 240)")
    p.add_argument("--partitions", type=int, default=4, help="Spark partitions (default 4)")
    p.add_argument("--repeat", type=int, default=2, help="runs per mode; the best is kept (default 2)")
    p.add_argument("--modes", default=",".join(MODES), help=f"comma-separated modes (default {','.join(MODES)})")
    p.add_argument("--quick", action="store_true", help="a tiny run: 24 and 6 articles, 1 repeat")
    p.add_argument("--json", action="store_true", help="also print one JSON line")
    p.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    p.add_argument("--corpus", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.articles, args.repeat = 24, 1
    args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    bad = [m for m in args.modes if m not in MODES]
    if bad or args.articles < 1 or args.repeat < 1 or args.partitions < 1:
        p.error(f"unknown modes {bad}" if bad else "--articles, --repeat and --partitions must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child_main(args.child, args.corpus, args.partitions)
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-batch-") as tmp:
        corpora = (write_corpus(args.paths, max(1, args.articles // 4), Path(tmp) / "small.jsonl"),
                   write_corpus(args.paths, args.articles, Path(tmp) / "large.jsonl"))
        s = best_runs(corpora, args.modes, args.partitions, args.repeat)
    print_table(s, args.repeat, args.partitions)
    if args.json:
        print(json.dumps(s.to_dict()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
