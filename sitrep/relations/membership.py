"""Membership: parts and members of groups, coalitions and military units.

- "X joined Y", "X was included in Y", "militias under the Y umbrella";
- "X, part of Y", "X, a member of Y", "Y's branch X", "X, the armed wing of Y";
- "X, a coalition of A and B", "X – a partnership between A and B",
  "Coalition nations ... include A, B and C", "the SDF, which includes X", "a force made up of X";
- "Turkey and Jordan, both coalition members", "our coalition partners, especially the Turks";
- "X was assigned to the 2nd Battalion", "3rd Battalion, 321st Field Artillery Regiment"
  (a unit before the larger unit it belongs to), "Turkey within NATO";
- "presence in parliament through X", "X, the political wing of Y" (political_wing_of).
"""
from __future__ import annotations

import re

from ..events import np_actors
from .clauses import (
    COLLECTIVE_TYPES,
    COMMANDED,
    ORGANISED,
    _dedupe,
    _doers_and_done,
    _lemma,
    _conjuncts,
    _modifier_ids,
    _named_parties,
    _negated,
    _np_parties,
    _parties,
    _subject_tokens,
    _year_in,
)
from .cues import cue

JOINING_VERBS = cue("joining_verbs")


def _joined(sent, actors):
    """'Asaib Ahl al-Haq joined the Popular Mobilization Forces'."""
    for tok in sent:
        if _lemma(tok) != "join" or tok.pos_ != "VERB":
            continue
        members, groups = _doers_and_done(tok, actors)
        for m in members:
            for g in _parties(groups, actors, COLLECTIVE_TYPES):  # "joined Jordan in an exercise" is no membership
                yield m, "member_of", g, None


def _joining(sent, actors):
    """'militias under the X umbrella were included in the army' -> X member_of army."""
    for tok in sent:
        if _lemma(tok) not in JOINING_VERBS or tok.pos_ != "VERB":
            continue
        subj = _subject_tokens(tok)
        into = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "into", "within")
                for g in c.children if g.dep_ == "pobj"]
        if subj is None or not into:
            continue
        members = np_actors(subj, actors)
        groups = [a for g in into for a in (np_actors(g, actors) or _army_of(g, actors))]
        when = _year_in(sent)
        for m in members:
            for g in groups:
                yield m, "member_of", g, when
    for tok in sent:
        if tok.lower_ == "umbrella" and tok.dep_ == "pobj":
            owners = [a for c in tok.children if c.dep_ in ("compound", "poss") for a in np_actors(c, actors)]
            holder = tok.head.head
            for o in owners:
                for m in np_actors(holder, actors, stop=tok.head.subtree):
                    yield m, "member_of", o, None


def _army_of(tok, actors) -> list[str]:
    """'the army' / 'the official army': the army of the state the article is mostly about."""
    if _lemma(tok) not in ("army", "military"):
        return []
    counts: dict[str, int] = {}
    for m in actors.mentions:
        if actors.entry_type(m.actor_id) == "state":
            counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
    for state in sorted(counts, key=counts.get, reverse=True):
        entry = actors.gazetteer.get(state)
        if entry is None:
            continue
        for e in actors.gazetteer.entries.values():
            if e.type == "state_military" and e.country == entry.country and "army" in e.name.lower():
                return [e.id]
    return []


