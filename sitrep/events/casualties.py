"""Casualties: the dead and wounded a report states, and which event they belong to.

One reader, :func:`read_figures`, turns every casualty construction of a sentence into
:class:`Figure` records (kind, number, victims' class, and what the statement does to a running
total); :func:`settle` then gives each event of the article one figure for its dead and one for
its wounded. The older entry points (:func:`casualties`, :func:`_assign_casualties`,
:func:`_carry_casualties`, :func:`_no_casualties`) are built on the same reader.

Constructions read (each has a test in ``tests/test_events_casualties.py``):

* active, passive and participial verbs: "killing him", "killed three", "three were killed",
  "two wounded" (elided auxiliary), "died of their wounds", "succumbed", "was shot dead",
  "stabbed to death", "lost their lives", "claimed the lives of four", "blew himself up";
* adjectives and nouns: "left 11 dead and 100 wounded", "leaving 3 civilians dead and one
  injured", "was found dead", "3 deaths were reported", "the deaths of two guards",
  "two bodies were found", "the dead included two children" (a subset: used only when no total
  is told), "among the dead";
* running totals: "a death toll of 12", "the toll rose to 20", "put the number of dead at 4"
  (an update replaces the event's earlier figure instead of adding to it; a toll for a period,
  "January's toll", is not an event's figure);
* numbers: figures and number words ("twenty-five", "1,200", "two dozen"); bounds as written
  ("at least 5", "more than 40"); ranges at their lower bound ("between 10 and 15", "10 to 15",
  "10-15"); vague quantities as ACLED codes them ("dozens" 12, "scores" 20, "hundreds" 100,
  "several" 3: the table and its sources are in ``data/quantities.yaml``);
* who is counted: conjoined victims add up ("two soldiers and a civilian", "a policeman, his
  wife and their son"), a named or singular person counts one, "including …" / "among them …"
  name a subset and add nothing, a plural with no number ("killed all those on board",
  "killing them") is unknown (``None``, never 0); perpetrators count among the dead ("the
  attacker was killed", "the bomber and two officers"), as ACLED and the terrorism databases
  count every fatality of an event;
* none: "no one was hurt" (0 dead, 0 wounded), "no one was injured" (0 wounded), "no casualties"
  and "without casualties" (0 and 0), "no deaths were reported" (0 dead), "released unharmed";
  "casualties were not reported" and "an unknown number of civilians" are unknown, not 0;
* modality: figures someone claims ("the group claimed to have killed 30"), falsely states,
  denies, or that are only threatened or conditional are not facts and are left out; figures a
  source reports ("police said three were killed") are facts;
* other acts' dead: a death people act about ("protests over the killing of a student",
  "arrested in connection with the murder of …") is no figure of this report; a death an act
  comes after or answers ("a day after a rocket attack killed two", "in retaliation for the
  killing of …") stays with the mentioned act's own event, if it has one; a toll over a period
  ("13,000 have died since 1980", "killed over the past two weeks") and a background act set
  before the report's ("Last year, a similar ambush killed 11") are not the report's figures;
  "killed or captured" counts neither.

How an article's figures become an event's (ACLED's rules where it has one; ACLED, "Fatalities",
Knowledge Base, 2023: the most conservative of differing reports stands):

* a figure belongs to the event whose trigger governs it in its sentence, else to the nearest
  event of that sentence; a sentence with no act of its own ("Three soldiers were killed.", or
  only the act its casualty word makes) tells the figures of the act just told, up to two
  sentences back (three for "no casualties"), unless it has its own date or place or says
  "in a separate attack";
* within one sentence distinct clauses add up ("three soldiers were killed and two civilians
  died"), unless each figure comes from a different source ("police said 5, residents 9"): the
  lowest stands;
* across sentences, for one event: an update replaces; "also", "another", "more", "others" add;
  a figure about another class of victims adds (soldiers, then militants); the same dead told
  again ("the five soldiers who were killed …", "the dead included …") and a generic total
  ("12 people") against its parts keep the larger figure; differing figures for the same class
  keep the most conservative.
* a figure another stage set (a headline's shallow reading) stands when no sentence of the
  event tells a figure this reader can read.

Every stage is linear in the sentence (each token looks at its children and a bounded number of
ancestors).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..datafiles import read_yaml_mapping
from ..errors import DataFileError
from .arguments import np_actors
from .drafts import NUMBER_WORDS, Draft, _lemma, sent_of, span_text
from .lexicon import Lexicon
from .modality import _claim_context, _is_irrealis
from .scope import SEPARATORS, _separated

DATA = Path(__file__).resolve().parent.parent / "data"
BUNDLED_FILES = (DATA / "casualties.yaml", DATA / "quantities.yaml")

KILLED, INJURED = "killed", "injured"
FACT = "fact"

# Kept for other modules (codebook, speech) that ask "is this a killing / wounding word".
KILL = {"kill", "killing", "die", "dead", "death", "murder", "slay", "behead", "execute"}
WOUND = {"wound", "injure", "injury", "wounding", "hurt"}
_LIST_KEYS = ("kill_verbs", "person_verbs", "to_death_verbs", "die_verbs", "wound_verbs", "death_nouns", "injury_nouns",
              "suffer_verbs", "casualty_nouns", "toll_nouns", "update_verbs", "find_verbs", "body_nouns", "collectives")
_CLASSES = ("state", "armed", "civilian", "generic")
_KNOWN_KEYS = {"version", "units", "vague", "victims", *_LIST_KEYS}


@dataclass(frozen=True)
class CasualtyLexicon:
    """The casualty words and quantity table (``data/casualties.yaml`` + ``data/quantities.yaml``).

    ``units``: unit lemma -> value of one unit ("dozen" -> 12); ``vague``: quantity word -> the
    number coded ("several" -> 3); ``victims``: noun lemma -> victim class (state, armed,
    civilian, generic); the other fields are lemma sets named as in the data file."""
    kill_verbs: frozenset[str]
    person_verbs: frozenset[str]
    to_death_verbs: frozenset[str]
    die_verbs: frozenset[str]
    wound_verbs: frozenset[str]
    death_nouns: frozenset[str]
    injury_nouns: frozenset[str]
    suffer_verbs: frozenset[str]
    casualty_nouns: frozenset[str]
    toll_nouns: frozenset[str]
    update_verbs: frozenset[str]
    find_verbs: frozenset[str]
    body_nouns: frozenset[str]
    collectives: frozenset[str]
    units: Mapping[str, int]
    vague: Mapping[str, int]
    victims: Mapping[str, str]
    vocabulary: frozenset[str] = frozenset()  # every word that can open a casualty reading


def read_casualty_file(path: str | Path) -> dict:
    """One casualty/quantity data file as a checked mapping. Raises DataFileError (E300: not
    readable or not a mapping, E301: unknown key, wrong value type, or a version other than 1)."""
    data = read_yaml_mapping(path, "casualty data", "a mapping (units, vague, kill_verbs, …)")
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise DataFileError(f"{path}: unknown keys {sorted(unknown)}", code="E301")
    if data.get("version", 1) != 1:
        raise DataFileError(f"{path}: version {data.get('version')!r} is not supported (1)", code="E301")
    for key in ("units", "vague"):
        table = data.get(key) or {}
        if not isinstance(table, dict) or not all(
                isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in table.values()):
            raise DataFileError(f"{path}: {key} maps words to whole numbers", code="E301")
    for key in _LIST_KEYS:
        if not isinstance(data.get(key) or [], list) or not all(isinstance(x, str) for x in data.get(key) or []):
            raise DataFileError(f"{path}: {key} is a list of words (quote words YAML reads otherwise)", code="E301")
    victims = data.get("victims") or {}
    if not isinstance(victims, dict) or set(victims) - set(_CLASSES) or \
            not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in victims.values()):
        raise DataFileError(f"{path}: victims maps {', '.join(_CLASSES)} to lists of nouns", code="E301")
    return data


def build_casualty_lexicon(datas: Sequence[tuple[str, dict]]) -> CasualtyLexicon:
    """Merge checked data files in order (later files win for a word's number or class)."""
    sets: dict[str, set[str]] = {k: set() for k in _LIST_KEYS}
    units: dict[str, int] = {}
    vague: dict[str, int] = {}
    victims: dict[str, str] = {}
    for _, data in datas:
        for k in _LIST_KEYS:
            sets[k] |= {str(x).lower() for x in data.get(k) or ()}
        units.update({str(k).lower(): int(v) for k, v in (data.get("units") or {}).items()})
        vague.update({str(k).lower(): int(v) for k, v in (data.get("vague") or {}).items()})
        for cls in _CLASSES:
            victims.update({str(w).lower(): cls for w in (data.get("victims") or {}).get(cls) or ()})
    words = set().union(*(sets[k] for k in _LIST_KEYS
                          if k not in ("collectives", "find_verbs", "update_verbs", "suffer_verbs", "person_verbs")))
    words |= {"dead", "injured", "wounded", "number", "life", "lose", "blow", "shoot", "gun", "cut", *_UNHARMED}
    return CasualtyLexicon(**{k: frozenset(v) for k, v in sets.items()}, units=units, vague=vague, victims=victims,
                           vocabulary=frozenset(words))


@functools.lru_cache(maxsize=4)
def _load(files: tuple[str, ...]) -> CasualtyLexicon:
    return build_casualty_lexicon([(p, read_casualty_file(p)) for p in files])


def load_casualty_lexicon(extra_files: Sequence[str | Path] = ()) -> CasualtyLexicon:
    """The bundled casualty words and quantity table, extended by ``extra_files`` (same shape)."""
    return _load(tuple(str(f) for f in (*BUNDLED_FILES, *extra_files)))


def load_quantities(extra_files: Sequence[str | Path] = ()) -> Mapping[str, int]:
    """Quantity words -> number coded: the vague words and the unit plurals ("dozens" -> 12)."""
    lex = load_casualty_lexicon(extra_files)
    return {**lex.vague, **{u + "s": v for u, v in lex.units.items()}}


@dataclass(frozen=True)
class Figure:
    """One statement of dead or wounded.

    ``kind``: "killed" or "injured"; ``count``: people (``None``: victims told but not counted);
    ``token``: the casualty word (spaCy token); ``groups``: victim classes; ``lower``: the number
    is a lower bound (at least, more than, a range, a vague word); ``update``: a running total
    that replaces earlier figures; ``also``: adds to a figure told before; ``restated``: the
    same dead told again ("the five soldiers who were killed"); ``subset``: only some of the dead
    ("the dead included two children"); ``zero``: none ("no one was hurt"); ``source``: index of
    the speech verb that attributes it, if any; ``modality``: "fact", "claimed", "false",
    "denied" or "irrealis"; ``perpetrator``: the figure is only the attacker's own death;
    ``victims``: the victims' head tokens, when the sentence names them; ``was_wounded``: the
    dead are wounded who died ("succumbed to his injuries", "two of the wounded later died")."""
    kind: str
    count: int | None
    token: object
    groups: frozenset[str] = frozenset()
    lower: bool = False
    update: bool = False
    also: bool = False
    restated: bool = False
    subset: bool = False
    zero: bool = False
    source: int | None = None
    modality: str = FACT
    perpetrator: bool = False
    victims: tuple = ()
    was_wounded: bool = False


@dataclass(frozen=True)
class _Count:
    value: int | None
    lower: bool = False
    zero: bool = False
    groups: frozenset[str] = frozenset()
    definite: bool = False
    others: bool = False


_NONE = _Count(None)
_ZERO_WORDS = {"nobody", "none", "noone"}
_ONE_PRONOUNS = {"he", "him", "she", "her", "himself", "herself"}
_UNKNOWN_PRONOUNS = {"they", "them", "themselves", "those", "these", "all", "everyone", "everybody", "anyone",
                     "anybody", "us", "we", "many", "some", "others"}
_DEFINITE = {"the", "these", "those", "this", "that", "its", "their", "his", "her", "our"}
_LOWER_MARKERS = {"least", "more", "over", "than", "above", "upwards", "plus"}
_ALSO_WORDS = {"also", "another", "more", "additional", "further", "other", "others", "third", "fourth", "fifth"}
_INCLUDE = {"include", "including"}
_PERIOD = {"month", "year", "week", "decade", "overall", "january", "february", "march", "april", "may", "june",
           "july", "august", "september", "october", "november", "december"}
_UNHARMED = {"unharmed", "unhurt", "unscathed", "uninjured"}
_RESULT_VERBS = {"leave", "find", "report", "declare", "confirm", "pronounce", "list"}
_NOT_KNOWN = {"report", "know", "confirm", "immediately", "clear", "available", "disclose", "give", "release"}


# ----------------------------------------------------------------------------- numbers

def _to_int(tok) -> int | None:
    """The whole number a single token writes ("12", "1,200", "twelve"), else None."""
    text = tok.text.replace(",", "").lower()
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def number_of(tok) -> int | None:
    """The number of people a victim noun phrase counts ("25 militia members", "two soldiers and
    a civilian"); ``None`` when it gives none."""
    return _np_count(tok, load_casualty_lexicon()).value


def _word_number(text: str, clex: CasualtyLexicon) -> int | None:
    text = text.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    if "-" in text:  # "twenty-five"
        parts = [NUMBER_WORDS.get(p) for p in text.split("-")]
        if all(p is not None for p in parts) and len(parts) == 2 and parts[0] >= 20 and parts[1] < 10:
            return parts[0] + parts[1]
    return None


def _range(text: str) -> int | None:
    m = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", text)
    return min(int(m.group(1)), int(m.group(2))) if m else None


def _number(tok, clex: CasualtyLexicon) -> _Count | None:
    """The number a number-like token states, with its range, bound and multipliers."""
    lower = False
    low = tok.lower_
    value = _word_number(low, clex)
    if value is None:
        value = _range(low)
        lower = value is not None
    unit = clex.units.get(_lemma(tok)) or clex.units.get(low.rstrip("s"))
    mult = [c for c in tok.children if c.dep_ in ("nummod", "compound", "quantmod") and
            _word_number(c.lower_, clex) is not None] if unit else []
    if unit and mult and _word_number(mult[0].lower_, clex) < unit:
        value = unit * _word_number(mult[0].lower_, clex)  # "two dozen", "three hundred"
    elif value is None and unit:
        if tok.tag_ in ("NNS",) or low.endswith("s"):
            value, lower = unit, True  # "dozens", "hundreds": one unit
        else:
            value = unit  # "a dozen", "hundred"
    elif value is not None and unit is None:
        for c in tok.children:  # "two hundred": hundred is the head in some parses, the modifier in others
            if c.dep_ == "compound" and clex.units.get(_lemma(c)):
                value *= clex.units[_lemma(c)]
            elif c.dep_ == "compound" and value < 10 and (_word_number(c.lower_, clex) or 0) >= 20:
                value += _word_number(c.lower_, clex)  # "twenty-eight" split at the hyphen
    if value is None and (low in clex.vague or _lemma(tok) in clex.vague):
        value, lower = clex.vague.get(low, clex.vague.get(_lemma(tok))), True
    if value is None:
        return None
    for c in tok.children:
        if c.dep_ == "quantmod" or (c.dep_ == "advmod" and c.lower_ in _LOWER_MARKERS):
            n = _word_number(c.lower_, clex)
            if n is not None:  # "10 to 15": the range's lower bound
                value, lower = min(value, n), True
            elif c.lower_ in _LOWER_MARKERS or any(g.lower_ in _LOWER_MARKERS for g in c.children):
                lower = True
            elif c.lower_ == "between":
                lower = True
        if c.dep_ == "amod" and c.lower_ in _LOWER_MARKERS:
            lower = True
        if c.dep_ == "conj" and c.pos_ == "NUM":  # "between 20 and 30", "20 or 30"
            n = _word_number(c.lower_, clex)
            if n is not None:
                value, lower = min(value, n), True
    return _Count(value, lower=lower)


def _is_numberish(tok, clex: CasualtyLexicon) -> bool:
    low = tok.lower_
    return tok.pos_ == "NUM" or tok.like_num or _word_number(low, clex) is not None or _range(low) is not None or \
        (low in clex.vague and tok.pos_ in ("ADJ", "NOUN", "NUM", "PRON", "DET")) or \
        (clex.units.get(_lemma(tok)) is not None and tok.pos_ in ("NOUN", "NUM"))


# ----------------------------------------------------------------------------- who is counted

def _group(tok, clex: CasualtyLexicon) -> frozenset[str]:
    lemma = _lemma(tok)
    cls = clex.victims.get(lemma) or clex.victims.get(tok.lower_)
    if cls is None:
        for c in tok.children:  # "security forces", "police officers": the modifier tells
            if c.dep_ in ("compound", "amod") and clex.victims.get(_lemma(c)) in ("state", "armed", "civilian"):
                cls = clex.victims[_lemma(c)]
                break
    if cls is None and (tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON"):
        cls = "civilian" if tok.ent_type_ == "PERSON" else None
    return frozenset({cls or "generic"})


def _np_count(tok, clex: CasualtyLexicon, depth: int = 0, person: bool = False) -> _Count:
    """How many people a victim noun phrase counts ("25 militia members", "two soldiers and a
    civilian", "him", "all those on board" -> unknown, "no one" -> zero). ``person``: the phrase
    is the object of a verb that takes only persons, so any singular noun counts one."""
    own = _own_count(tok, clex, person)
    conjs = [c for c in tok.children if c.dep_ == "conj"] if depth < 8 else []
    if not conjs or own.zero:
        return own
    if not any(c.dep_ == "cc" for t in [tok, *conjs] for c in t.children):
        # no "and": "one of his aides, Abu X" is an apposition the parser took for a list, but
        # "a leader, 26 members" (each with its own number) is a list
        conjs = [c for c in conjs if any(g.dep_ == "nummod" for g in c.children) or c.pos_ == "NUM"]
        if not conjs:
            return own
    if tok.pos_ == "NUM" and all(c.pos_ == "NUM" for c in conjs):
        return own  # a range, read by _number
    parts = [own] + [_np_count(c, clex, depth + 1, person) for c in conjs]
    known = [p for p in parts if p.value is not None]
    if not known:
        return _Count(None, groups=frozenset().union(*(p.groups for p in parts)))
    return _Count(sum(p.value for p in known), lower=any(p.lower for p in known) or len(known) < len(parts),
                  groups=frozenset().union(*(p.groups for p in parts)),
                  definite=all(p.definite for p in parts), others=any(p.others for p in parts))


def _own_count(tok, clex: CasualtyLexicon, person: bool = False) -> _Count:
    low, lemma = tok.lower_, _lemma(tok)
    definite = any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in tok.children)
    others = lemma in ("other", "another") or any(c.lower_ in ("other", "another", "more", "additional", "further")
                                                   for c in tok.children if c.dep_ in ("amod", "det", "advmod"))
    if low in _ZERO_WORDS or any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in tok.children):
        return _Count(0, zero=True)
    if low == "one" and any(c.lower_ == "no" for c in tok.children):
        return _Count(0, zero=True)
    if _is_numberish(tok, clex) and tok.pos_ in ("NUM", "ADJ", "DET", "PRON") or \
            (tok.pos_ == "NOUN" and _word_number(low, clex) is not None):
        n = _number(tok, clex)
        if n is not None:  # "three", "Seven of the nine soldiers", "dozens of civilians"
            groups = _of_groups(tok, clex)
            return _Count(n.value, lower=n.lower, groups=groups, definite=definite, others=others)
    if tok.pos_ == "NOUN" and clex.units.get(lemma) and tok.tag_ == "NNS" and \
            not any(c.dep_ == "nummod" for c in tok.children):
        n = _number(tok, clex)  # "Dozens of civilians", "hundreds of people"
        return _Count(n.value, lower=True, groups=_of_groups(tok, clex), others=others)
    if any(c.dep_ == "amod" and c.lower_ in ("unknown", "undisclosed", "unspecified", "unconfirmed", "undetermined")
           for c in tok.children):
        return _Count(None, groups=_of_groups(tok, clex))  # "an unknown number of civilians"
    if lemma in clex.vague and tok.pos_ == "NOUN" and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children) \
            and not definite:
        return _Count(clex.vague[lemma], lower=True, groups=_of_groups(tok, clex), others=others)  # "a number of"
    if (tok.pos_ == "PRON" or low in _ONE_PRONOUNS | _UNKNOWN_PRONOUNS) and \
            not any(c.dep_ == "nummod" for c in tok.children):
        if low in _ONE_PRONOUNS:
            return _Count(1, groups=frozenset({"generic"}), definite=True)
        if low == "both":
            return _Count(2, groups=frozenset({"generic"}), definite=True)
        if low in ("one",):
            return _Count(1, groups=frozenset({"generic"}), others=others)
        return _Count(None, groups=frozenset({"generic"}), definite=True, others=others)
    groups = _group(tok, clex)
    if lemma in clex.collectives:  # "a family of five"
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    n = _number(g, clex) if g.dep_ == "pobj" else None
                    if n is not None:
                        return _Count(n.value, lower=n.lower, groups=groups, definite=definite)
        return _Count(None, groups=groups, definite=definite)
    for c in tok.children:
        if c.dep_ == "nummod" or (c.dep_ in ("amod", "det", "quantmod") and _is_numberish(c, clex)):
            n = _number(c, clex)
            if n is not None:
                return _Count(n.value, lower=n.lower, groups=groups, definite=definite, others=others)
    if tok.ent_type_ == "PERSON" or (tok.tag_ == "NNP" and tok.ent_type_ not in ("ORG", "GPE", "NORP", "LOC", "FAC")):
        return _Count(1, groups=groups, definite=True)  # a named person
    if tok.tag_ == "NN" and (lemma in clex.victims or low in clex.victims or person):
        return _Count(1, groups=groups, definite=definite, others=others)  # "a policeman", "the victim"
    return _Count(None, groups=groups, definite=definite, others=others)


