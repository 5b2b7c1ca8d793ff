"""Rough edges a newcomer hit (issue 10, section 5), in-process (FastAPI TestClient): events
stacked at one place on the map, the event page's link to its point, placeholder URLs on
article pages and in exports, write forms on a read-only server, and error codes that match
their meaning and HTTP status."""
from __future__ import annotations

import csv
import io
import re

import pytest

from sitrep import exports
from sitrep.errors import CODES
from sitrep.kb import open_kb
from sitrep.records import Article, Event, EventDate, Evidence, Extraction, Place
from sitrep.web.present import code_meaning, http_reason, map_groups, map_points, place_key
from test_web_api import ACTORS, TOKEN, build_kb, extraction_strikes

HTML = {"Accept": "text/html"}
KIRKUK = Place("Kirkuk", "IQ", "Kirkuk", 35.47, 44.39, "city")

PROTEST_TEXT = ("Hundreds of people protested in Kirkuk on 2 January against the air strikes. "
                "Days later a roadside bomb hit a convoy in the same city.")


def extraction_kirkuk_again() -> Extraction:
    """Two more events in Kirkuk (same coordinates as the rocket attack), from an article whose
    header gave ``url: null``."""
    t = PROTEST_TEXT
    first, second = t.index("Days later"), len(t)
    return Extraction(
        article=Article(id="kirkuk-protest", text=t, title="Kirkuk protest", source="Town Crier",
                        published="2020-01-06", url="null"),
        actors=(ACTORS["kataib-hezbollah"], ACTORS["united-states"]),
        events=(
            Event("e1", "protest", "141", actors=("kataib-hezbollah",), targets=("united-states",),
                  date=EventDate("2020-01-02", "2020-01-02", "day"), location=KIRKUK,
                  evidence=(Evidence(t[:first - 1], 0, first - 1),)),
            Event("e2", "bombing", "183", actors=("kataib-hezbollah",), targets=("united-states",),
                  date=EventDate("2020-01-05", "2020-01-05", "day"), location=KIRKUK, fatalities=2,
                  evidence=(Evidence(t[first:second], first, second),)),
        ))


def build_rough_kb(db: str) -> dict[str, str]:
    ids = build_kb(db)
    kb = open_kb(db)
    try:
        kb.ingest(extraction_kirkuk_again())
        ids["kirkuk"] = [e.id for e in kb.events(type="bombing")][0]
        ids["threat"] = [e.id for e in kb.events(type="threat")][0]
    finally:
        kb.close()
    return ids


@pytest.fixture
def rough_kb(tmp_path) -> tuple[str, dict[str, str]]:
    db = str(tmp_path / "rough.db")
    return db, build_rough_kb(db)


def _client(db: str, token: str | None):
    from fastapi.testclient import TestClient

    from sitrep.web.app import create_app
    return TestClient(create_app(db, token=token))


@pytest.fixture
def client(rough_kb):
    with _client(rough_kb[0], TOKEN) as c:
        yield c


@pytest.fixture
def read_only(rough_kb):
    with _client(rough_kb[0], None) as c:
        yield c


# --- 1. map: one place, several events; a link from each event page --------------------------

def _point(pid: str, lat: float, lon: float, fatalities: int | None = None) -> dict:
    return {"id": pid, "lat": lat, "lon": lon, "fatalities": fatalities}


def test_present_map_groups_points_at_one_place():
    points = [_point("a", 35.47, 44.39, 1), _point("b", 35.4701, 44.3899, 2), _point("c", 33.3, 44.4)]
    groups = map_groups(points)
    assert [(g["count"], g["fatalities"]) for g in groups] == [(2, 3), (1, 0)]
    assert [p["id"] for p in groups[0]["points"]] == ["a", "b"]
    assert place_key(35.47, 44.39) == "35.470,44.390" != place_key(35.48, 44.39)


def test_present_map_points_carry_their_stack_and_dates():
    x = extraction_kirkuk_again()
    points = map_points(x.events, {})
    assert {p["stack"] for p in points} == {2} and len({p["at"] for p in points}) == 1
    assert [p["date_start"] for p in points] == ["2020-01-02", "2020-01-05"]


