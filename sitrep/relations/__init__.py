"""Relations between actors, each with the sentence it was read from.

Each finder is a small function over one sentence that yields (subject, predicate, object,
since) tuples; :func:`find_relations` runs them all and keeps one record per triple with every
sentence that states it. The finders live by kind:

- :mod:`.backing`: backing, support and alliance ("Iran-backed X", "in support of Y", "fought
  alongside Y", "an ally of Y");
- :mod:`.leadership`: heads, commanders, founders, subordinates ("Y, commander of X");
- :mod:`.membership`: members, parts and units ("Coalition nations include A, B", "X joined Y",
  "3rd Battalion, 321st Regiment", "the political wing of Y");
- :mod:`.hostility`: enmity and designation ("strikes against Y", "the campaign to defeat Y");
  one hostile act ("an air strike on Y") makes ``opposes`` only if the article tells of the
  hostility again (:func:`_settle_episodes`);
- :mod:`.clauses`: the parse helpers they share (who does a verb, whose an action noun is);
- :mod:`.checks`: which relations the kinds of the two parties allow (no group is a member of
  another country's forces; no relation with an unnamed participant).

No finder links a generic noun phrase ("militant groups", "Iran-backed groups in Syria"): those
resolve to no actor (:func:`sitrep.actors.is_anaphoric`).
"""
from __future__ import annotations

from collections.abc import Iterator

from ..records import Article, Event, Evidence, Relation
from ..tokens import TokenList, lemma, sentences, span_text
from . import backing, hostility, leadership, membership
from .backing import (
    _alignment,
    _assistance,
    _hyphen_backing,
    _material_backing,
    _passive_and_active,
    _provision,
    _support_phrase,
)
from .checks import admissible
from .hostility import EPISODE, _designation, _fire_from, _hostile_prefix, _hostility, _purpose_opposes, _reciprocal
from .leadership import _founding, _head_of, _possessed, _subordinates, _title_of, _unit_of
from .membership import (
    _assignment,
    _composition,
    _joined,
    _joining,
    _member_apposition,
    _part_of,
    _political_wing,
    _umbrella_members,
    _unit_chain,
    _within,
)

# Finders that look only at tokens of one word class: skipped where the sentence has none of it.
GATES = {
    _joined: frozenset({"join"}), _joining: membership.JOINING_VERBS | {"umbrella"}, _part_of: membership.PART_NOUNS,
    _composition: membership.COMPOSING_VERBS, _member_apposition: membership.MEMBER_WORDS,
    _umbrella_members: membership.UMBRELLA_NOUNS, _assignment: membership.ASSIGNING_VERBS,
    _subordinates: leadership.SUBORDINATE_NOUNS, _founding: leadership.FOUNDING_VERBS,
    _provision: backing.GIVING, _assistance: backing.ASSIST_VERBS, _reciprocal: hostility.RECIPROCAL,
    _designation: frozenset({"designate", "list", "blacklist", "label", "brand"}),
    _purpose_opposes: frozenset({"fight", "combat", "counter", "defeat", "oppose"}),
}

FINDERS = (
    # backing and alliance
    _hyphen_backing, _passive_and_active, _material_backing, _provision, _support_phrase, _assistance, _alignment,
    # leadership, founding, subordination
    _head_of, _title_of, _subordinates, _founding, _possessed, _unit_of,
    # membership
    _joining, _joined, _part_of, _political_wing, _composition, _member_apposition, _umbrella_members,
    _assignment, _unit_chain, _within,
    # hostility and designation
    _designation, _purpose_opposes, _hostility, _hostile_prefix, _fire_from, _reciprocal,
)


def find_relations(doc, article: Article, actors, events: list[Event] | None = None) -> list[Relation]:
    """Every relation the article states, one record per (subject, predicate, object)."""
    read: list[tuple[tuple[str, str, str], Evidence, str | None]] = []
    for sent in sentences(doc):
        if any(s <= sent.start_char and sent.end_char <= e for s, e in article.excluded):
            continue
        text = span_text(sent)
        ev = Evidence(text=text.strip(), start=sent.start_char + _lead(text),
                      end=sent.start_char + _lead(text) + len(text.strip()))
        read += [((subj, pred, obj), ev, when) for subj, pred, obj, when in _sentence_relations(sent, actors)]
    unnamed = actors.unnamed()  # after the finders, which may add participants
    found: dict[tuple[str, str, str], list[Evidence]] = {}
    since: dict[tuple[str, str, str], str | None] = {}
    for key, ev, when in read:
        if not admissible(actors, *key, unnamed):
            continue
        found.setdefault(key, [])
        if ev not in found[key]:
            found[key].append(ev)
        since.setdefault(key, when)
    _settle_episodes(found, since)
    for (s, p, o) in list(found):
        if p == "member_of" and (s, "leads", o) in found:  # the head of X is also in X: keep the stronger
            found[(s, "leads", o)] += [e for e in found.pop((s, p, o)) if e not in found[(s, "leads", o)]]
    return [Relation(subject=s, predicate=p, object=o, since=since.get((s, p, o)), evidence=tuple(evs))
            for (s, p, o), evs in found.items()]


def _settle_episodes(found: dict, since: dict) -> None:
    """Hostility told by single acts (:data:`.hostility.EPISODE`) becomes ``opposes`` where the
    pair's hostility is also told as standing, or is told in two sentences or more (either
    direction); otherwise it is an event's business, not a relation. In place."""
    for key in [k for k in found if k[1] == EPISODE]:
        s, _, o = key
        told = [e for k in ((s, "opposes", o), (o, "opposes", s), (s, EPISODE, o), (o, EPISODE, s))
                for e in found.get(k, [])]
        evidence = found.pop(key)
        when = since.pop(key, None)
        standing = (s, "opposes", o) in found or (o, "opposes", s) in found
        if standing or len(set(told)) >= 2:
            target = (s, "opposes", o) if (s, "opposes", o) in found or (o, "opposes", s) not in found \
                else (o, "opposes", s)
            found.setdefault(target, [])
            found[target] += [e for e in evidence if e not in found[target]]
            since.setdefault(target, when)
    for key in found:
        found[key].sort(key=lambda e: e.start)


def _lead(s: str) -> int:
    return len(s) - len(s.lstrip())


POINTING = {"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "group", "militia", "movement",
            "organisation", "organization", "party", "faction", "coalition", "latter", "former", "who", "which"}


def _sentence_relations(sent, actors) -> Iterator[tuple[str, str, str, str | None]]:
    named = {m.actor_id for m in actors.in_span(sent.start_char, sent.end_char)}
    if not named and not any(t.lower_ in POINTING for t in sent):
        return  # no party named or pointed at: no relation to find
    sent = TokenList(sent)  # thirty finders walk it: make its tokens once
    lemmas = {lemma(t) for t in sent}
    for finder in FINDERS:
        gate = GATES.get(finder)
        if gate is not None and not lemmas & gate:
            continue  # the finder looks only at words this sentence lacks
        yield from finder(sent, actors)
