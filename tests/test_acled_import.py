"""`sitrep import --acled` (issue 9 §2): ACLED rows as knowledge-base events, idempotent,
merged with the events articles tell, malformed rows reported by line."""
from __future__ import annotations

import json

import pytest

from sitrep.acled import import_acled, load_import_table, read_acled
from sitrep.cli import main
from sitrep.errors import SitrepError
from sitrep.kb import open_kb
from sitrep.merge import FAMILIES, family_of
from sitrep.records import Actor, Article, Event, EventDate, Evidence, Extraction, Place

HEADER = ("event_id_cnty,event_date,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,"
          "inter2,country,admin1,location,latitude,longitude,geo_precision,notes,fatalities")
ROWS = [
    "XQ1,2021-03-04,Explosions/Remote violence,Air/drone strike,Military Forces of United States (2021-),,8,"
    "Kataib Hezbollah,,3,Iraq,Anbar,Al Qaim,34.37,41.09,1,A drone hit a depot of the brigades at dawn.,3",
    "XQ2,20210305,Battles,Armed clash,Riverbank Defenders,Hill Guards,2,Military Forces of Iraq (2020-),,1,Iraq,"
    "Nineveh,Sinjar,36.32,41.87,2,Fighters and soldiers exchanged fire for hours.,",
    'XQ3,6 March 2021,Protests,Peaceful protest,Protesters (Iraq),,6,,,,Iraq,Basra,Basra,30.5,47.8,1,'
    '"Teachers marched, asking for unpaid wages.",0',
]


