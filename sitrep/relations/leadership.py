"""Leadership, founding and subordination: who heads, founded or answers to whom.

- "the head of X, Y", "Y, the leader of X", "Y, commander of X", "Y, commander, X",
  "the X commanding general, Y", "Y became the leader of X" (leads);
- "Y, spokesman for X", "a crew chief in X", "a senior X commander", "the head of security of X"
  (member_of: an office or the head of a part, not the command); a title after a list of
  names is the last one's ("A and B, the head of X": B);
- "Iranian Supreme Leader Y", "X leader Y", "Prime Minister Y" (leads the state of the person);
- "Y … the leader of X", a nameless title re-mentioning the person just named whom the
  gazetteer affiliates with X;
- "Y created X", "X, which was founded by Y", "Y, the founder of X" (founded); "one of Y's
  subordinates, X";
- "Muqtada al-Sadr's Mahdi Army" (leads), "NAVCENT's Task Force 50" (commanded_by).
"""
from __future__ import annotations

import re

from ..events import np_actors
from .clauses import (
    COMMANDED,
    FORMER,
    LOCATION_PREPS,
    PERSON,
    STATE_TYPES,
    _dedupe,
    _doers_and_done,
    _lemma,
    _mention_ids,
    _not_person,
    _parties,
    _types,
)
from .cues import cue

FOUNDING_VERBS = cue("founding_verbs")
HEAD_NOUNS = cue("head_nouns")
STATE_LEADER_TITLES = cue("state_leader_titles")
OFFICE_NOUNS = cue("office_nouns")
SUBORDINATE_NOUNS = cue("subordinate_nouns")
NON_STATE_WORDS = cue("non_state_words")
DEPARTMENT_NOUNS = cue("department_nouns")
ENVOY_NOUNS = cue("envoy_nouns")


def _head_of(sent, actors):
    """'The head of X, Y', 'Y, the leader of X', 'Y, commander of X', 'Y, commander, X',
    'the X commanding general, Y', 'Y, spokesman for X' (a member)."""
    for tok in sent:
        title = _lemma(tok)
        if title == "general" and any(c.lower_ == "secretary" for c in tok.children):
            title = "secretary-general"
        if title == "general" and any(c.lower_ == "commanding" for c in tok.children):
            title = "commander"  # "the CJTF-OIR commanding general"
        office = title in OFFICE_NOUNS - HEAD_NOUNS and tok.pos_ == "NOUN"
        if (title not in HEAD_NOUNS and not office) or tok.pos_ not in ("NOUN", "PROPN", "ADJ"):
            continue
        to = ("of", "at") if title in ENVOY_NOUNS else ("of", "for", "at", "to")  # an envoy to/for X is X's guest
        of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in (to if office else ("of",))
              for g in c.children if g.dep_ == "pobj"]
        orgs = [a for g in of for a in np_actors(g, actors)]
        orgs += [x.actor_id for c in tok.children if c.dep_ == "poss"
                 for x in actors.at(c.idx, c.idx + len(c.text))]
        named = [c for c in tok.children if c.i < tok.i and c.dep_ in ("compound", "nmod")]
        orgs += _mention_ids([t for c in named for t in c.subtree], actors)  # "the CJTF-OIR commander"
        if not of and tok.dep_ == "appos":  # "Y, commander, US Central Command"
            orgs += [a for c in tok.children if c.dep_ == "appos" for a in np_actors(c, actors)]
            nxt = next((c for c in tok.head.children if c.dep_ == "appos" and c.i > tok.i), None)
            if nxt is not None and not orgs and nxt.i - tok.i <= 6:  # parsed as two appositions of Y
                orgs += np_actors(nxt, actors)
        orgs = _not_person(actors, orgs)
        within = [] if orgs else _not_person(actors, [  # "a crew chief in the 3rd Battalion": a member
            a for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "at", "with")
            for g in c.children if g.dep_ == "pobj" for a in np_actors(g, actors)])
        within = [o for o in within if actors.entry_type(o) not in STATE_TYPES]
        if within:
            orgs, office = within, True
        if any(actors.entry_type(o) not in STATE_TYPES for o in orgs):
            orgs = [o for o in orgs if actors.entry_type(o) not in STATE_TYPES]  # "chairman of Iraq's PMF"
        if not orgs:
            continue
        people: list[str] = []
        for c in tok.children:
            if c.dep_ == "appos":
                people += _types(actors, np_actors(c, actors), (PERSON,))
        if tok.dep_ == "appos":  # "A, B and C, the head of X": C, the one it follows
            nearest = _adjacent_before(tok, actors)
            people += _types(actors, [nearest] if nearest else np_actors(tok.head, actors, stop=tok.subtree),
                             (PERSON,))
        if tok.dep_ in ("attr", "oprd") and not people:  # "X became the leader of Y", "X is the head of Y"
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            people += _types(actors, np_actors(subj, actors), (PERSON,)) if subj is not None else []
        if tok.dep_ == "nsubj" and not people:
            verb = tok.head
            people += _types(actors, [a for c in verb.children if c.dep_ == "appos" for a in np_actors(c, actors)],
                             (PERSON,))
        if tok.dep_ in ("nsubj",):
            for c in tok.children:
                if c.dep_ == "appos":
                    people += _types(actors, np_actors(c, actors), (PERSON,))
        if not people:  # "the commander of X, General Y," with Y hung on X by the parser
            people += _types(actors, [a for g in of if g.head.lower_ == "of" for c in g.children if c.dep_ == "appos"
                                      for a in np_actors(c, actors)], (PERSON,))
        if not people and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            people = _described_person(tok, orgs, actors)  # "Qais al-Khazali … the leader of AAH"
        if any(c.lower_ in FORMER for c in tok.children):
            continue
        pred = _org_predicate([tok, *[c for c in tok.children if c.dep_ in ("det", "amod", "compound")]])
        if office:
            pred = "member_of"  # "spokesman for X", "an official of X"
        if title == "commander" and _commands(tok):
            pred = "leads"  # "the commander of the Quds Force" (but "a commander of", "the PMF commander in …")
        pred = _part_or_founder(tok, pred, actors)
        for p in _dedupe(people):
            for org in orgs:
                yield p, pred, org, None


