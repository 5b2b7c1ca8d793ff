"""Modality: acts that are only intended, demanded, conditional, negated, generic or said, and
the certainty of the rest (claimed, denied, false).
"""
from __future__ import annotations

from .arguments import _agent_of_passive, np_actors
from .drafts import _governors, _lemma
from .lexicon import Lexicon
from .triggers import stance_of

HALTS = {"halt", "suspension", "pause", "moratorium", "end", "stop", "cessation", "truce", "ceasefire"}
ENGAGE = {"engage", "involve", "participate", "embroil", "persist"}  # "engaged in ethnic cleansing"
REPORTING = {"tell", "ask", "order", "warn", "help", "consider", "fail", "refuse", "avoid"}
REALIZED_NOUNS = {"decision", "move", "order", "step", "attempt"}  # "an attempt to assassinate …" took place


def _is_irrealis(tok, lex: Lexicon) -> bool:
    """The trigger is a demanded/threatened/intended act or a purpose ('to fight ISIS').

    A trigger the matcher coded as a stance ("will allow" -> intent) is an event of its own."""
    if stance_of(tok) is not None:
        return False
    if _lemma(tok) in ("protest", "demonstrate") and tok.dep_ in ("advcl", "xcomp") and \
            _lemma(tok.head) not in lex.intent:
        return False  # "blocked roads to protest power cuts": the protest is the act itself
    for child, head in _governors(tok, 3):
        to_inf = any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        if child.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl") and to_inf:
            hl = _lemma(head)
            if hl in ("able", "decide", "agree", "begin", "start", "continue", "manage") or \
                    (hl == "attempt" and head.tag_ != "VBG"):  # "attempted to assassinate": it took place
                return False
            if head.pos_ == "NOUN" and hl in REALIZED_NOUNS:
                return False
            if hl in lex.intent or child.dep_ in ("advcl", "acl") or head.pos_ in ("NOUN", "ADJ"):
                return True
        if child.dep_ == "pobj" and _lemma(head) in ("of", "to", "on", "against", "for") and \
                _lemma(head.head) in lex.intent | HALTS:
            return True  # "plans of attacks", "a halt to attacks"
        if child.dep_ == "pobj" and head.lower_ == "to" and \
                any(c.dep_ == "dobj" and _lemma(c) in HALTS for c in head.head.children):
            return True  # "announced a halt to attacks", the 'to' hung on the verb
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in child.children):
            return True  # "… if a single American is killed"
        if _lemma(head) in lex.intent and (child.dep_ == "xcomp" or
                                            (child.dep_ in ("ccomp", "dobj") and _lemma(head) not in REPORTING)):
            return True
    for t in [tok, *tok.ancestors][:4]:
        if t.pos_ in ("VERB", "AUX") and \
                any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might", "will", "may", "must")
                    for c in t.children):
            return True  # "warned that the group would resume attacks", "said Iraq must expel …"
        if t.dep_ in ("ccomp", "ROOT", "conj"):
            break
    return False


def _negated(tok) -> bool:
    """'No group claimed responsibility', 'did not attack', 'never struck'; a refusal the matcher
    coded as such ("will not accept") is an event of its own."""
    if stance_of(tok) == "refusal":
        return False
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubjpass"):
        subj += [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(c.dep_ == "neg" for c in tok.head.children):
            return True
    if tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in tok.children):
        return True
    return any(c.dep_ == "det" and c.lower_ in ("no", "neither") for s in subj for c in s.children)


SUFFER = {"kill", "die", "wound", "injure", "hurt", "perish", "lose", "slay", "dead", "arrest", "detain",
          "capture", "displace", "flee", "destroy", "damage"}


def _manner(tok) -> bool:
    """'stormed the compound in protest at …', 'fought alongside Iran': how or with whom, not an act.
    What people died or suffered in is an act, though: "killed in fighting", "wounded in clashes"."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "in" and not any(c.dep_ in ("det", "poss") for c in tok.children):
        return tok.head.head.lemma_.lower() not in SUFFER | ENGAGE
    return any(c.dep_ == "prep" and c.lower_ in ("alongside", "beside") for c in tok.children)


def _characterization(tok) -> bool:
    """'condemned the strike as an assassination', 'what he called a heinous attack'."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "as" and head.head.pos_ == "VERB":
        return True
    return tok.dep_ in ("oprd", "attr", "dobj") and _lemma(head) in ("call", "describe", "term", "label", "brand")


