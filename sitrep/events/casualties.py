"""Casualties: the dead and wounded a sentence states, and which event they belong to.
"""
from __future__ import annotations

import re

from .arguments import np_actors
from .drafts import NUMBER_WORDS, Draft, _lemma
from .lexicon import Lexicon
from .modality import _claim_context, _is_irrealis
from .scope import _separated

NONE_KILLED = re.compile(r"\b(no|without)\s+(?:\w+\s+){0,2}(casualties|causalities|deaths|fatalities|"
                         r"one\s+(?:was\s+)?(?:killed|hurt|injured)|dead|injuries|losses)\b|"
                         r"\bno\s+(?:one|body)\s+was\s+(?:killed|hurt|injured)|\bcaused no\s+(?:\w+\s+)?"
                         r"(casualties|deaths)", re.I)
KILL = {"kill", "killing", "die", "dead", "death", "murder", "slay", "behead", "execute"}
WOUND = {"wound", "injure", "injury", "wounding", "hurt"}


def number_of(tok) -> int | None:
    """The number a noun phrase states ("25 militia members", "two soldiers and a civilian")."""
    n = _own_number(tok)
    if n is None or tok.pos_ == "PROPN":
        return n
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ == "NOUN":
            m = _own_number(c)
            if m is not None:
                n += m
    return n


