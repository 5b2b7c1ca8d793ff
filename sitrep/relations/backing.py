"""Backing and alliance: who arms, funds, supports or fights beside whom.

- "Iran-backed X", "X, an Iran-backed group", "X, an umbrella of Iran-backed factions", "X, equipped and financed by Y", "Y arms X", "X answers to Y" (command);
- "with money and weapons from Y", "X received weapons from Y", "Y provided support to X";
- "X conducted strikes in support of Y", "with the support of Y, X ...", "X is supporting Y",
  "X continues to support Y" (ongoing only: a past act is an episode, not a standing relation);
- "X fought alongside Y", "X, together with Y", "in coordination with Y" (allied_with);
- "X, who is close to Y", "X, an ally of Y".
"""
from __future__ import annotations

import re

from ..events import BACKED, np_actors
from .clauses import (
    ACTION_NOUNS,
    ALONGSIDE,
    COMMANDED,
    COMMANDING,
    PARTY_TYPES,
    PERSON,
    _acting_party,
    _agent,
    _class_member,
    _doers,
    _doers_and_done,
    _doers_or_holders,
    _examples,
    _lemma,
    _not_asserted,
    _not_person,
    _np_parties,
    _ongoing,
    _parties,
    _shared_enemies,
    _subject_tokens,
    _together_with,
    _types,
)
from .cues import cue

BACKING_VERBS = cue("backing_verbs")
COMMAND_VERBS = cue("command_verbs")
ALLY_WORDS = re.compile(r"\b(close to|allied (?:with|to)|(?:an?|the)\s+(?:[\w-]+\s+){0,2}ally of|aligned with|loyal to)\b",
                        re.I)
SUPPLIES = cue("supplies")


def _hyphen_backing(sent, actors):
    """'Iran-backed militias', 'US-led coalition'."""
    text = actors.text
    for m in actors.in_span(sent.start_char, sent.end_char):
        hit = BACKED.match(text[m.end:m.end + 14])
        if not hit:
            continue
        word = hit.group(1).lower()
        tok = next((t for t in sent if t.idx >= m.end and t.lower_ == word), None)
        if tok is None:
            continue
        noun = tok.head if tok.head != tok else tok
        while noun.dep_ in ("amod", "compound") and noun.head != noun:
            noun = noun.head
        subjects = [a for a in np_actors(noun, actors) or _umbrella_of(noun, actors) if a != m.actor_id]
        for s in subjects:
            if word in ("led",):
                yield m.actor_id, "leads", s, None
            elif word in ("allied", "aligned", "affiliated", "linked"):
                yield s, "allied_with", m.actor_id, None
            elif word == "controlled":
                yield s, "commanded_by", m.actor_id, None
            elif word != "based":
                yield s, "backed_by", m.actor_id, None


UMBRELLA_NOUNS = cue("umbrella_nouns")


def _umbrella_of(noun, actors) -> list[str]:
    """The named body a generic plural is the membership of: "X, an umbrella of Iran-backed
    factions", "X is a coalition of Iran-backed militias" -> X (what its members are, it is);
    else the party the noun describes (:func:`_described`)."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of" or _lemma(noun.head.head) not in UMBRELLA_NOUNS:
        return _described(noun, actors)
    body = noun.head.head
    if body.dep_ == "appos":
        return np_actors(body.head, actors, stop=body.subtree)
    if body.dep_ == "attr":
        subj = next((c for c in body.head.children if c.dep_ == "nsubj"), None)
        return np_actors(subj, actors) if subj is not None else []
    return []


def _described(noun, actors) -> list[str]:
    """The named party a generic noun describes: "X, an Iran-aligned group", "X is an
    Iran-backed militia" -> X."""
    if noun.dep_ == "appos":
        return np_actors(noun.head, actors, stop=noun.subtree)
    if noun.dep_ == "attr":
        subj = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
        return np_actors(subj, actors) if subj is not None else []
    return []


