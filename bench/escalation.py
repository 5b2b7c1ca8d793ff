"""Benchmark the escalation statistics: Hawkes fit, response lags and VAR at 10^3 to 10^5 events.

    python bench/escalation.py                   # 10^3, 10^4, 10^5 events, best of 1 run each
    python bench/escalation.py --quick           # 10^3 and 10^4 events (a few seconds)
    python bench/escalation.py --sizes 1000,300000 --repeat 3 --json

For each size a bivariate exponential-kernel Hawkes process (baseline 0.25/0.15 per day,
branching [[0.35, 0.25], [0.45, 0.20]], decay 0.5 per day) is simulated over a period long
enough to give that many events in expectation (:func:`sitrep.escalation.simulate.simulate_hawkes`),
then timed on one core (BLAS threads are set to 1 before numpy loads):

- *fit*: :func:`sitrep.escalation.hawkes.fit_hawkes` (maximisation, standard errors, goodness of
  fit), wall and CPU seconds, likelihood-and-gradient evaluations, and the largest relative
  error of the baselines and branching entries against the truth;
- *lags*: :func:`sitrep.escalation.lags.response_lags` of B to A with ``--permutations`` shifts;
- *VAR*: :func:`sitrep.escalation.var.var_granger` on the weekly counts.

Then one K-dimensional fit (``--top-dims``, default 8 sides, ``--top-events`` 10^4 events; random
branching entries in [0, 0.12], decay 0.3 per day), the shape of ``sitrep escalation --top K``.

Peak memory is tracemalloc's peak of Python and numpy allocations during each stage, in a
separate run of the stage (so the timed run is not slowed by tracing).  Target (issue 8): a fit
of 10^5 events in under a minute on one core.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from dataclasses import asdict, dataclass  # noqa: E402

import numpy as np  # noqa: E402

from sitrep.escalation.hawkes import fit_hawkes  # noqa: E402
from sitrep.escalation.lags import response_lags  # noqa: E402
from sitrep.escalation.simulate import simulate_hawkes  # noqa: E402
from sitrep.escalation.var import var_granger  # noqa: E402

BASELINE = (0.25, 0.15)
BRANCHING = ((0.35, 0.25), (0.45, 0.20))
DECAY = 0.5
FIT_TARGET_SECONDS = 60.0
DEFAULT_SIZES = (1_000, 10_000, 100_000)


@dataclass(frozen=True)
class Row:
    events: int
    period_days: float
    fit_seconds: float
    fit_cpu_seconds: float
    evaluations: int
    fit_peak_mb: float
    max_rel_error: float
    lag_seconds: float
    lag_peak_mb: float
    permutations: int
    var_seconds: float
    var_weeks: int
    var_lags: int


def stationary_rate() -> float:
    """Events per day of the simulated dyad, both sides: ``sum((I - A)^-1 mu)``."""
    return float(np.linalg.solve(np.eye(2) - np.array(BRANCHING), np.array(BASELINE)).sum())


def weekly(times: list[np.ndarray], T: float) -> np.ndarray:
    weeks = int(T // 7)
    return np.stack([np.bincount((t // 7).astype(int), minlength=weeks + 1)[:weeks] for t in times], axis=1)


def timed(fn, repeat: int):
    """(result, best wall seconds, CPU seconds of that run)."""
    best = None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        w, c = time.perf_counter() - w0, time.process_time() - c0
        if best is None or w < best[1]:
            best = (out, w, c)
    return best


def peak_mb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2 ** 20
    finally:
        tracemalloc.stop()


def run_size(n: int, *, seed: int, repeat: int, permutations: int, memory: bool) -> Row:
    T = round(n / stationary_rate(), 1)
    times = simulate_hawkes(BASELINE, BRANCHING, DECAY, T, seed=seed)
    fit, fit_s, fit_cpu = timed(lambda: fit_hawkes(times, T), repeat)
    truth = np.concatenate([BASELINE, np.ravel(BRANCHING)])
    got = np.concatenate([fit.baseline, np.ravel(fit.branching)])
    lag, lag_s, _ = timed(lambda: response_lags(times[0], times[1], T, n_permutations=permutations), repeat)
    table = weekly(times, T)
    var, var_s, _ = timed(lambda: var_granger(table), repeat)
    return Row(events=sum(len(s) for s in times), period_days=T, fit_seconds=fit_s, fit_cpu_seconds=fit_cpu,
               evaluations=fit.evaluations,
               fit_peak_mb=peak_mb(lambda: fit_hawkes(times, T)) if memory else float("nan"),
               max_rel_error=float(np.max(np.abs(got - truth) / truth)),
               lag_seconds=lag_s,
               lag_peak_mb=(peak_mb(lambda: response_lags(times[0], times[1], T, n_permutations=permutations))
                            if memory else float("nan")),
               permutations=lag.n_permutations, var_seconds=var_s, var_weeks=var.weeks, var_lags=var.lags)


def run_top(dims: int, n: int, *, seed: int) -> dict:
    """Time one ``dims``-dimensional fit of about ``n`` events."""
    rng = np.random.default_rng(seed)
    alpha = rng.uniform(0, 0.12, (dims, dims))
    mu = rng.uniform(0.05, 0.3, dims)
    rate = float(np.linalg.solve(np.eye(dims) - alpha, mu).sum())
    T = round(n / rate, 1)
    times = simulate_hawkes(mu, alpha, 0.3, T, seed=seed)
    fit, wall, cpu = timed(lambda: fit_hawkes(times, T), 1)
    return {"dims": dims, "events": sum(len(s) for s in times), "fit_seconds": wall, "fit_cpu_seconds": cpu,
            "evaluations": fit.evaluations,
            "max_abs_error_branching": float(np.max(np.abs(np.array(fit.branching) - alpha)))}


def report(rows: list[Row], out=sys.stdout) -> None:
    print("sitrep escalation benchmark: bivariate Hawkes, one core "
          f"(baseline {BASELINE}, branching {BRANCHING}, decay {DECAY}/day)", file=out)
    print(f"{'events':>8}{'days':>9}{'fit s':>8}{'CPU s':>7}{'evals':>7}{'fit MB':>8}{'max err':>9}"
          f"{'lags s':>8}{'perms':>7}{'lags MB':>9}{'VAR s':>7}{'weeks':>7}{'p':>3}", file=out)
    for r in rows:
        print(f"{r.events:>8}{r.period_days:>9.0f}{r.fit_seconds:>8.2f}{r.fit_cpu_seconds:>7.2f}{r.evaluations:>7}"
              f"{r.fit_peak_mb:>8.1f}{r.max_rel_error:>8.1%} {r.lag_seconds:>7.2f}{r.permutations:>7}"
              f"{r.lag_peak_mb:>9.1f}{r.var_seconds:>7.2f}{r.var_weeks:>7}{r.var_lags:>3}", file=out)
    big = [r for r in rows if r.events >= 90_000]
    if big:
        worst = max(r.fit_seconds for r in big)
        verdict = "ok" if worst < FIT_TARGET_SECONDS else "TOO SLOW"
        print(f"fit of ~10^5 events: {worst:.1f} s (target < {FIT_TARGET_SECONDS:.0f} s) {verdict}", file=out)
    print("max err: largest relative error of the 2 baselines and 4 branching entries against the truth",
          file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                    help="comma-separated expected event counts (default 1000,10000,100000)")
    ap.add_argument("--quick", action="store_true", help="10^3 and 10^4 events only")
    ap.add_argument("--repeat", type=int, default=1, help="runs per stage, the fastest kept")
    ap.add_argument("--permutations", type=int, default=1000, help="circular shifts for the lag baseline")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    ap.add_argument("--top-dims", type=int, default=8, help="sides of the K-dimensional fit (0: skip it)")
    ap.add_argument("--top-events", type=int, default=10_000, help="events of the K-dimensional fit")
    ap.add_argument("--json", action="store_true", help="one JSON object per size instead of the table")
    args = ap.parse_args(argv)
    sizes = [1_000, 10_000] if args.quick else [int(float(s)) for s in args.sizes.split(",") if s.strip()]
    var_granger(np.random.default_rng(0).poisson(3, (40, 2)))   # warm-up: statsmodels loads outside the clock
    rows = []
    for n in sizes:
        row = run_size(n, seed=args.seed, repeat=max(1, args.repeat), permutations=args.permutations,
                       memory=not args.no_memory)
        rows.append(row)
        if args.json:
            print(json.dumps({k: (None if isinstance(v, float) and v != v else v) for k, v in asdict(row).items()}))
    if not args.json:
        report(rows)
    if args.top_dims >= 2:
        top = run_top(args.top_dims, args.top_events, seed=args.seed)
        if args.json:
            print(json.dumps(top))
        else:
            print(f"{top['dims']}-dimensional fit (--top {top['dims']}): {top['events']} events, "
                  f"{top['fit_seconds']:.1f} s ({top['fit_cpu_seconds']:.1f} CPU s), {top['evaluations']} evaluations, "
                  f"largest branching error {top['max_abs_error_branching']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
