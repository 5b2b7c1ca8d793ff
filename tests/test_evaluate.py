"""Tests for sitrep.evaluate: reading an analyst's ACLED export and gold files, comparing
sitrep's reading with them field by field, and the `sitrep evaluate` command."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from sitrep import evaluate as ev
from sitrep.errors import CODES, SitrepError
from sitrep.records import AcledType, Actor, Article, Event, EventDate, Extraction, Place

API_HEADER = ("event_id_cnty,event_date,event_type,sub_event_type,actor1,assoc_actor_1,actor2,"
              "location,latitude,longitude,fatalities,notes,source")


def _csv(*rows: str, header: str = API_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


# --- reading ACLED exports --------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2021-04-09", dt.date(2021, 4, 9)),
    ("2021-04-09T00:00:00", dt.date(2021, 4, 9)),
    ("20210409", dt.date(2021, 4, 9)),
    ("9 April 2021", dt.date(2021, 4, 9)),
    ("09-Apr-2021", dt.date(2021, 4, 9)),
    (" 31 December 2019 ", dt.date(2019, 12, 31)),
])
def test_evaluate_acled_dates(value, expected):
    assert ev.parse_acled_date(value) == expected


@pytest.mark.parametrize("value", ["", "April 2021", "2021-02-30", "9 Aprol 2021", "04/09/2021"])
def test_evaluate_acled_bad_dates(value):
    with pytest.raises(ValueError):
        ev.parse_acled_date(value)


def test_evaluate_read_acled_api_columns():
    text = _csv('XYZ1,2021-04-09,Riots,Mob violence,Rioters (Iraq),,Civilians (Iraq),Basra,30.5,47.8,0,'
                '"On 9 April 2021, a crowd, angry at a power cut, burned tyres in Basra.",Local radio')
    rows, problems = ev.read_acled(text)
    assert problems == []
    (row,) = rows
    assert (row.line, row.event_id, row.day, row.lat, row.fatalities) == (2, "XYZ1", dt.date(2021, 4, 9), 30.5, 0)
    assert row.actor2 == "Civilians (Iraq)" and row.notes.startswith("On 9 April")


def test_evaluate_read_acled_download_columns_and_semicolons():
    header = "EVENT_ID_CNTY;EVENT_DATE;EVENT_TYPE;SUB_EVENT_TYPE;ACTOR1;ACTOR2;LATITUDE;LONGITUDE;FATALITIES;NOTES"
    text = _csv("ABC7;20200102;Battles;Armed clash;Group A;Group B;33.1;44.2;3;Two groups fought.",
                header=header)
    rows, problems = ev.read_acled(text)
    assert problems == [] and rows[0].event_type == "Battles" and rows[0].day == dt.date(2020, 1, 2)


def test_evaluate_read_acled_reports_bad_rows_by_line():
    text = _csv(
        'A1,2021-04-09,Riots,Mob violence,,,,X,1,1,0,"A note\nthat runs over two lines.",S',
        "A2,someday,Riots,Mob violence,,,,X,1,1,0,A note.,S",
        "A3,2021-04-10,Riots,Mob violence,,,,X,1,1,few,A note.,S",
        "A4,2021-04-11,Riots,Mob violence,,,,X,95,1,0,A note.,S",
        "A5,2021-04-12,Riots,Mob violence,,,,X,1,1,0,,S",
        "A6,2021-04-12,too,few",
        "A7,2021-04-13,Riots,Mob violence,,,,X,,,2,A good note.,S",
    )
    rows, problems = ev.read_acled(text)
    assert [r.event_id for r in rows] == ["A1", "A7"]
    assert rows[1].line == 9 and rows[1].lat is None
    assert [p.line for p in problems] == [4, 5, 6, 7, 8]
    assert "someday" in problems[0].message and "few" in problems[1].message
    assert "latitude" in problems[2].message and "notes" in problems[3].message


def test_evaluate_read_acled_without_notes_column_is_coded_error():
    with pytest.raises(SitrepError) as err:
        ev.read_acled("event_date,event_type\n2021-01-01,Battles\n")
    assert err.value.code == "E700"
    with pytest.raises(SitrepError) as err:
        ev.read_acled_file("/nonexistent/acled.csv")
    assert err.value.code == "E700"


def test_evaluate_row_article_is_published_on_event_day_and_quiets_tags():
    text = _csv('A1,2021-04-09,Riots,Mob violence,,,,X,1,1,0,"Crowds burned tyres. [size=no report]",S')
    row = ev.read_acled(text)[0][0]
    art = ev.row_article(row)
    assert art.published == "2021-04-09" and art.text == row.notes
    assert [art.text[s:e] for s, e in art.excluded] == ["[size=no report]"]


# --- matching actors --------------------------------------------------------------------------------

def _people(*actors: Actor, agents: int = 1) -> list:
    event = Event(id="e1", type="attack", cameo="190", actors=tuple(a.id for a in actors[:agents]),
                  targets=tuple(a.id for a in actors[agents:]))
    return ev._participants(event, {a.id: a for a in actors})


ARMY = Actor("iraqi-army", "Iraqi Army", "state_military", country="IQ")
MILITIA = Actor("lions-brigade", "Lions Brigade", "armed_group", aliases=("Liwa al-Usud",))
CIVILIANS = Actor("civilians", "Civilians", "civilians")


@pytest.mark.parametrize("name, people, found", [
    ("Lions Brigade", [MILITIA], True),
    ("Liwa al-Usud (Iraq)", [MILITIA], True),                     # alias, qualifier dropped
    ("Military Forces of Iraq (2018-2022)", [ARMY], True),         # a state's forces by country
    ("Police Forces of Iraq (2018-2022)", [ARMY], True),
    ("Military Forces of Syria (2000-)", [ARMY], False),
    ("Civilians (Iraq)", [MILITIA, CIVILIANS], True),
    ("Lions", [MILITIA], True),                                    # contained, longer than 3
    ("Lion", [MILITIA], False),
    ("Tigers Brigade", [MILITIA], False),
])
def test_evaluate_actor_matches(name, people, found):
    assert ev.actor_matches(name, _people(*people)) is found


def test_evaluate_unidentified_group_is_an_unnamed_agent():
    assert ev.actor_matches("Unidentified Armed Group (Iraq)", _people(CIVILIANS, agents=0))
    assert not ev.actor_matches("Unidentified Armed Group (Iraq)", _people(MILITIA, CIVILIANS))


@pytest.mark.parametrize("a, b, same", [
    ("Al-Qa'ida", "qa ida", True), ("The Guardians", "guardians", True), ("Abc", "Abcd", False),
])
def test_evaluate_fold(a, b, same):
    assert (ev.fold(a) == ev.fold(b)) is same


# --- comparing rows ---------------------------------------------------------------------------------

def _row(**kw) -> ev.AcledRow:
    base = dict(line=2, event_id="T1", day=dt.date(2021, 4, 9), notes="note",
                event_type="Battles", sub_event_type="Armed clash", actor1="Lions Brigade",
                actor2="Military Forces of Iraq (2018-2022)", lat=33.0, lon=44.0, fatalities=3)
    base.update(kw)
    return ev.AcledRow(**base)


def _extraction(*events: Event, actors=(MILITIA, ARMY)) -> Extraction:
    return Extraction(article=Article(id="a", text="note", published="2021-04-09"),
                      actors=tuple(actors), events=events)


CLASH = Event(id="e1", type="armed_clash", cameo="190", acled=AcledType("Battles", "Armed clash"),
              actors=("lions-brigade",), targets=("iraqi-army",),
              date=EventDate("2021-04-09", "2021-04-09", "report"),
              location=Place("Somewhere", "IQ", lat=33.2, lon=44.1, precision="city"), fatalities=3)
SPEECH = Event(id="e0", type="statement", cameo="01", actors=("iraqi-army",))


def test_evaluate_compare_row_all_agree():
    c = ev.compare_row(_row(), _extraction(SPEECH, CLASH))
    agree = c.agreement()
    assert all(agree.values()), agree
    assert 20 < c.distance_km < 30


def test_evaluate_compare_row_disagreements():
    wrong = Event(id="e1", type="attack", cameo="190",
                  acled=AcledType("Violence against civilians", "Attack"), actors=(),
                  date=EventDate("2021-04", "2021-04", "month"),
                  location=Place("Far", "IQ", lat=36.0, lon=44.0, precision="city"))
    agree = ev.compare_row(_row(), _extraction(wrong)).agreement()
    assert agree == {"type": False, "sub_type": False, "actor1": False, "actor2": False,
                     "fatalities": False, "date": False, "place": False}


def test_evaluate_compare_row_without_event_or_coordinates():
    c = ev.compare_row(_row(lat=None, lon=None, fatalities=0, actor2=""), _extraction())
    agree = c.agreement()
    assert not c.found
    assert agree["place"] is None and agree["actor2"] is None
    assert agree["fatalities"] is True  # nothing stated is no deaths, as ACLED codes it
    assert agree["type"] is False and agree["date"] is False


def test_evaluate_summary_and_disagreement_csv():
    rows = [ev.compare_row(_row(line=2), _extraction(CLASH)),
            ev.compare_row(_row(line=3, fatalities=0, sub_event_type="Attack"), _extraction(CLASH)),
            ev.compare_row(_row(line=4), _extraction())]
    summary = ev.summarise(rows, skipped=1)
    shares = {m.name: (m.agree, m.total) for m in summary.measures}
    assert shares["event type"] == (2, 3)
    assert shares["sub-event type"] == (1, 3)
    assert shares["fatalities (sum) exact, deaths"] == (1, 2)
    assert shares["fatalities (sum) exact, none"] == (0, 1)
    assert (summary.no_event, summary.skipped, summary.located) == (1, 1, 2)
    table = ev.format_acled_summary(summary)
    assert "place within 50 km" in table and "median km" in table
    out = io.StringIO()
    assert ev.write_disagreements(rows, out) == 9
    got = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["field"], r["line"]) for r in got][:3] == [("type", "4"), ("sub_type", "3"), ("sub_type", "4")]
    sub = got[1]
    assert (sub["acled"], sub["sitrep"], sub["event_id_cnty"]) == ("Attack", "Armed clash", "T1")


@pytest.mark.parametrize("a, b, km", [((33.0, 44.0), (33.0, 44.0), 0.0), ((0.0, 0.0), (0.0, 1.0), 111.2)])
def test_evaluate_distance(a, b, km):
    assert ev.distance_km(*a, *b) == pytest.approx(km, abs=0.1)


# --- scoring against gold ---------------------------------------------------------------------------

def _gold_actor(id_, name, *aliases, required=True):
    return {"id": id_, "name": name, "type": "armed_group", "aliases": list(aliases), "required": required}


GOLD = {
    "format": "sitrep/1",
    "article": {"id": "g1", "published": "2021-04-09", "file": "g1.txt"},
    "actors": [_gold_actor("lions", "Lions Brigade", "Liwa al-Usud"), _gold_actor("army", "Iraqi Army"),
               _gold_actor("extra", "Old Front", required=False)],
    "events": [
        {"id": "e1", "type": "armed_clash", "actors": ["lions"], "targets": ["army"],
         "date": {"start": "2021-04-08", "end": "2021-04-08", "precision": "day"},
         "location": {"name": "Samarra", "lat": 34.2, "lon": 43.9, "precision": "city"},
         "fatalities": 4, "certainty": "reported",
         "evidence": [{"text": "Fighters of the Lions Brigade clashed with the army near Samarra"}]},
        {"id": "e2", "type": "statement", "actors": ["army"], "targets": [], "required": False,
         "evidence": [{"text": "The army said the area was calm"}]},
        {"id": "e3", "type": "protest", "actors": [], "targets": [],
         "evidence": [{"text": "Students marched in the capital"}]},
    ],
    "relations": [{"subject": "lions", "predicate": "opposes", "object": "army"},
                  {"subject": "lions", "predicate": "backed_by", "object": "extra", "required": False}],
}
SYSTEM = {
    "actors": [{"id": "lions-brigade", "name": "Lions Brigade"}, {"id": "iraqi-army", "name": "Iraqi Army"},
               {"id": "x", "name": "Someone Else"}],
    "events": [
        {"type": "attack", "actors": ["lions-brigade"], "targets": ["iraqi-army"],
         "date": {"start": "2021-04-08", "end": "2021-04-08", "precision": "day"},
         "location": {"name": "Samarra city", "lat": 34.19, "lon": 43.88}, "fatalities": 3,
         "evidence": [{"text": "On Thursday fighters of the Lions Brigade clashed with the army near Samarra."}]},
        {"type": "statement", "actors": ["iraqi-army"],
         "evidence": [{"text": "The army said the area was calm."}]},
        {"type": "arrest", "actors": ["iraqi-army"], "evidence": [{"text": "Police detained two men."}]},
    ],
    "relations": [{"subject": "iraqi-army", "predicate": "opposes", "object": "lions-brigade"},
                  {"subject": "x", "predicate": "allied_with", "object": "lions-brigade"}],
}


def test_evaluate_score_gold_counts():
    s = ev.score_gold(GOLD, SYSTEM)
    assert (s.actors.tp, s.actors.system, s.actors.gold) == (2, 3, 2)
    # e1 matched (other type, same family); e2 matched but not required; e3 missed; arrest spurious
    assert (s.events.tp, s.events.system, s.events.gold) == (1, 2, 2)
    # opposes holds in either direction; the alliance names an actor gold does not have
    assert (s.relations.tp, s.relations.system, s.relations.gold) == (1, 2, 1)
    shares = s.attribute_shares()
    assert shares["type"] == 0.5            # the clash told as an attack; the statement right
    assert shares["actors"] == 1.0 and shares["targets"] == 1.0
    assert shares["date"] == 1.0 and shares["location"] == 1.0 and shares["fatalities"] == 0.0
    assert shares["certainty"] is None


def test_evaluate_score_gold_needs_evidence_cover():
    system = json.loads(json.dumps(SYSTEM))
    system["events"][0]["evidence"] = [{"text": "Fighting was reported near Samarra."}]
    assert ev.score_gold(GOLD, system).events.tp == 0


def test_evaluate_overall_is_taken_from_the_printed_figures():
    s = ev.score_gold(GOLD, SYSTEM, "a")
    row = s.row()
    assert row["overall"] == round((row["events"] + row["relations"] + row["actors"] + s.attribute_mean) / 4, 3)
    assert s.as_dict()["overall"] == s.overall


def test_evaluate_mean_of_files_weighs_each_file_the_same():
    good, empty = ev.score_gold(GOLD, SYSTEM, "good"), ev.score_gold(GOLD, {}, "empty")
    mean = ev.mean_of_files([good, empty])
    assert mean["events"] == pytest.approx(round(good.row()["events"] / 2, 3), abs=0.001)
    assert mean["overall"] == pytest.approx((good.overall + empty.overall) / 2, abs=0.001)
    table = ev.format_gold_table([good, empty])
    assert "mean of files" in table and "all (micro)" in table and "attributes" in table.splitlines()[0]


def test_evaluate_counts_add_up_micro():
    total = ev.total_score([ev.score_gold(GOLD, SYSTEM, "a"), ev.score_gold(GOLD, SYSTEM, "b")])
    assert (total.events.tp, total.events.system, total.events.gold) == (2, 4, 4)
    assert total.events.f1 == pytest.approx(0.5)
    assert "events" in ev.format_gold_table([total])


@pytest.mark.parametrize("gold, system, overlap", [
    ({"start": "2021-04"}, {"start": "2021-04-30", "precision": "day"}, True),
    ({"start": "2021-04-08", "precision": "day"}, {"start": "2021-04-09", "precision": "report"}, False),
    ({"start": "2021"}, None, False),
])
def test_evaluate_dates_overlap(gold, system, overlap):
    assert ev.dates_overlap(gold, system) is overlap


def test_evaluate_find_gold_cases(tmp_path):
    gold_dir, texts = tmp_path / "gold", tmp_path / "texts"
    gold_dir.mkdir()
    texts.mkdir()
    (gold_dir / "g1.json").write_text(json.dumps(GOLD))
    (texts / "g1.txt").write_text("Fighters of the Lions Brigade clashed with the army near Samarra.")
    (gold_dir / "notes.json").write_text('{"format": "other"}')
    (gold_dir / "broken.json").write_text("{")
    orphan = dict(GOLD, article={"id": "nowhere"})
    (gold_dir / "orphan.json").write_text(json.dumps(orphan))
    cases, skipped = ev.find_gold_cases(gold_dir, texts)
    assert [c.name for c in cases] == ["g1"] and cases[0].text_path == texts / "g1.txt"
    assert len(skipped) == 3 and any("orphan.json" in s and "text not found" in s for s in skipped)
    with pytest.raises(SitrepError) as err:
        ev.find_gold_cases(tmp_path / "missing")
    assert err.value.code == "E700"
    with pytest.raises(SitrepError):
        ev.find_gold_cases(texts)  # no gold there


def test_evaluate_codes_declared():
    assert {"E700", "E701", "W700", "W701"} <= set(CODES)
