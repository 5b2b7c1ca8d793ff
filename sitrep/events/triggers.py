"""Trigger matching: which tokens of a sentence evoke an event of the lexicon, under the rule's
conditions, and the type after weapon modifiers ("rocket attack" -> shelling).

A word may have several rules (``withdraw`` is a withdrawal, but ``withdraw`` + deal breaks
relations); the one with most conditions met wins, a later one a tie.  Two refinements follow
the CAMEO codebook:

- a word that governs another act (``threatened to cut ties``, ``offered to mediate``) takes
  the finer code its stance's table gives for that act's root (``embeds``);
- an act only announced for the future or refused is coded as the speaker's stance towards
  it (a *stance*, see ``stances`` in ``data/triggers.yaml``): "Turkey will allow refugees to
  return" is an expression of intent (035, PLOVER AGREE), "will extend the curfew" a threat
  (132), "will not accept refugees" a rejection (12).  Such a trigger is marked on its document
  (``stance_of``) so that the modality filters keep it.
"""
from __future__ import annotations

import functools

from dataclasses import replace

from .drafts import SPECIFIC, _lemma, _singular
from .lexicon import Lexicon, Rule

STANCE_KEY = "sitrep.stance"
SUBORDINATE = {"if", "unless", "when", "whenever", "until", "before", "after", "because", "while", "once", "as"}
CLAUSAL = ("xcomp", "ccomp")
UNREAL_MODIFIERS = {"future", "possible", "potential", "proposed", "prospective", "hypothetical", "planned",
                    "eventual", "would-be"}


def stance_of(tok) -> str | None:
    """The stance ("intent", "threat", "refusal") under which ``match_triggers`` coded this
    trigger, "head" for a word that itself states a stance ("offered", "refused"), or None: read
    by the modality filters, which keep such triggers."""
    return tok.doc.user_data.get((STANCE_KEY, tok.i))


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
    """'claim responsibility', 'call off': the verb with the noun or particle as its dependant."""
    if len(rule.lemmas) == 2 and tok.pos_ in ("VERB", "AUX") and rule.lemmas[0] == _lemma(tok) and "VERB" in rule.pos:
        return any(_lemma(c) == rule.lemmas[1] for c in tok.children)
    return False


NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj"}


PREFIXES = ("re", "over", "out", "under", "with")