def test_web_map_json_stacks_events_at_one_place(client):
    points = client.get("/map.json").json()["points"]
    kirkuk = [p for p in points if p["at"] == place_key(35.47, 44.39)]
    assert len(kirkuk) == 3 and {p["stack"] for p in kirkuk} == {3}
    assert all(p["stack"] == 1 for p in points if p not in kirkuk)
    page = client.get("/map", headers=HTML).text
    assert 'id="map-from"' in page and 'id="map-to"' in page


def test_web_event_page_links_to_its_point_on_the_map(client, rough_kb):
    ids = rough_kb[1]
    page = client.get(f"/events/{ids['kirkuk']}", headers=HTML).text
    assert re.search(r'id="map-link" href="/map#event=' + re.escape(ids["kirkuk"]) + '"', page)
    assert 'id="map-link"' not in client.get(f"/events/{ids['threat']}", headers=HTML).text  # no coordinates


# --- 3. placeholder URLs -----------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (None, None), ("", None), ("null", None), (" NULL ", None), ("None", None), ("-", None), ("n/a", None),
    ("https://example.org/a", "https://example.org/a"), (" https://example.org/b ", "https://example.org/b"),
])
def test_exports_real_url_drops_placeholders(value, expected):
    assert exports.real_url(value) == expected


def test_web_article_page_shows_no_null_url(client):
    from sitrep.kb import content_id
    page = client.get(f"/articles/{content_id(PROTEST_TEXT)}", headers=HTML)  # articles are keyed by content
    assert page.status_code == 200
    assert "Town Crier" in page.text
    assert "null" not in page.text.lower().replace("nullable", "") and 'id="article-url"' not in page.text


def test_web_article_page_links_only_web_urls(tmp_path):
    """A real http(s) URL is a link; anything else (``javascript:``) is shown as text only."""
    from sitrep.kb import content_id
    db = str(tmp_path / "urls.db")
    kb = open_kb(db)
    try:
        for n, url in enumerate(("https://example.org/kirkuk", "javascript:alert(1)")):
            x = extraction_kirkuk_again()
            text = x.article.text + f" Report {n}."
            kb.ingest(Extraction(article=Article(id=f"a{n}", text=text, title=f"T{n}", url=url,
                                                 published="2020-01-06"), actors=x.actors, events=x.events))
    finally:
        kb.close()
    with _client(db, None) as c:
        good = c.get(f"/articles/{content_id(PROTEST_TEXT + ' Report 0.')}", headers=HTML).text
        bad = c.get(f"/articles/{content_id(PROTEST_TEXT + ' Report 1.')}", headers=HTML).text
    assert 'href="https://example.org/kirkuk" rel="noopener noreferrer nofollow"' in good
    assert 'id="article-url">javascript:alert(1)</span>' in bad and 'href="javascript' not in bad


def test_exports_cameo_url_column_is_empty_for_placeholder(rough_kb, tmp_path):
    db, _ = rough_kb
    kb = open_kb(db)
    try:
        merged, actors, _ = kb.export_records()
    finally:
        kb.close()
    events = [m for m in merged if m.event.type == "bombing"]
    assert events and events[0].reports[0].url == "null"  # what the KB holds
    out = io.StringIO()
    exports.write_export("cameo-tsv", events, actors, [], out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))
    assert rows and all(r["URLs"] == "" for r in rows)
    assert all(r["NewsSources"] == "Town Crier" for r in rows)
    json_out = io.StringIO()
    exports.write_export("json", events, actors, [], json_out)
    assert '"null"' not in json_out.getvalue()


# --- 5. read-only servers show no write forms ----------------------------------------------------

WRITE_FORMS = {"event": ("correct-form", "duplicate-form", "link-form", "mark-false"),
               "actor": ("alias-form", "merge-form"), "ingest": ("ingest-form",), "login": ("login-form",)}


def _pages(ids: dict[str, str]) -> dict[str, str]:
    return {"event": f"/events/{ids['strike']}", "actor": "/actors/kataib-hezbollah", "ingest": "/ingest",
            "login": "/login"}


