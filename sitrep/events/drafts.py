"""Draft: an event while it is being read, and the token helpers and word classes every
event stage shares.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..records import AcledType, EventDate, Place
from ..tokens import TokenList, doc_text, lemma, sent_of, sentences, span_text  # noqa: F401 - shared helpers

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "single": 1,
}
SPECIFIC = {"air_strike": 3, "shelling": 3, "bombing": 3, "assassination": 3, "abduction": 3,
            "armed_clash": 2, "attack": 1}
DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "such"}
LOCATIVE = {"in", "near", "at", "outside", "inside", "around", "across", "on", "along", "north", "south",
            "east", "west", "over", "into", "within", "throughout", "from"}
TARGET_PREPS = {"on", "against", "at", "targeting", "upon"}


@dataclass
class Draft:
    type: str
    token: object  # the trigger's head token
    sent_index: int
    para_index: int
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    date: EventDate | None = None
    date_own: bool = False
    location: Place | None = None
    fatalities: int | None = None
    injured: int | None = None
    count: int = 1
    weapon: str | None = None
    certainty: str = "reported"
    claimed_by: str | None = None
    claimed_fatalities: int | None = None
    caused_by: int | None = None  # index into drafts
    cause_marker: bool = False
    cause_span: tuple[int, int] | None = None  # the cause phrase ("in retaliation for …"), set by causes.py
    cause_type: str | None = None  # the type a trigger word inside the phrase names, when no act is told there
    evidence: list[tuple[int, int]] = field(default_factory=list)
    definite: bool = False
    reference: bool = False
    last_sent: int = -1
    also: bool = False
    weak: bool = False
    acled: AcledType | None = None  # set by codebook.code_events
    acled_coded: bool = False
    codes: tuple[str, str | None, str | None] | None = None  # (type, CAMEO, PLOVER) the trigger rule gave

    def cameo_plover(self, info) -> tuple[str, str | None]:
        """The CAMEO and PLOVER codes: the trigger rule's own, while the type is still the rule's,
        else the type's defaults (``info``: the type's :class:`~sitrep.events.lexicon.TypeInfo`)."""
        if self.codes and self.codes[0] == self.type:
            return self.codes[1] or info.cameo, self.codes[2] or info.plover
        return info.cameo, info.plover

    @property
    def start(self) -> int:
        return self.token.idx


_lemma = lemma



def _governors(tok, limit: int = 6):
    cur, n = tok, 0
    while cur.head != cur and n < limit:
        yield cur, cur.head
        cur, n = cur.head, n + 1


def _singular(tok) -> str:
    """A noun's base form, also when the tagger took a capitalised plural for a name ("Protesters")."""
    lemma = _lemma(tok)
    return lemma[:-1] if tok.pos_ == "PROPN" and lemma.endswith("s") else lemma


def _uniq(xs: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(xs))


def _subject(verb):
    """(subject token, passive?) of a verb.  Of two active subjects (a misparse: "BAGHDAD, March
    2, 2021 - Kataib Hezbollah fired …" reads the dateline's city as a second subject) the one
    nearest before the verb is its subject."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        before = [c for c in subjects if c.i < verb.i]
        return (before[-1] if before else subjects[0]), False
    for c in verb.children:
        if c.dep_ == "nsubjpass":
            return c, True
    return None, any(c.dep_ == "auxpass" for c in verb.children)


def _path_to(tok, top):
    """The tokens between ``tok`` and its ancestor ``top`` (all ancestors if ``top`` is not one)."""
    out = []
    for cur in tok.ancestors:
        if cur == top:
            break
        out.append(cur)
    return out


def _definite(tok) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in tok.children)


CONDEMN_VERBS = {"condemn", "denounce", "criticize", "criticise", "blame", "accuse", "deny", "reject"}
