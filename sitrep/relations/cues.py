"""The cue words of the relation finders, read from ``data/relation_cues.yaml``.

The file maps each word class a finder reads (``hostile_verbs``, ``member_words``, ...) to a
list of lower-case lemmas, and ``echelons`` to the size class of military units. It is read
once and checked: a missing or unknown class, or a class that is not a list of words, raises
:class:`~sitrep.errors.DataFileError` (E300 malformed, E301 unknown class).

Users extend it without editing the package: files of the same shape (``version: 1`` and a
``cues:`` mapping, but holding only the classes they add to) named in ``$SITREP_RELATION_CUES``
(several separated by ``os.pathsep``) add their words to the bundled classes, and their
``echelons`` entries to the bundled ones (replacing a unit word's size). The setting is read
when the finders are first imported, i.e. once per process.
"""
from __future__ import annotations

import functools
from pathlib import Path

from .. import settings
from ..datafiles import read_yaml_mapping
from ..errors import DataFileError

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "relation_cues.yaml"
WORD_CLASSES = (
    "former", "location_preps", "place_nouns", "object_control", "helping", "denial", "ending", "intent_verbs",
    "cancelling", "alongside",
    "participating", "weapon_nouns", "defeat_nouns", "hostile_nouns", "action_nouns", "series_nouns",
    "backing_verbs", "umbrella_nouns", "command_verbs", "supplies", "receiving", "giving", "company_nouns", "assist_verbs",
    "head_nouns", "state_leader_titles", "office_nouns", "subordinate_nouns", "role_nouns", "department_nouns", "non_state_words", "member_nouns",
    "leading", "founding_verbs",
    "joining_verbs", "part_nouns", "composing_verbs", "group_nouns", "member_words", "assigning_verbs",
    "hostile_verbs", "defeat_verbs", "standing_verbs", "one_act_nouns", "one_act_verbs", "reciprocal_verbs",
    "exchanged_nouns", "envoy_nouns",
    "at_war", "freeing_verbs", "expelling",
)


def _read(path: str | Path, partial: bool) -> dict:
    """The checked ``cues`` mapping of one file: every class (the bundled file) or any of them
    (a user's extension, ``partial``). Raises DataFileError E300/E301 as the module says."""
    path = Path(path)
    data = read_yaml_mapping(path, "relation cues")
    if data.get("version") != 1 or not isinstance(data.get("cues"), dict):
        raise DataFileError(f"{path}: expected 'version: 1' and a 'cues:' mapping", code="E300")
    raw = data["cues"]
    unknown = set(raw) - set(WORD_CLASSES) - {"echelons"}
    missing = set() if partial else (set(WORD_CLASSES) | {"echelons"}) - set(raw)
    if unknown or missing:
        raise DataFileError(f"{path}: unknown cue classes {sorted(unknown)}, missing {sorted(missing)}", code="E301")
    for name in set(raw) & set(WORD_CLASSES):
        words = raw[name]
        if not isinstance(words, list) or not all(isinstance(w, str) and w and w == w.lower() for w in words):
            raise DataFileError(f"{path}: cues.{name} must be a list of lower-case words", code="E300")
    echelons = raw.get("echelons", {})
    if not isinstance(echelons, dict) or not all(isinstance(k, str) and isinstance(v, int) for k, v in echelons.items()):
        raise DataFileError(f"{path}: cues.echelons must map unit words to whole numbers", code="E300")
    return raw


@functools.lru_cache(maxsize=8)
def load_cues(path: str | Path = BUNDLED, extra: tuple[str, ...] = ()) -> dict:
    """{class: frozenset of lemmas} for every word class, plus ``echelons``: {unit word: size},
    from the complete file ``path`` and the extension files ``extra`` (words added).

    Raises DataFileError E300 when a file cannot be read or a class is not a list of words,
    E301 when a class is unknown (or, in ``path``, missing)."""
    files = [(path, False), *((p, True) for p in extra)]
    out: dict = {name: frozenset() for name in WORD_CLASSES}
    out["echelons"] = {}
    for f, partial in files:
        raw = _read(f, partial)
        for name in set(raw) & set(WORD_CLASSES):
            out[name] = out[name] | frozenset(raw[name])
        out["echelons"] = {**out["echelons"], **raw.get("echelons", {})}
    return out


def cue(name: str):
    """One class of the cue words in use: the bundled file plus ``$SITREP_RELATION_CUES``
    (a frozenset; ``echelons`` is a dict)."""
    return load_cues(BUNDLED, tuple(settings.paths("SITREP_RELATION_CUES")))[name]
