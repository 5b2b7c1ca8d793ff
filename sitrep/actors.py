"""Actor mentions: who is named in an article, resolved to canonical actors.

Matching runs in this order, longest match first, never overlapping:

1. the gazetteer (``data/actors.yaml``, ``data/actors_world.yaml``, the generated
   ``data/actors_states.yaml`` -- every state -- plus user files): names and aliases, matched
   case-insensitively on folded text (accents, apostrophes, hyphens, a leading "al-");
   acronyms, demonyms ("Iranian officials" -> iran) case-sensitively; metonyms
   ("Washington said") only where they act as a party, not as a place.  A form several actors
   hold ("ADF", "SNA") is read by where the article is set (:func:`country_weights`: the
   country of its places, the countries of the actors it names unambiguously); a
   ``contextual`` form ("KIA") names its actor only there.  Names the article uses as places
   (found towns, "Town (District, Region)" lists) and time zones are no actors;
2. aliases the article defines: "Long Name (LN)" and "Long Name LN";
3. surnames of persons already named in full ("Soleimani" after "Qassem Soleimani"), and a
   lone given name that only one of them has ("Qais" after "Qais al-Khazali");
4. spaCy PERSON/ORG entities not known to the gazetteer become new actors with an
   inferred type; "the protest movement" becomes one actor, "Protest movement".

Pronouns and generic nouns ("he", "the group", "the militia", "the latter") are resolved
on demand by :meth:`ArticleActors.resolve_token` to the nearest compatible earlier actor; a
person's organisation noun ("his network", "Sadr's movement") to the organisation the gazetteer
gives that person.

Users extend the gazetteer with YAML files of the same shape as ``data/actors.yaml``
(``--gazetteer FILE`` or ``$SITREP_GAZETTEER``, several separated by ``os.pathsep``);
an entry with an existing id replaces the bundled one.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import ahocorasick
import yaml

from . import settings
from .errors import DataFileError
from .records import ACTOR_TYPES, Actor
from .tokens import doc_text, sentences

DATA = Path(__file__).parent / "data"
BUNDLED = DATA / "actors.yaml"
# The bundled gazetteer, in order: hand-written files, then the generated states
# (scripts/build_actor_states.py), which yield to the hand-written ones.
BUNDLED_FILES = (BUNDLED, DATA / "actors_world.yaml")
GENERATED_FILES = (DATA / "actors_states.yaml",)

# Generic nouns resolved to the nearest earlier actor of a compatible type.
GENERIC_NOUNS = {
    "group": ("armed_group", "political_party"),
    "militia": ("armed_group",),
    "faction": ("armed_group", "political_party"),
    "organization": ("armed_group", "political_party", "international_org"),
    "organisation": ("armed_group", "political_party", "international_org"),
    "movement": ("armed_group", "political_party"),
    "bloc": ("political_party",),
    "alliance": ("political_party", "coalition"),
    "party": ("political_party",),
    "coalition": ("coalition",),
}
NATIONAL_FORCES = {("force", "security"): "security forces", ("army", ""): "army", ("police", ""): "police",
                   ("military", ""): "army", ("force", "government"): "army", ("force", "regime"): "army",
                   ("troop", "government"): "army", ("troop", "regime"): "army"}
# The names of a country's own forces that "the army", "police", "security forces" stand for, in
# order of preference, and words of the names of branches and special units that they do not.
NATIONAL_NAMES = {"army": ("army", "armed forces", "defence force", "defense force", "military"),
                  "police": ("police",), "security forces": ("security forces",)}
NOT_NATIONAL_WORDS = {"reserve", "border", "frontier", "riot", "air", "naval", "navy", "special", "rapid",
                      "intervention", "counter", "guard", "guards"}
_NATIONAL_HEADS = {head for head, _ in NATIONAL_FORCES}
NEW_REFERENTS = {"other", "another", "some", "several", "various", "rival", "smaller", "few", "new", "unknown",
                 "little-known", "unidentified", "different", "many"}
UMBRELLA_MIN = 5  # an organisation with this many member groups of its country is an umbrella ("the militias")
ORG_NOUNS = set(GENERIC_NOUNS) | {"network", "outfit", "cell"}  # "his network": whose it is
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "himself", "herself"}
PLACE_PREPS = {"in", "at", "near", "to", "from", "into", "inside", "outside", "around", "across",
               "over", "within", "toward", "towards", "through", "throughout", "beyond", "of"}
ACTOR_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "dobj", "conj", "appos", "compound", "amod"}
ORG_TYPE_WORDS = [
    (("brigade", "brigades", "battalion", "militia", "army", "front", "kataib", "kata'ib", "saraya",
      "harakat", "liwa", "jaysh", "resistance", "mujahideen", "guerrilla", "insurgents", "fighters",
      "islamic state", "hezbollah", "hizballah"), "armed_group"),
    (("party", "alliance", "bloc", "coalition for", "list", "movement", "current"), "political_party"),
    (("ministry", "council", "court", "parliament", "government", "commission", "police", "service",
      "agency", "department", "office", "authority", "judiciary", "cabinet", "presidency"), "government"),
    (("forces", "force", "navy", "guard", "guards", "command", "military", "corps"), "state_military"),
    (("united nations", "nations", "union", "league", "organisation", "organization", "nato",
      "committee of the red cross", "red crescent", "amnesty", "human rights watch"), "international_org"),
]
NOT_ACTOR_WORDS = {"deal", "plan", "agreement", "accord", "treaty", "talks", "program", "programme",
                   "airport", "base", "embassy", "consulate", "street", "square", "bridge", "war",
                   "times", "post", "news", "reuters", "press", "journal", "tv", "television",
                   "channel", "agency france", "newspaper", "magazine", "twitter", "facebook",
                   "telegram", "empire", "hall", "zone", "day", "month", "year", "ied", "ieds", "vbied", "vbieds",
                   "uav", "uavs"}
MEDIA = {"reuters", "ap", "afp", "associated press", "bbc", "cnn", "al jazeera", "al-jazeera"}
NOT_NAMES_FILE = DATA / "actors_not_names.yaml"


@functools.lru_cache(maxsize=1)
def not_actor_words() -> tuple[frozenset[str], frozenset[str]]:
    """(time-zone abbreviations as written, clock words folded) of ``data/actors_not_names.yaml``:
    names the tagger may give that never name an actor ("GMT", "hrs").  DataFileError (E300)
    when the file is unreadable or malformed."""
    try:
        data = yaml.safe_load(NOT_NAMES_FILE.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError(f"{NOT_NAMES_FILE}: cannot read: {exc}", code="E300") from exc
    if not isinstance(data, dict) or not all(isinstance(data.get(k), list) for k in ("time_zones", "clock_words")):
        raise DataFileError(f"{NOT_NAMES_FILE}: expected lists 'time_zones' and 'clock_words'", code="E300")
    return frozenset(map(str, data["time_zones"])), frozenset(fold(str(w)) for w in data["clock_words"])


def is_clock_word(name: str) -> bool:
    """A time zone or clock word ("GMT", "1300 hrs"), never an actor's name."""
    zones, clock = not_actor_words()
    words = name.split()
    return name in zones or (bool(words) and words[-1] in zones) or fold(name) in clock


# --- folding: case-, accent-, apostrophe- and hyphen-insensitive text with an offset map ---

_APOS = "'’‘`ʼ´"
_DASH = "-‐‑‒–—"


def _fold_char(ch: str) -> str:
    if ch in _APOS:
        return "'"
    if ch in _DASH or ch.isspace():
        return " "
    low = ch.lower()
    if len(low) != 1:
        return ch
    if ord(low) > 127:
        base = unicodedata.normalize("NFKD", low)[:1]
        return base if base.isascii() and base else low
    return low


class _FoldTable(dict):
    """``str.translate`` table of :func:`_fold_char`, filled on first use of each character."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()
_SPACE_RUN = re.compile(r" {2,}")


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Folded text (spaces collapsed) and, for each folded character, its offset in ``text``
    (one more entry: ``len(text)``).  Every character folds to one character, so only the runs of
    spaces shift offsets; linear in the text, one ``str.translate`` and one scan for space runs."""
    folded = text.translate(_FOLD_TABLE)
    if "  " not in folded:
        return folded, list(range(len(text) + 1))
    parts: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _SPACE_RUN.finditer(folded):
        cut = m.start() + 1  # keep the first space of the run
        parts.append(folded[pos:cut])
        where.extend(range(pos, cut))
        pos = m.end()
    parts.append(folded[pos:])
    where.extend(range(pos, len(folded)))
    where.append(len(text))
    return "".join(parts), where


@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    return fold_with_map(name)[0].strip()


@functools.lru_cache(maxsize=65536)
def name_variants(name: str) -> frozenset[str]:
    """Folded forms of one name: as written, without apostrophes, without a leading "al-"."""
    f = fold(name)
    forms = {f, f.replace("'", "")}
    for g in list(forms):
        if g.startswith("al ") and len(g) > 6:
            forms.add(g[3:])
        if g.startswith("the "):
            forms.add(g[4:])
    return frozenset(g for g in forms if g)


def slug(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"['’]", "", s)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "actor"


# --- the gazetteer ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    parent: str | None = None
    affiliation: str | None = None
    role: str | None = None
    generic: tuple[str, ...] = ()   # common nouns naming this actor where ``context`` is named
    context: tuple[str, ...] = ()   # ids of actors whose mention licenses the generic forms
    operates_in: tuple[str, ...] = ()  # further countries (ISO alpha-2) where the actor is active
    contextual: tuple[str, ...] = ()   # own forms read as this actor only in an article set in its countries

    @property
    def countries(self) -> tuple[str, ...]:
        """The countries that make an article this actor's setting: ``country`` and ``operates_in``."""
        return ((self.country,) if self.country else ()) + self.operates_in


