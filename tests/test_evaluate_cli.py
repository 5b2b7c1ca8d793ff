"""Tests for `sitrep evaluate`: the command end to end on a small ACLED export and a gold
folder written for these tests."""
from __future__ import annotations

import csv
import json

import pytest

from sitrep.cli import main
from tests.test_evaluate import GOLD

# --- the command, end to end ------------------------------------------------------------------------

NOTES = [
    ("N1", "2021-04-09", "Violence against civilians", "Attack", "Unidentified Armed Group (Iraq)",
     "Civilians (Iraq)", "Samarra", "34.198", "43.874", "2",
     "On 9 April 2021, gunmen shot dead two farmers near Samarra."),
    ("N2", "10 April 2021", "Protests", "Peaceful protest", "Protesters (Iraq)", "",
     "Basra", "30.508", "47.783", "0",
     "On 10 April 2021, hundreds of teachers protested in Basra to demand their unpaid salaries."),
]


@pytest.mark.slow
def test_evaluate_cli_acled(tmp_path, capsys):
    path = tmp_path / "acled.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
                    "location", "latitude", "longitude", "fatalities", "notes"])
        w.writerows(NOTES)
        w.writerow(["N3", "2021-04-11", "Battles", "Armed clash", "A", "B", "X", "1", "1", "x", "Bad."])
    out_csv = tmp_path / "disagree.csv"
    code = main(["evaluate", "--acled", str(path), "--out", str(out_csv)])
    out, err = capsys.readouterr()
    assert code == 1  # one row skipped
    assert "2 row(s) compared" in out and "date exact" in out
    assert "W700" in err and "line 4" in err
    assert out_csv.read_text(encoding="utf-8").startswith("field,line,event_id_cnty,acled,sitrep")
    assert "disagreeing rows per field: type" in out
    assert main(["evaluate", "--acled", str(path), "--out", str(out_csv), "--fields", "fatalities,date"]) == 1
    capsys.readouterr()
    assert {r["field"] for r in csv.DictReader(out_csv.open(encoding="utf-8"))} <= {"fatalities", "date"}
    assert main(["evaluate", "--acled", str(path), "--limit", "1", "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"] == 1 and summary["measures"]["date exact"]["total"] == 1


@pytest.mark.slow
def test_evaluate_cli_gold(tmp_path, capsys):
    (tmp_path / "g1.txt").write_text(
        "published: 2021-04-09\n\nFighters of the Lions Brigade clashed with the army near Samarra on "
        "Thursday, killing four soldiers. The army said the area was calm.\n")
    (tmp_path / "g1.json").write_text(json.dumps(GOLD))
    assert main(["evaluate", "--gold", str(tmp_path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["files"][0]["name"] == "g1"
    assert result["total"]["events"]["gold"] == 2
    assert main(["evaluate", "--gold", str(tmp_path)]) == 0
    assert "(micro)" in capsys.readouterr().out


def test_evaluate_cli_missing_reference(tmp_path, capsys):
    assert main(["evaluate", "--acled", str(tmp_path / "none.csv")]) == 2
    assert "E700" in capsys.readouterr().err


def test_evaluate_cli_unknown_field_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["evaluate", "--acled", str(tmp_path / "a.csv"), "--fields", "type,weather"])
    assert exit_.value.code == 2
    assert "weather" in capsys.readouterr().err
