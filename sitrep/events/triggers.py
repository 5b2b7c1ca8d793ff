"""Trigger matching: which tokens of a sentence evoke an event of the lexicon, under the rule's
conditions, and the type after weapon modifiers ("rocket attack" -> shelling).
"""
from __future__ import annotations

from .drafts import SPECIFIC, _lemma, _singular
from .lexicon import Lexicon, Rule


def _match_rule(tok, rule: Rule) -> bool:
    if tok.pos_ not in rule.pos and not (tok.pos_ == "PROPN" and "NOUN" in rule.pos and tok.text.islower()):
        return False
    if len(rule.lemmas) == 1:
        return True
    # multiword: previous lemmas are compounds/modifiers before it, or a particle/object after it
    doc = tok.doc
    if tok.pos_ == "VERB":
        following = {_lemma(c) for c in tok.children}
        return all(l in following for l in rule.lemmas[:-1]) or _phrase_before(doc, tok, rule.lemmas)
    return _phrase_before(doc, tok, rule.lemmas)


def _phrase_before(doc, tok, lemmas: tuple[str, ...]) -> bool:
    n = len(lemmas) - 1
    if tok.i - n < 0:
        return False
    prev = doc[tok.i - n:tok.i]
    return [_lemma(t) for t in prev] == list(lemmas[:-1]) or [t.lower_ for t in prev] == list(lemmas[:-1])


def _verb_phrase_match(tok, rule: Rule) -> bool:
    """'claim responsibility': the verb with the noun as its object."""
    if len(rule.lemmas) == 2 and tok.pos_ in ("VERB", "AUX") and rule.lemmas[0] == _lemma(tok):
        return any(_lemma(c) == rule.lemmas[1] for c in tok.children)
    return False


def match_triggers(sent, lex: Lexicon) -> list[tuple[object, Rule]]:
    found: list[tuple[object, Rule]] = []
    for tok in sent:
        lemma = _lemma(tok)
        candidates = list(lex.rules.get(lemma, ()))
        if tok.lower_ != lemma:
            candidates += [r for r in lex.rules.get(tok.lower_, ()) if r not in candidates]
        chosen = None
        for rule in candidates:
            if _match_rule(tok, rule) and _conditions(tok, rule, lex):
                if chosen is None or len(rule.lemmas) > len(chosen.lemmas) or (
                        len(rule.lemmas) == len(chosen.lemmas) and (rule.needs and not chosen.needs)):
                    chosen = rule
        if chosen is None:
            for rule in lex.phrases.get(lemma, ()):
                if _verb_phrase_match(tok, rule) and _conditions(tok, rule, lex):
                    chosen = rule
        if chosen is not None:
            found.append((tok, chosen))
    return found


def _objects(tok) -> list:
    out = []
    for c in tok.children:
        if c.dep_ in ("dobj", "obj", "attr", "oprd", "nsubjpass", "pobj"):
            out.append(c)
        elif c.dep_ in ("prep", "prt", "agent"):
            out += [g for g in c.children if g.dep_ == "pobj"] + [c]
            for g in c.children:
                if g.dep_ == "prep":
                    out += [h for h in g.children if h.dep_ == "pobj"]
    return out


