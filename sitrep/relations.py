"""Relations between actors, each with the sentence it was read from.

Patterns over the dependency parse (each a small function over one sentence):

- backing: "Iran-backed X", "X, equipped and financed by Y", "Y arms X", "X answers to Y";
- leadership: "the head of X, Y", "Y leads X", "X leader Y", "Iranian Supreme Leader Y";
- founding: "Y created X", "X, which was founded by Y";
- membership: "X under the Y umbrella … included in Z", "one of Y's subordinates, X",
  "X's … commander Y", "as part of Y", "presence in parliament through X" (political wing);
- designation: "X was designated as a terrorist group by Y";
- alignment: "X, who is close to Y", "a coalition to fight X".
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from .events import BACKED, _agent_of_passive, np_actors
from .records import Article, Event, Evidence, Relation

BACKING_VERBS = {"back", "fund", "finance", "equip", "arm", "sponsor", "support", "train", "supply", "bankroll"}
COMMAND_VERBS = {"control", "command", "direct"}
FOUNDING_VERBS = {"create", "found", "establish", "form", "set"}
JOINING_VERBS = {"include", "incorporate", "integrate", "absorb", "merge", "fold", "bring"}
HEAD_NOUNS = {"head", "leader", "chief", "commander", "chairman", "secretary-general", "founder", "boss", "emir"}
STATE_LEADER_TITLES = {"president", "leader", "king", "emir", "prime", "premier", "monarch", "sultan"}
OFFICE_NOUNS = {"commander", "general", "official", "minister", "officer", "secretary", "ambassador",
                "spokesman", "spokesperson", "envoy", "adviser", "advisor"}
SUBORDINATE_NOUNS = {"subordinate", "deputy", "lieutenant", "aide", "protege", "protégé", "right-hand"}
ALLY_WORDS = re.compile(r"\b(close to|allied (?:with|to)|an ally of|aligned with|loyal to)\b", re.I)
NON_STATE_WORDS = {"militia", "group", "faction", "brigade", "brigades", "force", "forces", "party", "movement",
                   "guard", "guards", "corps", "organization", "organisation", "cleric", "opposition"}
SUPPLIES = {"money", "weapon", "arm", "training", "funding", "fund", "support", "backing", "equipment",
            "rocket", "drone", "missile", "advice", "help", "aid"}
FORMER = {"former", "ex", "late", "then"}
PERSON, STATE_TYPES = "person", ("state",)


def find_relations(doc, article: Article, actors, events: list[Event] | None = None) -> list[Relation]:
    """Every relation the article states, one record per (subject, predicate, object)."""
    found: dict[tuple[str, str, str], list[Evidence]] = {}
    since: dict[tuple[str, str, str], str | None] = {}
    for sent in doc.sents:
        if any(s <= sent.start_char and sent.end_char <= e for s, e in article.excluded):
            continue
        ev = Evidence(text=sent.text.strip(), start=sent.start_char + _lead(sent.text),
                      end=sent.start_char + _lead(sent.text) + len(sent.text.strip()))
        for subj, pred, obj, when in _sentence_relations(sent, actors):
            if subj == obj or not subj or not obj:
                continue
            key = (subj, pred, obj)
            found.setdefault(key, [])
            if ev not in found[key]:
                found[key].append(ev)
            since.setdefault(key, when)
    for (s, p, o) in list(found):
        if p == "member_of" and (s, "leads", o) in found:  # the head of X is also in X: keep the stronger
            found[(s, "leads", o)] += [e for e in found.pop((s, p, o)) if e not in found[(s, "leads", o)]]
    return [Relation(subject=s, predicate=p, object=o, since=since.get((s, p, o)), evidence=tuple(evs))
            for (s, p, o), evs in found.items()]


def _lead(s: str) -> int:
    return len(s) - len(s.lstrip())


def _lemma(t) -> str:
    return t.lemma_.lower()


def _sentence_relations(sent, actors) -> Iterator[tuple[str, str, str, str | None]]:
    for finder in (_hyphen_backing, _passive_and_active, _head_of, _title_of, _subordinates,
                   _founding, _joining, _designation, _political_wing, _alignment, _purpose_opposes,
                   _part_of, _possessed, _material_backing, _joined):
        yield from finder(sent, actors)


def _types(actors, ids, wanted) -> list[str]:
    return [i for i in ids if actors.entry_type(i) in wanted]


def _not_person(actors, ids) -> list[str]:
    return [i for i in ids if actors.entry_type(i) != PERSON]


def _subject_tokens(verb):
    """The subject of a verb; for a relative clause, the noun it modifies."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
                return verb.head
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
        subjects = [a for a in np_actors(noun, actors) if a != m.actor_id]
        for s in subjects:
            if word in ("led",):
                yield m.actor_id, "leads", s, None
            elif word in ("allied", "aligned", "affiliated", "linked"):
                yield s, "allied_with", m.actor_id, None
            elif word == "controlled":
                yield s, "commanded_by", m.actor_id, None
            elif word != "based":
                yield s, "backed_by", m.actor_id, None


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
                for s in np_actors(subj, actors):
                    for o in np_actors(agent, actors):
                        yield s, pred, o, None
            elif lemma not in ("support", "train") or tok.tag_ in ("VBZ", "VBP"):
                subj = _subject_tokens(tok)
                objs = [c for c in tok.children if c.dep_ == "dobj"]
                if subj is None:
                    continue
                for o in objs:
                    for target in _not_person(actors, np_actors(o, actors)):
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
        elif lemma in ("lead", "head", "command") and tok.dep_ not in ("amod",):
            subj = _subject_tokens(tok)
            if subj is None:
                continue
            people = _types(actors, np_actors(subj, actors), (PERSON,))
            for o in (c for c in tok.children if c.dep_ == "dobj"):
                for org in _not_person(actors, np_actors(o, actors)):
                    for p in people:
                        yield p, "leads", org, None


