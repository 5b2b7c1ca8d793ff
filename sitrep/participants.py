"""Generic participants: people an event names only by what they are.

"Ten soldiers were killed", "gunmen opened fire", "two shepherds were wounded": no name, but
the kind of person decides how the event is coded (ACLED: an attack on soldiers or police is
a battle, on shepherds violence against civilians) and who an analyst counts. Each kind of
the lexicon (``data/participants.yaml``) becomes one actor per country, named as ACLED names
such actors ("Military Forces of Iraq", "Civilians (Iraq)", "Unidentified Armed Group
(Iraq)"); where the gazetteer knows the country's own forces ("Iraqi Army"), those are used.

The lexicon is data: kinds with their actor type, name pattern and nouns. Users add nouns or
kinds with files of the same shape named in ``$SITREP_PARTICIPANTS``.

Errors: an unreadable or malformed lexicon file raises :class:`~sitrep.errors.DataFileError`
(``E300``; ``E301`` for an unknown actor type), naming the file and the kind.
"""
from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from . import settings
from .datafiles import read_yaml_mapping
from .errors import DataFileError
from .records import ACTOR_TYPES, Actor

BUNDLED = Path(__file__).resolve().parent / "data" / "participants.yaml"
NAME_MODIFIERS = ("amod", "compound", "nmod")
POINTING = {"the", "these", "those", "this", "that"}


@dataclass(frozen=True)
class ParticipantKind:
    """One kind of generic participant (``key``: military, police, civilians, armed_group …)."""
    key: str
    type: str
    name: str
    nouns: frozenset[str]
    modified: frozenset[tuple[str, str]]  # (modifier, noun) pairs: ("armed", "man")
    national: tuple[str, ...] = ()
    listed: bool = True  # reported as a party of its events (civilians are not: see the data file)


@dataclass(frozen=True)
class People:
    """A people with armed forces of its own, which differ by country ("Kurdish forces": in Iraq
    the Peshmerga, in Syria the SDF).  ``words``: lower-case adjectives and names of the people;
    ``forces``: gazetteer actor id by ISO 3166-1 alpha-2 code of the country the story is in."""
    key: str
    words: frozenset[str]
    forces: dict[str, str]


@dataclass(frozen=True)
class ParticipantLexicon:
    kinds: dict[str, ParticipantKind]
    peoples: dict[str, People] = field(default_factory=dict)
    armed_nouns: frozenset[str] = frozenset()  # head nouns a people's word makes its forces ("force", "unit")
    facilities: frozenset[str] = frozenset()  # things a kind's noun before them says who owns ("police station")

    def is_facility(self, token) -> bool:
        """A thing a participant's noun before it names the owner of ("police station", "army
        convoy"): the attack on it is an attack on them."""
        return _base(token) in self.facilities

    @functools.cached_property
    def _people_by_word(self) -> dict[str, People]:
        return {w: p for p in self.peoples.values() for w in p.words}

    def people_of(self, token) -> People | None:
        """The people whose word modifies ``token`` when ``token`` names armed men ("Kurdish
        forces", "Kurdish fighters", "Kurdish security forces"); None otherwise."""
        if not self.peoples or token.pos_ not in ("NOUN", "PROPN"):
            return None
        kind = self.kind_of(token)
        if _base(token) not in self.armed_nouns and (kind is None or kind.key not in ("military", "armed_group")):
            return None
        for c in token.children:
            if c.dep_ in NAME_MODIFIERS and c.i < token.i:
                hit = self._people_by_word.get(c.lower_)
                if hit is not None:
                    return hit
        return None

    @functools.cached_property
    def _by_noun(self) -> dict[str, ParticipantKind]:
        return {n: k for k in self.kinds.values() for n in k.nouns}

    @functools.cached_property
    def _by_pair(self) -> dict[tuple[str, str], ParticipantKind]:
        return {p: k for k in self.kinds.values() for p in k.modified}

    def kind_of(self, token) -> ParticipantKind | None:
        """The kind a noun phrase headed by ``token`` names, or None ("armed men" -> armed_group,
        "police officers" -> police, "villagers" -> civilians)."""
        if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return None
        noun = _base(token)
        for c in token.children:
            if c.dep_ in NAME_MODIFIERS and c.i < token.i:
                hit = self._by_pair.get((c.lemma_.lower(), noun)) or self._by_pair.get((c.lower_, noun))
                if hit is not None:
                    return hit
        kind = self._by_noun.get(noun)
        if kind is not None and kind.type == "civilians" and "armed_group" in self.kinds and \
                any(c.dep_ == "amod" and c.lower_ in ("armed", "masked", "gun-toting") for c in token.children):
            return self.kinds["armed_group"]  # "armed herders", "masked men": men bearing arms
        if kind is not None and kind.type == "state_military" and former(token) and "civilians" in self.kinds:
            return self.kinds["civilians"]  # "a former soldier", "a retired police officer": no longer armed
        return kind


