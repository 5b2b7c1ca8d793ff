"""Codebook typing: the event type after its arguments are known (force against a crowd is
repression, a targeted killing of a named person an assassination, …).
"""
from __future__ import annotations

from .arguments import CROWDS
from .casualties import KILL
from .drafts import TARGET_PREPS, Draft, _lemma, _singular
from .lexicon import Lexicon
from .triggers import _objects


def _retype(d: Draft, sent, lex: Lexicon, actors, places=None) -> None:
    """Force against a crowd is repression; a generic attack that kills a named person is an assassination;
    capturing a town is a battle; a state's execution is a legal act."""
    if d.type == "arrest" and _lemma(d.token) in ("capture", "seize") and _place_object(d.token, places):
        d.type = "armed_clash"  # "IS captured Tikrit": territory taken, not a person detained
        return
    if lex.family(d.type) != "violence":
        return
    if d.type == "air_strike" and _lemma(d.token) == "bomb" and d.weapon is None and \
            not any(actors.entry_type(a) in ("state", "state_military") for a in d.actors):
        d.type = "bombing"  # "his role in bombing the embassy": no aircraft, no state
    objs = [o for o in _objects(d.token)] + [g for c in d.token.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS
                                            for g in c.children if g.dep_ == "pobj"]
    if d.token.pos_ == "NOUN" and d.token.head.pos_ == "VERB":
        objs += [g for c in d.token.head.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS
                 for g in c.children if g.dep_ == "pobj"]
    if any(_singular(o) in CROWDS for o in objs):
        d.type = "repression"
        return
    sent_lemmas = {_lemma(t) for t in sent}
    if d.type in ("attack", "armed_clash") and sent_lemmas & {"protest", "protester", "demonstrator", "demonstration",
                                                               "unrest", "sit-in", "rally"} and d.actors and \
            all(actors.entry_type(a) in ("state", "state_military", "government") for a in d.actors):
        d.type = "repression"  # killing in a protest, by state forces or unnamed ones
        return
    if d.type == "attack" and any(actors.entry_type(t) == "person" for t in d.targets) and \
            (sent_lemmas & KILL or sent_lemmas & {"shoot", "assassinate"}):
        d.type = "assassination"  # the targeted killing of a named person
        return
    if _lemma(d.token) == "execute" and d.actors and \
            all(actors.entry_type(a) in ("state", "government") for a in d.actors):
        d.type = "legal_action"  # a state's execution after sentence
        return


def _place_object(tok, places=None) -> bool:
    for c in tok.children:
        if c.dep_ != "dobj":
            continue
        if c.ent_type_ in ("GPE", "LOC", "FAC"):
            return True
        if places is not None and c.pos_ == "PROPN" and places.lookup(c.text) is not None:
            return True
    return False