def test_web_read_only_server_shows_no_write_forms(read_only, client, rough_kb):
    ids = rough_kb[1]
    for name, path in _pages(ids).items():
        ro = read_only.get(path, headers=HTML)
        rw = client.get(path, headers=HTML)
        assert ro.status_code == rw.status_code == 200
        for form_id in WRITE_FORMS[name]:
            assert f'id="{form_id}"' not in ro.text, (path, form_id)
            assert f'id="{form_id}"' in rw.text, (path, form_id)
        assert 'id="read-only-note"' in ro.text and 'id="read-only-note"' not in rw.text
        assert 'method="post"' not in ro.text.replace('action="/logout" method="post"', "")


def test_web_write_forms_keep_what_was_typed(client, rough_kb):
    """The forms are marked for the draft keeper of common.js; the failed write's error page
    offers to go back to them."""
    ids = rough_kb[1]
    event = client.get(f"/events/{ids['strike']}", headers=HTML).text
    assert re.search(r'id="correct-form" data-keep', event)
    assert re.search(r'id="ingest-form" data-keep', client.get("/ingest", headers=HTML).text)
    refused = client.post("/ingest", data={"text": "Rockets hit a base."}, headers=HTML)
    assert refused.status_code == 401 and "data-back" in refused.text
    assert "data-back" not in client.get("/nowhere", headers=HTML).text  # only after a failed post
    js = client.get("/static/common.js").text
    assert "sessionStorage" in js and 'el.name !== "token"' in js


# --- 6. error codes match their meaning and status ---------------------------------------------

def test_web_unknown_address_is_e509_not_a_missing_record(client, rough_kb):
    r = client.get("/no-such-page")
    assert r.status_code == 404 and r.json()["error"]["code"] == "E509"
    r = client.get("/events/no-such-event.json")
    assert r.status_code == 404 and r.json()["error"]["code"] == "E406"
    assert "E509" in CODES and "no page" in CODES["E509"]


def test_web_error_page_shows_status_and_code_meaning_apart(client, read_only, rough_kb):
    page = client.get("/no-such-page", headers=HTML)
    assert page.status_code == 404
    assert re.search(r'id="error-status">404 Not Found<', page.text)
    assert re.search(r'id="error-code">E509<', page.text)
    assert "no page or API route" in page.text
    missing = client.get("/events/no-such-event", headers=HTML).text
    assert 'id="error-code">E406<' in missing and "record not found" in missing and "404 Not Found" in missing
    r = read_only.post(f"/api/events/{rough_kb[1]['strike']}/corrections",
                       json={"user": "a", "changes": {"fatalities": 2}}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "E516"
    assert http_reason(403) == "Forbidden" and code_meaning("E516").startswith("the server is read-only")


def test_docs_errors_table_gives_each_web_code_its_status():
    from pathlib import Path
    text = (Path(__file__).resolve().parent.parent / "docs" / "errors.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (E\d{3}(?:, E\d{3})*) \| [^|]+ \| ([^|]+) \|$", text, re.M))
    statuses = {code.strip(): status for codes, status in table.items() for code in codes.split(",")}
    assert statuses["E406"].startswith("404") and statuses["E509"].startswith("404")
    assert statuses["E516"].startswith("403") and statuses["E501"].startswith("401")
    assert "E516` is not \"503" in text


def test_ingest_placeholder_url_is_no_url_at_reading(tmp_path):
    from sitrep.ingest import read_inputs
    path = tmp_path / "a.txt"
    path.write_text("title: A story\nurl: null\n\nRockets hit a base near Kirkuk on Monday.\n", encoding="utf-8")
    (article,) = [a for a in read_inputs([str(path)])]
    assert article.url is None


def test_web_article_page_says_whom_a_post_was_forwarded_from(tmp_path):
    from sitrep.kb import content_id
    db = str(tmp_path / "fwd.db")
    kb = open_kb(db)
    try:
        x = extraction_kirkuk_again()
        kb.ingest(Extraction(article=Article(id="ch-3", text=x.article.text, title="post", source="Ridge Monitor",
                                             published="2020-01-06", forwarded_from="Valley Wire"),
                             actors=x.actors, events=x.events))
    finally:
        kb.close()
    with _client(db, None) as c:
        page = c.get(f"/articles/{content_id(PROTEST_TEXT)}", headers=HTML).text
        data = c.get(f"/api/articles/{content_id(PROTEST_TEXT)}").json()
    assert "forwarded from Valley Wire" in page
    assert "Valley Wire" in str(data)
