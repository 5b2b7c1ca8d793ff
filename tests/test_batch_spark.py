"""`sitrep batch --engine spark` on `local[2]` (issue 9 §1): the same records as `--engine local`
and `sitrep extract`, the same merged events, error rows instead of failed jobs, and the
spaCy model loaded once per Python worker.  One SparkSession for the module; small inputs."""
from __future__ import annotations

import json
import os
import shutil

import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java (.ci/run installs openjdk-17-jre-headless)", allow_module_level=True)

from sitrep.batch import read_extractions, read_merged, read_table, run_batch  # noqa: E402
from test_batch import CORPUS, write_corpus  # noqa: E402
from test_batch_kb import extract_jsonl, merged_key  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark():
    from sitrep.batch.spark import start_session
    session = start_session("local[2]", 2)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("spark") / "corpus.jsonl")


@pytest.fixture(scope="module")
def spark_out(spark, corpus, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("spark") / "out")
    summary = run_batch([corpus], out, engine="spark", partitions=2, spark=spark)
    assert summary.rows["articles"] == len(CORPUS)
    return out


@pytest.fixture(scope="module")
def local_out(corpus, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("spark") / "local")
    run_batch([corpus], out, engine="local")
    return out


def test_batch_spark_records_equal_local_and_extract(corpus, spark_out, local_out):
    got = read_extractions(spark_out)
    assert len(got) == len(CORPUS)
    assert got == read_extractions(local_out)
    assert got == extract_jsonl(corpus)


def test_batch_spark_merged_events_equal_local(spark_out, local_out):
    spark_merged = sorted(json.dumps(e, sort_keys=True) for e in read_merged(spark_out))
    assert spark_merged == sorted(json.dumps(e, sort_keys=True) for e in read_merged(local_out))
    assert any(e["reports"] > 1 for e in read_merged(spark_out))


def test_batch_spark_partitions_by_month_and_keeps_errors(spark_out):
    months = {p for p in os.listdir(os.path.join(spark_out, "articles")) if p.startswith("month=")}
    assert months == {"month=2023-05", "month=2023-06", "month=2023-08", "month=unknown"}
    assert sorted(e["code"] for e in read_table(spark_out, "errors")) == ["E104", "E104"]


def test_batch_spark_model_loads_once_per_worker(spark, corpus):
    """Four partitions on two cores: every Python worker that ran one loaded the model once."""
    from sitrep.batch.extract import extract_items
    from sitrep.batch.inputs import jsonl_item

    def probe(items):
        from sitrep.pipeline import load_nlp
        done = sum(1 for _ in extract_items(items))
        return [(os.getpid(), load_nlp.cache_info().misses, done)]

    with open(corpus, encoding="utf-8") as f:
        items = [jsonl_item(0, corpus, n, line) for n, line in enumerate(f, start=1)]
    got = spark.sparkContext.parallelize(items, 4).mapPartitions(probe).collect()
    assert sum(done for _, _, done in got) == len(items)
    assert all(loads == 1 for _, loads, _ in got), got


def test_batch_spark_refuses_an_earlier_run_with_e903(spark, corpus, spark_out):
    from sitrep.batch.spark import run_spark
    from sitrep.errors import SitrepError
    with pytest.raises(SitrepError) as exc:  # run_spark itself: Spark's own refusal, not the local check
        run_spark([corpus], spark_out, partitions=2, spark=spark, merge=False)
    assert exc.value.code == "E903"


def test_batch_spark_executor_python_from_conf_reaches_the_environment(monkeypatch):
    from sitrep.batch.spark import executor_python
    monkeypatch.delenv("PYSPARK_PYTHON", raising=False)
    monkeypatch.delenv("PYSPARK_GATEWAY_PORT", raising=False)
    assert executor_python([("spark.archives", "x.tgz#env"), ("spark.pyspark.python", "./env/bin/python")]) \
        == "./env/bin/python"
    monkeypatch.setenv("PYSPARK_PYTHON", "/opt/py")  # an explicit variable wins
    assert executor_python([("spark.pyspark.python", "./env/bin/python")]) == "/opt/py"
