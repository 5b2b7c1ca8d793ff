"""Merging rules: which reports are one real event, and the headline figures."""
from __future__ import annotations

from datetime import date

import pytest

from sitrep import merge
from sitrep.records import Event, EventDate, EventReport, Evidence, MergedEvent, Place

QAIM = Place("al-Qaim", "IQ", "Anbar", 34.37, 41.09, "city")
QAIM_NEAR = Place("Husaybah", "IQ", "Anbar", 34.41, 41.00, "city")   # ~9 km away
TAJI = Place("Camp Taji", "IQ", "Baghdad", 33.52, 44.26, "site")
ANBAR = Place("Anbar", "IQ", "Anbar", 33.0, 42.0, "admin1")
IRAQ = Place("Iraq", "IQ", None, 33.0, 44.0, "country")


def day(d: str) -> EventDate:
    return EventDate(d, d, "day")


def ev(id="e1", type="air_strike", actors=("united-states",), targets=("kataib-hezbollah",), when=day("2019-12-29"),
       where=QAIM, fatalities=None, certainty="reported", count=1) -> Event:
    return Event(id=id, type=type, cameo="195", actors=actors, targets=targets, date=when, location=where,
                 fatalities=fatalities, certainty=certainty, count=count,
                 evidence=(Evidence(f"{type} sentence", 0, 10),))


def report(e: Event, article: str = "a1") -> EventReport:
    return EventReport(article_id=article, event_id=e.id, type=e.type, date=e.date, location=e.location,
                       fatalities=e.fatalities, certainty=e.certainty, evidence=e.evidence)


def kb_event(*pairs: tuple[Event, str]) -> MergedEvent:
    events = [e for e, _ in pairs]
    reports = [report(e, a) for e, a in pairs]
    return MergedEvent(event=merge.headline("ev1", events, reports), reports=tuple(reports))


def test_merge_same_strike_from_two_sources_merges():
    existing = kb_event((ev(fatalities=25), "reuters"))
    new = ev(where=QAIM_NEAR, fatalities=24)
    assert merge.best_match(new, "ap", [existing]) is existing


def test_merge_same_day_different_towns_kept_apart():
    existing = kb_event((ev(where=QAIM), "reuters"))
    other_town = ev(where=TAJI)
    assert merge.match_score(other_town, "ap", existing) is None


def test_merge_same_named_place_without_coordinates_merges():
    existing = kb_event((ev(where=Place("Jurf al-Sakhar", "IQ", None, None, None, "city"), actors=()), "a"))
    new = ev(where=Place("Jurf al Sakhar", "IQ", None, None, None, "city"), actors=())
    assert merge.best_match(new, "b", [existing]) is existing


@pytest.mark.parametrize("other_day, merges", [("2019-12-30", True), ("2019-12-28", True),
                                               ("2020-01-01", False), ("2019-12-25", False)])
def test_merge_day_precision_dates(other_day, merges):
    existing = kb_event((ev(), "reuters"))
    new = ev(when=day(other_day))
    assert (merge.best_match(new, "ap", [existing]) is not None) is merges


def test_merge_month_date_overlapping_a_day_merges_with_same_actors():
    existing = kb_event((ev(where=None), "reuters"))
    vague = ev(when=EventDate("2019-12", "2019-12", "month"), where=IRAQ)
    assert merge.best_match(vague, "blog", [existing]) is existing


def test_merge_same_actors_without_place_merges_but_other_target_does_not():
    existing = kb_event((ev(where=None), "reuters"))
    assert merge.best_match(ev(where=ANBAR), "ap", [existing]) is existing
    assert merge.best_match(ev(where=ANBAR, targets=("asaib-ahl-al-haq",)), "ap", [existing]) is None


def test_merge_unknown_attackers_same_base_merges():
    existing = kb_event((ev(type="shelling", actors=("kataib-hezbollah",), targets=("united-states",),
                            where=TAJI), "reuters"))
    unattributed = ev(type="attack", actors=(), targets=("united-states",), where=TAJI)
    assert merge.best_match(unattributed, "ap", [existing]) is existing


def test_merge_never_two_reports_from_the_same_article():
    existing = kb_event((ev(), "reuters"))
    assert merge.best_match(ev(id="e2"), "reuters", [existing]) is None


