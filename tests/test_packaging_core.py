"""The plain install (issue 10 §1): ``sitrep`` with none of the extras' modules importable.

Each test runs the CLI in a fresh interpreter whose ``sys.modules`` blocks the optional modules
(``sys.modules[name] = None`` makes ``import name`` fail as if it were not installed), so the
start-up imports, ``extract`` and the coded errors of the extras' commands are checked without
a second venv (``.ci/core-install`` does the real clean-venv install in CI).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "2020-01-01-k1-strikes-embassy.txt"
BLOCKED = ("fastapi", "starlette", "uvicorn", "multipart", "python_multipart", "pyarrow", "psycopg",
           "psycopg_binary", "duckdb", "stix2", "scipy", "statsmodels", "pyspark")

RUNNER = """
import sys
for name in {blocked!r}:
    sys.modules[name] = None
import sitrep.cli
sitrep.cli.build_parser()
loaded = sorted(n for n in {blocked!r} if sys.modules.get(n) is not None)
assert not loaded, loaded
sys.exit(sitrep.cli.main(sys.argv[1:]))
"""


def run_core(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", RUNNER.format(blocked=BLOCKED), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def assert_coded(proc: subprocess.CompletedProcess[str], code: str, extra: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert f"[{code}]" in proc.stderr and f"sitrep[{extra}]" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_packaging_cli_starts_without_extras(tmp_path):
    proc = run_core("--help", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "extract" in proc.stdout and "serve" in proc.stdout


def test_packaging_serve_without_web_extra_is_e001(tmp_path):
    assert_coded(run_core("serve", "--help", cwd=tmp_path), "E001", "web")
    assert_coded(run_core("serve", "--db", str(tmp_path / "kb.db"), "--port", "1", cwd=tmp_path), "E001", "web")


def test_packaging_postgres_url_without_kb_extra_is_e001(tmp_path):
    assert_coded(run_core("events", "--db", "postgresql://127.0.0.1:1/nosuch", cwd=tmp_path), "E001", "kb")


def test_packaging_exports_without_kb_extra_are_e202(tmp_path):
    from sitrep.kb import open_kb
    db = str(tmp_path / "kb.db")
    open_kb(db).close()  # an empty knowledge base: exports read an existing one
    assert_coded(run_core("export", "--format", "parquet", "--db", db, "--out", str(tmp_path / "t"), cwd=tmp_path),
                 "E202", "kb")
    assert_coded(run_core("export", "--format", "stix", "--db", db, "--out", str(tmp_path / "b.json"), cwd=tmp_path),
                 "E202", "kb")


def test_packaging_escalation_without_analysis_extra_is_e800(tmp_path):
    acled = tmp_path / "acled.csv"
    rows = ["event_date,event_type,sub_event_type,actor1,actor2,fatalities"]
    for month in range(1, 7):  # enough acts a side for the statistics to be asked for
        rows += [f"2024-{month:02d}-{d:02d},Battles,Armed clash,Militia A,Militia B,1" for d in range(1, 28, 3)]
        rows += [f"2024-{month:02d}-{d:02d},Battles,Armed clash,Militia B,Militia A,1" for d in range(2, 28, 3)]
    acled.write_text("\n".join(rows) + "\n")
    proc = run_core("escalation", "--acled", str(acled), "--actor", "Militia A", "--actor", "Militia B", cwd=tmp_path)
    assert_coded(proc, "E800", "analysis")


def test_packaging_spark_batch_without_spark_extra_is_e900(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Rebels shelled the town on Monday."}) + "\n")
    proc = run_core("batch", str(src), "--out", str(tmp_path / "out"), "--engine", "spark", cwd=tmp_path)
    assert_coded(proc, "E900", "spark")


def test_packaging_missing_extra_names_the_extra():
    from sitrep.cli import missing_extra
    err = missing_extra(ModuleNotFoundError("No module named 'psycopg'", name="psycopg"))
    assert err is not None and err.code == "E001" and "sitrep[kb]" in str(err)
    assert missing_extra(ModuleNotFoundError("No module named 'nosuch'", name="nosuch")) is None


@pytest.mark.slow
def test_packaging_extract_and_ingest_without_extras(tmp_path):
    proc = run_core("extract", str(ARTICLE), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["events"]
    proc = run_core("ingest", str(ARTICLE), "--db", str(tmp_path / "kb.db"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
