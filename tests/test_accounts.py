"""Analyst accounts (issue 10 §4): sitrep.accounts over the store, and the `sitrep users` command."""
from __future__ import annotations

import json
import sqlite3

import pytest

from sitrep import accounts
from sitrep.cli import main
from sitrep.errors import SitrepError
from sitrep.store import open_store


@pytest.fixture
def store(tmp_path):
    s = open_store(str(tmp_path / "kb.db"))
    yield s
    s.close()


def test_accounts_add_stores_only_the_hash(store, tmp_path):
    account, token = accounts.add_user(store, "alice", "editor")
    assert account.name == "alice" and account.role == "editor" and account.revoked is None
    assert token.startswith(accounts.TOKEN_PREFIX) and len(token) >= 40
    raw = sqlite3.connect(str(tmp_path / "kb.db")).execute("SELECT * FROM users").fetchall()
    flat = " ".join(str(v) for row in raw for v in row)
    assert token not in flat and accounts.hash_token(token) in flat


def test_accounts_authenticate_gives_the_identity(store):
    _, token = accounts.add_user(store, "bob", "reader")
    who = accounts.authenticate(store, token)
    assert who == accounts.Identity("bob", "reader")
    assert not who.allows("editor") and who.allows("reader")
    assert accounts.authenticate(store, token + "x") is None
    assert accounts.authenticate(store, "") is None and accounts.authenticate(store, None) is None


def test_accounts_tokens_differ_per_user(store):
    tokens = {accounts.add_user(store, f"user{i}", "editor")[1] for i in range(5)}
    assert len(tokens) == 5


def test_accounts_revoke_stops_the_token_at_once(store):
    _, token = accounts.add_user(store, "carol", "admin")
    revoked = accounts.revoke_user(store, "carol")
    assert revoked.revoked is not None
    assert accounts.authenticate(store, token) is None
    assert accounts.identity_named(store, "carol") is None
    with pytest.raises(SitrepError, match=r"E422.*already revoked"):
        accounts.revoke_user(store, "carol")


def test_accounts_taken_name_and_missing_user_have_their_own_codes(store):
    accounts.add_user(store, "iris", "editor")
    with pytest.raises(SitrepError, match=r"\[E421\] there is already a user named 'iris'"):
        accounts.add_user(store, "iris", "editor")
    with pytest.raises(SitrepError, match=r"\[E422\] no live user named 'jack'"):
        accounts.revoke_user(store, "jack")


@pytest.mark.parametrize("role,expected", [("reader", "a reader"), ("editor", "an editor"),
                                           ("admin", "an admin")])
def test_accounts_with_article_reads_right(role, expected):
    assert accounts.with_article(role) == expected


@pytest.mark.parametrize("name,role,code", [
    ("", "editor", "E420"), ("has space", "editor", "E420"), ("-dash-first", "editor", "E420"),
    ("x" * 61, "editor", "E420"), ("token", "editor", "E420"), ("TOKEN", "admin", "E420"),
    ("dave", "superuser", "E420"),
])
def test_accounts_add_refuses_bad_names_and_roles(store, name, role, code):
    with pytest.raises(SitrepError, match=code):
        accounts.add_user(store, name, role)
    assert accounts.list_users(store) == []


def test_accounts_add_refuses_a_taken_name(store):
    accounts.add_user(store, "erin", "editor")
    with pytest.raises(SitrepError, match="E421"):
        accounts.add_user(store, "erin", "admin")
    accounts.revoke_user(store, "erin")
    with pytest.raises(SitrepError, match="E421"):  # a revoked name stays taken: the audit keeps meaning
        accounts.add_user(store, "erin", "reader")


def test_accounts_roles_are_ordered():
    admin, editor, reader = (accounts.Identity("x", r) for r in ("admin", "editor", "reader"))
    assert admin.allows("admin") and admin.allows("editor") and admin.allows("reader")
    assert editor.allows("editor") and not editor.allows("admin")
    assert reader.allows("reader") and not reader.allows("editor")


