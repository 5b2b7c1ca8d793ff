"""``sitrep escalation`` end to end: a simulated day-resolution ACLED export is recovered
through ``--acled``; small and malformed inputs; coded errors; a knowledge base built from
short wire-style articles written here gives the stated chain."""
from __future__ import annotations

import csv
import datetime as dt
import json
import sys

import pytest

from sitrep.cli import main
from sitrep.escalation.simulate import simulate_hawkes

BASELINE = (0.3, 0.25)                       # events/day
BRANCHING = ((0.3, 0.35), (0.45, 0.25))      # [i][j]: acts of i triggered by one act of j
DECAY = 0.2                                  # per day: mean response 5 days
DAYS = 8000
ISRAEL = "Military Forces of Israel (2009-2021)"
HAMAS = "Hamas Movement"
FIELDS = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2",
          "assoc_actor_2", "country", "location", "fatalities", "notes"]


def _date(day: dt.date, k: int) -> str:
    """The three forms ACLED exports use, mixed row by row."""
    return (day.isoformat(), day.strftime("%Y%m%d"), f"{day.day} {day:%B %Y}")[k % 3]


def write_simulated_acled(path, seed: int = 2, bad_rows: int = 2) -> tuple[int, int]:
    """An ACLED-style export of a simulated bivariate Hawkes process (Israel's forces on Hamas
    and back), day resolution, with ``bad_rows`` malformed rows; returns the acts per side."""
    times = simulate_hawkes(BASELINE, BRANCHING, DECAY, DAYS, seed)
    start = dt.date(2000, 1, 1)
    sides = ((ISRAEL, HAMAS), (HAMAS, ISRAEL))
    rows = []
    for side, ts in enumerate(times):
        for k, t in enumerate(ts):
            a1, a2 = sides[side]
            strike = (k + side) % 2 == 0
            rows.append({"event_id_cnty": f"SIM{side}-{k}", "event_date": _date(start + dt.timedelta(days=int(t)), k + side),
                         "event_type": "Explosions/Remote violence" if strike else "Battles",
                         "sub_event_type": "Air/drone strike" if strike else "Armed clash",
                         "actor1": a1, "assoc_actor_1": "", "actor2": a2, "assoc_actor_2": "", "country": "Israel",
                         "location": "Gaza City", "fatalities": str(k % 4), "notes": f"simulated act {k}"})
    for k in range(bad_rows):
        rows.append({**rows[k], "event_id_cnty": f"BAD{k}", "event_date": "sometime in spring"})
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(rows)
    return len(times[0]), len(times[1])


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    path = tmp_path_factory.mktemp("acled") / "simulated.csv"
    counts = write_simulated_acled(path)
    return str(path), counts


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["escalation", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def simulated_json(simulated):
    """The CLI's JSON on the simulated export (run once for the module)."""
    import contextlib
    import io
    path, counts = simulated
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["escalation", "--acled", path, "--actor", "Israel", "--actor", "Hamas", "--format", "json",
                     "--permutations", "199", "--seed", "5"])
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue()), err.getvalue(), counts


def test_escalation_cli_acled_recovers_the_simulated_process(simulated_json):
    d, _, counts = simulated_json
    assert min(counts) > 2000
    assert d["n_events"] == list(counts)
    h = d["hawkes"]
    for i in range(2):
        assert h["baseline"][i] == pytest.approx(BASELINE[i], rel=0.2)
        for j in range(2):
            assert h["branching"][i][j] == pytest.approx(BRANCHING[i][j], rel=0.15), (i, j, h["branching"])
    assert h["decay"] == pytest.approx(DECAY, rel=0.15)
    assert h["gof"]["p_value"][0] > 0.01 and h["gof"]["p_value"][1] > 0.01