def _passive_and_active(sent, actors):
    """'X are equipped and financed by Y', 'Y funds X', 'X answer directly to Y'."""
    for tok in sent:
        lemma = _lemma(tok)
        if tok.pos_ != "VERB":
            continue
        if lemma in BACKING_VERBS | COMMAND_VERBS:
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or \
                (tok.dep_ == "conj" and any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.head.children)) or \
                (tok.tag_ == "VBN" and (tok.dep_ in ("amod", "acl") or
                                        (tok.dep_ == "conj" and tok.head.dep_ in ("amod", "acl"))))
            pred = "backed_by" if lemma in BACKING_VERBS else "commanded_by"
            if passive:
                agent, subj = _agent(tok), _subject_tokens(tok)
                if agent is None or subj is None:
                    continue
                for s in np_actors(subj, actors) or _class_member(subj, actors):  # "X, one of the groups armed by Y"
                    for o in np_actors(agent, actors):
                        yield s, pred, o, None
            elif lemma not in ("support", "train") or tok.tag_ in ("VBZ", "VBP"):
                subj = _subject_tokens(tok)
                objs = [c for c in tok.children if c.dep_ == "dobj"]
                if subj is None:
                    continue
                for o in objs:
                    for target in _not_person(actors, np_actors(o, actors) or _examples(o, actors)):
                        for s in np_actors(subj, actors):
                            yield target, pred, s, None
        elif lemma == "answer" and any(c.lower_ == "to" for c in tok.children):
            subj = _subject_tokens(tok)
            to = next(c for c in tok.children if c.lower_ == "to")
            for o_tok in (g for g in to.children if g.dep_ == "pobj"):
                for s in np_actors(subj, actors) if subj is not None else []:
                    for o in np_actors(o_tok, actors):
                        yield s, "commanded_by", o, None
        elif lemma in ("lead", "head") and (tok.dep_ in ("acl", "amod") or
                                             any(c.dep_ == "auxpass" for c in tok.children)):
            leaders, led = _doers_and_done(tok, actors, passive=True)  # "the Fatah Alliance led by Hadi al-Amiri"
            for p in _types(actors, leaders, (PERSON,)):
                for org in _not_person(actors, led):
                    yield p, "leads", org, None
            for boss in _parties(leaders, actors, COMMANDING):  # "the task force, led by the Royal Navy"
                for org in _parties(led, actors, COMMANDED):
                    yield org, "commanded_by", boss, None
        elif lemma in ("lead", "head", "command") and tok.dep_ not in ("amod",):
            subj = _subject_tokens(tok)
            if subj is None:
                continue
            people = _types(actors, np_actors(subj, actors), (PERSON,))
            bosses = [] if _not_asserted(tok) else _parties(np_actors(subj, actors), actors, COMMANDING)
            for o in (c for c in tok.children if c.dep_ == "dobj"):
                for org in _not_person(actors, np_actors(o, actors)):
                    for p in people:
                        yield p, "leads", org, None
                for org in _parties(np_actors(o, actors), actors, COMMANDED):
                    for b in bosses:  # "the French led the task force": a state or force commands a unit
                        yield org, "commanded_by", b, None


def _material_backing(sent, actors):
    """'With money, weapons and training from Iran's Quds Force, his network …'."""
    for tok in sent:
        received = tok.head.pos_ == "VERB" and _lemma(tok.head) in RECEIVING and \
            any(c.dep_ == "dobj" and _lemma(c) in SUPPLIES for c in tok.head.children)
        if tok.lower_ != "from" or (_lemma(tok.head) not in SUPPLIES and not received):
            continue
        givers = [a for g in tok.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
            verb = verb.head
        subj = _subject_tokens(verb) if verb.pos_ in ("VERB", "AUX") else None
        for s in (np_actors(subj, actors) if subj is not None else []):
            for g in givers:
                yield s, "backed_by", g, None


RECEIVING = cue("receiving")
GIVING = cue("giving")


def _provision(sent, actors):
    """'Iran has provided military support to the Syrian government', 'X sent weapons to Y':
    Y backed_by X."""
    for tok in sent:
        if _lemma(tok) not in GIVING or tok.pos_ != "VERB" or _not_asserted(tok):
            continue
        if not any(c.dep_ == "dobj" and _lemma(c) in SUPPLIES for c in tok.children):
            continue
        takers = [a for c in tok.children if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "for")
                  for g in c.children if g.dep_ == "pobj" for a in _np_parties(g, actors)]
        for giver in _parties(_doers(tok, actors), actors):
            for t in takers:
                if t != giver:
                    yield t, "backed_by", giver, None


def _alignment(sent, actors):
    """'X, who is very close to Y', 'X is aligned with Y', 'X, a key ally of Y': X is the
    subject of the clause the words are in (for a 'who' clause, the one it is hung on: "AAH
    leader Qais al-Khazali, who is close to Iran": Khazali) or the party they are in apposition
    to; failing a parse, the first party named before them."""
    for m in ALLY_WORDS.finditer(sent.text):
        at = sent.start_char + m.end()
        gap = re.match(r"\s*(?:the\s+)?", actors.text[at:sent.end_char])
        after = [x for x in actors.in_span(at, sent.end_char) if x.start - at <= gap.end()]
        before = [x for x in actors.in_span(sent.start_char, sent.start_char + m.start())]
        if not (after and before):
            continue
        holders = [a for a in _aligned_party(sent, sent.start_char + m.start(), actors)
                   if any(x.actor_id == a for x in before)]
        yield (holders or [before[0].actor_id])[0], "allied_with", after[0].actor_id, None


