"""The knowledge base's scale paths (issue 9 §3) answer what the plain queries answer: summary
tables kept through merges and duplicates, an actor's pages read from the index, keyset pages,
place names through their table."""
from __future__ import annotations

import random

import pytest

from sitrep.kb import open_kb, page_cursor
from sitrep.errors import SitrepError
from sitrep.records import Actor, Article, Event, EventDate, Evidence, Extraction, Place

TOWNS = [("Northgate", "Upper Vale", 34.1, 43.2), ("Southford", "Lower Vale", 31.0, 45.9),
         ("Eastmere", "Upper Vale", 34.9, 44.8), ("Westbrook", "Coastland", 30.2, 47.1)]
ACTORS = [Actor(id=f"band-{i}", name=f"Band {i}", type="armed_group") for i in range(5)]


def extraction(rng: random.Random, i: int) -> Extraction:
    text = f"Dispatch {i}: fighting was reported in the hills, residents said."
    events = []
    for j in range(3):
        town, region, lat, lon = rng.choice(TOWNS)
        a, t = rng.sample(ACTORS, 2)
        day = f"2022-0{rng.randrange(1, 4)}-{rng.randrange(10, 13)}"
        prec = rng.choice(["day", "day", "day", "month", "range"])
        date = (EventDate(day, day, "day") if prec == "day" else
                EventDate(day[:7], day[:7], "month") if prec == "month" else EventDate("2020-05-01", day, "range"))
        events.append(Event(id=f"e{j}", type=rng.choice(["shelling", "armed_clash", "protest"]), cameo="",
                            actors=(a.id,), targets=(t.id,), date=date,
                            location=Place(town, "XX", region, lat, lon, "city"),
                            fatalities=rng.choice([None, 0, 1, 4]), evidence=(Evidence(text, 0, len(text)),)))
    art = Article(id=f"d{i}", text=text, published="2022-03-20", source="Wire")
    return Extraction(article=art, actors=tuple(ACTORS), events=tuple(events))


@pytest.fixture
def kb(db_url):
    rng = random.Random(5)
    with open_kb(db_url) as k:
        for i in range(30):
            k.ingest(extraction(rng, i))
        evs = k.events(limit=None, order="date")
        k.mark_duplicate(evs[3].id, evs[4].id, "ana")
        k.correct_event(evs[5].id, {"type": "protest", "fatalities": 9}, "ana")
        yield k


def scanned_timeline(kb, **filters):
    """The timeline recomputed from the events themselves."""
    out: dict[tuple, list[int]] = {}
    for m in kb.events(limit=None, **filters):
        if m.event.date is None:
            continue
        from sitrep.merge import day_bounds, family_of
        key = (day_bounds(m.event.date)[0][:7], m.event.type, family_of(m.event.type))
        acc = out.setdefault(key, [0, 0])
        acc[0] += 1
        acc[1] += m.event.fatalities or 0
    return sorted((k, tuple(v)) for k, v in out.items())


def read_timeline(rows):
    return sorted(((r.period, r.type, r.family), (r.events, r.fatalities)) for r in rows)


def test_kb_scale_summary_timeline_equals_a_scan_after_merges_and_corrections(kb):
    assert read_timeline(kb.timeline()) == scanned_timeline(kb)
    assert read_timeline(kb.timeline(type="shelling")) == scanned_timeline(kb, type="shelling")
    st = kb.stats()
    evs = kb.events(limit=None)
    assert st.events == len(evs) == kb.count_events()
    assert st.merged_events == sum(len(m.reports) > 1 for m in evs)
    assert st.fatalities == sum(m.event.fatalities or 0 for m in evs)


def test_kb_scale_dyad_timeline_equals_a_scan(kb):
    for a in ("band-0", "band-1", "band-2"):
        for t in ("band-3", "band-1"):
            if a != t:
                got = read_timeline(kb.timeline(actor=a, target=t))
                assert got == scanned_timeline(kb, actor=a, target=t), (a, t)