_LIST_FIELDS = ("aliases", "acronyms", "surnames", "demonyms", "metonyms", "ambiguous", "generic", "context",
                "operates_in", "contextual")
_TEXT_FIELDS = ("country", "parent", "affiliation", "role")


def _entry(raw: dict, where: str) -> GazetteerEntry:
    if not isinstance(raw, dict):
        raise DataFileError(f"{where}: an actor entry must be a mapping", code="E300")
    missing = [k for k in ("id", "name", "type") if not raw.get(k)]
    if missing:
        raise DataFileError(f"{where}: missing field(s) {', '.join(missing)}", code="E300")
    if raw["type"] not in ACTOR_TYPES:
        raise DataFileError(f"{where}: unknown actor type {raw['type']!r} (one of {', '.join(ACTOR_TYPES)})",
                            code="E301")
    kwargs = {k: tuple(str(x) for x in raw.get(k) or ()) for k in _LIST_FIELDS}
    kwargs.update({k: (str(raw[k]) if raw.get(k) is not None else None) for k in _TEXT_FIELDS})
    return GazetteerEntry(id=str(raw["id"]), name=str(raw["name"]), type=raw["type"], **kwargs)


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader where PyYAML has it


def read_gazetteer_file(path: str | Path) -> list[GazetteerEntry]:
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read gazetteer: {exc}", code="E300") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: not valid YAML: {exc}", code="E300") from exc
    items = data.get("actors") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise DataFileError(f"{path}: expected a list of actors (or a mapping with 'actors:')", code="E300")
    return [_entry(raw, f"{path}: entry {i + 1}") for i, raw in enumerate(items)]


class ActorGazetteer:
    """Canonical actors and the automaton that finds their names in folded text.

    A surface form can have several readings (actors): the one that declares it ``ambiguous``
    (else the first in file order) is its default; a form an actor lists as ``contextual`` is
    read as that actor only where the article is set in one of its countries (``country`` and
    ``operates_in``), never by default.  :meth:`choose` picks a form's reading for an article's
    country weights (:func:`country_weights`)."""

    def __init__(self, entries: Iterable[GazetteerEntry]):
        self.entries: dict[str, GazetteerEntry] = {}
        for e in entries:
            self.entries[e.id] = e
        self.by_acronym: dict[str, str] = {}   # default readings only
        self.by_demonym: dict[str, str] = {}
        self.metonyms: dict[str, str] = {}
        self.surnames: dict[str, list[str]] = {}
        self.generic: list[tuple[str, str, frozenset[str]]] = [  # (folded form, actor id, context ids)
            (fold(g), e.id, frozenset(e.context)) for e in self.entries.values() for g in e.generic if e.context]
        children: dict[str, int] = {}
        for e in self.entries.values():  # members in the umbrella's own country (a branch abroad is no member militia)
            parent = self.entries.get(e.parent) if e.parent else None
            if parent is not None and parent.country == e.country:
                children[e.parent] = children.get(e.parent, 0) + 1
        self.parents = {p for p, n in children.items() if n >= UMBRELLA_MIN}
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, list[tuple[str, str]]] = {}      # folded form -> readings (id, kind), in file order
        acronyms: dict[str, list[str]] = {}
        declared: dict[str, str] = {}                    # folded form or acronym -> the actor declaring it ambiguous
        contextual: set[tuple[str, str]] = set()         # (form, id): read only in that actor's countries
        for e in self.entries.values():
            for n in e.ambiguous:
                declared.setdefault(n, e.id)
                for v in name_variants(n):
                    declared.setdefault(v, e.id)
            for n in e.contextual:
                contextual.add((n, e.id))
                contextual.update((v, e.id) for v in name_variants(n))
            for n in (e.name, *e.aliases):
                for v in name_variants(n):
                    _add_reading(keys, v, e.id, "name")
            for n in e.metonyms:
                for v in name_variants(n):
                    self.metonyms[v] = e.id
                    _add_reading(keys, v, e.id, "metonym")
            for a in e.acronyms:
                if e.id not in acronyms.setdefault(a, []):
                    acronyms[a].append(e.id)
            for d in e.demonyms:
                if " " in d or "-" in d:  # "North Korean", "Bissau-Guinean": found by the automaton
                    for v in name_variants(d):
                        _add_reading(keys, v, e.id, "demonym")
                else:
                    self.by_demonym.setdefault(d, e.id)
            for s in e.surnames:
                for v in name_variants(s):
                    self.surnames.setdefault(v, []).append(e.id)
        # readings: form -> ((id, kind), ...), default first (None when every reading is contextual)
        self.readings: dict[str, tuple[tuple[str, str] | None, tuple[tuple[str, str], ...]]] = {}
        for key, found in keys.items():
            default, others = _split_readings(key, found, declared, contextual)
            self.readings[key] = (default, others)
            self._automaton.add_word(key, (len(key), key))
        self.acronym_readings: dict[str, tuple[tuple[str, str] | None, tuple[tuple[str, str], ...]]] = {}
        for acr, ids in acronyms.items():
            default, others = _split_readings(acr, [(i, "acronym") for i in ids], declared, contextual)
            if default is not None:
                self.by_acronym[acr] = default[0]
            if others or default is None:
                self.acronym_readings[acr] = (default, others)
        if keys:
            self._automaton.make_automaton()
        self._has_keys = bool(keys)
        self._words = ahocorasick.Automaton()  # acronyms and one-word demonyms, as written
        for word in {*self.by_acronym, *self.acronym_readings, *self.by_demonym}:
            self._words.add_word(word, word)
        if len(self._words):
            self._words.make_automaton()
        self._forces: dict[str, list[GazetteerEntry]] = {}
        for e in self.entries.values():
            if e.type == "state_military" and e.country:
                self._forces.setdefault(e.country, []).append(e)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, actor_id: str) -> GazetteerEntry | None:
        return self.entries.get(actor_id)

    def national_force(self, country: str | None, key: str) -> GazetteerEntry | None:
        """A country's own army, police or security forces (``key``: "army", "police",
        "security forces"): its first state_military entry named by the key (for "army" also
        "armed forces", "defence force", "military"), passing over branches and special units
        ("Central Reserve Police Force", "Border Security Force", "Malian Air Force")."""
        forces = self._forces.get(country or "", ())
        for word in NATIONAL_NAMES.get(key, (key,)):
            for e in forces:
                low = e.name.lower()
                if word in low and not any(w in low.split() for w in NOT_NATIONAL_WORDS):
                    return e
        return None

    def choose(self, default: tuple[str, str] | None, others: Sequence[tuple[str, str]],
               weights: dict[str, float] | None) -> tuple[str, str] | None:
        """The reading of a form for an article whose setting is ``weights`` (country -> weight):
        the reading whose countries weigh most, the default on a tie or with no weight at all;
        a contextual reading only with a weight above zero."""
        if not others or not weights:
            return default
        best, best_w = default, self._weight(default[0], weights) if default else 0.0
        for reading in others:
            w = self._weight(reading[0], weights)
            if w > best_w:
                best, best_w = reading, w
        return best

    def _weight(self, actor_id: str, weights: dict[str, float]) -> float:
        e = self.entries.get(actor_id)
        return max((weights.get(c, 0.0) for c in e.countries), default=0.0) if e else 0.0

    def lookup(self, name: str, weights: dict[str, float] | None = None) -> GazetteerEntry | None:
        """The actor a whole name refers to (name, alias, acronym, demonym or metonym), read for
        an article set where ``weights`` says (see :meth:`choose`)."""
        found = self.lookup_kind(name, weights)
        return found[0] if found else None

    def lookup_kind(self, name: str, weights: dict[str, float] | None = None) -> tuple[GazetteerEntry, str] | None:
        """:meth:`lookup` with the kind of reading that matched: name, acronym, demonym or
        metonym ("Erbil" is a metonym of the Kurdistan Regional Government, not its name)."""
        if name in self.acronym_readings:
            found = self.choose(*self.acronym_readings[name], weights)
            return (self.entries[found[0]], "acronym") if found else None
        if name in self.by_acronym:
            return self.entries[self.by_acronym[name]], "acronym"
        if name in self.by_demonym:
            return self.entries[self.by_demonym[name]], "demonym"
        if not self._has_keys:
            return None
        for v in name_variants(name):
            if v in self.readings:
                found = self.choose(*self.readings[v], weights)
                if found:
                    return self.entries[found[0]], found[1]
        return None

    def word_tokens(self, doc, text: str) -> list:
        """The tokens of ``doc`` (whose text is ``text``) that are an acronym or a one-word
        demonym as written, in document order: the same tokens as testing every token's text,
        found by one scan of the text and a look at the tokens where a word occurs."""
        if not len(self._words):
            return []
        found = []
        for end, word in self._words.iter(text):
            span = doc.char_span(end - len(word) + 1, end + 1)
            if span is not None and len(span) == 1:
                found.append(span[0])
        found.sort(key=lambda t: t.i)
        return found

    def scan_forms(self, folded: str) -> list[tuple[int, int, str]]:
        """(start, end, folded form) of every known form in folded text, word-bounded."""
        if not self._has_keys:
            return []
        hits = []
        for end, (length, key) in self._automaton.iter(folded):
            start = end - length + 1
            if _bounded(folded, start, end + 1):
                hits.append((start, end + 1, key))
        return hits

    def scan(self, folded: str, weights: dict[str, float] | None = None) -> list[tuple[int, int, str, str]]:
        """(start, end, actor id, kind) of every name occurrence in folded text, word-bounded,
        each form read for ``weights`` (its default reading without)."""
        hits = []
        for start, end, key in self.scan_forms(folded):
            found = self.choose(*self.readings[key], weights)
            if found:
                hits.append((start, end, *found))
        return hits


