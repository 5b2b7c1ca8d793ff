"""The knowledge base's storage: every SQL statement of sitrep lives here.

One :class:`Store` interface, two backends: :class:`SQLiteStore` (a file path or
``:memory:``) and :class:`PostgresStore` (``postgresql://`` URLs, psycopg 3).  Both run the
same SQL (written with ``?`` parameters, adapted for psycopg) except the full-text parts:
FTS5 on SQLite, ``tsvector`` + ``plainto_tsquery`` on PostgreSQL.

Schema changes are the ordered :data:`MIGRATIONS`; each applied version is recorded in
``schema_migrations``.  A database whose version is newer than this code raises
:class:`~sitrep.errors.StoreError` ``E401``.

The store knows rows, not policy: merging decisions live in :mod:`sitrep.merge`, the
ingest and query logic in :mod:`sitrep.kb`.  A store is safe to share between threads (one
lock serialises its connection: a single writer).
"""
from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from .errors import StoreError
from .records import (AcledType, Actor, Article, Event, EventDate, EventReport, Evidence, MergedEvent,
                      Place, Relation, event_from_dict, to_dict)
from .merge import day_bounds

Row = dict[str, Any]


# --- schema -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Migration:
    """One schema step: statements for both backends, then backend-specific ones."""
    version: int
    name: str
    common: tuple[str, ...] = ()
    sqlite: tuple[str, ...] = ()
    postgresql: tuple[str, ...] = ()


