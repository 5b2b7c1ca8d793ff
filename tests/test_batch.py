"""`sitrep batch` without Spark or spaCy (issue 9 §1): the tables and their read-back, the
inputs, the blocking of the cross-source merge, the per-article guard, coded errors.  The
extraction is a small fake where the model is not the point; the pipeline itself runs in
tests/test_batch_kb.py and tests/test_batch_spark.py."""
from __future__ import annotations

import json
import sys
from datetime import date

import pytest

from sitrep.batch import read_extractions, read_merged, read_table, run_batch
from sitrep.batch import extract as batch_extract
from sitrep.batch.blocks import WINDOW, chain_summaries, chains, link_chains, merge_all, merge_block, sort_key
from sitrep.batch.extract import Report, extract_chunk
from sitrep.batch.inputs import jsonl_item, list_local, local_items, read_item
from sitrep.batch.tables import extractions_from_rows, month_of, rows_for_extraction
from sitrep.cli import main
from sitrep.errors import SitrepError
from sitrep.ingest import ReadFailure
from sitrep.records import (AcledType, Actor, Article, Event, EventDate, Evidence, Extraction, Place, Relation,
                            to_dict)

# A handful of short articles written for these tests (the slow tests extract them for real).
CORPUS = [
    {"id": "desert-1", "source": "Desert Wire", "published": "2023-05-14", "url": "https://desert.example/1",
     "title": "Checkpoint attacked in Tikrit",
     "text": "Islamic State militants attacked an army checkpoint in Tikrit on Saturday, killing four soldiers, "
             "police said."},
    {"id": "river-2", "source": "River Post", "published": "2023-05-14", "title": "Soldiers killed in Tikrit",
     "text": "Four Iraqi soldiers were killed on Saturday when Islamic State militants stormed a checkpoint in "
             "Tikrit, officials said."},
    {"id": "daily-3", "source": "Daily Courier", "published": "2023-05-15", "title": "Group claims attack",
     "text": "Islamic State said its fighters attacked the Iraqi army on Saturday."},
    {"id": "daily-4", "source": "Daily Courier", "published": "2023-08-03", "title": "Drone strike",
     "text": "Turkish drones struck PKK fighters on Wednesday, killing two, the Turkish defence ministry said."},
    {"id": "river-5", "source": "River Post", "published": "2023-08-03", "title": "Strike in Sinjar",
     "text": "A Turkish drone strike killed two PKK fighters in Sinjar on Wednesday, local officials said."},
    {"id": "desert-6", "source": "Desert Wire", "published": "2023-06-02", "title": "Basra protest",
     "text": "Hundreds of protesters marched through Basra on Friday demanding reliable electricity. Police fired "
             "tear gas to disperse the crowd."},
    {"id": "river-7", "source": "River Post", "title": "Arrests in Mosul",
     "text": "Police in Mosul arrested three men suspected of planning bombings, a security official said."},
    {"id": "desert-1-copy", "source": "Copy Desk", "published": "2023-05-14",
     "text": "Islamic State militants attacked an army checkpoint in Tikrit on Saturday, killing four soldiers, "
             "police said."},
]
BAD_LINES = ["this line is not JSON", json.dumps({"id": "no-text", "title": "Headline only"})]


def write_corpus(path, *, bad: bool = True) -> str:
    """The test corpus as JSONL (with a line that is not JSON and a record without text)."""
    lines = [json.dumps(r) for r in CORPUS] + (BAD_LINES if bad else [])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


# --- a fake extraction (no model) -------------------------------------------------------------------

PLACES = {"Tikrit": Place("Tikrit", "IQ", "Salah al-Din", 34.6, 43.68, "city"),
          "Sinjar": Place("Sinjar", "IQ", "Nineveh", 36.32, 41.87, "city")}


