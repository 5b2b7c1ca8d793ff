"""`sitrep ingest --parquet DIR` as a bulk load (sitrep/batch/load.py, issue 9 §1): the knowledge
base it builds is the one `sitrep ingest` builds, loading twice adds nothing, and reports
that can meet stored events or state causes take the per-article path.

Batch tables are written from hand-made extractions (no spaCy) about invented events."""
from __future__ import annotations

import logging

import pytest

from sitrep.batch import load
from sitrep.batch.load import load_batch, months
from sitrep.batch.local import TableWriter
from sitrep.batch.tables import rows_for_extraction
from sitrep.errors import SitrepError
from sitrep.kb import content_id, open_kb
from sitrep.records import (Actor, Article, CauseRef, Event, EventDate, Evidence, Extraction, Place, Relation,
                            to_dict)

NORTH = Actor("north-brigade", "North Brigade", "armed_group", "IQ", aliases=("NB",))
ARMY = Actor("iraqi-army", "Iraqi Army", "military", "IQ")
HILLA = Place("Hilla", "IQ", "Babil", 32.48, 44.42, "city")
KUT = Place("Kut", "IQ", "Wasit", 32.5, 45.82, "city")
ZAKHO = Place("Zakho", "IQ", "Duhok", 37.14, 42.68, "city")


def story(aid: str, text: str, published: str | None, events: list[dict], *, actors=(NORTH, ARMY),
          relations=(), source: str = "Test Wire") -> Extraction:
    """An article and its events; each event dict gives the fields that differ from a clash at Hilla."""
    evs = []
    for n, kw in enumerate(events, 1):
        sentence = kw.pop("sentence", text.split(".")[0])
        start = text.index(sentence)
        base = dict(id=f"e{n}", type="armed_clash", cameo="190", actors=("north-brigade",), targets=("iraqi-army",),
                    date=EventDate(published, published, "day") if published else None, location=HILLA,
                    fatalities=3, evidence=(Evidence(sentence, start, start + len(sentence)),))
        base.update(kw)
        evs.append(Event(**base))
    return Extraction(article=Article(id=aid, text=text, title=aid.title(), source=source, published=published,
                                      url=f"https://news.example/{aid}"),
                      actors=tuple(actors), events=tuple(evs), relations=tuple(relations))


def rel(text: str, sentence: str, **kw) -> Relation:
    start = text.index(sentence)
    return Relation(evidence=(Evidence(sentence, start, start + len(sentence)),), **kw)


T1 = "North Brigade fighters clashed with the army in Hilla, leaving three dead. The fighting lasted hours."
T2 = "Three people died in Hilla when army units and North Brigade fighters exchanged fire."
T3 = "North Brigade said it is backed by the Eastern Front. Its fighters shelled Kut overnight."
T4 = "An unnamed band attacked a post near Zakho. Later the army raided the band's hideout in Zakho."
T5 = "Army units and North Brigade fighters fought again in Hilla on Tuesday, two were killed."
T6 = "A roadside bomb struck an army patrol, officials said, without giving a date."


def corpus() -> list[Extraction]:
    """Six articles in publication order: a clash told twice (one merged event), a relation,
    an unknown actor, a cause stated inside one article, an undated event, a copy of a text."""
    return [
        story("wire-1", T1, "2024-03-04", [{}]),
        story("post-2", T2, "2024-03-04", [{}], source="Post"),
        story("wire-3", T3, "2024-03-20", [{"type": "shelling", "cameo": "195", "location": KUT, "targets": (),
                                            "sentence": "Its fighters shelled Kut overnight"}],
              actors=(NORTH, Actor("eastern-front", "Eastern Front", "armed_group", "IQ", known=False)),
              relations=(rel(T3, "North Brigade said it is backed by the Eastern Front", subject="north-brigade",
                             predicate="backed_by", object="eastern-front"),)),
        story("post-4", T4, "2024-04-11", [
            {"type": "attack", "actors": ("band-zakho",), "targets": (), "location": ZAKHO,
             "sentence": "An unnamed band attacked a post near Zakho"},
            {"id": "e2", "type": "raid", "cameo": "181", "actors": ("iraqi-army",), "targets": ("band-zakho",),
             "location": ZAKHO, "caused_by": "e1", "sentence": "Later the army raided the band's hideout in Zakho"}],
              actors=(ARMY,), source="Post"),
        story("wire-5", T5, "2024-04-16", [{"fatalities": 2}]),
        story("wire-6", T6, None, [{"type": "bombing", "cameo": "183", "date": None, "location": None,
                                    "actors": (), "fatalities": None}]),
        story("copy-7", T1, "2024-03-05", [{}], source="Copy Desk"),
    ]