def _own_number(tok) -> int | None:
    for c in tok.children:
        if c.dep_ == "nummod" or (c.dep_ == "det" and c.lower_ in ("a", "an")):
            return _to_int(c)
        if c.dep_ == "quantmod":
            continue
    if tok.like_num or tok.lower_ in NUMBER_WORDS:
        return _to_int(tok)
    if tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON":
        n = 1 + sum(1 for c in tok.children if c.dep_ == "conj" and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON"))
        return n
    return None


def _to_int(tok) -> int | None:
    text = tok.text.replace(",", "").lower()
    if text.isdigit():
        return int(text)
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    return None


def _victims_of(verb) -> list:
    """Who a killing verb or noun affects."""
    out = []
    if verb.pos_ == "NOUN":
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                out += [g for g in c.children if g.dep_ == "pobj"]
        return out
    for c in verb.children:
        if c.dep_ in ("dobj", "obj", "nsubjpass"):
            out.append(c)
        if c.dep_ == "nsubj" and _lemma(verb) in ("die",):
            out.append(c)
    return out


def casualties(sent, lex: Lexicon) -> tuple[list[tuple[object, int | None, bool]], list[tuple[object, int | None]]]:
    """(kill token, number, 'also') and (wound token, number) found in a sentence."""
    killed, wounded = [], []
    for tok in sent:
        lemma = _lemma(tok)
        shot_dead = lemma == "shoot" and any(t.lower_ == "dead" for t in tok.children) or \
            lemma == "shoot" and any(t.lower_ == "dead" for c in tok.children if c.dep_ == "dobj" for t in c.children)
        if (lemma in KILL or shot_dead) and tok.pos_ in ("VERB", "NOUN", "ADJ"):
            victims = _victims_of(tok)
            n = None
            for v in victims:
                n = number_of(v)
                if n is None:
                    for c in v.children:
                        if c.dep_ == "prep" and c.lower_ == "of":
                            continue
                if n is not None:
                    break
            if lemma == "dead" and n is None:
                n = next((_to_int(c) for c in tok.head.children if c.dep_ == "nummod"), None)
            also = any(c.lower_ == "also" for c in tok.children)
            killed.append((tok, n, also))
        elif lemma in WOUND and tok.pos_ in ("VERB", "NOUN"):
            n = next((number_of(v) for v in _victims_of(tok) if number_of(v) is not None), None)
            wounded.append((tok, n))
    return killed, wounded


def _assign_casualties(drafts: list[Draft], killed, wounded, lex: Lexicon, actors) -> None:
    violent = [d for d in drafts if lex.family(d.type) in ("violence", "unrest")]
    if not violent:
        return
    for tok, n, also in killed:
        d = _owner(violent, tok)
        if _separated(d.token, tok):
            continue  # "the strikes were a response to the deaths of three soldiers"
        if not d.targets:
            d.targets = [a for v in _victims_of(tok) for a in np_actors(v, actors) if a not in d.actors]
        named = _named_victims(tok, actors)
        if named and (n is None or (n < named and all(v.pos_ == "PROPN" for v in _victims_of(tok)))):
            n = named
        if n is None:
            continue
        d.fatalities = (d.fatalities or 0) + n if d.fatalities is not None else n
        d.also = d.also or also
    for tok, n in wounded:
        d = _owner(violent, tok)
        if _separated(d.token, tok):
            continue
        if not d.targets:
            d.targets = [a for v in _victims_of(tok) for a in np_actors(v, actors) if a not in d.actors]
        if n is not None:
            d.injured = (d.injured or 0) + n


def _nearest(drafts: list[Draft], tok) -> Draft:
    return min(drafts, key=lambda d: abs(d.token.i - tok.i))


def _owner(drafts: list[Draft], tok) -> Draft:
    """The event a casualty word belongs to: itself, the trigger that governs it, else the nearest."""
    for test in (lambda d: d.token == tok, lambda d: d.token.head == tok, lambda d: tok.head == d.token):
        for d in drafts:
            if test(d):
                return d
    governing = [d for d in drafts if tok in d.token.subtree]
    if governing:
        return min(governing, key=lambda d: len(list(d.token.subtree)))
    return _nearest(drafts, tok)


def _named_victims(tok, actors) -> int:
    """Persons the gazetteer knows among the victims ("killed Soleimani … and al-Muhandis")."""
    ids = set()
    for v in _victims_of(tok):
        for t in v.subtree:
            for m in actors.at(t.idx, t.idx + len(t.text)):
                if actors.entry_type(m.actor_id) == "person" and t.dep_ != "poss":
                    ids.add(m.actor_id)
    return len(ids)


def _carry_casualties(drafts: list[Draft], sents, lex: Lexicon, actors) -> None:
    """'… threw a grenade at the party office. Two guards were wounded.': figures told in the next
    sentence, with no act of their own, belong to the act just told."""
    by_sent = {d.sent_index for d in drafts if lex.family(d.type) in ("violence", "unrest")}
    for si, sent in enumerate(sents):
        if si in by_sent or si == 0:
            continue
        prior = [d for d in drafts if d.sent_index == si - 1 and lex.family(d.type) in ("violence", "unrest")]
        if not prior:
            continue
        killed, wounded = casualties(sent, lex)
        d = prior[-1]
        if d.reference or d.definite:
            continue  # only figures of an act just told, not of one merely mentioned
        for tok, n, _ in killed:
            if _claim_context(tok, lex)[0] is not None or _is_irrealis(tok, lex):
                continue  # "officials falsely claimed that the strikes killed 80": no figure of fact
            if n is not None and d.fatalities is None:
                d.fatalities = n
                d.evidence.append((sent.start_char, sent.end_char))
        for tok, n in wounded:
            if _claim_context(tok, lex)[0] is not None or _is_irrealis(tok, lex):
                continue
            if n is not None and d.injured is None:
                d.injured = n
                d.evidence.append((sent.start_char, sent.end_char))


def _no_casualties(drafts: list[Draft], sents, lex: Lexicon, actors=None) -> None:
    """'No casualties were reported' sets 0 on the latest violent event that has no figure."""
    for si, sent in enumerate(sents):
        if not NONE_KILLED.search(sent.text):
            continue
        prior = [d for d in drafts if lex.family(d.type) == "violence" and 0 <= si - d.sent_index <= 3
                 and d.certainty == "reported" and not d.reference]
        named = {m.actor_id for m in actors.in_span(sent.start_char, sent.end_char)} if actors else set()
        aimed = [d for d in prior if named & set(d.targets)] or prior
        if aimed and aimed[-1].fatalities is None:
            aimed[-1].fatalities = 0