def write(tmp_path, rows, header=HEADER, name="export.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def upper(header: str) -> str:
    return header.upper()


@pytest.fixture
def kb(db_url):
    with open_kb(db_url) as k:
        yield k


def imported(kb, path, **kw):
    problems = []
    summary = import_acled(kb, path, report=problems.append, **kw)
    return summary, problems


def test_acled_import_rows_become_events_with_their_acled_fields(kb, tmp_path):
    summary, problems = imported(kb, write(tmp_path, ROWS))
    assert (summary.rows, summary.events_new, problems) == (3, 3, [])
    evs = {m.reports[0].article_id: m for m in kb.events(limit=None)}
    assert set(evs) == {"acled:XQ1", "acled:XQ2", "acled:XQ3"}
    strike = evs["acled:XQ1"].event
    assert (strike.type, strike.date.start, strike.fatalities) == ("air_strike", "2021-03-04", 3)
    assert (strike.acled.event_type, strike.acled.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert (strike.location.name, strike.location.country, strike.location.admin1) == ("Al Qaim", "IQ", "Anbar")
    assert (strike.location.lat, strike.location.lon, strike.location.precision) == (34.37, 41.09, "city")
    assert strike.evidence[0].text == "A drone hit a depot of the brigades at dawn."
    assert evs["acled:XQ2"].event.location.precision == "region"          # geo_precision 2
    assert evs["acled:XQ2"].event.date.start == "2021-03-05"               # YYYYMMDD
    assert evs["acled:XQ3"].event.date.start == "2021-03-06"               # 6 March 2021
    assert evs["acled:XQ3"].event.type == "protest"
    assert evs["acled:XQ3"].reports[0].source == "ACLED"


def test_acled_import_reads_the_upper_case_download_columns(kb, tmp_path):
    summary, _ = imported(kb, write(tmp_path, ROWS, header=upper(HEADER)))
    assert summary.events_new == 3


def test_acled_import_twice_adds_nothing(kb, tmp_path):
    path = write(tmp_path, ROWS)
    imported(kb, path)
    again, _ = imported(kb, path)
    assert (again.events_new, again.skipped) == (0, 3)
    assert kb.count_events() == 3


def test_acled_import_actors_matched_to_the_gazetteer_or_new(kb, tmp_path):
    imported(kb, write(tmp_path, ROWS))
    strike = next(m.event for m in kb.events(limit=None) if m.event.type == "air_strike")
    assert strike.actors == ("united-states",) and strike.targets == ("kataib-hezbollah",)
    clash = next(m.event for m in kb.events(limit=None) if m.event.type == "armed_clash")
    new = kb.actor("Riverbank Defenders").actor
    assert new.type == "armed_group" and new.id in clash.actors
    assert kb.actor("Hill Guards").actor.id in clash.actors                 # an associated actor acts too
    # the ACLED spelling is now an alias: a second file finds the same actor
    assert kb.resolve_actor("Military Forces of United States (2021-)") == ("united-states",)


def test_acled_import_malformed_rows_are_reported_by_line_and_skipped(kb, tmp_path):
    bad = ["XQ9,someday,Battles,Armed clash,A Band,,2,,,,Iraq,,,,,,x,",
           "XQ8,2021-01-01,Battles,Armed clash,A Band,,2,,,,Iraq,,,,,,x,many",
           "XQ7,2021-01-01,Battles,too few fields"]
    summary, problems = imported(kb, write(tmp_path, [ROWS[0], *bad, ROWS[1]]))
    assert summary.events_new == 2
    assert [p.line for p in problems] == [3, 4, 5]
    assert "fatalities" in problems[1].message and "fields" in problems[2].message


def test_acled_import_a_file_without_the_columns_is_E410(kb, tmp_path):
    with pytest.raises(SitrepError) as err:
        imported(kb, write(tmp_path, ["1,2"], header="date,actor"))
    assert err.value.code == "E410"
    with pytest.raises(SitrepError) as err:
        imported(kb, str(tmp_path / "missing.csv"))
    assert err.value.code == "E410"


def test_acled_import_a_multi_line_note_keeps_the_line_numbers(tmp_path):
    rows = ['XQ1,2021-03-04,Battles,Armed clash,A Band,,2,,,,Iraq,,,,,,"two\nlines",1',
            "XQ2,2021-03-04,Battles,Armed clash,A Band,,2,,,,Iraq,,,,,,x,bad"]
    problems = []
    got = list(read_acled(write(tmp_path, rows), problems.append))
    assert [r.line for r in got] == [2] and [p.line for p in problems] == [4]


def _article_event(kb, text: str, day: str, place: Place, etype: str, actors=(), targets=()) -> str:
    art = Article(id="a1", text=text, published=day, source="Wire")
    ev = Event(id="e1", type=etype, cameo="", actors=actors, targets=targets, date=EventDate(day, day, "day"),
               location=place, evidence=(Evidence(text, 0, len(text)),))
    names = [Actor(id=i, name=i.replace("-", " ").title(), type="armed_group") for i in (*actors, *targets)]
    return kb.ingest(Extraction(article=art, actors=tuple(names), events=(ev,))).event_ids[0]


def test_acled_import_joins_the_event_articles_tell_and_only_in_tells_them_apart(kb, tmp_path):
    qaim = Place("Al Qaim", "IQ", "Anbar", 34.37, 41.09, "city")
    joined = _article_event(kb, "A drone struck a depot in Al Qaim.", "2021-03-04", qaim, "air_strike",
                            targets=("kataib-hezbollah",))
    lone = _article_event(kb, "Gunmen kidnapped a trader in Kirkuk.", "2021-02-01",
                          Place("Kirkuk", "IQ", "Kirkuk", 35.47, 44.39, "city"), "abduction")
    summary, _ = imported(kb, write(tmp_path, ROWS))
    assert (summary.events_merged, summary.events_new) == (1, 2)
    both = kb.events_by_id([joined])[0]
    assert len(both.reports) == 2
    assert {r.source for r in both.reports} == {"Wire", "ACLED"}
    assert [m.id for m in kb.events(only_in="articles", limit=None)] == [lone]
    assert len(kb.events(only_in="acled", limit=None)) == 2
    assert kb.count_events(only_in="acled") == 2
    assert kb.stats().coverage == {"articles": 1, "acled": 2, "both": 1}


def test_acled_import_an_article_ingested_later_joins_the_acled_event(kb, tmp_path):
    imported(kb, write(tmp_path, ROWS))
    qaim = Place("Al Qaim", "IQ", "Anbar", 34.37, 41.09, "city")
    eid = _article_event(kb, "A drone struck a depot in Al Qaim.", "2021-03-04", qaim, "air_strike")
    assert kb.events_by_id([eid])[0].reports[0].article_id == "acled:XQ1"
    assert kb.count_events() == 3 and kb.count_events(only_in="acled") == 2


def test_acled_import_table_names_sitrep_types_and_agrees_with_codes_yaml():
    from sitrep.exports import load_codes
    table = load_import_table()
    assert set(table.types.values()) <= set(FAMILIES)
    # every pair codes.yaml exports a violent or unrest type as comes back in the same family
    for t, spec in load_codes().event_types.items():
        pair = spec.get("acled")
        if pair and family_of(t) in ("violence", "unrest"):
            assert family_of(table.type_of(*pair)) == family_of(t), (t, pair)


def test_acled_import_cli_prints_line_numbers_and_a_summary(tmp_path, capsys):
    db = str(tmp_path / "kb.db")
    path = write(tmp_path, [ROWS[0], "XQ8,2021-01-01,Battles,Armed clash,A Band,,2,,,,Iraq,,,,,,x,many"])
    assert main(["import", "--acled", path, "--db", db, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert "[W410]" in err and ":3:" in err
    assert json.loads(out)["summary"]["events_new"] == 1
    assert main(["events", "--db", db, "--only-in", "acled", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1


def test_acled_import_two_spellings_of_one_gazetteer_actor_in_one_chunk_both_become_aliases(kb, tmp_path):
    rows = [ROWS[0], ROWS[0].replace("XQ1", "XQ4").replace("(2021-)", "(2017-2021)")]
    imported(kb, write(tmp_path, rows))
    for name in ("Military Forces of United States (2021-)", "Military Forces of United States (2017-2021)"):
        assert kb.resolve_actor(name) == ("united-states",)


def test_acled_import_the_web_overview_shows_the_coverage_line(tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient
    from sitrep.web.app import create_app
    db = str(tmp_path / "kb.db")
    with open_kb(db) as kb:
        _article_event(kb, "Gunmen kidnapped a trader in Kirkuk.", "2021-02-01",
                       Place("Kirkuk", "IQ", "Kirkuk", 35.47, 44.39, "city"), "abduction")
        imported(kb, write(tmp_path, ROWS))
    page = TestClient(create_app(db)).get("/").text
    assert 'id="coverage"' in page
    assert 'data-coverage="articles">1<' in page and 'data-coverage="acled">3<' in page
    api = TestClient(create_app(db)).get("/api/events", params={"only_in": "articles"}).json()
    assert api["total"] == 1


def test_acled_import_a_placeless_article_event_meets_no_row_of_another_country(kb, tmp_path):
    text = "Kataib Hezbollah fighters struck a depot with a drone."
    art = Article(id="a9", text=text, published="2021-03-04", source="Wire")
    ev = Event(id="e1", type="air_strike", cameo="", actors=("kataib-hezbollah",),
               date=EventDate("2021-03-04", "2021-03-04", "day"), evidence=(Evidence(text, 0, len(text)),))
    kh = Actor(id="kataib-hezbollah", name="Kataib Hezbollah", type="armed_group", country="IQ")
    kb.ingest(Extraction(article=art, actors=(kh,), events=(ev,)))
    abroad = ("XU1,2021-03-04,Explosions/Remote violence,Air/drone strike,Kataib Hezbollah,,3,,,,Ukraine,Kyiv,"
              "Kyiv,50.45,30.52,1,A drone hit a depot.,0")
    summary, _ = imported(kb, write(tmp_path, [abroad], name="abroad.csv"))
    assert (summary.events_merged, summary.events_new) == (0, 1)
    home = abroad.replace("XU1", "XU2").replace("Ukraine,Kyiv,Kyiv,50.45,30.52", "Iraq,Anbar,Al Qaim,34.37,41.09")
    summary, _ = imported(kb, write(tmp_path, [home], name="home.csv"))
    assert summary.events_merged == 1