@functools.lru_cache(maxsize=1)
def _irregular() -> dict:
    """The spaCy model's own table of irregular verb forms ("took" -> "take"); {} without one."""
    from ..pipeline import load_nlp
    try:
        return dict(load_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"])
    except (KeyError, ValueError, AttributeError):
        return {}


def _irregular_stems(low: str) -> list[str]:
    """'retook' -> 'retake', 'overran' -> 'overrun': an irregular form, also behind a prefix the
    lemmatizer's table does not list."""
    table = _irregular()
    if low in table:
        return list(table[low])
    for p in PREFIXES:
        if low.startswith(p) and low[len(p):] in table:
            return [p + base for base in table[low[len(p):]]]
    return []


def _stems(tok) -> list[str]:
    """Base forms of an inflected verb the lemmatizer may have missed ("raped", "shelled",
    "shooting", "retook"): the form less its ending, with or without a final e or a doubled
    consonant, or the base of an irregular form (the model's own exception table)."""
    low = tok.lower_
    if tok.pos_ == "VERB" and tok.lemma_.lower() == low and not low.endswith(("ed", "ing")):
        irregular = _irregular_stems(low)
        if irregular:
            return irregular
    if tok.tag_ in ("VBD", "VBN") and low.endswith("ed"):
        base = low[:-2]
    elif tok.tag_ == "VBG" and low.endswith("ing"):
        base = low[:-3]
    elif tok.tag_ == "VBZ" and low.endswith("s"):
        return [low[:-1], low[:-2] if low.endswith("es") else low[:-1]]
    else:
        return []
    out = [base, base + "e"]
    if len(base) > 2 and base[-1] == base[-2]:
        out.append(base[:-1])
    return out


def choose_rule(tok, lex: Lexicon) -> Rule | None:
    """The rule a token evokes: among the rules of its lemma (and two-word rules it heads) whose
    conditions hold, the longest, then the one with most conditions, then the last."""
    lemma = _lemma(tok)
    low = tok.lower_
    stems_may_help = low[-1:] in ("d", "g", "s") or (tok.pos_ == "VERB" and bool(_irregular_stems(low)))
    if lemma not in lex.rules and low not in lex.rules and lemma not in lex.phrases and \
            (not stems_may_help or not any(stem in lex.rules for stem in _stems(tok))):
        return None  # most words evoke nothing: decided by dictionary lookups alone
    candidates = list(lex.rules.get(lemma, ()))
    if low != lemma:
        candidates += [r for r in lex.rules.get(tok.lower_, ()) if r not in candidates]
    if not candidates:
        for stem in _stems(tok):  # the tagger's lemma can be wrong: "raped" -> "rap"
            candidates += [r for r in lex.rules.get(stem, ()) if r not in candidates]
    matched = [r for r in candidates if _match_rule(tok, r)]
    if tok.tag_ == "VBG" and tok.dep_ in NOMINAL_DEPS:  # "fighting broke out": a gerund used as a noun
        matched += [r for r in lex.rules.get(tok.lower_, ()) if "NOUN" in r.pos and r not in matched]
    matched += [r for r in lex.phrases.get(lemma, ()) if r not in matched and _verb_phrase_match(tok, r)]
    chosen = None
    for rule in matched:
        if not _conditions(tok, rule, lex):
            continue
        if chosen is None or (len(rule.lemmas), rule.conditions) >= (len(chosen.lemmas), chosen.conditions):
            chosen = rule
    return chosen


def match_triggers(sent, lex: Lexicon) -> list[tuple[object, Rule]]:
    """(token, rule) for every trigger of a sentence, with the rule's codes refined by the act it
    governs and by the stance the act is told under."""
    found: list[tuple[object, Rule]] = []
    taken: set[int] = set()
    for tok in sent:
        rule = choose_rule(tok, lex)
        if rule is None or tok.i in taken:
            continue
        if rule.embeds:
            rule = _refine_by_complement(tok, rule, lex)
        stance = _stance(tok, rule, lex)
        tok.doc.user_data.pop((STANCE_KEY, tok.i), None)
        if stance is not None:
            st = lex.stances[stance]
            rule = replace(rule, type=st.type, cameo=st.code_for(lex.code(rule)), plover=st.plover, weak=False,
                           refine=False)
            tok = _stance_token(tok, found, taken)
            if tok is None:
                continue
            tok.doc.user_data[(STANCE_KEY, tok.i)] = stance
        elif rule.embeds:
            tok.doc.user_data[(STANCE_KEY, tok.i)] = "head"  # "would be ready to …" is itself the stance
        taken.add(tok.i)
        found.append((tok, rule))
    return found


def _stance_token(tok, found, taken):
    """The token a stance is told by: for a noun act, the verb it is the object of ("will extend
    the curfew": extend); None when that verb is a trigger already."""
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "obj") and tok.head.pos_ == "VERB":
        if tok.head.i in taken:
            return None
        return tok.head
    return tok


def _complement(tok):
    """The act a word of saying or stance governs: its clause, else its object."""
    for c in tok.children:
        if c.dep_ in CLAUSAL and c.pos_ in ("VERB", "AUX"):
            return c
    for c in tok.children:
        if c.dep_ in ("dobj", "obj"):
            return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("to", "for", "on", "of"):
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    return g
    return None


def _complement_rule(tok, lex: Lexicon) -> Rule | None:
    """The rule of the act a word governs ("refused to lift the curfew" -> lift, "prepared to
    impose martial law" -> martial law, through the light verb)."""
    comp = _complement(tok)
    if comp is None:
        return None
    inner = choose_rule(comp, lex)
    if inner is None and comp.pos_ in ("VERB", "AUX"):
        obj = next((c for c in comp.children if c.dep_ in ("dobj", "obj")), None)
        inner = choose_rule(obj, lex) if obj is not None else None
    return inner


def _refine_by_complement(tok, rule: Rule, lex: Lexicon) -> Rule:
    """'threatened to break relations' -> 131; 'refused to lift the curfew' -> 124.  An offer or
    readiness to coerce is a threat ("prepared to impose martial law" -> 132, THREATEN)."""
    inner = _complement_rule(tok, lex)
    if inner is None:
        return rule
    root = lex.root(inner)
    threat = lex.stances.get("threat")
    if rule.embeds == "intent" and threat is not None and (
            root in threat.from_roots or lex.family(inner.type) == "violence"):
        return replace(rule, type=threat.type, cameo=threat.code_for(lex.code(inner)), plover=threat.plover,
                       embeds="threat")
    stance = lex.stances[rule.embeds]
    code = stance.code_for(lex.code(inner))
    return replace(rule, cameo=code) if code != stance.cameo else rule


