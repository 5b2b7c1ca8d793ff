"""Hostility and designation: who fights, opposes or lists whom as terrorist.

- "X conducted strikes against Y", "their fight against Y", "X's defences against Y",
  "X unite against Y", "X declared war on Y", "X has been at war with Y";
- "the campaign to defeat Y, which X leads", "a coalition to fight Y", "the defeat of Y";
- "X liberated the town from Y control", "X drove Y out of the city";
- "the Counter-ISIL Coalition", "counter-Daesh operations" (the enemy in the name or prefix);
- "X came under fire from Y"; "X and Y exchanged fire", "X clashed with Y";
- "X was designated as a terrorist group by Y".

An act only vowed, planned or called off ("vowed to retaliate against Y", "called off strikes
on Y") states no hostility, nor does expelling a state's envoy ("expelled the Y ambassador").
A single act ("an air strike on Y", "X destroyed Y's depot", "came under fire from Y") is an
event (taking ground from Y or driving Y out of it is not: it ends a fight for it), and a standing hostility only when the article tells of it again or tells of a war, a
campaign, a fight or a run of acts ("strikes on Y", "has fought Y since 2015"): such readings
are yielded as :data:`EPISODE` and settled by :func:`sitrep.relations.find_relations`.
"""
from __future__ import annotations

import re

from ..events import np_actors
from .clauses import (
    DEFEAT_NOUNS,
    _class_member,
    HOSTILE_NOUNS,
    ORGANISED,
    _doers,
    _doers_and_done,
    _doers_or_holders,
    _intended,
    _lemma,
    _mention_ids,
    _named_parties,
    _not_asserted,
    _noun_holders,
    _noun_not_asserted,
    _ongoing,
    _parties,
    _subject_tokens,
)
from .cues import cue

def _designation(sent, actors):
    for tok in sent:
        if _lemma(tok) not in ("designate", "list", "blacklist", "label", "brand"):
            continue
        if not any("terror" in t.lower_ for t in tok.subtree):
            continue
        designators, groups = _doers_and_done(tok, actors)
        for g in groups:
            for d in designators:
                yield g, "designated_terrorist_by", d, None


def _purpose_opposes(sent, actors):
    """'a coalition to fight ISIS', 'forces fighting X'."""
    for tok in sent:
        if _lemma(tok) not in ("fight", "combat", "counter", "defeat", "oppose") or tok.pos_ != "VERB":
            continue
        holder = tok.head if tok.dep_ in ("acl", "relcl") else _subject_tokens(tok)
        if holder is None:
            continue
        enemies = [a for c in tok.children if c.dep_ == "dobj" for a in np_actors(c, actors)]
        enemies += [a for c in tok.children if c.dep_ == "prep" and c.lower_ == "against"
                    for g in c.children for a in np_actors(g, actors)]
        for s in np_actors(holder, actors, stop=tok.subtree) or _class_member(holder, actors):
            for e in enemies:
                yield s, "opposes", e, None


HOSTILE_VERBS = cue("hostile_verbs")
DEFEAT_VERBS = cue("defeat_verbs")
AT_WAR = cue("at_war")
FREEING_VERBS = cue("freeing_verbs")
EXPELLING = cue("expelling")


