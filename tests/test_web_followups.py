"""Issue 10 follow-ups from a fresh-user tryout: forged client addresses, ingests in the audit
log, body-less POSTs, one code for one fault in query parameters, account messages and codes,
and filters that could only answer nothing."""
from __future__ import annotations

import time

import pytest

from sitrep import accounts
from test_web_api import TOKEN
from test_web_accounts import _client, analysts_kb
from test_web_hardening import _Server, _status

HTML = {"Accept": "text/html"}
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def kb(tmp_path):
    """A knowledge base with an editor and a reader; their tokens by role."""
    return analysts_kb(tmp_path, "pat", ("editor", "reader"))


@pytest.fixture
def client(kb):
    with _client(kb[0], token=TOKEN) as c:
        yield c


# --- 1. the client address is the connecting one unless a proxy is named ------------------------

def test_web_cli_uvicorn_options_ignore_proxy_headers_by_default():
    from sitrep.web.cli import uvicorn_options
    default = uvicorn_options()
    assert default["proxy_headers"] is False and "forwarded_allow_ips" not in default
    behind = uvicorn_options(forwarded_allow_ips=" 10.0.0.5, 10.0.0.6 ")
    assert behind["proxy_headers"] is True and behind["forwarded_allow_ips"] == "10.0.0.5,10.0.0.6"
    assert uvicorn_options(forwarded_allow_ips=" , ")["proxy_headers"] is False


def test_web_cli_serve_passes_forwarded_allow_ips(monkeypatch, kb):
    import uvicorn

    from sitrep.cli import build_parser
    from sitrep.web import cli as web_cli
    monkeypatch.delenv("SITREP_TOKEN", raising=False)
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    args = build_parser().parse_args(["serve", "--db", kb[0]])
    assert web_cli.cmd_serve(args) == 0
    assert seen["proxy_headers"] is False
    args = build_parser().parse_args(["serve", "--db", kb[0], "--forwarded-allow-ips", "192.0.2.7"])
    assert web_cli.cmd_serve(args) == 0
    assert seen["proxy_headers"] is True and seen["forwarded_allow_ips"] == "192.0.2.7"


def _locked_server(db: str, forwarded_allow_ips: str | None):
    from sitrep.web.app import create_app
    from sitrep.web.security import FailureLimiter
    app = create_app(db, token=TOKEN, limiter=FailureLimiter(max_failures=3, window=60, lockout=60))
    return _Server(app, forwarded_allow_ips=forwarded_allow_ips)


def _get(server, path: str, token: str, forwarded_for: str) -> int:
    head = (f"GET {path} HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer {token}\n"
            f"X-Forwarded-For: {forwarded_for}\nConnection: close\n")
    return _status(server.raw(head))


def test_web_forged_forwarded_for_does_not_dodge_the_lockout(kb):
    with _locked_server(kb[0], None) as server:
        for n in range(3):  # each failure claims another address
            assert _get(server, "/api/stats", "wrong-token-xyz", f"198.51.100.{n}") == 401
        # locked: the right token with yet another forged address still waits
        assert _get(server, "/api/stats", TOKEN, "203.0.113.9") == 429


def test_web_named_proxy_gives_each_client_its_own_address(kb):
    with _locked_server(kb[0], "127.0.0.1") as server:  # the test client is the trusted proxy
        for _ in range(3):
            assert _get(server, "/api/stats", "wrong-token-xyz", "198.51.100.1") == 401
        assert _get(server, "/api/stats", TOKEN, "198.51.100.1") == 429
        assert _get(server, "/api/stats", TOKEN, "198.51.100.2") == 200  # another client behind the proxy


# --- 2. web ingests are audited under the signed-in identity ---------------------------------------

def test_web_ingest_job_is_in_the_audit_log(kb, monkeypatch):
    monkeypatch.setenv("SITREP_EXTRACTOR", "test_web_api:fake_extract")
    db, _, tokens = kb
    with _client(db) as c:
        r = c.post("/api/ingest", headers={"Authorization": f"Bearer {tokens['editor']}"},
                   json={"text": "Kataib Hezbollah issued a statement. It said little.", "name": "note.txt",
                         "user": "someone-else"})
        assert r.status_code == 202
        job_id = r.json()["id"]
        assert c.app.state.web.jobs.wait(job_id).status == "done"
        deadline = time.time() + 10
        while not c.get("/api/audit", params={"record_id": job_id}).json()["items"]:
            assert time.time() < deadline, "the finished job was never audited"
            time.sleep(0.05)
        [entry] = c.get("/api/audit", params={"record_id": job_id}).json()["items"]
    assert entry["user"] == "pat-editor" and entry["action"] == "ingest" and entry["record_kind"] == "ingest_job"
    after = entry["after"]
    assert after["job"] == job_id and after["inputs"] == "note.txt" and after["status"] == "done"
    assert after["articles_new"] == 1 and after["articles_skipped"] == 0 and len(after["article_ids"]) == 1