def _head_of(sent, actors):
    """'The head of X, Y' and 'Y, the leader of X'."""
    for tok in sent:
        title = _lemma(tok)
        if title == "general" and any(c.lower_ == "secretary" for c in tok.children):
            title = "secretary-general"
        if title not in HEAD_NOUNS or tok.pos_ not in ("NOUN", "PROPN", "ADJ"):
            continue
        orgs = [a for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
        orgs += [x.actor_id for c in tok.children if c.dep_ == "poss"
                 for x in actors.at(c.idx, c.idx + len(c.text))]
        orgs = _not_person(actors, orgs)
        if any(actors.entry_type(o) not in STATE_TYPES for o in orgs):
            orgs = [o for o in orgs if actors.entry_type(o) not in STATE_TYPES]  # "chairman of Iraq's PMF"
        if not orgs:
            continue
        people: list[str] = []
        for c in tok.children:
            if c.dep_ == "appos":
                people += _types(actors, np_actors(c, actors), (PERSON,))
        if tok.dep_ == "appos":
            people += _types(actors, np_actors(tok.head, actors, stop=tok.subtree), (PERSON,))
        if tok.dep_ == "nsubj" and not people:
            verb = tok.head
            people += _types(actors, [a for c in verb.children if c.dep_ == "appos" for a in np_actors(c, actors)],
                             (PERSON,))
        if tok.dep_ in ("nsubj",):
            for c in tok.children:
                if c.dep_ == "appos":
                    people += _types(actors, np_actors(c, actors), (PERSON,))
        if any(c.lower_ in FORMER for c in tok.children):
            continue
        pred = _org_predicate([tok, *[c for c in tok.children if c.dep_ in ("det", "amod", "compound")]])
        if title == "commander" and any(c.lower_ == "the" for c in tok.children) and \
                any(c.lower_ == "of" for c in tok.children):
            pred = "leads"  # "the commander of the Quds Force" (but "a commander of", "the PMF commander in …")
        for p in _dedupe(people):
            for org in orgs:
                yield p, pred, org, None


def _dedupe(xs):
    return list(dict.fromkeys(xs))


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
            own = _state_of(m.actor_id, actors)  # "Prime Minister Adel Abdul Mahdi"
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


MEMBER_NOUNS = {"member", "fighter", "spokesman", "spokesperson", "official", "operative", "militant", "cleric"}
LEADING = {"head", "leader", "chief", "chairman", "secretary-general", "emir", "founder"}


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
    """'Qasim Muslih, the PMF commander in Anbar'; 'Zahedi, a senior Quds Force commander'."""
    for c in head.children:
        if c.dep_ != "appos" or _lemma(c) not in OFFICE_NOUNS | HEAD_NOUNS | MEMBER_NOUNS:
            continue
        words = [t for t in c.subtree if t.i <= c.i]
        words += [g for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.subtree]
        orgs = [x.actor_id for t in words for x in actors.at(t.idx, t.idx + len(t.text))
                if actors.entry_type(x.actor_id) not in STATE_TYPES + (PERSON,)]
        if orgs:
            yield person, _org_predicate(list(c.subtree)), orgs[0], None


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
    """"Muqtada al-Sadr's Mahdi Army", "his Sairoon bloc": a person's own organisation."""
    for tok in sent:
        if tok.dep_ != "poss" or tok.head.pos_ not in ("PROPN", "NOUN"):
            continue
        people = _types(actors, actors.resolve_token(tok), (PERSON,))
        head = tok.head
        orgs = [x.actor_id for t in head.subtree if t != tok and t.i > tok.i
                for x in actors.at(t.idx, t.idx + len(t.text))
                if actors.entry_type(x.actor_id) in ("armed_group", "political_party")]
        for p in people:
            for o in _dedupe(orgs):
                yield p, "leads", o, None


def _material_backing(sent, actors):
    """'With money, weapons and training from Iran's Quds Force, his network …'."""
    for tok in sent:
        if tok.lower_ != "from" or _lemma(tok.head) not in SUPPLIES:
            continue
        givers = [a for g in tok.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
            verb = verb.head
        subj = _subject_tokens(verb) if verb.pos_ in ("VERB", "AUX") else None
        for s in (np_actors(subj, actors) if subj is not None else []):
            for g in givers:
                yield s, "backed_by", g, None


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


def _joined(sent, actors):
    """'Asaib Ahl al-Haq joined the Popular Mobilization Forces'."""
    for tok in sent:
        if _lemma(tok) != "join" or tok.pos_ != "VERB":
            continue
        members, groups = _doers_and_done(tok, actors)
        for m in members:
            for g in _not_person(actors, groups):
                yield m, "member_of", g, None


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
    return np_actors(subj, actors), [a for c in verb.children if c.dep_ == "dobj" for a in np_actors(c, actors)]


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


def _year_in(sent) -> str | None:
    for ent in sent.ents:
        if ent.label_ == "DATE":
            m = re.search(r"\b(19|20)\d\d\b", ent.text)
            if m:
                return m.group(0)
    return None


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


def _alignment(sent, actors):
    """'X, who is very close to Y'."""
    for m in ALLY_WORDS.finditer(sent.text):
        at = sent.start_char + m.end()
        after = [x for x in actors.in_span(at, sent.end_char) if x.start - at < 4]
        before = [x for x in actors.in_span(sent.start_char, sent.start_char + m.start())]
        if after and before:
            yield before[0].actor_id, "allied_with", after[0].actor_id, None


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
        for s in np_actors(holder, actors, stop=tok.subtree):
            for e in enemies:
                yield s, "opposes", e, None


def _part_of(sent, actors):
    """'US troops … as part of an international coalition'; 'KH, part of the PMF'; 'X is part of Y'."""
    for tok in sent:
        if _lemma(tok) not in ("part", "member", "faction", "component", "unit") or \
                (_lemma(tok) != "part" and tok.dep_ not in ("appos", "attr")):
            continue
        of = [g for c in tok.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        if tok.dep_ == "appos":
            subj = tok.head
        elif tok.dep_ == "attr":
            subj = _subject_tokens(tok.head)
        elif tok.head.lower_ == "as":
            verb = tok.head.head
            subj = _subject_tokens(verb) if verb.pos_ in ("VERB", "AUX") else None
        else:
            continue
        if subj is None or not of:
            continue
        for s in np_actors(subj, actors):
            for g in of:
                for o in np_actors(g, actors):
                    yield s, "member_of", o, None