def _of_groups(tok, clex: CasualtyLexicon) -> frozenset[str]:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    return _group(g, clex)
    return frozenset({"generic"})


# ----------------------------------------------------------------------------- the reader

def _has_child(tok, deps=None, lemmas=None, lowers=None) -> bool:
    return any((deps is None or c.dep_ in deps) and (lemmas is None or _lemma(c) in lemmas) and
               (lowers is None or c.lower_ in lowers) for c in tok.children)


def _passive(verb) -> bool:
    """A passive or bare participle clause: "were killed", "two wounded", "people killed in …"."""
    if _has_child(verb, deps=("auxpass", "nsubjpass")):
        return True
    if verb.tag_ != "VBN" or _has_child(verb, deps=("dobj", "obj")):
        return False
    return not _has_child(verb, deps=("aux",), lemmas=("have",))


def _patients(verb) -> list:
    """The people a killing or wounding verb acts on."""
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    if objs and not _passive(verb):
        return objs
    if verb.dep_ in ("oprd", "xcomp", "acomp") and _lemma(verb.head) in _RESULT_VERBS and \
            not _has_child(verb, deps=("nsubj", "nsubjpass")):
        objs = [c for c in verb.head.children if c.dep_ in ("dobj", "nsubjpass") and c != verb]
        if objs:  # "leaving 40 injured", "were reported killed"
            return objs
    if _passive(verb):
        subj = [c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")]
        if subj:
            return subj
        if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            return [verb.head]  # "25 fighters killed in the raid"
    # "killed between 10 and 15 residents", "between 15 and 20 were killed", parsed with a preposition
    return [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "between"
            for g in c.children if g.dep_ == "pobj"]


def _prep_objects(tok, preps: tuple[str, ...]) -> list:
    return [g for c in tok.children if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]


def _value_of(tokens, clex: CasualtyLexicon) -> _Count | None:
    for t in tokens:
        if _is_numberish(t, clex):
            n = _number(t, clex)
            if n is not None:
                return n
    return None


def _modality(tok, lex: Lexicon) -> tuple[str, int | None]:
    """("fact" | "claimed" | "false" | "denied" | "irrealis", index of the attributing speech verb)."""
    speech, is_false, denied = _claim_context(tok, lex)
    source = speech.i if speech is not None else None
    if speech is not None:
        path = [tok, *[t for t in tok.ancestors if t.i != speech.i][:6]]
        path = path[:next((k for k, t in enumerate(path) if t.head.i == speech.i), len(path) - 1) + 1]
        about_event = any(_lemma(t) in ("life", "responsibility", "credit") or t.dep_ in ("relcl", "acl") and t != tok
                          for t in path)
        if is_false:
            return "false", source
        if denied:
            return "denied", source
        if _lemma(speech) in ("claim", "allege", "boast") and not about_event:
            return "claimed", source
    if _is_irrealis(tok, lex):
        return "irrealis", source
    if _aggregate(tok):
        return "aggregate", source
    mention = _mention(tok)
    if mention:
        return mention, source
    return FACT, source


# Heads under which a death is what people act about, not an act told here: "protested the death
# of", "against the killing of", "arrested in connection with the murder of".
_ABOUT = {"protest", "demonstrate", "march", "rally", "condemn", "denounce", "decry", "mourn", "commemorate",
          "demand", "justice", "investigate", "investigation", "probe", "connection", "arrest", "charge", "suspect",
          "trial", "sentence", "convict", "anniversary", "against", "over", "outrage", "anger", "funeral",
          "memorial", "vigil"}


# "blamed X for the attack that killed 12" still tells the attack's dead.
_ASIDE = SEPARATORS - {"blame", "responsible", "than"}


def _mention(tok) -> str | None:
    """A death told as what a clause is after or answers ("a week after five soldiers were
    killed", "in retaliation for the deaths of …": "mention") or what people act about
    ("protests over the killing of a student", "arrested for the murder of …": "about"): not a
    figure of the act told here. ``None`` for a death the clause reports."""
    for t in [tok, *list(tok.ancestors)[:6]]:
        if t != tok and _lemma(t) in _ABOUT:
            return "about"
        if t != tok and (t.lower_ in _ASIDE or _lemma(t) in _ASIDE):
            return "mention"  # inside "after …", "in retaliation for …"
        if t.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ in _ASIDE for c in t.children):
            return "mention"  # a clause opened by "after", "since" …
        if t.dep_ == "ROOT":
            break
    return None


