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
            "rocket", "drone", "missile", "advice", "help", "aid", "assistance", "ammunition", "adviser", "advisor",
            "financing", "cash", "munition", "hardware"}
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
                   _part_of, _possessed, _material_backing, _joined,
                   _hostility, _hostile_prefix, _support_phrase, _assistance, _composition, _member_apposition,
                   _assignment, _unit_chain, _within, _unit_of, _fire_from, _provision):
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
        of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in (("of", "for", "at", "to") if office else ("of",))
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
        if tok.dep_ == "appos":
            people += _types(actors, np_actors(tok.head, actors, stop=tok.subtree), (PERSON,))
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
        if any(c.lower_ in FORMER for c in tok.children):
            continue
        pred = _org_predicate([tok, *[c for c in tok.children if c.dep_ in ("det", "amod", "compound")]])
        if office:
            pred = "member_of"  # "spokesman for X", "an official of X"
        if title == "commander" and _commands(tok):
            pred = "leads"  # "the commander of the Quds Force" (but "a commander of", "the PMF commander in …")
        for p in _dedupe(people):
            for org in orgs:
                yield p, pred, org, None


def _commands(title) -> bool:
    """A 'commander' who commands the organisation named with him: "(the) commander of X",
    "X commander Y", "commander, X", "the X commanding general" -- but not "a commander of X",
    "a senior X commander" or "the X commander in Anbar" (one of its local commanders)."""
    mods = {c.lower_ for c in title.children if c.dep_ in ("det", "amod", "compound", "nmod")}
    if mods & {"a", "an", "deputy", "senior", "former", "regional", "local", "field", "vice", "assistant", "top",
               "one", "another", "military"}:
        return False
    return not any(c.dep_ == "prep" and c.lower_ in LOCATION_PREPS for c in title.children)


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
        orgs = [x.actor_id for t in head.subtree if t != tok and tok.i < t.i <= head.i
                for x in actors.at(t.idx, t.idx + len(t.text))
                if actors.entry_type(x.actor_id) in ("armed_group", "political_party")]
        for p in people:
            for o in _dedupe(orgs):
                yield p, "leads", o, None


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


RECEIVING = {"receive", "get", "obtain", "accept", "take", "draw", "acquire"}
GIVING = {"provide", "give", "offer", "extend", "send", "supply", "deliver", "lend", "pledge", "channel", "funnel"}


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
            for g in _parties(groups, actors, COLLECTIVE_TYPES):  # "joined Jordan in an exercise" is no membership
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
        gap = re.match(r"\s*(?:the\s+)?", actors.text[at:sent.end_char])
        after = [x for x in actors.in_span(at, sent.end_char) if x.start - at <= gap.end()]
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


PART_NOUNS = {"part", "member", "faction", "component", "unit", "affiliate", "branch", "offshoot", "franchise",
              "subsidiary", "wing", "arm", "chapter", "splinter"}