def _aligned_party(sent, start: int, actors) -> list[str]:
    """Who the alignment words at ``start`` are said of (see :func:`_alignment`)."""
    tok = next((t for t in sent if t.idx >= start), None)
    for _ in range(6):
        if tok is None or tok.head == tok:
            return []
        if tok.dep_ == "appos":
            return np_actors(tok.head, actors, stop=tok.subtree)
        if tok.pos_ in ("VERB", "AUX"):
            subj = _subject_tokens(tok)
            return np_actors(subj, actors) if subj is not None else []
        tok = tok.head
    return []


ASSIST_VERBS = cue("assist_verbs")
COMPANY_NOUNS = cue("company_nouns")


def _support_phrase(sent, actors):
    """'X conducted strikes in support of Y' (Y backed_by X) and 'with the support of Y, X …'
    (X backed_by Y); 'X fought alongside Y', 'in coordination with Y' (allied)."""
    for tok in sent:
        low = tok.lower_
        if _lemma(tok) in ("support", "help", "assistance", "aid", "backing") and tok.pos_ == "NOUN" and \
                tok.dep_ == "pobj":
            prep = tok.head
            gov, link = prep.head, prep
            while gov.pos_ == "ADP" and link.dep_ == "conj" and gov.head != gov:  # "coordinated with and in support of"
                link, gov = gov, gov.head
            of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "to")
                  for g in c.children if g.dep_ == "pobj"]
            given = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
                     for g in c.children if g.dep_ == "pobj"]
            if prep.lower_ == "in" and of and (gov.pos_ in ("VERB", "AUX") or _lemma(gov) in ACTION_NOUNS or
                                               _acting_party(gov, actors)):
                backed = [a for g in of for a in _np_parties(g, actors)]
                while gov.dep_ == "conj" and gov.pos_ in ("NOUN", "PROPN") and gov.head != gov:
                    gov = gov.head  # "the Iraqi forces, the PMF and others in support of …": the whole list
                backers = _doers_or_holders(gov, actors)
                for b in _parties(backers, actors):
                    for x in backed:
                        if x != b:
                            yield x, "backed_by", b, None
                for x in backed:  # "strikes against Z in support of Y": Y is in the fight against Z
                    for z in _shared_enemies(gov, actors):
                        if z != x and z not in backers:
                            yield x, "opposes", z, None
            elif prep.lower_ == "with" and (of or given):
                backers = [a for g in of + given for a in _np_parties(g, actors)]
                verb = gov
                while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
                    verb = verb.head
                for x in _parties(_doers(verb, actors), actors):
                    for b in backers:
                        if x != b:
                            yield x, "backed_by", b, None
        elif (low in ALONGSIDE or _together_with(tok) or
              (low == "with" and _lemma(tok.head) in COMPANY_NOUNS | {"coordinate", "partner", "ally", "side"})):
            head = tok.head
            if head.lower_ in ("together", "along") or _lemma(head) in COMPANY_NOUNS:
                head = head.head if head.head.pos_ != "ADP" else head.head.head
            partners = [a for g in tok.children if g.dep_ == "pobj" for a in _np_parties(g, actors)]
            if not partners:
                continue
            doers = _doers_or_holders(head, actors)
            for d in _parties(doers, actors):
                for p in partners:
                    if d != p:
                        yield d, "allied_with", p, None


def _assistance(sent, actors):
    """'X is supporting Y', 'X continues to support Y', 'X is advising and assisting Y'
    (Y backed_by X); the simple present is read by :func:`_passive_and_active`."""
    for tok in sent:
        if _lemma(tok) not in ASSIST_VERBS or tok.pos_ != "VERB" or not _ongoing(tok):
            continue
        if any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children) and _lemma(tok) == "train":
            continue  # "trained for the assault" is practice, not backing
        if _not_asserted(tok) or any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
            continue
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        if not objs and tok.dep_ == "conj":  # "advising and assisting Y": the object hangs on the last verb
            objs = [c for c in tok.head.children if c.dep_ == "dobj"]
        if not objs:
            objs = [c for c2 in tok.children if c2.dep_ == "conj" for c in c2.children if c.dep_ == "dobj"]
        backed = [a for o in objs for a in _np_parties(o, actors, PARTY_TYPES)]
        for b in _parties(_doers(tok, actors), actors):
            for x in backed:
                if x != b:
                    yield x, "backed_by", b, None