def _conditions(tok, rule: Rule, lex: Lexicon) -> bool:
    if rule.needs:
        objs = _objects(tok)
        lemmas = {_lemma(o) for o in objs} | {o.lower_ for o in objs}
        for o in objs:
            lemmas |= {_lemma(c) for c in o.subtree}
        if not lemmas & rule.needs:
            return False
    if rule.needs_prep and not ({c.lower_ for c in tok.children} & rule.needs_prep):
        return False
    if rule.needs_subject:
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not any(_lemma(s) in rule.needs_subject for s in subj):
            return False
    if rule.active_only and (any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or tok.dep_ == "amod"):
        return False
    if rule.past_only and tok.tag_ not in ("VBD", "VBN"):
        return False
    if rule.past_only and tok.tag_ == "VBN" and tok.dep_ in ("amod", "acl"):
        return False
    if rule.needs_owner and not any(c.dep_ in ("poss", "compound", "amod") and c.pos_ in ("PROPN", "ADJ")
                                    and c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") for c in tok.children):
        return False
    if tok.pos_ == "NOUN" and any(c.dep_ == "neg" for c in tok.head.children) and tok.dep_ in ("pobj", "attr"):
        return False
    if rule.needs_hostile and not any(_lemma(t) in lex.hostile for t in tok.subtree if t != tok):
        return False
    if rule.needs_actor_object and not any(c.dep_ in ("dobj", "nsubjpass") for c in tok.children) and \
            not any(c.dep_ == "nsubj" and _lemma(c) in lex.weapons for c in tok.children):
        return False
    subjects = [c for c in tok.children if c.dep_ == "nsubj"] or \
        ([c for c in tok.head.children if c.dep_ == "nsubj"] if tok.dep_ == "conj" else [])
    if lex.types[rule.type].family == "unrest" and tok.pos_ == "VERB" and any(
            lex.rules.get(_lemma(c)) or _lemma(c) in lex.weapons for c in subjects):
        return False  # "the strikes hit the plant and set fire to it" is damage, not a riot
    if rule.needs_person_object and not any(
            c.dep_ in ("dobj", "nsubjpass") and (c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or c.pos_ == "PRON")
            for c in tok.children):
        return False
    if tok.pos_ == "VERB" and tok.dep_ == "amod" and rule.type not in ("air_strike",):
        return False  # "the stationed troops", "the targeted base": a modifier, not an act
    return True


def _refine(tok, rule: Rule, lex: Lexicon) -> tuple[str, str | None]:
    """The type after weapon modifiers, and the weapon."""
    etype, weapon = rule.type, None
    near = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "nummod")]
    near += [t for c in near for t in c.children if t.dep_ in ("compound", "amod")]
    if tok.pos_ == "VERB" or _lemma(tok) in lex.firing_verbs:
        near += [o for o in tok.children if o.dep_ in ("dobj", "npadvmod", "nsubj")]
        near += [g for o in tok.children if o.dep_ == "nsubj" for p in o.children if p.lower_ == "of"
                 for g in p.children if g.dep_ == "pobj"]
        near += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "using")
                 for g in c.children if g.dep_ == "pobj"]
    for w in near:
        hit = lex.weapons.get(_lemma(w)) or lex.weapons.get(w.lower_) or lex.weapons.get(_singular(w))
        if hit:
            weapon = hit[0]
            if rule.refine and SPECIFIC.get(hit[1], 0) >= SPECIFIC.get(etype, 0):
                etype = hit[1]
            break
    if weapon is None:
        for lemmas in (rule.lemmas,):
            hit = lex.weapons.get(lemmas[0]) if len(lemmas) > 1 else None
            if hit:
                weapon = hit[0]
    return etype, weapon


def _firing(tok, lex: Lexicon) -> str | None:
    """'fire teargas', 'launched rockets': a firing verb whose object is a weapon -> its type."""
    if _lemma(tok) not in lex.firing_verbs or tok.pos_ != "VERB":
        return None
    for sub in (c for c in tok.children if c.dep_ == "nsubj"):
        for t in (sub, *[c for c in sub.children if c.dep_ in ("compound", "amod")]):
            hit = lex.weapons.get(_lemma(t)) or lex.weapons.get(t.lower_)
            if hit and hit[1] == "air_strike":
                return "air_strike"  # "warplanes fired missiles": the platform names the strike
    for o in tok.children:
        if o.dep_ in ("dobj", "obj"):
            for t in (o, *[c for c in o.children if c.dep_ in ("compound", "amod")]):
                hit = lex.weapons.get(_lemma(t)) or lex.weapons.get(t.lower_)
                if hit:
                    return hit[1]
    return None