_SPAN_PREPS = {"since", "over", "during", "throughout", "in"}
_SPAN_NOUNS = {"year", "month", "week", "decade", "day"}


def _aggregate(tok) -> bool:
    """'13,000 have died since 1980', '28 policemen killed over the last two weeks': a total over
    a period, not the figure of one event."""
    for t in (tok, tok.head):
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in _SPAN_PREPS:
                for g in c.children:
                    if c.lower_ == "since" and g.dep_ == "pobj":
                        return True
                    if g.dep_ == "pobj" and _lemma(g) in _SPAN_NOUNS and \
                            (g.tag_ == "NNS" or any(x.lower_ in ("last", "past", "recent") for x in g.children)):
                        return True
            if c.dep_ in ("advmod", "npadvmod") and c.lower_ in ("altogether", "overall"):
                return True
        if t.pos_ in ("VERB", "AUX"):
            break
    return False


def _also(tok, victims: Sequence) -> bool:
    """'also killed', 'two more soldiers', 'five others', 'a third victim later died'."""
    late = ("also", "later") if _lemma(tok) in ("die", "succumb", "perish") else ("also",)
    if any(c.lower_ in late for c in tok.children if c.dep_ == "advmod"):
        return True
    mods = [c for v in victims for c in v.children if c.dep_ in ("amod", "det", "advmod", "nummod")]
    return any(c.lower_ in _ALSO_WORDS and c.dep_ != "nummod" for c in mods) or \
        any(g.lower_ in _ALSO_WORDS for c in mods if c.dep_ == "nummod" for g in c.children)  # "two more"


