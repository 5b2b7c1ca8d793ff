"""In-process tests of the web app (FastAPI TestClient) on a small knowledge base built from
hand-made records: pages and their JSON twins, the REST API, security, corrections, ingest."""
from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.kb import content_id, open_kb
from sitrep.records import (Actor, Article, Event, EventDate, Evidence, Extraction, Place, Relation)

TOKEN = "s3cret-test-token-4471"

# --- a small knowledge base ------------------------------------------------------------------

ACTORS = {
    "united-states": Actor("united-states", "United States", "state", "US", ("US", "Washington")),
    "kataib-hezbollah": Actor("kataib-hezbollah", "Kataib Hezbollah", "armed_group", "IQ", ("KH",)),
    "iran": Actor("iran", "Iran", "state", "IR", ("Tehran",)),
    "popular-mobilization-forces": Actor("popular-mobilization-forces", "Popular Mobilization Forces", "coalition",
                                         "IQ", ("PMF", "Hashd al-Shaabi")),
    "qasem-soleimani": Actor("qasem-soleimani", "Qasem Soleimani", "person", "IR", ("Soleimani",)),
}

TEXT_STRIKES = (
    "Rockets hit the K1 base near Kirkuk on 27 December, killing an American contractor. "
    "The United States blamed Kataib Hezbollah, a militia backed by Iran.\n\n"
    "In retaliation, US aircraft carried out an air strike on Kataib Hezbollah positions near al-Qaim "
    "on 29 December, killing 25 fighters, officials said. "
    "Kataib Hezbollah is part of the Popular Mobilization Forces.")

TEXT_STRIKES_2 = (
    "Iraqi officials said on Monday that the American air strike on Kataib Hezbollah near al-Qaim "
    "killed at least 24 members of the group. The strike came two days after a rocket attack near Kirkuk.")

TEXT_AIRPORT = (
    "A US drone strike near Baghdad airport on 3 January killed Qasem Soleimani and nine others. "
    "Iran vowed harsh revenge for the killing.")

TEXT_XSS = (
    'Militia statement <script>window.__pwned = 1; alert("x")</script> was posted online. '
    '<img src=x onerror="window.__pwned = 2"> Kataib Hezbollah denied any role in the attack. '
    '<a href="javascript:alert(1)">link</a>')

XSS_TITLE = "<script>window.__pwned = 3</script>Statement"


def xss_article_text() -> str:
    return TEXT_XSS


