"""The storage layer on SQLite, and on PostgreSQL when SITREP_TEST_PG is set."""
from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from sitrep.errors import StoreError
from sitrep.records import Actor, Article, Event, EventDate, EventReport, Evidence, Place, Relation
from sitrep.store import (MIGRATIONS, SCHEMA_VERSION, EventFilter, PostgresStore, SQLiteStore, fts5_query,
                          norm_alias, open_store)

@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()


TEXT = ("Rockets struck Camp Taji north of Baghdad on Wednesday, killing two US soldiers and a British "
        "medic, the coalition said. Kataib Hezbollah, an Iran-backed militia, denied involvement.")


def _article(text: str = TEXT, source: str = "Reuters") -> Article:
    return Article(id="reuters-1", text=text, title="Rockets hit Camp Taji", source=source,
                   published="2020-03-12")


def _event(id: str = "e1") -> Event:
    return Event(id=id, type="shelling", cameo="194", actors=("kataib-hezbollah",), targets=("united-states",),
                 date=EventDate("2020-03-11", "2020-03-11", "day"),
                 location=Place("Camp Taji", "IQ", "Baghdad", 33.52, 44.26, "site"), fatalities=3,
                 evidence=(Evidence(TEXT[:98], 0, 98),))


def _report(e: Event, article_id: str = "a1") -> EventReport:
    return EventReport(article_id=article_id, event_id=e.id, type=e.type, date=e.date, location=e.location,
                       fatalities=e.fatalities, certainty=e.certainty, evidence=e.evidence)


def test_store_migrations_recorded(store):
    assert store.schema_version() == SCHEMA_VERSION
    assert [m["version"] for m in store.migrations()] == [m.version for m in MIGRATIONS]
    assert store.migrate() == SCHEMA_VERSION  # idempotent


def test_store_reopen_keeps_data(db_url):
    with open_store(db_url) as s:
        s.insert_article("a1", _article())
    with open_store(db_url) as s:
        assert s.has_article("a1") and s.count_articles() == 1


def test_store_newer_schema_refused(db_url):
    with open_store(db_url) as s:
        s._run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
               (SCHEMA_VERSION + 1, "from the future", "2030-01-01"))
    with pytest.raises(StoreError) as info:
        open_store(db_url)
    assert info.value.code == "E401"


@pytest.mark.parametrize("url", ["mysql://localhost/x", "http://example.org/kb", ""])
def test_store_unknown_scheme(url):
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert info.value.code == "E402"