def _negated_verb(tok) -> bool:
    return _has_child(tok, deps=("neg",))


def _period(tok) -> bool:
    """'January's toll', 'the 2014 toll', 'the toll so far this year', 'the toll since May': a
    total over a period, not one event's (a day the total was told on, "on Friday", is not)."""
    if any(c.ent_type_ == "DATE" or _lemma(c) in _PERIOD for c in tok.children if c.dep_ != "prep"):
        return True
    for t in (tok, tok.head):
        for c in t.children:
            if c == tok or c.dep_ == "prep" and c.lower_ != "since":
                continue
            if c.lower_ == "since" or _lemma(c) in _PERIOD or \
                    any(_lemma(g) in _PERIOD for g in c.subtree if g.ent_type_ == "DATE"):
                return True
    return False


def read_figures(sent, lex: Lexicon, clex: CasualtyLexicon | None = None) -> list[Figure]:
    """Every casualty figure a sentence states, in text order (see the module docstring)."""
    clex = clex or load_casualty_lexicon()
    out: list[Figure] = []
    seen_victims: set[tuple[str, int]] = set()

    def add(kind, tok, count: _Count, victims=(), **kw):
        if victims and all((kind, v.i) in seen_victims for v in victims) and not count.zero:
            return  # one clause told by two words ("shot dead", "the bodies of three soldiers killed …")
        seen_victims.update((kind, v.i) for v in victims)
        modality, source = _modality(tok, lex)
        restated = kw.pop("restated", count.definite)
        kw.setdefault("also", _also(tok, victims) or count.others)
        out.append(Figure(kind=kind, count=count.value, token=tok, victims=tuple(victims),
                          groups=count.groups or frozenset({"generic"}), lower=count.lower, zero=count.zero,
                          restated=bool(restated) and count.value is not None and not count.zero,
                          modality=modality, source=source, **kw))

    vocabulary = clex.vocabulary
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma not in vocabulary and tok.lower_ not in vocabulary:
            continue
        pos = tok.pos_
        verbal = pos in ("VERB", "AUX") or (pos == "ADJ" and tok.tag_ == "VBN") or \
            (lemma in clex.kill_verbs | clex.wound_verbs and _has_child(tok, deps=("dobj",)))  # "attacks kill 16"
        if verbal:
            _read_verb(tok, lemma, sent, clex, add)
        elif pos in ("NOUN", "ADJ", "PROPN"):
            _read_noun(tok, lemma, sent, clex, add)
    return out