def _described_person(title, orgs: list[str], actors) -> list[str]:
    """The person a nameless "the leader of X" re-mentions: the one person named before it in
    this sentence or the last whom the gazetteer affiliates with X ("When Washington blacklisted
    Qais al-Khazali, it wanted to put the leader of Asaib Ahl al-Haq out of business")."""
    found = set()
    for start, end in actors.scopes(title.idx):
        for m in actors.in_span(start, min(end, title.idx)):
            e = actors.gazetteer.get(m.actor_id)
            if e is not None and e.type == PERSON and e.affiliation in orgs:
                found.add(m.actor_id)
    return list(found) if len(found) == 1 else []


def _part_or_founder(title, pred: str, actors) -> str:
    """The predicate a title gives once its 'of' phrase is read: the head of a part of X ("the
    head of security of X", "chief of staff of X") is a member of X; the founder of X founded it."""
    if any(c.dep_ == "prep" and c.lower_ == "of" and _lemma(g) in DEPARTMENT_NOUNS and
           not actors.at(g.idx, g.idx + len(g.text)) for c in title.children for g in c.children if g.dep_ == "pobj"):
        return "member_of"
    return "founded" if pred == "leads" and _lemma(title) == "founder" else pred


def _adjacent_before(appos, actors) -> str | None:
    """The actor named just before an appositive, with only a comma between ("A and B, the
    head of X" -> B), whatever word the parser hung the appositive on; None if there is none."""
    left = min(t.idx for t in appos.subtree)
    sent = appos.sent
    text = actors.text
    for m in reversed(actors.in_span(sent.start_char, left)):
        return m.actor_id if re.fullmatch(r"\s*,\s*", text[m.end:left]) else None
    return None


def _commands(title) -> bool:
    """A 'commander' who commands the organisation named with him: "(the) commander of X",
    "X commander Y", "commander, X", "the X commanding general" -- but not "a commander of X",
    "a senior X commander" or "the X commander in Anbar" (one of its local commanders)."""
    mods = {c.lower_ for c in title.children if c.dep_ in ("det", "amod", "compound", "nmod")}
    if mods & {"a", "an", "deputy", "senior", "former", "regional", "local", "field", "vice", "assistant", "top",
               "one", "another", "military"}:
        return False
    return not any(c.dep_ == "prep" and c.lower_ in LOCATION_PREPS for c in title.children)


