"""bench/batch.py: the corpus it writes and the arithmetic of its figures (fixed cost, marginal
rate, Spark scaling), on hand-made timings."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench" / "batch.py"
ARTICLE = """Title: Rockets hit a base near Baghdad airport
Published: 2020-03-14

Three rockets struck a base hosting foreign troops near Baghdad airport on Friday night, officials said.
"""


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_batch", BENCH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def bench():
    return _bench_module()


def test_batch_bench_corpus_repeats_articles_with_distinct_ids(bench, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    path = bench.write_corpus([str(tmp_path / "a.txt")], 5, tmp_path / "c.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5 and len({r["id"] for r in rows}) == 5
    assert {r["published"] for r in rows} == {"2020-03-14"}


@pytest.mark.parametrize("small_s, large_s, marginal, fixed", [
    (12.0, 18.0, 10.0, 10.0),  # 60 more articles in 6 s: 10/s; the small run: 20 articles (2 s) + 10 s fixed
    (5.0, 5.0, 0.0, 0.0),  # no difference: the split is noise, reported as nothing
])
def test_batch_bench_split_fixed_cost_and_marginal_rate(bench, small_s, large_s, marginal, fixed):
    split = bench.Split(bench.Measure("spark1", 80, large_s), bench.Measure("spark1", 20, small_s))
    assert split.marginal_rate == pytest.approx(marginal)
    assert split.fixed_seconds == pytest.approx(fixed)


def test_batch_bench_scaling_compares_marginal_rates(bench):
    one = bench.Split(bench.Measure("spark1", 80, 40.0), bench.Measure("spark1", 20, 28.0))  # 5/s
    two = bench.Split(bench.Measure("spark2", 80, 32.0), bench.Measure("spark2", 20, 26.0))  # 10/s
    s = bench.Summary({"spark1": one, "spark2": two})
    assert s.spark_scaling == pytest.approx(2.0)
    assert s.whole_scaling == pytest.approx(40.0 / 32.0)
    assert s.to_dict()["modes"]["spark2"]["marginal_articles_per_s"] == 10.0