def _read_verb(tok, lemma, sent, clex: CasualtyLexicon, add) -> None:
    """'killing him', 'three were killed', 'two wounded', 'died', 'lost four soldiers', 'blew himself up'."""
    kind = None
    if lemma in clex.kill_verbs or _to_death(tok, clex) or _shot_dead(tok) or _gunned_down(tok):
        kind, victims = KILLED, _patients(tok)
    elif lemma in clex.die_verbs or (lemma == "lose" and _has_child(tok, lemmas=("life",))):
        kind = KILLED
        victims = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not victims and tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            victims = [tok.head]
        if victims and _died_of_wounds(tok, victims[0], clex):
            add(KILLED, tok, _np_count(victims[0], clex), victims, was_wounded=True)
            return
    elif lemma == "lose" and [c for c in tok.children if c.dep_ == "dobj" and _group(c, clex) - {"generic"}]:
        kind, victims = KILLED, [c for c in tok.children if c.dep_ == "dobj"]  # "it lost four soldiers"
    elif lemma in clex.wound_verbs:
        kind, victims = INJURED, _patients(tok)
        if tok.dep_ == "amod" and _lemma(tok.head.head) in clex.die_verbs | clex.kill_verbs:
            return  # "a wounded officer succumbed": the wounded man is counted among the dead
    elif lemma == "blow" and _has_child(tok, lowers=("himself", "herself", "themselves")):
        kind, victims = KILLED, [c for c in tok.children if c.lower_ in ("himself", "herself", "themselves")]
        if not _includes_perpetrator(sent):
            cnt = _Count(1 if victims[0].lower_ != "themselves" else None, groups=frozenset({"armed"}))
            add(KILLED, tok, cnt, victims, perpetrator=True, restated=False)
        return
    if kind is None:
        return
    negated = _negated_verb(tok)
    if not victims and tok.tag_ == "VBN" and tok.i > sent_of(tok).start and _is_numberish(tok.nbor(-1), clex) \
            and tok.nbor(-1).pos_ == "NUM":
        victims = [tok.nbor(-1)]  # "… 5 dead and 9 injured", the number parsed apart from its participle
    if not victims:
        if negated:  # "the blast did not hurt anyone" / "killing no one"
            add(kind, tok, _Count(0, zero=True))
        return
    count = _np_count(victims[0], clex, person=lemma in clex.person_verbs)
    # "two attackers were killed, as well as a soldier", "22 were killed, along with the bomber"
    more = [c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM")] + \
        [g for c in (tok, victims[0]) for p in c.children if p.dep_ == "prep" and p.lower_ in ("along", "alongside")
         for g in p.subtree if g.dep_ == "pobj" and g.head.lower_ in ("with", "alongside")]
    if more and count.value is not None and not count.zero:
        extra = [_np_count(c, clex) for c in more]
        count = _Count(count.value + sum(e.value or 0 for e in extra), lower=count.lower,
                       groups=count.groups.union(*(e.groups for e in extra)))
        victims = [*victims, *more]
    if negated and count.value is None:
        count = _Count(0, zero=True)
    elif _alternative(tok):
        count = _Count(None, groups=count.groups)  # "killed or captured": not a count of the dead
    add(kind, tok, count, victims)
    if lemma in ("hurt", "harm") and count.zero:
        add(KILLED, tok, count)  # "no one was hurt": nobody died either


def _died_of_wounds(verb, victim, clex: CasualtyLexicon) -> bool:
    """'died of his wounds', 'succumbed to his injuries', 'two of the wounded later died'."""
    if any(_lemma(g) in clex.injury_nouns for g in _prep_objects(verb, ("of", "from", "to"))):
        return True
    return any(g.lower_ in ("wounded", "injured") for g in _prep_objects(victim, ("of",)))


def _alternative(verb) -> bool:
    """'either killed or captured', 'killed or wounded': an alternative, not a count of either."""
    if any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in verb.children):
        return True
    return verb.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in verb.head.children)


def _includes_perpetrator(sent) -> bool:
    """'… killing 14 people, including the bomber': the attacker is already in the count."""
    for tok in sent:
        if tok.lower_ == "including" or (tok.lower_ == "among" and tok.dep_ == "prep"):
            for t in tok.subtree:
                if t.lower_ in ("himself", "herself", "themselves") or _lemma(t) in ("bomber", "attacker", "assailant"):
                    return True
    return False


def _to_death(tok, clex: CasualtyLexicon) -> bool:
    """'stabbed to death', 'beaten to death', 'burned to death' (not 'sentenced to death')."""
    return _lemma(tok) in clex.to_death_verbs and \
        any(c.dep_ == "prep" and c.lower_ == "to" and any(_lemma(g) == "death" for g in c.children)
            for c in tok.children)


def _shot_dead(tok) -> bool:
    if _lemma(tok) != "shoot":
        return False
    return any(t.lower_ == "dead" for t in tok.children) or \
        any(t.lower_ == "dead" for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for t in c.children)


def _gunned_down(tok) -> bool:
    return _lemma(tok) in ("gun", "cut") and _has_child(tok, deps=("prt",), lowers=("down",))


def _read_noun(tok, lemma, sent, clex: CasualtyLexicon, add) -> None:
    low, head = tok.lower_, tok.head
    # "no casualties", "no deaths were reported", "suffered no losses"
    negated = _has_child(tok, deps=("det",), lowers=("no", "neither")) or \
        (tok.dep_ in ("dobj", "nsubjpass", "nsubj", "attr") and _negated_verb(head) and
         _lemma(head) not in _NOT_KNOWN and
         not any(c.lower_ in _NOT_KNOWN for c in head.children if c.dep_ == "advmod"))
    if lemma in clex.casualty_nouns | clex.death_nouns | clex.injury_nouns or low in ("dead", "injured", "wounded"):
        if negated and tok.dep_ != "pobj" or negated and _lemma(head) in ("without",):
            kinds = (KILLED, INJURED) if lemma in clex.casualty_nouns else \
                (KILLED,) if lemma in clex.death_nouns or low == "dead" else (INJURED,)
            if lemma == "loss" and not any(_lemma(c) in ("life", "human") for c in tok.children):
                kinds = (KILLED, INJURED) if _lemma(head) == "suffer" else ()
            for k in kinds:
                add(k, tok, _Count(0, zero=True))
            return
        if tok.dep_ == "pobj" and _lemma(head) == "without" and lemma in clex.casualty_nouns:
            for k in (KILLED, INJURED):
                add(k, tok, _Count(0, zero=True))
            return
    if lemma in clex.death_nouns and tok.pos_ == "NOUN":
        if _lemma(head) in ("die", "succumb") or (head.dep_ == "prep" and _lemma(head.head) in ("die", "succumb")):
            return
        cnt = _noun_count(tok, clex)
        if cnt is not None:
            victims = [c for c in tok.children if c.dep_ == "nummod"] or _prep_objects(tok, ("of",))
            add(KILLED, tok, cnt, victims)
        return
    if lemma in clex.injury_nouns and tok.pos_ == "NOUN":
        if _lemma(head) in ("die", "succumb") or (head.dep_ == "prep" and _lemma(head.head) in ("die", "succumb")):
            return  # "died of his wounds": the wound is the death's cause
        if tok.dep_ == "dobj" and _lemma(head) in clex.suffer_verbs:  # "five people sustained injuries"
            subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                add(INJURED, tok, _np_count(subj[0], clex), subj)
            return
        cnt = _noun_count(tok, clex)
        if cnt is not None and cnt.value is not None:
            add(INJURED, tok, cnt, [c for c in tok.children if c.dep_ == "nummod"])
        return
    if lemma in clex.toll_nouns or (lemma == "number" and any(
            _lemma(g) in ("dead", "death", "killed", "fatality", "casualty", "victim") or
            any(c.dep_ in ("acl", "relcl") and _lemma(c) in clex.kill_verbs | clex.die_verbs for c in g.children)
            for g in [*_prep_objects(tok, ("of",)), tok])):  # "the number of dead", "of people killed"
        _read_toll(tok, clex, add)
        return
    if lemma in clex.body_nouns and tok.tag_ == "NNS":
        cnt = _noun_count(tok, clex)
        if cnt is not None and cnt.value is not None:
            add(KILLED, tok, cnt, _prep_objects(tok, ("of",)) or [tok], restated=False)
        return
    of = _prep_objects(tok, ("of",))
    if lemma in clex.body_nouns and tok.tag_ == "NN" and (_lemma(head) in clex.find_verbs or of):
        # "the body of a journalist was found", "a body was recovered"
        cnt = _np_count(of[0], clex) if of else _Count(1)
        if cnt.value == 1 and (of or _lemma(head) in clex.find_verbs):
            add(KILLED, tok, cnt, of or [tok], restated=False)
        return
    if lemma == "life" and _lemma(head) in ("claim", "take", "cost"):
        victims = _prep_objects(tok, ("of",))
        if victims:
            add(KILLED, tok, _np_count(victims[0], clex), victims)
        elif any(c.dep_ == "nummod" for c in tok.children):
            add(KILLED, tok, _noun_count(tok, clex) or _NONE, [tok])
        return
    if low in ("dead", "injured", "wounded"):
        _read_state(tok, low, sent, clex, add)
    elif low in _UNHARMED and head.pos_ in ("VERB", "AUX"):  # "the hostages were released unharmed"
        subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            for k in (INJURED, KILLED):
                add(k, tok, _Count(0, zero=True), subj)