def _add_reading(keys: dict[str, list[tuple[str, str]]], key: str, actor_id: str, kind: str) -> None:
    found = keys.setdefault(key, [])
    if all(a != actor_id for a, _ in found):
        found.append((actor_id, kind))


def _split_readings(key: str, found: list[tuple[str, str]], declared: dict[str, str],
                    contextual: set[tuple[str, str]]) -> tuple[tuple[str, str] | None, tuple[tuple[str, str], ...]]:
    """(default reading, other readings) of a form: the default is the reading of the actor that
    declares the form ambiguous, else the first reading that is not contextual."""
    plain = [r for r in found if (key, r[0]) not in contextual]
    owner = declared.get(key)
    default = next((r for r in plain if r[0] == owner), plain[0] if plain else None)
    return default, tuple(r for r in found if r != default)


def country_weights(hint: str | None, gazetteer: ActorGazetteer, actor_ids: Iterable[str]) -> dict[str, float]:
    """Where an article is set, as weights by country (ISO alpha-2): its places' main country
    (``hint``) weighs 3; each mention of an actor the gazetteer places (a state, an army, a
    national group) adds 1 to each of its countries.  Ambiguous forms are read with it
    (:meth:`ActorGazetteer.choose`)."""
    weights: dict[str, float] = {}
    for actor_id in actor_ids:
        e = gazetteer.get(actor_id)
        for c in e.countries if e else ():
            weights[c] = weights.get(c, 0.0) + 1.0
    if hint:
        weights[hint] = weights.get(hint, 0.0) + 3.0
    return weights


def _bounded(s: str, start: int, end: int) -> bool:
    before = s[start - 1] if start > 0 else " "
    after = s[end] if end < len(s) else " "
    return not before.isalnum() and not after.isalnum()


def _env_files() -> list[str]:
    return settings.paths("SITREP_GAZETTEER")


def bundled_entries() -> list[GazetteerEntry]:
    """The bundled actors: the hand-written files, then the generated states that no hand-written
    entry already covers (same id, or a state of the same country)."""
    entries: list[GazetteerEntry] = []
    for path in BUNDLED_FILES:
        if path.exists():
            entries.extend(read_gazetteer_file(path))
    ids = {e.id for e in entries}
    states = {e.country for e in entries if e.type == "state" and e.country}
    for path in GENERATED_FILES:
        if path.exists():
            entries.extend(e for e in read_gazetteer_file(path)
                           if e.id not in ids and not (e.type == "state" and e.country in states))
    return entries


@functools.lru_cache(maxsize=8)
def _load(files: tuple[str, ...]) -> ActorGazetteer:
    entries = bundled_entries()
    for f in files:
        entries.extend(read_gazetteer_file(f))
    return ActorGazetteer(entries)


def load_gazetteer(extra_files: Sequence[str | Path] = ()) -> ActorGazetteer:
    """The bundled gazetteer extended by user files (and $SITREP_GAZETTEER); cached."""
    return _load(tuple(str(f) for f in (*extra_files, *_env_files())))


# --- mentions in one article -------------------------------------------------------------------

@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    actor_id: str
    kind: str  # name | acronym | demonym | metonym | surname | defined | generic | ner | movement | ...


