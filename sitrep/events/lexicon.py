"""The trigger lexicon (``data/triggers.yaml``): event types with their codes, trigger rules,
stances (how announced and refused acts are coded), weapons and verb classes; loader with schema
checks and user extension files.

Errors: an unreadable or malformed file is ``E300``; a rule naming an unknown type or stance, a
code that is no CAMEO code, or a YAML boolean where a word belongs is ``E301``
(:class:`sitrep.errors.DataFileError`).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import settings
from ..datafiles import read_yaml_mapping
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
    needs_clause: bool = False  # takes a clause ("willing to …", "refused to …")
    needs_agent: bool = False  # its subject is a named party or an authority ("the court allowed …")
    needs_modal: frozenset[str] = frozenset()  # a modal of its clausal complement ("said X must …")
    under: frozenset[str] = frozenset()  # lemmas of which one governs the trigger ("lodged a protest")
    embeds: str | None = None  # a stance whose table refines the code by the act governed
    cameo: str | None = None  # a finer CAMEO code than the type's ("reject" -> 12)
    plover: str | None = None  # a PLOVER type other than the type's default

    @property
    def conditions(self) -> int:
        """How many conditions the rule sets: the more specific rule wins a word."""
        return sum(map(bool, (self.needs, self.needs_prep, self.needs_subject, self.needs_modal, self.under,
                              self.needs_clause, self.needs_agent, self.needs_owner, self.needs_hostile, self.needs_actor_object,
                              self.needs_person_object)))


@dataclass(frozen=True)
class Stance:
    """How an act is coded when it is only announced or refused (CAMEO 03, 12, 13): the event type,
    CAMEO and PLOVER codes the stance takes, the CAMEO roots (2 digits) of the acts it applies to
    and the finer code for an act of each root."""
    type: str
    cameo: str
    plover: str | None
    from_roots: frozenset[str]
    by_root: dict[str, str]

    def code_for(self, code: str | None) -> str:
        """The stance's code for an act of CAMEO ``code``: the entry for its longest prefix
        ("1723" -> "172", else "17"), else the stance's own code."""
        code = code or ""
        return next((self.by_root[code[:n]] for n in (4, 3, 2) if code[:n] in self.by_root), self.cameo)


@dataclass(frozen=True)
class Lexicon:
    types: dict[str, TypeInfo]
    rules: dict[str, tuple[Rule, ...]]  # by the rule's last lemma
    phrases: dict[str, tuple[Rule, ...]]  # two-word rules by their first lemma ("claim responsibility")
    weapons: dict[str, tuple[str, str]]  # lemma -> (weapon, implied type)
    stances: dict[str, Stance]  # intent, threat, refusal, appeal
    firing_verbs: frozenset[str]
    light_verbs: frozenset[str]
    speech: frozenset[str]
    intent: frozenset[str]
    hostile: frozenset[str]
    denial: frozenset[str]
    false_markers: frozenset[str]
    hedges: frozenset[str]
    rejection: frozenset[str] = frozenset()  # verbs of rejecting: triggers that put what they reject in doubt
    future_markers: frozenset[str] = frozenset()  # auxiliaries that make an act announced ("will")
    intent_heads: frozenset[str] = frozenset()  # verbs whose infinitive is a planned act ("plans to …")
    consent: frozenset[str] = frozenset()  # verbs whose negation is a refusal ("did not accept")
    authorities: frozenset[str] = frozenset()  # nouns naming a party that can act ("court", "government")

    def family(self, etype: str) -> str:
        return self.types[etype].family

    def code(self, rule: Rule) -> str:
        """The CAMEO code of what a rule codes: its own, else its type's."""
        return rule.cameo or self.types[rule.type].cameo

    def root(self, rule: Rule) -> str:
        """The CAMEO root (2 digits) of what a rule codes."""
        return self.code(rule)[:2]


CAMEO_CODE = re.compile(r"^(0[1-9]|1[0-9]|20)[0-9]{0,2}$")
POS = {"NOUN", "VERB", "ADJ"}
SETS = ("needs", "needs_prep", "needs_subject", "needs_modal", "under")
FLAGS = ("refine", "weak", "active_only", "past_only", "needs_owner", "needs_hostile", "needs_actor_object",
         "needs_person_object", "needs_clause", "needs_agent")


def _cameo(value, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, int) or not CAMEO_CODE.match(str(value)):
        raise DataFileError(f"{where}: {value!r} is no CAMEO code (a quoted string of 2-4 digits, root 01-20)",
                            code="E301")
    return str(value)