def test_escalation_cli_json_has_the_shape_the_issue_gives(simulated_json):
    d, _, _ = simulated_json
    assert {"dyad", "period", "n_events", "series", "chains", "lags", "hawkes", "var"} <= set(d)
    assert d["dyad"] == ["Israel", "Hamas"] and d["period"]["start"] == "2000-01-01"
    assert {"baseline", "branching", "decay", "stderr", "triggered_share", "gof"} <= set(d["hawkes"])
    assert {"baseline", "branching", "decay"} <= set(d["hawkes"]["stderr"])
    assert d["series"][0].keys() == {"date", "events", "fatalities"}
    assert sum(day["events"][0] for day in d["series"]) == d["n_events"][0]
    lag = d["lags"]["b_answers_a"]
    assert lag["n_permutations"] > 0 and {"edges", "observed", "baseline"} <= set(lag["histogram"])
    assert d["var"]["estimated"] is True and {"a_causes_b", "b_causes_a"} <= set(d["var"]["granger"])
    assert d["var"]["granger"]["a_causes_b"]["p"] < 0.05 and d["var"]["granger"]["b_causes_a"]["p"] < 0.05
    assert d["chains"] == [] and d["seed"] == 5 and "seed 5" in d["hawkes"]["ties"]


def test_escalation_cli_counts_malformed_acled_rows(simulated_json):
    d, err, _ = simulated_json
    assert "[W800]" in err and "2 row(s) skipped" in err
    assert d["left_out"]["unreadable row"] == 2


def test_escalation_cli_text_and_html_reports(simulated, capsys, tmp_path):
    path, _ = simulated
    code, out, _ = _run(capsys, "--acled", path, "--actor", "Israel", "--actor", "Hamas", "--permutations", "50",
                        "--until", "2004-12")
    assert code == 0
    assert "Escalation: Israel / Hamas" in out and "estimated to be reactions" in out and "95% interval" in out
    target = tmp_path / "report.html"
    code, _, err = _run(capsys, "--acled", path, "--actor", "Israel", "--actor", "Hamas", "--permutations", "50",
                        "--until", "2004-12", "--format", "html", "--out", str(target))
    assert code == 0 and "wrote the html report" in err
    html = target.read_text(encoding="utf-8")
    assert "<svg" in html and "http://" not in html and "https://" not in html


def test_escalation_cli_fewer_than_30_acts_is_not_identifiable(tmp_path, capsys):
    path = tmp_path / "small.csv"
    write_small = [",".join(FIELDS),
                   f"A1,2020-01-01,Battles,Armed clash,{HAMAS},,{ISRAEL},,IL,Gaza,1,a",
                   f"A2,20200103,Battles,Armed clash,{ISRAEL},,{HAMAS},,IL,Gaza,0,b",
                   f"A3,5 January 2020,Battles,Armed clash,{HAMAS},,{ISRAEL},,IL,Gaza,0,c"]
    path.write_text("\n".join(write_small) + "\n", encoding="utf-8")
    code, out, _ = _run(capsys, "--acled", str(path), "--actor", "Israel", "--actor", "Hamas", "--format", "json")
    d = json.loads(out)
    assert code == 0 and d["n_events"] == [1, 2]
    assert d["hawkes"] == {"identifiable": False, "reason": d["hawkes"]["reason"], "n_events": [1, 2], "min_events": 30}
    assert d["lags"] == {} and d["var"]["estimated"] is False
    assert any(s.startswith("Not identifiable: fewer than 30 acts a side") for s in d["summary"])
    code, out, _ = _run(capsys, "--acled", str(path), "--actor", "Israel", "--actor", "Hamas")
    assert "Not identifiable" in out and "%" not in out and "branching" not in out