def _noun_count(tok, clex: CasualtyLexicon) -> _Count | None:
    """'3 deaths', 'the deaths of two guards', 'dozens of deaths'."""
    for c in tok.children:
        if c.dep_ == "nummod" or (c.dep_ in ("amod", "quantmod", "det") and _is_numberish(c, clex)):
            n = _number(c, clex)
            if n is not None:
                return n
    victims = _prep_objects(tok, ("of",))
    if victims:  # "the deaths of three soldiers", "the killing of a contractor", "the murder of the priests"
        return _np_count(victims[0], clex)
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and _is_numberish(tok.head.head, clex):
        return _number(tok.head.head, clex)  # "dozens of deaths"
    doc = tok.doc
    if tok.tag_ == "NNS" and tok.i + 2 < sent_of(tok).end and doc[tok.i + 1].text in (":", "-", "–") and \
            _is_numberish(doc[tok.i + 2], clex):
        return _number(doc[tok.i + 2], clex)  # "Fatalities: 5", a line of a note
    return None


def _read_toll(tok, clex: CasualtyLexicon, add) -> None:
    """'a death toll of 12', 'the toll rose to 20', 'put the number of dead at four'."""
    if _period(tok) or any(_lemma(c) in ("injury", "wounded") for c in tok.children if c.dep_ == "compound"):
        return
    head = tok.head
    value = _value_of(_prep_objects(tok, ("of", "at")), clex)
    if value is None and head.pos_ in ("VERB", "AUX"):
        if _period(head):
            return
        cands = _prep_objects(head, ("to", "at", "of")) + \
            [c for c in head.children if c.dep_ in ("attr", "dobj", "npadvmod", "acomp") and c != tok]
        value = _value_of(cands, clex)
        if value is None:  # "bringing the toll to 20": the verb heads the toll and the figure
            value = _value_of([g for c in head.children if c.dep_ == "prep" for g in c.children], clex)
    if value is None:
        return
    add(KILLED, tok, value, [], update=True, restated=False)


def _read_state(tok, low, sent, clex: CasualtyLexicon, add) -> None:
    """'11 dead', 'leaving 3 civilians dead and one injured', 'was found dead', 'the dead included …'."""
    kind = KILLED if low == "dead" else INJURED
    head = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and _lemma(head) in _INCLUDE:  # "the dead included two children"
        objs = [c for c in head.children if c.dep_ in ("dobj", "attr")]
        if objs:
            add(kind, tok, _np_count(objs[0], clex), objs, subset=True, restated=False)
        return
    if tok.dep_ == "pobj" and head.lower_ == "among":  # "among the dead were two children"
        verb = head.head
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "attr") and c != head]
        if subj:
            add(kind, tok, _np_count(subj[0], clex), subj, subset=True, restated=False)
        return
    nums = [c for c in tok.children if c.dep_ in ("nummod", "quantmod") or (c.dep_ in ("amod", "advmod") and
                                                                             _is_numberish(c, clex))]
    if nums:  # "11 dead", "scores dead"
        n = _number(nums[0], clex)
        if n is not None:
            add(kind, tok, n, nums)
        return
    if tok.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advcl", "conj", "dobj", "npadvmod") and \
            head.pos_ in ("VERB", "AUX") or tok.dep_ == "amod":
        if tok.dep_ == "amod":  # "two dead officers", "Seven dead in …" (a headline parsed as a noun phrase)
            if head.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "nummod" for c in head.children) or \
                    _is_numberish(head, clex) and head.pos_ == "NUM":
                cnt = _np_count(head, clex)
                add(kind, tok, cnt, [head], restated=cnt.definite)
            return
        victims = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")] or \
            [c for c in head.children if c.dep_ in ("dobj", "nsubjpass") and c != tok]  # "… and dozens wounded"
        if not victims and _lemma(head) in ("be", "lie", "remain"):
            victims = [c for c in head.children if c.dep_ == "nsubj"]
        if not victims and tok.dep_ in ("dobj", "conj", "npadvmod"):
            prev = tok.nbor(-1) if tok.i > sent_of(tok).start else None  # "left 11 dead" parsed with 11 apart
            if prev is not None and _is_numberish(prev, clex):
                n = _number(prev, clex)
                if n is not None:
                    add(kind, tok, n, [prev])
            return
        if victims:
            add(kind, tok, _np_count(victims[0], clex), victims)


# ----------------------------------------------------------------------------- sentence cache

_CACHE: dict = {"doc": None, "lex": None, "figures": {}}  # the figures of the document read last


def _figures_of(sent, lex: Lexicon) -> list[Figure]:
    """read_figures, once per sentence of the document being extracted."""
    if _CACHE["doc"] is not sent.doc or _CACHE["lex"] is not lex:
        _CACHE.update(doc=sent.doc, lex=lex, figures={})
    key = (sent.start, sent.end)
    if key not in _CACHE["figures"]:
        _CACHE["figures"][key] = read_figures(sent, lex)
    return _CACHE["figures"][key]


def casualties(sent, lex: Lexicon) -> tuple[list[tuple[object, int | None, bool]], list[tuple[object, int | None]]]:
    """(kill token, number, 'also') and (wound token, number) a sentence states, whatever its
    modality (callers that need facts only use :func:`read_figures`); zero and subset figures
    are left out."""
    figs = [f for f in _figures_of(sent, lex) if not f.zero and not f.subset]
    return ([(f.token, f.count, f.also) for f in figs if f.kind == KILLED],
            [(f.token, f.count) for f in figs if f.kind == INJURED])


# ----------------------------------------------------------------------------- figures to events