def test_merge_aggregate_never_merges_with_single_event():
    existing = kb_event((ev(), "reuters"))
    assert merge.best_match(ev(count=23), "ap", [existing]) is None


def test_merge_undated_report_never_merges():
    existing = kb_event((ev(), "reuters"))
    assert merge.best_match(ev(when=None), "ap", [existing]) is None


@pytest.mark.parametrize("a, b, ok", [
    ("air_strike", "air_strike", True), ("air_strike", "shelling", True), ("attack", "bombing", True),
    ("air_strike", "abduction", False), ("protest", "riot", False), ("statement", "threat", False),
    ("air_strike", "protest", False), ("arrest", "arrest", True),
])
def test_merge_types_compatible(a, b, ok):
    assert merge.types_compatible(a, b) is ok


def test_merge_best_match_prefers_same_place():
    far = kb_event((ev(where=ANBAR), "a"))
    near = MergedEvent(event=merge.headline("ev2", [ev(where=QAIM)], [report(ev(where=QAIM), "b")]),
                       reports=(report(ev(where=QAIM), "b"),))
    assert merge.best_match(ev(where=QAIM_NEAR), "c", [far, near]).id == "ev2"


def test_merge_headline_fatalities_most_conservative_fact_only():
    pairs = [(ev(fatalities=25), "reuters"), (ev(fatalities=24), "ap"),
             (ev(fatalities=80, certainty="claimed"), "tasnim"), (ev(fatalities=3, certainty="false"), "x")]
    m = kb_event(*pairs)
    assert m.event.fatalities == 24
    assert [r.fatalities for r in m.reports] == [25, 24, 80, 3]  # every source keeps its own figure


def test_merge_headline_no_stated_fact_gives_null():
    assert kb_event((ev(fatalities=80, certainty="claimed"), "tasnim")).event.fatalities is None


def test_merge_headline_most_precise_date_place_and_union_of_actors():
    vague = ev(when=EventDate("2019-12", "2019-12", "month"), where=IRAQ, actors=("united-states",))
    precise = ev(when=day("2019-12-29"), where=QAIM, actors=("united-states-armed-forces",), type="attack")
    head = merge.headline("ev1", [vague, precise], [report(vague, "a"), report(precise, "b")])
    assert head.date == day("2019-12-29")
    assert head.location == QAIM
    assert head.type == "air_strike"  # the specific type wins over the generic "attack"
    assert head.actors == ("united-states", "united-states-armed-forces")


def test_merge_headline_certainty_is_strongest():
    m = kb_event((ev(certainty="claimed"), "a"), (ev(certainty="reported"), "b"))
    assert m.event.certainty == "reported"


@pytest.mark.parametrize("d, lo, hi", [
    (EventDate("2020-01-03", "2020-01-03", "day"), date(2020, 1, 3), date(2020, 1, 3)),
    (EventDate("2020-02", "2020-02", "month"), date(2020, 2, 1), date(2020, 2, 29)),
    (EventDate("2019", "2019", "year"), date(2019, 1, 1), date(2019, 12, 31)),
    (EventDate("2021-01", "2021-04", "range"), date(2021, 1, 1), date(2021, 4, 30)),
])
def test_merge_day_interval(d, lo, hi):
    assert merge.day_interval(d) == (lo, hi)


def test_merge_day_interval_unparsable_is_none():
    assert merge.day_interval(EventDate("late June", None, "day")) is None


def test_merge_apply_corrections_overrides_fields():
    head = ev(fatalities=24)
    fixed = merge.apply_corrections(head, {"fatalities": 20, "certainty": "false", "place_name": "Qaim district",
                                           "date_start": "2019-12-30"})
    assert (fixed.fatalities, fixed.certainty) == (20, "false")
    assert fixed.location.name == "Qaim district" and fixed.location.lat == QAIM.lat
    assert fixed.date.start == fixed.date.end == "2019-12-30"


def test_merge_distance_km():
    assert merge.distance_km(QAIM, QAIM_NEAR) == pytest.approx(9.3, abs=1.5)
    assert merge.place_relation(QAIM, TAJI) == "different"
    assert merge.place_relation(QAIM, IRAQ) == "unknown"
