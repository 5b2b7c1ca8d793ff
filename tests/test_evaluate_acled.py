"""Tests for sitrep.evaluate's reading of ACLED's own conventions: country spellings and
actor names, day-first dates, fatalities summed over a note, the disagreement CSV by field,
and notes passed to ingest unchanged.  Every name and note here is made up for the tests."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from sitrep import evaluate as ev
from sitrep.ingest import article_from_record
from sitrep.records import AcledType, Actor, Article, Event, EventDate, Extraction, Place

# --- country names as ACLED writes them ------------------------------------------------------------

@pytest.mark.parametrize("name, code", [
    ("Russia", "RU"), ("Democratic Republic of Congo", "CD"), ("the Democratic Republic of Congo", "CD"),
    ("Palestine", "PS"), ("Turkey", "TR"), ("Ivory Coast", "CI"), ("the United States", "US"),
    ("United States", "US"), ("Iraq", "IQ"), ("Côte d'Ivoire", "CI"), ("Burkina Faso", "BF"),
    ("Atlantis", None),
])
def test_evaluate_country_code_reads_acled_spellings(name, code):
    assert ev.country_code(name) == code


def _people(*actors: Actor, agents: int = 1) -> list:
    event = Event(id="e1", type="attack", cameo="190", actors=tuple(a.id for a in actors[:agents]),
                  targets=tuple(a.id for a in actors[agents:]))
    return ev._participants(event, {a.id: a for a in actors})


NORTH_TROOPS = Actor("north-troops", "Northland troops", "state_military", country="RU")
CONGO_ARMY = Actor("congo-army", "Congolese soldiers", "state_military", country="CD")
TURK_GOV = Actor("turk-gov", "Ankara government", "government", country="TR")
US_FORCES = Actor("us-forces", "American troops", "state_military", country="US")
VILLAGERS = Actor("villagers", "Villagers", "civilians")


@pytest.mark.parametrize("name, actor, found", [
    ("Military Forces of Russia (2000-)", NORTH_TROOPS, True),
    ("Military Forces of the Democratic Republic of Congo (2019-)", CONGO_ARMY, True),
    ("Government of Turkey (2016-)", TURK_GOV, True),
    ("Military Forces of the United States (2021-)", US_FORCES, True),
    ("Police Forces of Ivory Coast (2011-)", CONGO_ARMY, False),
])
def test_evaluate_state_forces_match_by_acled_country_name(name, actor, found):
    assert ev.actor_matches(name, _people(actor, VILLAGERS)) is found


# --- "ABBR: Full name" --------------------------------------------------------------------------------

GUARDS = Actor("vg", "VG", "armed_group", known=False)
RIVER_FRONT = Actor("rlf", "River Liberation Front", "armed_group")


@pytest.mark.parametrize("name, actor, found", [
    ("VG: Valley Guardians", GUARDS, True),                         # the abbreviation half
    ("RLF: River Liberation Front", RIVER_FRONT, True),             # the full-name half
    ("RLF (Northland): River Liberation Front (Northland)", RIVER_FRONT, True),
    ("VGX: Valley Guardians Extra", GUARDS, False),                 # short names must be equal
    ("XY: Mountain Rangers", RIVER_FRONT, False),
])
def test_evaluate_abbreviated_actor_names_match_either_half(name, actor, found):
    assert ev.actor_matches(name, _people(actor, VILLAGERS)) is found


def test_evaluate_parse_acled_actor_abbreviation():
    actor = ev.parse_acled_actor("RLF: River Liberation Front")
    assert actor.names == ("rlf", "river liberation front") and actor.state is None


# --- state forces with a period and a faction ----------------------------------------------------

HILL_MOVEMENT = Actor("hill-movement", "Hill Movement", "armed_group", country="YE", aliases=("Hillmen",))
YEMENI_ARMY = Actor("ye-army", "Government troops", "state_military", country="YE")


def test_evaluate_parse_acled_actor_state_forces_with_faction():
    actor = ev.parse_acled_actor("Military Forces of Yemen (2017-) Hillmen")
    assert (actor.state, actor.period, actor.faction) == ("YE", "2017-", "hillmen")
    plain = ev.parse_acled_actor("Police Forces of Iraq (2018 - 2022)")
    assert (plain.state, plain.period, plain.faction) == ("IQ", "2018-2022", None)


@pytest.mark.parametrize("name, actor, found", [
    ("Military Forces of Yemen (2017-) Hillmen", HILL_MOVEMENT, True),   # the faction names it
    ("Military Forces of Yemen (2017-) Hillmen", YEMENI_ARMY, False),    # not the state's other forces
    ("Military Forces of Yemen (2012-)", YEMENI_ARMY, True),
    ("Military Forces of Yemen (2012-)", HILL_MOVEMENT, False),
])
def test_evaluate_state_forces_faction_rule(name, actor, found):
    assert ev.actor_matches(name, _people(actor, VILLAGERS)) is found


# --- day-first and month-first dates ---------------------------------------------------------------

@pytest.mark.parametrize("value, order, expected", [
    ("14/01/2023", None, dt.date(2023, 1, 14)),
    ("01/14/2023", None, dt.date(2023, 1, 14)),
    ("14.01.2023", None, dt.date(2023, 1, 14)),
    ("5/5/2023", None, dt.date(2023, 5, 5)),
    ("04/09/2021", "dmy", dt.date(2021, 9, 4)),
    ("04/09/2021", "mdy", dt.date(2021, 4, 9)),
    ("January 14, 2023", None, dt.date(2023, 1, 14)),
])
def test_evaluate_acled_numeric_dates(value, order, expected):
    assert ev.parse_acled_date(value, order) == expected


@pytest.mark.parametrize("value", ["04/09/2021", "14/14/2023", "31/02/2023", "14/01/23"])
def test_evaluate_acled_numeric_dates_rejected(value):
    with pytest.raises(ValueError):
        ev.parse_acled_date(value)


HEADER = "event_id_cnty,event_date,event_type,notes"


@pytest.mark.parametrize("dates, expected", [
    (["25/12/2022", "04/09/2021"], [dt.date(2022, 12, 25), dt.date(2021, 9, 4)]),   # the file is day-first
    (["12/25/2022", "04/09/2021"], [dt.date(2022, 12, 25), dt.date(2021, 4, 9)]),   # the file is month-first
])
def test_evaluate_read_acled_follows_the_files_date_order(dates, expected):
    text = "\n".join([HEADER, *(f"D{i},{d},Protests,A crowd gathered." for i, d in enumerate(dates))])
    rows, problems = ev.read_acled(text)
    assert problems == [] and [r.day for r in rows] == expected


def test_evaluate_read_acled_undecided_date_is_a_bad_row():
    text = "\n".join([HEADER, "D1,04/09/2021,Protests,A crowd gathered.",
                      "D2,2021-09-05,Protests,A crowd gathered."])
    rows, problems = ev.read_acled(text)
    assert [r.event_id for r in rows] == ["D2"]
    assert problems[0].line == 2 and "day-first or month-first" in problems[0].message
    assert ev.date_order(["13/05/2012", "14/05/2012"]) == "dmy" and ev.date_order(["13/05/2012", "05/13/2012"]) is None


# --- fatalities summed over the note ---------------------------------------------------------------

def _event(i: int, deaths: int | None, **kw) -> Event:
    return Event(id=f"e{i}", type="attack", cameo="190", fatalities=deaths, **kw)


@pytest.mark.parametrize("events, total", [
    ([_event(1, 3), _event(2, 2)], 5),
    ([_event(1, 3), _event(2, 7, certainty="claimed")], 3),     # a claim is no fact
    ([_event(1, 3), _event(2, 40, count=4)], 3),                # the toll of several events
    ([_event(1, None), _event(2, 1)], 1),
    ([], 0),
])
def test_evaluate_stated_fatalities(events, total):
    assert ev.stated_fatalities(events) == total


def _row(**kw) -> ev.AcledRow:
    base = dict(line=2, event_id="T1", day=dt.date(2021, 4, 9), notes="note", event_type="Battles",
                sub_event_type="Armed clash", actor1="Hill Movement", actor2="Villagers", lat=15.0, lon=44.0,
                fatalities=5)
    base.update(kw)
    return ev.AcledRow(**base)


CLASH = Event(id="e1", type="armed_clash", cameo="190", acled=AcledType("Battles", "Armed clash"),
              actors=("hill-movement",), targets=("villagers",), fatalities=3,
              date=EventDate("2021-04-09", "2021-04-09", "report"),
              location=Place("Far town", "YE", lat=17.0, lon=44.0, precision="city"))
AFTER = Event(id="e2", type="attack", cameo="190", fatalities=2, date=EventDate("2021-04-08", "2021-04-08", "day"),
              location=Place("Near town", "YE", lat=15.1, lon=44.0, precision="city"))


def _extraction(*events: Event) -> Extraction:
    return Extraction(article=Article(id="a", text="note", published="2021-04-09"),
                      actors=(HILL_MOVEMENT, VILLAGERS), events=events)


def test_evaluate_compare_row_sums_fatalities_and_reads_any_event():
    c = ev.compare_row(_row(), _extraction(CLASH, AFTER))
    assert (c.fatalities, c.headline_fatalities) == (5, 3)
    assert c.agreement()["fatalities"] is True
    assert c.agreement()["place"] is False and c.any_event()["place"] is True
    summary = {m.name: (m.agree, m.total) for m in ev.summarise([c]).measures}
    assert summary["fatalities (sum) exact, deaths"] == (1, 1)
    assert summary["fatalities (headline) exact"] == (0, 1)
    assert summary["place within 50 km, any event"] == (1, 1)


# --- the disagreement CSV --------------------------------------------------------------------------

@pytest.mark.parametrize("text, fields", [
    ("type,sub_type,fatalities", ("type", "sub_type", "fatalities")),
    ("fatalities, event_type", ("type", "fatalities")),
    ("PLACE,date", ("date", "place")),
])
def test_evaluate_parse_fields(text, fields):
    assert ev.parse_fields(text) == fields


@pytest.mark.parametrize("text", ["colour", "type,weather", ""])
def test_evaluate_parse_fields_rejects_unknown(text):
    with pytest.raises(ValueError):
        ev.parse_fields(text)


def test_evaluate_disagreements_one_row_per_field_sorted_and_filtered():
    comparisons = [
        ev.compare_row(_row(line=2, fatalities=9), _extraction(CLASH, AFTER)),
        ev.compare_row(_row(line=3, sub_event_type="Attack", actor1="Lake Raiders"), _extraction(CLASH)),
        ev.RowComparison(_row(line=4), error="boom"),
    ]
    out = io.StringIO()
    n = ev.write_disagreements(comparisons, out, fields=("sub_type", "actor1", "fatalities"))
    got = [(r["field"], r["line"], r["acled"], r["sitrep"]) for r in csv.DictReader(io.StringIO(out.getvalue()))]
    assert n == len(got) == 5
    assert got == [("sub_type", "3", "Attack", "Armed clash"),
                   ("actor1", "3", "Lake Raiders", "Hill Movement; Villagers"),
                   ("fatalities", "2", "9", "5"), ("fatalities", "3", "5", "3"),
                   ("error", "4", "", "")]
    summary = ev.summarise(comparisons, fields=("sub_type", "actor1", "fatalities"))
    assert dict(summary.disagreements) == {"sub_type": 1, "actor1": 1, "fatalities": 2}
    assert "disagreeing rows per field: sub_type 1, actor1 1, fatalities 2, error 1" in \
        ev.format_acled_summary(summary)


# --- notes pass to ingest unchanged ---------------------------------------------------------------

@pytest.mark.parametrize("notes", [
    "On 3 May 2022, herders burned two huts near a well. [size=no report]",
    "On 3 May 2022, a crowd marched to the town hall. [size=hundreds] [women targeted: Candidates]",
    "On 3 May 2022, a patrol found a device [unexploded] by the road.",
])
def test_evaluate_row_article_is_what_ingest_reads(notes):
    row = _row(notes=notes, day=dt.date(2022, 5, 3))
    mine = ev.row_article(row)
    ingest = article_from_record({"id": mine.id, "text": notes, "published": "2022-05-03"},
                                 origin=mine.origin, where="test")
    assert mine.text == notes
    assert (mine.excluded, mine.published) == (ingest.excluded, ingest.published)