def _violent(drafts: Sequence[Draft], lex: Lexicon) -> list[Draft]:
    return [d for d in drafts if lex.family(d.type) in ("violence", "unrest")]


def _usable(f: Figure, d: Draft) -> bool:
    """A figure stated as fact; a claimed figure on an event that is itself only claimed; a
    mentioned death on the mentioned act's own event ("a day after a rocket attack killed two
    soldiers": the rocket attack, told as a reference, keeps its dead)."""
    if f.modality == "mention":
        return sent_of(d.token) == sent_of(f.token) and (d.reference or _mention(d.token) == "mention") and \
            (f.token in d.token.subtree or d.token in f.token.subtree)
    return f.modality == FACT or (f.modality == "claimed" and d.certainty == "claimed")


def _named(f: Figure, actors) -> int:
    """Persons the gazetteer knows among the victims ("killed Soleimani … and al-Muhandis")."""
    if actors is None:
        return 0
    ids = set()
    for v in f.victims:
        for t in v.subtree:
            if t.dep_ == "poss" or (t.head.lower_ in _INCLUDE and t.dep_ == "pobj"):
                continue
            for m in actors.at(t.idx, t.idx + len(t.text)):
                if actors.entry_type(m.actor_id) == "person":
                    ids.add(m.actor_id)
    return len(ids)


def _with_named(f: Figure, actors) -> Figure:
    named = _named(f, actors) if f.kind == KILLED and f.victims and not f.zero else 0
    if named and (f.count is None or (f.count < named and all(v.pos_ == "PROPN" for v in f.victims))):
        return replace(f, count=named)
    return f


def _sentence_value(figs: Sequence[Figure]) -> tuple[int | None, frozenset[str]]:
    """One sentence's figure of one kind for one event: distinct clauses add up; an update
    stands for the whole; figures from different sources keep the lowest (ACLED's conservative
    rule)."""
    groups = frozenset().union(*(f.groups for f in figs))
    updates = [f.count for f in figs if f.update and f.count is not None]
    if updates:
        return max(updates), groups
    by_source: dict[int | None, list[Figure]] = {}
    for f in figs:
        if f.count is not None:
            by_source.setdefault(f.source, []).append(f)
    if not by_source:
        return None, groups
    total, seen = None, set()
    for source_figs in by_source.values():
        value = sum(f.count for f in source_figs)
        classes = frozenset().union(*(f.groups for f in source_figs))
        if total is None:
            total, seen = value, set(classes)
        elif "generic" not in classes | seen and not classes & seen:
            # another side's dead ("… while the army said it killed 12 militants")
            total, seen = total + value, seen | classes
        else:
            total = min(total, value)  # two sources for the same dead: the most conservative
    return total, groups


def combine(statements: Sequence[Sequence[Figure]]) -> int | None:
    """An event's figure of one kind from its statements in text order (each a sentence's
    figures): see the module docstring for the rules. ``None`` when no number is told."""
    total: int | None = None
    seen: set[str] = set()
    zero = False
    for figs in statements:
        facts = [f for f in figs if not f.zero]
        if not facts:
            zero = zero or bool(figs)
            continue
        main = [f for f in facts if not f.subset] or facts
        value, groups = _sentence_value(main)
        if value is None:
            continue
        specific = set(groups) - {"generic"}
        if any(f.update for f in main) or total is None:
            total, seen = value, set(groups)
        elif any(f.also for f in main):
            total, seen = total + value, seen | groups
        elif all(f.subset for f in facts) or all(f.restated for f in main):
            total = max(total, value)
        elif specific and "generic" not in groups and "generic" not in seen and not specific & seen:
            total, seen = total + value, seen | groups  # another class of victims: soldiers, then militants
        elif "generic" in groups or "generic" in seen:
            total, seen = max(total, value), seen | groups  # a total includes its parts
        else:
            total = min(total, value)  # the same dead, differing figures: the most conservative
    if total is None and zero:
        return 0
    return total


def _assign_casualties(drafts: list[Draft], killed, wounded, lex: Lexicon, actors) -> None:
    """A sentence's figures on the sentence's own events (the event whose trigger governs the
    casualty word, else the nearest); victims become targets of an event that has none. A first
    reading, whatever the figures' modality; :func:`settle` keeps only figures of fact.
    ``killed``/``wounded`` (from :func:`casualties`) are re-read as figures of the sentence."""
    violent = _violent(drafts, lex)
    if not violent:
        return
    sent = sent_of(violent[0].token)
    per: dict[int, list[Figure]] = {}
    for f in _figures_of(sent, lex):
        d = _owner(violent, f.token)
        if _separated(d.token, f.token) and not _result_of(f.token, d.token):
            continue  # "the strikes were a response to the deaths of three soldiers"
        f = _with_named(f, actors)
        if not d.targets and not f.zero:
            d.targets = [a for v in f.victims for a in np_actors(v, actors) if a not in d.actors]
        per.setdefault(id(d), []).append(f)  # a first reading: which of them are facts is settled later
    for d in violent:
        figs = per.get(id(d), [])
        dead = combine([[f for f in figs if f.kind == KILLED]])
        hurt = combine([[f for f in figs if f.kind == INJURED]])
        if dead is not None:
            d.fatalities = dead
            d.also = d.also or any(f.also for f in figs if f.kind == KILLED)
        if hurt is not None:
            d.injured = hurt


def _carry_casualties(drafts: list[Draft], sents, lex: Lexicon, actors) -> None:
    """'… threw a grenade at the party office. Two guards were wounded.': figures told in the next
    sentence, with no act of their own, belong to the act just told (a first reading; the
    article's figures are settled by :func:`settle`)."""
    by_sent = {d.sent_index for d in _violent(drafts, lex)}
    for si, sent in enumerate(sents):
        if si in by_sent or si == 0:
            continue
        prior = [d for d in _violent(drafts, lex) if d.sent_index == si - 1]
        if not prior:
            continue
        d = prior[-1]
        if d.reference or d.definite:
            continue  # only figures of an act just told, not of one merely mentioned
        figs = [f for f in _figures_of(sent, lex) if f.modality == FACT and not f.zero]
        dead = combine([[f for f in figs if f.kind == KILLED]])
        hurt = combine([[f for f in figs if f.kind == INJURED]])
        if dead is not None and d.fatalities is None:
            d.fatalities = dead
            d.evidence.append((sent.start_char, sent.end_char))
        if hurt is not None and d.injured is None:
            d.injured = hurt
            d.evidence.append((sent.start_char, sent.end_char))


def _no_casualties(drafts: list[Draft], sents, lex: Lexicon, actors=None) -> None:
    """The last casualty stage (after coreference): settles every event's figures over the whole
    article with :func:`settle`, including zeros ("no casualties were reported")."""
    settle(drafts, sents, lex, actors)


def _sentence_index(sents) -> tuple[list[int], list[int]]:
    return [s.start_char for s in sents], [s.end_char for s in sents]


def _spans_sentences(d: Draft, starts: list[int], ends: list[int]) -> set[int]:
    import bisect
    out = set()
    for s, e in d.evidence:
        k = max(0, bisect.bisect_right(starts, s) - 1)
        while k < len(starts) and starts[k] < e:
            if ends[k] > s:
                out.add(k)
            k += 1
    return out


def _standalone(own: Sequence[Draft], figs: Sequence[Figure], spans: dict[int, set[int]], si: int) -> bool:
    """The sentence's only acts are its casualty words ("Three soldiers were killed."): a
    figure of the act told before it, unless it has its own date or place."""
    words = {f.token.i for f in figs} | {f.token.head.i for f in figs}
    return bool(own) and all(d.weak and d.token.i in words and spans.get(id(d), {si}) <= {si} for d in own)