def _clause_verb(tok):
    """The verb of the clause a trigger is told in: itself, or the verb its noun depends on."""
    cur = tok
    for _ in range(3):
        if cur.pos_ in ("VERB", "AUX") or (cur.pos_ == "ADJ" and cur.dep_ != "amod"):
            return cur
        if cur.head == cur or cur.dep_ not in ("dobj", "obj", "nsubjpass", "nsubj", "pobj", "prep", "attr",
                                                  "compound", "conj", "appos"):
            return None
        cur = cur.head
    return None


def _negated_clause(verb) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _announced(verb, lex: Lexicon) -> bool:
    """'will allow', 'would boycott', 'plans to impose', 'is going to withdraw'."""
    if any(c.dep_ == "aux" and c.lower_ in lex.future_markers for c in verb.children):
        return True
    head = verb.head
    if verb.dep_ == "xcomp" and head != verb and _lemma(head) in lex.intent_heads and not _negated_clause(head):
        return choose_rule(head, lex) is None  # "offered to …": the offer is the event
    return False


def _stance(tok, rule: Rule, lex: Lexicon) -> str | None:
    """'intent', 'threat' or 'refusal' when the act is only announced or refused, else None."""
    if lex.family(rule.type) == "violence" or not lex.stances:
        return None  # a violent act announced is a threat only as said (see speech.py)
    verb = _clause_verb(tok)
    if verb is None or verb.dep_ in ("relcl", "acl", "advcl", "amod", "pcomp", "csubj"):
        return None
    if any(c.dep_ == "mark" and c.lower_ in SUBORDINATE for c in verb.children):
        return None  # "… unless the rebels withdraw": a condition, not a stance
    root = lex.root(rule)
    announced = _announced(verb, lex)
    if _negated_clause(verb):
        refusal = lex.stances.get("refusal")
        if refusal and root in refusal.from_roots and (announced or _lemma(verb) in lex.consent or
                                                       any(c.dep_ == "aux" and c.lower_ in ("can", "could", "ca")
                                                           for c in verb.children)):
            return "refusal"
        return None
    if not announced:
        return None
    for name in ("intent", "threat"):
        st = lex.stances.get(name)
        if st and root in st.from_roots:
            return name
    return None


def _objects(tok) -> list:
    out = []
    for c in tok.children:
        if c.dep_ in ("dobj", "obj", "attr", "oprd", "nsubjpass", "pobj", "dative"):
            out.append(c)
        elif c.dep_ in ("prep", "prt", "agent"):
            out += [g for g in c.children if g.dep_ == "pobj"] + [c]
            for g in c.children:
                if g.dep_ == "prep":
                    out += [h for h in g.children if h.dep_ == "pobj"]
    return out


def _preps(tok) -> set[str]:
    """Prepositions and particles hanging on a token, without those that only give a date ("on Monday")."""
    out = set()
    for c in tok.children:
        if c.dep_ not in ("prep", "prt", "agent", "dative"):
            continue  # the "to" of "to protest" is no preposition
        objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
        if objs and all(g.ent_type_ in ("DATE", "TIME") for g in objs):
            continue
        out.add(c.lower_)
    return out


def _governed_by(tok, lemmas: frozenset[str]) -> bool:
    """A word of ``lemmas`` governs the trigger ("lodged a protest", "put on alert", "declared a
    state of emergency"), through prepositions and the phrase's own nouns."""
    cur = tok
    for _ in range(4):
        if cur.head == cur:
            return False
        cur = cur.head
        if _lemma(cur) in lemmas or cur.lower_ in lemmas:
            return True
        if cur.pos_ in ("VERB", "AUX"):
            return False
    return False


def _agentive_subject(tok, lex: Lexicon) -> bool:
    """The subject names a party: an entity or an authority ("Turkey", "the court"), not a state
    of affairs ("the conditions allowed …")."""
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None and tok.dep_ in ("conj", "xcomp"):
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    return subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or _lemma(subj) in lex.authorities or \
        subj.lower_ in ("he", "she", "they", "we", "i", "it")


def _modal_complement(tok, modals: frozenset[str]) -> bool:
    """'said that Iraq must withdraw': a clause of the trigger carries one of the modals."""
    for c in tok.children:
        if c.dep_ in ("ccomp", "acl", "xcomp", "relcl") and any(
                g.dep_ == "aux" and g.lower_ in modals for g in c.children):
            return True
    return False