def _is_generic(tok) -> bool:
    """A bare plural ("Iranian attacks are intended ...") in a present-tense clause: a habit, not an event."""
    if tok.tag_ != "NNS":
        return False
    if any(c.dep_ in ("det", "nummod", "poss") or (c.dep_ == "amod" and c.lower_ in ("recent", "latest", "similar"))
           for c in tok.children):
        return False
    verb = tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    aux = {_lemma(c) for c in verb.children if c.dep_ == "aux"}
    if (verb.tag_ == "VBG" and "be" in aux) or (verb.tag_ == "VBN" and "have" in aux):
        return False  # "riots are continuing", "has ordered patrols": an act under way or done
    tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if _particular(verb) or _particular(tok):
        return False  # "Blasts in Kirkuk kill four": a headline's present tells a particular act
    return bool(tags & {"VBZ", "VBP"}) and not tags & {"VBD"}


def _particular(head) -> bool:
    """A clause or phrase pinned to one occasion: a number as its object ("kill four"), or a
    named place or a date attached to it ("in Kirkuk", "on Tuesday")."""
    for c in head.children:
        if c.dep_ in ("dobj", "obj", "nsubjpass") and (c.like_num or any(g.dep_ == "nummod" for g in c.children)):
            return True
        if c.dep_ == "prep" and any(g.ent_type_ in ("GPE", "LOC", "FAC", "DATE") for g in c.children if g.dep_ == "pobj"):
            return True
        if c.dep_ == "npadvmod" and c.ent_type_ == "DATE":
            return True
    return False


def _claimed_by(tok, actors) -> list[str]:
    """'Drone attacks claimed by Yemen's Houthi movement': the claimant of an act named by a noun."""
    for c in tok.children:
        if c.dep_ == "acl" and _lemma(c) == "claim":
            agent = _agent_of_passive(c)
            if agent is not None:
                return np_actors(agent, actors)
    return []


ACCUSE = {"accuse", "blame", "charge", "allege"}


def _on_phrase(tok) -> list:
    return [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children if g.dep_ == "pobj"]


def accused_of(speech, trigger=None) -> list:
    """The one an accusation names as the doer: the object of "accused Turkey of …", the
    'on' phrase of "blamed the bombing on …" (hung on the verb or on the act)."""
    if _lemma(speech) == "blame":
        on = _on_phrase(speech) or (_on_phrase(trigger) if trigger is not None and trigger.head == speech else [])
        if on:
            return on
    return [c for c in speech.children if c.dep_ == "dobj"]


def _claim_context(tok, lex: Lexicon):
    """(speech verb, is_false, is_denied) when the trigger sits inside what someone said."""
    for child, head in _governors(tok, 5):
        lemma = _lemma(head)
        if lemma in lex.denial | lex.rejection and child.dep_ in ("ccomp", "xcomp", "dobj", "pcomp", "prep"):
            if child.dep_ == "dobj" and child.pos_ == "NOUN" and child == tok:
                return None, False, False  # "rejected the strike": a verdict on an event, not a denial of it
            return head, False, True
        if lemma == "blame" and child == tok and (_on_phrase(head) or _on_phrase(tok)):
            return head, False, False  # "blamed the bombing on X": X is the claimed doer
        if lemma in ACCUSE and head.pos_ == "VERB" and child != tok and child.dep_ in ("prep", "pcomp", "ccomp", "dobj") \
                and (child.dep_ != "prep" or child.lower_ in ("of", "for")):
            return head, False, False  # "X accused Y of killing …": what Y did is X's claim
        if child.dep_ in ("ccomp", "xcomp", "dobj", "pcomp", "advcl") and lemma in lex.speech:
            is_false = any(c.lower_ in lex.false_markers for c in head.children)
            return head, is_false, False
    return None, False, False