_ELSEWHERE = {"separate", "separately", "elsewhere", "meanwhile"}


def settle(drafts: list[Draft], sents, lex: Lexicon, actors=None) -> None:
    """Each violent event's ``fatalities`` and ``injured`` from the figures of the whole article.

    A figure goes to the event its sentence tells (by the parse), else, when its sentence tells
    no act of its own, to the event that took the previous figures or the latest act up to two
    sentences back (three for a "no casualties" line); the figures of one event then combine by
    :func:`combine`. Events with no figure get ``None``, unless no sentence of theirs tells a
    figure this reader can read and another stage gave them one."""
    violent = _violent(drafts, lex)
    if not violent:
        return
    starts, ends = _sentence_index(sents)
    spans = {id(d): _spans_sentences(d, starts, ends) for d in violent}
    present: dict[int, list[Draft]] = {}
    for d in violent:
        for si in spans[id(d)]:
            present.setdefault(si, []).append(d)
    per: dict[int, list[list[Figure]]] = {id(d): [] for d in violent}
    first = min((min(sp) for sp in spans.values() if sp), default=len(sents))  # the first act told
    told: set[int] = set()  # sentences with figures of any kind
    last: tuple[Draft, int] | None = None
    for si, sent in enumerate(sents):
        if not span_text(sent).strip():
            continue
        figs = _figures_of(sent, lex)
        if figs:
            told.add(si)
        figs = [f for f in figs if f.modality in (FACT, "claimed", "mention")]
        if not figs:
            continue
        here = present.get(si, [])
        own = [d for d in here if sent.start <= d.token.i < sent.end]
        hosts = [d for d in here if d not in own]  # acts told before whose mention this sentence holds
        alone = _standalone(own, figs, spans, si)
        prior = _prior(violent, spans, si, last, sent, own, zero=all(f.zero for f in figs)) \
            if not hosts and (not own or alone or all(d.reference for d in own)) else None
        got: dict[int, list[Figure]] = {}
        for f in figs:
            if f.modality == "mention":
                d = _owner(own, f.token) if own else None  # only the mentioned act's own event
                if d is None or not _usable(f, d):
                    continue
            else:
                d = None if alone else _own_owner(own, f.token)
                if d is None:  # no act of its own, or only acts told in a clause aside
                    d = max(hosts, key=lambda x: x.token.i) if hosts else prior
                if d is None and own:
                    d = _owner(own, f.token)
                    if _separated(d.token, f.token) and not _result_of(f.token, d.token):
                        continue
                if d is None:
                    continue
            if not _usable(f, d) or (f.zero and (d.certainty != "reported" or d.reference)):
                continue
            if first < si and _earlier(f.token):
                continue  # "Last year, a similar ambush killed 11": background to the act this report tells
            got.setdefault(id(d), []).append(_with_named(f, actors))
            if f.modality != "mention":
                last = (d, si)
        for key, figs_of_d in got.items():
            per[key].append(figs_of_d)
    for d in violent:
        if not per[id(d)] and not spans[id(d)] & told:
            continue  # a figure another reader gave (a headline's shallow reading) stands when this one finds none
        stmts = per[id(d)]
        d.fatalities = combine([[f for f in s if f.kind == KILLED] for s in stmts])
        d.injured = combine([[f for f in s if f.kind == INJURED] for s in stmts])
        d.injured = _less_the_dead(stmts, d.injured)


def _less_the_dead(stmts: Sequence[Sequence[Figure]], injured: int | None) -> int | None:
    """Wounded told first who then died ("… wounding three. One of the wounded later died") count
    among the dead only, as the incident databases count them."""
    if not injured:
        return injured
    seen_wounded = False
    died = 0
    for figs in stmts:
        died += sum(f.count or 0 for f in figs if f.was_wounded and seen_wounded)
        seen_wounded = seen_wounded or any(f.kind == INJURED and f.count for f in figs)
    return max(0, injured - died)


def _own_owner(own: Sequence[Draft], tok) -> Draft | None:
    """The sentence's act a figure belongs to, leaving out acts told in a clause aside ("… were
    killed before police shot the gunman") unless the deaths follow from them."""
    if not own:
        return None
    d = _owner(own, tok)
    if not _separated(d.token, tok) or _result_of(tok, d.token):
        return d
    mains = [o for o in own if not _separated(o.token, tok)]
    return _owner(mains, tok) if mains else None


_PAST = {"last", "ago", "previous", "earlier", "prior", "similar", "past"}


def _earlier(tok) -> bool:
    """The figure's clause is set before the report's act ("last year", "two weeks ago", "a
    similar attack in March killed …")."""
    for t in [tok, *list(tok.ancestors)[:4]]:
        for c in t.children:
            if c.dep_ in ("npadvmod", "advmod", "prep", "nsubj", "amod") and \
                    any(g.lower_ in _PAST and (g.ent_type_ == "DATE" or _lemma(g.head) in _PERIOD | _SPAN_NOUNS or
                                                g.lower_ == "similar")
                        for g in c.subtree):
                return True
        if t.dep_ == "ROOT":
            break
    return False


def _prior(violent: Sequence[Draft], spans, si: int, last, sent, own, zero: bool) -> Draft | None:
    """The act a sentence with no act of its own reports figures of."""
    window = 3 if zero else 2
    if any(t.lower_ in _ELSEWHERE for t in sent):
        return None  # "in a separate attack, …": not the act told before
    if last is not None and 0 < si - last[1] <= window and not last[0].reference and \
            (not own or _compatible(own, last[0])):
        return last[0]
    cands = [d for d in violent if d not in own and not d.reference and not d.definite and spans[id(d)] and
             0 < si - max(spans[id(d)]) <= window and min(spans[id(d)]) < si]
    if not cands:
        return None
    d = max(cands, key=lambda x: (max(spans[id(x)]), x.token.i))
    return d if not own or _compatible(own, d) else None


def _compatible(own: Sequence[Draft], d: Draft) -> bool:
    """A casualty-only act may be the act told before: no other date, no other place."""
    for o in own:
        if o.date_own and d.date is not None and o.date is not None and o.date != d.date:
            return False
        if o.location is not None and d.location is not None and o.location.name != d.location.name:
            return False
    return True


def _result_of(fig, act) -> bool:
    """'Three people were killed after gunmen opened fire', 'two soldiers died following an
    ambush': the deaths follow from the act their clause is told after."""
    if act not in fig.subtree or act == fig:
        return False
    for t in [act, *act.ancestors]:
        if t == fig:
            return False
        if t.lower_ in ("after", "following") and t.dep_ in ("prep", "mark") or \
                any(c.dep_ == "mark" and c.lower_ in ("after", "when", "as") for c in t.children):
            return t.head == fig  # the after-phrase modifies the casualty clause itself
    return False


def _nearest(drafts: list[Draft], tok) -> Draft:
    return min(drafts, key=lambda d: abs(d.token.i - tok.i))


def _owner(drafts: list[Draft], tok) -> Draft:
    """The event a casualty word belongs to: itself, the trigger that governs it, else the nearest.
    A trigger joined to the casualty word ("shot dead six and set fire to houses") is a next act,
    not one the casualty word governs."""
    for test in (lambda d: d.token == tok, lambda d: d.token.head == tok and d.token.dep_ != "conj",
                 lambda d: tok.head == d.token):
        for d in drafts:
            if test(d):
                return d
    governing = [d for d in drafts if tok in d.token.subtree]
    if governing:
        return min(governing, key=lambda d: len(list(d.token.subtree)))
    return _nearest(drafts, tok)
