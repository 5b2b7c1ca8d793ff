"""The `chains` and `link` commands over the knowledge base's cause links."""
import json

import pytest

from sitrep.cli import main
from sitrep.kb import open_kb

STRIKE = ("BAGHDAD, March 2, 2021 (Wire) - Kataib Hezbollah fired rockets at a US base near Kirkuk "
          "on Monday, wounding two contractors, officials said.")
ANSWER = ("WASHINGTON, March 5, 2021 (Wire) - US warplanes struck Kataib Hezbollah depots in Anbar on "
          "Thursday, killing four fighters, in retaliation for Monday's rocket attack on the base near "
          "Kirkuk, the Pentagon said.")


@pytest.fixture()
def db(tmp_path):
    (tmp_path / "a.txt").write_text(STRIKE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ANSWER, encoding="utf-8")
    path = str(tmp_path / "kb.db")
    assert main(["ingest", "--db", path, "--published", "2021-03-05", str(tmp_path / "a.txt"),
                 str(tmp_path / "b.txt")]) == 0
    return path


def _told(path):
    """The rocket attack and the air strike each article tells (with their parties)."""
    with open_kb(path) as kb:
        events = [m.event for m in kb.events(limit=None) if m.event.actors and m.event.targets]
    return next(e for e in events if e.type == "shelling"), next(e for e in events if e.type == "air_strike")


@pytest.mark.slow
def test_cli_chains_link_and_unlink_by_hand(db, capsys):
    rockets, strike = _told(db)
    cause, effect = rockets.id, strike.id
    with open_kb(db) as kb:
        for link in kb.cause_links([effect]):
            kb.unlink_events(link.cause_id, link.effect_id, "tester")
    capsys.readouterr()
    assert main(["link", cause, effect, "--user", "ana", "--db", db]) == 0
    assert f"caused by {cause}" in capsys.readouterr().out
    assert main(["chains", "--actor", strike.actors[0], "--actor", strike.targets[0], "--db", db,
                 "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["command"] == "chains"
    assert [m["event"]["id"] for m in out["chains"][0]["events"]] == [cause, effect]
    assert main(["link", cause, effect, "--user", "ana", "--remove", "--db", db]) == 0
    assert "caused by none" in capsys.readouterr().out
    with open_kb(db) as kb:
        assert [a.action for a in kb.audit_log(effect)][:2] == ["unlink", "link"]


def test_cli_chains_needs_two_actors(tmp_path, capsys):
    assert main(["chains", "--actor", "Iran", "--db", str(tmp_path / "kb.db")]) == 2
    assert "E407" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_chains_link_refuses_a_cause_dated_after_its_effect_and_adds_nothing_twice(db, capsys):
    rockets, strike = _told(db)
    with open_kb(db) as kb:
        for link in kb.cause_links([strike.id]):
            kb.unlink_events(link.cause_id, link.effect_id, "tester")
    capsys.readouterr()
    assert main(["link", strike.id, rockets.id, "--user", "ana", "--db", db]) == 2
    assert "E405" in capsys.readouterr().err
    assert main(["link", rockets.id, strike.id, "--user", "ana", "--db", db]) == 0
    assert main(["link", rockets.id, strike.id, "--user", "ana", "--db", db]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"{strike.id}: caused by {rockets.id}"
    with open_kb(db) as kb:
        assert [a.action for a in kb.audit_log(strike.id)].count("link") == 1


@pytest.mark.slow
@pytest.mark.parametrize("args,code", [
    (["--actor", "Nobody Brigade", "--actor", "United States"], "E406"),
    (["--actor", "United States", "--actor", "United States"], "E407"),
    (["--actor", "United States", "--actor", "Kataib Hezbollah", "--since", "2020-13"], "E407"),
    (["--actor", "United States", "--actor", "Kataib Hezbollah", "--since", "2021-02-30"], "E407"),
    (["--actor", "United States", "--actor", "Kataib Hezbollah", "--since", "2021", "--until", "2020"], "E407"),
])
def test_cli_chains_rejects_what_escalation_rejects(db, capsys, args, code):
    assert main(["chains", "--db", db, *args]) == 2
    assert code in capsys.readouterr().err


def test_cli_chains_escalation_refuses_db_beside_acled(tmp_path, capsys):
    csv = tmp_path / "x.csv"
    csv.write_text("event_date,actor1,actor2,event_type\n2020-01-01,A,B,Battles\n", encoding="utf-8")
    assert main(["escalation", "--acled", str(csv), "--db", str(tmp_path / "kb.db"),
                 "--actor", "A", "--actor", "B"]) == 2
    assert "E801" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["events"], ["actors"], ["timeline"], ["network"], ["search", "x"],
                                     ["actor", "Iran"], ["export", "--format", "json"],
                                     ["chains", "--actor", "A", "--actor", "B"],
                                     ["escalation", "--actor", "A", "--actor", "B"]])
def test_cli_chains_read_commands_never_create_a_missing_database(tmp_path, capsys, command):
    missing = tmp_path / "nosuch.db"
    assert main([*command, "--db", str(missing)]) == 2
    assert "E400" in capsys.readouterr().err and not missing.exists()