def write_tables(out, extractions: list[Extraction]) -> str:
    """What `sitrep batch` writes for these extractions (input order = list order)."""
    writer = TableWriter(str(out))
    for seq, x in enumerate(extractions):
        for row in rows_for_extraction(x, content_id(x.article.text), seq):
            writer.add(row)
    writer.close()
    return str(out)


def snapshot(kb) -> dict:
    """What two knowledge bases must share to be the same: events with their reports and
    headlines, actors, relations, cause links, the counts and the timeline summary."""
    events = sorted(((to_dict(m.event), sorted(f"{r.article_id}:{r.event_id}" for r in m.reports))
                     for m in kb.events(limit=None)), key=lambda e: e[0]["id"])
    # every stored actor row and alias (not kb.actors(): on PostgreSQL its ORDER BY of two column aliases fails)
    ids = [r["id"] for r in kb.store._all("SELECT id FROM actors ORDER BY id")]
    actors = [dict(to_dict(a), aliases=sorted(a.aliases)) for _, a in sorted(kb.store.get_actors(ids).items())]
    actors.append(sorted((r["article_id"], r["actor_id"], r["mentions"])
                         for r in kb.store._all("SELECT article_id, actor_id, mentions FROM article_actors")))
    relations = sorted((to_dict(r) for r in kb.relations()), key=repr)
    stats = kb.stats().to_dict()
    links = sorted((c.cause_id, c.effect_id, c.origin, c.evidence) for c in kb.cause_links())
    search = sorted((h.kind, h.ref_id) for h in kb.search("Hilla", limit=100))
    return {"events": events, "actors": actors, "relations": relations, "stats": stats, "links": links,
            "timeline": [to_dict(t) for t in kb.timeline()], "search": search,
            "articles": sorted(a.id for a in kb.articles(limit=100))}


def plain_ingest(url: str, extractions: list[Extraction]) -> dict:
    with open_kb(url) as kb:
        for x in extractions:
            kb.ingest(x)
        return snapshot(kb)


@pytest.fixture
def tables(tmp_path):
    return write_tables(tmp_path / "tables", corpus())


def test_load_batch_builds_the_knowledge_base_plain_ingest_builds(db_url, tables, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="sitrep.batch.load")
    with open_kb(db_url) as kb:
        s = load_batch(kb, tables)
        got = snapshot(kb)
    assert (s.articles_new, s.articles_skipped, s.articles_failed) == (6, 1, 0)
    assert "(6 in bulk, 0 article by article)" in caplog.text  # post-4's cause is between its own events
    assert s.events_merged == 1  # post-2 joins wire-1's clash (wire-5's is six weeks later)
    assert got == plain_ingest(str(tmp_path / "plain.db"), corpus())
    merged = [e for e, reports in got["events"] if len(reports) == 2]
    assert len(merged) == 1 and got["links"]  # the merge and the stated cause are there: not vacuous


def test_load_batch_twice_adds_nothing(db_url, tables):
    with open_kb(db_url) as kb:
        load_batch(kb, tables)
        before = snapshot(kb)
        again = load_batch(kb, tables)
        assert (again.articles_new, again.articles_skipped, again.events_new) == (0, 7, 0)
        assert snapshot(kb) == before