FORMER = {"former", "retired", "ex", "ex-", "onetime", "erstwhile"}


def former(token) -> bool:
    """A noun said of someone who no longer is it ("a former soldier", "an ex-policeman")."""
    return any(c.dep_ in ("amod", "compound", "advmod") and c.lower_ in FORMER for c in token.children) or \
        token.lower_.startswith("ex-")


def _base(token) -> str:
    """A noun's base form, also when the tagger took a capitalised plural for a name."""
    lemma = token.lemma_.lower()
    low = token.lower_
    if low.endswith("men") and lemma == low:  # "Gunmen" tagged as a name after a colon
        return low[:-3] + "man"
    if token.pos_ == "PROPN" and lemma.endswith("s") and not lemma.endswith("ss"):
        return lemma[:-1]
    return {"people": "people", "children": "child"}.get(low, lemma)


def _kind(key: str, raw: dict, where: str) -> ParticipantKind:
    if not isinstance(raw, dict):
        raise DataFileError(f"{where}: kind {key!r} must be a mapping", code="E300")
    if raw.get("type") not in ACTOR_TYPES:
        raise DataFileError(f"{where}: kind {key!r}: unknown actor type {raw.get('type')!r}", code="E301")
    if not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise DataFileError(f"{where}: kind {key!r} has no name", code="E300")
    pairs = set()
    for phrase in raw.get("modified") or ():
        words = str(phrase).lower().split()
        if len(words) != 2:
            raise DataFileError(f"{where}: kind {key!r}: 'modified' entries are two words, not {phrase!r}",
                                code="E300")
        pairs.add((words[0], words[1][:-1] if words[1] == "men" else words[1]))
        if words[1] == "men":
            pairs.add((words[0], "man"))
    return ParticipantKind(key=key, type=raw["type"], name=raw["name"],
                           nouns=frozenset(str(n).lower() for n in raw.get("nouns") or ()),
                           modified=frozenset(pairs), national=tuple(str(x).lower() for x in raw.get("national") or ()),
                           listed=bool(raw.get("listed", True)))


def read_participant_file(path: str | Path) -> dict[str, ParticipantKind]:
    """The kinds of one lexicon file, checked."""
    return _read_file(path)[0]


def _people(key: str, raw: object, where: str) -> People:
    if not isinstance(raw, dict) or not isinstance(raw.get("words"), list) or not isinstance(raw.get("forces"), dict):
        raise DataFileError(f"{where}: people {key!r} must be a mapping with 'words:' (a list) and 'forces:' "
                            "(country code: actor id)", code="E300")
    forces = {}
    for cc, actor_id in raw["forces"].items():
        if not (isinstance(cc, str) and len(cc) == 2 and cc.isupper()) or not isinstance(actor_id, str):
            raise DataFileError(f"{where}: people {key!r}: forces are 'CC: actor-id' pairs, not {cc!r}: {actor_id!r}",
                                code="E300")
        forces[cc] = actor_id
    return People(key=key, words=frozenset(str(w).lower() for w in raw["words"]), forces=forces)