_TABLES = (
    """CREATE TABLE articles (
        id TEXT PRIMARY KEY, external_id TEXT, title TEXT, source TEXT, url TEXT,
        published TEXT, language TEXT, origin TEXT, text TEXT NOT NULL, ingested_at TEXT NOT NULL)""",
    "CREATE INDEX articles_published ON articles (published)",
    """CREATE TABLE actors (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, country TEXT, role TEXT,
        known INTEGER NOT NULL DEFAULT 1)""",
    "CREATE TABLE actor_aliases (actor_id TEXT NOT NULL, alias TEXT NOT NULL, norm TEXT NOT NULL, "
    "PRIMARY KEY (actor_id, norm))",
    "CREATE INDEX actor_aliases_norm ON actor_aliases (norm)",
    "CREATE TABLE actor_redirects (from_id TEXT PRIMARY KEY, to_id TEXT NOT NULL)",
    "CREATE TABLE article_actors (article_id TEXT NOT NULL, actor_id TEXT NOT NULL, "
    "mentions INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (article_id, actor_id))",
    "CREATE INDEX article_actors_actor ON article_actors (actor_id)",
    """CREATE TABLE events (
        id TEXT PRIMARY KEY, type TEXT NOT NULL, family TEXT NOT NULL, cameo TEXT,
        acled_event_type TEXT, acled_sub_event_type TEXT, plover TEXT,
        date_start TEXT, date_end TEXT, date_precision TEXT, date_text TEXT, date_lo TEXT, date_hi TEXT,
        place_name TEXT, place_country TEXT, place_admin1 TEXT, place_lat REAL, place_lon REAL,
        place_precision TEXT, fatalities INTEGER, injured INTEGER, claimed_fatalities INTEGER,
        count INTEGER NOT NULL DEFAULT 1, weapon TEXT, certainty TEXT NOT NULL, claimed_by TEXT,
        caused_by TEXT, trigger_text TEXT, duplicate_of TEXT, n_reports INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    "CREATE INDEX events_date ON events (date_lo, id)",
    "CREATE INDEX events_family_date ON events (family, date_lo)",
    "CREATE INDEX events_type_date ON events (type, date_lo)",
    "CREATE INDEX events_country ON events (place_country, date_lo)",
    "CREATE INDEX events_caused_by ON events (caused_by)",
    "CREATE TABLE event_actors (event_id TEXT NOT NULL, role TEXT NOT NULL, actor_id TEXT NOT NULL, "
    "pos INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (event_id, role, actor_id))",
    "CREATE INDEX event_actors_actor ON event_actors (actor_id, role, event_id)",
    """CREATE TABLE reports (
        id TEXT PRIMARY KEY, article_id TEXT NOT NULL, local_id TEXT NOT NULL, event_id TEXT NOT NULL,
        type TEXT NOT NULL, date_start TEXT, date_end TEXT, date_precision TEXT,
        place_name TEXT, place_country TEXT, place_lat REAL, place_lon REAL, place_precision TEXT,
        fatalities INTEGER, injured INTEGER, certainty TEXT NOT NULL, caused_by_event TEXT,
        record TEXT NOT NULL)""",
    "CREATE INDEX reports_event ON reports (event_id)",
    "CREATE INDEX reports_article ON reports (article_id)",
    """CREATE TABLE relations (
        id TEXT PRIMARY KEY, subject TEXT NOT NULL, predicate TEXT NOT NULL, object TEXT NOT NULL,
        since TEXT, until TEXT)""",
    "CREATE INDEX relations_subject ON relations (subject)",
    "CREATE INDEX relations_object ON relations (object)",
    """CREATE TABLE evidence (
        owner_kind TEXT NOT NULL, owner_id TEXT NOT NULL, article_id TEXT NOT NULL, seq INTEGER NOT NULL,
        text TEXT NOT NULL, start_off INTEGER NOT NULL, end_off INTEGER NOT NULL,
        PRIMARY KEY (owner_kind, owner_id, article_id, seq))""",
    "CREATE INDEX evidence_article ON evidence (article_id)",
    """CREATE TABLE corrections (
        event_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT, PRIMARY KEY (event_id, field))""",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", common=_TABLES, sqlite=(
        "CREATE VIRTUAL TABLE search_fts USING fts5(body, kind UNINDEXED, ref_id UNINDEXED, "
        "article_id UNINDEXED, tokenize='porter unicode61')",
        """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user_name TEXT NOT NULL,
            action TEXT NOT NULL, record_kind TEXT NOT NULL, record_id TEXT NOT NULL,
            before_json TEXT, after_json TEXT)""",
    ), postgresql=(
        """CREATE TABLE search_docs (
            id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, ref_id TEXT NOT NULL, article_id TEXT NOT NULL,
            body TEXT NOT NULL,
            tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED)""",
        "CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv)",
        "CREATE INDEX search_docs_ref ON search_docs (kind, ref_id)",
        """CREATE TABLE audit_log (
            id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, user_name TEXT NOT NULL,
            action TEXT NOT NULL, record_kind TEXT NOT NULL, record_id TEXT NOT NULL,
            before_json TEXT, after_json TEXT)""",
    )),
    Migration(2, "audit and month indexes", common=(
        "CREATE INDEX audit_log_record ON audit_log (record_id, id)",
        "CREATE INDEX events_dup_date ON events (duplicate_of, date_lo)",
    )),
    Migration(3, "report admin1", common=("ALTER TABLE reports ADD COLUMN place_admin1 TEXT",)),
    Migration(4, "merge candidate index", common=(
        "CREATE INDEX events_family_prec_date ON events (family, date_precision, date_lo)",
    )),
    Migration(5, "timeline month column", common=(
        "DROP INDEX events_dup_date",  # misled the planner into scanning every live event
        "ALTER TABLE events ADD COLUMN period_month TEXT",
        "UPDATE events SET period_month = substr(date_lo, 1, 7)",
        "CREATE INDEX events_month ON events (period_month, type, family, duplicate_of, fatalities)",
    )),
    Migration(6, "cause links and cause references", common=(
        # One row per statement of "effect was caused by cause": ``origin`` 'text' (an article
        # links two of its own events), 'reference' (a cause phrase matched to an event of
        # the knowledge base) or 'analyst' (one row per pair; removed=1 is the analyst's veto,
        # which no later ingest overrides).  ``report_key`` is the effect report's id ('' for
        # analyst rows), so the same article never states one link twice.
        """CREATE TABLE event_links (
            cause_id TEXT NOT NULL, effect_id TEXT NOT NULL, report_key TEXT NOT NULL, origin TEXT NOT NULL,
            article_id TEXT, evidence TEXT, start_off INTEGER, end_off INTEGER, created_by TEXT,
            created_at TEXT NOT NULL, removed INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (cause_id, effect_id, report_key))""",
        "CREATE INDEX event_links_effect ON event_links (effect_id, cause_id)",
        # A cause phrase of one report ("in retaliation for the killing of Soleimani"), kept so
        # an event ingested later can still answer it.  [win_lo, win_hi]: the days the cause
        # may fall on; ``resolved_id`` the event it was matched to (NULL while pending);
        # ``ref_report``: the report of the event told inside the phrase, if the article has one.
        """CREATE TABLE cause_refs (
            report_id TEXT PRIMARY KEY, article_id TEXT NOT NULL, family TEXT, win_lo TEXT, win_hi TEXT,
            hints TEXT NOT NULL, ref_report TEXT, resolved_id TEXT, evidence TEXT, start_off INTEGER,
            end_off INTEGER)""",
        "CREATE INDEX cause_refs_window ON cause_refs (win_hi, win_lo)",
        "CREATE INDEX cause_refs_ref_report ON cause_refs (ref_report)",
        # links stated by articles ingested before this version
        "INSERT INTO event_links (cause_id, effect_id, report_key, origin, article_id, created_at) "
        "SELECT r.caused_by_event, r.event_id, r.id, 'text', r.article_id, '' FROM reports r "
        "WHERE r.caused_by_event IS NOT NULL AND r.caused_by_event <> r.event_id",
    )),
    Migration(7, "cause reference parties", common=(
        # the parties a cause phrase names, so an event finds the open phrases about its actors
        "CREATE TABLE cause_ref_actors (actor_id TEXT NOT NULL, report_id TEXT NOT NULL, "
        "PRIMARY KEY (actor_id, report_id))",
        "ALTER TABLE cause_refs ADD COLUMN n_parties INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX actors_country_type ON actors (country, type)",
    )),
    Migration(8, "coverage, summaries and scale indexes", common=(
        # which kinds of source tell an event: 1 articles, 2 ACLED rows (sitrep.acled), 3 both
        "ALTER TABLE events ADD COLUMN coverage INTEGER NOT NULL DEFAULT 1",
        "CREATE INDEX events_coverage ON events (coverage, date_lo)",
        # live events per month, type and coverage ('' month: undated), kept by the store on
        # every write: the timeline, the overview's counts and the coverage line read it
        """CREATE TABLE event_summary (
            period_month TEXT NOT NULL, type TEXT NOT NULL, family TEXT NOT NULL, coverage INTEGER NOT NULL,
            events INTEGER NOT NULL, fatalities INTEGER NOT NULL,
            PRIMARY KEY (period_month, type, family, coverage))""",
        "INSERT INTO event_summary (period_month, type, family, coverage, events, fatalities) "
        "SELECT COALESCE(period_month, ''), type, family, coverage, COUNT(*), SUM(COALESCE(fatalities, 0)) "
        "FROM events WHERE duplicate_of IS NULL GROUP BY COALESCE(period_month, ''), type, family, coverage",
        # every place name and province in lower case: a place filter reads this small table
        # for the names holding its words, then the events through the indexes below
        "CREATE TABLE place_names (name TEXT PRIMARY KEY)",
        "INSERT INTO place_names (name) SELECT DISTINCT lower(place_name) FROM events WHERE place_name IS NOT NULL "
        "UNION SELECT DISTINCT lower(place_admin1) FROM events WHERE place_admin1 IS NOT NULL",
        "CREATE INDEX events_place ON events (lower(place_name), date_lo)",
        "CREATE INDEX events_admin1 ON events (lower(place_admin1), date_lo)",
        # an actor's events in date order straight from the index (the event's date_lo copied)
        "ALTER TABLE event_actors ADD COLUMN date_lo TEXT",
        "UPDATE event_actors SET date_lo = (SELECT e.date_lo FROM events e WHERE e.id = event_actors.event_id)",
        "CREATE INDEX event_actors_date ON event_actors (actor_id, role, date_lo, event_id)",
        "DROP INDEX event_actors_actor",
        "CREATE INDEX event_actors_any ON event_actors (actor_id, date_lo, event_id)",
    )),
    Migration(9, "actor pages by index", common=(
        # an actor's events, newest first, read and counted from one covering index: the row
        # holds the event's day bounds; a duplicate event has no rows (its reports moved on)
        "ALTER TABLE event_actors ADD COLUMN date_hi TEXT",
        "UPDATE event_actors SET date_hi = (SELECT e.date_hi FROM events e WHERE e.id = event_actors.event_id)",
        "DELETE FROM event_actors WHERE event_id IN (SELECT id FROM events WHERE duplicate_of IS NOT NULL)",
        "DROP INDEX event_actors_date",
        # the few events dated by a long range: an actor's page adds them apart
        "CREATE INDEX events_range ON events (date_precision, date_hi)",
        # live events told by more than one source, per summary row (the overview's count)
        "ALTER TABLE event_summary ADD COLUMN merged INTEGER NOT NULL DEFAULT 0",
        "UPDATE event_summary SET merged = (SELECT COUNT(*) FROM events e WHERE e.duplicate_of IS NULL "
        "AND e.n_reports > 1 AND COALESCE(e.period_month, '') = event_summary.period_month "
        "AND e.type = event_summary.type AND e.family = event_summary.family "
        "AND e.coverage = event_summary.coverage)",
        # live dated events per actor -> target pair, month and type: the dyad timeline
        """CREATE TABLE dyad_summary (
            actor_id TEXT NOT NULL, target_id TEXT NOT NULL, period_month TEXT NOT NULL, type TEXT NOT NULL,
            family TEXT NOT NULL, events INTEGER NOT NULL, fatalities INTEGER NOT NULL,
            PRIMARY KEY (actor_id, target_id, period_month, type, family))""",
        "INSERT INTO dyad_summary (actor_id, target_id, period_month, type, family, events, fatalities) "
        "SELECT a.actor_id, t.actor_id, e.period_month, e.type, e.family, COUNT(*), SUM(COALESCE(e.fatalities, 0)) "
        "FROM events e JOIN event_actors a ON a.event_id = e.id AND a.role = 'actor' "
        "JOIN event_actors t ON t.event_id = e.id AND t.role = 'target' "
        "WHERE e.duplicate_of IS NULL AND e.period_month IS NOT NULL AND a.actor_id <> t.actor_id "
        "GROUP BY a.actor_id, t.actor_id, e.period_month, e.type, e.family",
    ), sqlite=(
        "CREATE INDEX event_actors_date ON event_actors (actor_id, role, date_lo, date_hi, event_id)",
        # type + country + dates, read and counted in one index range
        "CREATE INDEX events_country_type ON events (place_country, type, date_lo)",
    ), postgresql=(
        "CREATE INDEX events_country_type ON events (place_country, type, date_lo DESC NULLS LAST, id DESC)",
        "CREATE INDEX events_date_desc ON events (date_lo DESC NULLS LAST, id DESC)",
        # PostgreSQL reads an index backwards as DESC NULLS FIRST: the page order is NULLS LAST
        "CREATE INDEX event_actors_date ON event_actors (actor_id, role, date_lo DESC NULLS LAST, "
        "event_id DESC, date_hi)",
    )),
    Migration(10, "place pages by index", postgresql=(
        # a place's newest events straight from the index (SQLite reads its (name, date_lo)
        # indexes backwards in that order already)
        "CREATE INDEX events_place_desc ON events (lower(place_name), date_lo DESC NULLS LAST, id DESC)",
        "CREATE INDEX events_admin1_desc ON events (lower(place_admin1), date_lo DESC NULLS LAST, id DESC)",
    )),
    Migration(11, "accounts and ingest jobs", common=(
        # analysts: a name, a role and the hash of their token (never the token itself)
        """CREATE TABLE users (
            name TEXT PRIMARY KEY, role TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL, last_used TEXT, revoked_at TEXT)""",
        # the web app's background ingest jobs, kept across restarts
        """CREATE TABLE ingest_jobs (
            id TEXT PRIMARY KEY, label TEXT NOT NULL, status TEXT NOT NULL, user_name TEXT,
            created DOUBLE PRECISION NOT NULL, finished DOUBLE PRECISION, summary_json TEXT, error TEXT)""",
        "CREATE INDEX ingest_jobs_created ON ingest_jobs (created)",
    )),
    Migration(12, "indexes for moving an event's causes (renames, duplicates, folds) without a scan", common=(
        "CREATE INDEX reports_caused_by ON reports (caused_by_event)",
        "CREATE INDEX cause_refs_resolved ON cause_refs (resolved_id)",
    )),
    Migration(13, "who a re-posted article came from (a Telegram post's forwarded_from)", common=(
        "ALTER TABLE articles ADD COLUMN forwarded_from TEXT",
    )),
    Migration(14, "duplicates by the event they lead to, so a rename or merge repoints them without a scan", common=(
        # partial: only duplicate rows are indexed, so queries of live events (duplicate_of IS NULL)
        # are not drawn to it (the planner fault that had events_dup_date dropped in migration 5)
        "CREATE INDEX events_duplicate_of ON events (duplicate_of) WHERE duplicate_of IS NOT NULL",
    )),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


# --- filters ------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventFilter:
    """Which events a query reads.  Actor fields hold canonical actor ids (kb.py resolves names)."""
    actor: tuple[str, ...] = ()       # any of these as actor
    target: tuple[str, ...] = ()      # any of these as target
    involving: tuple[str, ...] = ()   # any of these in either role
    type: tuple[str, ...] = ()
    family: tuple[str, ...] = ()
    since: str | None = None          # YYYY[-MM[-DD]]: events that may fall on or after
    until: str | None = None
    place: str | None = None          # substring of place name or admin1 (case-insensitive)
    country: str | None = None        # ISO 3166-1 alpha-2
    certainty: tuple[str, ...] = ()
    text: str | None = None           # full-text match on the evidence of any report
    article: str | None = None        # events reported by this article
    include_duplicates: bool = False
    only_in: str | None = None        # 'articles': told by articles only; 'acled': by ACLED rows only


COVERAGE = {"articles": 1, "acled": 2, "both": 3}
ORDERS = {
    "date": "e.date_lo ASC NULLS LAST, e.id ASC",
    "-date": "e.date_lo DESC NULLS LAST, e.id DESC",
    "fatalities": "e.fatalities ASC NULLS LAST, e.id ASC",
    "-fatalities": "e.fatalities DESC NULLS LAST, e.id DESC",
    "reports": "e.n_reports ASC, e.id ASC",
    "-reports": "e.n_reports DESC, e.id DESC",
    "type": "e.type ASC, e.date_lo DESC NULLS LAST, e.id ASC",
    "updated": "e.updated_at DESC, e.id DESC",
}
PERIODS = {"day": "e.date_lo", "month": "e.period_month", "year": "substr(e.period_month, 1, 4)"}
PLACE_NAMES_MAX = 500  # a place filter matching more names than this scans the events instead
WIDE_DAYS = 400  # longer than any day-, month- or year-precise date


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def norm_alias(name: str) -> str:
    """The form names and aliases are matched in: case, quotes, hyphens and spacing folded."""
    s = name.casefold().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    s = re.sub(r"['\u02bc\u02bb]", "", s)
    s = re.sub(r"[-_.,\"]", " ", s)
    return " ".join(s.split())


def relation_id(subject: str, predicate: str, obj: str) -> str:
    return f"{subject}|{predicate}|{obj}"


def _bounds(value: str | None, *, end: bool) -> str | None:
    if not value:
        return None
    lo, hi = day_bounds(EventDate(start=value, end=value, precision="day"))
    return hi if end else lo


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


# --- the interface --------------------------------------------------------------------------

class Store:
    """Common SQL for both backends.  Subclasses provide the connection and full-text search."""

    dialect = "?"

    def __init__(self, url: str):
        self.url = url
        self._lock = threading.RLock()
        self._depth = 0

    # backend hooks ---------------------------------------------------------------------
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _begin(self) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def _rollback(self) -> None:
        raise NotImplementedError

    def _table_exists(self, name: str) -> bool:
        raise NotImplementedError

    def _text_subquery(self, kind: str) -> str:
        """SQL selecting ``ref_id`` of search documents of ``kind`` matching one parameter."""
        raise NotImplementedError

    def _text_param(self, text: str) -> str:
        return text

    def _place_sql(self, n: int) -> str:
        """Events at one of ``n`` place names or provinces (parameters: the names, twice)."""
        return f"(lower(e.place_name) IN ({_marks(n)}) OR lower(e.place_admin1) IN ({_marks(n)}))"

    def _search_sql(self) -> str:
        raise NotImplementedError

    def _insert_search_docs(self, rows: Sequence[tuple[str, str, str, str]]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # plumbing --------------------------------------------------------------------------
    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._lock:
            return [dict(r) for r in self._execute(sql, params).fetchall()]

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        with self._lock:
            row = self._execute(sql, params).fetchone()
            return dict(row) if row is not None else None

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._lock:
            self._execute(sql, params)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all (nested calls join the outer one)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._begin()
            self._depth = 1
            try:
                yield
            except BaseException:
                self._depth = 0
                self._rollback()
                raise
            self._depth = 0
            self._commit()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # migrations ------------------------------------------------------------------------
    def schema_version(self) -> int:
        if not self._table_exists("schema_migrations"):
            return 0
        row = self._one("SELECT MAX(version) AS v FROM schema_migrations")
        return int(row["v"] or 0) if row else 0

    def migrate(self) -> int:
        """Apply pending migrations; returns the schema version.  E401 if the DB is newer."""
        with self._lock:
            if not self._table_exists("schema_migrations"):
                self._run("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                          "applied_at TEXT NOT NULL)")
            current = self.schema_version()
            if current > SCHEMA_VERSION:
                raise StoreError(f"{self.url}: schema version {current} is newer than this sitrep "
                                 f"(knows up to {SCHEMA_VERSION}); upgrade sitrep", code="E401")
            applied = [m for m in MIGRATIONS if m.version > current]
            for m in applied:
                self._apply(m)
            if applied and current:   # new indexes on old rows: the planner needs their statistics
                self.analyze()
            return self.schema_version()

    def _apply(self, m: Migration) -> None:
        with self.transaction():
            for sql in m.common + (m.sqlite if self.dialect == "sqlite" else m.postgresql):
                self._run(sql)
            self._run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                      (m.version, m.name, now_iso()))

    def migrations(self) -> list[Row]:
        return self._all("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")

    # articles --------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self._one("SELECT 1 AS x FROM articles WHERE id = ?", (article_id,)) is not None

    def insert_article(self, article_id: str, article: Article, *, search: bool = True) -> None:
        self._run(f"INSERT INTO articles ({self._ARTICLE_WRITE_COLS}) VALUES ({_marks(11)})",
                  (article_id, article.id, article.title, article.source, article.url, article.published,
                   article.language, article.origin, article.forwarded_from, article.text, now_iso()))
        if search:
            body = "\n".join(x for x in (article.title, article.text) if x)
            self._insert_search_docs([("article", article_id, article_id, body)])

    # the columns an article is written with (insert_article and bulk_add, in this order)
    _ARTICLE_WRITE_COLS = ("id, external_id, title, source, url, published, language, origin, forwarded_from, "
                           "text, ingested_at")
    # an article as read back (list_articles, get_article): every column but the text, and counts
    _ARTICLE_COLS = ("a.id, a.external_id, a.title, a.source, a.url, a.published, a.language, a.origin, "
                     "a.forwarded_from, a.ingested_at, (SELECT COUNT(*) FROM reports r WHERE r.article_id = a.id) AS n_reports, "
                     "(SELECT COUNT(*) FROM article_actors x WHERE x.article_id = a.id) AS n_actors")

    def list_articles(self, *, source: str | None = None, limit: int = 50, offset: int = 0) -> list[Row]:
        where, params = ("WHERE a.source = ?", [source]) if source else ("", [])
        return self._all(f"SELECT {self._ARTICLE_COLS} FROM articles a {where} "
                         "ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?", (*params, limit, offset))

    def count_articles(self) -> int:
        return int(self._one("SELECT COUNT(*) AS n FROM articles")["n"])  # type: ignore[index]

    def get_article(self, article_id: str) -> Row | None:
        return self._one(f"SELECT {self._ARTICLE_COLS}, a.text FROM articles a WHERE a.id = ?", (article_id,))

    def article_report_ids(self, article_id: str) -> list[Row]:
        return self._all("SELECT local_id, event_id FROM reports WHERE article_id = ? ORDER BY local_id",
                         (article_id,))

    def article_evidence(self, article_id: str) -> list[Row]:
        return self._all("SELECT owner_kind, owner_id, text, start_off, end_off FROM evidence "
                         "WHERE article_id = ? ORDER BY start_off, owner_kind, owner_id", (article_id,))

    def article_actor_ids(self, article_id: str) -> list[str]:
        rows = self._all("SELECT actor_id FROM article_actors WHERE article_id = ? ORDER BY actor_id", (article_id,))
        return [r["actor_id"] for r in rows]

    # actors ----------------------------------------------------------------------------
    def redirects(self) -> dict[str, str]:
        return {r["from_id"]: r["to_id"] for r in self._all("SELECT from_id, to_id FROM actor_redirects")}

    def add_redirect(self, from_id: str, to_id: str) -> None:
        self._run("UPDATE actor_redirects SET to_id = ? WHERE to_id = ?", (to_id, from_id))
        self._run("DELETE FROM actor_redirects WHERE from_id = ?", (from_id,))
        self._run("INSERT INTO actor_redirects (from_id, to_id) VALUES (?, ?)", (from_id, to_id))

    def get_actor(self, actor_id: str) -> Actor | None:
        row = self._one("SELECT id, name, type, country, role, known FROM actors WHERE id = ?", (actor_id,))
        if row is None:
            return None
        return self._actor(row, self.aliases([actor_id]).get(actor_id, ()))

    def get_actors(self, ids: Sequence[str]) -> dict[str, Actor]:
        out: dict[str, Actor] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            rows = self._all(f"SELECT id, name, type, country, role, known FROM actors WHERE id IN ({_marks(len(chunk))})",
                             chunk)
            aliases = self.aliases([r["id"] for r in rows])
            out.update({r["id"]: self._actor(r, aliases.get(r["id"], ())) for r in rows})
        return out

    @staticmethod
    def _actor(row: Row, aliases: Sequence[str]) -> Actor:
        return Actor(id=row["id"], name=row["name"], type=row["type"], country=row["country"],
                     role=row["role"], known=bool(row["known"]),
                     aliases=tuple(a for a in aliases if a != row["name"]))

    def aliases(self, actor_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for chunk in _chunks(list(actor_ids)):
            for r in self._all(f"SELECT actor_id, alias FROM actor_aliases WHERE actor_id IN ({_marks(len(chunk))}) "
                               "ORDER BY actor_id, alias", chunk):
                out.setdefault(r["actor_id"], []).append(r["alias"])
        return {k: tuple(v) for k, v in out.items()}

    def actor_ids_named(self, name: str) -> list[str]:
        """Ids of actors whose id, name or an alias equals ``name`` (folded)."""
        rows = self._all("SELECT DISTINCT actor_id FROM actor_aliases WHERE norm = ? ORDER BY actor_id",
                         (norm_alias(name),))
        ids = [r["actor_id"] for r in rows]
        if self._one("SELECT 1 AS x FROM actors WHERE id = ?", (name,)) is not None and name not in ids:
            ids.insert(0, name)
        return ids

    def upsert_actor(self, actor: Actor) -> None:
        """Insert an actor or fill in what the stored one lacks; aliases accumulate."""
        old = self._one("SELECT id, name, type, country, role, known FROM actors WHERE id = ?", (actor.id,))
        if old is None:
            self._run("INSERT INTO actors (id, name, type, country, role, known) VALUES (?, ?, ?, ?, ?, ?)",
                      (actor.id, actor.name, actor.type, actor.country, actor.role, int(actor.known)))
        else:
            upgrade = actor.known and not old["known"]
            self._run("UPDATE actors SET name = ?, type = ?, country = ?, role = ?, known = ? WHERE id = ?",
                      (actor.name if upgrade else old["name"],
                       actor.type if upgrade or old["type"] == "other" else old["type"],
                       old["country"] or actor.country, old["role"] or actor.role,
                       int(bool(old["known"]) or actor.known), actor.id))
        for alias in (actor.name, *actor.aliases):
            self.add_alias(actor.id, alias)

    def add_alias(self, actor_id: str, alias: str) -> bool:
        """Record an alias; False when the actor already had it."""
        norm = norm_alias(alias)
        if not norm or self._one("SELECT 1 AS x FROM actor_aliases WHERE actor_id = ? AND norm = ?",
                                 (actor_id, norm)):
            return False
        self._run("INSERT INTO actor_aliases (actor_id, alias, norm) VALUES (?, ?, ?)", (actor_id, alias, norm))
        return True

    def link_article_actor(self, article_id: str, actor_id: str, mentions: int) -> None:
        row = self._one("SELECT mentions FROM article_actors WHERE article_id = ? AND actor_id = ?",
                        (article_id, actor_id))
        if row is None:
            self._run("INSERT INTO article_actors (article_id, actor_id, mentions) VALUES (?, ?, ?)",
                      (article_id, actor_id, mentions))
        else:
            self._run("UPDATE article_actors SET mentions = ? WHERE article_id = ? AND actor_id = ?",
                      (row["mentions"] + mentions, article_id, actor_id))

    def list_actors(self, *, type: str | None = None, country: str | None = None, q: str | None = None,
                    limit: int = 100, offset: int = 0) -> list[tuple[Actor, int, int]]:
        """Actors with their counts of events as actor and as target, most active first."""
        where, params = self._actor_where(type, country, q)
        # the counts are named in a subquery: PostgreSQL orders by an output column's name only
        # alone, never inside an expression ("n_actor + n_target")
        rows = self._all(
            "SELECT * FROM (SELECT a.id, a.name, a.type, a.country, a.role, a.known, "
            "(SELECT COUNT(*) FROM event_actors x WHERE x.actor_id = a.id AND x.role = 'actor') AS n_actor, "
            "(SELECT COUNT(*) FROM event_actors x WHERE x.actor_id = a.id AND x.role = 'target') AS n_target "
            f"FROM actors a {where}) c ORDER BY c.n_actor + c.n_target DESC, c.name, c.id LIMIT ? OFFSET ?",
            (*params, limit, offset))
        aliases = self.aliases([r["id"] for r in rows])
        return [(self._actor(r, aliases.get(r["id"], ())), int(r["n_actor"]), int(r["n_target"])) for r in rows]

    def count_actors(self, *, type: str | None = None, country: str | None = None, q: str | None = None) -> int:
        where, params = self._actor_where(type, country, q)
        return int(self._one(f"SELECT COUNT(*) AS n FROM actors a {where}", params)["n"])  # type: ignore[index]

    @staticmethod
    def _actor_where(type: str | None, country: str | None, q: str | None) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if type:
            clauses.append("a.type = ?")
            params.append(type)
        if country:
            clauses.append("a.country = ?")
            params.append(country.upper())
        if q:
            clauses.append("a.id IN (SELECT actor_id FROM actor_aliases WHERE norm LIKE ?)")
            params.append(f"%{norm_alias(q)}%")
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def actor_seen(self, actor_id: str) -> Row:
        """First and last dates an actor appears (event dates and article dates)."""
        # the ends of the actor's stretch of the event_actors_any index (live events only)
        lo = self._one("SELECT MIN(date_lo) AS v FROM event_actors WHERE actor_id = ?", (actor_id,)) or {}
        hi = self._one("SELECT MAX(x.date_hi) AS v FROM (SELECT date_hi FROM event_actors WHERE actor_id = ? "
                       "ORDER BY date_lo DESC LIMIT 100) x", (actor_id,)) or {}
        ev = {"lo": lo.get("v"), "hi": hi.get("v")}
        ar = self._one("SELECT MIN(a.published) AS lo, MAX(a.published) AS hi FROM articles a "
                       "JOIN article_actors x ON x.article_id = a.id WHERE x.actor_id = ?", (actor_id,)) or {}
        los = [v for v in (ev.get("lo"), ar.get("lo")) if v]
        his = [v for v in (ev.get("hi"), ar.get("hi")) if v]
        return {"first": min(los) if los else None, "last": max(his) if his else None}

    def actor_sources(self, actor_id: str) -> list[Row]:
        return self._all("SELECT COALESCE(a.source, '') AS source, COUNT(*) AS articles FROM articles a "
                         "JOIN article_actors x ON x.article_id = a.id WHERE x.actor_id = ? "
                         "GROUP BY COALESCE(a.source, '') ORDER BY articles DESC, source", (actor_id,))

    def actor_article_ids(self, actor_id: str, limit: int = 100) -> list[str]:
        rows = self._all("SELECT a.id FROM articles a JOIN article_actors x ON x.article_id = a.id "
                         "WHERE x.actor_id = ? ORDER BY a.published DESC NULLS LAST, a.id LIMIT ?", (actor_id, limit))
        return [r["id"] for r in rows]

    def merge_actor_rows(self, keep_id: str, drop_id: str) -> None:
        """Move every row of ``drop_id`` onto ``keep_id`` and delete it (callers hold a transaction)."""
        for table, key in (("event_actors", "event_id, role, actor_id, pos, date_lo, date_hi"),):
            self._run(f"INSERT INTO {table} ({key}) SELECT event_id, role, ?, pos, date_lo, date_hi FROM {table} x "
                      f"WHERE x.actor_id = ? AND NOT EXISTS (SELECT 1 FROM {table} y WHERE y.event_id = x.event_id "
                      "AND y.role = x.role AND y.actor_id = ?)", (keep_id, drop_id, keep_id))
        self._run("DELETE FROM event_actors WHERE actor_id = ?", (drop_id,))
        self._run("INSERT INTO article_actors (article_id, actor_id, mentions) SELECT article_id, ?, mentions "
                  "FROM article_actors x WHERE x.actor_id = ? AND NOT EXISTS (SELECT 1 FROM article_actors y "
                  "WHERE y.article_id = x.article_id AND y.actor_id = ?)", (keep_id, drop_id, keep_id))
        self._run("DELETE FROM article_actors WHERE actor_id = ?", (drop_id,))
        for alias in self.aliases([drop_id]).get(drop_id, ()):
            self.add_alias(keep_id, alias)
        self._run("DELETE FROM actor_aliases WHERE actor_id = ?", (drop_id,))
        self._run("UPDATE events SET claimed_by = ? WHERE claimed_by = ?", (keep_id, drop_id))
        self._move_relations(keep_id, drop_id)
        self._run("DELETE FROM actors WHERE id = ?", (drop_id,))
        self.add_redirect(drop_id, keep_id)

    def _move_relations(self, keep_id: str, drop_id: str) -> None:
        rows = self._all("SELECT id, subject, predicate, object, since, until FROM relations "
                         "WHERE subject = ? OR object = ?", (drop_id, drop_id))
        for r in rows:
            subject = keep_id if r["subject"] == drop_id else r["subject"]
            obj = keep_id if r["object"] == drop_id else r["object"]
            evidence = self._evidence("relation", [r["id"]]).get(r["id"], [])
            self._run("DELETE FROM evidence WHERE owner_kind = 'relation' AND owner_id = ?", (r["id"],))
            self._run("DELETE FROM relations WHERE id = ?", (r["id"],))
            if subject == obj:
                continue
            rel = Relation(subject=subject, predicate=r["predicate"], object=obj, since=r["since"], until=r["until"])
            for article_id, ev in evidence:
                self.upsert_relation(rel, article_id, (ev,))
            if not evidence:
                self.upsert_relation(rel, None, ())

    # events ----------------------------------------------------------------------------
    _EVENT_COLS = ("e.id, e.type, e.family, e.cameo, e.acled_event_type, e.acled_sub_event_type, e.plover, "
                   "e.date_start, e.date_end, e.date_precision, e.date_text, e.date_lo, e.date_hi, "
                   "e.place_name, e.place_country, e.place_admin1, e.place_lat, e.place_lon, e.place_precision, "
                   "e.fatalities, e.injured, e.claimed_fatalities, e.count, e.weapon, e.certainty, e.claimed_by, "
                   "e.caused_by, e.trigger_text, e.duplicate_of, e.n_reports, e.created_at, e.updated_at, e.coverage")

    _EVENT_WRITE_COLS = ("type, family, cameo, acled_event_type, acled_sub_event_type, plover, date_start, date_end, "
                         "date_precision, date_text, date_lo, date_hi, place_name, place_country, place_admin1, "
                         "place_lat, place_lon, place_precision, fatalities, injured, claimed_fatalities, count, "
                         "weapon, certainty, claimed_by, caused_by, trigger_text, n_reports, updated_at, period_month, "
                         "coverage")

    @staticmethod
    def _event_values(event: Event, family: str, n_reports: int, coverage: int, now: str) -> tuple[Any, ...]:
        """The values of :attr:`_EVENT_WRITE_COLS` for one headline event."""
        lo, hi = day_bounds(event.date)
        d, p = event.date, event.location
        return (event.type, family, event.cameo, event.acled.event_type if event.acled else None,
                event.acled.sub_event_type if event.acled else None, event.plover,
                d.start if d else None, d.end if d else None, d.precision if d else None, d.text if d else None,
                lo, hi, p.name if p else None, p.country if p else None, p.admin1 if p else None,
                p.lat if p else None, p.lon if p else None, p.precision if p else None,
                event.fatalities, event.injured, event.claimed_fatalities, event.count, event.weapon,
                event.certainty, event.claimed_by, event.caused_by, event.trigger, n_reports, now,
                lo[:7] if lo else None, coverage)

    def write_event(self, event: Event, family: str, n_reports: int, coverage: int = 1) -> None:
        """Insert or replace an event's headline row and its actor/target links; ``coverage``:
        1 told by articles, 2 by ACLED rows, 3 both.  The summary and place tables follow."""
        values = self._event_values(event, family, n_reports, coverage, now_iso())
        cols = self._EVENT_WRITE_COLS
        old = self._one("SELECT period_month, type, family, coverage, fatalities, n_reports, duplicate_of FROM events "
                        "WHERE id = ?", (event.id,))
        old_sides = self._sides_of(event.id) if old is not None and old["duplicate_of"] is None else ((), ())
        if old is None:
            self._run(f"INSERT INTO events (id, {cols}, created_at) VALUES (?, {_marks(len(values))}, ?)",
                      (event.id, *values, now_iso()))
        else:
            sets = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
            self._run(f"UPDATE events SET {sets} WHERE id = ?", (*values, event.id))
        if old is None or old["duplicate_of"] is None:
            deltas = [(values[29] or "", event.type, family, coverage, event.fatalities or 0, n_reports,
                       event.actors, event.targets, 1)]
            if old is not None:
                deltas.append(self._summary_row(old, old_sides, -1))
            self._summary_add(deltas)
        self._add_place_names([values[12], values[14]])
        self._run("DELETE FROM event_actors WHERE event_id = ?", (event.id,))
        if old is not None and old["duplicate_of"] is not None:
            return  # a duplicate's actors count through the event it joined
        links = self._actor_rows(event, values[10], values[11])
        if links:
            self._executemany("INSERT INTO event_actors (event_id, role, actor_id, pos, date_lo, date_hi) "
                              "VALUES (?, ?, ?, ?, ?, ?)", links)

    @staticmethod
    def _actor_rows(event: Event, lo: str | None, hi: str | None) -> list[tuple[Any, ...]]:
        links = [(event.id, "actor", a, i, lo, hi) for i, a in enumerate(dict.fromkeys(event.actors))]
        return links + [(event.id, "target", t, i, lo, hi) for i, t in enumerate(dict.fromkeys(event.targets))]

    def _sides_of(self, event_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        rows = self._all("SELECT role, actor_id FROM event_actors WHERE event_id = ? ORDER BY role, pos", (event_id,))
        return (tuple(r["actor_id"] for r in rows if r["role"] == "actor"),
                tuple(r["actor_id"] for r in rows if r["role"] == "target"))

    @staticmethod
    def _summary_row(old: Row, sides: tuple[Sequence[str], Sequence[str]], sign: int) -> tuple[Any, ...]:
        return (old["period_month"] or "", old["type"], old["family"], old["coverage"], old["fatalities"] or 0,
                old["n_reports"], sides[0], sides[1], sign)

    def _summary_add(self, deltas: Iterable[tuple[Any, ...]]) -> None:
        """Count live events in and out of ``event_summary`` and ``dyad_summary``.  Each delta:
        (month, type, family, coverage, fatalities, n_reports, actors, targets, +1 or -1)."""
        sums: dict[tuple[str, str, str, int], list[int]] = {}
        pairs: dict[tuple[str, str, str, str, str], list[int]] = {}
        for month, etype, fam, cov, dead, n_reports, actors, targets, sign in deltas:
            acc = sums.setdefault((month, etype, fam, cov), [0, 0, 0])
            acc[0] += sign
            acc[1] += sign * dead
            acc[2] += sign * (n_reports > 1)
            if month:
                for a in set(actors):
                    for t in set(targets):
                        if a != t:
                            d = pairs.setdefault((a, t, month, etype, fam), [0, 0])
                            d[0] += sign
                            d[1] += sign * dead
        rows = [(*k, n, dead, m) for k, (n, dead, m) in sums.items() if n or dead or m]
        if rows:
            self._executemany(
                "INSERT INTO event_summary (period_month, type, family, coverage, events, fatalities, merged) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (period_month, type, family, coverage) DO UPDATE SET "
                "events = event_summary.events + excluded.events, "
                "fatalities = event_summary.fatalities + excluded.fatalities, "
                "merged = event_summary.merged + excluded.merged", rows)
        rows = [(*k, n, dead) for k, (n, dead) in pairs.items() if n or dead]
        if rows:
            self._executemany(
                "INSERT INTO dyad_summary (actor_id, target_id, period_month, type, family, events, fatalities) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (actor_id, target_id, period_month, type, family) "
                "DO UPDATE SET events = dyad_summary.events + excluded.events, "
                "fatalities = dyad_summary.fatalities + excluded.fatalities", rows)

    def _add_place_names(self, names: Iterable[str | None]) -> None:
        rows = sorted({(n.lower(),) for n in names if n})
        if rows:
            self._executemany("INSERT INTO place_names (name) VALUES (?) ON CONFLICT (name) DO NOTHING", rows)

    # bulk loads -----------------------------------------------------------------------------
    def existing_articles(self, ids: Sequence[str]) -> set[str]:
        """The ids among ``ids`` already stored as articles."""
        out: set[str] = set()
        for chunk in _chunks(list(ids)):
            out |= {r["id"] for r in self._all(f"SELECT id FROM articles WHERE id IN ({_marks(len(chunk))})", chunk)}
        return out

    def article_event_days(self) -> list[Row]:
        """Family and day bounds of the live events only articles tell."""
        return self._all("SELECT family, date_lo, date_hi FROM events WHERE coverage = 1 AND duplicate_of IS NULL")

    def has_article_events(self) -> bool:
        """True when some live event is told by an article (not only by imported rows)."""
        return self._one("SELECT 1 AS x FROM events WHERE coverage IN (1, 3) AND duplicate_of IS NULL LIMIT 1") is not None

    def bulk_add(self, articles: Sequence[tuple[str, Article]], events: Sequence[tuple[Event, str, int]],
                 reports: Sequence[tuple[str, str, EventReport, Event]], *, search_articles: bool = False) -> None:
        """Store new sources, events and reports at once (the rows :meth:`insert_article`,
        :meth:`write_event` and :meth:`insert_report` would write, without their per-row checks:
        the caller knows every id is new).  ``events``: (headline, family, coverage) with
        ``n_reports`` counted from ``reports``; ``search_articles``: index the article texts
        too (an ACLED row's text is its notes, indexed once as the report's evidence).
        SQLite: ``executemany``; PostgreSQL: ``COPY``.  Callers hold a transaction."""
        now = now_iso()
        art_rows = [(aid, a.id, a.title, a.source, a.url, a.published, a.language, a.origin, a.forwarded_from,
                     a.text, now) for aid, a in articles]
        n_reports: dict[str, int] = {}
        for _, eid, _, _ in reports:
            n_reports[eid] = n_reports.get(eid, 0) + 1
        ev_rows, actor_rows, deltas, places = [], [], [], set()
        for e, family, coverage in events:
            v = self._event_values(e, family, n_reports.get(e.id, 0), coverage, now)
            ev_rows.append((e.id, *v, now))
            actor_rows += self._actor_rows(e, v[10], v[11])
            deltas.append((v[29] or "", e.type, family, coverage, e.fatalities or 0, n_reports.get(e.id, 0),
                           e.actors, e.targets, 1))
            places.update(x.lower() for x in (v[12], v[14]) if x)
        rep_rows, evid_rows, docs = [], [], []
        for rid, eid, r, local in reports:
            d, p = r.date, r.location
            rep_rows.append((rid, r.article_id, r.event_id, eid, r.type, d.start if d else None, d.end if d else None,
                             d.precision if d else None, p.name if p else None, p.country if p else None,
                             p.admin1 if p else None, p.lat if p else None, p.lon if p else None,
                             p.precision if p else None, r.fatalities, r.injured, r.certainty, None,
                             json.dumps(plain(local), ensure_ascii=False)))
            evid_rows += [("report", rid, r.article_id, i, x.text, x.start, x.end) for i, x in enumerate(r.evidence)]
            if r.evidence:
                docs.append(("report", rid, r.article_id, "\n".join(x.text for x in r.evidence)))
        if search_articles:
            docs += [("article", aid, aid, "\n".join(x for x in (a.title, a.text) if x)) for aid, a in articles]
        self._bulk("articles", self._ARTICLE_WRITE_COLS, art_rows)
        self._bulk("events", f"id, {self._EVENT_WRITE_COLS}, created_at", ev_rows)
        self._bulk("event_actors", "event_id, role, actor_id, pos, date_lo, date_hi", actor_rows)
        self._bulk("reports", "id, article_id, local_id, event_id, type, date_start, date_end, date_precision, "
                   "place_name, place_country, place_admin1, place_lat, place_lon, place_precision, fatalities, "
                   "injured, certainty, caused_by_event, record", rep_rows)
        self._bulk("evidence", "owner_kind, owner_id, article_id, seq, text, start_off, end_off", evid_rows)
        self._insert_search_docs(docs)
        self._summary_add(deltas)
        self._add_place_names(places)

    def _bulk(self, table: str, columns: str, rows: Sequence[Sequence[Any]]) -> None:
        """Insert many rows into ``table`` (backends override: COPY on PostgreSQL)."""
        if rows:
            cols = [c.strip() for c in columns.split(",")]
            self._executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({_marks(len(cols))})", rows)

    def analyze(self) -> None:
        """Refresh the planner's statistics (after a bulk load)."""
        self._run("ANALYZE")

    def bulk_memory(self, on: bool) -> None:
        """Give a bulk load a larger page cache (SQLite: 512 MB while on); no-op elsewhere."""

    def insert_report(self, report_id: str, event_id: str, report: EventReport, local: Event,
                      caused_by_event: str | None = None) -> None:
        d, p = report.date, report.location
        self._run("INSERT INTO reports (id, article_id, local_id, event_id, type, date_start, date_end, "
                  "date_precision, place_name, place_country, place_admin1, place_lat, place_lon, place_precision, "
                  "fatalities, injured, certainty, caused_by_event, record) VALUES "
                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  (report_id, report.article_id, report.event_id, event_id, report.type,
                   d.start if d else None, d.end if d else None, d.precision if d else None,
                   p.name if p else None, p.country if p else None, p.admin1 if p else None,
                   p.lat if p else None, p.lon if p else None, p.precision if p else None, report.fatalities, report.injured, report.certainty,
                   caused_by_event, json.dumps(to_dict(local), ensure_ascii=False)))
        self._insert_evidence("report", report_id, report.article_id, report.evidence)
        if report.evidence:
            body = "\n".join(e.text for e in report.evidence)
            self._insert_search_docs([("report", report_id, report.article_id, body)])

    def set_report_cause(self, report_id: str, caused_by_event: str | None) -> None:
        self._run("UPDATE reports SET caused_by_event = ? WHERE id = ?", (caused_by_event, report_id))

    def move_reports(self, from_event: str, to_event: str) -> None:
        self._run("UPDATE reports SET event_id = ? WHERE event_id = ?", (to_event, from_event))

    def set_duplicate(self, event_id: str, of_id: str | None) -> None:
        old = self._one("SELECT period_month, type, family, coverage, fatalities, n_reports, duplicate_of FROM events "
                        "WHERE id = ?", (event_id,))
        if old is not None and (old["duplicate_of"] is None) != (of_id is None):
            self._summary_add([self._summary_row(old, self._sides_of(event_id), -1 if of_id else 1)])
        self._run("UPDATE events SET duplicate_of = ?, n_reports = 0, updated_at = ? WHERE id = ?",
                  (of_id, now_iso(), event_id))
        if of_id:
            self._run("DELETE FROM event_actors WHERE event_id = ?", (event_id,))
        self._run("UPDATE events SET duplicate_of = ? WHERE duplicate_of = ?", (of_id, event_id))

    def event_exists(self, event_id: str) -> Row | None:
        return self._one("SELECT id, duplicate_of FROM events WHERE id = ?", (event_id,))

    def report_rows(self, event_ids: Sequence[str]) -> dict[str, list[tuple[EventReport, Event, str | None]]]:
        """Each event's reports (ingest order) with the extraction event behind each and its cause."""
        out: dict[str, list[tuple[EventReport, Event, str | None]]] = {}
        for chunk in _chunks(list(event_ids)):
            rows = self._all(
                "SELECT r.id, r.article_id, r.local_id, r.event_id, r.type, r.date_start, r.date_end, "
                "r.date_precision, r.place_name, r.place_country, r.place_admin1, r.place_lat, r.place_lon, r.place_precision, "
                "r.fatalities, r.injured, r.certainty, r.caused_by_event, r.record, a.source, a.url, a.published "
                f"FROM reports r JOIN articles a ON a.id = r.article_id WHERE r.event_id IN ({_marks(len(chunk))}) "
                "ORDER BY a.ingested_at, r.article_id, r.local_id", chunk)
            evidence = self._evidence("report", [r["id"] for r in rows])
            for r in rows:
                local = event_from_dict(json.loads(r["record"]))
                ev = tuple(e for _, e in evidence.get(r["id"], []))
                out.setdefault(r["event_id"], []).append((self._report(r, ev), local, r["caused_by_event"]))
        return out

    @staticmethod
    def _report(r: Row, evidence: tuple[Evidence, ...]) -> EventReport:
        date = (EventDate(start=r["date_start"], end=r["date_end"], precision=r["date_precision"] or "day")
                if r["date_start"] or r["date_end"] else None)
        place = (Place(name=r["place_name"] or "", country=r["place_country"], admin1=r["place_admin1"], lat=r["place_lat"],
                       lon=r["place_lon"], precision=r["place_precision"] or "country")
                 if r["place_name"] or r["place_country"] else None)
        return EventReport(article_id=r["article_id"], event_id=r["local_id"], type=r["type"], date=date,
                           location=place, fatalities=r["fatalities"], injured=r["injured"],
                           certainty=r["certainty"], evidence=evidence, source=r["source"], url=r["url"],
                           published=r["published"])

    def _evidence(self, kind: str, owner_ids: Sequence[str]) -> dict[str, list[tuple[str, Evidence]]]:
        out: dict[str, list[tuple[str, Evidence]]] = {}
        for chunk in _chunks(list(owner_ids)):
            rows = self._all("SELECT owner_id, article_id, text, start_off, end_off FROM evidence "
                             f"WHERE owner_kind = ? AND owner_id IN ({_marks(len(chunk))}) "
                             "ORDER BY owner_id, article_id, seq", (kind, *chunk))
            for r in rows:
                out.setdefault(r["owner_id"], []).append(
                    (r["article_id"], Evidence(text=r["text"], start=r["start_off"], end=r["end_off"])))
        return out

    def _insert_evidence(self, kind: str, owner_id: str, article_id: str, evidence: Sequence[Evidence]) -> None:
        row = self._one("SELECT COALESCE(MAX(seq), -1) AS s FROM evidence WHERE owner_kind = ? AND owner_id = ? "
                        "AND article_id = ?", (kind, owner_id, article_id))
        first = int(row["s"]) + 1 if row else 0
        rows = [(kind, owner_id, article_id, first + i, e.text, e.start, e.end) for i, e in enumerate(evidence)]
        if rows:
            self._executemany("INSERT INTO evidence (owner_kind, owner_id, article_id, seq, text, start_off, end_off) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def candidate_events(self, family: str, lo: str, hi: str, slack_days: int = 1) -> list[Row]:
        """Headline rows of live events of ``family`` whose dates may touch [lo - slack, hi + slack].

        Two index range scans: events starting at most :data:`WIDE_DAYS` days earlier (every
        day-, month- and year-precise date), and ``range`` events starting before that."""
        lo_s, hi_s = _shift(lo, -slack_days), _shift(hi, slack_days)
        floor = _shift(lo_s, -WIDE_DAYS)
        return self._all(
            f"SELECT {self._EVENT_COLS} FROM events e WHERE e.family = ? AND e.date_lo >= ? AND e.date_lo <= ? "
            "AND e.date_hi >= ? AND e.duplicate_of IS NULL "
            f"UNION SELECT {self._EVENT_COLS} FROM events e WHERE e.family = ? AND e.date_precision = 'range' "
            "AND e.date_lo < ? AND e.date_hi >= ? AND e.duplicate_of IS NULL ORDER BY 1",
            (family, floor, hi_s, lo_s, family, floor, lo_s))

    def event_rows(self, ids: Sequence[str]) -> list[Row]:
        out: list[Row] = []
        for chunk in _chunks(list(ids)):
            out += self._all(f"SELECT {self._EVENT_COLS} FROM events e WHERE e.id IN ({_marks(len(chunk))})", chunk)
        order = {i: n for n, i in enumerate(ids)}
        return sorted(out, key=lambda r: order.get(r["id"], 0))

    def event_links(self, ids: Sequence[str]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        links: dict[str, tuple[list[str], list[str]]] = {i: ([], []) for i in ids}
        for chunk in _chunks(list(ids)):
            for r in self._all(f"SELECT event_id, role, actor_id FROM event_actors WHERE event_id IN "
                               f"({_marks(len(chunk))}) ORDER BY event_id, role, pos, actor_id", chunk):
                links[r["event_id"]][0 if r["role"] == "actor" else 1].append(r["actor_id"])
        return {k: (tuple(a), tuple(t)) for k, (a, t) in links.items()}

    def events_from_rows(self, rows: Sequence[Row], *, with_reports: bool = True) -> list[MergedEvent]:
        """Rows of ``events`` as :class:`MergedEvent` records (headline + reports)."""
        ids = [r["id"] for r in rows]
        links = self.event_links(ids)
        reports = self.report_rows(ids) if with_reports else {}
        out = []
        for r in rows:
            reps = reports.get(r["id"], [])
            evidence = tuple(ev for rep, _, _ in reps for ev in rep.evidence)
            actors, targets = links.get(r["id"], ((), ()))
            out.append(MergedEvent(event=event_from_row(r, actors, targets, evidence),
                                   reports=tuple(rep for rep, _, _ in reps)))
        return out

    def query_event_rows(self, f: EventFilter, *, limit: int | None = 50, offset: int = 0,
                         order: str = "-date", after: tuple[str | None, str] | None = None) -> list[Row]:
        """Rows of the events matching ``f`` in ``order``; ``after`` = (date_lo, id) of the last
        row of the previous page reads the next page by keyset (orders ``date`` and ``-date``;
        E400 for the others), ``offset`` still works for any order."""
        if order not in ORDERS:
            raise StoreError(f"unknown order {order!r} (one of {', '.join(ORDERS)})", code="E400")
        driver = self._actor_driver(f, order)
        if driver is not None and limit is not None:
            return self._actor_page(f, driver, limit, offset, after)
        if f.place and order == "-date" and limit is not None and after is None:
            page = self._place_page(f, limit, offset)
            if page is not None:
                return page
        where, params = self._event_where(f)
        if after is not None:
            return self._keyset_page(f"SELECT {self._EVENT_COLS} FROM events e", where, params, order, after,
                                     limit, "e.date_lo", "e.id")
        page = " LIMIT ? OFFSET ?" if limit is not None else ""
        params += [limit, offset] if limit is not None else []
        return self._all(f"SELECT {self._EVENT_COLS} FROM events e {where} ORDER BY {ORDERS[order]}{page}", params)

    def _keyset_page(self, select: str, where: str, params: list[Any], order: str, after: tuple[str | None, str],
                     limit: int | None, day_col: str, id_col: str) -> list[Row]:
        """The page after ``after`` = (date_lo, id): the dated rows past it read by an index
        seek (``day_col <= ?``), then, when the page is not full, the undated rows (last in
        both orders).  ``offset`` does not apply to keyset pages."""
        if order not in ("date", "-date"):
            raise StoreError(f"a page cursor works with order date or -date, not {order!r}", code="E400")
        day, last = after
        cmp, direction = ("<", "DESC") if order == "-date" else (">", "ASC")
        sort = f" ORDER BY {day_col} {direction} NULLS LAST, {id_col} {direction}"
        cap = " LIMIT ?" if limit is not None else ""
        rows: list[Row] = []

        def read(clause: str, extra: list[Any], n: int | None) -> list[Row]:
            w = f"{where} AND {clause}" if where else f"WHERE {clause}"
            return self._all(f"{select} {w}{sort}{cap}", [*params, *extra, *([n] if n is not None else [])])
        if day is not None:
            rows = read(f"{day_col} {cmp}= ? AND ({day_col} {cmp} ? OR {id_col} {cmp} ?)", [day, day, last], limit)
            if limit is None or len(rows) < limit:
                rows += read(f"{day_col} IS NULL", [], None if limit is None else limit - len(rows))
        else:   # past the dated rows: undated ones come last in both orders
            rows = read(f"{day_col} IS NULL AND {id_col} {cmp} ?", [last], limit)
        return rows

    # an actor's events straight from the event_actors_date index ---------------------------
    @staticmethod
    def _actor_driver(f: EventFilter, order: str | None) -> tuple[str, str] | None:
        """(role, actor id) when one actor in one role can drive the query (newest first)."""
        if order not in ("-date", None) or f.include_duplicates:
            return None
        for role, ids in (("actor", f.actor), ("target", f.target)):
            if len(ids) == 1:
                return role, ids[0]
        return None

    def _actor_parts(self, f: EventFilter, driver: tuple[str, str]) -> tuple[str, list[Any], str, list[Any], bool]:
        """The index part's WHERE (on ``x``, the actor's event_actors rows, joined to ``e``),
        the long-range part's WHERE (events dated by a range that starts before the index part's
        floor) and whether any filter needs the events row."""
        role, actor = driver
        rest = replace(f, actor=() if role == "actor" else f.actor, target=() if role == "target" else f.target,
                       since=None, until=None, include_duplicates=True)
        rest_where, rest_params = self._event_where(rest)
        needs_row = bool(rest_where)
        clauses, params = ["x.actor_id = ?", "x.role = ?"], [actor, role]
        lo, hi = _bounds(f.since, end=False), _bounds(f.until, end=True)
        long_where, long_params = "", []
        if hi:
            clauses.append("x.date_lo <= ?")
            params.append(hi)
        if lo:
            floor = _shift(lo, -WIDE_DAYS)
            clauses += ["x.date_lo >= ?", "x.date_hi >= ?"]
            params += [floor, lo]
            long_where = ("WHERE e.date_precision = 'range' AND e.date_hi >= ? AND e.date_lo < ? "
                          "AND e.duplicate_of IS NULL AND EXISTS (SELECT 1 FROM event_actors y "
                          "WHERE y.event_id = e.id AND y.role = ? AND y.actor_id = ?)")
            long_params = [lo, floor, role, actor]
            if hi:
                long_where += " AND e.date_lo <= ?"
                long_params.append(hi)
            if rest_where:
                long_where += " AND " + rest_where[len("WHERE "):]
                long_params += rest_params
        where = "WHERE " + " AND ".join(clauses) + (" AND " + rest_where[len("WHERE "):] if rest_where else "")
        return where, params + rest_params, long_where, long_params, needs_row

    def _actor_page(self, f: EventFilter, driver: tuple[str, str], limit: int, offset: int,
                    after: tuple[str | None, str] | None) -> list[Row]:
        where, params, long_where, long_params, _ = self._actor_parts(f, driver)
        select = f"SELECT {self._EVENT_COLS} FROM event_actors x JOIN events e ON e.id = x.event_id"
        if after is not None:
            rows = self._keyset_page(select, where, params, "-date", after, limit, "x.date_lo", "x.event_id")
            offset = 0
            if long_where:
                rows += self._keyset_page(f"SELECT {self._EVENT_COLS} FROM events e", long_where, long_params,
                                          "-date", after, None, "e.date_lo", "e.id")
        else:
            rows = self._all(f"{select} {where} ORDER BY x.date_lo DESC NULLS LAST, x.event_id DESC LIMIT ?",
                             (*params, offset + limit))
            if long_where:
                rows += self._all(f"SELECT {self._EVENT_COLS} FROM events e {long_where}", long_params)
        if long_where:
            rows.sort(key=lambda r: r["id"], reverse=True)
            rows.sort(key=lambda r: (r["date_lo"] is not None, r["date_lo"] or ""), reverse=True)
        return rows[offset:offset + limit]

    def _actor_count(self, f: EventFilter, driver: tuple[str, str]) -> int:
        where, params, long_where, long_params, needs_row = self._actor_parts(f, driver)
        join = " JOIN events e ON e.id = x.event_id" if needs_row else ""
        n = int(self._one(f"SELECT COUNT(*) AS n FROM event_actors x{join} {where}", params)["n"])  # type: ignore[index]
        if long_where:
            n += int(self._one(f"SELECT COUNT(*) AS n FROM events e {long_where}", long_params)["n"])  # type: ignore[index]
        return n

    def _place_page(self, f: EventFilter, limit: int, offset: int) -> list[Row] | None:
        """Newest-first page of a place filter: the top ``offset + limit`` events of each
        matching name and province, each read in order from its index, merged here.  None
        when the words match more than 60 names (the plain query then)."""
        pattern = f"%{f.place.lower()}%"  # type: ignore[union-attr]
        names = [r["name"] for r in self._all("SELECT name FROM place_names WHERE name LIKE ? LIMIT 61", (pattern,))]
        if len(names) > 60:
            return None
        rest_where, rest_params = self._event_where(replace(f, place=None))
        rest = (" AND " + rest_where[len("WHERE "):]) if rest_where else ""
        n = offset + limit
        seen: dict[str, Row] = {}
        for column in ("lower(e.place_name)", "lower(e.place_admin1)"):
            for name in names:
                for r in self._all(f"SELECT {self._EVENT_COLS} FROM events e WHERE {column} = ?{rest} "
                                   "ORDER BY e.date_lo DESC NULLS LAST, e.id DESC LIMIT ?", (name, *rest_params, n)):
                    seen[r["id"]] = r
        rows = sorted(seen.values(), key=lambda r: r["id"], reverse=True)
        rows.sort(key=lambda r: (r["date_lo"] is not None, r["date_lo"] or ""), reverse=True)
        return rows[offset:offset + limit]

    def count_events(self, f: EventFilter) -> int:
        driver = self._actor_driver(f, None)
        if driver is not None:
            return self._actor_count(f, driver)
        if f.text and self._summary_answers(replace(f, text=None)) and not (f.type or f.family or f.only_in):
            # words alone: count the events their reports name (a report always belongs to a
            # live event: merges and duplicates move reports), no lookup of the events
            return int(self._one(f"SELECT COUNT(DISTINCT r.event_id) AS n FROM reports r WHERE r.id IN "
                                 f"({self._text_subquery('report')})", (self._text_param(f.text),))["n"])  # type: ignore[index]
        if self._summary_answers(f) and not f.type and not f.family:
            return int(self._one("SELECT COALESCE(SUM(events), 0) AS n FROM event_summary" +
                                 (" WHERE coverage = ?" if f.only_in else ""),
                                 (COVERAGE[f.only_in],) if f.only_in else ())["n"])  # type: ignore[index]
        where, params = self._event_where(f)
        return int(self._one(f"SELECT COUNT(*) AS n FROM events e {where}", params)["n"])  # type: ignore[index]

    def _event_where(self, f: EventFilter) -> tuple[str, list[Any]]:
        clauses: list[str] = [] if f.include_duplicates else ["e.duplicate_of IS NULL"]
        params: list[Any] = []

        def any_of(column: str, values: Sequence[Any]) -> None:
            clauses.append(f"{column} IN ({_marks(len(values))})")
            params.extend(values)

        for role, ids in (("actor", f.actor), ("target", f.target)):
            if ids:
                clauses.append(f"e.id IN (SELECT event_id FROM event_actors WHERE role = '{role}' "
                               f"AND actor_id IN ({_marks(len(ids))}))")
                params.extend(ids)
        if f.involving:
            clauses.append(f"e.id IN (SELECT event_id FROM event_actors WHERE actor_id IN ({_marks(len(f.involving))}))")
            params.extend(f.involving)
        if f.type:
            any_of("e.type", f.type)
        if f.family:
            any_of("e.family", f.family)
        if f.certainty:
            any_of("e.certainty", f.certainty)
        if f.since:
            lo = _bounds(f.since, end=False)
            clauses.append("e.date_hi >= ?")
            params.append(lo)
            # a lower bound on date_lo too, so indexes on (..., date_lo) read a range, not
            # everything before `until`: exact when no event dated by a long range starts
            # before it (one lookup in events_range tells)
            floor = _shift(lo, -WIDE_DAYS) if lo else None
            if floor and self._one("SELECT 1 AS x FROM events WHERE date_precision = 'range' AND date_hi >= ? "
                                   "AND date_lo < ? LIMIT 1", (lo, floor)) is None:
                clauses.append("e.date_lo >= ?")
                params.append(floor)
        if f.until:
            clauses.append("e.date_lo <= ?")
            params.append(_bounds(f.until, end=True))
        if f.country:
            clauses.append("e.place_country = ?")
            params.append(f.country.upper())
        if f.place:
            # the names holding the words, read from a small table, then the events through
            # the lower(place_name) and lower(place_admin1) indexes; a word that too many
            # names hold is matched row by row
            pattern = f"%{f.place.lower()}%"
            names = [r["name"] for r in self._all("SELECT name FROM place_names WHERE name LIKE ? LIMIT ?",
                                                  (pattern, PLACE_NAMES_MAX + 1))]
            if len(names) > PLACE_NAMES_MAX:
                clauses.append("(lower(e.place_name) LIKE ? OR lower(e.place_admin1) LIKE ?)")
                params += [pattern] * 2
            elif not names:
                clauses.append("1 = 0")
            else:
                clauses.append(self._place_sql(len(names)))
                params += names * 2
        if f.only_in:
            clauses.append("e.coverage = ?")
            params.append(COVERAGE[f.only_in])
        if f.text:
            clauses.append(f"e.id IN (SELECT r.event_id FROM reports r WHERE r.id IN ({self._text_subquery('report')}))")
            params.append(self._text_param(f.text))
        if f.article:
            clauses.append("e.id IN (SELECT event_id FROM reports WHERE article_id = ?)")
            params.append(f.article)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def effects_of(self, event_id: str) -> list[str]:
        rows = self._all("SELECT id FROM events WHERE caused_by = ? AND duplicate_of IS NULL ORDER BY date_lo, id",
                         (event_id,))
        return [r["id"] for r in rows]

    def duplicates_of(self, event_id: str) -> list[str]:
        return [r["id"] for r in self._all("SELECT id FROM events WHERE duplicate_of = ? ORDER BY id", (event_id,))]

    def redirect_causes(self, from_event: str, to_event: str) -> None:
        self._run("UPDATE events SET caused_by = ? WHERE caused_by = ?", (to_event, from_event))
        self._run("UPDATE reports SET caused_by_event = ? WHERE caused_by_event = ?", (to_event, from_event))

    # cause links ----------------------------------------------------------------------
    _LINK_COLS = ("l.cause_id, l.effect_id, l.report_key, l.origin, l.article_id, l.evidence, l.start_off, "
                  "l.end_off, l.created_by, l.created_at, l.removed")
    _LIVE_LINK = ("l.removed = 0 AND NOT EXISTS (SELECT 1 FROM event_links v WHERE v.cause_id = l.cause_id "
                  "AND v.effect_id = l.effect_id AND v.report_key = '' AND v.removed = 1)")

    def add_link(self, cause_id: str, effect_id: str, report_key: str, origin: str, *,
                 article_id: str | None = None, evidence: str | None = None, start: int | None = None,
                 end: int | None = None, created_by: str | None = None) -> bool:
        """Record one statement of a link; False when this report already stated it (idempotent)."""
        if cause_id == effect_id or self._one(
                "SELECT 1 AS x FROM event_links WHERE cause_id = ? AND effect_id = ? AND report_key = ?",
                (cause_id, effect_id, report_key)):
            return False
        self._run("INSERT INTO event_links (cause_id, effect_id, report_key, origin, article_id, evidence, start_off, "
                  "end_off, created_by, created_at, removed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                  (cause_id, effect_id, report_key, origin, article_id, evidence, start, end, created_by, now_iso()))
        return True

    def set_analyst_link(self, cause_id: str, effect_id: str, removed: bool, user: str) -> None:
        """The analyst's decision on one pair (one row per pair): a link, or its veto."""
        self._run("DELETE FROM event_links WHERE cause_id = ? AND effect_id = ? AND report_key = ''",
                  (cause_id, effect_id))
        self._run("INSERT INTO event_links (cause_id, effect_id, report_key, origin, created_by, created_at, removed) "
                  "VALUES (?, ?, '', 'analyst', ?, ?, ?)", (cause_id, effect_id, user, now_iso(), int(removed)))

    def drop_links(self, cause_id: str, effect_id: str) -> None:
        """Forget the text statements of one pair (a merge made it a loop); analyst rows stay."""
        self._run("DELETE FROM event_links WHERE cause_id = ? AND effect_id = ? AND report_key <> ''",
                  (cause_id, effect_id))

    def link_vetoed(self, cause_id: str, effect_id: str) -> bool:
        return self._one("SELECT 1 AS x FROM event_links WHERE cause_id = ? AND effect_id = ? AND report_key = '' "
                         "AND removed = 1", (cause_id, effect_id)) is not None

    def link_rows(self, event_ids: Sequence[str] | None = None, *, role: str = "any") -> list[Row]:
        """Live link statements (not removed, not vetoed), all or those touching ``event_ids``
        (``role``: 'cause', 'effect' or 'any' side of the link)."""
        order = " ORDER BY l.effect_id, l.cause_id, l.report_key"
        if event_ids is None:
            return self._all(f"SELECT {self._LINK_COLS} FROM event_links l WHERE {self._LIVE_LINK}{order}")
        out: dict[tuple[str, str, str], Row] = {}
        sides = ("cause_id", "effect_id") if role == "any" else (f"{role}_id",)
        for chunk in _chunks(list(dict.fromkeys(event_ids))):
            for side in sides:
                for r in self._all(f"SELECT {self._LINK_COLS} FROM event_links l WHERE l.{side} IN "
                                   f"({_marks(len(chunk))}) AND {self._LIVE_LINK}", chunk):
                    out[(r["cause_id"], r["effect_id"], r["report_key"])] = r
        return [out[k] for k in sorted(out, key=lambda k: (k[1], k[0], k[2]))]

    def link_rows_of_actors(self, actor_ids: Sequence[str]) -> list[Row]:
        """Live link statements whose cause or effect names one of ``actor_ids`` (either role)."""
        if not actor_ids:
            return []
        marks = _marks(len(actor_ids))
        return self._all(f"SELECT {self._LINK_COLS} FROM event_links l WHERE {self._LIVE_LINK} AND "
                         f"(l.cause_id IN (SELECT event_id FROM event_actors WHERE actor_id IN ({marks})) OR "
                         f"l.effect_id IN (SELECT event_id FROM event_actors WHERE actor_id IN ({marks}))) "
                         "ORDER BY l.effect_id, l.cause_id, l.report_key", (*actor_ids, *actor_ids))

    def analyst_link_rows(self, event_id: str) -> list[Row]:
        """The analyst's decisions (links and vetoes) on pairs touching one event."""
        return self._all(f"SELECT {self._LINK_COLS} FROM event_links l WHERE l.report_key = '' AND "
                         "(l.cause_id = ? OR l.effect_id = ?) ORDER BY l.created_at, l.cause_id", (event_id, event_id))

    def move_links(self, from_event: str, to_event: str) -> None:
        """Links and resolved references of ``from_event`` follow it into ``to_event`` (a merge)."""
        rows = self._all(f"SELECT {self._LINK_COLS} FROM event_links l WHERE l.cause_id = ? OR l.effect_id = ?",
                         (from_event, from_event))
        self._run("DELETE FROM event_links WHERE cause_id = ? OR effect_id = ?", (from_event, from_event))
        for r in rows:
            cause = to_event if r["cause_id"] == from_event else r["cause_id"]
            effect = to_event if r["effect_id"] == from_event else r["effect_id"]
            if cause == effect or self._one("SELECT 1 AS x FROM event_links WHERE cause_id = ? AND effect_id = ? "
                                            "AND report_key = ?", (cause, effect, r["report_key"])):
                continue
            self._run("INSERT INTO event_links (cause_id, effect_id, report_key, origin, article_id, evidence, "
                      "start_off, end_off, created_by, created_at, removed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      (cause, effect, r["report_key"], r["origin"], r["article_id"], r["evidence"], r["start_off"],
                       r["end_off"], r["created_by"], r["created_at"], r["removed"]))
        self._run("UPDATE cause_refs SET resolved_id = ? WHERE resolved_id = ?", (to_event, from_event))

    def add_cause_ref(self, report_id: str, article_id: str, family: str | None, win_lo: str | None,
                      win_hi: str | None, hints: dict[str, Any], ref_report: str | None, evidence: str | None,
                      start: int | None, end: int | None, parties: Sequence[str] = ()) -> None:
        if self._one("SELECT 1 AS x FROM cause_refs WHERE report_id = ?", (report_id,)):
            return
        parties = list(dict.fromkeys(parties))
        self._run("INSERT INTO cause_refs (report_id, article_id, family, win_lo, win_hi, hints, ref_report, "
                  "evidence, start_off, end_off, n_parties) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  (report_id, article_id, family, win_lo, win_hi, json.dumps(hints, ensure_ascii=False),
                   ref_report, evidence, start, end, len(parties)))
        if parties:
            self._executemany("INSERT INTO cause_ref_actors (actor_id, report_id) VALUES (?, ?)",
                              [(p, report_id) for p in parties])

    def has_cause_refs(self) -> bool:
        """True when the knowledge base holds any cause phrase (resolved or not), which a new
        event may answer; one indexed row read."""
        return self._one("SELECT 1 AS x FROM cause_refs LIMIT 1") is not None

    _REF_COLS = ("c.report_id, c.article_id, c.family, c.win_lo, c.win_hi, c.hints, c.ref_report, c.resolved_id, "
                 "c.evidence, c.start_off, c.end_off, re.event_id AS effect_id, rr.event_id AS ref_event_id")

    def cause_ref(self, report_id: str) -> Row | None:
        return self._one(f"SELECT {self._REF_COLS} FROM cause_refs c JOIN reports re ON re.id = c.report_id "
                         "LEFT JOIN reports rr ON rr.id = c.ref_report WHERE c.report_id = ?", (report_id,))

    def open_cause_refs(self, lo: str, hi: str, actor_ids: Sequence[str]) -> list[Row]:
        """Cause references whose window touches [lo, hi], that name one of ``actor_ids`` (or
        name no party at all), and that no event answers yet: unresolved, or resolved only to
        the event told inside the phrase itself while no other article tells that event."""
        parties = (f"(c.n_parties = 0 OR c.report_id IN (SELECT report_id FROM cause_ref_actors WHERE actor_id IN "
                   f"({_marks(len(actor_ids))})))") if actor_ids else "c.n_parties = 0"
        return self._all(f"SELECT {self._REF_COLS} FROM cause_refs c JOIN reports re ON re.id = c.report_id "
                         "LEFT JOIN reports rr ON rr.id = c.ref_report WHERE c.win_hi >= ? AND c.win_lo <= ? "
                         f"AND {parties} AND (c.resolved_id IS NULL OR (c.resolved_id = rr.event_id AND NOT EXISTS "
                         "(SELECT 1 FROM reports r2 WHERE r2.event_id = rr.event_id AND NOT EXISTS "
                         "(SELECT 1 FROM cause_refs c2 WHERE c2.ref_report = r2.id)))) "
                         "ORDER BY c.report_id", (lo, hi, *actor_ids))

    def set_ref_resolved(self, report_id: str, event_id: str | None) -> None:
        self._run("UPDATE cause_refs SET resolved_id = ? WHERE report_id = ?", (event_id, report_id))

    def mention_reports(self, report_ids: Sequence[str]) -> set[str]:
        """The reports among ``report_ids`` that are acts told only inside a cause phrase."""
        out: set[str] = set()
        for chunk in _chunks(list(report_ids)):
            out |= {r["ref_report"] for r in self._all(
                f"SELECT ref_report FROM cause_refs WHERE ref_report IN ({_marks(len(chunk))})", chunk)}
        return out

    def reference_only(self, event_id: str) -> bool:
        """True when every report of the event is an event told only inside a cause phrase."""
        row = self._one("SELECT COUNT(*) AS n, SUM(CASE WHEN EXISTS (SELECT 1 FROM cause_refs c WHERE "
                        "c.ref_report = r.id) THEN 1 ELSE 0 END) AS refs FROM reports r WHERE r.event_id = ?",
                        (event_id,)) or {}
        return int(row.get("n") or 0) > 0 and int(row.get("n") or 0) == int(row.get("refs") or 0)

    def events_of_actors_between(self, actor_ids: Sequence[str], lo: str, hi: str, limit: int = 200) -> list[Row]:
        """Live events naming any of ``actor_ids`` (either role) whose dates touch [lo, hi], latest first."""
        if not actor_ids:
            return []
        floor = _shift(lo, -WIDE_DAYS)
        return self._all(
            f"SELECT {self._EVENT_COLS} FROM events e WHERE e.id IN (SELECT event_id FROM event_actors WHERE "
            f"actor_id IN ({_marks(len(actor_ids))})) AND e.date_lo >= ? AND e.date_lo <= ? AND e.date_hi >= ? "
            "AND e.duplicate_of IS NULL ORDER BY e.date_lo DESC, e.id LIMIT ?", (*actor_ids, floor, hi, lo, limit))

    def actor_ids_of_country(self, country: str, types: Sequence[str]) -> list[str]:
        rows = self._all(f"SELECT id FROM actors WHERE country = ? AND type IN ({_marks(len(types))}) ORDER BY id",
                         (country, *types))
        return [r["id"] for r in rows]

    def events_with_actor(self, actor_id: str) -> list[str]:
        return [r["event_id"] for r in self._all("SELECT DISTINCT event_id FROM event_actors WHERE actor_id = ?",
                                                 (actor_id,))]

    def events_reported_with_actor(self, actor_id: str) -> list[str]:
        """Events whose reports name ``actor_id`` (raw extraction ids, before redirects)."""
        rows = self._all("SELECT DISTINCT event_id FROM reports WHERE record LIKE ?", (f'%"{actor_id}"%',))
        return [r["event_id"] for r in rows]

    # corrections and audit ---------------------------------------------------------------
    def corrections(self, event_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(list(event_ids)):
            for r in self._all(f"SELECT event_id, field, value FROM corrections WHERE event_id IN "
                               f"({_marks(len(chunk))}) ORDER BY event_id, field", chunk):
                out.setdefault(r["event_id"], {})[r["field"]] = json.loads(r["value"])
        return out

    def set_correction(self, event_id: str, field: str, value: Any) -> None:
        self._run("DELETE FROM corrections WHERE event_id = ? AND field = ?", (event_id, field))
        self._run("INSERT INTO corrections (event_id, field, value) VALUES (?, ?, ?)",
                  (event_id, field, json.dumps(value, ensure_ascii=False)))

    def add_audit(self, user: str, action: str, record_kind: str, record_id: str,
                  before: Any, after: Any) -> None:
        self._run("INSERT INTO audit_log (at, user_name, action, record_kind, record_id, before_json, after_json) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)",
                  (now_iso(), user, action, record_kind, record_id,
                   json.dumps(before, ensure_ascii=False, default=str),
                   json.dumps(after, ensure_ascii=False, default=str)))

    def audit_rows(self, record_id: str | None = None, limit: int = 200) -> list[Row]:
        where, params = ("WHERE record_id = ?", [record_id]) if record_id else ("", [])
        return self._all("SELECT id, at, user_name, action, record_kind, record_id, before_json, after_json "
                         f"FROM audit_log {where} ORDER BY id DESC LIMIT ?", (*params, limit))

    # accounts ----------------------------------------------------------------------------
    _USER_COLUMNS = "name, role, created_at, last_used, revoked_at"

    def add_user(self, name: str, role: str, token_hash: str) -> bool:
        """A new account; False when the name is taken (revoked accounts keep their name)."""
        with self.transaction():
            if self._one("SELECT 1 AS x FROM users WHERE name = ?", (name,)) is not None:
                return False
            self._run("INSERT INTO users (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)",
                      (name, role, token_hash, now_iso()))
        return True

    def user_rows(self) -> list[Row]:
        return self._all(f"SELECT {self._USER_COLUMNS} FROM users ORDER BY name")

    def user_by_name(self, name: str) -> Row | None:
        return self._one(f"SELECT {self._USER_COLUMNS} FROM users WHERE name = ?", (name,))

    def user_by_token_hash(self, token_hash: str) -> Row | None:
        """The live (not revoked) account whose token hashes to ``token_hash``."""
        return self._one(f"SELECT {self._USER_COLUMNS} FROM users WHERE token_hash = ? AND revoked_at IS NULL",
                         (token_hash,))

    def has_live_users(self) -> bool:
        return self._one("SELECT 1 AS x FROM users WHERE revoked_at IS NULL LIMIT 1") is not None

    def touch_user(self, name: str) -> None:
        self._run("UPDATE users SET last_used = ? WHERE name = ?", (now_iso(), name))

    def revoke_user(self, name: str) -> bool:
        """Revoke an account (its token stops working at once); False when there is none live."""
        with self.transaction():
            if self._one("SELECT 1 AS x FROM users WHERE name = ? AND revoked_at IS NULL", (name,)) is None:
                return False
            self._run("UPDATE users SET revoked_at = ? WHERE name = ?", (now_iso(), name))
        return True

    # ingest jobs -------------------------------------------------------------------------
    _JOB_COLUMNS = "id, label, status, user_name, created, finished, summary_json, error"

    def save_job(self, job: Row) -> None:
        """Insert or replace one job row (keys: the columns of ``ingest_jobs``, summary as a dict)."""
        values = (job["id"], job["label"], job["status"], job.get("user_name"), job["created"], job.get("finished"),
                  json.dumps(job.get("summary") or {}, ensure_ascii=False, default=str), job.get("error"))
        with self.transaction():
            self._run("DELETE FROM ingest_jobs WHERE id = ?", (job["id"],))
            self._run(f"INSERT INTO ingest_jobs ({self._JOB_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values)

    def job_row(self, job_id: str) -> Row | None:
        row = self._one(f"SELECT {self._JOB_COLUMNS} FROM ingest_jobs WHERE id = ?", (job_id,))
        return _job(row) if row else None

    def job_rows(self, limit: int = 20) -> list[Row]:
        return [_job(r) for r in self._all(f"SELECT {self._JOB_COLUMNS} FROM ingest_jobs "
                                           "ORDER BY created DESC, id DESC LIMIT ?", (limit,))]

    def interrupt_jobs(self, error: str, at: float) -> int:
        """Mark every job still queued or running as interrupted (the server that ran it is gone)."""
        with self.transaction():
            n = self._one("SELECT COUNT(*) AS n FROM ingest_jobs WHERE status IN ('queued', 'running')")["n"]  # type: ignore[index]
            self._run("UPDATE ingest_jobs SET status = 'interrupted', error = ?, finished = ? "
                      "WHERE status IN ('queued', 'running')", (error, at))
        return int(n)

    def prune_jobs(self, keep: int) -> None:
        """Keep the newest ``keep`` jobs."""
        self._run("DELETE FROM ingest_jobs WHERE id NOT IN (SELECT id FROM ingest_jobs "
                  "ORDER BY created DESC, id DESC LIMIT ?)", (keep,))

    # relations -------------------------------------------------------------------------
    def upsert_relation(self, rel: Relation, article_id: str | None, evidence: Sequence[Evidence]) -> str:
        rid = relation_id(rel.subject, rel.predicate, rel.object)
        old = self._one("SELECT since, until FROM relations WHERE id = ?", (rid,))
        if old is None:
            self._run("INSERT INTO relations (id, subject, predicate, object, since, until) VALUES (?, ?, ?, ?, ?, ?)",
                      (rid, rel.subject, rel.predicate, rel.object, rel.since, rel.until))
        elif (rel.since and not old["since"]) or (rel.until and not old["until"]):
            self._run("UPDATE relations SET since = ?, until = ? WHERE id = ?",
                      (old["since"] or rel.since, old["until"] or rel.until, rid))
        if article_id and evidence:
            self._insert_evidence("relation", rid, article_id, evidence)
            self._insert_search_docs([("relation", rid, article_id, "\n".join(e.text for e in evidence))])
        return rid

    def list_relations(self, *, actor: str | None = None, predicate: str | None = None,
                       limit: int = 500, offset: int = 0) -> list[tuple[Relation, tuple[str, ...]]]:
        """Relations with their evidence and the ids of the articles each piece of evidence is from."""
        clauses, params = [], []
        if actor:
            clauses.append("(subject = ? OR object = ?)")
            params += [actor, actor]
        if predicate:
            clauses.append("predicate = ?")
            params.append(predicate)
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        rows = self._all(f"SELECT id, subject, predicate, object, since, until FROM relations {where} "
                         "ORDER BY subject, predicate, object LIMIT ? OFFSET ?", (*params, limit, offset))
        evidence = self._evidence("relation", [r["id"] for r in rows])
        out = []
        for r in rows:
            ev = evidence.get(r["id"], [])
            out.append((Relation(subject=r["subject"], predicate=r["predicate"], object=r["object"],
                                 since=r["since"], until=r["until"], evidence=tuple(e for _, e in ev)),
                        tuple(a for a, _ in ev)))
        return out

    # aggregates --------------------------------------------------------------------------
    def timeline(self, f: EventFilter, by: str = "month") -> list[Row]:
        if by not in PERIODS:
            raise StoreError(f"unknown timeline period {by!r} (one of {', '.join(PERIODS)})", code="E400")
        if by != "day" and self._summary_answers(f):
            return self._summary_timeline(f, by)
        if by != "day" and len(f.actor) == 1 and len(f.target) == 1 and self._summary_answers(
                replace(f, actor=(), target=())) and not f.only_in:
            return self._dyad_timeline(f, by)
        where, params = self._event_where(f)
        where += (" AND " if where else "WHERE ") + "e.period_month IS NOT NULL"
        period = PERIODS[by]
        return self._all(f"SELECT {period} AS period, e.type, e.family, COUNT(*) AS events, "
                         f"SUM(COALESCE(e.fatalities, 0)) AS fatalities FROM events e {where} "
                         f"GROUP BY {period}, e.type, e.family ORDER BY period, e.type", params)

    @staticmethod
    def _summary_answers(f: EventFilter) -> bool:
        """True when ``event_summary`` holds the answer: no filter but type, family and coverage."""
        return not (f.actor or f.target or f.involving or f.since or f.until or f.place or f.country or f.certainty
                    or f.text or f.article or f.include_duplicates)

    def _summary_timeline(self, f: EventFilter, by: str) -> list[Row]:
        clauses, params = ["s.period_month <> ''", "s.events > 0"], []
        for column, values in (("s.type", f.type), ("s.family", f.family)):
            if values:
                clauses.append(f"{column} IN ({_marks(len(values))})")
                params += list(values)
        if f.only_in:
            clauses.append("s.coverage = ?")
            params.append(COVERAGE[f.only_in])
        period = "s.period_month" if by == "month" else "substr(s.period_month, 1, 4)"
        return self._all(f"SELECT {period} AS period, s.type, s.family, SUM(s.events) AS events, "
                         f"SUM(s.fatalities) AS fatalities FROM event_summary s WHERE {' AND '.join(clauses)} "
                         f"GROUP BY {period}, s.type, s.family ORDER BY period, s.type", params)

    def _dyad_timeline(self, f: EventFilter, by: str) -> list[Row]:
        clauses, params = ["s.actor_id = ?", "s.target_id = ?", "s.events > 0"], [f.actor[0], f.target[0]]
        for column, values in (("s.type", f.type), ("s.family", f.family)):
            if values:
                clauses.append(f"{column} IN ({_marks(len(values))})")
                params += list(values)
        period = "s.period_month" if by == "month" else "substr(s.period_month, 1, 4)"
        return self._all(f"SELECT {period} AS period, s.type, s.family, SUM(s.events) AS events, "
                         f"SUM(s.fatalities) AS fatalities FROM dyad_summary s WHERE {' AND '.join(clauses)} "
                         f"GROUP BY {period}, s.type, s.family ORDER BY period, s.type", params)

    def coverage(self) -> dict[str, int]:
        """Live events by the kinds of source that tell them: articles, acled, both."""
        rows = self._all("SELECT coverage, SUM(events) AS n FROM event_summary GROUP BY coverage")
        names = {v: k for k, v in COVERAGE.items()}
        out = {k: 0 for k in COVERAGE}
        for r in rows:
            out[names.get(int(r["coverage"]), "articles")] += int(r["n"] or 0)
        return out

    def interaction_edges(self, f: EventFilter) -> list[Row]:
        where, params = self._event_where(f)
        return self._all("SELECT a.actor_id AS source, t.actor_id AS target, e.type, COUNT(*) AS events, "
                         "SUM(COALESCE(e.fatalities, 0)) AS fatalities FROM events e "
                         "JOIN event_actors a ON a.event_id = e.id AND a.role = 'actor' "
                         f"JOIN event_actors t ON t.event_id = e.id AND t.role = 'target' {where} "
                         "GROUP BY a.actor_id, t.actor_id, e.type ORDER BY a.actor_id, t.actor_id, e.type", params)

    def actor_activity(self, f: EventFilter) -> list[Row]:
        where, params = self._event_where(f)
        return self._all("SELECT x.actor_id, x.role, COUNT(*) AS events FROM events e "
                         f"JOIN event_actors x ON x.event_id = e.id {where} GROUP BY x.actor_id, x.role", params)

    def search(self, text: str, limit: int = 20) -> list[Row]:
        """Search documents (articles, report evidence, relation evidence) best first."""
        return self._all(self._search_sql(), (self._text_param(text), limit))

    def stats(self) -> Row:
        # counts of live events from event_summary (no scan of the events); articles without
        # the rows an ACLED import stored as sources (ids 'acled:...')
        one = self._one(
            "SELECT (SELECT COUNT(*) FROM articles) - (SELECT COUNT(*) FROM articles WHERE id >= 'acled:' "
            "AND id < 'acled;') AS articles, "
            "(SELECT SUM(events) FROM event_summary) AS events, "
            "(SELECT SUM(merged) FROM event_summary) AS merged_events, "
            "(SELECT COUNT(*) FROM reports) AS reports, (SELECT COUNT(*) FROM actors) AS actors, "
            "(SELECT COUNT(*) FROM relations) AS relations, "
            "(SELECT SUM(fatalities) FROM event_summary) AS fatalities, "
            "(SELECT MIN(date_lo) FROM events WHERE duplicate_of IS NULL) AS first_date, "
            # the last day: a day-precise event's is its first (an index end), a longer date's
            # the end the events_range index holds per precision
            "(SELECT MAX(v) FROM (SELECT MAX(date_lo) AS v FROM events UNION ALL "
            "SELECT MAX(date_hi) FROM events WHERE date_precision = 'range' UNION ALL "
            "SELECT MAX(date_hi) FROM events WHERE date_precision = 'year' UNION ALL "
            "SELECT MAX(date_hi) FROM events WHERE date_precision = 'month') m) AS last_date, "
            "(SELECT COUNT(*) FROM audit_log) AS corrections") or {}
        fam = self._all("SELECT family, SUM(events) AS n FROM event_summary GROUP BY family HAVING SUM(events) > 0 "
                        "ORDER BY n DESC, family")
        return {**one, "events": int(one.get("events") or 0), "fatalities": int(one.get("fatalities") or 0),
                "merged_events": int(one.get("merged_events") or 0),
                "by_family": {r["family"]: int(r["n"]) for r in fam}, "coverage": self.coverage()}


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def plain(record: Any) -> Any:
    """:func:`sitrep.records.to_dict` with the field names cached per class (the bulk path
    writes a million report records; the generic walk is most of its cost)."""
    cls = type(record)
    names = _FIELD_NAMES.get(cls, ())
    if names == ():
        names = _FIELD_NAMES[cls] = (tuple(f.name for f in dataclasses.fields(record))
                                     if dataclasses.is_dataclass(record) and not isinstance(record, type) else None)
    if names is not None:
        return {n: plain(getattr(record, n)) for n in names}
    if cls is tuple or cls is list:
        return [plain(x) for x in record]
    return record


def _job(r: Row) -> Row:
    out = {k: v for k, v in r.items() if k != "summary_json"}
    out["summary"] = json.loads(r["summary_json"]) if r.get("summary_json") else {}
    return out


def _shift(day: str, days: int) -> str:
    """``day`` (YYYY-MM-DD) moved by ``days``, held within the calendar (0001-01-01 to 9999-12-31)."""
    from datetime import date, timedelta
    start = date.fromisoformat(day)
    try:
        return (start + timedelta(days=days)).isoformat()
    except OverflowError:
        return (date.min if days < 0 else date.max).isoformat()


def event_from_row(r: Row, actors: tuple[str, ...], targets: tuple[str, ...],
                   evidence: tuple[Evidence, ...] = ()) -> Event:
    """A headline :class:`Event` from an ``events`` row."""
    date = (EventDate(start=r["date_start"], end=r["date_end"], precision=r["date_precision"] or "day",
                      text=r["date_text"]) if r["date_start"] or r["date_end"] else None)
    place = (Place(name=r["place_name"] or "", country=r["place_country"], admin1=r["place_admin1"],
                   lat=r["place_lat"], lon=r["place_lon"], precision=r["place_precision"] or "country")
             if r["place_name"] or r["place_country"] else None)
    acled = (AcledType(event_type=r["acled_event_type"], sub_event_type=r["acled_sub_event_type"] or "")
             if r["acled_event_type"] else None)
    return Event(id=r["id"], type=r["type"], cameo=r["cameo"] or "", acled=acled, actors=actors, targets=targets,
                 date=date, location=place, fatalities=r["fatalities"], injured=r["injured"],
                 count=r["count"] or 1, weapon=r["weapon"], certainty=r["certainty"], claimed_by=r["claimed_by"],
                 caused_by=r["caused_by"], evidence=evidence, trigger=r["trigger_text"], plover=r["plover"],
                 claimed_fatalities=r["claimed_fatalities"])


# --- SQLite -------------------------------------------------------------------------------------

_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts5_query(text: str) -> str:
    """User text as a safe FTS5 query: every word quoted, all required."""
    tokens = _FTS_TOKEN.findall(text)
    return " ".join(f'"{t}"' for t in tokens) or '""'


class SQLiteStore(Store):
    """A SQLite file (WAL journal) or ``:memory:`` database."""

    dialect = "sqlite"

    def __init__(self, path: str):
        super().__init__(path)
        try:
            self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open SQLite database {path!r}: {exc}", code="E400") from exc
        self._conn.row_factory = sqlite3.Row
        try:
            if path != ":memory:":
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA busy_timeout=30000")
            self._conn.execute("PRAGMA cache_size=-65536")  # 64 MB of pages: index inserts and scans at 10^6
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path!r} is not a SQLite database: {exc}", code="E400") from exc

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self._conn.execute(sql, tuple(params))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.url}: {exc}", code="E400") from exc

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._lock:
            try:
                self._conn.executemany(sql, [tuple(r) for r in rows])
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.url}: {exc}", code="E400") from exc

    def _begin(self) -> None:
        self._execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        self._execute("COMMIT")

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def _table_exists(self, name: str) -> bool:
        return self._one("SELECT 1 AS x FROM sqlite_master WHERE name = ?", (name,)) is not None

    def _text_param(self, text: str) -> str:
        return fts5_query(text)

    def _text_subquery(self, kind: str) -> str:
        return f"SELECT ref_id FROM search_fts WHERE search_fts MATCH ? AND kind = '{kind}'"

    def _search_sql(self) -> str:
        return ("SELECT kind, ref_id, article_id, snippet(search_fts, 0, '\u00ab', '\u00bb', '\u2026', 16) AS snippet, "
                "-bm25(search_fts) AS score FROM search_fts WHERE search_fts MATCH ? "
                "ORDER BY bm25(search_fts), ref_id LIMIT ?")

    def _insert_search_docs(self, rows: Sequence[tuple[str, str, str, str]]) -> None:
        self._executemany("INSERT INTO search_fts (kind, ref_id, article_id, body) VALUES (?, ?, ?, ?)", rows)

    def analyze(self) -> None:
        # a sample per index is enough for the planner and keeps ANALYZE quick at 10^6 rows
        self._run("PRAGMA analysis_limit=1000")
        self._run("ANALYZE")

    def bulk_memory(self, on: bool) -> None:
        # a million rows touch a dozen indexes: with their pages in memory the inserts stay quick
        self._run(f"PRAGMA cache_size={-524288 if on else -65536}")

    def close(self) -> None:
        with self._lock:
            self._conn.close()


