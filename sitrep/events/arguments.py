"""Arguments: the agents and targets of an event, read from the dependency parse of its trigger.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..actors import GENERIC_NOUNS
from ..participants import former, load_participants, participant
from .drafts import LOCATIVE, TARGET_PREPS, Draft, _governors, _lemma, _path_to, _singular, _subject, _uniq
from .lexicon import Lexicon
from .triggers import _stems

LEGAL_NOUNS = {"warrant", "charge", "indictment", "sanction", "verdict", "sentence", "lawsuit", "case", "arrest"}
OF_AGENT_NOUNS = {"withdrawal", "deployment", "arrival", "retreat", "protest", "demonstration", "rally",
                  "statement", "announcement", "visit", "offensive", "pullout", "redeployment"}
BACKED = re.compile(r"^[\-‐–]\s*(backed|led|funded|sponsored|allied|aligned|affiliated|linked|"
                    r"supported|controlled|armed|trained|based)\b", re.I)


def _np_tokens(tok) -> list:
    """Tokens of the noun phrase headed by ``tok`` without relative clauses and locative PPs."""
    out = []

    def walk(t):
        out.append(t)
        for c in t.children:
            if c.dep_ in ("relcl", "punct", "cc") or \
                    (c.dep_ == "acl" and c.tag_ in ("VBG", "VBN") and c.lemma_ not in USERS | {"belong", "host", "call"}):
                continue  # "the group, trained and armed by the Quds Force, …" is not the Quds Force
            if c.dep_ == "prep" and c.lower_ in LOCATIVE - {"on", "at"}:
                continue
            if c.dep_ == "prep" and c.lower_ in ("during", "since", "after", "before", "for", "with", "as", "against"):
                continue
            if c.dep_ == "agent" and t.dep_ == "acl" and _lemma(t) not in USERS:
                continue  # "the action ordered by Biden" is not Biden
            walk(c)
    walk(tok)
    return out


def np_actors(tok, actors, stop: Iterable = ()) -> list[str]:
    """Actor ids a noun phrase refers to (its own names, or its antecedent)."""
    stop_ids = {t.i for t in stop}
    if former(tok) and load_participants().kind_of(tok) is not None:
        return participant(tok, actors, load_participants())  # "a former ANDSF soldier" is a civilian
    own = [m for m in actors.at(tok.idx, tok.idx + len(tok.text))]
    if own and tok.pos_ == "PROPN":  # "Muhandis, a veteran of the Badr Corps": the head names the actor
        heads = [tok, *[c for c in tok.children if c.dep_ == "conj" and c.i not in stop_ids]]
        return _uniq(m.actor_id for h in heads for m in actors.at(h.idx, h.idx + len(h.text)))
    if _lemma(tok) in QUANTITIES or (tok.like_num and tok.lower_ != "one"):  # "hundreds of supporters of X"
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                inner = [a for g in c.children if g.dep_ == "pobj" for a in np_actors(g, actors, stop)]
                if inner:
                    return _uniq(inner)
    if _lemma(tok) in FOLLOWERS:  # "supporters of Muqtada al-Sadr" are his movement
        leaders = [m.actor_id for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.subtree for m in actors.at(g.idx, g.idx + len(g.text))
                   if actors.entry_type(m.actor_id) == "person"]
        movements = [x for p in leaders for x in _affiliations(p, actors)]
        if movements:
            return _uniq(movements)
    toks = [t for t in _np_tokens(tok) if t.i not in stop_ids]
    text = actors.text
    ids: list[str] = []
    appos_ids: list[str] = []
    appos_tokens = {t.i for c in toks if c.dep_ == "appos" for t in c.subtree}
    seen_spans = set()
    for t in toks:
        for m in actors.at(t.idx, t.idx + len(t.text)):
            if (m.start, m.end) in seen_spans:
                continue
            seen_spans.add((m.start, m.end))
            if _weapon_name(m, text, actors):
                continue  # "three Katyusha rockets": the weapon's make, not a party
            if BACKED.match(text[m.end:m.end + 14]) and not _leads_the_act(text[m.end:m.end + 6], tok):
                continue
            if t.dep_ == "poss" and t.head.lemma_.lower() in ("subordinate", "deputy", "aide", "son", "member",
                                                              "lieutenant", "brother", "ally", "arrival"):
                continue
            if t.dep_ in ("compound", "poss") and _lemma(t.head) in FOLLOWERS and \
                    actors.entry_type(m.actor_id) == "person":
                ids += [x for x in _affiliations(m.actor_id, actors)]  # "Sadr supporters" are his movement
                continue
            if m.kind == "metonym" and t.dep_ in ("compound", "nmod") and not metonym_party(t):
                continue  # "Baghdad bombings", "a Baghdad restaurant": the capital as a place
            if t.dep_ in ("compound", "nmod") and _singular(t.head) in UNAGENTIVE and \
                    actors.entry_type(m.actor_id) == "state":
                continue  # "Iraq violence kills 14": where, not who
            if t.dep_ in ("compound", "nmod", "amod") and _singular(t.head) in PLACE_NOUNS and \
                    actors.entry_type(m.actor_id) == "state":
                continue  # "on the Syrian border", "in the Iraqi desert": where, not who
            if m.kind == "demonym" and t.head.pos_ == "NOUN" and any(
                    x.lemma_.lower() in GENERIC_NOUNS for x in (t.head, *t.head.children) if x != t):
                continue  # "three Iraqi militia leaders" are militiamen, not the state of Iraq
            if (m.kind == "demonym" or actors.entry_type(m.actor_id) == "state") and \
                    t.dep_ in ("amod", "compound") and _civilian(t.head):
                ids += participant(t.head, actors, load_participants())  # "Afghan villagers"
                continue
            if t.dep_ == "poss" and t.head.pos_ == "NOUN" and t.head.lemma_.lower() in GENERIC_NOUNS and \
                    actors.entry_type(m.actor_id) == "state":
                ids += actors.resolve_token(t.head)  # "Iraq's militias" are militias, not Iraq
                continue
            (appos_ids if t.i in appos_tokens else ids).append(m.actor_id)
    if appos_ids and any(actors.entry_type(a) == "person" for a in appos_ids):
        return _uniq(appos_ids)
    ids = _uniq(ids + appos_ids)
    if not ids:
        ids = _fighters_from(tok, actors)
    if not ids:
        ids = actors.resolve_token(tok)
    if not ids:  # "many of these militias", "a crowd of Iran-backed militias", "all but one of the 14 KH members"
        for t in tok.subtree:
            if t != tok and t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ in ("NUM", "DET", "NOUN", "PRON") \
                    and t.head.head.lemma_.lower() in PARTITIVES:
                ids = np_actors(t, actors) or actors.resolve_token(t)
                if ids:
                    break
    if not ids and _lemma(tok) in FOLLOWERS | REPRESENTATIVES:
        for c in tok.children:  # "supporters of Muqtada al-Sadr", "a spokesman for the prime minister"
            if c.dep_ == "prep" and c.lower_ in ("of", "for"):
                for g in (x for x in c.children if x.dep_ == "pobj"):
                    found = np_actors(g, actors)
                    persons = [a for a in found if actors.entry_type(a) == "person"]
                    if _lemma(tok) in FOLLOWERS and persons:
                        found = [x for p in persons for x in _affiliations(p, actors)] or found
                    ids += found
    if not ids:  # "its leaders", "their fighters": the group the pronoun stands for
        for c in tok.children:
            if c.dep_ == "poss" and c.lower_ in ("its", "their"):
                ids = _sentence_owner(c, actors) or \
                    [a for a in actors.resolve_token(c) if actors.entry_type(a) != "person"]
    base = _singular(tok)
    if not ids and base in CROWDS:
        ids = [actors.collective(base, tok.idx, tok.idx + len(tok.text))]
    if not ids:  # "ten soldiers", "gunmen", "two shepherds": named only by what they are
        ids = participant(tok, actors, load_participants())
    if not ids and tok.dep_ != "nsubj":  # "struck the militia's depots", "depots of a militia": the owner
        ids = [a for o in _owners(tok) for a in participant(o, actors, load_participants())]
    return ids


def _sentence_owner(pron, actors) -> list[str]:
    """'Two soldiers were killed when a bomb struck their vehicle': a possessive pronoun whose
    owner is the nearest subject before it in its own sentence that agrees in number ("their":
    a plural noun, "its": a singular one) and names a party."""
    plural = pron.lower_ == "their"
    for t in reversed([t for t in pron.sent if t.i < pron.i]):
        if t.dep_ not in ("nsubj", "nsubjpass") or t.pos_ not in ("NOUN", "PROPN"):
            continue
        if (t.tag_ in ("NNS", "NNPS")) != plural:
            continue
        found = np_actors(t, actors)
        if found:
            return found
    return []


def _owners(tok) -> list:
    """Heads of the phrases naming who owns a thing: a possessive ("the militia's depots"), an
    "of" phrase ("the headquarters of a militia"), "belonging to" / "used by" / "run by" (a
    participle modifying the thing), or a participant's noun right before a facility ("a
    police station", ``facilities`` of data/participants.yaml)."""
    out = []
    facility = load_participants().is_facility(tok)
    for c in tok.children:
        if facility and c.dep_ in ("compound", "nmod") and c.i == tok.i - 1:
            out.append(c)
        elif c.dep_ == "poss":
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ == "of":
            out += [g for g in c.children if g.dep_ == "pobj"]
        elif c.dep_ == "acl" and c.lemma_.lower() in ("belong", "use", "run", "operate", "hold", "control"):
            for p in c.children:
                if p.dep_ in ("prep", "agent") and p.lower_ in ("to", "by"):
                    out += [g for g in p.children if g.dep_ == "pobj"]
    return out