@dataclass
class ArticleActors:
    """The actors of one article: canonical records, their mentions, and resolution helpers."""
    gazetteer: ActorGazetteer
    mentions: list[Mention] = field(default_factory=list)
    created: dict[str, Actor] = field(default_factory=dict)  # actors not in the gazetteer
    defined: dict[str, str] = field(default_factory=dict)    # aliases the article defined -> id
    sentences: list[tuple[int, int]] = field(default_factory=list)  # (start_char, end_char) in order
    text: str = ""  # the parsed text (Doc.text rebuilds it on every call)
    country_hint: str | None = None  # the country most of the article's places are in
    weights: dict[str, float] = field(default_factory=dict)  # where the article is set (country_weights)
    ents: list = field(default_factory=list)  # the Doc's entities, read once
    sents: list = field(default_factory=list)  # the Doc's sentences (spaCy Spans), read once
    _depth: int = 0  # how deep resolve_token is in resolving the antecedent of an antecedent
    _starts: list[int] = field(default_factory=list)
    _ends: list[int] = field(default_factory=list)

    def add(self, m: Mention) -> None:
        self.mentions.append(m)

    def sort(self) -> None:
        self.mentions.sort(key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.mentions]
        self._ends = list(itertools.accumulate((m.end for m in self.mentions), max))
        self._state_counts = None

    def ground(self, start: int, end: int, actor_id: str, kind: str) -> None:
        """Ground an actor a rule found in the span ``start``..``end`` (a participant, a people's
        forces, a visited capital's state): a mention there, unless it already has one."""
        if not any(m.actor_id == actor_id for m in self.at(start, end)):
            self.insert(Mention(start, end, actor_id, kind))

    def insert(self, m: Mention) -> None:
        """Add one mention to sorted mentions, keeping the order and the index as :meth:`sort`
        leaves them, without sorting again (a sort per added mention made long articles
        quadratic)."""
        i = bisect.bisect_right(self.mentions, (m.start, -m.end), key=lambda x: (x.start, -x.end))
        self.mentions.insert(i, m)
        self._starts.insert(i, m.start)
        self._ends.insert(i, max(m.end, self._ends[i - 1]) if i else m.end)
        j = i + 1
        while j < len(self._ends) and self._ends[j] < m.end:  # the running max rises up to m.end
            self._ends[j] = m.end
            j += 1
        counts = getattr(self, "_state_counts", None)
        if counts is not None and counts[0] == len(self.mentions) - 1:
            if self.entry_type(m.actor_id) == "state":
                counts[1][m.actor_id] = counts[1].get(m.actor_id, 0) + 1
            self._state_counts = (len(self.mentions), counts[1])

    def scopes(self, offset: int) -> list[tuple[int, int]]:
        """The sentence holding ``offset`` and the one before it (character bounds)."""
        i = bisect.bisect_right([s for s, _ in self.sentences], offset) - 1
        return [self.sentences[j] for j in (i, i - 1) if 0 <= j < len(self.sentences)]

    def entry_type(self, actor_id: str) -> str:
        e = self.gazetteer.get(actor_id)
        if e:
            return e.type
        a = self.created.get(actor_id)
        return a.type if a else "other"

    def in_span(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def at(self, start: int, end: int) -> list[Mention]:
        """Mentions overlapping [start, end)."""
        lo = bisect.bisect_right(self._ends, start)  # the running max of ends: earlier ones end too soon
        hi = bisect.bisect_left(self._starts, end)
        return [m for m in self.mentions[lo:hi] if m.end > start]

    def before(self, offset: int, types: Iterable[str] | None = None, limit: int = 4000,
               umbrella: bool = False, militia: bool = False) -> Mention | None:
        """The nearest earlier mention of a wanted type (an umbrella organisation if asked)."""
        wanted = set(types) if types else None
        for m in reversed(self.mentions):
            if m.end > offset:
                continue
            if offset - m.end > limit:
                return None
            if wanted is not None and self.entry_type(m.actor_id) not in wanted:
                continue
            if umbrella and m.actor_id not in self.gazetteer.parents:
                continue
            if militia and not self._militia(m.actor_id):
                continue
            return m
        return None

    def resolve_token(self, token) -> list[str]:
        """Actor ids a token stands for: its own mention, or a pronoun/generic noun's antecedent."""
        own = self.at(token.idx, token.idx + len(token.text))
        if own:
            return _unique(m.actor_id for m in own)
        low = token.lower_
        if low in PERSON_PRONOUNS:
            m = self._person_antecedent(token)
            return [m.actor_id] if m else []
        if low in ("it", "its"):  # "designated it": not its own verb's subject
            m = self._subject_antecedent(token, exclude=("person",), not_of=_governing_verb(token))
            return [m.actor_id] if m else []
        if low in ("they", "them", "their"):
            own = token.dep_ in ("dobj", "pobj", "dative")
            m = self.before(token.idx, ("civilians",), limit=400) if own else None  # "dispersed them"
            m = m or self._subject_antecedent(token, exclude=("person", "state"), skip_own=own)
            if m is None:
                m = self.before(token.idx, ("civilians", "armed_group", "political_party"), limit=400)
            return [m.actor_id] if m else []
        if low == "latter":
            m = self.before(token.idx)
            return [m.actor_id] if m else []
        lemma = token.lemma_.lower()
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if token.pos_ == "NOUN" and lemma in ORG_NOUNS and owner is not None and self._depth < 3:
            self._depth += 1  # "his network", "Sadr's movement": the organisation of that person
            try:
                people = [a for a in self.resolve_token(owner) if self.entry_type(a) == "person"]
            finally:
                self._depth -= 1
            if people:
                return _unique(x for p in people for x in self.affiliations(p))
        if token.pos_ == "NOUN" and not any(c.dep_ in ("poss", "amod") and c.ent_type_ for c in token.children):
            forces = self.national(token)
            if forces:
                return forces
        if token.pos_ == "NOUN" and lemma in GENERIC_NOUNS:
            militia = lemma == "militia" or any(c.lemma_.lower() == "militia" for c in token.children)
            if not is_anaphoric(token):  # "militant groups", "a little-known group": a kind, not a name
                if lemma == "faction" and token.tag_ == "NN" and not _new_referent(token):
                    # "one faction", "a faction": an unnamed part of the umbrella just named
                    m = self.before(token.idx, GENERIC_NOUNS[lemma], umbrella=True, limit=600)
                    return [m.actor_id] if m else []
                if token.tag_ != "NNS" or not _bare(token):
                    return []
                # a bare plural names only the umbrella of a country's militias ("Shiite militia
                # groups" after the PMF) or the actor whose description it repeats
                m = self.before(token.idx, GENERIC_NOUNS[lemma], umbrella=True, militia=True) if militia else None
                m = m or self._restated(token)
                return [m.actor_id] if m else []
            if token.tag_ == "NNS":  # "the militias", "these groups": a set, named only by its umbrella
                m = self.before(token.idx, GENERIC_NOUNS[lemma], umbrella=True, militia=militia)
                return [m.actor_id] if m else []
            # "the group": the subject of this or the last sentence if it is of the kind, else the nearest
            others = tuple(t for t in ACTOR_TYPES if t not in GENERIC_NOUNS[lemma])
            m = None if militia else self._subject_antecedent(token, exclude=others,
                                                              not_of=_governing_verb(token))
            m = m or self.before(token.idx, GENERIC_NOUNS[lemma], militia=militia)
            return [m.actor_id] if m else []
        return []

    def _restated(self, token, reach: int = 400) -> Mention | None:
        """A bare plural that repeats the description just given to a named actor: "the
        Iran-backed Kataib Hezbollah militia ... Iran-backed militias" (same head noun, every
        modifier of the plural also in the earlier phrase, within ``reach`` characters)."""
        lemma = token.lemma_.lower()
        mods = {t.lower_ for c in token.children if c.dep_ in ("amod", "compound") for t in c.subtree}
        doc = token.doc
        for m in reversed(self.mentions):
            if m.end > token.idx:
                continue
            if token.idx - m.end > reach:
                return None
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            while head.dep_ in ("compound", "nmod", "amod") and head.head != head and head.head.i > head.i:
                head = head.head
            if head.lemma_.lower() != lemma:
                continue
            if mods <= {t.lower_ for t in head.subtree}:
                return m
        return None

    def _people_words(self) -> set[str]:
        """Demonyms used as nouns for a state's side ("the Turks", "the Iraqis"): the plural forms."""
        return {d for d in self.gazetteer.by_demonym if d.endswith("s") and not d.endswith("ss")}

    def collective(self, noun: str, start: int, end: int) -> str:
        """A crowd named only by what it is ("protesters", "civilians"): one actor per kind."""
        name = "Civilians" if noun == "civilian" else "Protesters"
        actor_id = name.lower()
        self.created.setdefault(actor_id, Actor(id=actor_id, name=name, type="civilians",
                                                aliases=("demonstrators",) if name == "Protesters" else (),
                                                known=False))
        if not self.at(start, end):
            self.insert(Mention(start, end, actor_id, "collective"))
        return actor_id

    def national(self, token) -> list[str]:
        """'security forces', 'the army', 'police' without a country: the forces of the state the
        article is mostly about, when the gazetteer knows them."""
        lemma = token.lemma_.lower()
        if lemma not in _NATIONAL_HEADS:
            return []
        mods = {c.lemma_.lower() for c in token.children}
        key = next((NATIONAL_FORCES[(lemma, m)] for m in ("security", "government", "regime") if m in mods
                    and (lemma, m) in NATIONAL_FORCES), None) or NATIONAL_FORCES.get((lemma, ""))
        if key is None:
            return []
        state = self.main_state()
        if state is None:
            return []
        e = self.gazetteer.national_force(self.gazetteer.get(state).country, key)
        if e is None:
            return []
        start = min(c.idx for c in token.subtree if c.i <= token.i)
        if not self.at(start, token.idx + len(token.text)):
            self.insert(Mention(start, token.idx + len(token.text), e.id, "national"))
        return [e.id]

    def main_state(self) -> str | None:
        """The state the article is about: the country of its places, else the most named state."""
        if self.country_hint:  # where the events are beats who is named ("Iranian consulate in Basra")
            cached = getattr(self, "_hint_state", None)
            if cached is None or cached[0] != self.country_hint:
                cached = (self.country_hint, next((e.id for e in self.gazetteer.entries.values()
                                                   if e.type == "state" and e.country == self.country_hint), None))
                self._hint_state = cached
            if cached[1]:
                return cached[1]
        cache = getattr(self, "_state_counts", None)  # kept up to date by insert(); linear once per sort
        if cache is None or cache[0] != len(self.mentions):
            counts: dict[str, int] = {}
            for m in self.mentions:
                if self.entry_type(m.actor_id) == "state":
                    counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
            cache = self._state_counts = (len(self.mentions), counts)
        counts = cache[1]
        return max(counts, key=counts.get) if counts else None

    def _militia(self, actor_id: str) -> bool:
        """A militia is a national armed group, not a transnational one like ISIS."""
        e = self.gazetteer.get(actor_id)
        return e is None or (e.type == "armed_group" and e.country is not None)

    def named(self, actor_id: str) -> bool:
        """Whether the article names an actor, rather than only saying what it is: False for a
        participant or crowd created from a generic noun phrase ("Iran-aligned armed groups",
        "gunmen", "protesters"), whose mentions are all of kind ``participant``/``collective``."""
        return actor_id not in self.unnamed()

    def unnamed(self) -> set[str]:
        """The ids :meth:`named` says no to, read in one pass over the mentions."""
        kinds: dict[str, set[str]] = {}
        for m in self.mentions:
            if m.actor_id in self.created and self.gazetteer.get(m.actor_id) is None:
                kinds.setdefault(m.actor_id, set()).add(m.kind)
        return {a for a, k in kinds.items() if k <= {"participant", "collective"}}

    def side(self, actor_id: str) -> str:
        """The party an actor acts for: a state's organs and officials stand for the state's country."""
        e = self.gazetteer.get(actor_id)
        if e and e.country and e.type in ("state", "state_military", "government", "person"):
            return "country:" + e.country
        return actor_id

    def _subject_antecedent(self, token, exclude: tuple[str, ...], skip_own: bool = False,
                            not_of=None) -> Mention | None:
        """'it': the organisation or state that is the subject of this or the previous sentence
        ("dispersed them": an object is not its own clause's subject, so look before; nor is
        the object of ``not_of``, the verb it depends on: "X designated it").

        In each sentence the subject of the main clause is preferred to that of a clause inside
        it ("After IS overran Mosul, AAH joined the PMF. Its fighters …" -> AAH); a subject
        named in apposition counts ("Its wing, Sadiqoun, entered parliament, and it ran …"); a
        subject that itself points back ("The group …", "Its fighters …") stands for what it
        points at."""
        doc = token.doc
        for s_start, s_end in self.scopes(token.idx)[1 if skip_own else 0:]:
            found = []
            for m in self.in_span(s_start, min(s_end, token.idx)):
                if self.entry_type(m.actor_id) in exclude:
                    continue
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                root = span.root
                while root.dep_ in ("poss", "compound", "amod", "appos") and root.head != root:
                    root = root.head
                if root.dep_ in ("nsubj", "nsubjpass") and (not_of is None or root.head != not_of):
                    found.append((not _main_clause(root.head), m))
            found = [(main, False, m) for main, m in found]
            pointed = self._pointing_subject(doc, s_start, min(s_end, token.idx), exclude, not_of)
            if pointed is not None:  # a subject named outright comes first
                found.append((not _main_clause(pointed[0].head), True, pointed[1]))
            if found:
                return min(found, key=lambda f: (f[0], f[1], f[2].start))[2]
        return None

    def _pointing_subject(self, doc, start: int, end: int, exclude, not_of) -> tuple | None:
        """A subject with no name of its own that points back ("The group", "Its fighters",
        "It") in [start, end): (its token, a mention of the actor it stands for)."""
        if self._depth >= 3:
            return None
        span = doc.char_span(start, end, alignment_mode="contract")
        for tok in span if span is not None else ():
            if tok.dep_ not in ("nsubj", "nsubjpass") or (not_of is not None and tok.head == not_of) or \
                    self.at(tok.idx, tok.idx + len(tok.text)):
                continue
            pointer = tok
            if tok.pos_ == "NOUN" and tok.lemma_.lower() not in GENERIC_NOUNS:
                pointer = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ == "its"), None)
            if pointer is None or (pointer.pos_ == "PRON" and pointer.lower_ not in ("it", "its")):
                continue
            self._depth += 1
            try:
                ids = [a for a in self.resolve_token(pointer) if self.entry_type(a) not in exclude]
            finally:
                self._depth -= 1
            if ids:
                return tok, Mention(tok.idx, tok.idx + len(tok.text), ids[0], "anaphor")
        return None

    def affiliations(self, person: str) -> list[str]:
        """The organisation the gazetteer gives a person (``affiliation``), if any."""
        e = self.gazetteer.get(person)
        return [e.affiliation] if e is not None and e.affiliation else []

    def _person_antecedent(self, token) -> Mention | None:
        """'he': a person who is the subject of this or the previous sentence, else the nearest
        person who is a clause's argument rather than named inside a phrase ("X, once a spokesman
        for Y, broke away ... his network": X), else the nearest."""
        doc = token.doc
        arguments = []
        for s_start, s_end in self.scopes(token.idx):
            for m in self.in_span(s_start, min(s_end, token.idx)):
                if self.entry_type(m.actor_id) != "person":
                    continue
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                    return m
                if span is not None and span.root.dep_ not in ("pobj", "poss", "compound"):
                    arguments.append(m)
        if arguments:
            return max(arguments, key=lambda m: m.start)
        return self.before(token.idx, ("person",))

    def actor_records(self, used: set[str] | None = None, doc=None) -> list[Actor]:
        """One record per actor mentioned, with every mention's offsets.

        With ``used`` (the actors events and relations refer to) and ``doc``, a state named only
        as a place ("fighting in Syria") and taking no part in anything is left out: it is a
        location there, not an actor."""
        by_id: dict[str, list[tuple[int, int]]] = {}
        for m in self.mentions:
            by_id.setdefault(m.actor_id, []).append((m.start, m.end))
        if used is not None and doc is not None:
            for actor_id in [a for a in by_id if a not in used and self.entry_type(a) == "state"]:
                if all(_locative(doc, s, e) for s, e in by_id[actor_id]):
                    del by_id[actor_id]
            for actor_id in used:  # an actor an event names without naming it ("Sadr supporters")
                if actor_id not in by_id and (self.gazetteer.get(actor_id) or actor_id in self.created):
                    by_id[actor_id] = []
        learned: dict[str, list[str]] = {}
        for alias, actor_id in self.defined.items():
            learned.setdefault(actor_id, []).append(alias)
        people = self._people_words()
        for m in self.mentions:  # the short names the article itself uses ("Kerry", "the Coalition", "the Turks")
            surface = self.text[m.start:m.end]
            if m.kind in ("surname", "generic") or (m.kind == "demonym" and surface in people):
                learned.setdefault(m.actor_id, []).append(surface)
        out = []
        for actor_id, spans in by_id.items():
            e = self.gazetteer.get(actor_id)
            if e:
                aliases = _unique([*e.aliases, *e.acronyms, *learned.get(actor_id, [])])
                out.append(Actor(id=e.id, name=e.name, type=e.type, country=e.country,
                                 aliases=tuple(aliases), role=e.role, mentions=tuple(sorted(set(spans)))))
            elif actor_id in self.created:
                a = self.created[actor_id]
                aliases = _unique([*a.aliases, *learned.get(actor_id, [])])
                out.append(replace(a, aliases=tuple(aliases), mentions=tuple(sorted(set(spans)))))
        return out


DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "said", "same"}
INDEFINITE = {"a", "an", "any", "no", "each", "every", "either", "neither", "such", "what", "which", "whatever"}


def is_anaphoric(token) -> bool:
    """Whether a common noun ("group", "militias") can point back at a named actor.

    Only a definite noun phrase refers back ("the group", "these militias", "its faction").
    A bare plural ("militant groups", "Iran-backed groups in Iraq"), an indefinite or
    quantified one ("a little-known group", "two factions", "many groups"), a superlative ("the
    most feared groups") and one marked as new ("other groups", "rival factions") name a kind or new members of it, never an actor
    already named (issue 7, kind 4).  The determiner rule is the usual one of English
    reference: definiteness marks a familiar referent, indefiniteness a new one."""
    dets = [c for c in token.children if c.dep_ in ("det", "poss", "predet", "nummod", "amod", "quantmod")]
    words = {c.lower_ for c in dets}
    if words & NEW_REFERENTS or words & INDEFINITE or any(c.dep_ == "nummod" or c.like_num for c in dets):
        return False
    if any(c.tag_ == "JJS" or any(a.lower_ in ("most", "least") for a in c.children) for c in dets):
        return False  # "the most feared groups", "the largest factions": a class, not those named
    return bool(words & DEFINITE) or any(c.dep_ == "poss" for c in dets)


def _governing_verb(token):
    """The verb a pronoun is the object of ("designated it", "fought against it"), else None."""
    if token.dep_ in ("dobj", "dative", "oprd"):
        return token.head
    if token.dep_ == "pobj" and token.head.head.pos_ in ("VERB", "AUX"):
        return token.head.head
    return None


def _main_clause(verb) -> bool:
    """A verb of the sentence's main clause: its root, or a verb coordinated with the root."""
    return verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")


def _new_referent(token) -> bool:
    """'other groups', 'rival factions', 'a new militia': marked as not the ones already named."""
    return any(c.lower_ in NEW_REFERENTS for c in token.children if c.dep_ in ("det", "amod"))


def _bare(token) -> bool:
    """A noun with no determiner, number or quantifier of its own ("Iran-backed militias")."""
    return not any(c.dep_ in ("det", "poss", "predet", "nummod", "quantmod") or c.lower_ in NEW_REFERENTS
                   for c in token.children)


def _locative(doc, start: int, end: int) -> bool:
    """A mention that names a place: the object of 'in', 'from', 'across' …, or a bare country
    in a list of places."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    while root.dep_ == "conj" and root.head != root:
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS


def _unique(items: Iterable[str]) -> list[str]:
    """Items in order, without repeats (compared folded: "Kerry" and "KERRY" are one)."""
    seen: dict[str, str] = {}
    for x in items:
        seen.setdefault(fold(x), x)
    return list(seen.values())


def _inside_longer(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e and e - s > end - start for s, e in spans)


# Long names followed by their acronym: "Popular Mobilization Forces (PMF)", "Asa'ib Ahl al-Haq AAH".
# Linear in the text (issue 10): a name starts only at a word start (not inside a word or a
# hyphenated run), each word is matched possessively (a word's hyphens never split it again on
# backtracking: "A-A-A-…" has one reading, not exponentially many), and the unclosed-bracket
# check looks ahead a bounded stretch.
_DEFINED = re.compile(
    r"(?<![\w'’\-])((?:[A-Z][\w'’\-]*+|al-|of|the|and|for|ul|ahl|al)"
    r"(?:[ \-](?:[A-Z][\w'’\-]*+|al-?\w*+|of|the|and|for|ahl|in|on)){1,8})"
    r"\s*(?:\(\s*([A-Z][A-Za-z\-]{1,7})\s*\)|(?<=\w) ([A-Z]{2,6})\b|"
    r"\(\s*([A-Z][A-Za-z\-]{1,7})(?=[\s,;.])(?![^()\n]{0,300}\)))")  # an unclosed "(FMLN said …"


def find_mentions(doc, gazetteer: ActorGazetteer, excluded: Sequence[tuple[int, int]] = (),
                  is_place: Callable[[str], bool] | None = None,
                  place_spans: Sequence[tuple[int, int]] = (), country_hint: str | None = None) -> ArticleActors:
    """All actor mentions of a parsed article (``doc`` from the spaCy pipeline).

    ``is_place`` tells a place name from an actor name for entities the gazetteer does not know
    ("Ain al-Asad" is a base, whatever the tagger says)."""
    text = doc_text(doc)
    sents = sentences(doc)
    result = ArticleActors(gazetteer=gazetteer, sentences=[(s.start_char, s.end_char) for s in sents],
                           text=text, ents=list(doc.ents), sents=sents, country_hint=country_hint)
    occupied = bytearray(len(text))  # 1 where a kept mention or an excluded stretch lies
    for s0, e0 in excluded:
        s0, e0 = max(0, s0), min(e0, len(text))
        if e0 > s0:
            occupied[s0:e0] = b"\x01" * (e0 - s0)
    token_at = _TokenAt(doc)

    places = _Places.read(text, place_spans)

    def keep(start: int, end: int, actor_id: str, kind: str) -> None:
        if occupied.find(1, start, end) != -1:
            return
        if _inside_longer(place_spans, start, end) and (kind in ("surname", "ner", "metonym") or
                                                        result.entry_type(actor_id) == "person"):
            return  # "Ain al-Asad" is a base, not Bashar al-Assad; "Erbil airport" is not the KRG
        if places.lists and places.in_list(start, end):
            return  # "Jilib (Jilib, Middle Juba)": the names of a location list are places
        occupied[start:end] = b"\x01" * (end - start)
        result.add(Mention(start, end, actor_id, kind))

    folded, where = fold_with_map(text)
    forms = gazetteer.scan_forms(folded)
    words = gazetteer.word_tokens(doc, text)
    result.weights = weights = country_weights(country_hint, gazetteer, _sure_ids(gazetteer, forms, words))
    hits = []
    for fs, fe, key in forms:
        found = gazetteer.choose(*gazetteer.readings[key], weights)
        if found:
            hits.append((fs, fe, *found))
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    for fs, fe, actor_id, kind in hits:
        start, end = where[fs], where[fe - 1] + 1
        if kind == "metonym" and (not _acts_as_party(doc, token_at, start, end) or _after_place_word(text, start)):
            continue
        if kind in ("name", "metonym") and _inside_place_name(doc, token_at, start, end, text):
            continue
        if kind == "demonym" and not all(w[:1].isupper() for w in re.split(r"[\s\-‐]+", text[start:end]) if w):
            continue  # "North Korean" is written with capitals
        keep(start, end, actor_id, kind)
    for tok in words:
        if tok.text in gazetteer.acronym_readings or tok.text in gazetteer.by_acronym:
            found = gazetteer.choose(*gazetteer.acronym_readings[tok.text], weights) \
                if tok.text in gazetteer.acronym_readings else (gazetteer.by_acronym[tok.text], "acronym")
            if found:
                keep(tok.idx, tok.idx + len(tok.text), found[0], "acronym")
        elif tok.text in gazetteer.by_demonym and tok.pos_ in ("ADJ", "PROPN", "NOUN") and not _nisba(tok, text):
            keep(tok.idx, tok.idx + len(tok.text), gazetteer.by_demonym[tok.text], "demonym")
    _match_generic(doc, result, gazetteer, keep)
    _match_units(text, result, keep)
    _match_protest_movement(doc, result, keep)
    _learn_defined(text, result, gazetteer, keep)
    capitalised = [doc[i] for i, at in enumerate(doc.to_array("IDX").tolist()) if text[at:at + 1].isupper()]
    _match_surnames(capitalised, result, gazetteer, keep)
    _add_entities(doc, result, gazetteer, keep, is_place, places)
    _match_titled(doc, capitalised, result, keep, is_place)
    result.sort()
    return result


class _TokenAt:
    """The token starting at a character offset (``.get(offset)``, None if none starts there),
    looked up on demand rather than indexed for every token."""

    def __init__(self, doc):
        self.doc = doc

    def get(self, offset: int):
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None or not len(span) or span[0].idx != offset:
            return None
        return span[0]


def _sure_ids(gazetteer: ActorGazetteer, forms, words) -> list[str]:
    """The actors of forms with one reading only (the evidence of where an article is set)."""
    out = []
    for _, _, key in forms:
        default, others = gazetteer.readings[key]
        if default is not None and not others:
            out.append(default[0])
    for tok in words:
        if tok.text in gazetteer.acronym_readings:
            continue
        out.append(gazetteer.by_acronym.get(tok.text) or gazetteer.by_demonym[tok.text])
    return out


def _nisba(tok, text: str) -> bool:
    """A demonym that ends a person's name ("Abu Jandal al-Kuwaiti", "al-Masri"): no state."""
    return bool(re.search(r"\b[Aa]l[\-‐ ]$", text[max(0, tok.idx - 3):tok.idx])) or tok.ent_type_ == "PERSON"


