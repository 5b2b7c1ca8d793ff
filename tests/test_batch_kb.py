"""`sitrep batch --engine local` through the real pipeline (issue 9 §1): the same records as
`sitrep extract`, and merged events equal to those the knowledge base makes of the same corpus."""
from __future__ import annotations

import io
import json

import pytest

from sitrep.batch import read_extractions, read_merged, read_table, run_batch
from sitrep.kb import open_kb
from sitrep.pipeline import run_extract
from sitrep.records import to_dict
from test_batch import CORPUS, write_corpus

pytestmark = pytest.mark.slow


def extract_jsonl(path: str) -> list[dict]:
    """What `sitrep extract PATH --format jsonl` prints, as objects."""
    out, err = io.StringIO(), io.StringIO()
    run_extract([path], fmt="jsonl", out=out, err=err)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def merged_key(e: dict) -> tuple:
    """What two merged events must share to be the same: id, type, dates, place, actors (as sets), figures."""
    d, p = e.get("date") or {}, e.get("location") or {}
    return (e["id"], e["type"], d.get("start"), d.get("end"), d.get("precision"), p.get("name"), p.get("country"),
            tuple(sorted(e["actors"])), tuple(sorted(e["targets"])), e.get("fatalities"), e.get("injured"))


def kb_merged(path: str, db: str) -> list[tuple]:
    """The knowledge base's merged events after `sitrep ingest PATH`."""
    with open_kb(db) as kb:
        kb.ingest_paths([path])
        return sorted(map(repr, (merged_key(to_dict(m.event)) for m in kb.events(limit=None))))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("batch") / "corpus.jsonl")


@pytest.fixture(scope="module")
def local_out(corpus, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("batch") / "out")
    run_batch([corpus], out, engine="local")
    return out


def test_batch_kb_local_records_are_extract_records(corpus, local_out):
    got = read_extractions(local_out)
    assert len(got) == len(CORPUS)
    assert got == extract_jsonl(corpus)


def test_batch_kb_local_errors_are_coded_rows(local_out):
    rows = sorted(read_table(local_out, "errors"), key=lambda e: e["seq"])
    errors = [(e["origin"].rsplit(":", 1)[1], e["code"], e["stage"]) for e in rows]
    n = len(CORPUS)
    assert errors == [(f"line {n + 1}", "E104", "read"), (f"line {n + 2}", "E104", "read")]


def test_batch_kb_merged_events_are_the_knowledge_base_events(corpus, local_out, tmp_path):
    batch = sorted(map(repr, (merged_key(e) for e in read_merged(local_out))))
    kb = kb_merged(corpus, str(tmp_path / "kb.db"))
    assert batch == kb
    merged = [e for e in read_merged(local_out) if e["reports"] > 1]
    assert len(merged) >= 2  # the corpus tells two events twice: the test is not vacuous


def test_batch_kb_parquet_load_is_the_plain_ingest(corpus, local_out, db_url, tmp_path):
    """`sitrep batch` then `ingest --parquet` (bulk load) gives the knowledge base `sitrep ingest`
    gives: events with their reports and headlines, actors, relations, links, counts."""
    from sitrep.batch.load import load_batch
    from test_batch_load import snapshot
    with open_kb(db_url) as kb:
        s = load_batch(kb, local_out)
        loaded = snapshot(kb)
        again = load_batch(kb, local_out)
        assert again.articles_new == 0 and snapshot(kb) == loaded  # idempotent
    with open_kb(str(tmp_path / "plain.db")) as kb:
        kb.ingest_paths([corpus])
        plain = snapshot(kb)
    assert s.articles_new == len(CORPUS) - 1  # the copy of desert-1 is the same text
    assert loaded == plain
    assert any(len(reports) > 1 for _, reports in loaded["events"])