ARMED_KINDS = {"armed_group", "state_military", "police"}


def _fighters_from(tok, actors) -> list[str]:
    """'fighters from Kataib Hezbollah', 'gunmen from the Badr Organization': combatants (a
    participant kind that bears arms, :mod:`sitrep.participants`) "from" a named group or force
    are that group's.  A state after "from" stays a place of origin ("soldiers from Iraq")."""
    kind = load_participants().kind_of(tok)
    if kind is None or kind.type not in ARMED_KINDS:
        return []
    return _uniq(m.actor_id for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"
                 for g in c.children if g.dep_ == "pobj"
                 for t in _np_tokens(g) for m in actors.at(t.idx, t.idx + len(t.text))
                 if m.kind not in ("demonym", "metonym") and actors.entry_type(m.actor_id) not in ("state", "other"))


def _weapon_name(m, text: str, actors) -> bool:
    """A name no gazetteer lists whose words are a weapon of the trigger lexicon ("Katyusha",
    "Grad"): the parser's or the name finder's guess at a party is the weapon's make."""
    if actors.gazetteer.get(m.actor_id) is not None:
        return False
    from .lexicon import load_lexicon
    name = text[m.start:m.end].lower()
    weapons = load_lexicon().weapons
    return name in weapons or (name.endswith("s") and name[:-1] in weapons)


