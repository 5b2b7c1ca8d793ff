"""Per-analyst identities in the web app (issue 10 §4): roles, the audit's "who", --private,
revocation, foreign form origins and failed-auth rate limiting."""
from __future__ import annotations

import json
import re

import pytest

from sitrep import accounts
from sitrep.store import open_store
from test_web_api import TOKEN, build_kb

HTML = {"Accept": "text/html"}


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def analysts_kb(tmp_path, prefix: str, roles) -> tuple[str, dict, dict[str, str]]:
    """A knowledge base with one analyst per role (named ``<prefix>-<role>``): (db, ids, tokens by role)."""
    db = str(tmp_path / "kb.db")
    ids = build_kb(db)
    store = open_store(db)
    try:
        tokens = {role: accounts.add_user(store, f"{prefix}-{role}", role)[1] for role in roles}
    finally:
        store.close()
    return db, ids, tokens


@pytest.fixture
def kb(tmp_path):
    """A knowledge base with three analysts; their tokens by role."""
    return analysts_kb(tmp_path, "ann", accounts.ROLES)


def _client(db: str, **options):
    from fastapi.testclient import TestClient

    from sitrep.web.app import create_app
    return TestClient(create_app(db, **options))


def _csrf(client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/login", headers=HTML).text).group(1)


def _correct(client, event_id: str, token: str, **body):
    return client.post(f"/api/events/{event_id}/corrections", headers=_bearer(token),
                       json={"changes": {"fatalities": 7}, **body})


def test_web_accounts_editor_writes_and_the_audit_names_the_account(kb):
    db, ids, tokens = kb
    with _client(db) as c:  # no shared token: the accounts alone allow writes
        r = _correct(c, ids["strike"], tokens["editor"], user="somebody-else")
        assert r.status_code == 200, r.text
        who = [a["user"] for a in r.json()["audit"]]
        assert who[0] == "ann-editor" and "somebody-else" not in who


def test_web_accounts_reader_cannot_write(kb):
    db, ids, tokens = kb
    with _client(db) as c:
        r = _correct(c, ids["strike"], tokens["reader"])
        assert r.status_code == 403 and r.json()["error"]["code"] == "E510"
        assert c.get(f"/api/events/{ids['strike']}").json()["event"]["fatalities"] == 24


def test_web_accounts_admin_writes_too(kb):
    db, ids, tokens = kb
    with _client(db) as c:
        assert _correct(c, ids["strike"], tokens["admin"]).status_code == 200


def test_web_accounts_shared_token_is_an_implicit_admin_named_token(kb):
    db, ids, _ = kb
    with _client(db, token=TOKEN) as c:
        r = _correct(c, ids["strike"], TOKEN, user="forged-name")
        assert r.status_code == 200 and r.json()["audit"][0]["user"] == "token"


def test_web_accounts_revoked_token_and_session_stop_working(kb):
    db, ids, tokens = kb
    with _client(db) as c:
        csrf = _csrf(c)
        assert c.post("/login", data={"csrf": csrf, "token": tokens["editor"]},
                      follow_redirects=False).status_code == 303
        assert "signed in as ann-editor" in c.get("/", headers=HTML).text
        accounts.revoke_user(c.app.state.web.kb.store, "ann-editor")
        assert _correct(c, ids["strike"], tokens["editor"]).status_code == 401
        r = c.post(f"/events/{ids['strike']}/correct", data={"csrf": csrf, "fatalities": "9"})
        assert r.status_code == 401 and r.json()["error"]["code"] == "E501"


def test_web_accounts_form_write_is_audited_under_the_signed_in_name(kb):
    db, ids, tokens = kb
    with _client(db) as c:
        csrf = _csrf(c)
        c.post("/login", data={"csrf": csrf, "token": tokens["editor"]})
        r = c.post(f"/events/{ids['strike']}/correct", data={"csrf": csrf, "fatalities": "8", "user": "mallory"},
                   follow_redirects=False)
        assert r.status_code == 303
        audit = c.get("/api/audit", params={"record_id": ids["strike"]}).json()["items"]
        assert audit[0]["user"] == "ann-editor"


def test_web_accounts_last_used_is_recorded(kb):
    db, ids, tokens = kb
    with _client(db) as c:
        c.get("/api/stats", headers=_bearer(tokens["reader"]))
        listed = {a.name: a for a in accounts.list_users(c.app.state.web.kb.store)}
    assert listed["ann-reader"].last_used and listed["ann-admin"].last_used is None


# --- --private ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/events", "/api/stats", "/events.json", "/api/actors/iran",
                                  "/openapi.json"])
def test_web_private_server_needs_a_token_to_read(kb, path):
    db, _, tokens = kb
    with _client(db, private=True) as c:
        r = c.get(path)
        assert r.status_code == 401 and r.json()["error"]["code"] == "E501"
        assert c.get(path, headers=_bearer(tokens["reader"])).status_code == 200


def test_web_private_server_sends_browsers_to_sign_in(kb):
    db, _, tokens = kb
    with _client(db, private=True) as c:
        r = c.get("/events", headers=HTML, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login"
        assert c.get("/login", headers=HTML).status_code == 200
        c.post("/login", data={"csrf": _csrf(c), "token": tokens["reader"]})
        assert c.get("/events", headers=HTML).status_code == 200


def test_web_public_server_reads_without_a_token(kb):
    db, _, _ = kb
    with _client(db) as c:
        assert c.get("/api/events").status_code == 200


# --- foreign origins ----------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"}, {"Origin": "null"},
                                     {"Referer": "http://evil.example/page"},
                                     {"Origin": "http://testserver:8080"}])