def _hostility(sent, actors):
    """'X conducted strikes against Y', 'their fight against Y', 'X unite against Y',
    'the campaign to defeat Y', 'the defeat of Y', 'X liberated the town from Y control'."""
    for tok in sent:
        low = _lemma(tok)
        holders: list[str] = []
        enemies: list[str] = []
        once = False  # one act, not a stated or repeated hostility (see EPISODE)
        if tok.dep_ == "prep" and tok.lower_ in ("on", "with") and _lemma(tok.head) in AT_WAR and \
                tok.head.pos_ == "NOUN" and (tok.lower_ == "on" or _lemma(tok.head) in ("war", "conflict", "hostility")) \
                and not _noun_not_asserted(tok.head):
            holders = _noun_holders(tok.head, actors)  # "declared war on X", "at war with X"
            once = _one_act(tok.head)
            if not holders and tok.head.dep_ == "pobj" and tok.head.head.lower_ == "at":
                holders = _doers_or_holders(tok.head.head.head, actors)
            enemies = [a for g in tok.children if g.dep_ == "pobj" for a in _named_parties(g, actors)]
        elif tok.lower_ == "against" and tok.dep_ == "prep":
            head = tok.head
            if head.pos_ in ("NOUN", "PROPN") and (_lemma(head) in HOSTILE_NOUNS or actors.at(head.idx, head.idx + 1)):
                holders = [] if _noun_not_asserted(head) else _noun_holders(head, actors)
                once = _one_act(head)
            elif head.pos_ == "VERB" and _lemma(head) in HOSTILE_VERBS and not _not_asserted(head, True) and \
                    not _intended(head):  # not "vowed to retaliate against Y"
                holders = _doers(head, actors)
                once = _lemma(head) in ONE_ACT_VERBS and not _ongoing(head)
            enemies = [a for g in tok.children if g.dep_ == "pobj" for a in _named_parties(g, actors)]
        elif low in DEFEAT_VERBS and tok.pos_ == "VERB" and not _not_asserted(tok):
            holders = _doers(tok, actors)  # an aim to defeat Y is a stance, so no test of intent here
            enemies = [a for c in tok.children if c.dep_ in ("dobj", "dative") and not _envoy(c)
                       for a in _named_parties(c, actors)]
            once = _done_once(tok) and low not in STANDING_VERBS
        elif low in DEFEAT_NOUNS and tok.pos_ == "NOUN":
            holders = _noun_holders(tok, actors)
            enemies = [a for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj" for a in _named_parties(g, actors)]
        elif low in EXPELLING and tok.pos_ == "VERB" and not _not_asserted(tok) and not _intended(tok) and \
                any(c.lower_ in ("out", "back", "from", "away") for c in tok.subtree if c.head == tok or
                    c.head.head == tok):  # "drove ISIS out of Raqqa", "pushed the militants back"
            holders = _doers(tok, actors)
            enemies = [a for c in tok.children if c.dep_ == "dobj" and not _envoy(c) for a in _named_parties(c, actors)]
        elif low in FREEING_VERBS and tok.pos_ == "VERB" and not _not_asserted(tok) and not _intended(tok):
            sources = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"
                       for g in c.children if g.dep_ == "pobj"]
            enemies = _parties(_mention_ids([t for g in sources for t in g.subtree], actors), actors)
            holders = _doers(tok, actors) if enemies else []  # taking ground from Y: a fight for it, told
        for h in _parties(holders, actors, ORGANISED):
            for e in enemies:
                if h != e:
                    yield h, EPISODE if once else "opposes", e, None


EPISODE = "opposes/once"  # hostility told by one act only: kept by find_relations only if told again
ONE_ACT_NOUNS = cue("one_act_nouns")
ONE_ACT_VERBS = cue("one_act_verbs")
STANDING_VERBS = cue("standing_verbs")


def _one_act(noun) -> bool:
    """A hostile noun that tells one act ("an air strike on X", "the raid against X"), not a
    war, a campaign or a run of acts ("strikes on X", "dozens of attacks on X")."""
    if _lemma(noun) not in ONE_ACT_NOUNS or noun.tag_ != "NN":
        return False
    if any(c.dep_ == "nummod" and c.lower_ not in ("one", "a", "an") for c in noun.children):
        return False
    return not (noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.tag_ in ("NNS", "CD"))


def _done_once(verb) -> bool:
    """A verb of one act told as done, in the simple past ("destroyed X", "drove Y out"), not
    as lasting ("have fought", "are pushing back") nor as an aim ("to defeat Y")."""
    t = verb.head if verb.dep_ == "conj" and verb.head.pos_ == "VERB" else verb
    return verb.tag_ == "VBD" and t.tag_ == "VBD" and not _ongoing(verb)


ENVOY_NOUNS = cue("envoy_nouns")


def _envoy(obj) -> bool:
    """An object that is a state's representative ("expelled the Swedish ambassador"): to
    expel or confront an envoy is diplomacy, not war on the state."""
    return _lemma(obj) in ENVOY_NOUNS or any(_lemma(c) in ENVOY_NOUNS for c in obj.children if c.dep_ == "conj")