def fake_extraction(a: Article) -> Extraction:
    """One attack per article, on the article's day, at the first known town it names."""
    if "BOOM" in a.text:
        raise MemoryError("simulated crash")
    place = next((p for name, p in PLACES.items() if name in a.text), None)
    day = a.published
    event = Event(id="e1", type="attack", cameo="190", acled=AcledType("Battles", "Armed clash"),
                  actors=("islamic-state",), targets=("iraqi-army",),
                  date=EventDate(day, day, "day", "Saturday") if day else None, location=place, fatalities=4,
                  evidence=(Evidence(a.text[:20], 0, 20),), trigger="attacked")
    return Extraction(article=a, actors=(Actor("islamic-state", "Islamic State", "armed_group", mentions=((0, 14),)),),
                      events=(event,),
                      relations=(Relation("islamic-state", "opposes", "iraqi-army", evidence=(Evidence("x", 1, 2),)),))


def fake_extract_articles(articles, *, workers=1, gazetteers=()):
    for a in articles:
        yield fake_extraction(a) if isinstance(a, Article) else a


@pytest.fixture
def fake_pipeline(monkeypatch):
    monkeypatch.setattr(batch_extract, "extract_articles", fake_extract_articles)


# --- tables ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("day, month", [("2020-01-03", "2020-01"), ("2020-01", "2020-01"), (None, "unknown"),
                                        ("soon", "unknown")])
def test_tables_month_of(day, month):
    assert month_of(day) == month


def test_tables_rows_read_back_as_the_extraction():
    article = Article(id="x1", text="Islamic State militants attacked Tikrit.", title="T", source="S",
                      url="u", published="2023-05-13", origin="c.jsonl", excluded=((0, 3),))
    x = fake_extraction(article)
    rows = rows_for_extraction(x, "acid", 7)
    tables: dict[str, list[dict]] = {}
    from sitrep.batch.tables import columns
    for r in rows:
        tables.setdefault(r.table, []).append(dict(zip(columns(r.table), r.values)))
    assert {r.table for r in rows} == {"articles", "events", "actors", "relations", "evidence"}
    assert extractions_from_rows(tables) == [x.to_dict()]
    assert tables["events"][0]["family"] == "violence" and tables["events"][0]["month"] == "2023-05"


# --- inputs ------------------------------------------------------------------------------------------------

def test_inputs_bad_line_is_a_coded_read_failure():
    got = read_item(jsonl_item(0, "c.jsonl", 3, "{not json"))
    assert isinstance(got, ReadFailure) and got.error.code == "E104" and got.origin == "c.jsonl:line 3"


def test_inputs_blank_lines_are_skipped_and_numbers_kept(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(CORPUS[0]) + "\n\n" + json.dumps(CORPUS[1]) + "\n", encoding="utf-8")
    items = list(local_items(list_local([str(tmp_path)])))
    assert [i.where for i in items] == [f"{path}:line 1", f"{path}:line 3"]
    assert items[0].seq < items[1].seq


