"""The same articles give the same knowledge base, whatever the order and the timing of ingest.

Headline values are chosen in :func:`sitrep.merge.report_order` (a total order on content), never
by ``ingested_at`` or insertion order (docs/determinism.md).  Each test ingests the same small
set of articles, written for these tests, in several orders into separate SQLite files, with a
clock that ticks one second per stored article (so ``ingested_at`` order equals ingest order),
and compares a canonical dump of the knowledge base.
"""
from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from sitrep import merge, store
from sitrep.kb import open_kb
from sitrep.records import Actor, Article, Event, EventDate, EventReport, Evidence, Extraction, Place

US = Actor("united-states", "United States", "state", "US")
KH = Actor("kataib-hezbollah", "Kataib Hezbollah", "armed_group", "IQ")
EMBASSY = Place("US Embassy in Baghdad", "IQ", "Baghdad", 33.298, 44.395, "site")
GREEN_ZONE = Place("Green Zone", "IQ", "Baghdad", 33.304, 44.388, "site")
BAGHDAD = Place("Baghdad", "IQ", "Baghdad", 33.31, 44.36, "city")
SUNDAY = "2020-01-05"


def _event(text: str, sentence: str, **kw: Any) -> Event:
    start = text.index(sentence)
    base: dict[str, Any] = dict(id="e1", type="attack", cameo="190", actors=("kataib-hezbollah",),
                                targets=("united-states",))
    base.update(kw)
    return Event(evidence=(Evidence(sentence, start, start + len(sentence)),), **base)


def _article(source: str, text: str, *events: Event) -> Extraction:
    art = Article(id=source.lower(), text=text, title=f"{source} on the embassy attack", source=source,
                  published="2020-01-06", origin=f"{source}.txt")
    return Extraction(article=art, actors=(US, KH), events=events)


def articles() -> list[Extraction]:
    """Four accounts of one rocket attack, told with different words, places, dates and
    certainty; one also tells the answer to it (a cause link across the reports)."""
    t1 = "Three rockets hit the US Embassy in Baghdad on Sunday, wounding one guard, officials said."
    t2 = ("Rockets landed in the Green Zone last Sunday, near the US embassy. "
          "Washington struck Kataib Hezbollah depots in response on Monday.")
    t3 = "Kataib Hezbollah said its fighters fired rockets at the Americans in Baghdad on 5 January."
    t4 = "An attack on the embassy compound in early January caused no deaths, a spokesman said."
    s2 = "Rockets landed in the Green Zone last Sunday, near the US embassy."
    return [
        _article("Wire", t1, _event(t1, t1, type="shelling", location=EMBASSY, injured=1,
                                    date=EventDate(SUNDAY, SUNDAY, "day", "Sunday"))),
        _article("Daily", t2,
                 _event(t2, s2, type="shelling", location=GREEN_ZONE,
                        date=EventDate(SUNDAY, SUNDAY, "day", "last Sunday")),
                 _event(t2, "Washington struck Kataib Hezbollah depots in response on Monday.", id="e2",
                        type="air_strike", cameo="195", actors=("united-states",), targets=("kataib-hezbollah",),
                        location=BAGHDAD, date=EventDate("2020-01-06", "2020-01-06", "day", "Monday"),
                        caused_by="e1")),
        _article("Channel", t3, _event(t3, t3, type="shelling", location=BAGHDAD, certainty="claimed",
                                       fatalities=4, date=EventDate(SUNDAY, SUNDAY, "day", "5 January"))),
        _article("Gazette", t4, _event(t4, t4, location=EMBASSY, fatalities=0,
                                       date=EventDate("2020-01", "2020-01", "month", "early January"))),
    ]


# --- a canonical dump of the knowledge base ------------------------------------------------------