def _ev(text: str, sentence_start: str) -> Evidence:
    start = text.index(sentence_start)
    ends = [i for i in (text.find(". ", start), text.find(".\n", start)) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return Evidence(text=text[start:end], start=start, end=end)


def _article(text: str, title: str, published: str, source: str = "Test Wire") -> Article:
    return Article(id=title.lower().replace(" ", "-")[:30], text=text, title=title, source=source,
                   published=published, origin=f"{title}.txt")


def extraction_strikes() -> Extraction:
    t = TEXT_STRIKES
    kirkuk = Place("Kirkuk", "IQ", "Kirkuk", 35.47, 44.39, "city")
    qaim = Place("al-Qaim", "IQ", "Anbar", 34.37, 41.09, "city")
    return Extraction(
        article=_article(t, "US strikes Kataib Hezbollah", "2019-12-30"),
        actors=tuple(ACTORS[a] for a in ("united-states", "kataib-hezbollah", "iran", "popular-mobilization-forces")),
        events=(
            Event("e1", "shelling", "194", actors=("kataib-hezbollah",), targets=("united-states",),
                  date=EventDate("2019-12-27", "2019-12-27", "day", "27 December"), location=kirkuk,
                  fatalities=1, evidence=(_ev(t, "Rockets hit"),)),
            Event("e2", "air_strike", "195", actors=("united-states",), targets=("kataib-hezbollah",),
                  date=EventDate("2019-12-29", "2019-12-29", "day", "29 December"), location=qaim,
                  fatalities=25, caused_by="e1", evidence=(_ev(t, "In retaliation"),)),
        ),
        relations=(
            Relation("kataib-hezbollah", "backed_by", "iran", evidence=(_ev(t, "The United States blamed"),)),
            Relation("kataib-hezbollah", "member_of", "popular-mobilization-forces",
                     evidence=(_ev(t, "Kataib Hezbollah is part"),)),
        ))


def extraction_strikes_second_source() -> Extraction:
    t = TEXT_STRIKES_2
    return Extraction(
        article=_article(t, "Toll of US strike rises", "2019-12-30", source="Other Wire"),
        actors=(ACTORS["united-states"], ACTORS["kataib-hezbollah"]),
        events=(Event("e1", "air_strike", "195", actors=("united-states",), targets=("kataib-hezbollah",),
                      date=EventDate("2019-12-29", "2019-12-29", "day"),
                      location=Place("al-Qaim", "IQ", "Anbar", 34.37, 41.09, "city"),
                      fatalities=24, evidence=(_ev(t, "Iraqi officials"),)),))


def extraction_airport() -> Extraction:
    t = TEXT_AIRPORT
    return Extraction(
        article=_article(t, "Soleimani killed in Baghdad", "2020-01-03"),
        actors=(ACTORS["united-states"], ACTORS["qasem-soleimani"], ACTORS["iran"]),
        events=(
            Event("e1", "assassination", "186", actors=("united-states",), targets=("qasem-soleimani",),
                  date=EventDate("2020-01-03", "2020-01-03", "day"),
                  location=Place("Baghdad International Airport", "IQ", "Baghdad", 33.26, 44.23, "site"),
                  fatalities=10, evidence=(_ev(t, "A US drone strike"),)),
            Event("e2", "threat", "138", actors=("iran",), targets=("united-states",),
                  date=EventDate("2020-01-03", "2020-01-03", "day"), evidence=(_ev(t, "Iran vowed"),)),
        ))


def extraction_xss() -> Extraction:
    t = TEXT_XSS
    return Extraction(
        article=Article(id="xss", text=t, title=XSS_TITLE, source="<b>Evil</b> Wire", published="2021-03-01"),
        actors=(ACTORS["kataib-hezbollah"],),
        events=(Event("e1", "statement", "01", actors=("kataib-hezbollah",), certainty="denied",
                      date=EventDate("2021-03-01", "2021-03-01", "day"),
                      evidence=(Evidence(t[:t.index(" was posted")], 0, t.index(" was posted")),)),))


def build_kb(db: str) -> dict[str, str]:
    """Ingest the hand-made extractions into ``db``; the ids tests need."""
    kb = open_kb(db)
    try:
        for x in (extraction_strikes(), extraction_strikes_second_source(), extraction_airport(), extraction_xss()):
            kb.ingest(x)
        strike = kb.events(type="air_strike")[0].id
    finally:
        kb.close()
    return {"strike": strike, "xss_article": content_id(TEXT_XSS), "strikes_article": content_id(TEXT_STRIKES)}


def fake_extract(articles, workers: int = 1, gazetteers: tuple[str, ...] = ()) -> Iterator[Extraction]:
    """A stand-in for the spaCy pipeline (SITREP_EXTRACTOR hook): one statement event per article."""
    for a in articles:
        if not isinstance(a, Article):
            yield a
            continue
        first = a.text.split(".")[0] + "."
        yield Extraction(article=a, actors=(ACTORS["kataib-hezbollah"],),
                         events=(Event("e1", "statement", "01", actors=("kataib-hezbollah",),
                                       date=EventDate(a.published, a.published, "day") if a.published else None,
                                       evidence=(Evidence(first, 0, len(first)),)),))


# --- fixtures ----------------------------------------------------------------------------------

@pytest.fixture
def kb_ids(tmp_path) -> tuple[str, dict[str, str]]:
    db = str(tmp_path / "kb.db")
    return db, build_kb(db)


@pytest.fixture
def client(kb_ids):
    from fastapi.testclient import TestClient

    from sitrep.web.app import create_app
    db, _ = kb_ids
    with TestClient(create_app(db, token=TOKEN, max_upload=64 * 1024)) as c:
        yield c


@pytest.fixture
def ids(kb_ids) -> dict[str, str]:
    return kb_ids[1]


AUTH = {"Authorization": f"Bearer {TOKEN}"}
HTML = {"Accept": "text/html"}


def _csrf(client) -> str:
    page = client.get("/login", headers=HTML).text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _sign_in(client) -> str:
    csrf = _csrf(client)
    r = client.post("/login", data={"csrf": csrf, "token": TOKEN}, follow_redirects=False)
    assert r.status_code == 303
    return csrf


# --- pages and JSON twins -------------------------------------------------------------------------

PAGES = ["/", "/events", "/actors", "/map", "/network", "/timeline", "/search?q=strike", "/articles",
         "/ingest", "/login", "/actors/kataib-hezbollah", "/events?type=air_strike&since=2019-12"]


@pytest.mark.parametrize("path", PAGES)
def test_web_pages_render_with_security_headers(client, path):
    r = client.get(path, headers=HTML)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in r.text  # no inline scripts: only <script src> and JSON data blocks
    assert not re.search(r"\son[a-z]+=", r.text)  # no inline event handlers
    assert not re.search(r'(src|href)="(https?:)?//', r.text)  # nothing loaded from elsewhere


@pytest.mark.parametrize("path", ["/", "/events", "/actors", "/map", "/network", "/timeline", "/search",
                                  "/articles", "/actors/kataib-hezbollah"])
def test_web_every_page_has_a_json_twin(client, path):
    twin = ("/index" if path == "/" else path) + ".json"
    r = client.get(twin)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert "page" in body and "csrf" not in body


def test_web_event_json_twin_matches_api(client, ids):
    twin = client.get(f"/events/{ids['strike']}.json").json()
    api = client.get(f"/api/events/{ids['strike']}").json()
    assert twin["ev"]["id"] == api["event"]["id"] == ids["strike"]
    assert twin["ev"]["fatalities"] == api["event"]["fatalities"] == 24  # the lower of 25 and 24


def test_web_events_filter_sort_and_paginate(client):
    all_rows = client.get("/events.json").json()
    assert all_rows["total"] == 5
    strikes = client.get("/events.json", params={"type": "air_strike"}).json()
    assert [r["type"] for r in strikes["rows"]] == ["air_strike"]
    by_alias = client.get("/events.json", params={"actor": "KH"}).json()
    assert {r["type"] for r in by_alias["rows"]} == {"shelling", "statement"}
    page1 = client.get("/api/events", params={"limit": 2, "offset": 0, "order": "date"}).json()
    page2 = client.get("/api/events", params={"limit": 2, "offset": 2, "order": "date"}).json()
    assert page1["total"] == page2["total"] == 5 and page1["limit"] == 2 and page2["offset"] == 2
    assert not {e["id"] for e in page1["items"]} & {e["id"] for e in page2["items"]}
    assert page1["items"][0]["date"]["start"] == "2019-12-27"
    html = client.get("/events", params={"limit": 2}, headers=HTML).text
    assert 'id="next-page"' in html


def test_web_event_page_highlights_evidence_and_chain(client, ids):
    html = client.get(f"/events/{ids['strike']}", headers=HTML).text
    marks = re.findall(r'<mark class="evidence">(.*?)</mark>', html, re.S)
    assert any(m.startswith("In retaliation, US aircraft carried out an air strike") for m in marks)
    assert any(m.startswith("Iraqi officials said") for m in marks)  # the second source's evidence
    assert 'id="caused-by-chain"' in html and "shelling" in html
    assert html.count('class="source-block"') == 2


def test_web_map_points_and_date_filter(client):
    body = client.get("/map.json").json()
    assert {p["type"] for p in body["points"]} == {"shelling", "air_strike", "assassination"}
    january = client.get("/map.json", params={"since": "2020-01-01", "until": "2020-01-31"}).json()
    assert [p["type"] for p in january["points"]] == ["assassination"]
    outlines = client.get("/static/outlines.geojson").json()
    isos = {f["properties"]["iso2"] for f in outlines["features"]}
    assert {"IQ", "IR", "SY", "SA", "TR", "KW"} <= isos


def test_web_network_nodes_sized_and_edges_typed(client):
    graph = client.get("/network.json").json()["graph"]
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert nodes["united-states"]["activity"] >= 3
    assert all(0.0 <= n["x"] <= 1.0 and 0.0 <= n["y"] <= 1.0 for n in graph["nodes"])
    types = {e["type"] for e in graph["edges"]}
    assert {"backed_by", "member_of", "violence", "verbal"} <= types
    assert {e["kind"] for e in graph["edges"] if e["type"] == "backed_by"} == {"relation"}
    assert set(graph["edge_types"]) == types


def test_web_overview_counts_and_chart(client):
    body = client.get("/index.json").json()
    assert body["stats"]["events"] == 5 and body["stats"]["articles"] == 4
    chart = body["chart"]
    assert chart["by"] == "month" and chart["buckets"][0]["period"] == "2019-12"
    assert chart["buckets"][0]["counts"]["violence"] == 2
    assert len(body["latest"]) == 5


def test_web_events_csv_export_follows_filter(client):
    r = client.get("/events.csv", params={"family": "violence"})
    lines = r.text.strip().splitlines()
    assert lines[0].startswith("id,type,family")
    assert len(lines) == 1 + 3


def test_web_search_and_actor_dossier(client):
    found = client.get("/search.json", params={"q": "Soleimani"}).json()
    assert any(a["id"] == "qasem-soleimani" for a in found["actors"])
    assert any(e["type"] == "assassination" for e in found["events"])
    dossier = client.get("/actors/KH.json").json()
    assert dossier["actor"]["id"] == "kataib-hezbollah"
    assert {r["predicate"] for r in dossier["relations"]} == {"backed_by", "member_of"}
    assert dossier["as_target_total"] == 1


@pytest.mark.parametrize("path,code", [
    ("/api/events?limit=abc", "E507"), ("/api/events?limit=100000", "E507"), ("/api/events?since=last-week", "E507"),
    ("/api/events?type=bogus", "E507"), ("/api/events?order=sideways", "E507"), ("/events.json?offset=-1", "E507"),
    ("/api/events/no-such-event", "E406"), ("/api/actors/nobody-at-all", "E406"), ("/api/articles/../../etc/passwd", "E509"),
    ("/nowhere", "E509"), ("/api/search?q=", "E507"), ("/api/actors?type=alien", "E507"),
])
def test_web_bad_requests_get_4xx_json_errors(client, path, code):
    r = client.get(path)
    assert 400 <= r.status_code < 500
    body = r.json()
    assert body["error"]["code"] == code and body["error"]["message"]


def test_web_openapi_served_and_no_cdn_docs(client):
    spec = client.get("/openapi.json").json()
    assert "/api/events" in spec["paths"] and "/api/events/{event_id}/corrections" in spec["paths"]
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


def test_web_static_assets_are_all_local():
    root = Path(__file__).resolve().parent.parent / "sitrep" / "web"
    for path in [*root.glob("static/*"), *root.glob("templates/*.html")]:
        text = path.read_text(encoding="utf-8")
        external = [u for u in re.findall(r"https?://[^\s\"')]+", text) if not u.startswith("http://www.w3.org/")]
        if path.suffix in (".js", ".css", ".html"):
            assert external == [], f"{path.name} refers to {external[:3]}"


# --- security ---------------------------------------------------------------------------------

def test_web_api_write_refused_without_or_with_wrong_token(client, ids):
    body = {"user": "eve", "changes": {"fatalities": 1}}
    r = client.post(f"/api/events/{ids['strike']}/corrections", json=body)
    assert r.status_code == 401 and r.json()["error"]["code"] == "E501"
    r = client.post(f"/api/events/{ids['strike']}/corrections", json=body,
                    headers={"Authorization": "Bearer " + TOKEN[:-1] + "x"})
    assert r.status_code == 401
    assert client.get(f"/api/events/{ids['strike']}").json()["event"]["fatalities"] == 24


def test_web_read_only_server_refuses_writes(kb_ids):
    from fastapi.testclient import TestClient

    from sitrep.web.app import create_app
    db, ids = kb_ids
    with TestClient(create_app(db)) as c:
        r = c.post(f"/api/events/{ids['strike']}/corrections", json={"user": "a", "changes": {"fatalities": 2}},
                   headers=AUTH)
        assert r.status_code == 403 and r.json()["error"]["code"] == "E516"
        assert "read-only" in c.get("/", headers=HTML).text


def test_web_form_write_needs_csrf_and_sign_in(client, ids):
    url = f"/events/{ids['strike']}/correct"
    r = client.post(url, data={"fatalities": "3"}, headers=HTML)
    assert r.status_code == 401 and "E501" in r.text  # not signed in: refused before the form is read
    csrf = _csrf(client)
    r = client.post(url, data={"csrf": csrf, "fatalities": "3", "token": TOKEN})
    assert r.status_code == 401 and r.json()["error"]["code"] == "E501"  # a token in the form is no sign-in
    _sign_in(client)
    r = client.post(url, data={"csrf": "forged." + "0" * 64, "fatalities": "3"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "E502"  # signed in, still CSRF-checked
    r = client.post(url, data={"csrf": csrf, "fatalities": "3", "user": "analyst-b"}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get(f"/api/events/{ids['strike']}").json()["event"]["fatalities"] == 3
    assert client.get("/api/audit", params={"record_id": ids["strike"]}).json()["items"][0]["user"] == "token"


def test_web_token_never_logged_or_echoed(client, ids, caplog):
    caplog.set_level(logging.DEBUG)
    bodies = []
    bodies.append(client.post(f"/api/events/{ids['strike']}/corrections",
                              json={"user": "a", "changes": {"bogus_field": 1}}, headers=AUTH).text)
    bodies.append(client.post(f"/api/events/{ids['strike']}/corrections", json={"user": "a", "changes": {}},
                              headers={"Authorization": f"Bearer {TOKEN}-wrong"}).text)
    bodies.append(client.post("/login", data={"csrf": _csrf(client), "token": TOKEN + "x"}, headers=HTML).text)
    bodies.append(client.get("/login", headers=HTML).text)
    csrf = _sign_in(client)
    bodies.append(client.get(f"/events/{ids['strike']}", headers=HTML).text)
    bodies.append(client.post(f"/events/{ids['strike']}/correct", data={"csrf": csrf, "user": "", "token": TOKEN},
                              headers=HTML).text)
    for text in bodies + [caplog.text, repr(client.app.state.web.guard)]:
        assert TOKEN not in text
    assert all(TOKEN not in c for c in client.cookies.values())


def test_web_hostile_article_rendered_escaped(client, ids):
    html = client.get(f"/articles/{ids['xss_article']}", headers=HTML).text
    assert "&lt;script&gt;window.__pwned = 1" in html
    assert 'onerror="window' not in html and "onerror=&#34;window" in html
    assert "<script>window" not in html and "&lt;script&gt;window.__pwned = 3" in html
    assert "<b>Evil</b>" not in html
    event_html = client.get("/events", params={"certainty": "denied"}, headers=HTML).text
    assert "<script>" not in event_html


def test_web_upload_limit_and_file_names_are_not_paths(client, tmp_path, monkeypatch):
    work = tmp_path / "cwd" / "deeper"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    csrf = _sign_in(client)
    big = b"x" * (70 * 1024)
    r = client.post("/ingest", data={"csrf": csrf, "user": "a"}, files={"file": ("big.txt", big, "text/plain")})
    assert r.status_code == 413 and r.json()["error"]["code"] == "E505"
    r = client.post("/ingest", data={"csrf": csrf, "user": "a"},
                    files={"file": ("../../evil.txt", b"", "text/plain")}, headers=HTML)
    assert r.status_code == 400
    assert not list(tmp_path.rglob("evil.txt")) and not list(work.iterdir())


@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd", "passwd"), ("..\\..\\win.ini", "win.ini"), (".hidden", "hidden"),
    ("report 2020.html", "report_2020.html"), ("", "upload"), (None, "upload"), ("/", "upload"),
])
def test_web_safe_upload_name(name, expected):
    from sitrep.web.security import safe_upload_name
    assert safe_upload_name(name) == expected


def test_web_csrf_and_session_values_are_signed():
    from sitrep.web.security import Guard
    guard, other = Guard.create(TOKEN), Guard.create(TOKEN)
    value = guard.new_csrf()
    assert guard.csrf_ok(value, value) and not other.csrf_ok(value, value)
    assert not guard.csrf_ok(value, guard.new_csrf())
    session = guard.new_session()
    assert guard.session_ok(session) and not other.session_ok(session) and guard.session_name(session) == "token"
    assert not guard.session_ok(session[:-1] + ("0" if session[-1] != "0" else "1"))
    assert guard.token_ok(TOKEN) and not guard.token_ok(TOKEN.upper()) and not guard.token_ok("")
    assert not Guard.create(None).token_ok(TOKEN)


# --- corrections ---------------------------------------------------------------------------------

def test_web_correction_audited_and_survives_reingest(client, kb_ids, ids):
    r = client.post(f"/api/events/{ids['strike']}/corrections", headers=AUTH,
                    json={"user": "analyst-a", "changes": {"fatalities": 30, "certainty": "claimed"}})
    assert r.status_code == 200, r.text
    assert r.json()["event"]["fatalities"] == 30
    audit = r.json()["audit"]
    assert audit[0]["user"] == "token" and audit[0]["before"]["fatalities"] == 24  # the body's user is ignored
    assert audit[0]["after"] == {"fatalities": 30, "certainty": "claimed"}
    kb = client.app.state.web.kb
    kb.ingest(extraction_strikes())  # the same article again: a no-op
    later = extraction_strikes_second_source()
    kb.ingest(Extraction(article=Article(id="again", text=later.article.text + " Funerals were held on Tuesday.",
                                         published="2019-12-31"), actors=later.actors, events=later.events))
    detail = client.get(f"/api/events/{ids['strike']}").json()
    assert detail["event"]["fatalities"] == 30 and detail["event"]["certainty"] == "claimed"
    assert len(detail["event"]["sources"]) == 3
    html = client.get(f"/events/{ids['strike']}", headers=HTML).text
    assert "fatalities: 24" in html and "corrected by an analyst" in html


def test_web_form_correction_only_records_changed_fields(client, ids):
    csrf = _sign_in(client)
    current = client.get(f"/events/{ids['strike']}.json").json()["ev"]
    form = {"csrf": csrf, "user": "analyst-c", "type": "air_strike", "certainty": current["certainty"],
            "actors": ", ".join(current["actors"]), "targets": ", ".join(current["targets"]),
            "date_start": current["date_start"], "date_end": current["date_end"], "place_name": "al-Qaim",
            "place_country": "IQ", "place_lat": str(current["lat"]), "place_lon": str(current["lon"]),
            "fatalities": "26", "injured": ""}
    r = client.post(f"/events/{ids['strike']}/correct", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("done=corrected")
    audit = client.get("/api/audit", params={"record_id": ids["strike"]}).json()["items"]
    assert audit[0]["after"] == {"fatalities": 26}
    bad = client.post(f"/events/{ids['strike']}/correct", data={**form, "fatalities": "-4"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E508"


def test_web_mark_false_and_duplicate(client, ids):
    csrf = _sign_in(client)
    events = client.get("/api/events", params={"order": "date"}).json()["items"]
    shelling, threat = events[0]["id"], next(e["id"] for e in events if e["type"] == "threat")
    r = client.post(f"/events/{threat}/correct", data={"csrf": csrf, "user": "a", "certainty": "false",
                                                       "only": "certainty"}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get(f"/api/events/{threat}").json()["event"]["certainty"] == "false"
    r = client.post(f"/api/events/{shelling}/duplicate", headers=AUTH, json={"user": "b", "of": ids["strike"]})
    assert r.status_code == 200
    assert client.get("/api/events").json()["total"] == 4
    assert client.get(f"/api/events/{shelling}").json()["event"]["id"] == ids["strike"]
    html = client.get(f"/events/{shelling}", headers=HTML).text
    assert 'id="duplicate-note"' in html and shelling in html


def test_web_merge_actors_and_add_alias(client):
    r = client.post("/api/actors/popular-mobilization-forces/aliases", headers=AUTH,
                    json={"user": "analyst-d", "alias": "al-Hashd"})
    assert r.status_code == 200 and "al-Hashd" in r.json()["actor"]["aliases"]
    csrf = _sign_in(client)
    r = client.post("/actors/kataib-hezbollah/merge", data={"csrf": csrf, "user": "analyst-d",
                                                            "drop": "popular-mobilization-forces"},
                    follow_redirects=False)
    assert r.status_code == 303
    dossier = client.get("/actors/kataib-hezbollah.json").json()
    assert any(a["action"] == "merge actor" and a["who"] == "token" for a in dossier["audit"])
    assert client.get("/api/actors/PMF").json()["actor"]["id"] == "kataib-hezbollah"
    html = client.get("/actors/kataib-hezbollah", headers=HTML).text
    assert "merge actor" in html and "analyst-d" not in html


# --- ingest --------------------------------------------------------------------------------------

def _wait_job(client, job_id: str) -> dict:
    deadline = time.time() + 120
    while time.time() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_web_ingest_api_runs_in_background(client, monkeypatch):
    monkeypatch.setenv("SITREP_EXTRACTOR", "test_web_api:fake_extract")
    lines = "\n".join(json.dumps({"id": f"a{i}", "title": f"Item {i}", "published": f"2022-0{i}-01",
                                  "text": f"Kataib Hezbollah issued statement number {i}. It was short."})
                      for i in (1, 2))
    r = client.post("/api/ingest", headers=AUTH, json={"text": lines, "name": "batch.jsonl", "user": "ingester"})
    assert r.status_code == 202
    job = _wait_job(client, r.json()["id"])
    assert job["status"] == "done", job
    assert job["summary"]["articles_new"] == 2 and job["summary"]["events_new"] == 2
    assert client.get("/api/articles").json()["total"] == 6
    page = client.get(f"/ingest/jobs/{job['id']}", headers=HTML).text
    assert "Item 1" in page and "events new" in page


def test_web_ingest_form_paste_and_bad_input(client, monkeypatch):
    monkeypatch.setenv("SITREP_EXTRACTOR", "test_web_api:fake_extract")
    csrf = _sign_in(client)
    text = "Title: Pasted report\nPublished: 2023-02-01\n\nKataib Hezbollah said it was ready. Nothing else."
    r = client.post("/ingest", data={"csrf": csrf, "user": "p", "text": text}, follow_redirects=False)
    assert r.status_code == 303 and "/ingest/jobs/" in r.headers["location"]
    job = _wait_job(client, r.headers["location"].rsplit("/", 1)[1])
    assert job["summary"]["articles"][0]["title"] == "Pasted report"
    r = client.post("/ingest", data={"csrf": csrf, "user": "p", "text": "   "})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E101"
    r = client.post("/ingest", data={"csrf": csrf, "user": "p", "text": text, "published": "yesterday"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E201"


@pytest.mark.slow
def test_web_ingest_runs_the_real_pipeline(client, monkeypatch):
    monkeypatch.delenv("SITREP_EXTRACTOR", raising=False)
    text = ("Title: Rocket attack on Ain al-Asad\nPublished: 2021-03-04\n\n"
            "At least ten rockets struck the Ain al-Asad air base in western Iraq on Wednesday, "
            "the US-led coalition said. A US contractor died of a heart attack during the attack.")
    r = client.post("/api/ingest", headers=AUTH, json={"text": text, "user": "pipeline"})
    job = _wait_job(client, r.json()["id"])
    assert job["status"] == "done", job
    assert job["summary"]["articles_new"] == 1
    article_id = job["summary"]["articles"][0]["id"]
    assert client.get(f"/api/articles/{article_id}").json()["info"]["title"] == "Rocket attack on Ain al-Asad"


# --- the serve command -----------------------------------------------------------------------------

def test_web_cli_serve_registered_with_options(monkeypatch):
    from sitrep.cli import build_parser
    from sitrep.web import cli as web_cli
    args = build_parser().parse_args(["serve", "--db", "x.db", "--port", "8123", "--max-upload", "1000"])
    assert args.func is web_cli.cmd_serve and args.port == 8123 and args.max_upload == 1000
    seen = {}
    monkeypatch.setattr(web_cli, "serve", lambda db, **kw: seen.update(db=db, **kw) or 0)
    monkeypatch.setenv("SITREP_TOKEN", TOKEN)
    assert web_cli.cmd_serve(args) == 0
    assert seen["db"] == "x.db" and seen["token"] == TOKEN and seen["port"] == 8123


def test_web_cli_serve_refuses_short_token(monkeypatch, capsys):
    from sitrep.cli import main
    monkeypatch.delenv("SITREP_TOKEN", raising=False)
    assert main(["serve", "--db", "x.db", "--token", "short"]) == 2
    err = capsys.readouterr().err
    assert "E506" in err and "short" not in err.replace("too short", "")


def test_web_ingest_form_upload_html_file(client, monkeypatch):
    monkeypatch.setenv("SITREP_EXTRACTOR", "test_web_api:fake_extract")
    csrf = _sign_in(client)
    page = (b"<html><head><title>Rockets on Balad</title><script>alert(1)</script></head><body><article>"
            b"<p>Two rockets hit Balad air base on Sunday, officials said.</p></article></body></html>")
    r = client.post("/ingest", data={"csrf": csrf, "user": "u", "published": "2020-05-03"},
                    files={"file": ("../uploads/balad.html", page, "text/html")}, follow_redirects=False)
    assert r.status_code == 303
    job = _wait_job(client, r.headers["location"].rsplit("/", 1)[1])
    assert job["status"] == "done" and job["label"].startswith("balad.html")
    article = client.get(f"/api/articles/{job['summary']['articles'][0]['id']}").json()
    assert article["text"].startswith("Two rockets hit Balad") and "alert" not in article["text"]


# --- presentation helpers ----------------------------------------------------------------------------

@pytest.mark.parametrize("spans,expected", [
    ([(4, 9, "e1")], [("The ", False), ("quick", True), (" fox.", False)]),
    ([(4, 9, "e1"), (6, 13, "e2")], [("The ", False), ("quick fox", True), (".", False)]),
    ([(0, 3, ""), (50, 60, "bad"), (5, 2, "bad")], [("The", True), (" quick fox.", False)]),
])
def test_web_highlight_segments_merge_and_drop(spans, expected):
    from sitrep.web.present import highlight_segments
    segments = highlight_segments("The quick fox.", spans)
    assert [(s.text, s.marked) for s in segments] == expected
    assert "".join(s.text for s in segments) == "The quick fox."


def test_web_evidence_spans_fall_back_to_the_quote():
    from sitrep.web.present import evidence_spans
    text = "Intro line.\nRockets hit the base. More."
    moved = Evidence(text="Rockets hit the base.", start=0, end=21)  # offsets of another cleaning
    assert evidence_spans([moved], text) == [(12, 33, "")]


def test_web_timeline_chart_from_kb_rows_matches_events(client):
    from sitrep.web.present import timeline_buckets
    from sitrep.web.source import EventQuery
    src = client.app.state.web.source
    from_rows = src.chart(EventQuery())
    from_events = timeline_buckets(src.all_events(EventQuery()))
    assert from_rows == from_events
    assert [b["period"] for b in from_rows["buckets"]][:2] == ["2019-12", "2020-01"]
    assert from_rows["buckets"][-1]["period"] == "2021-03" and len(from_rows["buckets"]) == 16


def test_web_component_layout_packs_components_in_the_unit_square():
    from sitrep.web.present import network_layout
    nodes = [{"id": c, "name": c} for c in "abcdefg"]
    edges = [{"source": "a", "target": "b", "type": "violence"}, {"source": "b", "target": "c", "type": "verbal"},
             {"source": "d", "target": "e", "type": "backed_by"}]
    graph = network_layout(nodes, edges, drop_isolated=True)
    pos = {n["id"]: (n["x"], n["y"]) for n in graph["nodes"]}
    assert set(pos) == set("abcde") and graph["isolated"] == 2
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in pos.values())
    assert max(pos[k][0] for k in "abc") <= 0.68 < min(pos[k][0] for k in "de")
    assert network_layout(nodes, edges) == network_layout(nodes, edges)  # deterministic