@pytest.mark.parametrize("argv, code", [
    (["--actor", "Israel"], "E801"),
    (["--actor", "Israel", "--actor", "israel"], "E801"),
    (["--actor", "Israel", "--actor", "Hamas", "--since", "last week"], "E801"),
    (["--actor", "Israel", "--actor", "Hamas", "--since", "2021", "--until", "2020"], "E801"),
    (["--actor", "Israel", "--actor", "Hamas", "--families", "violence,rumours"], "E801"),
    (["--top", "1"], "E801"),
    (["--actor", "Israel", "--actor", "Hamas", "--permutations", "0"], "E801"),
])
def test_escalation_cli_bad_requests_are_e801(tmp_path, capsys, argv, code):
    path = tmp_path / "x.csv"
    path.write_text(",".join(FIELDS) + "\n", encoding="utf-8")
    rc, out, err = _run(capsys, "--acled", str(path), *argv)
    assert rc == 2 and f"[{code}]" in err and "Traceback" not in err and out == ""


def test_escalation_cli_actor_absent_from_the_export_is_e801(simulated, capsys):
    path, _ = simulated
    rc, _, err = _run(capsys, "--acled", path, "--actor", "Israel", "--actor", "Hezbollah")
    assert rc == 2 and "[E801]" in err and "'Hezbollah'" in err


