"""Smoke test: the extraction benchmark runs end to end on a tiny corpus and reports sane figures."""
from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench" / "extract.py"

ARTICLE = """Title: Rockets hit base near Baghdad airport
Published: 2020-03-14

Three Katyusha rockets struck a base hosting US troops near Baghdad airport on Friday night,
Iraqi security officials said. No casualties were reported.

Kataib Hezbollah denied any role in the attack, which followed US air strikes on the group's
facilities in Anbar province on Thursday.
"""


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_extract", BENCH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "rockets.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "second.txt").write_text(ARTICLE.replace("Friday", "Saturday").replace("Three", "Two"),
                                       encoding="utf-8")
    return folder


@pytest.mark.parametrize("n", [5])
def test_bench_extract_corpus_has_distinct_ids(corpus: Path, n: int):
    articles = _bench_module().load_corpus([str(corpus)], n)
    assert len(articles) == n
    assert len({a.id for a in articles}) == n
    assert len({a.text for a in articles}) == 2
    warm = _bench_module().warmup_set(articles)
    assert [a.id for a in warm] == [a.id for a in articles[:2]]


def test_bench_extract_bad_args_are_refused():
    with pytest.raises(SystemExit):
        _bench_module().parse_args(["--articles", "0"])


@pytest.mark.slow
def test_bench_extract_quick_run_reports_every_mode(corpus: Path):
    proc = subprocess.run([sys.executable, str(BENCH), "--quick", "--json", str(corpus)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "spaCy parse only" in proc.stdout and "speed-up" in proc.stdout
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["bench"] == "extract"
    for mode in ("parse", "pipeline", "workers"):
        row = result[mode]
        assert row["articles"] == 12
        assert row["failures"] == 0
        assert row["articles_per_s"] > 0
        assert row["peak_rss_mb"] > 10
    assert result["workers"]["workers"] == 2
    assert result["pipeline_over_parse"] > 0
    assert result["workers_speedup"] > 0
    assert 0 < result["machine_capacity"] < 4


@pytest.mark.parametrize("wall2, cpu2, ok", [(5.5, 21.0, True), (8.0, 30.0, False)])
def test_bench_extract_summary_ratios_and_targets(wall2: float, cpu2: float, ok: bool):
    bench = _bench_module()
    m = bench.Measure
    s = bench.Summary(parse=m("parse", 1, 100, 7.0, 240.0, 0.0, cpu_seconds=7.0),
                      pipeline=m("pipeline", 1, 100, 10.0, 320.0, 0.0, cpu_seconds=10.0),
                      workers=m("workers", 2, 100, wall2, 250.0, 300.0, cpu_seconds=cpu2), capacity=1.9)
    assert s.pipeline_ratio == pytest.approx(0.7)
    assert s.speedup == pytest.approx(10.0 / wall2)
    assert s.cpu_speedup == pytest.approx(2 * 10.0 / cpu2)
    assert s.workers.rss_mb == pytest.approx(850.0)
    out = io.StringIO()
    bench.print_table(s, 3, out=out)
    assert "workers 2 / workers 1 speed-up" in out.getvalue()
    assert f"reached {10.0 / wall2 / 1.9:.0%} of it" in out.getvalue()
    assert ("BELOW TARGET" not in out.getvalue().split("speed-up:")[1].splitlines()[0]) == ok
    row = s.to_dict()
    assert row["pipeline"]["articles_per_s"] == 10.0 and row["workers"]["workers"] == 2
