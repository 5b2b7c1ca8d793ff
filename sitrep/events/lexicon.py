"""The trigger lexicon (``data/triggers.yaml``): event types with their codes, trigger rules,
weapons and verb classes; loader with schema checks and user extension files.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import settings
from ..errors import DataFileError
from ..records import AcledType

DATA = Path(__file__).resolve().parent.parent / "data"
BUNDLED = DATA / "triggers.yaml"


@dataclass(frozen=True)
class TypeInfo:
    family: str
    cameo: str
    acled: AcledType | None
    plover: str | None
    plover_mode: str | None


@dataclass(frozen=True)
class Rule:
    lemmas: tuple[str, ...]
    pos: frozenset[str]
    type: str
    needs: frozenset[str] = frozenset()
    needs_prep: frozenset[str] = frozenset()
    needs_subject: frozenset[str] = frozenset()
    refine: bool = False
    weak: bool = False
    active_only: bool = False
    past_only: bool = False
    needs_owner: bool = False
    needs_hostile: bool = False
    needs_actor_object: bool = False
    needs_person_object: bool = False
    cameo: str | None = None  # a finer CAMEO code than the type's ("reject" -> 12)
    plover: str | None = None  # a PLOVER type other than the type's default


@dataclass(frozen=True)
class Lexicon:
    types: dict[str, TypeInfo]
    rules: dict[str, tuple[Rule, ...]]  # by the rule's last lemma
    phrases: dict[str, tuple[Rule, ...]]  # two-word rules by their first lemma ("claim responsibility")
    weapons: dict[str, tuple[str, str]]  # lemma -> (weapon, implied type)
    firing_verbs: frozenset[str]
    light_verbs: frozenset[str]
    speech: frozenset[str]
    intent: frozenset[str]
    hostile: frozenset[str]
    denial: frozenset[str]
    false_markers: frozenset[str]
    hedges: frozenset[str]

    def family(self, etype: str) -> str:
        return self.types[etype].family


def _rule(raw: dict, types: dict, where: str) -> Rule:
    if raw.get("type") not in types:
        raise DataFileError(f"{where}: unknown event type {raw.get('type')!r}", code="E301")
    if not raw.get("lemma"):
        raise DataFileError(f"{where}: trigger without lemma", code="E300")
    pos = raw.get("pos") or ["NOUN", "VERB"]
    pos = [pos] if isinstance(pos, str) else pos
    for k in ("needs", "needs_prep", "needs_subject"):
        if any(isinstance(x, bool) for x in raw.get(k) or ()):
            raise DataFileError(f"{where}: {k} holds a YAML boolean (quote words like \"on\", \"no\")", code="E301")
    sets = {k: frozenset(str(x).lower() for x in raw.get(k) or ()) for k in ("needs", "needs_prep", "needs_subject")}
    flags = {k: bool(raw.get(k)) for k in ("refine", "weak", "active_only", "past_only", "needs_owner",
                                              "needs_hostile", "needs_actor_object", "needs_person_object")}
    codes = {k: (str(raw[k]) if raw.get(k) is not None else None) for k in ("cameo", "plover")}
    return Rule(lemmas=tuple(str(raw["lemma"]).lower().split()), pos=frozenset(pos), type=raw["type"],
                **sets, **flags, **codes)


def _type_info(raw: dict) -> TypeInfo:
    acled = raw.get("acled")
    plover = raw.get("plover") or [None, None]
    return TypeInfo(family=raw["family"], cameo=str(raw["cameo"]),
                    acled=AcledType(*acled) if acled else None, plover=plover[0], plover_mode=plover[1])


def read_lexicon_file(path: str | Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot read trigger lexicon: {exc}", code="E300") from exc
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: a trigger lexicon is a mapping (types, triggers, weapons…)", code="E300")
    return data


def build_lexicon(datas: Sequence[tuple[str, dict]]) -> Lexicon:
    types: dict[str, TypeInfo] = {}
    raw_rules: list[tuple[str, dict]] = []
    weapons: dict[str, tuple[str, str]] = {}
    sets: dict[str, set[str]] = {k: set() for k in ("firing_verbs", "light_verbs", "speech", "intent", "hostile",
                                                     "denial", "false_markers", "hedges")}
    for path, data in datas:
        for name, raw in (data.get("types") or {}).items():
            try:
                types[name] = _type_info(raw)
            except (KeyError, TypeError) as exc:
                raise DataFileError(f"{path}: type {name}: {exc}", code="E300") from exc
        raw_rules += [(f"{path}: trigger {i + 1}", r) for i, r in enumerate(data.get("triggers") or [])]
        for lemma, raw in (data.get("weapons") or {}).items():
            weapons[str(lemma).lower()] = (raw["weapon"], raw["type"])
        for k in sets:
            sets[k] |= {str(x).lower() for x in data.get(k) or ()}
    rules: dict[str, list[Rule]] = {}
    for where, raw in raw_rules:
        r = _rule(raw, types, where)
        rules.setdefault(r.lemmas[-1], []).append(r)
    phrases: dict[str, list[Rule]] = {}
    for rs in rules.values():
        for r in rs:
            if len(r.lemmas) == 2:
                phrases.setdefault(r.lemmas[0], []).append(r)
    return Lexicon(types=types, rules={k: tuple(v) for k, v in rules.items()},
                   phrases={k: tuple(v) for k, v in phrases.items()}, weapons=weapons,
                   **{k: frozenset(v) for k, v in sets.items()})


@functools.lru_cache(maxsize=4)
def _load(files: tuple[str, ...]) -> Lexicon:
    paths = [str(BUNDLED), *files]
    return build_lexicon([(p, read_lexicon_file(p)) for p in paths])


def load_lexicon(extra_files: Sequence[str | Path] = ()) -> Lexicon:
    env = settings.paths("SITREP_TRIGGERS")
    return _load(tuple(str(f) for f in (*extra_files, *env)))