def test_kb_scale_actor_pages_from_the_index_equal_the_plain_query(kb):
    for a in ("band-0", "band-2"):
        for kw in ({}, {"since": "2022-02", "until": "2022-03"}, {"since": "2021"}, {"until": "2022-02-11"},
                   {"type": "shelling"}):
            every = [m.id for m in kb.events(actor=a, limit=None, **kw)]        # the plain query
            paged = [m.id for m in kb.events(actor=a, limit=7, **kw)] + \
                [m.id for m in kb.events(actor=a, limit=100, offset=7, **kw)]
            assert paged == every, (a, kw)
            assert kb.count_events(actor=a, **kw) == len(every)
            assert [m.id for m in kb.events(target=a, limit=100, **kw)] == \
                [m.id for m in kb.events(target=a, limit=None, **kw)]


def test_kb_scale_keyset_pages_walk_every_event_once(kb):
    every = [m.id for m in kb.events(limit=None)]
    for filters in ({}, {"actor": "band-1"}):
        want = [m.id for m in kb.events(limit=None, **filters)]
        got, after = [], None
        while True:
            page = kb.events(limit=4, after=after, **filters)
            got += [m.id for m in page]
            if len(page) < 4:
                break
            after = page_cursor(page[-1])
        assert got == want
    assert len(every) == len(set(every))


def test_kb_scale_a_bad_cursor_is_E404(kb):
    with pytest.raises(SitrepError) as err:
        kb.events(after="yesterday")
    assert err.value.code == "E407"


def test_kb_scale_place_filter_reads_names_and_provinces(kb):
    every = kb.events(limit=None)
    for word in ("north", "VALE", "brook", "nowhere"):
        want = sorted(m.id for m in every if word.lower() in (m.event.location.name + "|" +
                                                              (m.event.location.admin1 or "")).lower())
        assert sorted(m.id for m in kb.events(place=word, limit=None)) == want
        assert kb.count_events(place=word) == len(want)


def test_kb_scale_a_duplicate_leaves_no_actor_rows(kb):
    dup = next(r for r in kb.store._all("SELECT id FROM events WHERE duplicate_of IS NOT NULL"))
    assert kb.store._all("SELECT * FROM event_actors WHERE event_id = ?", (dup["id"],)) == []


@pytest.mark.slow
def test_kb_scale_ingest_parquet_loads_a_batch_once(tmp_path):
    pytest.importorskip("pyarrow")
    from sitrep.batch import run_batch
    from test_batch import write_corpus
    corpus = write_corpus(tmp_path / "corpus.jsonl", bad=False)
    out = str(tmp_path / "out")
    run_batch([corpus], out, engine="local")
    with open_kb(str(tmp_path / "direct.db")) as kb:
        kb.ingest_paths([corpus])
        want = sorted((m.event.type, m.event.date.start if m.event.date else None, len(m.reports))
                      for m in kb.events(limit=None))
    with open_kb(str(tmp_path / "batch.db")) as kb:
        first = kb.ingest_batch(out)
        again = kb.ingest_batch(out)
        got = sorted((m.event.type, m.event.date.start if m.event.date else None, len(m.reports))
                     for m in kb.events(limit=None))
    assert first.articles_new > 0 and again.articles_new == 0
    assert again.articles_skipped == first.articles_new + first.articles_skipped
    assert got == want


def test_kb_scale_ingest_parquet_of_a_folder_without_tables_is_E901(tmp_path):
    with open_kb(str(tmp_path / "kb.db")) as kb, pytest.raises(SitrepError) as err:
        kb.ingest_batch(str(tmp_path))
    assert err.value.code == "E901"


def test_kb_scale_words_alone_count_what_the_list_holds(kb):
    for words in ("fighting", "hills residents", "nothing-like-this"):
        assert kb.count_events(text=words) == len(kb.events(text=words, limit=None))