def test_store_not_a_database(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("this is a text file, not a database\n" * 50)
    with pytest.raises(StoreError) as info:
        open_store(str(bad))
    assert info.value.code == "E400" and "notes.db" in str(info.value)


def test_store_open_dispatch(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'x.db'}") as s:
        assert isinstance(s, SQLiteStore)
    assert PostgresStore.dialect == "postgresql"


def test_store_transaction_rolls_back(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.insert_article("a1", _article())
            raise RuntimeError("crash mid-article")
    assert not store.has_article("a1")
    assert store.search("Taji") == []


def test_store_actor_aliases_accumulate(store):
    store.upsert_actor(Actor("kataib-hezbollah", "Kataib Hezbollah", "armed_group", "IQ", aliases=("KH",)))
    store.upsert_actor(Actor("kataib-hezbollah", "Kataib Hezbollah", "armed_group", None,
                             aliases=("Kata'ib Hizballah", "kh")))
    actor = store.get_actor("kataib-hezbollah")
    assert actor.country == "IQ"
    assert set(actor.aliases) == {"KH", "Kata'ib Hizballah"}
    assert store.actor_ids_named("kataib hizballah") == ["kataib-hezbollah"]
    assert store.actor_ids_named("KATAIB-HEZBOLLAH") == ["kataib-hezbollah"]


def test_store_unknown_actor_upgraded_by_known(store):
    store.upsert_actor(Actor("harakat-al-nujaba", "Nujaba", "other", known=False))
    store.upsert_actor(Actor("harakat-al-nujaba", "Harakat al-Nujaba", "armed_group", "IQ"))
    actor = store.get_actor("harakat-al-nujaba")
    assert (actor.name, actor.type, actor.known) == ("Harakat al-Nujaba", "armed_group", True)


def test_store_event_roundtrip_and_filters(store):
    e = _event()
    with store.transaction():
        store.insert_article("a1", _article())
        store.insert_report("a1:e1", "ev1", _report(e), e)
        store.write_event(e.__class__(**{**e.__dict__, "id": "ev1"}), "violence", 1)
    [m] = store.events_from_rows(store.query_event_rows(EventFilter()))
    assert m.event.id == "ev1" and m.event.actors == ("kataib-hezbollah",)
    assert m.event.location.name == "Camp Taji" and m.reports[0].source == "Reuters"
    assert m.reports[0].evidence[0].start == 0
    assert store.count_events(EventFilter(actor=("kataib-hezbollah",), since="2020-03", until="2020")) == 1
    assert store.count_events(EventFilter(target=("kataib-hezbollah",))) == 0
    assert store.count_events(EventFilter(text="rockets Taji")) == 1
    assert store.count_events(EventFilter(text="drone")) == 0
    assert store.count_events(EventFilter(place="taji", country="iq")) == 1
    assert store.count_events(EventFilter(since="2020-03-12")) == 0


def test_store_relation_evidence_accumulates(store):
    rel = Relation("kataib-hezbollah", "backed_by", "iran", evidence=(Evidence("Iran-backed militia", 5, 24),))
    with store.transaction():
        store.insert_article("a1", _article())
        store.insert_article("a2", _article(TEXT + " Again.", "AP"))
        store.upsert_relation(rel, "a1", rel.evidence)
        store.upsert_relation(rel, "a2", rel.evidence)
    [(got, articles)] = store.list_relations(actor="iran")
    assert got.predicate == "backed_by" and len(got.evidence) == 2 and articles == ("a1", "a2")


def test_store_search_articles(store):
    store.insert_article("a1", _article())
    hits = store.search("medic")
    assert [h["ref_id"] for h in hits] == ["a1"]
    assert "\u00abmedic\u00bb" in hits[0]["snippet"]


@pytest.mark.parametrize("text, query", [('say "hi"', '"say" "hi"'), ("AND OR NOT", '"AND" "OR" "NOT"'),
                                         ("***", '""')])
def test_store_fts5_query_is_safe(text, query):
    assert fts5_query(text) == query
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    conn.execute("SELECT * FROM t WHERE t MATCH ?", (query,)).fetchall()


@pytest.mark.parametrize("name, norm", [("Kata\u2019ib Hizballah", "kataib hizballah"),
                                        ("  Asa'ib   Ahl al-Haq ", "asaib ahl al haq")])
def test_store_norm_alias(name, norm):
    assert norm_alias(name) == norm


def _dated(id: str, start: str, end: str, precision: str) -> Event:
    return Event(id=id, type="shelling", cameo="194", date=EventDate(start, end, precision))


def test_store_candidate_events_by_date_window(store):
    with store.transaction():
        for e in (_dated("near", "2020-03-10", "2020-03-10", "day"), _dated("month", "2020-03", "2020-03", "month"),
                  _dated("year", "2020", "2020", "year"), _dated("long", "2017-01", "2021-12", "range"),
                  _dated("old", "2017-05-01", "2017-05-01", "day"), _dated("after", "2020-03-20", "2020-03-20", "day")):
            store.write_event(e, "violence", 1)
        store.write_event(_dated("other", "2020-03-11", "2020-03-11", "day").__class__(
            id="other", type="protest", cameo="141", date=EventDate("2020-03-11", "2020-03-11", "day")), "unrest", 1)
    got = {r["id"] for r in store.candidate_events("violence", "2020-03-11", "2020-03-11", 1)}
    assert got == {"near", "month", "year", "long"}


def test_store_upgrade_from_first_schema_keeps_data(db_url):
    old = open_store(db_url, migrate=False)
    old._run("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
             "applied_at TEXT NOT NULL)")
    old._apply(MIGRATIONS[0])
    old._run("INSERT INTO events (id, type, family, date_lo, date_hi, certainty, created_at, updated_at) "
             "VALUES ('ev1', 'shelling', 'violence', '2020-03-11', '2020-03-11', 'reported', 'x', 'x')")
    assert old.schema_version() == 1
    old.close()
    with open_store(db_url) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert [(r["period"], r["events"]) for r in s.timeline(EventFilter())] == [("2020-03", 1)]


# --- forwarded_from, cause phrases, actor lists (issue 10 follow-ups) ------------------------------

def _forwarded(article_id: str = "frontline-7") -> Article:
    return Article(id=article_id, text="Gunmen fired on a checkpoint near the river crossing at dawn.",
                   title="Checkpoint attacked", source="Frontline Daily", published="2024-02-03",
                   forwarded_from="Valley Observer")


def test_store_forwarded_from_written_and_read(store):
    store.insert_article("a1", _forwarded())
    store.insert_article("a2", _article())
    assert store.get_article("a1")["forwarded_from"] == "Valley Observer"
    assert store.get_article("a2")["forwarded_from"] is None
    assert {r["id"]: r["forwarded_from"] for r in store.list_articles()} == {"a1": "Valley Observer", "a2": None}


def test_store_forwarded_from_bulk_add(store):
    with store.transaction():
        store.bulk_add([("b1", _forwarded()), ("b2", _article())], [], [])
    assert store.get_article("b1")["forwarded_from"] == "Valley Observer"
    assert store.get_article("b2")["forwarded_from"] is None


def test_store_forwarded_from_upgrade_keeps_old_articles(db_url):
    old = open_store(db_url, migrate=False)
    old._run("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
             "applied_at TEXT NOT NULL)")
    for m in [m for m in MIGRATIONS if m.version < 13]:  # a knowledge base from before forwarded_from
        old._apply(m)
    old._run("INSERT INTO articles (id, text, ingested_at) VALUES ('old1', 'An older text.', 'x')")
    assert old.schema_version() == 12
    old.close()
    with open_store(db_url) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert s.get_article("old1")["forwarded_from"] is None
        s.insert_article("new1", _forwarded())
        assert s.get_article("new1")["forwarded_from"] == "Valley Observer"


def test_store_has_cause_refs(store):
    assert store.has_cause_refs() is False
    e = _event()
    with store.transaction():
        store.insert_article("a1", _article())
        store.write_event(e, "violence", 1)
        store.insert_report("a1:e1", "e1", _report(e), e)
        store.add_cause_ref("a1:e1", "a1", "violence", "2020-03-01", "2020-03-11", {}, None, None, None, None)
    assert store.has_cause_refs() is True


def test_store_list_actors_most_active_first(store):
    kh = Actor("kataib-hezbollah", "Kataib Hezbollah", "armed_group", "IQ", aliases=("KH",))
    us = Actor("united-states", "United States", "state", "US")
    quiet = Actor("a-quiet-group", "A Quiet Group", "armed_group", "IQ")
    for a in (kh, us, quiet):
        store.upsert_actor(a)
    e1, e2 = _event("e1"), replace(_event("e2"), targets=("kataib-hezbollah",), actors=("united-states",))
    store.write_event(e1, "violence", 1)
    store.write_event(e2, "violence", 1)
    rows = store.list_actors()
    assert [(a.id, n_actor, n_target) for a, n_actor, n_target in rows] == [
        ("kataib-hezbollah", 1, 1), ("united-states", 1, 1), ("a-quiet-group", 0, 0)]
    assert [a.id for a, _, _ in store.list_actors(country="iq", limit=1, offset=1)] == ["a-quiet-group"]
    assert [a.id for a, _, _ in store.list_actors(q="KH")] == ["kataib-hezbollah"]


def test_store_kb_actors_on_every_backend(db_url):
    from sitrep.kb import open_kb
    kb = open_kb(db_url)
    try:
        kb.store.upsert_actor(Actor("kataib-hezbollah", "Kataib Hezbollah", "armed_group", "IQ"))
        kb.store.upsert_actor(Actor("united-states", "United States", "state", "US"))
        kb.store.write_event(_event(), "violence", 1)
        got = kb.actors()
        assert [(s.actor.id, s.as_actor, s.as_target) for s in got] == [
            ("kataib-hezbollah", 1, 0), ("united-states", 0, 1)]
        assert [s.actor.id for s in kb.actors(type="state")] == ["united-states"]
    finally:
        kb.close()