def _political_wing(sent, actors):
    """'X has … presence in parliament through Y' and 'Y, the political wing of X'."""
    text = sent.text.lower()
    for tok in sent:
        if tok.lower_ == "through" and "parliament" in text:
            verb = tok.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
                verb = verb.head
            subj = _subject_tokens(verb)
            wings = [a for g in tok.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
            for s in np_actors(subj, actors) if subj is not None else []:
                for w in wings:
                    yield w, "political_wing_of", s, None
        if tok.lower_ in ("wing", "arm") and any(c.lower_ == "political" for c in tok.children):
            parents = [a for c in tok.children if c.dep_ in ("poss",) for a in np_actors(c, actors)]
            parents += [a for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                        for g in c.children for a in np_actors(g, actors)]
            holder = tok.head if tok.dep_ == "appos" else None
            wings = np_actors(holder, actors, stop=tok.subtree) if holder is not None else []
            wings += [a for c in tok.children if c.dep_ == "appos" for a in np_actors(c, actors)]
            for w in wings:
                for p in parents:
                    yield w, "political_wing_of", p, None


PART_NOUNS = cue("part_nouns")


def _part_of(sent, actors):
    """'US troops … as part of an international coalition'; 'KH, part of the PMF'; 'X is part of Y';
    'X is the largest faction in Y' (a part 'in' a body, not in a country)."""
    for tok in sent:
        if _lemma(tok) not in PART_NOUNS or (_lemma(tok) != "part" and tok.dep_ not in ("appos", "attr")):
            continue
        if _lemma(tok) in ("wing", "arm") and not any(c.lower_ in ("armed", "military", "militant", "paramilitary")
                                                      for c in tok.children):
            continue  # a political wing is read by _political_wing
        of = [g for c in tok.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        of += [c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PROPN"]  # "al-Qaeda's branch"
        within = [] if _lemma(tok) == "part" else [  # "the largest faction in the PMF" (a body, not a country)
            g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "within")
            for g in c.children if g.dep_ == "pobj" and _parties(np_actors(g, actors), actors, BODIES)]
        if tok.dep_ == "appos":
            subj = tok.head
        elif tok.dep_ == "attr":
            subj = _subject_tokens(tok.head)
        elif tok.head.lower_ == "as":
            verb = tok.head.head
            subj = _subject_tokens(verb) if verb.pos_ in ("VERB", "AUX") else None
        else:
            continue
        if subj is None or not (of or within):
            continue
        for s in np_actors(subj, actors):
            for o in [a for g in of for a in _own_or_np(g, actors)] + \
                    [a for g in within for a in _parties(np_actors(g, actors), actors, BODIES)]:
                yield s, "member_of", o, None


def _own_or_np(tok, actors) -> list[str]:
    """What a noun names itself ("Iran's axis of resistance" -> the axis, not Iran), else the
    actors of its phrase."""
    own = [m.actor_id for m in actors.at(tok.idx, tok.idx + len(tok.text))]
    return _dedupe(own) if own else np_actors(tok, actors)


BODIES = COLLECTIVE_TYPES - {"government"}  # "the largest faction in parliament" is no membership of it


COMPOSING_VERBS = cue("composing_verbs")
GROUP_NOUNS = cue("group_nouns")
MEMBER_WORDS = cue("member_words")
ASSIGNING_VERBS = cue("assigning_verbs")


def _composition(sent, actors):
    """'Coalition nations that have carried out strikes include A, B and C', 'the SDF, which
    includes the Syrian Arab Coalition', 'a force made up of X and Y': each part member_of the whole."""
    for tok in sent:
        lemma = _lemma(tok)
        if lemma not in COMPOSING_VERBS or tok.pos_ not in ("VERB", "AUX") or _negated(tok):
            continue
        parts: list = []
        whole = None
        if lemma in ("include", "comprise", "encompass", "incorporate") and \
                not any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
            parts = [c for c in tok.children if c.dep_ == "dobj"]
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            whole = tok.head if tok.dep_ in ("relcl", "acl") and (subj is None or subj.lower_ in ("which", "that")) \
                else subj
        elif lemma in ("consist", "compose", "make"):
            if lemma == "make" and not any(c.lower_ == "up" for c in tok.children):
                continue
            parts = [g for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in ("of", "by")
                     for g in c.children if g.dep_ == "pobj"]
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            whole = tok.head if tok.dep_ in ("acl", "relcl", "amod") else subj
            if whole is not None and whole.lower_ in ("which", "that", "who"):
                whole = tok.head
        if whole is None or not parts:
            continue
        if not actors.at(whole.idx, whole.idx + len(whole.text)) and _lemma(whole) not in GROUP_NOUNS:
            continue  # "targets included …", "the losses included …"
        groups = _parties(np_actors(whole, actors), actors, COLLECTIVE_TYPES)
        members = [a for p in parts for a in _named_parties(p, actors, ORGANISED)]
        for g in groups:
            for m in members:
                if m != g:
                    yield m, "member_of", g, None


def _member_apposition(sent, actors):
    """'Turkey and the Netherlands, coalition members, …', 'Jordan is a coalition partner',
    'our coalition partners, especially the Turks': members of the group named on the noun."""
    for tok in sent:
        if _lemma(tok) not in MEMBER_WORDS or tok.pos_ != "NOUN":
            continue
        mods = [c for c in tok.children if c.i < tok.i and c.dep_ in ("compound", "amod", "poss", "nmod")]
        groups = _parties([a for c in mods for a in _modifier_ids(c, actors)], actors, COLLECTIVE_TYPES)
        if not groups:
            continue
        members: list[str] = []
        if tok.dep_ == "appos":
            members += _np_parties(tok.head, actors, ORGANISED) if tok.head.pos_ == "PROPN" or \
                actors.at(tok.head.idx, tok.head.idx + len(tok.head.text)) else []
        elif tok.dep_ == "attr":
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            members += _np_parties(subj, actors, ORGANISED) if subj is not None else []
        for c in tok.children:
            if c.dep_ == "appos":
                members += _np_parties(c, actors, ORGANISED)
            if c.dep_ == "prep" and c.lower_ in ("like", "including", "especially", "notably"):
                members += [a for g in c.children if g.dep_ == "pobj" for a in _np_parties(g, actors, ORGANISED)]
        for m in _dedupe(members):
            for g in groups:
                if m != g:
                    yield m, "member_of", g, None


UMBRELLA_NOUNS = cue("umbrella_nouns")


def _umbrella_members(sent, actors):
    """'X, a coalition of A and B', 'X is an umbrella of A, B and other groups', 'X – a
    partnership between A and B': each named part member_of the named body."""
    for tok in sent:
        if _lemma(tok) not in UMBRELLA_NOUNS or tok.pos_ != "NOUN":
            continue
        if tok.dep_ == "appos":
            body = np_actors(tok.head, actors, stop=tok.subtree)
        elif tok.dep_ == "attr":
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            body = np_actors(subj, actors) if subj is not None else []
        else:
            continue
        preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "between")]
        names = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"]  # a list the parser broke
        parts = [a for p in preps for g in p.children if g.dep_ == "pobj" for t in _conjuncts(g)
                 for a in np_actors(t, actors)]
        parts += [a for c in names for a in np_actors(c, actors)] if parts else []
        for g in body[:1]:
            for m in _dedupe(parts):
                if m != g:
                    yield m, "member_of", g, None