def test_web_failed_ingest_job_is_audited_with_its_error(kb):
    from sitrep.kb import open_kb
    from sitrep.web.jobs import JobRunner
    db = kb[0]
    handle = open_kb(db)
    try:
        runner = JobRunner(store=handle.store)

        def boom():
            raise ValueError("the pipeline broke")
        job = runner.submit("x (1 article)", boom, by="pat-editor",
                            on_finish=lambda j: handle.record_ingest("pat-editor", j.id,
                                                                     {"status": j.status, "error": j.error}))
        assert runner.wait(job.id).status == "failed"
        deadline = time.time() + 10
        while not handle.audit_log(job.id):
            assert time.time() < deadline
            time.sleep(0.05)
        [entry] = handle.audit_log(job.id)
        runner.shutdown()
    finally:
        handle.close()
    assert entry.after == {"status": "failed", "error": "the pipeline broke"} and entry.user == "pat-editor"


def test_web_second_ingest_of_the_same_text_is_audited_as_skipped(kb, monkeypatch):
    monkeypatch.setenv("SITREP_EXTRACTOR", "test_web_api:fake_extract")
    db = kb[0]
    text = {"text": "Kataib Hezbollah denied the report. Nothing else."}
    with _client(db, token=TOKEN) as c:
        jobs = []
        for _ in range(2):
            job_id = c.post("/api/ingest", headers=AUTH, json=text).json()["id"]
            c.app.state.web.jobs.wait(job_id)
            jobs.append(job_id)
        deadline = time.time() + 10
        while len([a for a in c.get("/api/audit").json()["items"] if a["action"] == "ingest"]) < 2:
            assert time.time() < deadline
            time.sleep(0.05)
        second = c.get("/api/audit", params={"record_id": jobs[1]}).json()["items"][0]
    assert second["user"] == "token" and second["after"]["articles_new"] == 0
    assert second["after"]["articles_skipped"] == 1 and second["after"]["inputs"] == "pasted text"


# --- 3. a POST with neither Content-Length nor Transfer-Encoding has an empty body ----------------

@pytest.fixture
def server(kb):
    from sitrep.web.app import create_app
    with _Server(create_app(kb[0], token=TOKEN, max_upload=4096)) as srv:
        yield srv


def test_web_bodyless_post_is_an_empty_body_not_411(server, kb):
    strike = kb[1]["strike"]
    for path in (f"/api/events/{strike}/duplicate", f"/events/{strike}/duplicate"):
        head = f"POST {path} HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer {TOKEN}\nConnection: close\n"
        response = server.raw(head)
        assert _status(response) in (400, 415), response[:300]  # the empty body is judged, not its length
        assert "E514" not in response


def test_web_chunked_post_without_length_is_still_411(server, kb):
    head = (f"POST /api/events/{kb[1]['strike']}/duplicate HTTP/1.1\nHost: 127.0.0.1\n"
            f"Authorization: Bearer {TOKEN}\nContent-Type: application/json\nTransfer-Encoding: chunked\n")
    assert _status(server.raw(head, [b'{"of": "x"'])) == 411


def test_web_bodyless_post_without_token_is_still_401(server, kb):
    head = f"POST /api/events/{kb[1]['strike']}/duplicate HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n"
    assert _status(server.raw(head)) == 401


# --- 4. one fault, one code: query parameters --------------------------------------------------------

HUGE = "9223372036854775808"


@pytest.mark.parametrize("path", [f"/api/events?offset={HUGE}", f"/events?offset={HUGE}",
                                  f"/events.json?offset={HUGE}", "/api/events?limit=abc", "/events?limit=abc",
                                  "/actors?limit=0", "/api/actors?limit=0"])
@pytest.mark.parametrize("accept", [HTML, {}])
def test_web_invalid_query_parameter_is_e507_everywhere(client, path, accept):
    r = client.get(path, headers=accept)
    assert r.status_code == 400
    assert ("E507" in r.text) if accept and not path.startswith("/api/") and ".json" not in path \
        else r.json()["error"]["code"] == "E507"