GOVERNMENT_NOUNS = {"government", "administration", "authority", "regime", "leadership", "official", "cabinet",
                    "ministry", "delegation", "envoy", "spokesman", "spokesperson", "negotiator", "position", "policy",
                    "decision", "order", "demand", "sanction", "ally", "backing", "support"}


def metonym_party(tok) -> bool:
    """A capital used before a noun that names its government or what a government does
    ("Baghdad government", "Tehran's envoy", "Washington sanctions") speaks for the state; before
    any other noun ("Baghdad bombings", "a Baghdad restaurant") it names the place."""
    return tok.dep_ == "poss" or tok.head.lemma_.lower() in GOVERNMENT_NOUNS


VICTIM_OF_NOUNS = {"assassination", "murder", "killing", "kidnapping", "abduction", "execution", "death", "slaying",
                   "massacre", "torture", "disappearance", "beheading", "shooting", "lynching", "rape"}
PLACE_NOUNS = {"border", "frontier", "boundary", "coast", "desert", "mountain", "province", "region", "territory",
               "countryside", "capital", "town", "city", "village", "waters", "airspace", "soil"}
UNAGENTIVE = {"violence", "unrest", "blast", "explosion", "bombing", "clash", "fighting", "bloodshed", "turmoil",
              "carnage", "toll", "massacre"}