def test_inputs_parquet_rows_read_as_articles(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    pq.write_table(pa.Table.from_pylist(CORPUS[:2]), tmp_path / "c.parquet")
    arts = [read_item(i) for i in local_items(list_local([str(tmp_path / "c.parquet")]))]
    assert [a.id for a in arts] == ["desert-1", "river-2"] and arts[0].published == "2023-05-14"


@pytest.mark.parametrize("make, message", [
    (lambda p: str(p / "missing.jsonl"), "no such file"),
    (lambda p: str(p), "no .jsonl or .parquet"),
    (lambda p: (p / "a.txt").write_text("x") and str(p / "a.txt"), "not a JSONL"),
])
def test_inputs_bad_paths_are_e901(tmp_path, make, message):
    with pytest.raises(SitrepError, match=message) as exc:
        list_local([make(tmp_path)])
    assert exc.value.code == "E901"


# --- the per-article guard ----------------------------------------------------------------------------------

def test_extract_an_article_that_crashes_the_pipeline_is_an_error_row(monkeypatch):
    def crashing(articles, *, workers=1, gazetteers=()):
        for a in articles:  # a crash of the batch, as an uncaught error inside nlp.pipe would be
            if "BOOM" in a.text:
                raise MemoryError("simulated crash")
        yield from fake_extract_articles(articles)
    monkeypatch.setattr(batch_extract, "extract_articles", crashing)
    lines = [json.dumps(CORPUS[0]), json.dumps({"id": "bad", "text": "BOOM goes the parser."}), json.dumps(CORPUS[1])]
    bundles = extract_chunk([jsonl_item(0, "c.jsonl", n + 1, line) for n, line in enumerate(lines)])
    assert [b.content_id is not None for b in bundles] == [True, False, True]
    (row,) = bundles[1].rows
    assert row.table == "errors" and row.values[4] == "E902" and "MemoryError" in row.values[5]


# --- blocking ---------------------------------------------------------------------------------------------

def _report(cid: str, seq: int, day: str | None, place: Place | None = None, *, etype: str = "attack",
            actors=("islamic-state",), targets=("iraqi-army",), pos: int = 0) -> Report:
    d = date.fromisoformat(day).toordinal() if day else -1
    e = Event(id=f"e{pos + 1}", type=etype, cameo="190", actors=tuple(actors), targets=tuple(targets),
              date=EventDate(day, day, "day") if day else None, location=place, fatalities=seq)
    from sitrep.merge import family_of
    return Report(family_of(etype), (place.country or "") if place else "", d, d, seq, pos, cid, e)


def _blocks(reports):
    tagged = list(chains(sorted(reports, key=sort_key)))
    links = link_chains(chain_summaries(tagged))
    return sorted({links.get(c, c) for c, _ in tagged}), {(r.content_id, r.pos): links.get(c, c) for c, r in tagged}


def test_blocks_chain_within_the_window_and_part_beyond_it():
    tikrit = PLACES["Tikrit"]
    near = [_report("a", 1, "2023-05-01", tikrit), _report("b", 2, f"2023-05-{1 + WINDOW:02d}", tikrit)]
    far = [_report("a", 1, "2023-05-01", tikrit), _report("b", 2, f"2023-05-{1 + WINDOW + 1:02d}", tikrit)]
    assert len(_blocks(near)[0]) == 1 and len(_blocks(far)[0]) == 2


def test_blocks_family_and_country_part_reports():
    tikrit, abroad = PLACES["Tikrit"], Place("Aleppo", "SY", None, 36.2, 37.16, "city")
    reports = [_report("a", 1, "2023-05-01", tikrit), _report("b", 2, "2023-05-01", abroad),
               _report("c", 3, "2023-05-01", tikrit, etype="protest")]
    assert len(_blocks(reports)[0]) == 3


def test_blocks_a_report_without_country_joins_the_chains_it_touches():
    tikrit, abroad = PLACES["Tikrit"], Place("Aleppo", "SY", None, 36.2, 37.16, "city")
    reports = [_report("a", 1, "2023-05-01", tikrit), _report("b", 2, "2023-05-02", abroad),
               _report("c", 3, "2023-05-02", None)]
    names, of = _blocks(reports)
    assert len(names) == 1 and of[("c", 0)] == of[("a", 0)] == of[("b", 0)]


def test_blocks_undated_reports_stand_alone():
    reports = [_report("a", 1, None, PLACES["Tikrit"]), _report("b", 2, None, PLACES["Tikrit"])]
    assert len(_blocks(reports)[0]) == 2


def test_blocks_merge_follows_the_rule_in_input_order():
    tikrit = PLACES["Tikrit"]
    later_first = [_report("b", 2, "2023-05-01", tikrit), _report("a", 1, "2023-05-01", tikrit),
                   _report("a", 1, "2023-05-02", tikrit, pos=1)]  # same article twice: never one event
    merged = merge_block(later_first)
    assert len(merged) == 2
    first = merged[0]
    assert [(r.article_id, r.event_id) for r in first.reports] == [("a", "e1"), ("b", "e1")]
    assert first.event.fatalities == 1  # the lowest figure stated as fact
    from sitrep.merge import canonical_event_id
    assert first.id == canonical_event_id([("a", "e1"), ("b", "e1")])  # the knowledge base's name


def test_blocks_merged_event_named_by_its_smallest_report_id_in_any_order():
    from sitrep.merge import canonical_event_id, kb_event_id
    tikrit = PLACES["Tikrit"]
    names = ["a", "b", "c", "d", "e"]
    by_id = sorted(names, key=lambda n: kb_event_id(n, "e1"), reverse=True)  # every report renames
    for order in (names, by_id, by_id[::-1]):
        reports = [_report(n, k + 1, "2023-05-01", tikrit) for k, n in enumerate(order)]
        [m] = merge_block(reports)
        assert m.id == m.event.id == canonical_event_id((n, "e1") for n in names)
        assert len(m.reports) == 5


def test_blocks_only_the_first_article_of_a_text_is_merged():
    tikrit = PLACES["Tikrit"]
    reports = [_report("a", 1, "2023-05-01", tikrit), _report("a", 5, "2023-05-01", tikrit)]
    ((_, m),) = list(merge_all(reports))
    assert len(m.reports) == 1


# --- the local engine end to end (fake extraction) --------------------------------------------------------------

def test_batch_local_writes_every_table_by_month(tmp_path, fake_pipeline):
    corpus = write_corpus(tmp_path / "c.jsonl")
    out = tmp_path / "out"
    summary = run_batch([corpus], str(out), engine="local")
    assert summary.rows["articles"] == len(CORPUS) and summary.errors == 2
    assert sorted(p.name for p in (out / "events").iterdir() if p.is_dir()) == \
        ["month=2023-05", "month=2023-06", "month=2023-08", "month=unknown"]
    errors = read_table(str(out), "errors")
    assert sorted(e["code"] for e in errors) == ["E104", "E104"]
    assert [x["article"]["id"] for x in read_extractions(str(out))] == [r["id"] for r in CORPUS]
    merged = read_merged(str(out))
    tikrit = [m for m in merged if m["location"] and m["location"]["name"] == "Tikrit"]
    assert len(tikrit) == 1 and tikrit[0]["reports"] == 3  # desert-1, river-2, daily-3 (no place); not the copy


def test_batch_local_workers_write_the_same_records(tmp_path, fake_pipeline):
    corpus = write_corpus(tmp_path / "c.jsonl")
    run_batch([corpus], str(tmp_path / "one"), engine="local")
    run_batch([corpus], str(tmp_path / "two"), engine="local", workers=2)
    assert read_extractions(str(tmp_path / "one")) == read_extractions(str(tmp_path / "two"))
    key = lambda m: json.dumps(m, sort_keys=True)  # noqa: E731
    assert sorted(map(key, read_merged(str(tmp_path / "one")))) == sorted(map(key, read_merged(str(tmp_path / "two"))))


def test_batch_refuses_an_earlier_run_without_overwrite(tmp_path, fake_pipeline):
    corpus = write_corpus(tmp_path / "c.jsonl", bad=False)
    run_batch([corpus], str(tmp_path / "out"))
    with pytest.raises(SitrepError) as exc:
        run_batch([corpus], str(tmp_path / "out"))
    assert exc.value.code == "E903"
    assert run_batch([corpus], str(tmp_path / "out"), overwrite=True).rows["articles"] == len(CORPUS)


@pytest.mark.parametrize("options", [{"partitions": 0}, {"workers": 0}, {"engine": "dask"}])
def test_batch_bad_options_are_e901(tmp_path, options):
    with pytest.raises(SitrepError) as exc:
        run_batch([write_corpus(tmp_path / "c.jsonl")], str(tmp_path / "out"), **options)
    assert exc.value.code == "E901"


def test_batch_spark_engine_without_pyspark_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(SitrepError, match=r"sitrep\[spark\]") as exc:
        run_batch([write_corpus(tmp_path / "c.jsonl")], str(tmp_path / "out"), engine="spark")
    assert exc.value.code == "E900"


def test_batch_cli_reports_failed_articles_and_coded_errors(tmp_path, fake_pipeline, capsys):
    corpus = write_corpus(tmp_path / "c.jsonl")
    assert main(["batch", corpus, "--out", str(tmp_path / "out")]) == 1  # two records failed
    assert "8 articles" in capsys.readouterr().err
    assert main(["batch", str(tmp_path / "nothing.jsonl"), "--out", str(tmp_path / "o2")]) == 2
    assert "[E901]" in capsys.readouterr().err


# --- docs ---------------------------------------------------------------------------------------------------

def test_batch_docs_name_every_table_and_column():
    from pathlib import Path
    from sitrep.batch.tables import TABLES
    docs = (Path(__file__).resolve().parent.parent / "docs" / "batch.md").read_text(encoding="utf-8")
    missing = [f"{t}.{c}" for t, cols in TABLES.items() for c, _ in cols if f"`{c}`" not in docs]
    missing += [t for t in TABLES if f"### `{t}`" not in docs]
    assert not missing, f"docs/batch.md does not document: {missing}"


def test_batch_repeated_ids_are_renamed_as_extract_does(tmp_path, fake_pipeline):
    records = [{"id": "same", "text": "Islamic State militants attacked Tikrit.", "published": "2023-05-14"},
               {"id": "same", "text": "Protesters marched in Basra.", "published": "2023-05-14"},
               {"id": "same", "text": "Islamic State militants attacked Tikrit.", "published": "2023-05-14"}]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    run_batch([str(path)], str(tmp_path / "out"))
    from sitrep.ingest import article_id_for, read_inputs
    expected = [a.id for a in read_inputs([str(path)])]
    assert [x["article"]["id"] for x in read_extractions(str(tmp_path / "out"))] == expected
    assert expected == ["same", f"same-{article_id_for(records[1]['text'])}", "same"]
    assert read_extractions(str(tmp_path / "out")) == [fake_extraction(a).to_dict() for a in read_inputs([str(path)])]


def test_blocks_merged_event_ids_are_the_knowledge_base_ids_in_every_order(tmp_path):
    """Four accounts of one attack (tests/test_merge_determinism.py) in orders where each report
    joining renames the event: the batch merge names it as the knowledge base does."""
    import itertools

    from sitrep.batch.extract import reports_of
    from sitrep.kb import content_id, open_kb
    from test_merge_determinism import articles
    xs = articles()
    for k, order in enumerate(itertools.islice(itertools.permutations(xs), 0, 24, 5)):
        reports = [r for seq, x in enumerate(order) for r in reports_of(x, content_id(x.article.text), seq)]
        batch = sorted((m.id, len(m.reports)) for _, m in merge_all(reports))
        with open_kb(str(tmp_path / f"kb{k}.db")) as kb:
            for x in order:
                kb.ingest(x)
            assert batch == sorted((m.id, len(m.reports)) for m in kb.events(limit=None))
        assert sorted(n for _, n in batch) == [1, 4]


def test_batch_articles_table_keeps_forwarded_from():
    from sitrep.batch.tables import TABLES, article_row
    from sitrep.records import Article
    row = article_row(Article(id="ch-7", text="Rockets hit a base.", source="Ridge Monitor",
                              forwarded_from="Market Watch"), "c1", 7)
    cols = [c for c, _ in TABLES["articles"]]
    assert dict(zip(cols, row.values))["forwarded_from"] == "Market Watch"


def test_batch_a_bad_date_is_warned_once(tmp_path, capsys):
    from sitrep.batch.inputs import id_claim, jsonl_item, read_item
    item = jsonl_item(0, "c.jsonl", 1, '{"id": "a1", "text": "Gunmen fired on a checkpoint.", "published": "2023-13-45"}')
    id_claim(item)  # the first pass (repeated ids) reads quietly
    assert "W101" not in capsys.readouterr().err
    read_item(item)
    assert capsys.readouterr().err.count("W101") == 1


def test_batch_errors_row_of_a_record_without_text_keeps_its_id_and_month():
    from sitrep.batch.extract import extract_chunk
    from sitrep.batch.inputs import jsonl_item
    from sitrep.batch.tables import TABLES
    item = jsonl_item(0, "c.jsonl", 4, '{"id": "wire-9", "title": "no body", "published": "2022-05-06"}')
    [bundle] = extract_chunk([item])
    [row] = [r for r in bundle.rows if r.table == "errors"]
    values = dict(zip([c for c, _ in TABLES["errors"]], row.values))
    assert values["article_id"] == "wire-9" and values["month"] == "2022-05", values