_AGAINST_IN_NAME = re.compile(r"(?i)(?:\b(?:counter|anti)[\s\-‐–]+(?P<a>.+?)\s+\S+$|\b(?:against|to\s+(?:defeat|counter|"
                              r"fight|combat))\s+(?:the\s+)?(?P<b>.+)$)")
_PREFIX = re.compile(r"(?i)\b(?:counter|anti)[\-‐–]\s*$")


def _hostile_prefix(sent, actors):
    """'the Counter-ISIL Coalition', 'the Global Coalition against Daesh' (the enemy in the
    actor's own name) and 'counter-ISIL operations', 'anti-Daesh forces' (the holder of the noun)."""
    text = actors.text
    doc = sent.doc
    for m in actors.in_span(sent.start_char, sent.end_char):
        hit = _AGAINST_IN_NAME.search(text[m.start:m.end])
        if hit:
            enemy = actors.gazetteer.lookup((hit.group("a") or hit.group("b") or "").strip())
            if enemy is not None and enemy.id != m.actor_id:
                yield m.actor_id, "opposes", enemy.id, None
            continue
        if not _PREFIX.search(text[max(sent.start_char, m.start - 9):m.start]):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        noun = span.root
        while noun.dep_ in ("compound", "amod", "nmod", "npadvmod") and noun.head != noun and noun.head.i > noun.i:
            noun = noun.head
        if noun.i < span.end and noun.i >= span.start:
            continue
        for h in _parties([a for a in _noun_holders(noun, actors) if a != m.actor_id], actors, ORGANISED):
            yield h, "opposes", m.actor_id, None


RECIPROCAL = cue("reciprocal_verbs")
EXCHANGED = cue("exchanged_nouns")


def _reciprocal(sent, actors):
    """'X and Y have exchanged fire almost daily', 'X clashed with Y': each side opposes the
    other (one act when told once in the simple past, see EPISODE)."""
    for tok in sent:
        low = _lemma(tok)
        if tok.pos_ != "VERB" or low not in RECIPROCAL or _not_asserted(tok) or _intended(tok):
            continue
        if low in ("exchange", "trade") and not any(c.dep_ == "dobj" and _lemma(c) in EXCHANGED for c in tok.children):
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        sides = _named_parties(subj, actors, ORGANISED) if subj is not None else []
        others = [a for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
                  for g in c.children if g.dep_ == "pobj" for a in _named_parties(g, actors, ORGANISED)]
        pairs = [(sides[0], o) for o in others] if sides and others else \
            [(a, b) for i, a in enumerate(sides) for b in sides[i + 1:]]
        once = _done_once(tok)
        for a, b in pairs:
            if a != b:
                yield a, EPISODE if once else "opposes", b, None


def _fire_from(sent, actors):
    """'Iraqi forces came under fire from ISIS', 'the convoy received mortar fire from X':
    the shooters oppose those fired on (one act: kept only if told again)."""
    fire_words = ("fire", "attack", "shelling", "bombardment", "assault")
    for tok in sent:
        if tok.lower_ != "from" or tok.dep_ != "prep":
            continue
        noun = tok.head
        if noun.pos_ in ("VERB", "AUX"):  # "received fire from X" with "from" hung on the verb
            noun = next((c for c in noun.children if c.dep_ == "dobj" and _lemma(c) in fire_words), noun)
        if _lemma(noun) not in fire_words:
            continue
        shooters = [a for g in tok.children if g.dep_ == "pobj" for a in _named_parties(g, actors)]
        if not shooters or noun.dep_ not in ("dobj", "pobj"):
            continue
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head  # "received fire", "came under fire"
        if _lemma(verb) not in ("receive", "take", "come", "face", "draw", "suffer", "sustain", "continue") and \
                not (noun.dep_ == "pobj" and noun.head.lower_ == "under"):
            continue
        for v in _parties(_doers(verb, actors), actors, ORGANISED):
            for sh in shooters:
                if v != sh:
                    yield sh, EPISODE, v, None
