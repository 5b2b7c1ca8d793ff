"""Place or party: is a place name used as a location, or for the government or people there?

"Washington imposed sanctions", "a call on Moscow", "Tehran said", "Washington's decision" name
a capital (or a country) for its government: a party to what is told, not the place where it
happened.  "in Tehran", "Tehran province", "near Moscow", "north of Baghdad" are locations.

:func:`mention_role` tells them apart and returns

* ``"place"`` -- a location: right after a locative word ("in", "near", "at", "outside",
  "from", ...), before a place noun ("X province", "X district"), inside a direction phrase;
* ``"party"`` -- a country or capital named for its government: the subject of a verb of
  saying or acting ("Tehran said", "Moscow has warned", "Ankara on Monday accused"), the
  object of an address or pressure ("a call on Moscow", "urged Tehran to", "sanctions
  against Damascus", "talks with Washington"), or the owner of a decision ("Washington's
  decision", "Moscow's position");
* ``""`` -- no evidence either way.

Only countries and capitals become parties ("Mosul said" is not written); sites, divisions and
regions are always places; any place can be a location.  The word lists are the ``party_*`` sections of ``sitrep/data/places_stoplist.yaml``.

Without a parse the rules read the words around the mention.  Given a spaCy ``doc`` of the same
text (offsets in that doc's text), the dependency tree decides first: the nominal subject of a
verb from ``party_verbs`` (or of any verb, for a capital with no preposition) is a party; the
object of a locative preposition is a place; the direct object of an address verb is a party.

The events stage asks it of each place mention of a sentence.  :meth:`sitrep.places.Gazetteer.find`
already fills :attr:`PlaceMention.role` from the surface rules; with the parse at hand::

    for pm in places.find(doc.text):                 # once per article
        role = places.role(pm, doc.text, doc=doc)    # knows which towns are capitals
        if role == "party":
            ...  # not the event's place (nor the article's main place)
        elif role == "place":
            ...  # a location, whatever the actor gazetteer says of the name

or, without a gazetteer, ``mention_role(text, start, end, place, capital=True, doc=doc)``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitrep.errors import DataFileError
from sitrep.records import Place


@dataclass(frozen=True)
class RoleWords:
    """The word lists of ``places_stoplist.yaml`` that decide a mention's role (all folded)."""
    locative: frozenset[str]
    place_nouns: frozenset[str]
    verbs: frozenset[str]  # verbs of saying or acting whose subject is a party ("said", "imposed")
    address: frozenset[str]  # words after which a name is addressed ("urged", "call on", "talks with")
    decisions: frozenset[str]  # nouns after "X's" that make X a party ("decision", "position")
    fillers: frozenset[str]  # words that may stand between the subject and its verb ("has", "also")


_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_PASSIVE = frozenset({"is", "was", "were", "are", "been", "being", "be"})
_WEEKDAY = re.compile(r"^(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")


@functools.lru_cache(maxsize=1)
def role_words(path: str | None = None) -> RoleWords:
    """The lists, read once from the stoplist (or ``path``); raises ``DataFileError`` when unreadable."""
    where = Path(path) if path else Path(__file__).resolve().parent / "data" / "places_stoplist.yaml"
    try:
        data = yaml.load(where.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise DataFileError(f"{where}: cannot read data file: {err}") from err
    if not isinstance(data, dict):
        raise DataFileError(f"{where}: expected a mapping")

    def words(key: str) -> frozenset[str]:
        return frozenset(" ".join(str(w).lower().split()) for w in data.get(key) or ())

    return RoleWords(locative=words("locative_words") - {"and"}, place_nouns=words("place_nouns"),
                     verbs=words("party_verbs"), address=words("party_address"),
                     decisions=words("party_decisions"), fillers=words("party_fillers"))


def mention_role(text: str, start: int, end: int, place: Place, *, capital: bool = False,
                 locative: bool = False, doc: Any = None, words: RoleWords | None = None) -> str:
    """``"place"``, ``"party"`` or ``""`` for the place named at ``text[start:end]`` (see the
    module docstring).  ``capital``: the place is its country's capital (or the name is a
    country's); ``locative``: the caller already saw a locative phrase; ``doc``: an optional spaCy
    Doc of ``text``."""
    words = words or role_words()
    if place.precision in ("site", "admin1", "region"):
        return "place"  # "Damascus province", "northern Iraq", "the Green Zone" name no government
    can_be_party = capital or place.precision == "country"
    if doc is not None:
        parsed = _parsed_role(doc, start, end, words, can_be_party)
        if parsed:
            return parsed
    low = text.lower()
    after = low[end:end + 60]
    before = low[max(0, start - 40):start]
    if can_be_party and _addressed(before, words):
        return "party"
    following = _next_words(after, 1) if after[:1] == " " else []
    if locative or _before_locative(before, words) or (following and following[0] in words.place_nouns):
        return "place"
    if not can_be_party:
        return ""
    if _acts(after, words) or _owns_decision(after, words):
        return "party"
    return ""


def _next_words(segment: str, n: int) -> list[str]:
    return _WORD.findall(segment)[:n]


def _before_locative(before: str, words: RoleWords) -> bool:
    found = _WORD.findall(before)
    if not found or re.search(r"[.;:!?]\s*$", before):
        return False
    last = found[-1]
    if last in ("the", "a") and len(found) > 1:
        last = found[-2]
    return last in words.locative


def _acts(after: str, words: RoleWords) -> bool:
    """"Tehran said", "Moscow has also warned", "Ankara on Monday accused"."""
    if after[:1] not in (" ", ",") or after.startswith(", "):
        return False
    rest = _WEEKDAY.sub("", after.strip())
    following = _WORD.findall(rest)[:4]
    for word in following:
        if word in _PASSIVE:
            return False  # "Baghdad was hit": the place of the strike
        if word in words.verbs:
            return True
        if word not in words.fillers:
            return False
    return False


def _addressed(before: str, words: RoleWords) -> bool:
    """"a call on Moscow", "urged Tehran", "sanctions against Damascus", "talks with Washington"."""
    found = _WORD.findall(before)
    if found and found[-1] == "the":
        found = found[:-1]
    tail1 = found[-1:] and found[-1]
    tail2 = " ".join(found[-2:]) if len(found) >= 2 else ""
    return bool(found) and (tail1 in words.address or tail2 in words.address)


def _owns_decision(after: str, words: RoleWords) -> bool:
    """"Washington's decision", "Moscow's position"."""
    m = re.match(r"^['’]s\s+([a-z]+)", after)
    return bool(m) and m.group(1) in words.decisions


def _parsed_role(doc: Any, start: int, end: int, words: RoleWords, can_be_party: bool) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return ""
    head = span.root
    if head.dep_ == "pobj" and head.head.lower_ in words.locative:
        return "place"
    if not can_be_party:
        return ""
    verb = head.head
    lemma = verb.lemma_.lower()
    if head.dep_ == "nsubjpass":
        return ""  # "Baghdad was hit": what happened to the place
    if head.dep_ == "nsubj" and verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() != "be":
        return "party"
    if head.dep_ == "dobj" and (lemma in words.address or verb.lower_ in words.address):
        return "party"
    if head.dep_ == "poss" and verb.lower_ in words.decisions:
        return "party"
    return ""