LED_ACTS = {"strike", "airstrike", "raid", "attack", "offensive", "operation", "campaign", "assault", "bombing",
            "bombardment", "invasion", "intervention", "incursion", "blockade", "war", "crackdown"}


def _leads_the_act(after: str, head) -> bool:
    """'US-led air strikes': who leads an act carries it out (unlike 'Iran-backed militias')."""
    while head.dep_ in ("amod", "compound") and head.head != head:
        head = head.head  # "US-led" hangs on the act it leads
    return after[1:4].lower() == "led" and _singular(head) in LED_ACTS


def _civilian(tok) -> bool:
    """A participant noun a nationality word names the country of ("Afghan villagers", "Iraqi
    militants"), not the state itself; soldiers and police are their state's forces ("Iraqi
    soldiers": the Iraqi Army where the gazetteer knows it, as ACLED's "Military Forces of Iraq")."""
    kind = load_participants().kind_of(tok)
    return kind is not None and kind.type in ("civilians", "armed_group", "state_military")


REPRESENTATIVES = {"spokesman", "spokesperson", "spokeswoman", "office", "aide", "adviser", "advisor", "envoy",
                   "representative", "delegation", "ministry", "government"}
USERS = {"use", "belong", "operate", "occupy", "hold", "house", "run", "control", "own", "man", "build"}
FOLLOWERS = {"supporter", "follower", "loyalist", "partisan", "militiaman", "fighter", "man", "gunman", "guard"}


def _affiliations(person: str, actors) -> list[str]:
    e = actors.gazetteer.get(person)
    return [x for x in (e.affiliation,) if x] if e else []


def _inherited_subject(verb):
    """The subject of a verb conjoined to, or controlling, this one."""
    cur = verb
    for _ in range(4):
        if cur.dep_ in ("conj", "xcomp", "advcl", "ccomp") and cur.head != cur:
            head = cur.head
            if cur.dep_ == "xcomp" and _lemma(head) in OBJECT_CONTROL:
                obj = [c for c in head.children if c.dep_ in ("dobj",)]
                if obj:
                    return obj[0]  # "prompted US troops to fire", but "used tear gas to disperse"
            subj, passive = _subject(head)
            if subj is not None and not passive:
                return subj
            cur = head
        else:
            break
    return None


OBJECT_CONTROL = {"prompt", "order", "force", "urge", "ask", "tell", "allow", "cause", "lead", "push", "compel",
                  "instruct", "direct", "authorize", "authorise", "send", "deploy", "encourage", "pressure"}
SAY = {"say", "state", "announce", "declare", "claim", "add", "tell", "confirm", "admit", "acknowledge"}


def _speaker_of(verb, actors) -> list[str]:
    """The one who reports an act of its own ("the group said it fired the rockets")."""
    for child, head in _governors(verb, 3):
        if child.dep_ == "ccomp" and _lemma(head) in SAY:
            subj, _ = _subject(head)
            return np_actors(subj, actors) if subj is not None else []
    return []


def _possessor_of_governor(verb):
    """'Trump's decision to pull out', 'his role in attacking …': the owner of the noun the act
    depends on."""
    cur = verb
    for _ in range(4):
        if cur.dep_ in ("acl", "conj", "xcomp", "pcomp", "pobj", "prep") and cur.head != cur:
            cur = cur.head
            if cur.pos_ == "NOUN":
                return next((c for c in cur.children if c.dep_ == "poss"), None)
        else:
            break
    return None


def _agent_of_passive(verb):
    """The 'by' phrase of a passive verb, also when the parser hung it lower in the clause."""
    for c in verb.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    for t in verb.subtree:
        if t.lower_ == "by" and t.dep_ in ("prep", "agent") and t.head != verb and \
                not any(a.pos_ == "VERB" and a != verb for a in _path_to(t, verb)):
            return next((g for g in t.children if g.dep_ == "pobj"), None)
    return None