def test_escalation_cli_unreadable_acled_is_e802(tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text("date,who\n2020-01-01,someone\n", encoding="utf-8")
    rc, _, err = _run(capsys, "--acled", str(path), "--actor", "Israel", "--actor", "Hamas")
    assert rc == 2 and "[E802]" in err and "event_date" in err
    rc, _, err = _run(capsys, "--acled", str(tmp_path / "none.csv"), "--actor", "Israel", "--actor", "Hamas")
    assert rc == 2 and "[E802]" in err


def test_escalation_cli_unwritable_out_is_e804(simulated, tmp_path, capsys):
    path, _ = simulated
    rc, _, err = _run(capsys, "--acled", path, "--actor", "Israel", "--actor", "Hamas", "--until", "2000-06",
                      "--out", str(tmp_path / "no" / "such" / "dir.txt"))
    assert rc == 2 and "[E804]" in err


def test_escalation_cli_missing_statistics_package_is_e800(simulated, monkeypatch, capsys):
    import importlib
    for name in [m for m in sys.modules if m == "statsmodels" or m.startswith("statsmodels.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "statsmodels", None)
    importlib.invalidate_caches()
    path, _ = simulated
    rc, _, err = _run(capsys, "--acled", path, "--actor", "Israel", "--actor", "Hamas", "--permutations", "10")
    assert rc == 2 and "[E800]" in err and "sitrep[analysis]" in err and "Traceback" not in err


# --- the knowledge base ------------------------------------------------------------------------

WIRE = [
    ("w1", "2021-03-05", "WASHINGTON, March 5 (Wire) - Kataib Hezbollah fired rockets at a US base near Erbil on "
                         "Monday, killing a contractor. US warplanes struck Kataib Hezbollah near the Syrian border "
                         "on Thursday in retaliation for the rocket attack, the Pentagon said."),
    ("w2", "2021-03-09", "BAGHDAD, March 9 (Wire) - US aircraft bombed Kataib Hezbollah near al-Qaim on Saturday, "
                         "killing three fighters. Kataib Hezbollah shelled a US base at Ain al-Asad on Monday in "
                         "response to the air strike, officials said."),
]


@pytest.mark.slow
def test_escalation_cli_knowledge_base_series_carries_the_stated_chain(tmp_path, capsys):
    from sitrep.kb import open_kb
    from sitrep.records import Article
    db = str(tmp_path / "kb.db")
    with open_kb(db) as kb:
        kb.ingest_articles([Article(id=i, text=t, published=p, source="Wire", title=i) for i, p, t in WIRE])
    code, out, err = _run(capsys, "--db", db, "--actor", "Kataib Hezbollah", "--actor", "US", "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["dyad"] == ["Kataib Hezbollah", "United States"] and d["n_events"] == [2, 2]
    chains = {(c["cause_date"], c["effect_date"], c["cause_side"], c["effect_side"]) for c in d["chains"]}
    assert ("2021-03-01", "2021-03-04", 0, 1) in chains          # rockets, then the strike in retaliation
    assert ("2021-03-06", "2021-03-08", 1, 0) in chains          # the strike, then the shelling in response
    assert all("retaliation" in c["evidence"] or "response" in c["evidence"] for c in d["chains"])
    assert d["hawkes"]["identifiable"] is False
    code, _, err = _run(capsys, "--db", db, "--actor", "Kataib Hezbollah", "--actor", "Nobody Known")
    assert code == 2 and "[E801]" in err


# --- tryout 8: one source, hostile rows, sides, honest top-K labels --------------------------

def test_escalation_cli_db_and_acled_together_is_e801(simulated, tmp_path):
    from sitrep.errors import SitrepError
    from sitrep.escalation import escalation
    path, _ = simulated
    with pytest.raises(SitrepError) as exc:
        escalation(["Israel", "Hamas"], db=str(tmp_path / "kb.db"), acled=path)
    assert exc.value.code == "E801" and "not both" in str(exc.value)


def test_escalation_cli_export_without_hostile_rows_says_so(tmp_path, capsys):
    path = tmp_path / "calm.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        w.writeheader()
        for k in range(5):
            w.writerow({"event_id_cnty": f"P{k}", "event_date": f"2021-02-0{k + 1}", "event_type": "Cooperation talks",
                        "sub_event_type": "Agreement", "actor1": ISRAEL, "actor2": HAMAS, "fatalities": "0"})
    rc, _, err = _run(capsys, "--acled", str(path), "--actor", "Israel", "--actor", "Hamas")
    assert rc == 2 and "[E801]" in err and "no row of" in err and "families asked" in err
    assert "5 row(s) have other event types" in err


def test_escalation_cli_top_k_says_which_actors_were_named(simulated, capsys):
    path, _ = simulated
    rc, out, err = _run(capsys, "--acled", path, "--top", "2", "--actor", "Hamas", "--permutations", "9",
                        "--format", "json")
    assert rc == 0, err
    d = json.loads(out)
    assert d["asked"] == [k for k, n in zip(d["ids"], d["dyad"]) if "Hamas" in n]
    assert "Hamas (named) and the most active other actor" in d["summary"][0]
    assert "most active actors" not in d["summary"][0]


def test_escalation_cli_docs_open_the_knowledge_base_with_open_kb(tmp_path):
    """docs/chains.md's Python example runs as written (open_kb, not KB('file'))."""
    import re
    from pathlib import Path
    doc = (Path(__file__).resolve().parent.parent / "docs" / "chains.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", doc, re.S) if "open_kb" in b)
    opening = "\n\n".join(block.split("\n\n")[:2]).replace('"sitrep.db"', repr(str(tmp_path / "kb.db")))
    scope: dict = {}
    exec(opening, scope)                                     # noqa: S102 (our own docs)
    assert scope["links"] == [] and "open_kb" in opening


def test_escalation_cli_sides_that_never_meet_are_e801_not_an_empty_report(tmp_path, capsys):
    path = tmp_path / "apart.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        w.writeheader()
        for k in range(4):
            w.writerow({"event_id_cnty": f"A{k}", "event_date": f"2021-02-0{k + 1}", "event_type": "Battles",
                        "sub_event_type": "Armed clash", "actor1": ISRAEL, "actor2": HAMAS, "fatalities": "0"})
            w.writerow({"event_id_cnty": f"B{k}", "event_date": f"2021-02-0{k + 1}", "event_type": "Battles",
                        "sub_event_type": "Armed clash", "actor1": "Islamic State (Syria)", "actor2": "Hezbollah",
                        "fatalities": "1"})
    rc, out, err = _run(capsys, "--acled", str(path), "--actor", "Israel", "--actor", "Islamic State")
    assert rc == 2 and "[E801]" in err and "no hostile act between" in err and out == ""