def _acts_as_party(doc, token_at, start: int, end: int) -> bool:
    """A capital city named as a party ("Washington said"), not as a place ("in Baghdad")."""
    tok = token_at.get(start)
    if tok is None:
        return False
    head = tok
    while head.dep_ in ("compound", "flat") and head.head != head:
        head = head.head
    if head != tok and head.ent_type_ not in ("GPE", ""):
        return False
    if head.dep_ == "pobj":
        return head.head.lower_ in ("by", "against", "with", "between")
    return head.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "conj") and \
        head.head.lemma_ not in ("be",) and head.ent_iob_ != "I"


_PLACE_WORD_BEFORE = re.compile(r"(?:(?:^|[^\w'’-])(?:Middle|Lower|Upper|North|South|East|West|Northern|Southern|"
                                r"Eastern|Western|Central|Greater|Old)|[A-Z][\w'’]*[ \-](?:da|de|do|dos|das|del|della|di|"
                                r"du|la|le|el|al))[ \-]$")


def _after_place_word(text: str, start: int) -> bool:
    """A seat of government named inside a longer place name ("Middle Juba", "Greater Kabul",
    "Mocimboa da Praia")."""
    return bool(_PLACE_WORD_BEFORE.search(text, max(0, start - 30), start))


def _inside_place_name(doc, token_at, start: int, end: int, text: str) -> bool:
    """A state name that is part of a longer place name ("Baghdad International Airport")."""
    after = text[end:end + 30]
    return bool(re.match(r"\s+(International\s+)?(Airport|Air Base|Base|Province|Governorate|Square|"
                         r"Street|Bridge|Dam|University|Hospital|City|airport|base|province|governorate)\b", after))


# Words around a generic form that make it some other body of that kind: "a coalition", "the
# ruling coalition", "coalition talks" are about a government, not the military coalition.
OTHER_SENSE_BEFORE = {"ruling", "governing", "electoral", "parliamentary", "opposition", "shia", "shiite",
                      "sunni", "kurdish", "broad", "largest", "winning", "grand", "national", "political", "tribal"}
OTHER_SENSE_AFTER = {"government", "governments", "talks", "agreement", "deal", "cabinet", "politics", "list",
                     "bloc", "seats", "negotiations", "building", "formation"}


def _match_generic(doc, result: ArticleActors, gazetteer: ActorGazetteer, keep) -> None:
    """Common nouns that name an actor in context: "the Coalition" is the coalition against the
    Islamic State in an article that names the Islamic State (gazetteer fields ``generic`` and
    ``context``).  The form is skipped where it is indefinite or new ("a coalition", "another
    coalition"), has a political sense ("the ruling coalition", "coalition talks"), or ends a
    longer capitalised name ("Syrian Arab Coalition")."""
    if not gazetteer.generic:
        return
    named = {m.actor_id for m in result.mentions}
    by_form = {f: (a, ctx) for f, a, ctx in gazetteer.generic if ctx & named}
    low = result.text.lower()
    if not any(f in low for f in by_form):
        return  # no token is the form or has it as its lemma (the forms are regular nouns)
    result.sort()  # the lookups below need the index
    for tok in _tokens_with_forms(doc, by_form):
        actor_id, ctx = by_form.get(tok.lower_) or by_form.get(tok.lemma_.lower()) or (None, None)
        if actor_id is None or tok.pos_ not in ("NOUN", "PROPN") or not _generic_reading(tok, result, ctx):
            continue
        keep(tok.idx, tok.idx + len(tok.text), actor_id, "generic")


def _tokens_with_forms(doc, forms) -> list:
    """The tokens whose lower-case text or lower-cased lemma is one of ``forms``, in order (read
    from the doc's arrays: the strings of its distinct words, not of every token)."""
    strings = doc.vocab.strings
    rows = doc.to_array(["LOWER", "LEMMA"]).tolist()
    wanted: dict[int, bool] = {}
    out = []
    for i, (lower, lemma) in enumerate(rows):
        for h in (lower, lemma):
            hit = wanted.get(h)
            if hit is None:
                hit = wanted[h] = strings[h].lower() in forms
            if hit:
                out.append(doc[i])
                break
    return out


def _generic_reading(tok, result: ArticleActors, context: frozenset[str]) -> bool:
    """Whether a generic form at ``tok`` is the contextual actor (see :func:`_match_generic`)."""
    doc = tok.doc
    mods = [c for c in tok.children if c.i < tok.i]
    if any(c.lower_ in INDEFINITE | NEW_REFERENTS | OTHER_SENSE_BEFORE for c in mods):
        return False
    if any(m.actor_id not in context for c in mods for t in c.subtree for m in result.at(t.idx, t.idx + len(t.text))):
        return False  # "the Iranian regime" is not the Syrian one
    if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in OTHER_SENSE_AFTER:
        return False
    j = tok.i - 1  # a capitalised run just before makes another name, unless it names the context
    run = []       # ("Counter-Daesh Coalition" is ours, "Syrian Arab Coalition" is not)
    while j >= 0 and doc[j].text[:1].isupper() and doc[j].pos_ == "PROPN" and not doc[j].is_sent_start:
        run.append(doc[j])
        j -= 1
    return not run or any(m.actor_id in context for t in run for m in result.at(t.idx, t.idx + len(t.text)))


def _learn_defined(text: str, result: ArticleActors, gazetteer: ActorGazetteer, keep) -> None:
    for m in _DEFINED.finditer(text):
        acronym = m.group(2) or m.group(3) or m.group(4)
        long_name = _trim_to_acronym(re.sub(r"^(?:the|The)\s+", "", m.group(1).strip(" -")), acronym)
        strict = bool(m.group(3) or m.group(4))  # no brackets to vouch for it: the initials must spell it
        if not acronym or acronym.lower() == long_name.lower() or len(long_name.split()) < 2 or is_clock_word(acronym):
            continue
        known = gazetteer.by_acronym.get(acronym)
        if strict and (known or not _initials_match(long_name, acronym)):
            continue  # "the Iraqi PMF" is not a definition of PMF
        entry = gazetteer.lookup(long_name, result.weights) or _lookup_tail(long_name, gazetteer, result.weights)
        if entry is None:
            if acronym in gazetteer.by_acronym or not _plausible_actor(long_name, "ORG"):
                continue  # "the Joint Comprehensive Plan of Action (JCPOA)" is an agreement, not an actor
            if strict and not _initials_match(long_name, acronym):
                continue
            actor_id = slug(long_name)
            result.created.setdefault(actor_id, Actor(id=actor_id, name=long_name, type=infer_type(long_name),
                                                      aliases=(acronym,), known=False))
            at = m.start(1) + max(0, m.group(1).find(long_name))
            keep(at, at + len(long_name) if long_name in m.group(1) else m.start(1) + len(m.group(1).rstrip(" -")),
                 actor_id, "defined")
        else:
            actor_id = entry.id
        result.defined[acronym] = actor_id
        for am in re.finditer(rf"\b{re.escape(acronym)}\b", text):
            keep(am.start(), am.end(), actor_id, "defined")


def _trim_to_acronym(long_name: str, acronym: str | None) -> str:
    """A long name without the words before those the acronym spells ("Leaders of the Ruby
    Valley Liberation Front (RVLF)" -> "Ruby Valley Liberation Front")."""
    if not acronym:
        return long_name
    words = long_name.split()
    letters = acronym.replace("-", "").upper()
    for k in range(1, len(words) - 1):
        rest = words[k:]
        if rest[0][:1].upper() == letters[:1] and "".join(w[0] for w in rest if w[:1].isupper()).upper() == letters:
            return " ".join(rest)
    return long_name


def _lookup_tail(name: str, gazetteer: ActorGazetteer, weights: dict[str, float] | None = None) -> GazetteerEntry | None:
    """The gazetteer actor named by the end of a longer capitalised run ("called Asa'ib Ahl al-Haq")."""
    words = name.split()
    for i in range(1, len(words) - 1):
        e = gazetteer.lookup(" ".join(words[i:]), weights)
        if e:
            return e
    return None


def _initials_match(name: str, acronym: str) -> bool:
    initials = "".join(w[0] for w in re.split(r"[\s\-]+", name) if w and w[0].isupper())
    return acronym.upper() in initials.upper() or initials.upper().startswith(acronym.upper()[:2])


def _match_surnames(capitalised, result: ArticleActors, gazetteer: ActorGazetteer, keep) -> None:
    """Short forms of persons already named in full in this article (``capitalised``: the
    article's tokens that begin with a capital, in order)."""
    named = {m.actor_id for m in result.mentions if m.kind == "name"}
    first_at = {}
    for m in result.mentions:
        first_at.setdefault(m.actor_id, m.start)
    for tok in capitalised:
        for v in name_variants(tok.text):
            known = gazetteer.surnames.get(v, ())
            candidates = [a for a in known if a in named and first_at[a] < tok.idx]
            if not candidates and len(known) == 1 and tok.ent_type_ in ("PERSON", "ORG", ""):
                candidates = list(known)  # a surname only one known person has ("Trump")
            if len(candidates) == 1:
                keep(tok.idx, tok.idx + len(tok.text), candidates[0], "surname")
                break