def verb_arguments(verb, actors) -> tuple[list[str], list[str]]:
    subj, passive = _subject(verb)
    if subj is None and verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN"):
        subj, passive = verb.head, True  # "Two fighters killed by a sniper": the noun suffered it
    if subj is None and verb.pos_ == "ADJ" and verb.dep_ == "acomp":
        subj, passive = _subject(verb.head)  # "France is ready to send troops": who is ready
    if subj is not None and subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
        subj = verb.head
    if passive or any(c.dep_ == "auxpass" for c in verb.children):
        agent_tok = _agent_of_passive(verb)
        agents = np_actors(agent_tok, actors) if agent_tok is not None else []
        targets = np_actors(subj, actors) if subj is not None else []
    else:
        if subj is None:
            subj = _inherited_subject(verb)
        if subj is None:
            subj = _possessor_of_governor(verb)
        agents = np_actors(subj, actors) if subj is not None else []
        if subj is not None and not agents:
            agents = _split_subject(subj, actors)
        if subj is not None and subj.lower_ in ("it", "they", "we") and not agents:
            agents = _speaker_of(verb, actors)
        if subj is not None and not agents:
            agents = _placed_by(subj, actors)
        targets = []
        for c in verb.children:
            if c.dep_ in ("dobj", "obj") or (c.dep_ == "dative" and c.pos_ != "ADP"):
                targets += np_actors(c, actors)
        givers = [a for c in verb.children if c.dep_ == "prep" and c.lower_ == "from" and _lemma(verb) in RECEIVE
                  for g in c.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
        if givers:  # "Iraq received weapons from Iran": Iran gives, Iraq receives
            agents, targets = givers, [a for a in agents + targets if a not in givers]
    targets += _prep_targets(verb, actors)
    if _lemma(verb) in ("hit", "strike") and any(c.dep_ in ("dobj", "obj") and _lemma(c) in MINES for c in verb.children):
        # "a police vehicle struck an IED planted by X": the vehicle's side suffered it, X did it
        planters = [a for c in verb.children if c.dep_ in ("dobj", "obj") for t in c.subtree
                    if t.dep_ == "agent" for g in t.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
        agents, targets = planters, [a for a in agents + targets if a not in planters]
    return agents, targets


MINES = {"ied", "mine", "landmine", "bomb", "device", "explosive"}


def _split_subject(subj, actors) -> list[str]:
    """A verb the parser gave two subjects ("Iraq PM declares …", "Members of X, a body linked
    to Y, investigated …"): the nearer one is the subject (:func:`~sitrep.events.drafts._subject`);
    when it names no one, the party is the one the other subject names (nearest first)."""
    others = sorted((o for o in subj.head.children if o.dep_ == "nsubj" and o != subj), key=lambda o: abs(o.i - subj.i))
    for o in others:
        found = np_actors(o, actors)
        if found:
            return found
    return []


def _placed_by(subj, actors) -> list[str]:
    """'an IED planted by militants exploded', 'rockets fired by the group hit …': the one who
    set the means going is the act's agent."""
    for c in subj.children:
        if c.dep_ == "acl" and c.tag_ == "VBN":
            agent = _agent_of_passive(c)
            if agent is not None:
                return np_actors(agent, actors)
    return []


def fallen_to(verb, actors) -> list[str]:
    """'X fell to Y': Y took it."""
    return [a for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
            for g in c.children if g.dep_ == "pobj" for a in np_actors(g, actors)]


RECEIVE = {"receive", "obtain", "accept", "get", "acquire", "import", "buy", "purchase", "win", "secure"}


def recipients(tok, actors) -> list[str]:
    """Who a non-violent act is addressed to: "donated supplies to X", "lodged a complaint
    with X", "signed a deal with X" (the objects of 'to' and 'with' on the trigger or its verb)."""
    heads = [tok] + ([tok.head] if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass") else [])
    out = [a for h in heads for c in h.children if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "with")
           for g in c.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
    if _lemma(tok) in VISITS:  # "arrived in Amman", "a visit to Baghdad": the state visited
        out += [a for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "to")
                for g in c.children if g.dep_ == "pobj" for a in _host_state(g, actors)]
    # "provide aid for Romania and Poland", "military aid to Mozambique": what is given and to whom
    for t in tok.subtree:
        if t.dep_ == "prep" and t.lower_ in ("to", "for") and _gives(t.head) and \
                not (t.head == tok and t.lower_ == "to"):  # (that one is read above)
            for g in t.children:
                if g.dep_ == "pobj":
                    out += np_actors(g, actors) + [a for cj in g.children if cj.dep_ == "conj"
                                                   for a in np_actors(cj, actors)]
    return out


VISITS = {"visit", "arrive", "travel", "fly", "tour", "land"}


def _host_state(tok, actors) -> list[str]:
    """The state a visited place stands for: a state named ("to Iraq") or a capital the gazetteer
    knows as its metonym ("in Amman")."""
    named = [a for a in np_actors(tok, actors) if actors.entry_type(a) in ("state", "government")]
    if named:
        return named
    found = actors.gazetteer.lookup_kind(actors.text[tok.idx:tok.idx + len(tok.text)]) if tok.pos_ == "PROPN" else None
    if not (found and found[1] == "metonym" and found[0].type in ("state", "government")):
        return []
    actors.ground(tok.idx, tok.idx + len(tok.text), found[0].id, "metonym")  # grounded in the name
    return [found[0].id]


def _gives(head) -> bool:
    """A word that names something given, or a verb whose object does ("aid", "provide funds")."""
    if _lemma(head) in GIFTS:
        return True
    return head.pos_ == "VERB" and any(c.dep_ in ("dobj", "obj") and any(_lemma(g) in GIFTS for g in c.subtree)
                                       for c in head.children)


GIFTS = {"aid", "assistance", "support", "help", "relief", "funding", "fund", "loan", "grant", "supply", "weapon",
         "arm", "troop", "equipment", "credit", "donation", "food", "medicine", "ammunition", "training"}


UNREST_VERBS = {"demonstrate", "protest", "rally", "gather", "march", "riot", "storm", "breach", "demonstration",
                "protest", "sit-in"}
SITES = {"embassy", "consulate", "mission", "base", "office", "headquarters", "compound"}


def _owners_of_sites(prep, actors) -> list[str]:
    """'demonstrated in front of the US Embassy': the embassy's state is what the crowd is against."""
    out = []
    for t in prep.subtree:
        if _lemma(t) in SITES:
            out += [m.actor_id for c in t.children if c.dep_ in ("compound", "amod", "poss")
                    for m in actors.at(c.idx, c.idx + len(c.text)) if actors.entry_type(m.actor_id) == "state"]
    return out


def _rule_type(tok, lex: Lexicon) -> str:
    rules = lex.rules.get(_lemma(tok)) or lex.rules.get(tok.lower_) or ()
    return rules[0].type if rules else "statement"


def _between(tok, actors) -> list[str]:
    """'the ceasefire between Israel and Hezbollah', 'clashes between X and Y': both are parties."""
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            for g in c.children:
                if g.dep_ == "pobj":
                    out += np_actors(g, actors)
                    out += [a for cj in g.children if cj.dep_ == "conj" for a in np_actors(cj, actors)]
    return out


def _prep_targets(tok, actors) -> list[str]:
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "with" and _lemma(tok) in ("clash", "fight", "battle", "skirmish",
                                                                       "fighting", "firefight", "gunfight", "exchange"):
            out += [a for g in c.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
        if c.dep_ == "prep" and c.lower_ in ("for", "against") and _lemma(tok) in LEGAL_NOUNS:
            out += [a for g in c.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
        if c.dep_ == "prep" and c.lower_ in ("in", "outside", "near", "at") and _lemma(tok) in UNREST_VERBS:
            out += _owners_of_sites(c, actors)
        if c.dep_ == "prep" and (c.lower_ in TARGET_PREPS or (c.lower_ == "to" and _sets_fire(tok)) or
                                 (c.lower_ == "from" and _takes_ground(tok))):
            for g in c.children:
                if g.dep_ == "pobj":
                    out += np_actors(g, actors)
        if c.dep_ in ("dobj", "obj") and _takes_ground(tok):  # "retook the dam from jihadists"
            out += [a for p in c.children if p.dep_ == "prep" and p.lower_ == "from"
                    for g in p.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
        if c.dep_ == "acl" and c.lemma_ in ("target", "hit", "host", "house"):
            for g in c.children:
                if g.dep_ == "dobj":
                    out += np_actors(g, actors)
    return out


TAKING = {"retake", "recapture", "capture", "seize", "take", "wrest", "liberate", "regain", "win"}


def _takes_ground(verb) -> bool:
    """'retook the dam from jihadists', 'wrested the town from the army': whom ground is taken
    from is the other side of the fight."""
    return verb.pos_ == "VERB" and bool({_lemma(verb), *_stems(verb)} & TAKING)


MEDIATING = {"mediation", "mediate", "mediator", "reconciliation", "arbitration", "shuttle"}


def _mediating(noun) -> bool:
    """A third party's act between two others ("mediation between X and Y", "a mediation effort")."""
    return _lemma(noun) in MEDIATING or any(c.dep_ in ("compound", "amod") and _lemma(c) in MEDIATING
                                           for c in noun.children)


def _sets_fire(verb) -> bool:
    """'set fire to X', 'put a torch to X': what the fire is set to is the target."""
    return _lemma(verb) in ("set", "put") and any(c.dep_ == "dobj" and _lemma(c) in ("fire", "torch", "flame")
                                                  for c in verb.children)


def _prep_objects(prep) -> list:
    """The object of a preposition; where the parser left it without one ("the assassination
    of Jesuit priest Ignacio Ellacuria shocked …" parsed with the name as the subject), the
    noun phrase that follows it."""
    found = [g for g in prep.children if g.dep_ == "pobj"]
    for g in list(found):  # "of the rector Ignacio Ellacuria" with the name hung elsewhere
        nxt = g.doc[g.i + 1] if g.i + 1 < len(g.doc) else None
        if g.pos_ == "NOUN" and nxt is not None and nxt.ent_type_ == "PERSON" and nxt.head != g:
            while nxt.dep_ == "compound" and nxt.head.i > nxt.i:
                nxt = nxt.head
            found.append(nxt)
    if found or prep.i + 1 >= len(prep.doc):
        return found
    tok = prep.doc[prep.i + 1]
    while tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("compound", "amod", "det", "nummod"):
        tok = tok.head
    return [tok] if tok.pos_ in ("NOUN", "PROPN") else []


def noun_arguments(noun, actors, lex: Lexicon) -> tuple[list[str], list[str]]:
    agents: list[str] = []
    mods = [c for c in noun.children if c.dep_ in ("compound", "amod", "poss", "nmod")]
    for c in mods:
        if c.dep_ in ("compound", "nmod") and not metonym_party(c) and \
                any(m.kind == "metonym" for m in actors.at(c.idx, c.idx + len(c.text))):
            continue  # "Baghdad bombings": where, not who
        if c.dep_ in ("compound", "nmod") and _singular(noun) in UNAGENTIVE and \
                all(actors.entry_type(m.actor_id) == "state" for m in actors.at(c.idx, c.idx + len(c.text))):
            continue  # "Iraq violence", "Syria blast": a country's name before violence nobody is said to do
        after = actors.text[c.idx + len(c.text):]
        agents += [a for a in np_actors(c, actors) if not BACKED.match(after[:14]) or _leads_the_act(after[:6], noun)]
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            agents += [a for g in c.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
    if _lemma(noun) in OF_AGENT_NOUNS:
        agents += [a for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
    targets = _prep_targets(noun, actors)
    if _lemma(noun) in VICTIM_OF_NOUNS:  # "the assassination of Ignacio Ellacuria": who suffered it
        targets += [a for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                    for g in _prep_objects(c) for a in np_actors(g, actors)
                    + [x for cj in g.children if cj.dep_ == "conj" for x in np_actors(cj, actors)]]
    if _mediating(noun):  # "a mediation effort between the Emirates and Saudi Arabia": whom it is between
        targets += _between(noun, actors)
    elif lex.family(_rule_type(noun, lex)) in ("violence", "cooperation"):
        agents += _between(noun, actors)
    head = noun.head
    if noun.dep_ in ("dobj", "obj") and _lemma(head) in lex.light_verbs | {"carry", "launch"}:
        if not agents:
            agents, _ = verb_arguments(head, actors)
        targets += _prep_targets(head, actors)
    elif noun.dep_ in ("nsubj",) and head.pos_ == "VERB":
        # "the attack killed a contractor and wounded two soldiers": the objects of the verb and
        # of the verbs joined to it that have no subject of their own
        verbs = [head] + [c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB"
                          and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
        for v in verbs:
            for c in v.children:
                if c.dep_ in ("dobj", "obj"):
                    targets += np_actors(c, actors)
        targets += _prep_targets(head, actors)
    elif noun.dep_ == "pobj" and head.lower_ in ("in", "during") and head.head.pos_ == "VERB" and not agents and \
            _lemma(head.head) in {"kill", "wound", "injure", "capture", "arrest", "die", "lose"}:
        agents, more = verb_arguments(head.head, actors)  # "forces killed 12 rebels in a gunfight"
        targets += more
    elif noun.dep_ == "pobj" and head.lower_ == "for" and head.head.pos_ == "VERB" and not agents:
        agents, _ = verb_arguments(head.head, actors)  # "Iran sent envoys to Riyadh for talks"
        targets += recipients(head.head, actors)
    elif noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and _lemma(head.head) == "target":
        pass
    return _uniq(agents), _uniq(targets)


QUANTITIES = {"hundred", "thousand", "dozen", "score", "million", "hundreds", "thousands", "dozens", "scores"}
PARTITIVES = {"many", "some", "all", "one", "two", "three", "four", "five", "most", "several", "dozens", "hundreds",
              "crowd", "group", "members", "member", "each", "none", "both", "few", "part", "thousands", "scores"}
CROWDS = {"protester", "demonstrator", "crowd", "rioter", "protestor", "marcher"}  # mourners are civilians


def _embedded_subject_targets(tok, actors) -> list[str]:
    out = []
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp"):
            subj, _ = _subject(c)
            if subj is not None:
                out += np_actors(subj, actors)
    return out


def _hostile_targets(tok, actors, lex) -> list[str]:
    out = []
    for t in tok.subtree:
        if t == tok or _lemma(t) not in lex.hostile:
            continue
        for c in t.subtree:
            if c.dep_ == "pobj" and c.head.lower_ in LOCATIVE - {"on", "at"}:
                continue
            if _in_condition(c, t):
                continue  # "… if American troops did not leave Iraq": the condition, not the target
            if c.dep_ in ("dobj", "pobj") and c != t:
                out += np_actors(c, actors)
    return out


def _in_condition(tok, top) -> bool:
    """``tok`` lies in an 'if'/'unless'/'until' clause below ``top``."""
    for a in [tok, *_path_to(tok, top)]:
        if a.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless", "until") for m in a.children):
            return True
    return False


STATE_ACTS = {"sanction", "break_relations", "agreement", "withdrawal", "military_posture"}


def _states_act(drafts: list[Draft], actors) -> None:
    """A sanction, a withdrawal or a deal made by a state's leader is also the state's act."""
    for d in drafts:
        if d.type not in STATE_ACTS:
            continue
        for a in list(d.actors):
            if actors.entry_type(a) == "person":
                state = _state_of_person(a, actors)
                if state and state not in d.actors and state not in d.targets:
                    d.actors.append(state)


def _state_of_person(person: str, actors) -> str | None:
    e = actors.gazetteer.get(person)
    if e is None or not e.country:
        return None
    return next((x.id for x in actors.gazetteer.entries.values() if x.type == "state" and x.country == e.country), None)


def _crowds_address_the_state(drafts: list[Draft], actors) -> None:
    """Protesters who demand something of no one named address their government; the state is
    the one the article is about."""
    state = actors.main_state()
    if state is None:
        return
    for d in drafts:
        if d.type == "demand" and not d.targets and d.actors and \
                all(actors.entry_type(a) == "civilians" for a in d.actors):
            d.targets = [state]