def test_load_batch_after_plain_ingest_adds_nothing(tmp_path, tables):
    url = str(tmp_path / "kb.db")
    before = plain_ingest(url, corpus())
    with open_kb(url) as kb:
        s = load_batch(kb, tables)
        assert s.articles_new == 0 and s.events_new == 0 and snapshot(kb) == before


def test_load_batch_merges_into_events_already_stored(tmp_path):
    """A report of an event the knowledge base holds joins it (per-article path), as in plain ingest."""
    first, later = corpus()[:1], corpus()[1:3]
    out = write_tables(tmp_path / "tables", later)
    with open_kb(str(tmp_path / "kb.db")) as kb:
        kb.ingest(first[0])
        s = load_batch(kb, out)
        got = snapshot(kb)
    assert s.events_merged == 1
    assert got == plain_ingest(str(tmp_path / "plain.db"), first + later)


def test_load_batch_looks_up_stored_events_only_near_them(tmp_path):
    """Which reports would join a stored event: the merge's own lookup, skipped far from any."""
    xs = corpus()
    with open_kb(str(tmp_path / "kb.db")) as kb:
        kb.ingest(xs[0])  # the Hilla clash of 2024-03-04 is stored
        fresh = {x.article.id: load.Fresh(n, content_id(x.article.text), x, x.events) for n, x in enumerate(xs)}
        reports = {k: load.reports_of(f) for k, f in fresh.items()}
        days = load.StoredDays.around(kb, [r for rs in reports.values() for r in rs])
        near = {k: any(days.near(r) for r in rs) for k, rs in reports.items()}
        joins = {k: load.joins_stored(kb, f, reports[k], days) for k, f in fresh.items() if k != "wire-1"}
    assert near == {"wire-1": True, "post-2": True, "wire-3": False, "post-4": False, "wire-5": False,
                    "wire-6": False, "copy-7": True}
    assert joins == {"post-2": True, "wire-3": False, "post-4": False, "wire-5": False, "wire-6": False,
                     "copy-7": True}
    assert [k for k, f in fresh.items() if f.states_cause] == ["post-4"]


def test_load_batch_groups_articles_sharing_a_block():
    xs = corpus()
    fresh = [load.Fresh(n, content_id(x.article.text), x, x.events) for n, x in enumerate(xs[:3])]
    assert sorted(g.articles for g in load.group_articles(fresh)) == [(0, 1), (2,)]


def test_load_batch_uses_actor_merges_made_by_analysts(db_url, tables, tmp_path):
    """After an analyst merged two actors, loaded reports name the actor kept, as plain ingest does."""
    extra = Actor("nb-fighters", "NB fighters", "armed_group", "IQ")
    seed = story("seed-0", "NB fighters were seen in Basra. Nothing happened.", "2023-01-02", [],
                 actors=(extra, NORTH))

    def prepare(kb):
        kb.ingest(seed)
        kb.merge_actors("nb-fighters", "north-brigade", user="tester")

    with open_kb(db_url) as kb:
        prepare(kb)
        load_batch(kb, tables)
        got = snapshot(kb)
    with open_kb(str(tmp_path / "plain.db")) as kb:
        prepare(kb)
        for x in corpus():
            kb.ingest(x)
        want = snapshot(kb)
    assert got == want
    assert any("nb-fighters" in e["actors"] for e, _ in got["events"])


def test_load_batch_reads_one_month_at_a_time_in_publication_order(tables, tmp_path, monkeypatch):
    read: list[str] = []
    real = load._rows
    monkeypatch.setattr(load, "_rows", lambda out, t, m: read.append(m) or real(out, t, m))
    assert months(tables) == ["2024-03", "2024-04", "unknown"]
    with open_kb(str(tmp_path / "kb.db")) as kb:
        load_batch(kb, tables)
    assert read == [m for m in months(tables) for _ in load.LOAD_TABLES]


