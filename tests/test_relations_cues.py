"""The relation finders' cue words are data (sitrep/data/relation_cues.yaml), loaded and checked."""
from __future__ import annotations

import pytest
import yaml

from sitrep.errors import DataFileError
from sitrep.relations.cues import BUNDLED, WORD_CLASSES, load_cues


def test_relations_cues_bundled_file_has_every_class():
    cues = load_cues()
    for name in WORD_CLASSES:
        assert cues[name], f"{name} is empty"
    assert cues["echelons"]["battalion"] < cues["echelons"]["regiment"] < cues["echelons"]["division"]


def test_relations_cues_subsets_are_consistent():
    cues = load_cues()
    assert cues["helping"] <= cues["object_control"]
    assert cues["ending"] <= cues["denial"]


def _write(tmp_path, cues: dict) -> str:
    path = tmp_path / "cues.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "cues": cues}), encoding="utf-8")
    return str(path)


def _bundled() -> dict:
    return yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["cues"]


@pytest.mark.parametrize("change,code", [
    (lambda c: c.pop("hostile_verbs"), "E301"),
    (lambda c: c.update(friendly_verbs=["hug"]), "E301"),
    (lambda c: c.update(hostile_verbs="fight"), "E300"),
    (lambda c: c.update(hostile_verbs=["Fight"]), "E300"),
    (lambda c: c.update(echelons=["battalion"]), "E300"),
])
def test_relations_cues_malformed_file_raises_coded_error(tmp_path, change, code):
    cues = _bundled()
    change(cues)
    with pytest.raises(DataFileError) as err:
        load_cues(_write(tmp_path, cues))
    assert err.value.code == code


def test_relations_cues_unreadable_file_raises_e300(tmp_path):
    path = tmp_path / "cues.yaml"
    path.write_text("cues: [unclosed", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_cues(str(path))
    assert err.value.code == "E300"


def _extension(tmp_path, cues: dict, name: str = "mine.yaml") -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"version": 1, "cues": cues}), encoding="utf-8")
    return str(path)


def test_relations_cues_extension_file_adds_words(tmp_path):
    ext = _extension(tmp_path, {"hostile_verbs": ["skirmish"], "echelons": {"flotilla": 5}})
    cues = load_cues(BUNDLED, (ext,))
    assert "skirmish" in cues["hostile_verbs"] and "fight" in cues["hostile_verbs"]
    assert cues["echelons"]["flotilla"] == 5 and cues["echelons"]["battalion"] == 3
    assert cues["member_words"] == load_cues()["member_words"]


def test_relations_cues_extension_through_the_setting(tmp_path, monkeypatch):
    from sitrep.relations.cues import cue
    monkeypatch.setenv("SITREP_RELATION_CUES", _extension(tmp_path, {"backing_verbs": ["bankroll", "shelter"]}))
    assert "shelter" in cue("backing_verbs")
    monkeypatch.delenv("SITREP_RELATION_CUES")
    assert "shelter" not in cue("backing_verbs")


@pytest.mark.parametrize("cues,code", [
    ({"friendly_verbs": ["hug"]}, "E301"),
    ({"hostile_verbs": "fight"}, "E300"),
    ({"echelons": {"flotilla": "big"}}, "E300"),
])
def test_relations_cues_bad_extension_raises_coded_error(tmp_path, cues, code):
    with pytest.raises(DataFileError) as err:
        load_cues(BUNDLED, (_extension(tmp_path, cues),))
    assert err.value.code == code