def _title_of(sent, actors):
    """'Iranian Supreme Leader Ali Khamenei' (leads), 'Iran's most powerful military commander' (member)."""
    mentions = actors.in_span(sent.start_char, sent.end_char)
    doc = sent.doc
    for m in mentions:
        if actors.entry_type(m.actor_id) != PERSON:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        # compounds before the name: [Iranian] [Supreme] [Leader] [Ayatollah] Ali Khamenei
        words = [t for t in doc[min(head.left_edge.i, span.start):span.start]]
        low = [t.lower_ for t in words]
        if any(w in FORMER for w in low):
            continue
        states = [x.actor_id for t in words for x in actors.at(t.idx, t.idx + len(t.text))
                  if actors.entry_type(x.actor_id) in STATE_TYPES]
        orgs = [x.actor_id for t in words for x in actors.at(t.idx, t.idx + len(t.text))
                if actors.entry_type(x.actor_id) not in STATE_TYPES + (PERSON,)]
        if orgs and set(low) & (OFFICE_NOUNS | HEAD_NOUNS | MEMBER_NOUNS):
            yield m.actor_id, _org_predicate(words), orgs[-1], None
        elif not states and _leader_title(low) and "president" not in low and not set(low) & (NON_STATE_WORDS | FORMER):
            own = _government_of(m.actor_id, actors)  # "Prime Minister Adel Abdul Mahdi"
            if own:
                yield m.actor_id, "leads", own, None
        elif not states or set(low) & NON_STATE_WORDS:
            pass
        elif _leader_title(low):
            yield m.actor_id, "leads", states[0], None
        elif set(low) & OFFICE_NOUNS:
            yield m.actor_id, "member_of", states[0], None
        yield from _appositive_title(head, m.actor_id, actors)
        # appositive: "Soleimani – Iran's most powerful military commander"
        for c in head.children:
            if c.dep_ == "appos" and _lemma(c) in OFFICE_NOUNS | STATE_LEADER_TITLES:
                if any(t.lower_ in FORMER for t in c.children):
                    continue
                owners = [x.actor_id for t in c.children if t.dep_ == "poss"
                          for x in actors.at(t.idx, t.idx + len(t.text))]
                for o in owners:
                    if o != m.actor_id:
                        pred = "leads" if _lemma(c) in STATE_LEADER_TITLES - {"leader"} else "member_of"
                        yield m.actor_id, pred, o, None


MEMBER_NOUNS = cue("member_nouns")
LEADING = cue("leading")


def _org_predicate(words) -> str:
    """'KH leader X' leads; 'a senior Quds Force commander', 'Houthi spokesman X' are members."""
    low = [t.lower_ for t in words]
    if set(low) & {"deputy", "senior", "former", "regional", "local", "a", "an", "vice", "assistant"}:
        return "member_of"
    if set(low) & LEADING or "prime minister" in " ".join(low) or "president" in low or \
            {"secretary", "general"} <= set(low):
        return "leads"
    return "member_of"


def _appositive_title(head, person: str, actors):
    """'Qasim Muslih, the PMF commander in Anbar'; 'Zahedi, a senior Quds Force commander';
    'X, a doctor and a leading figure of the protest movement' (each title of the apposition)."""
    appos = [c for c in head.children if c.dep_ == "appos"]
    appos += [x for c in appos for x in c.children if x.dep_ == "conj"]  # "X, a doctor and a leading figure of Y"
    for c in appos:
        if _lemma(c) not in OFFICE_NOUNS | HEAD_NOUNS | MEMBER_NOUNS:
            continue
        if _adjacent_before(c, actors) not in (None, person):
            continue  # "X and Y, the deputy head of Z": Y's title, not X's
        words = [t for t in c.subtree if t.i <= c.i]
        words += [g for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.subtree]
        orgs = [x.actor_id for t in words for x in actors.at(t.idx, t.idx + len(t.text))
                if actors.entry_type(x.actor_id) not in STATE_TYPES + (PERSON,)]
        if orgs:
            yield person, _part_or_founder(c, _org_predicate(list(c.subtree)), actors), orgs[0], None


