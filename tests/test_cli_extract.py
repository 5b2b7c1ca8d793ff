"""`sitrep extract`: inputs (text, directory, JSONL, HTML, stdin), formats, article ids,
--published, failures and exit codes, --workers (issue 2)."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

import sitrep.pipeline  # noqa: F401 - imported before any test swaps sys.stderr, as in a long-lived process
from sitrep.cli import main
from sitrep.ingest import article_id_for

pytestmark = pytest.mark.slow

ROCKETS = "Kataib Hezbollah fighters fired rockets at a US base in Syria on Monday.\n"
HEADED = ("Title: Militia rockets hit base\n"
          "Source: Example Wire\n"
          "Published: 2021-07-05\n"
          "ID: wire-7781\n"
          "\n"
          "Kataib Hezbollah fighters fired rockets at a US base in Syria on Monday.\n")
STRIKE = ("US aircraft carried out an air strike on a Kataib Hezbollah weapons depot near al-Qaim on Sunday, "
          "killing 25 militia members.\n")
HTML = ("<!doctype html><html><head><title>Embassy stormed in Baghdad</title>"
        "<meta property=\"article:published_time\" content=\"2019-12-31T10:00:00Z\"></head>"
        "<body><nav>Home | World | Middle East</nav><article><h1>Embassy stormed in Baghdad</h1>"
        "<p>Angry demonstrators stormed the US embassy in Baghdad on Tuesday.</p>"
        "<p>Iraqi police fired tear gas at the crowd.</p></article>"
        "<footer>Subscribe to our newsletter</footer></body></html>")
JSONL_LINES = [
    {"id": "wire-1", "title": "Rockets", "text": ROCKETS.strip(), "published": "2024-02-10"},
    {"title": "Strike", "body": STRIKE.strip(), "date": "2019-12-30"},
]


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The real command in a fresh process (stdout, stderr and exit code as a user sees them)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("SITREP_GAZETTEER", None)
    return subprocess.run([sys.executable, "-m", "sitrep.cli", "extract", *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=300)


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def corpus(tmp_path):
    """A directory of two good articles, a README and a hidden file."""
    d = tmp_path / "corpus"
    d.mkdir()
    _write(d / "b-strike.txt", STRIKE)
    _write(d / "a-rockets.txt", ROCKETS)
    _write(d / "README.md", "# Notes\n\nThese are test articles about Iraq.\n")
    _write(d / ".draft.txt", "Kataib Hezbollah fired rockets at Erbil airport on Tuesday.\n")
    return d


# --- in process: stdout only ---------------------------------------------------------------------

def test_cli_extract_text_file_json_object(tmp_path, capsys):
    path = _write(tmp_path / "rockets.txt", ROCKETS)
    assert main(["extract", path, "--published", "2024-02-10"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert isinstance(doc, dict) and doc["format"] == "sitrep/1"
    assert doc["article"] == {"id": "rockets", "title": None, "source": None, "url": None,
                              "published": "2024-02-10", "language": "en"}
    assert [e["type"] for e in doc["events"]] == ["shelling"]
    ev = doc["events"][0]
    assert ev["date"]["start"] == "2024-02-05"
    assert ev["acled"] == {"event_type": "Explosions/Remote violence",
                           "sub_event_type": "Shelling/artillery/missile attack"}
    kh = next(a for a in doc["actors"] if a["id"] == "kataib-hezbollah")
    s, e = kh["mentions"][0]
    assert ROCKETS[s:e] == "Kataib Hezbollah"
    assert {"actors", "events", "relations"} <= set(doc)


def test_cli_extract_header_block_sets_id_and_metadata(tmp_path, capsys):
    path = _write(tmp_path / "file-name.txt", HEADED)
    assert main(["extract", path, "--published", "2024-02-10"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["article"]["id"] == "wire-7781"
    assert doc["article"]["title"] == "Militia rockets hit base"
    assert doc["article"]["source"] == "Example Wire"
    assert doc["article"]["published"] == "2021-07-05"  # the article's own date beats --published
    ev = doc["events"][0]
    assert ev["date"]["start"] == "2021-07-05"  # "on Monday" from a Monday publication date
    body = HEADED.split("\n\n", 1)[1]
    assert ev["evidence"][0]["text"] == body[ev["evidence"][0]["start"]:ev["evidence"][0]["end"]]


def test_cli_extract_published_option_resolves_relative_dates(tmp_path, capsys):
    path = _write(tmp_path / "r.txt", ROCKETS)
    main(["extract", path, "--published", "2020-01-08"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["article"]["published"] == "2020-01-08"
    assert doc["events"][0]["date"]["start"] == "2020-01-06"


def test_cli_extract_directory_json_list(corpus, capsys):
    assert main(["extract", str(corpus), "--published", "2024-02-10"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert isinstance(docs, list)
    assert [d["article"]["id"] for d in docs] == ["a-rockets", "b-strike"]  # sorted; README, hidden skipped
    assert [e["type"] for e in docs[1]["events"]] == ["air_strike"]
    assert docs[1]["events"][0]["fatalities"] == 25


def test_cli_extract_jsonl_input_and_output(tmp_path, capsys):
    path = _write(tmp_path / "wire.jsonl", "\n".join(json.dumps(r) for r in JSONL_LINES) + "\n")
    assert main(["extract", path, "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["article"]["id"] == "wire-1" and first["article"]["title"] == "Rockets"
    assert second["article"]["id"] == article_id_for(STRIKE.strip())
    assert second["article"]["published"] == "2019-12-30"
    assert second["events"][0]["date"]["start"] == "2019-12-29"


def test_cli_extract_html_input(tmp_path, capsys):
    path = _write(tmp_path / "embassy.html", HTML)
    assert main(["extract", path]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["article"]["id"] == "embassy"
    assert doc["article"]["title"] == "Embassy stormed in Baghdad"
    assert doc["article"]["published"] == "2019-12-31"
    types = [e["type"] for e in doc["events"]]
    assert "riot" in types and "repression" in types
    riot = next(e for e in doc["events"] if e["type"] == "riot")
    assert riot["date"]["start"] == "2019-12-31"
    assert "Subscribe" not in json.dumps(doc) and "Home | World" not in json.dumps(doc)


def test_cli_extract_table_format(corpus, capsys):
    assert main(["extract", str(corpus), "--format", "table", "--published", "2024-02-10"]) == 0
    out = capsys.readouterr().out
    assert "== a-rockets" in out and "== b-strike" in out
    rows = [line for line in out.splitlines() if line.startswith("e1 ")]
    assert len(rows) == 2
    assert "shelling" in rows[0] and "Kataib Hezbollah" in rows[0] and "2024-02-05" in rows[0]
    assert "air_strike" in rows[1] and " 25 " in rows[1]


def test_cli_extract_gazetteer_option(tmp_path, capsys):
    gz = _write(tmp_path / "mine.yaml", "actors:\n  - {id: liberation-companies, name: Liberation Companies, "
                                        "type: armed_group, country: IQ, aliases: [Saraya al-Tahrir]}\n")
    path = _write(tmp_path / "t.txt", "Saraya al-Tahrir fired rockets at a US base in Syria on Monday.\n")
    assert main(["extract", path, "--gazetteer", gz]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert "liberation-companies" in {a["id"] for a in doc["actors"]}
    assert doc["events"][0]["actors"] == ["liberation-companies"]


def test_cli_extract_unknown_format_is_rejected(tmp_path, capsys):
    path = _write(tmp_path / "r.txt", ROCKETS)
    with pytest.raises(SystemExit) as info:
        main(["extract", path, "--format", "xml"])
    assert info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_cli_extract_bad_published_exit_2(tmp_path, capsys):
    path = _write(tmp_path / "r.txt", ROCKETS)
    assert main(["extract", path, "--published", "yesterday"]) == 2
    assert "E201" in capsys.readouterr().err


def test_cli_extract_in_process_failures_go_to_current_stderr(tmp_path, monkeypatch, capsys):
    empty = _write(tmp_path / "empty.txt", "")
    good = _write(tmp_path / "good.txt", ROCKETS)
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["extract", empty, good, "--format", "jsonl"]) == 1
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert "empty.txt" in err.getvalue()


# --- the real command: stdin, stderr, exit codes, workers ---------------------------------------------

def test_cli_extract_stdin(tmp_path):
    proc = _cli("-", "--format", "jsonl", "--published", "2024-02-10", stdin=ROCKETS)
    assert proc.returncode == 0, proc.stderr
    (line,) = proc.stdout.splitlines()
    doc = json.loads(line)
    assert doc["article"]["id"] == article_id_for(ROCKETS)
    assert doc["article"]["published"] == "2024-02-10"
    assert [e["type"] for e in doc["events"]] == ["shelling"]


def test_cli_extract_bad_inputs_reported_others_printed(corpus, tmp_path):
    empty = _write(tmp_path / "empty.txt", "  \n")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    missing = str(tmp_path / "nowhere.txt")
    proc = _cli(empty, str(corpus), str(binary), missing, "--published", "2024-02-10")
    assert proc.returncode == 1
    docs = json.loads(proc.stdout)
    assert [d["article"]["id"] for d in docs] == ["a-rockets", "b-strike"]
    err = proc.stderr
    for name, code in (("empty.txt", "E101"), ("scan.txt", "E102"), ("nowhere.txt", "E106")):
        line = next((x for x in err.splitlines() if name in x), "")
        assert code in line, err
    assert "3 input(s) failed, 2 extracted" in err


def test_cli_extract_bad_jsonl_line_skipped(tmp_path):
    lines = [json.dumps(JSONL_LINES[0]), "{not json", json.dumps({"id": "no-text", "title": "x"}),
             json.dumps(JSONL_LINES[1])]
    path = _write(tmp_path / "mixed.jsonl", "\n".join(lines) + "\n")
    proc = _cli(path, "--format", "jsonl")
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 2
    assert "mixed.jsonl:line 2" in proc.stderr and "mixed.jsonl:line 3" in proc.stderr
    assert "E104" in proc.stderr


def test_cli_extract_all_good_exit_zero_quiet_stderr(corpus):
    proc = _cli(str(corpus), "--format", "jsonl")
    # Only the files the folder walk skipped are named (issue 10: say what was skipped and why).
    assert proc.returncode == 0
    assert all("[W103]" in line and "skipped" in line for line in proc.stderr.splitlines())
    assert len(proc.stdout.splitlines()) == 2


def test_cli_extract_workers_two_same_as_one(corpus, tmp_path):
    for i in range(3):
        _write(corpus / f"c-{i}.txt", [HEADED, STRIKE, ROCKETS][i].replace("Monday", ["Tuesday", "Sunday", "Friday"][i]))
    one = _cli(str(corpus), "--published", "2024-02-10", "--workers", "1")
    two = _cli(str(corpus), "--published", "2024-02-10", "--workers", "2")
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout == two.stdout
    assert len(json.loads(two.stdout)) == 5


def test_cli_extract_duplicate_ids_get_suffix(tmp_path):
    for sub, text in (("monday", ROCKETS), ("sunday", STRIKE)):
        (tmp_path / sub).mkdir()
        _write(tmp_path / sub / "report.txt", text)
    proc = _cli(str(tmp_path / "monday"), str(tmp_path / "sunday"), "--format", "jsonl")
    assert proc.returncode == 0
    ids = [json.loads(x)["article"]["id"] for x in proc.stdout.splitlines()]
    assert ids[0] == "report" and ids[1].startswith("report-") and len(set(ids)) == 2
    assert "W102" in proc.stderr