# --- PostgreSQL ---------------------------------------------------------------------------------

class PostgresStore(Store):
    """A PostgreSQL database through psycopg 3 (autocommit outside explicit transactions)."""

    dialect = "postgresql"

    def __init__(self, url: str):
        super().__init__(url)
        import psycopg
        from psycopg.rows import dict_row
        self._psycopg = psycopg
        try:
            self._conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {_redact(url)}: {exc}", code="E400") from exc
        self._tx: Any = None

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self._conn.execute(self._sql(sql), tuple(params))
        except self._psycopg.Error as exc:
            raise StoreError(f"{_redact(self.url)}: {exc}", code="E400") from exc

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._lock:
            try:
                with self._conn.cursor() as cur:
                    cur.executemany(self._sql(sql), [tuple(r) for r in rows])
            except self._psycopg.Error as exc:
                raise StoreError(f"{_redact(self.url)}: {exc}", code="E400") from exc

    def _begin(self) -> None:
        self._tx = self._conn.transaction()
        self._tx.__enter__()

    def _commit(self) -> None:
        tx, self._tx = self._tx, None
        tx.__exit__(None, None, None)

    def _rollback(self) -> None:
        tx, self._tx = self._tx, None
        if tx is not None:
            tx.__exit__(StoreError, StoreError("rollback"), None)

    def _table_exists(self, name: str) -> bool:
        return self._one("SELECT to_regclass(?) IS NOT NULL AS x", (name,))["x"]  # type: ignore[index]

    def analyze(self) -> None:
        # VACUUM also marks the pages all-visible: the covering indexes answer without the table
        self._run("VACUUM (ANALYZE)")

    def _place_sql(self, n: int) -> str:
        # the ids first (an InitPlan over the two name indexes), then the rows by primary key:
        # with a plain IN the planner misjudges how many rows the names hold and walks the
        # whole date index instead
        return (f"e.id = ANY (ARRAY(SELECT id FROM events WHERE lower(place_name) IN ({_marks(n)}) "
                f"UNION SELECT id FROM events WHERE lower(place_admin1) IN ({_marks(n)})))")

    def _text_subquery(self, kind: str) -> str:
        return f"SELECT ref_id FROM search_docs WHERE kind = '{kind}' AND tsv @@ plainto_tsquery('english', ?)"

    def _search_sql(self) -> str:
        return ("SELECT d.kind, d.ref_id, d.article_id, ts_headline('english', d.body, q, "
                "'StartSel=\u00ab, StopSel=\u00bb, MaxWords=24, MinWords=8') AS snippet, ts_rank(d.tsv, q) AS score "
                "FROM search_docs d, plainto_tsquery('english', ?) q WHERE d.tsv @@ q "
                "ORDER BY score DESC, d.ref_id LIMIT ?")

    def _insert_search_docs(self, rows: Sequence[tuple[str, str, str, str]]) -> None:
        if len(rows) > 20:
            self._bulk("search_docs", "kind, ref_id, article_id, body", rows)
        else:
            self._executemany("INSERT INTO search_docs (kind, ref_id, article_id, body) VALUES (?, ?, ?, ?)", rows)

    def _bulk(self, table: str, columns: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        with self._lock:
            try:
                with self._conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(r)
            except self._psycopg.Error as exc:
                raise StoreError(f"{_redact(self.url)}: {exc}", code="E400") from exc

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _redact(url: str) -> str:
    """A database URL without its password."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Open (and by default migrate) the knowledge base at ``url``.

    ``url`` is a SQLite file path, ``sqlite:///path``, ``:memory:``, or a
    ``postgresql://`` / ``postgres://`` URL.  Unknown schemes raise E402.
    """
    if not url:
        raise StoreError("empty database URL", code="E402")
    if url.startswith(("postgresql://", "postgres://")):
        store: Store = PostgresStore(url)
    elif url.startswith("sqlite:///"):
        store = SQLiteStore(url[len("sqlite:///"):])
    elif re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url):
        raise StoreError(f"unknown database URL scheme in {_redact(url)!r} "
                         "(use a file path, :memory: or postgresql://)", code="E402")
    else:
        store = SQLiteStore(url)
    if migrate:
        try:
            store.migrate()
        except StoreError:
            store.close()
            raise
    return store


__all__ = ["Store", "SQLiteStore", "PostgresStore", "EventFilter", "Migration", "MIGRATIONS", "SCHEMA_VERSION",
           "ORDERS", "COVERAGE", "PERIODS", "open_store", "norm_alias", "relation_id", "event_from_row", "fts5_query"]
