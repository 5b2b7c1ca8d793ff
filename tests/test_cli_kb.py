"""The knowledge-base commands, run through ``sitrep.cli.main`` and as a real subprocess.

A small fake extractor (written to a temporary module and named by ``$SITREP_EXTRACTOR``)
stands in for spaCy so these tests are fast; reading, ingest, merging and storage are the
real code paths.
"""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.cli import main
from sitrep.kb import open_kb

FAKE_EXTRACTOR = r'''
"""Test-only extractor: reads one event per article from a fixed sentence pattern."""
import os
import re
import time

from sitrep.errors import SitrepError
from sitrep.pipeline import ExtractFailure
from sitrep.records import Actor, Article, Event, EventDate, Evidence, Extraction, Place, Relation

ACTORS = {
    "US forces": Actor("united-states", "United States", "state", "US", aliases=("US",)),
    "Kataib Hezbollah": Actor("kataib-hezbollah", "Kataib Hezbollah", "armed_group", "IQ", aliases=("KH",)),
    "Asaib Ahl al-Haq": Actor("asaib-ahl-al-haq", "Asa'ib Ahl al-Haq", "armed_group", "IQ", aliases=("AAH",)),
}
PLACES = {"al-Qaim": (34.37, 41.09), "Camp Taji": (33.52, 44.26), "Karbala": (32.61, 44.02), "Balad": (34.01, 44.15)}
PATTERN = re.compile(r"On (\d{4}-\d{2}-\d{2}), (US forces|Kataib Hezbollah|Asaib Ahl al-Haq) (struck|shelled) "
                     r"(US forces|Kataib Hezbollah|Asaib Ahl al-Haq) at ([\w -]+?), killing (\d+)[^.]*\.")


def extract_one(a):
    m = PATTERN.search(a.text)
    if not m:
        return ExtractFailure(origin=a.origin, error=SitrepError("no event sentence in the article"))
    day, actor, verb, target, place, killed = m.groups()
    lat, lon = PLACES[place]
    event = Event(id="e1", type="air_strike" if verb == "struck" else "shelling", cameo="195",
                  actors=(ACTORS[actor].id,), targets=(ACTORS[target].id,), date=EventDate(day, day, "day"),
                  location=Place(place, "IQ", None, lat, lon, "city"), fatalities=int(killed),
                  evidence=(Evidence(m.group(0), m.start(), m.end()),))
    rels = ()
    if "Iran-backed" in a.text:
        i = a.text.index("Iran-backed")
        rels = (Relation(ACTORS[actor].id if actor != "US forces" else ACTORS[target].id, "backed_by", "iran",
                         evidence=(Evidence("Iran-backed", i, i + 11),)),)
    return Extraction(article=a, actors=(ACTORS[actor], ACTORS[target]), events=(event,), relations=rels)


def extract_articles(articles, *, workers=1, gazetteers=()):
    delay = float(os.environ.get("FAKE_EXTRACT_DELAY", "0"))
    for a in articles:
        if isinstance(a, Article):
            time.sleep(delay)
            yield extract_one(a)
        else:
            yield a
'''

SENTENCE = "On {day}, {actor} {verb} {target} at {place}, killing {killed} people, {source} said."


@pytest.fixture
def fake(tmp_path, monkeypatch) -> Path:
    mod = tmp_path / "mods"
    mod.mkdir()
    (mod / "fake_sitrep_extractor.py").write_text(FAKE_EXTRACTOR, encoding="utf-8")
    monkeypatch.syspath_prepend(str(mod))
    monkeypatch.setenv("SITREP_EXTRACTOR", "fake_sitrep_extractor:extract_articles")
    return mod