def _read_file(path: str | Path) -> tuple[dict[str, ParticipantKind], dict[str, People], frozenset[str],
                                          frozenset[str]]:
    """Kinds, peoples, armed nouns and facilities of one lexicon file, checked."""
    data = read_yaml_mapping(path, "participant lexicon", "a mapping with 'kinds:'")
    if not isinstance(data.get("kinds"), dict):
        raise DataFileError(f"{path}: a participant lexicon is a mapping with 'kinds:'", code="E300")
    peoples = data.get("peoples") or {}
    if not isinstance(peoples, dict):
        raise DataFileError(f"{path}: 'peoples:' must be a mapping of people to words and forces", code="E300")
    lists = {}
    for key in ("armed_nouns", "facilities"):
        nouns = data.get(key) or []
        if not isinstance(nouns, list):
            raise DataFileError(f"{path}: '{key}:' must be a list of nouns", code="E300")
        lists[key] = frozenset(str(n).lower() for n in nouns)
    return ({str(k): _kind(str(k), v, str(path)) for k, v in data["kinds"].items()},
            {str(k): _people(str(k), v, str(path)) for k, v in peoples.items()},
            lists["armed_nouns"], lists["facilities"])


def build_participants(files: Sequence[str | Path]) -> ParticipantLexicon:
    """Kinds of the files in order; a later kind of the same key adds its nouns to the earlier."""
    kinds: dict[str, ParticipantKind] = {}
    peoples: dict[str, People] = {}
    armed: frozenset[str] = frozenset()
    facilities: frozenset[str] = frozenset()
    for path in files:
        file_kinds, file_peoples, file_armed, file_facilities = _read_file(path)
        armed |= file_armed
        facilities |= file_facilities
        for key, p in file_peoples.items():
            old_p = peoples.get(key)
            peoples[key] = p if old_p is None else People(key, old_p.words | p.words, {**old_p.forces, **p.forces})
        for key, k in file_kinds.items():
            old = kinds.get(key)
            if old is not None:
                k = ParticipantKind(key=key, type=k.type, name=k.name, nouns=old.nouns | k.nouns,
                                    modified=old.modified | k.modified, national=k.national or old.national,
                                    listed=k.listed and old.listed)
            kinds[key] = k
    return ParticipantLexicon(kinds=kinds, peoples=peoples, armed_nouns=armed, facilities=facilities)


@functools.lru_cache(maxsize=4)
def _load(files: tuple[str, ...]) -> ParticipantLexicon:
    return build_participants([str(BUNDLED), *files])


def load_participants(extra_files: Sequence[str | Path] = ()) -> ParticipantLexicon:
    """The bundled lexicon plus ``extra_files`` and ``$SITREP_PARTICIPANTS`` (loaded once per
    combination; the hot path with no extra files is one environment read and a dict lookup)."""
    if not extra_files:
        env = os.environ.get("SITREP_PARTICIPANTS", "")
        found = _BY_ENV.get(env)
        if found is None:
            found = _BY_ENV[env] = _load(tuple(settings.paths("SITREP_PARTICIPANTS")))
        return found
    env_files = settings.paths("SITREP_PARTICIPANTS")
    return _load(tuple(str(f) for f in (*extra_files, *env_files)))


_BY_ENV: dict[str, ParticipantLexicon] = {}


@functools.lru_cache(maxsize=1)
def _acled_country_names() -> dict[str, str]:
    """Country names as ACLED writes them where they differ from ISO's (``codes.yaml``)."""
    data = read_yaml_mapping(Path(__file__).resolve().parent / "data" / "codes.yaml", "export code tables")
    return {str(k): str(v) for k, v in (data.get("country_names") or {}).items()}


@functools.lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """A country's short English name, as ACLED writes it, from its ISO 3166-1 alpha-2 code
    ("IQ" -> "Iraq", "CD" -> "Democratic Republic of Congo")."""
    if code in _acled_country_names():
        return _acled_country_names()[code]
    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        return code
    return getattr(c, "common_name", None) or c.name.split(",")[0]