@pytest.mark.parametrize("path", [
    "/events.json?foo=1", "/events?involvin=KH", "/?x=1", "/index.json?x=1", "/actors?sort=name",
    "/map.json?limit=5", "/timeline?page=2", "/search?q=strike&page=2", "/articles.json?q=x", "/network.json?x=1",
    "/ingest.json?x=1", "/login?next=/", "/events.csv?foo=1", "/escalation?top=3&x=1", "/escalation.json?x=1",
])
def test_web_pages_refuse_unknown_query_parameters(client, path):
    r = client.get(path)
    assert r.status_code == 400 and r.json()["error"]["code"] == "E507", (path, r.status_code, r.text[:200])
    assert "unknown query parameter" in r.json()["error"]["message"]


def test_web_pages_take_their_own_parameters(client, kb):
    strike = kb[1]["strike"]
    for path in ("/?done=signedin", "/events?actor=KH&target=US&involving=KH&type=air_strike&family=violence"
                 "&since=2019&until=2020&place=qaim&country=IQ&certainty=reported&text=strike&sort=date"
                 "&limit=10&offset=0&done=corrected", "/events.json?involving=KH&limit=5",
                 "/events.csv?actor=US", "/actors?q=kat&type=armed_group&limit=5&offset=0",
                 "/map.json?since=2019&family=violence&actor=US", "/timeline.json?involving=KH",
                 "/search.json?q=strike", "/articles?limit=2&offset=1", f"/events/{strike}?done=duplicate",
                 "/actors/kataib-hezbollah?done=alias", "/network.json", "/ingest", "/login"):
        r = client.get(path, headers=HTML)
        assert r.status_code == 200, (path, r.status_code, r.text[:300])


def test_web_page_form_fields_are_all_accepted(client):
    """Every GET form of the pages submits only names its page takes (a filter form must never
    lead to E507)."""
    import re
    for page in ("/events", "/actors", "/map", "/timeline", "/search", "/escalation"):
        html = client.get(page, headers=HTML).text
        for form in re.findall(r'<form[^>]*method="get"[^>]*action="([^"]+)"[^>]*>(.*?)</form>', html, re.S):
            action, body = form
            names = set(re.findall(r'name="([^"]+)"', body))
            names = {n for n in names if n not in ("csrf",)}
            query = "&".join(f"{n}=" for n in sorted(names))
            r = client.get(f"{action}?{query}", headers=HTML)
            assert r.status_code in (200, 400) and "unknown query parameter" not in r.text, (action, names)


# --- 5. messages and codes of accounts -------------------------------------------------------------

def test_web_role_messages_read_right(kb):
    db, _, tokens = kb
    with _client(db, token=TOKEN) as c:
        r = c.get("/api/users", headers={"Authorization": f"Bearer {tokens['editor']}"})
        assert r.status_code == 403 and "'pat-editor' is an editor:" in r.json()["error"]["message"]
        r = c.post("/api/events/x/duplicate", headers={"Authorization": f"Bearer {tokens['reader']}"},
                   json={"of": "y"})
        assert r.status_code == 403 and "'pat-reader' is a reader:" in r.json()["error"]["message"]


# --- 6. filters that could only answer nothing are E407 ---------------------------------------------

@pytest.mark.parametrize("query", ["since=2024-01-01&until=2020-01-01", "involving=nosuchactor",
                                   "actor=nosuchactor", "target=nosuchactor", "country=ZZ"])
@pytest.mark.parametrize("base", ["/api/events", "/api/timeline", "/events.json", "/events", "/map.json",
                                  "/timeline.json", "/events.csv"])
def test_web_filter_matching_nothing_is_400_e407(client, base, query):
    r = client.get(f"{base}?{query}")
    assert r.status_code == 400 and r.json()["error"]["code"] == "E407", (base, query, r.text[:200])


def test_web_filter_matching_nothing_shows_an_error_page(client):
    r = client.get("/events?involving=nosuchactor", headers=HTML)
    assert r.status_code == 400 and "E407" in r.text and "no actor of that name or alias" in r.text


def test_web_actor_without_events_still_has_a_page(client):
    """A new actor (only a relation, no event yet) resolves: its dossier is empty, not an error."""
    r = client.get("/actors/popular-mobilization-forces.json")
    assert r.status_code == 200 and r.json()["as_actor"] == [] and r.json()["as_target"] == []
    assert client.get("/api/events?involving=popular-mobilization-forces").json()["total"] == 0
    assert client.get("/actors/popular-mobilization-forces", headers=HTML).status_code == 200