def _government_of(person: str, actors) -> str | None:
    """What a head of government with no state named leads: the government the gazetteer gives
    as the person's affiliation ("Kurdistan Region Prime Minister Masrour Barzani" -> the
    regional government), else the state of the person's country."""
    e = actors.gazetteer.get(person)
    own = actors.gazetteer.get(e.affiliation) if e is not None and e.affiliation else None
    if own is not None and own.type in ("state", "government"):
        return own.id
    return _state_of(person, actors)


def _state_of(person: str, actors) -> str | None:
    """The state a known person belongs to (the gazetteer's country of that person)."""
    e = actors.gazetteer.get(person)
    if e is None or not e.country:
        return None
    for s in actors.gazetteer.entries.values():
        if s.type == "state" and s.country == e.country:
            return s.id
    return None


def _possessed(sent, actors):
    """"Muqtada al-Sadr's Mahdi Army", "his Sairoon bloc", "X, whose Badr Organization …": a
    person's own organisation."""
    for tok in sent:
        if tok.dep_ != "poss" or tok.head.pos_ not in ("PROPN", "NOUN"):
            continue
        owner = _whose_antecedent(tok) if tok.lower_ == "whose" else tok
        people = _types(actors, actors.resolve_token(owner) if owner is not None else [], (PERSON,))
        head = tok.head
        orgs = [x.actor_id for t in head.subtree if t != tok and tok.i < t.i <= head.i
                for x in actors.at(t.idx, t.idx + len(t.text))
                if actors.entry_type(x.actor_id) in ("armed_group", "political_party")]
        for p in people:
            for o in _dedupe(orgs):
                yield p, "leads", o, None


def _whose_antecedent(whose):
    """The noun a 'whose' clause is hung on ("Hadi al-Amiri, whose Badr Organization …")."""
    t = whose.head
    for _ in range(4):
        if t.dep_ == "relcl":
            return t.head
        if t.head == t:
            return None
        t = t.head
    return None


def _leader_title(words: list[str]) -> bool:
    """'President', 'Prime Minister', 'Supreme Leader', 'King' — the head of a state or government."""
    joined = " ".join(words)
    if "prime minister" in joined or "supreme leader" in joined:
        return True
    return bool(set(words) & (STATE_LEADER_TITLES - {"leader", "prime"})) and "vice" not in words \
        and "deputy" not in words


def _subordinates(sent, actors):
    """'one of Soleimani's subordinates, X' and 'Soleimani's deputy X'."""
    for tok in sent:
        if _lemma(tok) not in SUBORDINATE_NOUNS:
            continue
        bosses = [x for c in tok.children if c.dep_ == "poss" for x in np_actors(c, actors)]
        bosses = _types(actors, bosses, (PERSON,))
        if not bosses:
            continue
        holder = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else tok
        people = [a for t in (holder, tok) for c in t.children if c.dep_ in ("appos", "conj")
                  for a in np_actors(c, actors)]
        if holder.dep_ == "appos":
            people += np_actors(holder.head, actors, stop=holder.subtree)
        for p in _types(actors, _dedupe(people), (PERSON,)):
            for b in bosses:
                yield p, "subordinate_of", b, None


def _founding(sent, actors):
    for tok in sent:
        if _lemma(tok) not in FOUNDING_VERBS or tok.pos_ != "VERB":
            continue
        if _lemma(tok) == "set" and not any(c.lower_ == "up" for c in tok.children):
            continue
        founders, orgs = _doers_and_done(tok, actors, passive=tok.dep_ == "acl")
        for f in founders:
            for o in _not_person(actors, orgs):
                yield f, "founded", o, None


def _unit_of(sent, actors):
    """'NAVCENT's Task Force 50', 'the Coalition's land component': a command's own unit."""
    for tok in sent:
        if tok.dep_ != "poss":
            continue
        bosses = _parties([m.actor_id for m in actors.at(tok.idx, tok.idx + len(tok.text))], actors, COMMANDED)
        units = _parties([m.actor_id for t in tok.head.subtree if tok.i < t.i <= tok.head.i
                          for m in actors.at(t.idx, t.idx + len(t.text))], actors, COMMANDED)
        for b in bosses:
            for u in units:
                if u != b:
                    yield u, "commanded_by", b, None