def _part_of(sent, actors):
    """'US troops … as part of an international coalition'; 'KH, part of the PMF'; 'X is part of Y'."""
    for tok in sent:
        if _lemma(tok) not in PART_NOUNS or (_lemma(tok) != "part" and tok.dep_ not in ("appos", "attr")):
            continue
        if _lemma(tok) in ("wing", "arm") and not any(c.lower_ in ("armed", "military", "militant", "paramilitary")
                                                      for c in tok.children):
            continue  # a political wing is read by _political_wing
        of = [g for c in tok.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        of += [c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PROPN"]  # "al-Qaeda's branch"
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


# --- relations as official and reference prose states them (issue 7, kind 8) -------------------
#
# Military releases and encyclopedic texts state relations through action nouns and
# non-finite clauses more than through plain verbs: "Coalition forces conducted strikes
# against ISIL", "the campaign to defeat Daesh, led by the SDF", "in support of the Iraqi
# government", "Coalition nations ... include Australia", "X, commander, US Central Command".
# The helpers below find who holds an action noun or does a non-finite verb by climbing the
# parse, so each pattern is written once for every way the holder can be attached.

COMMANDING = {"state", "state_military", "coalition", "international_org", "government"}
COMMANDED = {"state_military", "coalition"}
WEAPON_NOUNS = {"artillery", "aircraft", "rocket", "missile", "bomb", "drone", "mortar", "gun", "jet", "warplane"}
HOSTILE_NOUNS = WEAPON_NOUNS | {"use", "weapon", "munition", "strike", "airstrike", "operation", "attack", "campaign", "fight", "war", "offensive", "mission",
                 "effort", "defense", "defence", "position", "raid", "assault", "battle", "struggle", "counteroffensive",
                 "counter-offensive", "action", "bombing", "shelling", "fire", "insurgency", "sortie", "advance",
                 "coalition", "alliance", "front", "resistance", "war-fighting", "crusade", "jihad", "uprising"}
HOSTILE_VERBS = {"fight", "unite", "rise", "struggle", "wage", "fly", "conduct", "launch", "carry", "strike", "maintain",
                 "defend", "rally", "advance", "push", "mobilize", "mobilise", "battle", "rebel", "revolt", "retaliate"}
DEFEAT_VERBS = {"fight", "combat", "counter", "defeat", "oppose", "destroy", "degrade", "eliminate", "confront",
                "dismantle", "eradicate", "annihilate", "crush", "expel", "dislodge", "oust", "rout", "finish"}
AT_WAR = {"war", "conflict", "hostility", "offensive", "assault", "attack", "strike", "airstrike", "crackdown",
          "raid", "bombardment", "campaign"}
ACTION_NOUNS = {"strike", "airstrike", "operation", "attack", "campaign", "fight", "war", "offensive", "mission", "effort",
                "defense", "defence", "raid", "assault", "battle", "struggle", "counteroffensive", "action", "bombing",
                "shelling", "sortie", "advance", "support", "role", "work", "contribution", "assistance", "help",
                "partnership", "drive", "push", "bid", "involvement", "participation", "cooperation", "coordination",
                "isolation", "liberation", "clearance", "recapture", "use", "munition", "weapon", "fire",
                "defeat", "destruction", "elimination", "expulsion", "eradication", "ouster"} | WEAPON_NOUNS
PARTICIPATING = {"involve", "engage", "task", "charge", "commit", "implicate"}  # "X was involved in …": X does it
DEFEAT_NOUNS = {"defeat", "destruction", "elimination", "expulsion", "eradication", "ouster", "annihilation"}
FREEING_VERBS = {"liberate", "free", "retake", "recapture", "clear", "seize", "expel", "drive", "push", "oust",
                 "dislodge", "wrest", "capture", "reclaim", "recover", "retook"}  # the tagger's lemma of "retook"
EXPELLING = {"drive", "push", "force", "chase", "kick", "flush", "beat", "repel", "repulse", "throw"}
OBJECT_CONTROL = {"help", "assist", "enable", "allow", "lead", "train", "equip", "support", "urge", "encourage",
                  "empower", "aid", "advise", "prepare", "mobilize", "mobilise"}
HELPING = {"help", "assist", "enable", "support", "aid", "advise", "train", "equip", "empower", "prepare"}
ASSIST_VERBS = {"support", "assist", "aid", "advise", "back", "help", "arm", "train", "equip", "reinforce"}
DENIAL = {"deny", "reject", "refuse", "stop", "cease", "end", "halt", "urge", "call", "ask", "demand", "accuse",
          "allege", "claim", "threaten", "warn"}
ENDING = {"stop", "cease", "end", "halt"}  # "cease its strikes against X" presupposes the strikes
ALONGSIDE = {"alongside", "beside"}
COMPANY_NOUNS = {"partnership", "coordination", "cooperation", "concert", "conjunction", "alliance", "collaboration"}
COMPOSING_VERBS = {"include", "comprise", "consist", "compose", "make", "encompass", "incorporate", "unite", "bring"}
GROUP_NOUNS = {"nation", "country", "member", "state", "partner", "force", "group", "faction", "coalition", "alliance",
               "unit", "contributor", "participant", "government", "army", "organization", "organisation", "ally",
               "militia", "front", "movement", "bloc", "council", "command", "task"}
MEMBER_WORDS = {"member", "partner", "ally", "participant", "contributor", "component", "element", "affiliate",
                "constituent", "signatory"}
COLLECTIVE_TYPES = {"coalition", "international_org", "armed_group", "political_party", "state_military",
                    "government"}
ORGANISED = {"state", "state_military", "government", "armed_group", "political_party", "coalition",
             "international_org", "person", "other"}
PARTY_TYPES = ORGANISED - {"person"}
ASSIGNING_VERBS = {"assign", "attach", "serve", "belong", "station", "embed"}
LOCATION_PREPS = {"in", "at", "near", "across", "around", "inside", "outside", "throughout", "over"}


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


PLACE_NOUNS = {"country", "part", "area", "region", "city", "town", "province", "north", "south", "east", "west",
               "territory", "village", "district", "border", "side", "outskirts", "centre", "center", "heart"}


def _who_antecedent(noun):
    """The party a "who" clause is about when the parser hung it on a place ("forces operating
    in the north of the country who are leading …" -> forces): climb past places and the
    phrases that locate them."""
    t, steps = noun, 0
    while _lemma(t) in PLACE_NOUNS and steps < 6 and t.head != t:
        t = t.head
        while t.pos_ in ("ADP", "VERB") and t.head != t and t.dep_ in ("prep", "acl", "pobj"):
            t = t.head
        steps += 1
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
        return np_actors(head, actors, stop=verb.subtree)
    if verb.dep_ == "pcomp" and head.head != head:
        gov = head.head
        return _doers(gov, actors, depth + 1) if gov.pos_ in ("VERB", "AUX") else _noun_holders(gov, actors, depth + 1)
    return []


def _modifier_ids(mod, actors) -> list[str]:
    """Actors a modifier names, not the backer in "Iran-backed" or "US-led"."""
    text = actors.text
    return _dedupe(m.actor_id for t in mod.subtree for m in actors.at(t.idx, t.idx + len(t.text))
                   if not BACKED.match(text[m.end:m.end + 14]))


def _noun_holders(noun, actors, depth: int = 0) -> list[str]:
    """Whose an action noun is: the actor it names ("the coalition"), its possessor or
    modifiers ("coalition operations", "the SDF's fight", "their fight"), else whoever does
    the verb it depends on ("X conducted strikes", "X joined the fight", "efforts in the
    campaign" led by X)."""
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
    if head == noun or depth > 4 or _lemma(noun) not in ACTION_NOUNS:
        return []
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


def _hostility(sent, actors):
    """'X conducted strikes against Y', 'their fight against Y', 'X unite against Y',
    'the campaign to defeat Y', 'the defeat of Y', 'X liberated the town from Y control'."""
    for tok in sent:
        low = _lemma(tok)
        holders: list[str] = []
        enemies: list[str] = []
        if tok.dep_ == "prep" and tok.lower_ in ("on", "with") and _lemma(tok.head) in AT_WAR and \
                tok.head.pos_ == "NOUN" and (tok.lower_ == "on" or _lemma(tok.head) in ("war", "conflict", "hostility")):
            holders = _noun_holders(tok.head, actors)  # "declared war on X", "at war with X"
            if not holders and tok.head.dep_ == "pobj" and tok.head.head.lower_ == "at":
                holders = _doers_or_holders(tok.head.head.head, actors)
            enemies = [a for g in tok.children if g.dep_ == "pobj" for a in _named_parties(g, actors)]
        elif tok.lower_ == "against" and tok.dep_ == "prep":
            head = tok.head
            if head.pos_ in ("NOUN", "PROPN") and (_lemma(head) in HOSTILE_NOUNS or actors.at(head.idx, head.idx + 1)):
                holders = _noun_holders(head, actors)
            elif head.pos_ == "VERB" and _lemma(head) in HOSTILE_VERBS and not _not_asserted(head, True):
                holders = _doers(head, actors)
            enemies = [a for g in tok.children if g.dep_ == "pobj" for a in _named_parties(g, actors)]
        elif low in DEFEAT_VERBS and tok.pos_ == "VERB" and not _not_asserted(tok):
            holders = _doers(tok, actors)
            enemies = [a for c in tok.children if c.dep_ in ("dobj", "dative") for a in _named_parties(c, actors)]
        elif low in DEFEAT_NOUNS and tok.pos_ == "NOUN":
            holders = _noun_holders(tok, actors)
            enemies = [a for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj" for a in _named_parties(g, actors)]
        elif low in EXPELLING and tok.pos_ == "VERB" and not _not_asserted(tok) and \
                any(c.lower_ in ("out", "back", "from", "away") for c in tok.subtree if c.head == tok or
                    c.head.head == tok):  # "drove ISIS out of Raqqa", "pushed the militants back"
            holders = _doers(tok, actors)
            enemies = [a for c in tok.children if c.dep_ == "dobj" for a in _named_parties(c, actors)]
        elif low in FREEING_VERBS and tok.pos_ == "VERB" and not _not_asserted(tok):
            sources = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"
                       for g in c.children if g.dep_ == "pobj"]
            enemies = _parties(_mention_ids([t for g in sources for t in g.subtree], actors), actors)
            holders = _doers(tok, actors) if enemies else []
        for h in _parties(holders, actors, ORGANISED):
            for e in enemies:
                if h != e:
                    yield h, "opposes", e, None


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


def _fire_from(sent, actors):
    """'Iraqi forces came under fire from ISIS', 'the convoy received mortar fire from X':
    the shooters oppose those fired on."""
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
                    yield sh, "opposes", v, None


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


def _composition(sent, actors):
    """'Coalition nations that have carried out strikes include A, B and C', 'the SDF, which
    includes the Syrian Arab Coalition', 'a force made up of X and Y': each part member_of the whole."""
    for tok in sent:
        lemma = _lemma(tok)
        if lemma not in COMPOSING_VERBS or tok.pos_ not in ("VERB", "AUX") or _negated(tok):
            continue
        parts: list = []
        whole = None
        if lemma in ("include", "comprise", "encompass", "incorporate") and \
                not any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
            parts = [c for c in tok.children if c.dep_ == "dobj"]
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            whole = tok.head if tok.dep_ in ("relcl", "acl") and (subj is None or subj.lower_ in ("which", "that")) \
                else subj
        elif lemma in ("consist", "compose", "make"):
            if lemma == "make" and not any(c.lower_ == "up" for c in tok.children):
                continue
            parts = [g for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in ("of", "by")
                     for g in c.children if g.dep_ == "pobj"]
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            whole = tok.head if tok.dep_ in ("acl", "relcl", "amod") else subj
            if whole is not None and whole.lower_ in ("which", "that", "who"):
                whole = tok.head
        if whole is None or not parts:
            continue
        if not actors.at(whole.idx, whole.idx + len(whole.text)) and _lemma(whole) not in GROUP_NOUNS:
            continue  # "targets included …", "the losses included …"
        groups = _parties(np_actors(whole, actors), actors, COLLECTIVE_TYPES)
        members = [a for p in parts for a in _named_parties(p, actors, ORGANISED)]
        for g in groups:
            for m in members:
                if m != g:
                    yield m, "member_of", g, None


def _member_apposition(sent, actors):
    """'Turkey and the Netherlands, coalition members, …', 'Jordan is a coalition partner',
    'our coalition partners, especially the Turks': members of the group named on the noun."""
    for tok in sent:
        if _lemma(tok) not in MEMBER_WORDS or tok.pos_ != "NOUN":
            continue
        mods = [c for c in tok.children if c.i < tok.i and c.dep_ in ("compound", "amod", "poss", "nmod")]
        groups = _parties([a for c in mods for a in _modifier_ids(c, actors)], actors, COLLECTIVE_TYPES)
        if not groups:
            continue
        members: list[str] = []
        if tok.dep_ == "appos":
            members += _np_parties(tok.head, actors, ORGANISED) if tok.head.pos_ == "PROPN" or \
                actors.at(tok.head.idx, tok.head.idx + len(tok.head.text)) else []
        elif tok.dep_ == "attr":
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            members += _np_parties(subj, actors, ORGANISED) if subj is not None else []
        for c in tok.children:
            if c.dep_ == "appos":
                members += _np_parties(c, actors, ORGANISED)
            if c.dep_ == "prep" and c.lower_ in ("like", "including", "especially", "notably"):
                members += [a for g in c.children if g.dep_ == "pobj" for a in _np_parties(g, actors, ORGANISED)]
        for m in _dedupe(members):
            for g in groups:
                if m != g:
                    yield m, "member_of", g, None


def _assignment(sent, actors):
    """'X was assigned to the 2nd Battalion', 'X serves with the 5th Special Forces Group',
    'the squadron will fly … as part of the 407th Group' (see also :func:`_part_of`)."""
    for tok in sent:
        if _lemma(tok) not in ASSIGNING_VERBS or tok.pos_ != "VERB":
            continue
        units = [a for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "with", "in")
                 for g in c.children if g.dep_ == "pobj"
                 for a in _np_parties(g, actors, COLLECTIVE_TYPES | {"other"})]
        if not units:
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None and tok.dep_ in ("relcl", "acl"):
            subj = tok.head
        holders = np_actors(subj, actors) if subj is not None else []
        for h in _parties(holders, actors, {"person", "state_military", "armed_group"}):
            for u in units[:1]:
                if h != u:
                    yield h, "member_of", u, None


ECHELONS = {"team": 0, "section": 0, "platoon": 1, "company": 2, "battery": 2, "troop": 2, "detachment": 2,
            "battalion": 3, "squadron": 3, "regiment": 4, "group": 4, "wing": 4, "brigade": 5, "division": 6,
            "fleet": 7, "corps": 7, "army": 8, "command": 8}


def _echelon(name: str) -> int | None:
    """The size class of a military unit from the last word of its name ("2nd Battalion" -> 3)."""
    words = name.lower().split()
    return ECHELONS.get(words[-1]) if words else None


def _unit_chain(sent, actors):
    """'3rd Battalion, 321st Field Artillery Regiment', 'Abel Battery, 3rd Battalion': a unit
    written before the larger unit it belongs to, as military addresses are (small to large)."""
    text = actors.text
    mentions = [m for m in actors.in_span(sent.start_char, sent.end_char)
                if actors.entry_type(m.actor_id) in COMMANDED]
    for a, b in zip(mentions, mentions[1:]):
        if not re.fullmatch(r"\s*,\s*(?:the\s+)?", text[a.end:b.start]):
            continue
        small, large = _echelon(text[a.start:a.end]), _echelon(text[b.start:b.end])
        if small is not None and large is not None and small < large:
            yield a.actor_id, "member_of", b.actor_id, None


def _within(sent, actors):
    """'Turkey within NATO', 'Kataib Hezbollah within the PMF': a named party inside a body."""
    text = actors.text
    mentions = actors.in_span(sent.start_char, sent.end_char)
    for a, b in zip(mentions, mentions[1:]):  # written next to each other, whatever the parse
        if re.fullmatch(r"\s+within\s+(?:the\s+)?", text[a.end:b.start]) and a.actor_id != b.actor_id and \
                actors.entry_type(a.actor_id) in ORGANISED and actors.entry_type(b.actor_id) in COLLECTIVE_TYPES:
            yield a.actor_id, "member_of", b.actor_id, None
    for tok in sent:
        if tok.lower_ != "within" or tok.dep_ != "prep":
            continue
        head = tok.head  # "Turkey within NATO", "Turkey's place within NATO"
        inner = [m.actor_id for t in (head, *[c for c in head.children if c.dep_ == "poss"])
                 for m in actors.at(t.idx, t.idx + len(t.text))]
        bodies = [a for g in tok.children if g.dep_ == "pobj" for a in _named_parties(g, actors, COLLECTIVE_TYPES)]
        for i in _parties(inner, actors, ORGANISED):
            for b in bodies[:1]:
                if i != b:
                    yield i, "member_of", b, None


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