def _add_entities(doc, result: ArticleActors, gazetteer: ActorGazetteer, keep, is_place=None,
                  places: "_Places | None" = None) -> None:
    """spaCy PERSON/ORG entities the gazetteer does not know become new actors.

    A lone surname is a person only after a title or rank ("Ambassador Saperstein", "Gen. Coe");
    full names are read first so that such a surname joins the person named in full.  A name
    the article uses as a place is none ("Sarmin (Idleb, Idleb)", a town the place gazetteer
    found there, a name of a location list); a place glued to a name is cut off ("Carteles
    Unidos in Aguililla"); the acronym of an unclosed parenthetical is learnt ("Farabundo Marti
    National Liberation Front (FMLN")."""
    places = places or _Places()
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG")]
    ents.sort(key=lambda e: e.label_ == "PERSON" and len(_clean_entity(e).split()) == 1)
    for ent in ents:
        name = _clean_entity(ent)
        if not name:
            continue
        start = ent.start_char + ent.text.index(name)
        end = start + len(name)
        start, end = places.trim(result.text, start, end)
        name = result.text[start:end]
        if not name:
            continue
        acronym = _unclosed_acronym(ent.text, name)
        reading = gazetteer.lookup_kind(name, result.weights)
        entry = reading[0] if reading else None
        if entry and reading[1] == "metonym":
            if _acts_as_party(doc, _TokenAt(doc), start, end) and not _after_place_word(result.text, start):
                keep(start, end, entry.id, "metonym")  # "Erbil airport" stays a place (see keep)
            continue
        if entry:
            keep(start, end, entry.id, "name")
            _learn_acronym(result, acronym, entry.id, keep)
            continue
        surname_of = _known_person_with_surname(name, result) or _known_person_with_given_name(name, start, result)
        if surname_of:
            keep(start, end, surname_of, "surname")
            continue
        if places.is_place_name(name, start, end):
            continue
        titled = ent.label_ == "PERSON" and " " not in name and _titled(ent)
        if not _plausible_actor(name, ent.label_, titled) or (is_place is not None and is_place(name)):
            continue
        atype = "person" if ent.label_ == "PERSON" or _person_by_apposition(ent) else infer_type(name)
        if atype == "person" and name.split()[-1].lower() in UNIT_WORDS:
            atype = "state_military"  # "Abel Battery", "Charlie Company": a unit the tagger took for a person
        actor_id = slug(name)
        result.created.setdefault(actor_id, Actor(id=actor_id, name=name, type=atype, known=False,
                                                  aliases=(acronym,) if acronym else ()))
        keep(start, end, actor_id, "ner")
        _learn_acronym(result, acronym, actor_id, keep)


def _unclosed_acronym(entity_text: str, name: str) -> str | None:
    """The acronym an entity's unclosed parenthetical gives its name ("… Front (FMLN" -> FMLN)."""
    if "(" not in entity_text or ")" in entity_text[entity_text.index("("):]:
        return None
    tail = entity_text[entity_text.index("(") + 1:].strip()
    if re.fullmatch(r"[A-Z][A-Za-z\-]{1,7}", tail) and sum(c.isupper() for c in tail) >= 2 \
            and _initials_match(name, tail):
        return tail
    return None


def _learn_acronym(result: ArticleActors, acronym: str | None, actor_id: str, keep) -> None:
    """An acronym the article defines for an actor: every use of it names that actor."""
    if not acronym or acronym in result.defined:
        return
    result.defined[acronym] = actor_id
    for am in re.finditer(rf"\b{re.escape(acronym)}\b", result.text):
        keep(am.start(), am.end(), actor_id, "defined")


# A location list in parentheses after a place, as event notes write it: "Oicha (Beni, Nord-Kivu)",
# "Kraaifontein (City of Cape Town, Western Cape)": two to four capitalised names, comma-separated.
_LOCATION_LIST = re.compile(r"\(\s*([A-Z][^(),;:\d]{0,40}?(?:\s*,\s*[A-Z][^(),;:\d]{0,40}?){1,3})\s*\)")
_NAME_BEFORE = re.compile(r"(?<![\w'’.\-])((?:[A-Z][\w'’.\-]*)(?:[ \-](?:[A-Z][\w'’.\-]*|de|del|al|el|la|le|du|des|di)){0,4})\s*$")
_PLACE_TAIL = re.compile(r"\s+(?:in|at|near)\s+(?:the\s+)?[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3}$")


@dataclass
class _Places:
    """What an article says is a place, for telling place names from actor names: the spans of
    the towns, sites and regions the place gazetteer found in it, and its location lists ("Town
    (District, Region)" after a place: every name of the list and the town before it)."""
    spans: list[tuple[int, int]] = field(default_factory=list)
    lists: list[tuple[int, int]] = field(default_factory=list)   # the names of location lists
    names: set[str] = field(default_factory=set)                  # those names, folded

    @classmethod
    def read(cls, text: str, place_spans: Sequence[tuple[int, int]]) -> "_Places":
        out = cls(spans=sorted(place_spans))
        if "(" not in text:
            return out
        for m in _LOCATION_LIST.finditer(text):
            items = []
            for part in re.finditer(r"[^,]+", m.group(1)):
                s, e = m.start(1) + part.start(), m.start(1) + part.end()
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                items.append((s, e))
            before = _NAME_BEFORE.search(text, max(0, m.start() - 60), m.start())
            if before:
                items.append((before.start(1), before.end(1)))
            if not any(out.overlaps_place(s, e) for s, e in items):
                continue  # "the SDF (Kurdish-led, US-backed)": no place in it
            out.lists.extend(items)
            out.names.update(fold(text[s:e]) for s, e in items)
        return out

    def overlaps_place(self, start: int, end: int) -> bool:
        return any(s < end and e > start for s, e in self.spans)

    def in_list(self, start: int, end: int) -> bool:
        return any(s < end and e > start for s, e in self.lists)

    def is_place_name(self, name: str, start: int, end: int) -> bool:
        """A name the article uses as a place: a found town, site or region itself, a name of a
        location list, or the same name written elsewhere in the article ("Uttar Pradesh police
        … near Mathura (Mathura, Uttar Pradesh)")."""
        if any(s <= start and end <= e for s, e in self.spans) or self.in_list(start, end):
            return True
        return fold(name) in self.names

    def trim(self, text: str, start: int, end: int) -> tuple[int, int]:
        """A name without a place glued to its end ("Carteles Unidos in Aguililla")."""
        m = _PLACE_TAIL.search(text, start, end)
        if m is None or m.start() <= start:
            return start, end
        place = m.start() + re.match(r"\s+\w+\s+(?:the\s+)?", text[m.start():end]).end()
        return (start, m.start()) if self.is_place_name(text[place:end], place, end) else (start, end)


_TITLE_WORDS = {"president", "prime", "minister", "general", "major", "commander", "supreme", "leader",
                "ayatollah", "sheikh", "shaykh", "secretary", "defense", "defence", "foreign", "former",
                "mr", "mrs", "ms", "dr", "colonel", "lieutenant", "brigadier", "cleric", "imam",
                "spokesman", "spokesperson", "deputy", "vice", "chief", "senator", "king", "emir",
                "crown", "prince", "sayyid", "hajj", "haj",
                # ranks and offices of military and diplomatic releases, with their abbreviations
                "gen", "maj", "lt", "col", "capt", "captain", "cmdr", "cdr", "commodore", "adm", "admiral", "rear",
                "sgt", "sergeant", "staff", "cpl", "corporal", "pvt", "private", "spc", "specialist", "petty",
                "officer", "ambassador", "envoy", "advisor", "adviser", "special", "undersecretary", "amb"}
# Service names that open a person's title in military releases ("Army Lt. Gen. X", "Navy Capt. Y").
_SERVICE_WORDS = {"army", "navy", "air", "force", "marine", "marines", "coast", "guard", "u.s.", "us"}


# Titles that, written before a lone capitalised word, make it a person's surname.
_NAME_TITLES = {"ambassador", "secretary", "advisor", "adviser", "envoy", "gen", "general", "col", "colonel", "capt",
                "captain", "lt", "maj", "major", "sgt", "sergeant", "commodore", "admiral", "adm", "brig", "cmdr",
                "minister", "president", "senator", "mr", "mrs", "ms", "dr", "sheikh", "ayatollah"}
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}


def _match_titled(doc, capitalised, result: ArticleActors, keep, is_place=None) -> None:
    """'Special Advisor Thames', 'Ambassador Saperstein' the tagger missed: a capitalised word
    after a title and before no other name word is a person's surname (joined to the person
    named in full, if any).  ``capitalised``: the tokens of ``doc`` that begin with a capital."""
    for tok in capitalised:
        if tok.i == 0 or tok.pos_ != "PROPN" or not tok.text[1:].islower():
            continue
        prev = doc[tok.i - 1] if doc[tok.i - 1].text != "." or tok.i < 2 else doc[tok.i - 2]
        if prev.lower_.strip(".") not in _NAME_TITLES or not prev.text[:1].isupper():
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        low = tok.lower_
        if (nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper()) or low in _TITLE_WORDS or \
                low in _CALENDAR or low in GENERIC_ORG_WORDS or low in _SERVICE_WORDS or is_clock_word(tok.text) \
                or result.at(tok.idx, tok.idx + 1) \
                or tok.ent_type_ in ("GPE", "LOC", "NORP", "DATE", "FAC") or (is_place is not None and is_place(tok.text)):
            continue
        start, end = tok.idx, tok.idx + len(tok.text)
        actor_id = _known_person_with_surname(tok.text, result) or slug(tok.text)
        if actor_id not in result.created and not result.gazetteer.get(actor_id):
            result.created[actor_id] = Actor(id=actor_id, name=tok.text, type="person", known=False)
        keep(start, end, actor_id, "surname" if actor_id != slug(tok.text) else "ner")