def dump(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every event (live or duplicate), its actors, reports, evidence, links and cause
    phrases, sorted by key, without timestamps."""
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row

    def rows(sql: str, drop: Sequence[str] = ()) -> list[dict[str, Any]]:
        return [{k: r[k] for k in r.keys() if k not in drop} for r in con.execute(sql)]

    try:
        return {
            "events": rows("SELECT * FROM events ORDER BY id", drop=("created_at", "updated_at")),
            "event_actors": rows("SELECT * FROM event_actors ORDER BY event_id, role, actor_id"),
            "reports": rows("SELECT id, event_id, caused_by_event FROM reports ORDER BY id"),
            "evidence": rows("SELECT * FROM evidence ORDER BY owner_kind, owner_id, article_id, seq"),
            "links": rows("SELECT * FROM event_links ORDER BY cause_id, effect_id, report_key",
                          drop=("created_at",)),
            "cause_refs": rows("SELECT report_id, resolved_id FROM cause_refs ORDER BY report_id"),
        }
    finally:
        con.close()


EVENT_ID_FIELDS = {"events": ("id", "caused_by", "duplicate_of"), "event_actors": ("event_id",),
                   "reports": ("event_id", "caused_by_event"), "links": ("cause_id", "effect_id"),
                   "cause_refs": ("resolved_id",)}


def by_reports(d: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """``d`` with every live event id replaced by the sorted ids of its reports: compares
    what was merged and what the headlines say, apart from which report named the event."""
    groups: dict[str, list[str]] = {}
    for r in d["reports"]:
        groups.setdefault(r["event_id"], []).append(r["id"])
    name = {eid: "+".join(sorted(ids)) for eid, ids in groups.items()}

    def sub(row: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
        return {k: (name.get(v, v) if k in fields else v) for k, v in row.items()}

    out = {table: [sub(r, EVENT_ID_FIELDS.get(table, ())) for r in rs] for table, rs in d.items()}
    out["events"] = [r for r in out["events"] if r["duplicate_of"] is None]
    out["evidence"] = [{**r, "owner_id": name.get(r["owner_id"], r["owner_id"])} for r in out["evidence"]]
    return {table: sorted(rs, key=repr) for table, rs in out.items()}


@pytest.fixture
def ticking_clock(monkeypatch):
    """``ingested_at`` one second later for every stored article: the ingest order shows in it."""
    seconds = itertools.count()

    def now() -> str:
        n = next(seconds)
        return f"2026-01-01T{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}+00:00"

    monkeypatch.setattr(store, "now_iso", now)


def ingest(path: Path, items: Sequence[Extraction]) -> dict[str, list[dict[str, Any]]]:
    with open_kb(str(path)) as kb:
        for x in items:
            assert kb.ingest(x).new
    return dump(path)


ORDERS = list(itertools.permutations(range(4)))


def test_merge_determinism_headline_independent_of_report_order():
    xs = articles()
    pairs = [(x.events[0], EventReport(article_id=x.article.id, event_id="e1", type=x.events[0].type,
                                       date=x.events[0].date, location=x.events[0].location,
                                       fatalities=x.events[0].fatalities, injured=x.events[0].injured,
                                       certainty=x.events[0].certainty,
                                       evidence=x.events[0].evidence)) for x in xs]
    heads = {merge.headline("ev1", [e for e, _ in p], [r for _, r in p]) for p in itertools.permutations(pairs)}
    assert len(heads) == 1
    head = heads.pop()
    # reported beats claimed; day beats month; site beats city; "channel" < "daily" < "gazette" < "wire"
    assert head.date == EventDate(SUNDAY, SUNDAY, "day", "last Sunday")
    assert head.location == GREEN_ZONE
    assert head.fatalities == 0 and head.injured == 1 and head.certainty == "reported"
    assert head.type == "shelling"


def test_merge_determinism_report_order_is_total_and_content_first():
    xs = articles()
    keys = [merge.report_order(EventReport(article_id=x.article.id, event_id=e.id, type=e.type,
                                           certainty=e.certainty), e) for x in xs for e in x.events]
    assert len(set(keys)) == len(keys)
    claimed = merge.report_order(EventReport("a", "e1", "attack", certainty="claimed"), xs[0].events[0])
    reported = merge.report_order(EventReport("z", "e1", "attack"), xs[3].events[0])
    assert reported < claimed  # certainty before the article id


def test_merge_determinism_same_knowledge_base_in_every_order(tmp_path, ticking_clock):
    xs = articles()
    dumps = {order: by_reports(ingest(tmp_path / f"kb{''.join(map(str, order))}.db", [xs[i] for i in order]))
             for order in ORDERS}
    first = dumps[ORDERS[0]]
    live = first["events"]
    assert len(live) == 2  # the four accounts are one event; the answer is another
    attack = next(e for e in live if e["type"] == "shelling")
    assert (attack["date_text"], attack["place_name"], attack["n_reports"]) == ("last Sunday", "Green Zone", 4)
    assert len(first["links"]) == 1
    for order, d in dumps.items():
        assert d == first, f"ingest order {order} gives another knowledge base"


def live(d: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """``d`` without the duplicate rows renames leave (history, not content): ids kept as they are."""
    dups = {e["id"] for e in d["events"] if e["duplicate_of"] is not None}
    return {**d, "events": [e for e in d["events"] if e["id"] not in dups]}


def test_merge_determinism_same_event_ids_in_every_order(tmp_path, ticking_clock):
    xs = articles()
    dumps = {order: live(ingest(tmp_path / f"kb{''.join(map(str, order))}.db", [xs[i] for i in order]))
             for order in ORDERS}
    first = dumps[ORDERS[0]]
    attack = next(e for e in first["events"] if e["type"] == "shelling")
    assert attack["id"] == merge.canonical_event_id((_cid(x), "e1") for x in xs)
    answer = next(e for e in first["events"] if e["type"] == "air_strike")
    assert answer["caused_by"] == attack["id"]
    for order, d in dumps.items():
        assert d == first, f"ingest order {order} gives other ids"


def _cid(x: Extraction) -> str:
    from sitrep.kb import content_id
    return content_id(x.article.text)


def test_merge_determinism_rename_keeps_the_old_id_as_a_lead(tmp_path):
    xs = articles()
    ids = {_cid(x): merge.kb_event_id(_cid(x), "e1") for x in xs}
    # the largest id first, then the others: every report after the first renames the event
    ordered = sorted(xs, key=lambda x: ids[_cid(x)], reverse=True)
    with open_kb(str(tmp_path / "kb.db")) as kb:
        results = [kb.ingest(x) for x in ordered]
        first = results[0].event_ids[0]
        assert first == max(ids.values())
        [attack] = kb.events(type="shelling")
        assert attack.id == min(ids.values()) and len(attack.reports) == 4
        # every earlier name leads to the event, and is listed among its duplicates
        assert kb.event(first).event.id == attack.id and kb.event(first).requested_id == first
        assert set(kb.event(attack.id).duplicates) == set(ids.values()) - {attack.id}
        assert kb.count_events() == 2 and kb.stats().events == 2
        [answer] = kb.events(type="air_strike")
        assert answer.event.caused_by == attack.id
        assert [(lk.cause_id, lk.effect_id) for lk in kb.cause_links()] == [(attack.id, answer.id)]
        assert all(r["event_id"] == attack.id for r in kb.store.article_report_ids(_cid(ordered[0])))
        assert sorted((r.type, r.events) for r in kb.timeline()) == [("air_strike", 1), ("shelling", 1)]


def test_merge_determinism_event_an_analyst_touched_keeps_its_id(tmp_path):
    xs = articles()
    ids = {_cid(x): merge.kb_event_id(_cid(x), "e1") for x in xs}
    ordered = sorted(xs, key=lambda x: ids[_cid(x)], reverse=True)
    with open_kb(str(tmp_path / "kb.db")) as kb:
        first = kb.ingest(ordered[0]).event_ids[0]
        kb.correct_event(first, {"weapon": "rockets"}, user="analyst")
        for x in ordered[1:]:
            kb.ingest(x)
        [attack] = kb.events(type="shelling")
        assert attack.id == first and len(attack.reports) == 4 and attack.event.weapon == "rockets"


@pytest.mark.slow
def test_merge_determinism_examples_same_ids_forward_and_reverse(tmp_path):
    """The bundled examples/, extracted once by the real pipeline and ingested in both orders:
    the same live events, ids, headlines, actors, reports and links."""
    from sitrep.ingest import read_inputs
    from sitrep.pipeline import extract_articles
    root = Path(__file__).resolve().parents[1] / "examples"
    xs = [x for x in extract_articles(read_inputs([str(root)])) if isinstance(x, Extraction)]
    assert len(xs) >= 10
    dumps = []
    for name, items in (("forward.db", xs), ("reverse.db", xs[::-1])):
        with open_kb(str(tmp_path / name)) as kb:
            assert kb.ingest_many(items).articles_failed == 0
        dumps.append(live(dump(tmp_path / name)))
    a, b = dumps
    assert len(a["events"]) > 100
    for table in a:
        assert sorted(map(repr, a[table])) == sorted(map(repr, b[table])), table


def test_merge_determinism_canonical_event_id_is_smallest_report_id():
    keys = [("b" * 13, "e2"), ("a" * 13, "e7"), ("c" * 13, "e1")]
    expected = min(merge.kb_event_id(a, e) for a, e in keys)
    assert merge.canonical_event_id(keys) == expected
    assert merge.canonical_event_id(keys[::-1]) == expected
    with pytest.raises(ValueError):
        merge.canonical_event_id([])


# --- the real pipeline, two workers --------------------------------------------------------------

TEXTS = {
    "wire.txt": "Three rockets hit the US Embassy in Baghdad on Sunday, wounding one guard, Iraqi officials said.",
    "daily.txt": "Rockets struck the Green Zone in Baghdad last Sunday, near the US embassy, wounding a guard.",
    "channel.txt": "Kataib Hezbollah fighters fired rockets at the US Embassy in Baghdad on Sunday, a statement said.",
    "gazette.txt": ("A rocket attack on the US Embassy in Baghdad on Sunday caused no deaths. "
                    "The United States struck Kataib Hezbollah in response on Monday."),
}


@pytest.mark.slow
def test_merge_determinism_pipeline_two_workers_any_order(tmp_path, ticking_clock):
    src = tmp_path / "in"
    src.mkdir()
    for name, text in TEXTS.items():
        (src / name).write_text(f"published: 2020-01-06\n\n{text}\n")
    names = sorted(TEXTS)
    dumps = []
    for k, order in enumerate((names, names[::-1], names[1:] + names[:1])):
        db = tmp_path / f"kb{k}.db"
        with open_kb(str(db)) as kb:
            summary = kb.ingest_paths([str(src / n) for n in order], workers=2)
        assert summary.articles_new == 4 and summary.articles_failed == 0
        dumps.append(by_reports(dump(db)))
    assert dumps[0]["events"], "the pipeline found no event in the test articles"
    assert dumps[1] == dumps[0]
    assert dumps[2] == dumps[0]