def test_web_form_post_from_a_foreign_origin_is_refused(kb, headers):
    db, ids, _ = kb
    with _client(db, token=TOKEN) as c:
        csrf = _csrf(c)
        c.post("/login", data={"csrf": csrf, "token": TOKEN})
        r = c.post(f"/events/{ids['strike']}/correct", data={"csrf": csrf, "fatalities": "5"}, headers=headers)
        assert r.status_code == 403 and r.json()["error"]["code"] == "E512"
        r = c.post("/login", data={"csrf": csrf, "token": TOKEN}, headers=headers)
        assert r.status_code == 403 and r.json()["error"]["code"] == "E512"
        assert c.get(f"/api/events/{ids['strike']}").json()["event"]["fatalities"] == 24


@pytest.mark.parametrize("headers", [{"Origin": "http://testserver"}, {"Referer": "http://testserver/events/x"}, {}])
def test_web_form_post_from_this_site_passes(kb, headers):
    db, ids, _ = kb
    with _client(db, token=TOKEN) as c:
        csrf = _csrf(c)
        c.post("/login", data={"csrf": csrf, "token": TOKEN})
        r = c.post(f"/events/{ids['strike']}/correct", data={"csrf": csrf, "fatalities": "5"}, headers=headers,
                   follow_redirects=False)
        assert r.status_code == 303


@pytest.mark.parametrize("origin,ours", [("https://a.example", None), ("http://a.example:80", "ok"),
                                         ("http://A.example", "ok"), ("http://a.example.evil", None)])
def test_web_security_foreign_origin_compares_scheme_host_and_port(origin, ours):
    from sitrep.web.security import foreign_origin
    found = foreign_origin({"origin": origin}, "http", "a.example")
    assert (found is None) == (ours == "ok")


# --- failed-auth rate limiting ---------------------------------------------------------------------

def test_web_failed_auth_is_rate_limited_per_address(kb):
    from sitrep.web.security import FailureLimiter
    db, ids, tokens = kb
    now = [1000.0]
    limiter = FailureLimiter(max_failures=10, window=60, lockout=60, clock=lambda: now[0])
    with _client(db, limiter=limiter) as c:
        for _ in range(10):
            assert c.get("/api/stats", headers=_bearer("sitrep_wrong")).status_code == 401
        r = _correct(c, ids["strike"], tokens["editor"])  # even the right token waits now
        assert r.status_code == 429 and r.json()["error"]["code"] == "E511"
        assert 0 < int(r.headers["Retry-After"]) <= 60
        assert c.get("/api/stats").status_code == 200  # anonymous reads of a public server go on
        now[0] += 61
        assert _correct(c, ids["strike"], tokens["editor"]).status_code == 200


def test_web_failed_logins_count_too(kb):
    from sitrep.web.security import FailureLimiter
    db, _, _ = kb
    limiter = FailureLimiter(max_failures=3, window=60, lockout=60)
    with _client(db, token=TOKEN, limiter=limiter) as c:
        c.app.state.web  # noqa: B018
        import sitrep.web.views as views
        delay, views.FAILED_LOGIN_DELAY = views.FAILED_LOGIN_DELAY, 0
        try:
            csrf = _csrf(c)
            for _ in range(3):
                assert c.post("/login", data={"csrf": csrf, "token": "wrong-token"}).status_code == 401
            r = c.post("/login", data={"csrf": csrf, "token": TOKEN})
            assert r.status_code == 429 and "Retry-After" in r.headers
        finally:
            views.FAILED_LOGIN_DELAY = delay


def test_web_security_limiter_forgets_old_failures():
    from sitrep.web.security import FailureLimiter
    now = [0.0]
    limiter = FailureLimiter(max_failures=3, window=10, lockout=30, clock=lambda: now[0])
    for _ in range(2):
        limiter.fail("a")
    now[0] = 11
    limiter.fail("a")
    assert limiter.retry_after("a") == 0
    limiter.fail("a"), limiter.fail("a")
    assert limiter.retry_after("a") == 30 and limiter.retry_after("b") == 0
    now[0] = 42
    assert limiter.retry_after("a") == 0


def test_web_accounts_only_an_admin_lists_accounts(kb):
    db, _, tokens = kb
    with _client(db, token=TOKEN) as c:
        assert c.get("/api/users").status_code == 401
        r = c.get("/api/users", headers=_bearer(tokens["editor"]))
        assert r.status_code == 403 and r.json()["error"]["code"] == "E510"
        listed = c.get("/api/users", headers=_bearer(tokens["admin"])).json()
        assert {u["name"] for u in listed["items"]} == {"ann-admin", "ann-editor", "ann-reader"}
        assert not any(t in json.dumps(listed) for t in tokens.values())
        assert c.get("/api/users", headers=_bearer(TOKEN)).status_code == 200  # the shared token is an admin


def test_web_cli_serve_takes_private(monkeypatch):
    from sitrep.cli import build_parser
    from sitrep.web import cli as web_cli
    args = build_parser().parse_args(["serve", "--db", "x.db", "--private"])
    seen = {}
    monkeypatch.setattr(web_cli, "serve", lambda db, **kw: seen.update(db=db, **kw) or 0)
    monkeypatch.delenv("SITREP_TOKEN", raising=False)
    assert web_cli.cmd_serve(args) == 0
    assert seen["private"] is True and seen["token"] is None