def test_load_batch_progress_counts_every_article(tables, tmp_path):
    seen: list[tuple[int, int]] = []
    with open_kb(str(tmp_path / "kb.db")) as kb:
        load_batch(kb, tables, chunk=2, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (7, 7) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_load_batch_folder_without_tables_is_e901(tmp_path):
    with open_kb(str(tmp_path / "kb.db")) as kb, pytest.raises(SitrepError) as exc:
        load_batch(kb, str(tmp_path))
    assert exc.value.code == "E901"


def test_load_batch_chunk_refused_by_the_database_goes_article_by_article(tables, tmp_path, monkeypatch):
    def refuse(*a, **kw):
        raise SitrepError("refused", code="E400")

    monkeypatch.setattr(load, "write_bulk", refuse)
    with open_kb(str(tmp_path / "kb.db")) as kb:
        s = load_batch(kb, tables)
        got = snapshot(kb)
    assert s.articles_new == 6 and got == plain_ingest(str(tmp_path / "plain.db"), corpus())


def _bench_module():
    import importlib.util
    import sys
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "bench" / "batch_load.py"
    spec = importlib.util.spec_from_file_location("bench_batch_load", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("value, days, moved", [("2024-03-04", 3, "2024-03-07"), ("2024-03", 40, "2024-04"),
                                                ("2024", 400, "2025"), (None, 3, None), ("soon", 3, "soon")])
def test_load_batch_bench_shifts_dates_in_their_form(value, days, moved):
    assert _bench_module()._shift(value, days) == moved


def test_load_batch_bench_repeats_articles_with_new_texts_and_dates(tables, tmp_path):
    from sitrep.batch import read_table
    bench = _bench_module()
    out = tmp_path / "repeated"
    bench.repeat_batch(tmp_path / "tables", 21, out)
    arts = read_table(str(out), "articles")
    assert len(arts) == 21 and len({a["seq"] for a in arts}) == 21
    assert len({a["content_id"] for a in arts}) == 18  # copy-7 repeats wire-1's text in each of the 3 copies
    events = {(e["article_id"], e["event_id"]): e for e in read_table(str(out), "events")}
    assert events[("wire-1-1", "e1")]["date_start"] == "2024-03-07"  # copy 1: three days later
    by_seq = [a["published"] or "9999" for a in sorted(arts, key=lambda a: a["seq"])]
    assert by_seq == sorted(by_seq)  # input order is publication order
    with open_kb(str(tmp_path / "kb.db")) as kb:
        assert load_batch(kb, str(out)).articles_new == 18


T8 = "Army units raided a North Brigade camp near Hilla in retaliation for the clash in Hilla."


def test_load_batch_cause_phrase_goes_article_by_article(db_url, tables, tmp_path, caplog):
    """A cause phrase is matched against the whole knowledge base: that article takes the
    per-article path, and the link it makes is the one plain ingest makes."""
    phrase = "in retaliation for the clash in Hilla"
    start = T8.index(phrase)
    raid = story("wire-8", T8, "2024-03-06", [{
        "type": "raid", "cameo": "181", "actors": ("iraqi-army",), "targets": ("north-brigade",),
        "cause_ref": CauseRef(phrase, start, start + len(phrase), type="armed_clash", names=("north-brigade",),
                              location=HILLA)}])
    xs = corpus()[:2] + [raid] + corpus()[2:]
    out = write_tables(tmp_path / "with-phrase", xs)
    caplog.set_level(logging.INFO, logger="sitrep.batch.load")
    with open_kb(db_url) as kb:
        load_batch(kb, out)
        got = snapshot(kb)
    assert "(6 in bulk, 1 article by article)" in caplog.text
    assert got == plain_ingest(str(tmp_path / "plain.db"), xs)
    assert any(origin == "reference" for _, _, origin, _ in got["links"])