def _rule(raw: dict, types: dict, stances: dict, where: str) -> Rule:
    if raw.get("type") not in types:
        raise DataFileError(f"{where}: unknown event type {raw.get('type')!r}", code="E301")
    if not raw.get("lemma"):
        raise DataFileError(f"{where}: trigger without lemma", code="E300")
    pos = raw.get("pos") or ["NOUN", "VERB"]
    pos = [pos] if isinstance(pos, str) else pos
    if not set(pos) <= POS:
        raise DataFileError(f"{where}: pos {pos!r} is not among {sorted(POS)}", code="E301")
    for k in SETS:
        if any(isinstance(x, bool) for x in raw.get(k) or ()):
            raise DataFileError(f"{where}: {k} holds a YAML boolean (quote words like \"on\", \"no\")", code="E301")
    if raw.get("embeds") is not None and raw["embeds"] not in stances:
        raise DataFileError(f"{where}: unknown stance {raw['embeds']!r} (one of {sorted(stances)})", code="E301")
    sets = {k: frozenset(str(x).lower() for x in raw.get(k) or ()) for k in SETS}
    flags = {k: bool(raw.get(k)) for k in FLAGS}
    plover = str(raw["plover"]).upper() if raw.get("plover") is not None else None
    return Rule(lemmas=tuple(str(raw["lemma"]).lower().split()), pos=frozenset(pos), type=raw["type"],
                **sets, **flags, embeds=raw.get("embeds"), cameo=_cameo(raw.get("cameo"), where), plover=plover)


def _stance(name: str, raw: dict, types: dict, where: str) -> Stance:
    if not isinstance(raw, dict) or raw.get("type") not in types:
        raise DataFileError(f"{where}: stance {name}: unknown event type {raw.get('type') if isinstance(raw, dict) else raw!r}",
                            code="E301")
    by_root = {str(k): _cameo(v, f"{where}: stance {name}") for k, v in (raw.get("by_root") or {}).items()}
    return Stance(type=raw["type"], cameo=_cameo(raw.get("cameo"), f"{where}: stance {name}") or types[raw["type"]].cameo,
                  plover=str(raw["plover"]).upper() if raw.get("plover") else None,
                  from_roots=frozenset(str(r) for r in raw.get("from_roots") or ()), by_root=by_root)


def _type_info(raw: dict) -> TypeInfo:
    acled = raw.get("acled")
    plover = raw.get("plover") or [None, None]
    return TypeInfo(family=raw["family"], cameo=str(raw["cameo"]),
                    acled=AcledType(*acled) if acled else None, plover=plover[0], plover_mode=plover[1])


def read_lexicon_file(path: str | Path) -> dict:
    return read_yaml_mapping(path, "trigger lexicon", "a mapping (types, triggers, weapons…)")


def build_lexicon(datas: Sequence[tuple[str, dict]]) -> Lexicon:
    types: dict[str, TypeInfo] = {}
    raw_rules: list[tuple[str, dict]] = []
    raw_stances: list[tuple[str, str, dict]] = []
    weapons: dict[str, tuple[str, str]] = {}
    sets: dict[str, set[str]] = {k: set() for k in ("firing_verbs", "light_verbs", "speech", "intent", "hostile",
                                                     "denial", "false_markers", "hedges", "rejection",
                                                     "future_markers", "intent_heads", "consent", "authorities")}
    for path, data in datas:
        for name, raw in (data.get("types") or {}).items():
            try:
                types[name] = _type_info(raw)
            except (KeyError, TypeError) as exc:
                raise DataFileError(f"{path}: type {name}: {exc}", code="E300") from exc
        raw_stances += [(str(path), name, raw) for name, raw in (data.get("stances") or {}).items()]
        raw_rules += [(f"{path}: trigger {i + 1}", r) for i, r in enumerate(data.get("triggers") or [])]
        for lemma, raw in (data.get("weapons") or {}).items():
            weapons[str(lemma).lower()] = (raw["weapon"], raw["type"])
        for k in sets:
            sets[k] |= {str(x).lower() for x in data.get(k) or ()}
    stances = {name: _stance(name, raw, types, path) for path, name, raw in raw_stances}
    rules: dict[str, list[Rule]] = {}
    for where, raw in raw_rules:
        if not isinstance(raw, dict):
            raise DataFileError(f"{where}: a trigger is a mapping (lemma, pos, type…)", code="E300")
        r = _rule(raw, types, stances, where)
        rules.setdefault(r.lemmas[-1], []).append(r)
    phrases: dict[str, list[Rule]] = {}
    for rs in rules.values():
        for r in rs:
            if len(r.lemmas) == 2:
                phrases.setdefault(r.lemmas[0], []).append(r)
    return Lexicon(types=types, rules={k: tuple(v) for k, v in rules.items()},
                   phrases={k: tuple(v) for k, v in phrases.items()}, weapons=weapons, stances=stances,
                   **{k: frozenset(v) for k, v in sets.items()})


@functools.lru_cache(maxsize=4)
def _load(files: tuple[str, ...]) -> Lexicon:
    paths = [str(BUNDLED), *files]
    return build_lexicon([(p, read_lexicon_file(p)) for p in paths])


def load_lexicon(extra_files: Sequence[str | Path] = ()) -> Lexicon:
    env = settings.paths("SITREP_TRIGGERS")
    return _load(tuple(str(f) for f in (*extra_files, *env)))