def _country_of(token, actors) -> str | None:
    """The country of a participant: a nationality word before the noun ("Afghan villagers"),
    else the country of the article's places, else of the state it is mostly about."""
    for c in token.children:
        if c.dep_ in NAME_MODIFIERS:
            for m in actors.at(c.idx, c.idx + len(c.text)):
                e = actors.gazetteer.get(m.actor_id)
                if e is not None and e.country and (m.kind == "demonym" or e.type == "state"):
                    return e.country  # "Afghan villagers", "Iraq security forces"
    if actors.country_hint:
        return actors.country_hint
    state = actors.main_state()
    e = actors.gazetteer.get(state) if state else None
    return e.country if e is not None else None


def _national(kind: ParticipantKind, country: str | None, actors) -> str | None:
    """The gazetteer's own forces of the country for this kind ("Iraqi Army" for soldiers)."""
    if not kind.national or not country:
        return None
    for e in actors.gazetteer.entries.values():
        if e.type == "state_military" and e.country == country and any(w in e.name.lower() for w in kind.national):
            return e.id
    return None


def _span(token) -> tuple[int, int]:
    """The noun phrase up to its head ("two unarmed shepherds"), without what follows it."""
    start = min(t.idx for t in token.subtree if t.i <= token.i)
    return start, token.idx + len(token.text)


def participant(token, actors, lexicon: ParticipantLexicon) -> list[str]:
    """Actor ids for a generic noun phrase headed by ``token``; [] when it names no participant.

    A pointing phrase of an armed kind ("the gunmen", "these militants") stands for the armed
    group named just before it, when there is one. The actor is added to ``actors`` (an
    :class:`sitrep.actors.ArticleActors`) with a mention over the noun phrase."""
    forces = _people_forces(token, actors, lexicon)
    if forces is not None:
        return [forces]
    kind = lexicon.kind_of(token)
    if kind is None:
        return []
    start, end = _span(token)
    if kind.key == "armed_group" and any(c.dep_ == "det" and c.lower_ in POINTING for c in token.children):
        m = actors.before(start, ("armed_group",), limit=600)
        if m is not None:
            return [m.actor_id]
    country = _country_of(token, actors)
    actor_id = _national(kind, country, actors)
    if actor_id is None:
        name = kind.name.format(country=country_name(country)) if country else \
            kind.name.split(" (")[0].replace(" of {country}", "")
        actor_id = _slug(f"{kind.key}-{country or 'xx'}")
        if actor_id not in actors.created:
            actors.created[actor_id] = Actor(id=actor_id, name=name, type=kind.type, country=country, known=False)
    actors.ground(start, end, actor_id, "participant")
    return [actor_id]


def _people_forces(token, actors, lexicon: ParticipantLexicon) -> str | None:
    """The forces a people's word names in the story's country ("Kurdish forces" in an Iraqi
    story: the Peshmerga), with a mention over the noun phrase; None when the phrase names no
    people's forces, the country is unknown, or the people has no forces listed there."""
    people = lexicon.people_of(token)
    if people is None:
        return None
    country = _country_of(token, actors)
    actor_id = people.forces.get(country or "")
    if actor_id is None or actors.gazetteer.get(actor_id) is None:
        return None
    start, end = _span(token)
    actors.ground(start, end, actor_id, "participant")
    return actor_id


def unlisted(actor_id: str, lexicon: ParticipantLexicon | None = None) -> bool:
    """Whether an actor id is a participant of a kind that is not reported as a party
    ("civilians-iq"): it types its events but is left out of their actors and targets."""
    key, _, cc = actor_id.rpartition("-")
    if len(cc) != 2 or not key:
        return False
    kind = (lexicon or load_participants()).kinds.get(key.replace("-", "_"))
    return kind is not None and not kind.listed


def _slug(s: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in s.lower()).strip("-")


__all__ = ["ParticipantKind", "ParticipantLexicon", "load_participants", "build_participants",
           "read_participant_file", "participant", "People", "country_name", "unlisted"]