# --- the command ----------------------------------------------------------------------------------

def test_accounts_cli_add_prints_the_token_once(tmp_path, capsys):
    db = str(tmp_path / "kb.db")
    assert main(["users", "add", "frank", "--role", "editor", "--db", db]) == 0
    out, err = capsys.readouterr()
    token = out.strip()
    assert token.startswith(accounts.TOKEN_PREFIX) and "\n" not in token
    assert "shown only once" in err and token not in err
    store = open_store(db)
    try:
        assert accounts.authenticate(store, token).name == "frank"
    finally:
        store.close()


def test_accounts_cli_list_never_shows_tokens(tmp_path, capsys):
    db = str(tmp_path / "kb.db")
    main(["users", "add", "gina", "--role", "admin", "--db", db])
    main(["users", "add", "hugo", "--role", "reader", "--db", db])
    tokens = capsys.readouterr().out.split()
    assert main(["users", "revoke", "hugo", "--db", db]) == 0
    capsys.readouterr()
    assert main(["users", "list", "--db", db]) == 0
    table = capsys.readouterr().out
    assert "gina" in table and "admin" in table and "never" in table and "last used" in table
    assert main(["users", "list", "--db", db, "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    by_name = {u["name"]: u for u in listed["items"]}
    assert by_name["hugo"]["revoked"] and by_name["gina"]["revoked"] is None
    assert set(by_name["gina"]) == {"name", "role", "created", "last_used", "revoked"}
    for token in tokens:
        assert token not in table and token not in json.dumps(listed)
        assert accounts.hash_token(token) not in table


def test_accounts_cli_errors_are_coded(tmp_path, capsys):
    db = str(tmp_path / "kb.db")
    assert main(["users", "add", "token", "--role", "editor", "--db", db]) == 2
    assert "[E420]" in capsys.readouterr().err
    assert main(["users", "revoke", "nobody", "--db", db]) == 2
    assert "[E422]" in capsys.readouterr().err
    assert main(["users", "list", "--db", str(tmp_path / "missing.db")]) == 2
    assert "[E400]" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()


def test_accounts_cli_runs_on_the_core_install(tmp_path):
    from test_packaging_core import run_core
    db = str(tmp_path / "kb.db")
    proc = run_core("users", "add", "ivan", "--role", "editor", "--db", db, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().startswith(accounts.TOKEN_PREFIX)
    proc = run_core("users", "list", "--db", db, cwd=tmp_path)
    assert proc.returncode == 0 and "ivan" in proc.stdout, proc.stderr


# --- both backends ------------------------------------------------------------------------------

def test_accounts_and_jobs_on_every_backend(db_url):
    s = open_store(db_url)
    try:
        _, token = accounts.add_user(s, "kim", "editor")
        assert accounts.authenticate(s, token) == accounts.Identity("kim", "editor")
        s.touch_user("kim")
        assert accounts.list_users(s)[0].last_used
        accounts.revoke_user(s, "kim")
        assert accounts.authenticate(s, token) is None and not s.has_live_users()
        created = 1_790_000_000.123456
        for i, status in enumerate(("done", "running", "queued")):
            s.save_job({"id": f"j{i}", "label": "x", "status": status, "created": created + i,
                        "summary": {"articles_new": i}, "user_name": "kim"})
        assert s.interrupt_jobs("[E513] gone", created + 10) == 2
        rows = {r["id"]: r for r in s.job_rows(10)}
        assert rows["j0"]["status"] == "done" and rows["j0"]["summary"] == {"articles_new": 0}
        assert rows["j1"]["status"] == rows["j2"]["status"] == "interrupted"
        assert abs(rows["j0"]["created"] - created) < 1e-3  # full-precision times
        s.prune_jobs(1)
        assert [r["id"] for r in s.job_rows(10)] == ["j2"]
    finally:
        s.close()