def write_article(folder: Path, name: str, source: str, published: str, **kw) -> Path:
    body = SENTENCE.format(source=source, **kw) + " The attackers were Iran-backed, officials added."
    path = folder / name
    path.write_text(f"title: {kw['verb'].title()} at {kw['place']}\nsource: {source}\npublished: {published}\n\n"
                    f"{body}\n", encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    strike = dict(day="2019-12-29", actor="US forces", verb="struck", target="Kataib Hezbollah", place="al-Qaim")
    rockets = dict(day="2020-03-11", actor="Kataib Hezbollah", verb="shelled", target="US forces", place="Camp Taji")
    write_article(folder, "reuters-strike.txt", "Reuters", "2019-12-30", killed=25, **strike)
    write_article(folder, "ap-strike.txt", "AP", "2019-12-30", killed=24, **strike)
    write_article(folder, "afp-rockets.txt", "AFP", "2020-03-12", killed=3, **rockets)
    write_article(folder, "ap-rockets.txt", "AP", "2020-03-12", killed=2, **rockets)
    write_article(folder, "ap-karbala.txt", "AP", "2020-03-13", killed=6, day="2020-03-13", actor="US forces",
                  verb="struck", target="Kataib Hezbollah", place="Karbala")
    return folder


@pytest.fixture
def db(fake, corpus, tmp_path, capsys) -> str:
    path = str(tmp_path / "kb.db")
    assert main(["ingest", str(corpus), "--db", path]) == 0
    capsys.readouterr()
    return path


def test_cli_kb_ingest_summary(fake, corpus, tmp_path, capsys):
    path = str(tmp_path / "kb.db")
    assert main(["ingest", str(corpus), "--db", path]) == 0
    err = capsys.readouterr().err
    assert "articles: 5 new, 0 skipped, 0 failed; events: 3 new, 2 merged" in err
    assert main(["ingest", str(corpus), "--db", path, "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert (summary["articles_new"], summary["articles_skipped"]) == (0, 5)


def test_cli_kb_ingest_db_from_environment(fake, corpus, tmp_path, monkeypatch, capsys):
    path = tmp_path / "env.db"
    monkeypatch.setenv("SITREP_DB", str(path))
    assert main(["ingest", str(corpus)]) == 0
    with open_kb(str(path)) as kb:
        assert kb.count_articles() == 5


def test_cli_kb_ingest_bad_article_skipped(fake, corpus, tmp_path, capsys):
    (corpus / "empty.txt").write_text("\n\n", encoding="utf-8")
    (corpus / "no-event.txt").write_text("title: Opinion\n\nNothing happened today.\n", encoding="utf-8")
    path = str(tmp_path / "kb.db")
    assert main(["ingest", str(corpus), "--db", path, "--progress"]) == 1
    err = capsys.readouterr().err
    assert err.count("[W100]") == 2 and "empty.txt" in err and "no-event.txt" in err
    assert "/7 articles" in err and "5 new, 0 skipped, 2 failed" in err
    with open_kb(path) as kb:
        assert kb.count_articles() == 5


def test_cli_kb_events_formats(db, capsys):
    assert main(["events", "--db", db, "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["format"] == "sitrep-kb/1" and payload["command"] == "events" and payload["total"] == 3
    strike = next(e for e in payload["events"] if e["location"]["name"] == "al-Qaim")
    assert strike["fatalities"] == 24 and {s["source"] for s in strike["sources"]} == {"Reuters", "AP"}
    assert main(["events", "--db", db, "--format", "csv", "--target", "KH"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 2 and rows[0]["targets"] == "Kataib Hezbollah" and rows[0]["date"] == "2020-03-13"
    assert main(["events", "--db", db, "--type", "shelling"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["id", "date", "type"] and len(out) == 3 and "Camp Taji" in out[2]


def test_cli_kb_events_filters(db, capsys):
    assert main(["events", "--db", db, "--since", "2020", "--country", "Iraq", "--place", "karbala",
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1
    assert main(["events", "--db", db, "--text", "Reuters", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1


@pytest.mark.parametrize("argv, says", [
    (["--since", "2024-01-01", "--until", "2020-01-01"], "is after until"),
    (["--involving", "nosuchactor"], "involving='nosuchactor': no actor of that name or alias"),
    (["--actor", "nosuchactor"], "actor='nosuchactor': no actor"),
    (["--target", "nosuchactor"], "target='nosuchactor': no actor"),
    (["--country", "ZZ"], "not an ISO 3166 country code"),
])
def test_cli_kb_events_filter_matching_nothing_is_e407(db, capsys, argv, says):
    for command in ("events", "timeline"):
        assert main([command, "--db", db, *argv]) == 2
        out, err = capsys.readouterr()
        assert "[E407]" in err and says in err and not out.strip()


def test_cli_kb_actor_dossier(db, capsys):
    assert main(["actor", "KH", "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Kataib Hezbollah  [kataib-hezbollah]")
    assert "aliases: KH" in out and "events: 1 as actor, 2 as target" in out
    assert "Events as target" in out and "Reuters (1)" in out and "backed_by Iran" not in out
    assert main(["actor", "kataib hezbollah", "--db", db, "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)["dossier"]
    assert d["actor"]["id"] == "kataib-hezbollah" and d["first_seen"] == "2019-12-29"
    assert len(d["events_as_target"]) == 2 and d["relations"][0]["relation"]["predicate"] == "backed_by"


def test_cli_kb_unknown_actor_is_coded_error(db, capsys):
    assert main(["actor", "Hamas", "--db", db]) == 2
    assert "[E406]" in capsys.readouterr().err


def test_cli_kb_actors(db, capsys):
    assert main(["actors", "--db", db, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in rows[:2]] == ["kataib-hezbollah", "united-states"]


def test_cli_kb_timeline(db, capsys):
    assert main(["timeline", "--db", db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2019-12") and "air_strike 1" in out[0]
    assert out[1].startswith("2020-03") and "shelling 1" in out[1]
    assert main(["timeline", "--db", db, "--actor", "US", "--target", "KH", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [(r["period"], r["type"], r["events"]) for r in rows] == [("2019-12", "air_strike", 1),
                                                                     ("2020-03", "air_strike", 1)]


def test_cli_kb_network_and_search(db, capsys):
    assert main(["network", "--db", db, "--format", "json"]) == 0
    net = json.loads(capsys.readouterr().out)
    assert {n["id"] for n in net["nodes"]} == {"united-states", "kataib-hezbollah", "iran"}
    assert any(e["kind"] == "relation" and e["label"] == "backed_by" for e in net["edges"])
    assert main(["search", "Camp Taji", "--db", db, "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits and all("Taji" in h["snippet"] for h in hits)


def test_cli_kb_export_json(db, tmp_path, capsys):
    pytest.importorskip("sitrep.exports")
    out = tmp_path / "events.json"
    assert main(["export", "--db", db, "--format", "json", "--actor", "US", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["events"]) == 2


# --- SIGKILL in the middle of an ingest ---------------------------------------------------------

def _many_articles(folder: Path, n: int) -> int:
    """n articles, two sources per real event; returns the number of real events."""
    places = ["al-Qaim", "Camp Taji", "Karbala", "Balad"]
    for i in range(n):
        k = i // 2
        day = f"2020-{1 + k // 28:02d}-{1 + k % 28:02d}"
        write_article(folder, f"a{i:03d}.txt", f"Wire{i % 2}", day, day=day, actor="Kataib Hezbollah",
                      verb="shelled", target="US forces", place=places[k % 4], killed=1 + i % 3)
    return (n + 1) // 2


def _ingest_cmd(folder: Path, db: str) -> list[str]:
    return [sys.executable, "-m", "sitrep.cli", "ingest", str(folder), "--db", db, "--no-progress"]


def _count(db: str, table: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _check_consistent(db: str) -> tuple[int, int, int]:
    with sqlite3.connect(db) as conn:
        q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        assert q("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.article_id = a.id)") == [(0,)]
        assert q("SELECT COUNT(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = r.article_id)") == [(0,)]
        assert q("SELECT COUNT(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = r.event_id)") == [(0,)]
        assert q("SELECT COUNT(*) FROM events e WHERE n_reports != (SELECT COUNT(*) FROM reports r WHERE r.event_id = e.id)") == [(0,)]
        assert q("SELECT COUNT(*) FROM evidence v WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = v.article_id)") == [(0,)]
        assert q("SELECT COUNT(*) FROM search_fts WHERE kind = 'article'") == q("SELECT COUNT(*) FROM articles")
        assert q("PRAGMA integrity_check") == [("ok",)]
        # live events: a rename leaves a duplicate row behind whose number depends on the order
        return (q("SELECT COUNT(*) FROM articles")[0][0], q("SELECT COUNT(*) FROM reports")[0][0],
                q("SELECT COUNT(*) FROM events WHERE duplicate_of IS NULL")[0][0])


@pytest.mark.slow
def test_cli_kb_sigkill_midway_then_rerun(fake, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    n = 60
    real_events = _many_articles(folder, n)
    db = str(tmp_path / "kill.db")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake), *sys.path]),
           "SITREP_EXTRACTOR": "fake_sitrep_extractor:extract_articles", "FAKE_EXTRACT_DELAY": "0.05"}
    proc = subprocess.Popen(_ingest_cmd(folder, db), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _count(db, "articles") < 12 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, f"ingest finished before it could be killed: {proc.stderr.read()!r}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    articles, reports, events = _check_consistent(db)
    assert 12 <= articles < n and reports == articles

    env["FAKE_EXTRACT_DELAY"] = "0"
    rerun = subprocess.run(_ingest_cmd(folder, db), env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{n - articles} new, {articles} skipped, 0 failed" in rerun.stderr
    assert _check_consistent(db) == (n, n, real_events)
    with open_kb(db) as kb:
        assert all(len(m.reports) == 2 for m in kb.events(limit=None))