def _assignment(sent, actors):
    """'X was assigned to the 2nd Battalion', 'X serves with the 5th Special Forces Group',
    'the squadron will fly … as part of the 407th Group' (see also :func:`_part_of`)."""
    for tok in sent:
        if _lemma(tok) not in ASSIGNING_VERBS or tok.pos_ != "VERB":
            continue
        units = [a for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "with", "in")
                 for g in c.children if g.dep_ == "pobj"
                 for a in _np_parties(g, actors, COLLECTIVE_TYPES | {"other"})]
        if not units:
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None and tok.dep_ in ("relcl", "acl"):
            subj = tok.head
        holders = np_actors(subj, actors) if subj is not None else []
        for h in _parties(holders, actors, {"person", "state_military", "armed_group"}):
            for u in units[:1]:
                if h != u:
                    yield h, "member_of", u, None


ECHELONS = cue("echelons")


def _echelon(name: str) -> int | None:
    """The size class of a military unit from the last word of its name ("2nd Battalion" -> 3)."""
    words = name.lower().split()
    return ECHELONS.get(words[-1]) if words else None


def _unit_chain(sent, actors):
    """'3rd Battalion, 321st Field Artillery Regiment', 'Abel Battery, 3rd Battalion': a unit
    written before the larger unit it belongs to, as military addresses are (small to large)."""
    text = actors.text
    mentions = [m for m in actors.in_span(sent.start_char, sent.end_char)
                if actors.entry_type(m.actor_id) in COMMANDED]
    for a, b in zip(mentions, mentions[1:]):
        if not re.fullmatch(r"\s*,\s*(?:the\s+)?", text[a.end:b.start]):
            continue
        small, large = _echelon(text[a.start:a.end]), _echelon(text[b.start:b.end])
        if small is not None and large is not None and small < large:
            yield a.actor_id, "member_of", b.actor_id, None


def _within(sent, actors):
    """'Turkey within NATO', 'Kataib Hezbollah within the PMF': a named party inside a body."""
    text = actors.text
    mentions = actors.in_span(sent.start_char, sent.end_char)
    for a, b in zip(mentions, mentions[1:]):  # written next to each other, whatever the parse
        if re.fullmatch(r"\s+within\s+(?:the\s+)?", text[a.end:b.start]) and a.actor_id != b.actor_id and \
                actors.entry_type(a.actor_id) in ORGANISED and actors.entry_type(b.actor_id) in COLLECTIVE_TYPES:
            yield a.actor_id, "member_of", b.actor_id, None
    for tok in sent:
        if tok.lower_ != "within" or tok.dep_ != "prep":
            continue
        head = tok.head  # "Turkey within NATO", "Turkey's place within NATO"
        inner = [m.actor_id for t in (head, *[c for c in head.children if c.dep_ == "poss"])
                 for m in actors.at(t.idx, t.idx + len(t.text))]
        bodies = [a for g in tok.children if g.dep_ == "pobj" for a in _named_parties(g, actors, COLLECTIVE_TYPES)]
        for i in _parties(inner, actors, ORGANISED):
            for b in bodies[:1]:
                if i != b:
                    yield i, "member_of", b, None