def _titled(ent) -> bool:
    """A name with a title or rank in or just before it ("Gen. Coe", "Ambassador Saperstein")."""
    words = ent.text.split()
    if len(words) > 1 and words[0].lower().strip(".,") in _TITLE_WORDS:
        return True
    i = ent.start - 1
    if i >= 0 and ent.doc[i].text == ".":  # "Col." may be split as "Col" + "."
        i -= 1
    return i >= 0 and ent.doc[i].lower_.strip(".") in _TITLE_WORDS and ent.doc[i].text[:1].isupper()


def _clean_entity(ent) -> str:
    """The name an entity gives, without titles, articles, a trailing "militia" or possessive, and
    without a parenthetical the tagger left unclosed ("… Front (FMLN", "Sarmin (Idleb, Idleb")."""
    text = ent.text
    if "(" in text and ")" not in text[text.index("("):]:
        text = text[:text.index("(")]
    words = text.strip().split()
    titles = _TITLE_WORDS | (_SERVICE_WORDS if ent.label_ == "PERSON" else set())
    while words and (words[0].lower().strip(".,") in titles or words[0].lower() in ("the", "a", "an")):
        words = words[1:]
    while words and words[-1].lower().strip(".,") in ("militia", "militias", "'s", "’s"):
        words = words[:-1]
    name = " ".join(words).strip(" ,.;:–-’'\"“”")
    name = re.sub(r"['’]s$", "", name)
    return name if name in ent.text else ""


def _known_person_with_surname(name: str, result: ArticleActors) -> str | None:
    if " " in name:
        return None
    folded = name_variants(name)
    for actor in result.created.values():
        if actor.type == "person" and folded & name_variants(actor.name.split()[-1]):
            return actor.id
    return None


HUMAN_NOUNS = {"activist", "academic", "adviser", "advisor", "analyst", "blogger", "brother", "businessman",
               "businesswoman", "candidate", "cleric", "daughter", "doctor", "engineer", "father", "figure",
               "husband", "imam", "journalist", "judge", "lawmaker", "lawyer", "mother", "novelist", "photographer",
               "poet", "politician", "professor", "researcher", "son", "student", "teacher", "wife", "writer"}


def _person_by_apposition(ent) -> bool:
    """A name the tagger did not call a person but that its apposition calls one ("Reham
    Yacoub, a doctor and a leading figure of …")."""
    appos = [c for c in ent.root.children if c.dep_ == "appos"]
    appos += [x for c in appos for x in c.children if x.dep_ == "conj"]
    return any(c.lemma_.lower() in HUMAN_NOUNS for c in appos)


def _known_person_with_given_name(name: str, start: int, result: ArticleActors) -> str | None:
    """A lone given name after the person was named in full ("Qais al-Khazali … Qais and his
    brother"): that person, when exactly one person named before has that first name."""
    if " " in name:
        return None
    folded = name_variants(name)
    found = set()
    for m in result.mentions:
        if m.start >= start or m.kind not in ("name", "ner") or result.entry_type(m.actor_id) != "person":
            continue
        full = result.text[m.start:m.end].split()
        if len(full) > 1 and folded & name_variants(full[0]):
            found.add(m.actor_id)
    return found.pop() if len(found) == 1 else None


GENERIC_ORG_WORDS = {"state", "department", "ministry", "army", "police", "government", "council", "court",
                     "parliament", "congress", "senate", "house", "office", "agency", "command", "force", "forces",
                     "group", "party", "coalition", "alliance", "movement", "front", "brigade", "division",
                     "company", "bank", "university", "embassy", "media", "union", "league", "guards", "treasury",
                     "pentagon", "cabinet", "presidency", "militia", "militias", "authorities", "navy", "marines",
                     "fleet", "airmen", "soldiers", "troops", "corps"}


UNIT_WORDS = {"battery", "company", "battalion", "squadron", "regiment", "brigade", "division", "platoon", "troop",
              "detachment", "flotilla", "wing", "fleet"}
# A numbered military unit: "507th Air Refueling Wing", "2nd Battalion", "5th Special Forces Group".
UNIT_NAME = re.compile(r"^\d+(?:st|nd|rd|th)\s+(?:[A-Z][\w\-]*\s+){0,4}(?:Wing|Group|Squadron|Battalion|Brigade|"
                       r"Division|Regiment|Fleet|Corps|Battery|Company|Army|Command|Detachment|Flotilla)$")


_UNIT_IN_TEXT = re.compile(r"\b\d+(?:st|nd|rd|th)\s+(?:[A-Z][\w\-]*\s+){0,4}(?:Wing|Group|Squadron|Battalion|Brigade|"
                           r"Division|Regiment|Fleet|Corps|Battery|Company|Army|Command|Detachment|Flotilla)\b")
# "Task Force 50", "Combined Task Force (CTF) 50", "CTF 50", "TF 55": numbered task forces
_TASK_FORCE = re.compile(r"\b(?:(?:Combined\s+|Joint\s+)*Task\s+Force\s+(?:\((?P<abbr>C?J?TF)\)\s*)?|"
                         r"(?P<short>C?J?TF)[\s\-]?)(?P<n>\d{1,3})\b")
# "407th AEG": a numbered unit by its initials, the same actor as "407th Air Expeditionary Group"
_UNIT_ABBR = re.compile(r"\b(\d+(?:st|nd|rd|th))\s+([A-Z]{2,5})\b")


PROTEST_WORDS = {"protest", "protester", "protestor", "demonstration", "demonstrator"}


def _match_protest_movement(doc, result: ArticleActors, keep) -> None:
    """'the (local) protest movement': the movement of the article's protests, one actor named
    by what it is ("Protest movement"), which people can belong to ("a leading figure of the
    protest movement"); unlike a crowd ("protesters") it is an organised party."""
    if "movement" not in result.text.lower():
        return  # no token can have the lemma
    for tok in doc:
        if tok.lemma_.lower() != "movement" or tok.pos_ != "NOUN":
            continue
        if not any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in PROTEST_WORDS for c in tok.children):
            continue
        start = min(c.idx for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i)
        result.created.setdefault("protest-movement", Actor(id="protest-movement", name="Protest movement",
                                                            type="civilians", known=False))
        keep(start, tok.idx + len(tok.text), "protest-movement", "movement")


def _match_units(text: str, result: ArticleActors, keep) -> None:
    """Numbered military units the tagger may miss ("the 158th Fighter Wing", "Task Force 50",
    "the 407th AEG"): new actors of type state_military, one per unit however it is written."""
    by_initials: dict[tuple[str, str], str] = {}
    for m in _UNIT_IN_TEXT.finditer(text):
        name = m.group(0)
        actor_id = slug(name)
        result.created.setdefault(actor_id, Actor(id=actor_id, name=name, type="state_military", known=False))
        keep(m.start(), m.end(), actor_id, "ner")
        words = name.split()
        by_initials[(words[0], "".join(w[0] for w in words[1:] if w[:1].isupper()))] = actor_id
    for m in _UNIT_ABBR.finditer(text):
        full = by_initials.get((m.group(1), m.group(2)))
        actor_id = full or slug(m.group(0))
        result.created.setdefault(actor_id, Actor(id=actor_id, name=m.group(0), type="state_military", known=False))
        if full:
            result.defined.setdefault(m.group(0), full)
        keep(m.start(), m.end(), actor_id, "ner")
    for m in _TASK_FORCE.finditer(text):
        number = m.group("n")
        actor_id = f"task-force-{number}"
        abbr = m.group("abbr") or m.group("short")
        result.created.setdefault(actor_id, Actor(id=actor_id, name=f"Task Force {number}", type="state_military",
                                                  known=False))
        if abbr:
            result.defined.setdefault(f"{abbr} {number}", actor_id)
        keep(m.start(), m.end(), actor_id, "ner")


def _plausible_actor(name: str, label: str, titled: bool = False) -> bool:
    """Whether an entity the tagger found can be an actor ("the 2nd Battalion" can, "Reuters",
    "the Army" alone and "Trump Tower" cannot); a lone person's name needs a title before it."""
    low = name.lower()
    if " " not in low and low in GENERIC_ORG_WORDS or is_clock_word(name):
        return False
    if label == "ORG" and UNIT_NAME.match(name):
        return True
    if len(name) < 3 or not name[0].isupper() or any(ch.isdigit() for ch in name):
        return False
    if low.split()[0] in PLACE_PREPS:  # "Near Palmyra", "In Syria": a place the tagger took for a name
        return False
    if low in MEDIA or any(re.search(rf"\b{re.escape(w)}\b", low) for w in NOT_ACTOR_WORDS):
        return False
    if label == "PERSON":
        return (len(name.split()) >= 2 or titled) and all(w[:1].isupper() or w.lower() in ("al", "bin", "ibn", "abu", "el")
                                             or w.lower().startswith("al-") for w in name.split())
    return True


def infer_type(name: str) -> str:
    """An actor type from the words of an unknown organisation's name."""
    low = name.lower()
    if UNIT_NAME.match(name):
        return "state_military"
    for words, atype in ORG_TYPE_WORDS:
        if any(re.search(rf"\b{re.escape(w)}\b", low) for w in words):
            return atype
    return "other"