def _object_words(tok) -> set[str]:
    """Lemmas that name what a trigger acts on: its objects, their conjuncts and modifiers, and
    what they are made of ("a shipment of arms"), not words deeper in their clauses."""
    words: set[str] = set()
    todo = list(_objects(tok))
    seen = set()
    while todo:
        o = todo.pop()
        if o.i in seen:
            continue
        seen.add(o.i)
        words |= {_lemma(o), o.lower_}
        if o.ent_type_ in ("GPE", "LOC", "FAC") and o.dep_ in ("dobj", "obj"):
            words.add("territory")  # "seized Mosul": a named place stands for ground taken
        for c in o.children:
            if c.dep_ in ("conj", "compound", "amod", "nmod", "appos"):
                todo.append(c)
            elif c.dep_ == "prep" and c.lower_ in ("of", "on", "against", "with", "to", "into", "for"):
                todo += [g for g in c.children if g.dep_ == "pobj"]
    return words


def _conditions(tok, rule: Rule, lex: Lexicon) -> bool:
    if tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "amod" and c.lower_ in UNREAL_MODIFIERS for c in tok.children):
        return False  # "any future negotiations", "a possible strike": not an act
    if rule.type == "arrest" and tok.pos_ == "NOUN" and tok.dep_ == "pobj" and (
            tok.head.lower_ in ("from", "in") or
            (tok.head.lower_ == "under" and _lemma(tok.head.head) in ("remain", "stay", "be", "keep", "live", "hold"))):
        return False  # "released from house arrest", "remains under arrest": a state, not an arrest
    if rule.needs and not _object_words(tok) & rule.needs:
        return False
    if rule.needs_prep and not (_preps(tok) & rule.needs_prep):
        return False
    if rule.under and not _governed_by(tok, rule.under):
        return False
    if rule.needs_clause and not any(c.dep_ in CLAUSAL for c in tok.children):
        return False
    if rule.needs_modal and not _modal_complement(tok, rule.needs_modal):
        return False
    if rule.needs_agent and not _agentive_subject(tok, lex):
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
            not (lex.family(rule.type) == "violence" and any(c.dep_ == "nsubj" and _lemma(c) in lex.weapons
                                                              for c in tok.children)):
        return False  # a weapon as subject stands for the act's object only in violence ("rockets hit")
    if lex.family(rule.type) != "violence" and any(c.dep_ == "nsubj" and _lemma(c) in lex.weapons
                                                   and lex.weapons[_lemma(c)][1] != "attack" for c in tok.children):
        return False  # "rockets slammed into the Green Zone": no one is criticised
    subjects = [c for c in tok.children if c.dep_ == "nsubj"] or \
        ([c for c in tok.head.children if c.dep_ == "nsubj"] if tok.dep_ == "conj" else [])
    if lex.types[rule.type].family == "unrest" and tok.pos_ == "VERB" and any(
            (_lemma(c) in lex.weapons and lex.weapons[_lemma(c)][1] != "attack") or choose_rule(c, lex) is not None
            for c in subjects):
        return False  # "the strikes hit the plant and set fire to it" is damage, not a riot
    if rule.needs_person_object and not any(
            c.dep_ in ("dobj", "nsubjpass") and (c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or c.pos_ == "PRON" or
                                                 _lemma(c) in lex.authorities)
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
        near += [o for o in tok.children if o.dep_ in ("dobj", "npadvmod", "nsubj", "nsubjpass")]
        near += [g for o in tok.children if o.dep_ == "nsubj" for p in o.children if p.lower_ == "of"
                 for g in p.children if g.dep_ == "pobj"]
        means = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "using")
                 for g in c.children if g.dep_ == "pobj"]
        near += means + [t for g in means for t in g.children if t.dep_ in ("compound", "amod")]
    for w in near:
        hit = None
        for t in [c for c in w.children if c.dep_ in ("compound", "amod") and c.i < w.i] + [w]:
            hit = lex.weapons.get(_lemma(t)) or lex.weapons.get(t.lower_) or lex.weapons.get(_singular(t))
            if hit:
                break  # "a roadside bomb": the modifier names the weapon more precisely than the head
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
        if o.dep_ in ("dobj", "obj") or (o.dep_ == "nsubjpass" and tok.tag_ == "VBN"):  # "rockets were fired at …"
            for t in (o, *[c for c in o.children if c.dep_ in ("compound", "amod")]):
                hit = lex.weapons.get(_lemma(t)) or lex.weapons.get(t.lower_)
                if hit:
                    return hit[1]
    return None
