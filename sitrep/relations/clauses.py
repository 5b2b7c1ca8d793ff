"""Who does what in one sentence, shared by the relation finders of this package.

Official and reference prose states relations through action nouns and non-finite clauses
("Coalition forces conducted strikes against X", "the campaign to defeat X, led by Y"), so the
finders ask two questions of the dependency parse, answered here once for every way a holder can
be attached: :func:`_doers` (who does a verb: its subject, the noun a relative clause modifies,
the controller of an infinitive, the 'by' phrase of a passive) and :func:`_noun_holders` (whose an
action noun is: the actor it names, its possessor or modifiers, else the doer of the verb it
depends on). Both climb a bounded number of steps, so each finder stays linear in the sentence.
"""
from __future__ import annotations

import re

from ..events import BACKED, _agent_of_passive, np_actors
from ..events.drafts import lemma as _lemma  # noqa: F401 - shared with the relation finders
from .cues import cue

FORMER = cue("former")
PERSON, STATE_TYPES = "person", ("state",)




def _types(actors, ids, wanted) -> list[str]:
    return [i for i in ids if actors.entry_type(i) in wanted]


def _not_person(actors, ids) -> list[str]:
    return [i for i in ids if actors.entry_type(i) != PERSON]


def _subject_tokens(verb):
    """The subject of a verb; for a relative clause, the noun it modifies."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
                head = verb.head  # "X, a former minister who leads Y": X
                return head.head if c.lower_ == "who" and head.dep_ == "appos" and _lemma(head) in ROLE_NOUNS else head
            return c
    if verb.dep_ in ("relcl", "acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    if verb.dep_ == "conj":
        return _subject_tokens(verb.head)
    return None


def _agent(verb):
    found = _agent_of_passive(verb)
    if found is not None:
        return found
    for c in verb.children:
        if c.dep_ == "conj":
            a = _agent(c)
            if a is not None:
                return a
    return None


def _dedupe(xs):
    return list(dict.fromkeys(xs))


def _doers_and_done(verb, actors, passive: bool = False) -> tuple[list[str], list[str]]:
    """Who does a verb's act and to whom: the 'by' phrase and subject of a passive, else the
    subject and direct object."""
    if passive or any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        agent, subj = _agent(verb), _subject_tokens(verb)
        if agent is None or subj is None:
            return [], []
        return np_actors(agent, actors), np_actors(subj, actors)
    subj = _subject_tokens(verb)
    if subj is None:
        return [], []
    objs = [verb.head if c.lower_ in ("which", "that", "whom") and verb.dep_ == "relcl" else c
            for c in verb.children if c.dep_ == "dobj"]  # "X, which Y lists as …": X
    return np_actors(subj, actors), [a for c in objs for a in np_actors(c, actors)]


def _year_in(sent) -> str | None:
    for ent in sent.ents:
        if ent.label_ == "DATE":
            m = re.search(r"\b(19|20)\d\d\b", ent.text)
            if m:
                return m.group(0)
    return None


COMMANDING = {"state", "state_military", "coalition", "international_org", "government"}
COMMANDED = {"state_military", "coalition"}
WEAPON_NOUNS = cue("weapon_nouns")
DEFEAT_NOUNS = cue("defeat_nouns")
HOSTILE_NOUNS = cue("hostile_nouns") | WEAPON_NOUNS
ACTION_NOUNS = cue("action_nouns") | WEAPON_NOUNS | DEFEAT_NOUNS
PARTICIPATING = cue("participating")
OBJECT_CONTROL = cue("object_control")
HELPING = cue("helping")
DENIAL = cue("denial")
ENDING = cue("ending")
ALONGSIDE = cue("alongside")
COLLECTIVE_TYPES = {"coalition", "international_org", "armed_group", "political_party", "state_military",
                    "government"}
ORGANISED = {"state", "state_military", "government", "armed_group", "political_party", "coalition",
             "international_org", "person", "other"}
PARTY_TYPES = ORGANISED - {"person"}
LOCATION_PREPS = cue("location_preps")


def _conjuncts(tok) -> list:
    """A token and every token coordinated with it ("Australia, Belgium and Canada")."""
    out, todo = [], [tok]
    while todo:
        t = todo.pop()
        out.append(t)
        todo += [c for c in t.children if c.dep_ == "conj"]
    return sorted(out, key=lambda t: t.i)


def _negated(verb) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _not_asserted(verb, presupposed: bool = False) -> bool:
    """A verb negated, denied, demanded or threatened ("denied supporting", "urged X to fight");
    with ``presupposed``, an act asked to end is still an act ("told X to cease its strikes")."""
    t, steps = verb, 0
    denial = DENIAL - ENDING if presupposed else DENIAL
    while steps < 4:
        if _negated(t) or (t is not verb and _lemma(t) in denial):
            return True
        if t.dep_ not in ("xcomp", "ccomp", "conj", "advcl", "pcomp") or t.head == t:
            return False
        t = t.head.head if t.dep_ == "pcomp" else t.head
        steps += 1
    return False


INTENT = cue("intent_verbs")
CANCELLING = cue("cancelling")
MODALS = {"will", "would", "shall", "could", "might", "may", "should", "'ll", "'d"}


def _intended(verb) -> bool:
    """An act only announced, planned or threatened: the verb carries a modal of what is to come
    ("would strike X") or depends on a verb of intent ("vowed to retaliate against X", "plans to
    attack X"). An act to come states no relation yet; one that goes on does ("will continue to
    strike X")."""
    t, steps = verb, 0
    while steps < 4:
        if t is not verb and _lemma(t) in ("continue", "keep", "remain"):
            return False
        if t is not verb and _lemma(t) in INTENT:
            return True
        if (t is verb or verb.dep_ == "xcomp") and any(c.dep_ == "aux" and c.lower_ in MODALS for c in t.children):
            return True  # "would strike X", "will try to strike X" (not "as X unite …, Y will try")
        if t.dep_ not in ("xcomp", "ccomp", "conj", "pcomp") or t.head == t:
            return False
        t = t.head.head if t.dep_ == "pcomp" else t.head
        steps += 1
    return False


def _governors(verb, steps: int = 3) -> list:
    """The verbs a verb's clause is the complement of ("vowed to launch" -> [vowed])."""
    out, t = [], verb
    while len(out) < steps and t.dep_ in ("xcomp", "ccomp", "conj") and t.head != t:
        t = t.head
        out.append(t)
    return out


def _noun_not_asserted(noun) -> bool:
    """An act named by a noun that its verb takes back, calls off or only plans ("called off
    strikes on X", "threatened attacks on X", "denied any attack on X", "will launch an assault
    on X"). A noun that is a subject or has an owner is told as having happened ("its attacks on
    X would widen"), and an act asked to end still happened ("halted its raids on X")."""
    if noun.dep_ in ("nsubj", "nsubjpass") or any(c.dep_ == "poss" for c in noun.children):
        return False
    verb = noun.head if noun.dep_ in ("dobj", "attr", "oprd") else \
        noun.head.head if noun.dep_ == "pobj" and noun.head.head != noun.head else None
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return False
    if _lemma(verb) in (DENIAL - ENDING) | INTENT | CANCELLING:
        return True  # (a modal alone does not take it back: "will fly strike missions against X" is a role)
    return _not_asserted(verb, presupposed=True) or any(_lemma(t) in INTENT for t in _governors(verb))


def _mention_ids(tokens, actors) -> list[str]:
    return _dedupe(m.actor_id for t in tokens for m in actors.at(t.idx, t.idx + len(t.text)))


def _companions(tok, actors) -> list[str]:
    """Parties said to act with a subject or verb: "X, together with Y, …", "X fought alongside Y"."""
    out = []
    for c in tok.children:
        if c.dep_ == "advmod" and c.lower_ in ("together", "along"):
            c = next((g for g in c.children if g.lower_ == "with"), c)
        if c.dep_ in ("prep", "advmod") and (c.lower_ in ALONGSIDE or _together_with(c)):
            out += [a for g in c.children if g.dep_ == "pobj" for a in _np_parties(g, actors)]
    return out


def _together_with(tok) -> bool:
    """'together with', 'along with' (the adverb parsed above or below the preposition)."""
    return tok.lower_ == "with" and (tok.head.lower_ in ("together", "along") or
                                     any(c.lower_ in ("together", "along") for c in tok.children))


PLACE_NOUNS = cue("place_nouns")
ROLE_NOUNS = cue("office_nouns") | cue("head_nouns") | cue("member_nouns") | cue("role_nouns")


def _who_antecedent(noun):
    """The party a "who" clause is about when the parser hung it on a place ("forces operating
    in the north of the country who are leading …" -> forces): climb past places and the
    phrases that locate them; or on the body in a person's role ("a veteran of the Badr Corps
    who fought …" -> the veteran: "who" is a person)."""
    t, steps = noun, 0
    while _lemma(t) in PLACE_NOUNS and steps < 6 and t.head != t:
        t = t.head
        while t.pos_ in ("ADP", "VERB") and t.head != t and t.dep_ in ("prep", "acl", "pobj"):
            t = t.head
        steps += 1
    if t.dep_ == "pobj" and t.head.lower_ == "of" and _lemma(t.head.head) in ROLE_NOUNS:
        return t.head.head  # "a veteran of the Badr Corps who fought …": the veteran, a person
    return t if t.pos_ in ("NOUN", "PROPN") else noun


def _doers(verb, actors, depth: int = 0) -> list[str]:
    """Who does a verb: its subject (and those said to act with it); for a relative or
    non-finite clause, the noun it modifies or the subject (or, after "help"/"lead"/"assist",
    the object) of the verb it depends on; for a passive, the 'by' phrase."""
    found = _doers_of(verb, actors, depth)
    return _dedupe(found + _companions(verb, actors)) if found else found


def _doers_of(verb, actors, depth: int = 0) -> list[str]:
    if depth > 5:
        return []
    for c in verb.children:
        if c.dep_ == "nsubj":
            if c.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
                head = _who_antecedent(verb.head) if c.lower_ == "who" else verb.head
                if head is not verb.head and _lemma(head) in ROLE_NOUNS:  # the person the role is given to
                    return np_actors(head.head, actors, stop=head.subtree) if head.dep_ == "appos" else []
                return _noun_holders(head, actors, depth + 1) if _lemma(head) in ACTION_NOUNS else \
                    np_actors(head, actors, stop=verb.subtree)
            return _dedupe(np_actors(c, actors) + _companions(c, actors))
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        if _lemma(verb) in PARTICIPATING:
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            return np_actors(subj, actors) if subj is not None else []
        agent = _agent(verb)
        return np_actors(agent, actors) if agent is not None else []
    head = verb.head
    if head == verb:
        return []
    if verb.dep_ == "conj":
        return _doers(head, actors, depth + 1)
    if verb.dep_ == "xcomp" and _lemma(head) in OBJECT_CONTROL:
        objs = [a for c in head.children if c.dep_ == "dobj" for a in np_actors(c, actors)]
        if objs:
            return _dedupe(objs + (_doers(head, actors, depth + 1) if _lemma(head) in HELPING else []))
    if verb.dep_ in ("xcomp", "advcl", "ccomp", "acomp"):  # "X is critical to finish Y"
        return _doers(head, actors, depth + 1)
    if verb.dep_ in ("acl", "relcl"):  # "the campaign to defeat X" belongs to whoever wages it,
        if _lemma(head) in ACTION_NOUNS:  # "the forces who are fighting X" are those forces
            return _noun_holders(head, actors, depth + 1)
        return np_actors(head, actors, stop=verb.subtree) or _class_member(head, actors)
    if verb.dep_ == "pcomp" and head.head != head:
        gov = head.head
        return _doers(gov, actors, depth + 1) if gov.pos_ in ("VERB", "AUX") else _noun_holders(gov, actors, depth + 1)
    return []


def _class_member(noun, actors) -> list[str]:
    """The named party said to be one of a class: "X became one of the most feared groups
    fighting Y", "X, one of the militias backed by Y" -> X (what the class does, X does)."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of" or noun.head.head.lower_ != "one":
        return []
    one = noun.head.head
    if one.dep_ in ("attr", "oprd"):
        subj = next((c for c in one.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return np_actors(subj, actors) if subj is not None else []
    if one.dep_ == "appos":
        return np_actors(one.head, actors, stop=one.subtree)
    return []


def _modifier_ids(mod, actors) -> list[str]:
    """Actors a modifier names, not the backer in "Iran-backed" or "US-led"."""
    text = actors.text
    return _dedupe(m.actor_id for t in mod.subtree for m in actors.at(t.idx, t.idx + len(t.text))
                   if not BACKED.match(text[m.end:m.end + 14]))


SERIES_NOUNS = cue("series_nouns")


def _noun_holders(noun, actors, depth: int = 0, counted: bool = False) -> list[str]:
    """Whose an action noun is: the actor it names ("the coalition"), its possessor or
    modifiers ("coalition operations", "the SDF's fight", "their fight"), else whoever does
    the verb it depends on ("X conducted strikes", "X joined the fight", "efforts in the
    campaign" led by X), also through a count ("X launched dozens of attacks")."""
    if depth > 5:
        return []
    own = [m.actor_id for m in actors.at(noun.idx, noun.idx + len(noun.text))]
    if own:
        return _dedupe(own)
    mods = [c for c in noun.children if c.i < noun.i and c.dep_ in ("poss", "compound", "amod", "nmod")]
    ids = [a for c in mods for a in (np_actors(c, actors) if c.dep_ == "poss" else _modifier_ids(c, actors))]
    if ids or any(c.dep_ == "poss" for c in mods):
        return _dedupe(ids)  # "our efforts": ours, whoever "we" are, not the next verb's subject
    head = noun.head
    if head == noun or depth > 4 or (_lemma(noun) not in ACTION_NOUNS and not counted):
        return []
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head != head and \
            (head.head.pos_ == "NUM" or _lemma(head.head) in SERIES_NOUNS):  # "dozens of attacks": as the count goes
        return _noun_holders(head.head, actors, depth + 1, counted=True)
    if noun.dep_ in ("dobj", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        if noun.dep_ == "attr":
            subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
            return np_actors(subj, actors) if subj is not None else []
        return _doers(head, actors, depth + 1)
    if noun.dep_ == "pobj" and head.head != head:
        gov = head.head
        if head.lower_ in ("against", "from", "for", "by", "with") or \
                (head.lower_ in LOCATION_PREPS and _lemma(noun) not in HOSTILE_NOUNS):
            return []  # "near the town", "the fight against the campaign": not the governor's own act
        if gov.pos_ in ("VERB", "AUX"):
            return _doers(gov, actors, depth + 1)
        if gov.pos_ in ("NOUN", "PROPN"):
            return _noun_holders(gov, actors, depth + 1)
    if noun.dep_ in ("conj", "appos"):
        return _noun_holders(head, actors, depth + 1)
    return []


def _named_parties(tok, actors, allowed=PARTY_TYPES) -> list[str]:
    """Actors a noun phrase names itself -- its head or the words before it ("ISIL",
    "ISIL targets", "the Islamic State's positions") -- not the owner a pronoun or a trailing
    phrase points at ("its facilities", "facilities belonging to X")."""
    ids: list[str] = []
    doc = tok.doc
    for k, t in enumerate(_conjuncts(tok)):
        if k and t.i >= 2 and doc[t.i - 1].lower_ in ("and", "or", ",") and doc[t.i - 2].dep_ == "pobj" and \
                doc[t.i - 2].head.lower_ in LOCATION_PREPS:
            continue  # "Daesh in Iraq and Syria": Syria is a second place, whatever the parser says
        own = [m.actor_id for m in actors.at(t.idx, t.idx + len(t.text))] or \
            (actors.national(t) if t.pos_ == "NOUN" else [])  # "government forces": the state's army
        appos = [a for c in t.children if c.dep_ == "appos" for a in np_actors(c, actors)]
        mods = [c for c in t.children if c.i < t.i and c.dep_ in ("compound", "amod", "nmod", "poss")
                and c.pos_ not in ("PRON", "VERB")]  # not "its Coalition-trained component"
        ids += own or appos or [a for c in mods for a in _modifier_ids(c, actors)]
    return _parties(ids, actors, allowed)


def _parties(ids, actors, allowed=PARTY_TYPES) -> list[str]:
    return [i for i in _dedupe(ids) if actors.entry_type(i) in allowed]


def _examples(tok, actors) -> list[str]:
    """Actors a generic noun is illustrated by: "rebel groups such as Jaysh al-Islam", "militias,
    including Kataib Hezbollah"."""
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and (c.lower_ in ("including", "like") or
                                 (c.lower_ == "as" and any(x.lower_ == "such" for x in c.children))):
            out += [a for g in c.children if g.dep_ == "pobj" for t in _conjuncts(g) for a in np_actors(t, actors)]
        if c.dep_ == "amod" and c.lower_ == "such":  # "such groups as X"
            out += [a for p in tok.children if p.dep_ == "prep" and p.lower_ == "as"
                    for g in p.children if g.dep_ == "pobj" for t in _conjuncts(g) for a in np_actors(t, actors)]
    return out


def _np_parties(tok, actors, allowed=PARTY_TYPES) -> list[str]:
    """Actors of a noun phrase and of the phrases coordinated with it (or, for a generic noun,
    the examples it is given: "groups such as X")."""
    return _parties([a for t in _conjuncts(tok) for a in (np_actors(t, actors) or _examples(t, actors))],
                    actors, allowed)


def _ongoing(verb) -> bool:
    """A verb told as lasting: progressive ("is supporting"), present perfect ("has trained") or
    carried on ("continues to support"); a past act ("supported the army in 2017") is an episode."""
    t = verb.head if verb.dep_ == "conj" else verb
    if t.tag_ == "VBG" and any(c.lemma_ == "be" for c in t.children if c.dep_ == "aux"):
        return True
    if t.tag_ == "VBN" and any(c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP") for c in t.children if c.dep_ == "aux"):
        return True  # "has trained": up to now
    return t.dep_ == "xcomp" and _lemma(t.head) in ("continue", "keep", "remain", "pledge", "commit", "vow")


def _shared_enemies(gov, actors) -> list[str]:
    """The enemies named with 'against' in the clause an act belongs to ("X conducted strikes
    … in support of Y using aircraft against Z" -> Z)."""
    clause = gov
    while clause.pos_ not in ("VERB", "AUX") and clause.head != clause:
        clause = clause.head
    while clause.dep_ in ("acl", "relcl", "xcomp", "advcl", "conj") and clause.head != clause:
        clause = clause.head
        while clause.pos_ not in ("VERB", "AUX") and clause.head != clause:
            clause = clause.head
    return _dedupe(a for t in clause.subtree if t.lower_ == "against" and t.dep_ == "prep"
                   for g in t.children if g.dep_ == "pobj" for a in _named_parties(g, actors))


def _acting_party(tok, actors) -> bool:
    """A named party that a phrase can be about ("the Peshmerga, in support of …"), not one
    named as a target, a source or a place ("strikes against ISIL in support of …")."""
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    if not actors.at(tok.idx, tok.idx + len(tok.text)):
        return False
    return not (tok.dep_ == "pobj" and tok.head.lower_ in {"against", "from", "by", "of"} | LOCATION_PREPS)


def _doers_or_holders(head, actors) -> list[str]:
    """Who a verb's act or an action noun belongs to; for any other noun, what it names."""
    if head.pos_ in ("VERB", "AUX"):
        return _doers(head, actors)
    if _lemma(head) in ACTION_NOUNS:
        return _noun_holders(head, actors)
    return _np_parties(head, actors)
