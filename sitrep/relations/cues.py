"""The cue words of the relation finders, read from ``data/relation_cues.yaml``.

The file maps each word class a finder reads (``hostile_verbs``, ``member_words``, ...) to a
list of lower-case lemmas, and ``echelons`` to the size class of military units. It is read
once and checked: a missing or unknown class, or a class that is not a list of words, raises
:class:`~sitrep.errors.DataFileError` (E300 malformed, E301 unknown class). To teach the finders
a word, add it to its class in that file.
"""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

from ..errors import DataFileError

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "relation_cues.yaml"
WORD_CLASSES = (
    "former", "location_preps", "place_nouns", "object_control", "helping", "denial", "ending", "intent_verbs",
    "cancelling", "alongside",
    "participating", "weapon_nouns", "defeat_nouns", "hostile_nouns", "action_nouns", "series_nouns",
    "backing_verbs", "umbrella_nouns", "command_verbs", "supplies", "receiving", "giving", "company_nouns", "assist_verbs",
    "head_nouns", "state_leader_titles", "office_nouns", "subordinate_nouns", "department_nouns", "non_state_words", "member_nouns",
    "leading", "founding_verbs",
    "joining_verbs", "part_nouns", "composing_verbs", "group_nouns", "member_words", "assigning_verbs",
    "hostile_verbs", "defeat_verbs", "standing_verbs", "one_act_nouns", "one_act_verbs", "reciprocal_verbs",
    "exchanged_nouns", "envoy_nouns",
    "at_war", "freeing_verbs", "expelling",
)


@functools.lru_cache(maxsize=4)
def load_cues(path: str | Path = BUNDLED) -> dict:
    """{class: frozenset of lemmas} for every word class, plus ``echelons``: {unit word: size}.

    Raises DataFileError E300 when the file cannot be read or a class is not a list of words,
    E301 when a class is missing or unknown."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read relation cues: {exc}", code="E300") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: not valid YAML: {exc}", code="E300") from exc
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("cues"), dict):
        raise DataFileError(f"{path}: expected 'version: 1' and a 'cues:' mapping", code="E300")
    raw = data["cues"]
    unknown = set(raw) - set(WORD_CLASSES) - {"echelons"}
    missing = (set(WORD_CLASSES) | {"echelons"}) - set(raw)
    if unknown or missing:
        raise DataFileError(f"{path}: unknown cue classes {sorted(unknown)}, missing {sorted(missing)}", code="E301")
    out: dict = {}
    for name in WORD_CLASSES:
        words = raw[name]
        if not isinstance(words, list) or not all(isinstance(w, str) and w and w == w.lower() for w in words):
            raise DataFileError(f"{path}: cues.{name} must be a list of lower-case words", code="E300")
        out[name] = frozenset(words)
    echelons = raw["echelons"]
    if not isinstance(echelons, dict) or not all(isinstance(k, str) and isinstance(v, int) for k, v in echelons.items()):
        raise DataFileError(f"{path}: cues.echelons must map unit words to whole numbers", code="E300")
    out["echelons"] = dict(echelons)
    return out


def cue(name: str):
    """One class of the bundled cue words (a frozenset; ``echelons`` is a dict)."""
    return load_cues()[name]
