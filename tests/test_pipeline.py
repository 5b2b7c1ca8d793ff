"""The extraction pipeline as importable functions: extract_articles, run_extract (issue 2)."""
from __future__ import annotations

import io
import json

import pytest

from sitrep.errors import FormatError, InputError, SitrepError
from sitrep.ingest import ReadFailure
from sitrep.pipeline import ExtractFailure, extract_articles, parse_text, run_extract
from sitrep.records import FORMAT, Article, Extraction, extraction_from_dict

ROCKETS = ("Kataib Hezbollah fighters fired rockets at a US base in Syria on Monday, "
           "killing one contractor.")
STRIKE = ("US aircraft carried out an air strike on a Kataib Hezbollah weapons depot near al-Qaim on Sunday, "
          "killing 25 militia members.")
PROTEST = "Thousands of Sadrist Movement supporters protested outside the Iraqi parliament on Saturday."


def _article(id_, text, published="2024-02-10"):
    return Article(id=id_, text=text, published=published, origin=f"{id_}.txt")


# --- without the spaCy model --------------------------------------------------------------------

def test_pipeline_parse_text_blanks_excluded_keeps_offsets():
    text = "RELATED: Militia leader killed\nIraqi officials met in Baghdad."
    art = Article(id="x", text=text, excluded=((0, 30),))
    parsed = parse_text(art)
    assert len(parsed) == len(text)
    assert parsed[:30].strip() == "" and parsed[30:] == text[30:]


def test_pipeline_parse_text_without_exclusions_is_identity():
    art = Article(id="x", text=ROCKETS)
    assert parse_text(art) is ROCKETS


def test_pipeline_run_extract_unknown_format_is_e200(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ROCKETS, encoding="utf-8")
    with pytest.raises(FormatError) as info:
        run_extract([str(path)], fmt="xml", out=io.StringIO(), err=io.StringIO())
    assert info.value.code == "E200" and "xml" in str(info.value)


def test_pipeline_run_extract_bad_published_is_e201(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ROCKETS, encoding="utf-8")
    with pytest.raises(SitrepError) as info:
        run_extract([str(path)], published="10/02/2024", out=io.StringIO(), err=io.StringIO())
    assert info.value.code == "E201"


def test_pipeline_read_failures_pass_through_in_place():
    failure = ReadFailure("broken.jsonl:line 2", InputError("broken.jsonl:line 2: not JSON", code="E104"))
    assert list(extract_articles([failure])) == [failure]


# --- through the model ------------------------------------------------------------------------

@pytest.mark.slow
def test_pipeline_extract_articles_keeps_input_order():
    failure = ReadFailure("bad.txt", InputError("bad.txt: empty", code="E101"))
    items = [_article("one", ROCKETS), failure, _article("two", STRIKE), _article("three", PROTEST)]
    out = list(extract_articles(items))
    assert [o.article.id if isinstance(o, Extraction) else o.origin for o in out] == \
        ["one", "bad.txt", "two", "three"]
    assert [e.type for e in out[0].events] == ["shelling"]
    assert [e.type for e in out[2].events] == ["air_strike"]
    assert [e.type for e in out[3].events] == ["protest"]


@pytest.mark.slow
def test_pipeline_extract_articles_more_than_one_batch():
    items = [_article(f"a{i}", ROCKETS if i % 2 else PROTEST) for i in range(20)]
    out = list(extract_articles(items))
    assert [o.article.id for o in out] == [f"a{i}" for i in range(20)]
    assert all(isinstance(o, Extraction) for o in out)
    assert [o.events[0].type for o in out] == ["shelling" if i % 2 else "protest" for i in range(20)]


@pytest.mark.slow
def test_pipeline_workers_two_equals_one():
    items = [_article(f"w{i}", [ROCKETS, STRIKE, PROTEST][i % 3]) for i in range(7)]
    one = [x.to_dict() for x in extract_articles(items, workers=1)]
    two = [x.to_dict() for x in extract_articles(items, workers=2)]
    assert one == two and len(one) == 7


@pytest.mark.slow
def test_pipeline_user_gazetteer_through_extract_articles(tmp_path):
    gz = tmp_path / "extra.yaml"
    gz.write_text("actors:\n  - {id: liberation-companies, name: Liberation Companies, type: armed_group, "
                  "country: IQ, aliases: [Saraya al-Tahrir]}\n", encoding="utf-8")
    text = "Saraya al-Tahrir said it fired rockets at a US base in Syria on Monday."
    (x,) = extract_articles([_article("g", text)], gazetteers=[str(gz)])
    known = next(a for a in x.actors if a.id == "liberation-companies")
    assert known.known and known.country == "IQ" and known.name == "Liberation Companies"
    (plain,) = extract_articles([_article("g", text)])
    assert "liberation-companies" not in {a.id for a in plain.actors}


@pytest.mark.slow
def test_pipeline_extraction_round_trips_through_dict():
    (x,) = extract_articles([_article("rt", ROCKETS + " " + STRIKE)])
    d = x.to_dict()
    assert d["format"] == FORMAT
    back = extraction_from_dict(json.loads(json.dumps(d)), text=ROCKETS + " " + STRIKE)
    assert back.to_dict() == d


@pytest.mark.slow
def test_pipeline_run_extract_reports_bad_file_and_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ROCKETS, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = run_extract([str(empty), str(good)], fmt="jsonl", out=out, err=err)
    assert code == 1
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["article"]["id"] == "good"
    assert "empty.txt" in err.getvalue() and "E101" in err.getvalue()
    assert "1 input(s) failed, 1 extracted" in err.getvalue()


@pytest.mark.slow
def test_pipeline_run_extract_all_good_exit_zero(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ROCKETS, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run_extract([str(good)], out=out, err=err) == 0
    assert err.getvalue() == ""
    assert json.loads(out.getvalue())["format"] == FORMAT


@pytest.mark.slow
def test_pipeline_extraction_failure_is_reported_not_raised(monkeypatch):
    import sitrep.pipeline as pipeline

    real = pipeline.extract_doc

    def flaky(article, doc, res):
        if article.id == "boom":
            raise ValueError("bad offsets")
        return real(article, doc, res)

    monkeypatch.setattr(pipeline, "extract_doc", flaky)
    out = list(extract_articles([_article("boom", ROCKETS), _article("fine", PROTEST)]))
    assert isinstance(out[0], ExtractFailure) and out[0].origin == "boom.txt"
    assert "bad offsets" in str(out[0].error)
    assert isinstance(out[1], Extraction) and out[1].events
