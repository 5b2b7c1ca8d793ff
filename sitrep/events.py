"""Events: who did what to whom, when, where, with how many dead.

``find_events`` is ``match`` then ``annotate`` then ``link``:

1. match: trigger words of the lexicon (``data/triggers.yaml``) in each sentence, refined by
   weapon modifiers ("rocket attack" -> shelling) and filtered: acts that are only demanded,
   threatened, intended or falsely claimed are not events of their own;
2. annotate: arguments from the dependency parse (agent, targets), place, date (through
   :class:`sitrep.dates.Timeline`), fatalities/injured, count, weapon and certainty;
3. link: mentions of one event ("the strike", "the assault also killed ...") are folded into
   the event they refer to, retaliation is linked with ``caused_by``, and each event gets
   its codes (CAMEO, ACLED, PLOVER).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import settings
from .actors import GENERIC_NOUNS
from .errors import DataFileError
from .places import THEATRE
from .records import AcledType, Article, Event, EventDate, Evidence, Place

DATA = Path(__file__).parent / "data"
BUNDLED = DATA / "triggers.yaml"

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "single": 1,
}
SPECIFIC = {"air_strike": 3, "shelling": 3, "bombing": 3, "assassination": 3, "abduction": 3,
            "armed_clash": 2, "attack": 1}
DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "such"}
LOCATIVE = {"in", "near", "at", "outside", "inside", "around", "across", "on", "along", "north", "south",
            "east", "west", "over", "into", "within", "throughout", "from"}
LEGAL_NOUNS = {"warrant", "charge", "indictment", "sanction", "verdict", "sentence", "lawsuit", "case", "arrest"}
TARGET_PREPS = {"on", "against", "at", "targeting", "upon"}
CAUSE_MARKERS = re.compile(r"\b(in retaliation|retaliat\w*|in response to|in reprisal|reprisal for|"
                           r"to avenge|avenging|in revenge|angered by|prompted|in reaction to|"
                           r"responded to)\b", re.I)
NONE_KILLED = re.compile(r"\b(no|without)\s+(?:\w+\s+){0,2}(casualties|causalities|deaths|fatalities|"
                         r"one\s+(?:was\s+)?(?:killed|hurt|injured)|dead|injuries|losses)\b|"
                         r"\bno\s+(?:one|body)\s+was\s+(?:killed|hurt|injured)|\bcaused no\s+(?:\w+\s+)?"
                         r"(casualties|deaths)", re.I)
KILL = {"kill", "killing", "die", "dead", "death", "murder", "slay", "behead", "execute"}
WOUND = {"wound", "injure", "injury", "wounding", "hurt"}
OF_AGENT_NOUNS = {"withdrawal", "deployment", "arrival", "retreat", "protest", "demonstration", "rally",
                  "statement", "announcement", "visit", "offensive", "pullout", "redeployment"}
BACKED = re.compile(r"^[\-‐–]\s*(backed|led|funded|sponsored|allied|aligned|affiliated|linked|"
                    r"supported|controlled|armed|trained|based)\b", re.I)


# --- the lexicon ------------------------------------------------------------------------------

@dataclass(frozen=True)
class TypeInfo:
    family: str
    cameo: str
    acled: AcledType | None
    plover: str | None
    plover_mode: str | None


@dataclass(frozen=True)
class Rule:
    lemmas: tuple[str, ...]
    pos: frozenset[str]
    type: str
    needs: frozenset[str] = frozenset()
    needs_prep: frozenset[str] = frozenset()
    needs_subject: frozenset[str] = frozenset()
    refine: bool = False
    weak: bool = False
    active_only: bool = False
    past_only: bool = False
    needs_owner: bool = False
    needs_hostile: bool = False
    needs_actor_object: bool = False
    needs_person_object: bool = False


@dataclass(frozen=True)
class Lexicon:
    types: dict[str, TypeInfo]
    rules: dict[str, tuple[Rule, ...]]  # by the rule's last lemma
    phrases: dict[str, tuple[Rule, ...]]  # two-word rules by their first lemma ("claim responsibility")
    weapons: dict[str, tuple[str, str]]  # lemma -> (weapon, implied type)
    firing_verbs: frozenset[str]
    light_verbs: frozenset[str]
    speech: frozenset[str]
    intent: frozenset[str]
    hostile: frozenset[str]
    denial: frozenset[str]
    false_markers: frozenset[str]
    hedges: frozenset[str]

    def family(self, etype: str) -> str:
        return self.types[etype].family


def _rule(raw: dict, types: dict, where: str) -> Rule:
    if raw.get("type") not in types:
        raise DataFileError(f"{where}: unknown event type {raw.get('type')!r}", code="E301")
    if not raw.get("lemma"):
        raise DataFileError(f"{where}: trigger without lemma", code="E300")
    pos = raw.get("pos") or ["NOUN", "VERB"]
    pos = [pos] if isinstance(pos, str) else pos
    for k in ("needs", "needs_prep", "needs_subject"):
        if any(isinstance(x, bool) for x in raw.get(k) or ()):
            raise DataFileError(f"{where}: {k} holds a YAML boolean (quote words like \"on\", \"no\")", code="E301")
    sets = {k: frozenset(str(x).lower() for x in raw.get(k) or ()) for k in ("needs", "needs_prep", "needs_subject")}
    flags = {k: bool(raw.get(k)) for k in ("refine", "weak", "active_only", "past_only", "needs_owner",
                                              "needs_hostile", "needs_actor_object", "needs_person_object")}
    return Rule(lemmas=tuple(str(raw["lemma"]).lower().split()), pos=frozenset(pos), type=raw["type"],
                **sets, **flags)


def _type_info(raw: dict) -> TypeInfo:
    acled = raw.get("acled")
    plover = raw.get("plover") or [None, None]
    return TypeInfo(family=raw["family"], cameo=str(raw["cameo"]),
                    acled=AcledType(*acled) if acled else None, plover=plover[0], plover_mode=plover[1])


def read_lexicon_file(path: str | Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot read trigger lexicon: {exc}", code="E300") from exc
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: a trigger lexicon is a mapping (types, triggers, weapons…)", code="E300")
    return data


def build_lexicon(datas: Sequence[tuple[str, dict]]) -> Lexicon:
    types: dict[str, TypeInfo] = {}
    raw_rules: list[tuple[str, dict]] = []
    weapons: dict[str, tuple[str, str]] = {}
    sets: dict[str, set[str]] = {k: set() for k in ("firing_verbs", "light_verbs", "speech", "intent", "hostile",
                                                     "denial", "false_markers", "hedges")}
    for path, data in datas:
        for name, raw in (data.get("types") or {}).items():
            try:
                types[name] = _type_info(raw)
            except (KeyError, TypeError) as exc:
                raise DataFileError(f"{path}: type {name}: {exc}", code="E300") from exc
        raw_rules += [(f"{path}: trigger {i + 1}", r) for i, r in enumerate(data.get("triggers") or [])]
        for lemma, raw in (data.get("weapons") or {}).items():
            weapons[str(lemma).lower()] = (raw["weapon"], raw["type"])
        for k in sets:
            sets[k] |= {str(x).lower() for x in data.get(k) or ()}
    rules: dict[str, list[Rule]] = {}
    for where, raw in raw_rules:
        r = _rule(raw, types, where)
        rules.setdefault(r.lemmas[-1], []).append(r)
    phrases: dict[str, list[Rule]] = {}
    for rs in rules.values():
        for r in rs:
            if len(r.lemmas) == 2:
                phrases.setdefault(r.lemmas[0], []).append(r)
    return Lexicon(types=types, rules={k: tuple(v) for k, v in rules.items()},
                   phrases={k: tuple(v) for k, v in phrases.items()}, weapons=weapons,
                   **{k: frozenset(v) for k, v in sets.items()})


@functools.lru_cache(maxsize=4)
def _load(files: tuple[str, ...]) -> Lexicon:
    paths = [str(BUNDLED), *files]
    return build_lexicon([(p, read_lexicon_file(p)) for p in paths])


def load_lexicon(extra_files: Sequence[str | Path] = ()) -> Lexicon:
    env = settings.paths("SITREP_TRIGGERS")
    return _load(tuple(str(f) for f in (*extra_files, *env)))


# --- drafts: events while they are being read ----------------------------------------------------

@dataclass
class Draft:
    type: str
    token: object  # the trigger's head token
    sent_index: int
    para_index: int
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    date: EventDate | None = None
    date_own: bool = False
    location: Place | None = None
    fatalities: int | None = None
    injured: int | None = None
    count: int = 1
    weapon: str | None = None
    certainty: str = "reported"
    claimed_by: str | None = None
    claimed_fatalities: int | None = None
    caused_by: int | None = None  # index into drafts
    cause_marker: bool = False
    evidence: list[tuple[int, int]] = field(default_factory=list)
    definite: bool = False
    reference: bool = False
    last_sent: int = -1
    also: bool = False
    weak: bool = False

    @property
    def start(self) -> int:
        return self.token.idx


# --- matching -----------------------------------------------------------------------------------

def _lemma(tok) -> str:
    return tok.lemma_.lower()


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


# --- suppression: acts that are only said, demanded, intended ----------------------------------

def _governors(tok, limit: int = 6):
    cur, n = tok, 0
    while cur.head != cur and n < limit:
        yield cur, cur.head
        cur, n = cur.head, n + 1


HALTS = {"halt", "suspension", "pause", "moratorium", "end", "stop", "cessation", "truce", "ceasefire"}
REPORTING = {"tell", "ask", "order", "warn", "help", "consider", "fail", "refuse", "avoid"}
REALIZED_NOUNS = {"decision", "move", "order", "step"}


def _is_irrealis(tok, lex: Lexicon) -> bool:
    """The trigger is a demanded/threatened/intended act or a purpose ('to fight ISIS')."""
    if _lemma(tok) in ("protest", "demonstrate") and tok.dep_ in ("advcl", "xcomp") and \
            _lemma(tok.head) not in lex.intent:
        return False  # "blocked roads to protest power cuts": the protest is the act itself
    for child, head in _governors(tok, 3):
        to_inf = any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        if child.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl") and to_inf:
            hl = _lemma(head)
            if hl in ("able", "decide", "agree", "begin", "start", "continue", "manage"):
                return False
            if head.pos_ == "NOUN" and hl in REALIZED_NOUNS:
                return False
            if hl in lex.intent or child.dep_ in ("advcl", "acl") or head.pos_ in ("NOUN", "ADJ"):
                return True
        if child.dep_ == "pobj" and _lemma(head) in ("of", "to", "on", "against") and \
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
                any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might", "will", "may") for c in t.children):
            return True  # "warned that the group would resume attacks"
        if t.dep_ in ("ccomp", "ROOT", "conj"):
            break
    return False


def _negated(tok) -> bool:
    """'No group claimed responsibility', 'did not attack', 'never struck'."""
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


def _manner(tok) -> bool:
    """'stormed the compound in protest at …', 'fought alongside Iran': how or with whom, not an act."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "in" and not any(c.dep_ in ("det", "poss") for c in tok.children):
        return True
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
    tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(tags & {"VBZ", "VBP"}) and not tags & {"VBD"}


def _claimed_by(tok, actors) -> list[str]:
    """'Drone attacks claimed by Yemen's Houthi movement': the claimant of an act named by a noun."""
    for c in tok.children:
        if c.dep_ == "acl" and _lemma(c) == "claim":
            agent = _agent_of_passive(c)
            if agent is not None:
                return np_actors(agent, actors)
    return []


def _claim_context(tok, lex: Lexicon):
    """(speech verb, is_false, is_denied) when the trigger sits inside what someone said."""
    for child, head in _governors(tok, 5):
        lemma = _lemma(head)
        if lemma in lex.denial and child.dep_ in ("ccomp", "xcomp", "dobj", "pcomp", "prep"):
            if child.dep_ == "dobj" and child.pos_ == "NOUN" and child == tok:
                return None, False, False  # "rejected the strike": a verdict on an event, not a denial of it
            return head, False, True
        if child.dep_ in ("ccomp", "xcomp", "dobj", "pcomp", "advcl") and lemma in lex.speech:
            is_false = any(c.lower_ in lex.false_markers for c in head.children)
            return head, is_false, False
    return None, False, False


# --- arguments ----------------------------------------------------------------------------------

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
    appos_tokens = {t.i for c in tok.subtree if c.dep_ == "appos" for t in c.subtree}
    seen_spans = set()
    for t in toks:
        for m in actors.at(t.idx, t.idx + len(t.text)):
            if (m.start, m.end) in seen_spans:
                continue
            seen_spans.add((m.start, m.end))
            if BACKED.match(text[m.end:m.end + 14]):
                continue
            if t.dep_ == "poss" and t.head.lemma_.lower() in ("subordinate", "deputy", "aide", "son", "member",
                                                              "lieutenant", "brother", "ally", "arrival"):
                continue
            if t.dep_ in ("compound", "poss") and _lemma(t.head) in FOLLOWERS and \
                    actors.entry_type(m.actor_id) == "person":
                ids += [x for x in _affiliations(m.actor_id, actors)]  # "Sadr supporters" are his movement
                continue
            if m.kind == "demonym" and t.head.pos_ == "NOUN" and any(
                    x.lemma_.lower() in GENERIC_NOUNS for x in (t.head, *t.head.children) if x != t):
                continue  # "three Iraqi militia leaders" are militiamen, not the state of Iraq
            if t.dep_ == "poss" and t.head.pos_ == "NOUN" and t.head.lemma_.lower() in GENERIC_NOUNS and \
                    actors.entry_type(m.actor_id) == "state":
                ids += actors.resolve_token(t.head)  # "Iraq's militias" are militias, not Iraq
                continue
            (appos_ids if t.i in appos_tokens else ids).append(m.actor_id)
    if appos_ids and any(actors.entry_type(a) == "person" for a in appos_ids):
        return _uniq(appos_ids)
    ids = _uniq(ids + appos_ids)
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
                ids = [a for a in actors.resolve_token(c) if actors.entry_type(a) != "person"]
    base = _singular(tok)
    if not ids and base in CROWDS | {"civilian"}:
        ids = [actors.collective(base, tok.idx, tok.idx + len(tok.text))]
    return ids


REPRESENTATIVES = {"spokesman", "spokesperson", "spokeswoman", "office", "aide", "adviser", "advisor", "envoy",
                   "representative", "delegation", "ministry", "government"}
USERS = {"use", "belong", "operate", "occupy", "hold", "house", "run", "control", "own", "man", "build"}
FOLLOWERS = {"supporter", "follower", "loyalist", "partisan", "militiaman", "fighter", "man", "gunman", "guard"}


def _affiliations(person: str, actors) -> list[str]:
    e = actors.gazetteer.get(person)
    return [x for x in (e.affiliation,) if x] if e else []


def _singular(tok) -> str:
    """A noun's base form, also when the tagger took a capitalised plural for a name ("Protesters")."""
    lemma = _lemma(tok)
    return lemma[:-1] if tok.pos_ == "PROPN" and lemma.endswith("s") else lemma


def _uniq(xs: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(xs))


def _subject(verb):
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c, False
    for c in verb.children:
        if c.dep_ == "nsubjpass":
            return c, True
    return None, any(c.dep_ == "auxpass" for c in verb.children)


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


def _path_to(tok, top):
    """The tokens between ``tok`` and its ancestor ``top`` (all ancestors if ``top`` is not one)."""
    out = []
    for cur in tok.ancestors:
        if cur == top:
            break
        out.append(cur)
    return out


def verb_arguments(verb, actors) -> tuple[list[str], list[str]]:
    subj, passive = _subject(verb)
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
        if subj is not None and subj.lower_ in ("it", "they", "we") and not agents:
            agents = _speaker_of(verb, actors)
        targets = []
        for c in verb.children:
            if c.dep_ in ("dobj", "obj"):
                targets += np_actors(c, actors)
    targets += _prep_targets(verb, actors)
    return agents, targets


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
        if c.dep_ == "prep" and c.lower_ == "with" and _lemma(tok) in ("clash", "fight", "battle", "skirmish"):
            out += [a for g in c.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
        if c.dep_ == "prep" and c.lower_ in ("for", "against") and _lemma(tok) in LEGAL_NOUNS:
            out += [a for g in c.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
        if c.dep_ == "prep" and c.lower_ in ("in", "outside", "near", "at") and _lemma(tok) in UNREST_VERBS:
            out += _owners_of_sites(c, actors)
        if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
            for g in c.children:
                if g.dep_ == "pobj":
                    out += np_actors(g, actors)
        if c.dep_ == "acl" and c.lemma_ in ("target", "hit", "host", "house"):
            for g in c.children:
                if g.dep_ == "dobj":
                    out += np_actors(g, actors)
    return out


def noun_arguments(noun, actors, lex: Lexicon) -> tuple[list[str], list[str]]:
    agents: list[str] = []
    mods = [c for c in noun.children if c.dep_ in ("compound", "amod", "poss", "nmod")]
    for c in mods:
        agents += [a for a in np_actors(c, actors) if not BACKED.match(actors.text[c.idx + len(c.text):][:14])]
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            agents += [a for g in c.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
    if _lemma(noun) in OF_AGENT_NOUNS:
        agents += [a for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj" for a in np_actors(g, actors)]
    targets = _prep_targets(noun, actors)
    if lex.family(_rule_type(noun, lex)) in ("violence", "cooperation"):
        agents += _between(noun, actors)
    head = noun.head
    if noun.dep_ in ("dobj", "obj") and _lemma(head) in lex.light_verbs | {"carry", "launch"}:
        if not agents:
            agents, _ = verb_arguments(head, actors)
        targets += _prep_targets(head, actors)
    elif noun.dep_ in ("nsubj",) and head.pos_ == "VERB":
        for c in head.children:
            if c.dep_ in ("dobj", "obj"):
                targets += np_actors(c, actors)
        targets += _prep_targets(head, actors)
    elif noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and _lemma(head.head) == "target":
        pass
    return _uniq(agents), _uniq(targets)


# --- numbers: fatalities, injured, counts ------------------------------------------------------

def number_of(tok) -> int | None:
    """The number a noun phrase states ("25 militia members", "two soldiers and a civilian")."""
    n = _own_number(tok)
    if n is None or tok.pos_ == "PROPN":
        return n
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ == "NOUN":
            m = _own_number(c)
            if m is not None:
                n += m
    return n


def _own_number(tok) -> int | None:
    for c in tok.children:
        if c.dep_ == "nummod" or (c.dep_ == "det" and c.lower_ in ("a", "an")):
            return _to_int(c)
        if c.dep_ == "quantmod":
            continue
    if tok.like_num or tok.lower_ in NUMBER_WORDS:
        return _to_int(tok)
    if tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON":
        n = 1 + sum(1 for c in tok.children if c.dep_ == "conj" and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON"))
        return n
    return None


def _to_int(tok) -> int | None:
    text = tok.text.replace(",", "").lower()
    if text.isdigit():
        return int(text)
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    return None


def _victims_of(verb) -> list:
    """Who a killing verb or noun affects."""
    out = []
    if verb.pos_ == "NOUN":
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                out += [g for g in c.children if g.dep_ == "pobj"]
        return out
    for c in verb.children:
        if c.dep_ in ("dobj", "obj", "nsubjpass"):
            out.append(c)
        if c.dep_ == "nsubj" and _lemma(verb) in ("die",):
            out.append(c)
    return out


def casualties(sent, lex: Lexicon) -> tuple[list[tuple[object, int | None, bool]], list[tuple[object, int | None]]]:
    """(kill token, number, 'also') and (wound token, number) found in a sentence."""
    killed, wounded = [], []
    for tok in sent:
        lemma = _lemma(tok)
        shot_dead = lemma == "shoot" and any(t.lower_ == "dead" for t in tok.children) or \
            lemma == "shoot" and any(t.lower_ == "dead" for c in tok.children if c.dep_ == "dobj" for t in c.children)
        if (lemma in KILL or shot_dead) and tok.pos_ in ("VERB", "NOUN", "ADJ"):
            victims = _victims_of(tok)
            n = None
            for v in victims:
                n = number_of(v)
                if n is None:
                    for c in v.children:
                        if c.dep_ == "prep" and c.lower_ == "of":
                            continue
                if n is not None:
                    break
            if lemma == "dead" and n is None:
                n = next((_to_int(c) for c in tok.head.children if c.dep_ == "nummod"), None)
            also = any(c.lower_ == "also" for c in tok.children)
            killed.append((tok, n, also))
        elif lemma in WOUND and tok.pos_ in ("VERB", "NOUN"):
            n = next((number_of(v) for v in _victims_of(tok) if number_of(v) is not None), None)
            wounded.append((tok, n))
    return killed, wounded


# --- places and dates -----------------------------------------------------------------------------

def _sentence_places(sent, places, actors) -> list:
    if places is None:
        return []
    found = places.find(sent.text, offset=sent.start_char)
    out = []
    doc = sent.doc
    for pm in found:
        span = doc.char_span(pm.start, pm.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        prep = head.head if head.dep_ == "pobj" else None
        if head.dep_ in ("compound", "amod") and head.head.dep_ == "pobj":
            prep = head.head.head
        locative = getattr(pm, "locative", False) or (prep is not None and prep.lower_ in LOCATIVE)
        if head.dep_ == "poss":
            locative = False  # "on Iran's behalf"
        if not locative and _in_parentheses(actors.text, pm) and head.head.dep_ == "pobj":
            locative = True  # "in Zayouna (Baghdad)"
        party = [m for m in actors.at(pm.start, pm.end) if m.kind in ("metonym",)]
        if party:
            continue
        if any(m.start <= pm.start and pm.end <= m.end and m.end - m.start > pm.end - pm.start
               for m in actors.at(pm.start, pm.end)):
            continue  # "Islamic Resistance in Iraq" names a group, not a place
        if head.dep_ in ("dobj", "pobj") and pm.place.precision == "site":
            locative = True  # "stormed the US embassy in Baghdad": the target is the place
        if not locative and pm.place.precision in ("country",) and \
                any(m.start <= pm.start and m.end >= pm.end for m in actors.at(pm.start, pm.end)):
            continue
        out.append((pm, head, locative))
    return out


def _is_party(pm, d: Draft, actors) -> bool:
    """A place name that is one of the event's parties ("designated … by the United States")."""
    ids = set(d.actors) | set(d.targets)
    return any(m.actor_id in ids for m in actors.at(pm.start, pm.end)) and pm.place.precision == "country"


def _elsewhere(t) -> bool:
    """A token that opens talk of another event or clause ("in retaliation for …", "after …", "who …")."""
    if t.lower_ in SEPARATORS or _lemma(t) in SEPARATORS:
        return True
    return t.dep_ in ("advcl", "ccomp", "relcl", "conj") and t.pos_ in ("VERB", "AUX")


def _in_parentheses(text: str, pm) -> bool:
    return text[:pm.start].rstrip().endswith("(") and text[pm.end:].lstrip().startswith(")")


def _pick_place(trigger, candidates, lex: Lexicon) -> Place | None:
    """The most specific place said of this trigger: in its own phrase, or on the verb whose
    argument it is ("the US carried out a strike … near the border"), not on a speech verb."""
    if not candidates:
        return None
    rank = {"site": 5, "city": 4, "admin1": 3, "region": 2, "country": 1}
    scope = {t.i for t in trigger.subtree if not any(_elsewhere(a) for a in [t, *_path_to(t, trigger)] if a != trigger)}
    head = trigger.head
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and \
            head.pos_ == "VERB" and _lemma(head) not in lex.speech | lex.denial | CONDEMN_VERBS:
        scope |= {t.i for c in head.children if c.dep_ in ("prep", "advmod", "npadvmod") for t in c.subtree}
    pool = [c for c in candidates if c[2] and c[1].i in scope]
    if not pool:
        return None
    pool.sort(key=lambda c: (-rank.get(c[0].place.precision, 0), abs(c[1].i - trigger.i)))
    return pool[0][0].place


def _sentence_dates(sent, timeline, ents) -> list[tuple[object, EventDate]]:
    out = []
    for ent in (e for e in ents if sent.start <= e.start and e.end <= sent.end):
        if ent.label_ not in ("DATE", "TIME"):
            continue
        d = timeline.resolve(ent.text) if timeline is not None else None
        if d is not None:
            out.append((ent, d))
    return out


PRECISE = {"day": 0, "month": 1, "range": 2, "year": 3}


def _pick_date(trigger, dated) -> EventDate | None:
    """The date said of this trigger: one in its own phrase or on its clause (the most precise
    of those), else the nearest in the sentence."""
    if not dated:
        return None
    clause = {trigger.i} | {t.i for t in trigger.ancestors}
    own = {t.i for t in trigger.subtree if not any(_elsewhere(a) for a in [t, *_path_to(t, trigger)] if a != trigger)}
    attached = [(e, d) for e, d in dated
                if e.root.i in own or e.root.head.i in clause or e.root.head.head.i in clause]
    if attached:
        return min(attached, key=lambda x: (PRECISE.get(x[1].precision, 4), abs(x[0].start - trigger.i)))[1]
    return min(dated, key=lambda x: abs(x[0].start - trigger.i))[1]


# --- the stage ------------------------------------------------------------------------------------

def find_events(doc, article: Article, actors, lex: Lexicon, places=None, dateline: Place | None = None) -> list[Event]:
    """Every event of a parsed article, with arguments, date, place, figures and evidence.

    ``dateline`` (the place a wire report is filed from) locates first-paragraph events that
    name no place of their own."""
    from .dates import Timeline

    timeline = Timeline(article.published)
    drafts: list[Draft] = []
    para = 0
    prev_end = 0
    speakers: dict[int, list[str]] = {}
    sent_dates: dict[int, list] = {}
    sents = list(doc.sents)
    for si, sent in enumerate(sents):
        gap = actors.text[prev_end:sent.start_char] + sent.text[:len(sent.text) - len(sent.text.lstrip())]
        if "\n" in gap:
            para += 1
            timeline.new_paragraph()
            if _after_excluded(sent.start_char, article.excluded):
                timeline.reset()
        prev_end = sent.start_char + len(sent.text.rstrip())
        if not sent.text.strip() or _inside(sent.start_char, sent.end_char, article.excluded):
            continue
        dated = _sentence_dates(sent, timeline, actors.ents)
        sent_dates[si] = dated
        speakers[si] = _speakers(sent, actors, lex)
        sent_drafts = _read_sentence(sent, si, para, actors, lex, places, dated, timeline)
        drafts += sent_drafts
    _carry_casualties(drafts, sents, lex, actors)
    _resolve_quotes(drafts, sents, speakers, actors)
    drafts = _statements(drafts, sents, speakers, actors, lex, sent_dates)
    drafts = _corefer(drafts, lex, actors.side)
    _no_casualties(drafts, sents, lex, actors)
    _inherit(drafts, lex)
    _inherit_targets(drafts, lex)
    _crowds_address_the_state(drafts, actors)
    _states_act(drafts, actors)
    if dateline is not None and dateline.country in THEATRE:
        for d in drafts:
            if d.location is None and d.para_index <= 1 and lex.family(d.type) in ("violence", "unrest", "legal"):
                d.location = dateline
    _main_place(drafts, doc, places, lex, dateline)
    _aim_at_attackers(drafts, lex)
    _link_causes(drafts, lex, actors)
    _no_cycles(drafts)
    return _finish(drafts, doc, lex)


def _after_excluded(offset: int, excluded) -> bool:
    return any(0 <= offset - e < 4 for _, e in excluded)


def _inside(start: int, end: int, excluded) -> bool:
    return any(s <= start and end <= e for s, e in excluded)


def _read_sentence(sent, si, para, actors, lex, places, dated, timeline) -> list[Draft]:
    matches = match_triggers(sent, lex)
    for tok in sent:
        ftype = _firing(tok, lex)
        if ftype and not any(t == tok for t, _ in matches):
            matches.append((tok, Rule(lemmas=(_lemma(tok),), pos=frozenset({"VERB"}), type=ftype)))
    candidates = _sentence_places(sent, places, actors)
    killed, wounded = casualties(sent, lex)
    out: list[Draft] = []
    for tok, rule in matches:
        if rule.weak and any(not r.weak and lex.family(r.type) == "violence" for _, r in matches):
            continue
        if _is_irrealis(tok, lex) and rule.type not in ("threat", "demand", "condemnation"):
            continue
        if _is_generic(tok) and not dated:
            continue
        if _negated(tok) or _characterization(tok) or _manner(tok):
            continue
        if tok.dep_ == "compound":
            continue  # "protest leader", "arrest warrant": a modifier, not an act of its own
        if rule.weak and tok.dep_ in ("acl", "amod", "relcl") and tok.tag_ == "VBN":
            continue  # "the first troops killed by hostile fire": a description, not an event

        speech, is_false, denied = _claim_context(tok, lex)
        if is_false and lex.family(rule.type) != "statement":
            continue  # a falsely claimed act is not an event; the claim is (see _statements)
        etype, weapon = _refine(tok, rule, lex)
        if rule.type != etype or weapon is None:
            pass
        if tok.pos_ == "NOUN" or tok.pos_ == "PROPN":
            agents, targets = noun_arguments(tok, actors, lex)
        else:
            agents, targets = verb_arguments(tok, actors)
        if etype == "demand":
            targets += _embedded_subject_targets(tok, actors)
        if etype == "threat" or rule.needs_hostile:
            targets += _hostile_targets(tok, actors, lex)
        targets = [t for t in _uniq(targets) if t not in agents]
        d = Draft(type=etype, token=tok, sent_index=si, para_index=para, actors=_uniq(agents),
                  targets=targets, weapon=weapon, weak=rule.weak)
        d.evidence.append((sent.start_char, sent.end_char))
        d.definite = _definite(tok)
        d.also = False
        own = _reference_date(tok, dated) if _in_temporal_phrase(tok) else _pick_date(tok, dated)
        d.date, d.date_own = (own, True) if own else (timeline.anchor if timeline else None, False)
        d.reference = _in_temporal_phrase(tok)
        usable = [c for c in candidates if not _is_party(c[0], d, actors)]
        d.location = _pick_place(tok, usable, lex) or \
            (None if d.reference or d.definite or rule.weak else _sole_place(usable))
        if tok.pos_ == "NOUN" and tok.tag_ == "NNS":
            n = next((_to_int(c) for c in tok.children if c.dep_ == "nummod"), None)
            if n and n > 1:
                d.count = n
        if speech is not None and not denied and _lemma(speech) in ("claim", "allege"):
            d.certainty = "claimed"
            sp = verb_arguments(speech, actors)[0]
            d.claimed_by = sp[0] if sp else None
            if not d.actors and (any(_lemma(c) == "responsibility" for c in speech.children) or
                                 (tok.head == speech and tok.dep_ == "dobj")):
                d.actors = list(sp)
        elif denied:
            d.certainty = "denied"
            sp = verb_arguments(speech, actors)[0]
            d.claimed_by = sp[0] if sp else None
            if not d.actors and sp and not d.definite:
                d.actors = sp  # "X denied carrying out an attack": X is the one said to have done it
        if any(t.lower_ in lex.hedges for t in tok.head.children) or any(t.lower_ in lex.hedges for t in tok.children):
            d.certainty = "claimed"
        claimants = _claimed_by(tok, actors) if tok.pos_ == "NOUN" else []
        if claimants:
            d.certainty, d.claimed_by = "claimed", claimants[0]
            d.actors = _uniq(d.actors + claimants)
        d.cause_marker = bool(CAUSE_MARKERS.search(sent.text)) and _cause_near(sent, tok)
        out.append(d)
    for d in out:
        _retype(d, sent, lex, actors, places)
        if d.type == "protest" and not d.actors and not (d.definite or d.reference):  # "protests erupted"
            d.actors = [actors.collective("protester", d.token.idx, d.token.idx + len(d.token.text))]
    out = _merge_sentence(out, lex)
    _assign_casualties(out, killed, wounded, lex, actors)
    return out


TEMPORAL = {"after", "before", "following", "since", "amid"}
CAUSES = {"response", "retaliation", "revenge", "reprisal", "retaliate", "avenge", "answer"}


def _in_temporal_phrase(tok) -> bool:
    """'… a day after a rocket attack on Camp Taji killed …': dated by its own telling, not here."""
    for t in [tok, *list(tok.ancestors)[:4]]:
        if t != tok and t.lower_ in TEMPORAL and t.dep_ in ("prep", "mark", "advmod"):
            return True
        if t != tok and _lemma(t) in CAUSES:
            return True  # "in response to the bombing": the bombing is told elsewhere
        if t.pos_ == "VERB" or t.pos_ == "AUX":
            return _time_marked(t) and t.dep_ != "ROOT"
    return False


def _time_marked(verb) -> bool:
    """A clause introduced by 'after', 'before' … ('a day after a rocket attack killed …')."""
    for c in verb.children:
        if c.dep_ == "mark" and c.lower_ in TEMPORAL:
            return True
        if c.dep_ == "npadvmod" and any(g.dep_ == "prep" and g.lower_ in TEMPORAL for g in c.children):
            return True
    return False


def _reference_date(tok, dated) -> EventDate | None:
    """The date written inside the phrase that mentions an earlier event ("after … last month")."""
    scope = tok
    for t in tok.ancestors:
        scope = t
        if t.lower_ in TEMPORAL or _lemma(t) in CAUSES:
            break
    inside = {t.i for t in scope.subtree}
    own = [(e, d) for e, d in dated if e.root.i in inside]
    return own[0][1] if own else None


QUANTITIES = {"hundred", "thousand", "dozen", "score", "million", "hundreds", "thousands", "dozens", "scores"}
PARTITIVES = {"many", "some", "all", "one", "two", "three", "four", "five", "most", "several", "dozens", "hundreds",
              "crowd", "group", "members", "member", "each", "none", "both", "few", "part", "thousands", "scores"}
CROWDS = {"protester", "demonstrator", "crowd", "mourner", "rioter", "protestor", "marcher"}


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


def _cause_near(sent, tok) -> bool:
    m = CAUSE_MARKERS.search(sent.text)
    if not m:
        return False
    marker_at = sent.start_char + m.start()
    return marker_at < tok.idx or abs(marker_at - tok.idx) < 80


def _definite(tok) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in tok.children)


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
            if c.dep_ in ("dobj", "pobj") and c != t:
                out += np_actors(c, actors)
    return out


CONDEMN_VERBS = {"condemn", "denounce", "criticize", "criticise", "blame", "accuse", "deny", "reject"}
STATEMENT_VERBS = {"claim", "allege", "announce", "declare", "assert", "reject", "deny", "dismiss", "refute"}
SEPARATORS = {"after", "before", "following", "since", "until", "amid", "despite", "like", "unlike",
              "than", "recalled", "recall", "follow", "revenge", "retaliation", "response", "reprisal",
              "answer", "avenge", "blame", "responsible", "accuse", "mark"}


def _separator(t) -> bool:
    if t.lower_ in SEPARATORS or _lemma(t) in SEPARATORS:
        return True
    return any(c.dep_ in ("mark", "prep", "advmod") and c.lower_ in SEPARATORS for c in t.children) or \
        (t.pos_ in ("VERB", "AUX") and _time_marked(t))


def _separated(a, b) -> bool:
    """One trigger sits in a temporal or causal phrase about the other ("a day after a rocket attack")."""
    for x, y in ((a, b), (b, a)):
        for t in [x, *x.ancestors]:
            if t == y or y in t.subtree:
                break
            if _separator(t) and t != x:
                return True
            if t == x and (any(c.dep_ == "mark" and c.lower_ in SEPARATORS for c in t.children) or
                           (t.pos_ in ("VERB", "AUX") and _time_marked(t))):
                return True
    return False


def _merge_sentence(drafts: list[Draft], lex: Lexicon) -> list[Draft]:
    """Violent triggers of one sentence that describe one act ("the killing of ... in a rocket attack")."""
    out: list[Draft] = []
    for d in drafts:
        fam = lex.family(d.type)
        host = next((o for o in out if lex.family(o.type) == fam == "violence" and _compatible(o, d)
                     and not _separated(o.token, d.token)), None)
        if host is None:
            host = next((o for o in out if o.type == d.type and fam != "violence" and _compatible(o, d)
                         and _same_clause_chain(o.token, d.token)), None)
        if host is None:
            out.append(d)
            continue
        if SPECIFIC.get(d.type, 0) > SPECIFIC.get(host.type, 0):
            host.type, host.token = d.type, d.token
        host.actors = _uniq(host.actors + d.actors)
        host.targets = _uniq([t for t in host.targets + d.targets if t not in host.actors])
        host.weapon = host.weapon or d.weapon
        host.location = host.location or d.location
        host.count = max(host.count, d.count)
        host.cause_marker = host.cause_marker or d.cause_marker
    return out


def _same_clause_chain(a, b) -> bool:
    return a.head == b or b.head == a or (a.dep_ == "conj" and a.head == b) or (b.dep_ == "conj" and b.head == a)


SPECIFIC_PLACES = ("site", "city")


def _compatible(a: Draft, b: Draft, sides=None) -> bool:
    """Two drafts can be one event: no disjoint agents, no two different towns or sites."""
    if a.actors and b.actors and not _overlap(a.actors, b.actors, sides):
        return False
    if a.location and b.location and a.location.name != b.location.name and \
            a.location.precision in SPECIFIC_PLACES and b.location.precision in SPECIFIC_PLACES:
        return False
    return True


def _overlap(a: Sequence[str], b: Sequence[str], sides=None) -> bool:
    if set(a) & set(b):
        return True
    return bool(sides and {sides(x) for x in a} & {sides(x) for x in b})


def _assign_casualties(drafts: list[Draft], killed, wounded, lex: Lexicon, actors) -> None:
    violent = [d for d in drafts if lex.family(d.type) in ("violence", "unrest")]
    if not violent:
        return
    for tok, n, also in killed:
        d = _owner(violent, tok)
        if _separated(d.token, tok):
            continue  # "the strikes were a response to the deaths of three soldiers"
        if not d.targets:
            d.targets = [a for v in _victims_of(tok) for a in np_actors(v, actors) if a not in d.actors]
        named = _named_victims(tok, actors)
        if named and (n is None or (n < named and all(v.pos_ == "PROPN" for v in _victims_of(tok)))):
            n = named
        if n is None:
            continue
        d.fatalities = (d.fatalities or 0) + n if d.fatalities is not None else n
        d.also = d.also or also
    for tok, n in wounded:
        d = _owner(violent, tok)
        if _separated(d.token, tok):
            continue
        if not d.targets:
            d.targets = [a for v in _victims_of(tok) for a in np_actors(v, actors) if a not in d.actors]
        if n is not None:
            d.injured = (d.injured or 0) + n


def _nearest(drafts: list[Draft], tok) -> Draft:
    return min(drafts, key=lambda d: abs(d.token.i - tok.i))


def _owner(drafts: list[Draft], tok) -> Draft:
    """The event a casualty word belongs to: itself, the trigger that governs it, else the nearest."""
    for test in (lambda d: d.token == tok, lambda d: d.token.head == tok, lambda d: tok.head == d.token):
        for d in drafts:
            if test(d):
                return d
    governing = [d for d in drafts if tok in d.token.subtree]
    if governing:
        return min(governing, key=lambda d: len(list(d.token.subtree)))
    return _nearest(drafts, tok)


def _named_victims(tok, actors) -> int:
    """Persons the gazetteer knows among the victims ("killed Soleimani … and al-Muhandis")."""
    ids = set()
    for v in _victims_of(tok):
        for t in v.subtree:
            for m in actors.at(t.idx, t.idx + len(t.text)):
                if actors.entry_type(m.actor_id) == "person" and t.dep_ != "poss":
                    ids.add(m.actor_id)
    return len(ids)


def _speakers(sent, actors, lex) -> list[str]:
    for tok in sent:
        if _lemma(tok) in lex.speech and tok.pos_ == "VERB" and tok.tag_ != "VBG":
            agents = verb_arguments(tok, actors)[0]
            if agents:
                return agents
    return []


def _resolve_quotes(drafts: list[Draft], sents, speakers: dict[int, list[str]], actors) -> None:
    """'We condemn…' inside a quote: the speaker is whoever the nearby attribution names."""
    for d in drafts:
        if d.actors:
            continue
        subj, _ = _subject(d.token) if d.token.pos_ == "VERB" else (None, False)
        if subj is None or subj.lower_ not in ("we", "i", "us"):
            continue
        for k in (d.sent_index, d.sent_index + 1, d.sent_index - 1, d.sent_index + 2):
            if speakers.get(k):
                d.actors = list(speakers[k])
                break


CONDEMNING = {"unacceptable", "violation", "aggression", "outrageous", "heinous", "crime", "criminal", "illegal",
              "blatant", "cowardly", "provocation", "provocative", "reckless", "barbaric", "terrorism", "flagrant",
              "irresponsible", "unjustified", "assault", "infringement", "breach"}
THREATENING = {"punish", "unanswered", "avenge", "revenge", "retaliate", "retaliation", "respond", "price",
               "consequence", "regret", "crush", "destroy", "eliminate", "expel", "strike", "hit", "target"}


def _content(tok) -> list:
    """What a speech verb reports: its clausal complement, or the quotation that follows."""
    return [c for c in tok.children if c.dep_ in ("ccomp", "xcomp", "acomp", "oprd", "dobj")]


def _speech_act(tok, lex: Lexicon) -> str | None:
    """'said X would be punished' is a threat; 'said the decision was unacceptable' a condemnation."""
    content = [t for c in _content(tok) for t in c.subtree]
    if not content:
        return None
    lemmas = {_lemma(t) for t in content} | {t.lower_ for t in content}
    future = any(t.lower_ in ("will", "would", "shall") or t.lemma_ in ("going",) for t in content)
    if future and lemmas & THREATENING:
        return "threat"
    if lemmas & CONDEMNING:
        return "condemnation"
    return None


def _speaker_sides(agents: list[str], actors, verb=None) -> set[str]:
    """The speaker and the organisations it speaks for (a spokesman's group: "Houthi military
    spokesman Yahya Saree", or the gazetteer's affiliation)."""
    sides = set(agents)
    subj = _subject(verb)[0] if verb is not None else None
    if subj is not None:
        sides |= {m.actor_id for t in subj.subtree for m in actors.at(t.idx, t.idx + len(t.text))}
    for a in agents:
        e = actors.gazetteer.get(a)
        if e is not None:
            sides |= {x for x in (e.affiliation, e.parent) if x}
    return sides


def _statements(drafts: list[Draft], sents, speakers, actors, lex: Lexicon, sent_dates=None) -> list[Draft]:
    """Speech acts: threats and condemnations made by saying, claims of responsibility ("the group
    said it had launched …"), claims of fact ("X falsely claimed that …") and statements."""
    out = list(drafts)
    sent_dates = sent_dates or {}
    for si, sent in enumerate(sents):
        for tok in sent:
            lemma = _lemma(tok)
            if lemma not in lex.speech | lex.denial or tok.pos_ != "VERB" or tok.tag_ == "VBG":
                continue
            if tok.dep_ in ("acl", "amod", "advcl") and lemma != "claim":
                continue
            agents = verb_arguments(tok, actors)[0]
            if not agents or _negated(tok):
                continue
            d = _speech_draft(tok, si, sent, sents, agents, drafts, out, actors, lex)
            if d is not None:
                own = _pick_date(tok, sent_dates.get(si, []))
                prior = [x for x in out if x.sent_index <= si and x.date is not None]
                d.date = own or (prior[-1].date if prior else None)
                d.date_own = own is not None
                d.para_index = _para_of(out, si)
                out.append(d)
    out.sort(key=lambda d: (d.token.idx))
    return out


def _speech_draft(tok, si, sent, sents, agents, drafts, out, actors, lex: Lexicon) -> Draft | None:
    lemma = _lemma(tok)
    is_false = any(c.lower_ in lex.false_markers for c in tok.children)
    is_claim = lemma in ("claim", "allege")
    act = None if is_false else _speech_act(tok, lex)
    same = [d for d in drafts if d.sent_index == si]
    near = [d for d in out if abs(d.sent_index - si) <= 1 and set(d.actors) & set(agents)
            and lex.family(d.type) in ("coercive_speech", "statement")]
    own_acts = [d for d in same if d.token in tok.subtree and lex.family(d.type) == "violence"
                and set(d.actors) & _speaker_sides(agents, actors, tok)]
    if lemma in lex.denial:
        d = Draft(type="statement", token=tok, sent_index=si, para_index=0, actors=list(agents))
        d.evidence.append(_quote_span(sent, sents, si))
        return d  # "AAH denied any role in the attack": a statement; the attack keeps its own certainty
    if near and not is_false:
        return None  # a speech act already read ("claimed responsibility for …")
    d = Draft(type="statement", token=tok, sent_index=si, para_index=0, actors=list(agents))
    d.evidence.append(_quote_span(sent, sents, si))
    if own_acts and not is_false:
        d.type = "claim_responsibility"  # "the group said it had launched 10 drones"
        d.actors = _uniq(list(agents) + own_acts[0].actors)
        d.targets = list(own_acts[0].targets)
        for a in own_acts:
            a.certainty, a.claimed_by = "claimed", agents[0]
        return d
    if act:
        d.type = act
        d.targets = [t for t in _claimed_targets(tok, actors, agents) if t not in agents]
        return d
    if same and not is_false:
        return None  # attribution of an event ("the Pentagon said the strikes killed …")
    if lemma not in STATEMENT_VERBS and not (lemma in ("say", "state", "tell") and actors.gazetteer.get(agents[0])):
        return None
    if is_false or is_claim:
        d.certainty = "false" if is_false else "claimed"
        d.claimed_by = agents[0]
        killed, _ = casualties(sent, lex)
        d.claimed_fatalities = next((n for _, n, _ in killed if n is not None), None)
        d.targets = _claimed_targets(tok, actors, agents)
    elif lemma in ("say", "state", "tell") and not _content(tok):
        return None
    elif lemma in ("say", "state", "tell") and any(_lemma(t) in KILL | WOUND | {"casualty", "damage"}
                                                    for c in _content(tok) for t in c.subtree):
        return None  # "no one was hurt, police said": a report about an act, not a statement
    return d


def _claimed_targets(tok, actors, agents) -> list[str]:
    out = []
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp"):
            for t in c.subtree:
                if t.dep_ in ("dobj", "nsubjpass", "nsubj") and t.lower_ not in ("it", "they", "we", "he", "she"):
                    out += np_actors(t, actors)
    return [t for t in _uniq(out) if t not in agents]


def _para_of(drafts, si) -> int:
    prior = [d.para_index for d in drafts if d.sent_index <= si]
    return prior[-1] if prior else 0


def _quote_span(sent, sents, si) -> tuple[int, int]:
    """A statement's evidence: its sentence, extended over a quotation that runs on."""
    end = sent.end_char
    text = sent.text
    if text.count("“") > text.count("”") or text.count('"') % 2 == 1:
        for nxt in sents[si + 1:si + 4]:
            end = nxt.end_char
            if "”" in nxt.text or '"' in nxt.text:
                break
    return sent.start_char, end


def _anaphoric(d: Draft) -> bool:
    """A mention that points back: "the strike", "this attack", "their responsibility in launching"."""
    if d.definite or d.weak or d.reference:
        return True
    return any(_lemma(a) == "responsibility" for a in d.token.ancestors)


def _antecedent(d: Draft, out: list[Draft], lex: Lexicon, sides) -> Draft | None:
    """The event a later mention names: the nearest sharing a party, else a very near one."""
    fam = lex.family(d.type)
    near = None
    for o in reversed(out):
        gap = d.sent_index - max(o.sent_index, o.last_sent)
        if gap < 0 or (gap == 0 and (o.token.i >= d.token.i or _separated(o.token, d.token))) or \
                lex.family(o.type) != fam or not _compatible(o, d, sides):
            continue
        if fam != "violence" and o.type != d.type:
            continue
        shared = _overlap(o.targets, d.targets) or _overlap(o.actors, d.actors, sides)
        if shared and (gap <= 25 or (o.type == d.type and fam != "violence" and gap <= 60)):
            return o
        if near is None and (gap <= 3 or (gap <= 8 and not d.actors and not d.targets)):
            near = o
    return near


def _date_own(d: Draft) -> bool:
    return d.date_own


def _continuation(d: Draft, out: list[Draft], lex: Lexicon, sides) -> Draft | None:
    """The next sentence telling more of the same attack ("Missiles … hit two vehicles …")."""
    if lex.family(d.type) != "violence" or d.cause_marker or not out:
        return None
    o = out[-1]
    if lex.family(o.type) != "violence" or not 0 < d.sent_index - max(o.sent_index, o.last_sent) <= 1:
        return None
    if o.date_own and d.date_own and not _same_time(o.date, d.date):
        return None
    if d.type != o.type and "attack" not in (d.type, o.type):
        return None
    if not _compatible(o, d, sides) or (d.actors and not o.actors and not o.targets):
        return None
    return o


def _same_time(a: EventDate | None, b: EventDate | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.start or "")[:len(b.start or "")] == (b.start or "")[:len(a.start or "")]


def _repeat(d: Draft, out: list[Draft], lex: Lexicon, sides) -> Draft | None:
    """The same act told twice in a row ("… decided to withdraw. Trump's decision to pull out …",
    "Security forces detained a member of AAH … The suspect was arrested on Thursday")."""
    if lex.family(d.type) == "violence":
        return None
    for o in reversed(out):
        if d.sent_index - max(o.sent_index, o.last_sent) > 3:
            break
        if o.type != d.type or o.sent_index >= d.sent_index:
            continue
        if d.date_own and o.date_own and not _same_time(o.date, d.date):
            continue
        if d.actors and _overlap(o.actors, d.actors, sides) and not d.date_own:
            return o
        if not d.actors and (not d.targets or _overlap(o.targets, d.targets)) and _definite_subject(d.token):
            return o
    return None


def _definite_subject(tok) -> bool:
    """'The suspect was arrested …': the patient is someone already spoken of."""
    subj = [c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj", "dobj")]
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for s in subj for c in s.children)


def _corefer(drafts: list[Draft], lex: Lexicon, sides=None) -> list[Draft]:
    """Fold later mentions of an event ("the assault", "the strikes") into the event they name."""
    out: list[Draft] = []
    for d in drafts:
        host = _antecedent(d, out, lex, sides) if _anaphoric(d) else None
        if host is not None and d.date_own and not _same_time(host.date, d.date):
            host = None
        host = host or _repeat(d, out, lex, sides) or _continuation(d, out, lex, sides)
        if host is not None and host.date_own is False and d.date_own:
            host.date, host.date_own = d.date, True
        if host is None:
            if _anaphoric(d) and not (d.actors or d.targets or d.date_own or d.fatalities or
                                      (d.location and d.location.precision != "country")):
                continue  # "the assault" with nothing to add and nothing to point back to
            out.append(d)
            continue
        if host.date is not None and not _date_own(host) and d.date_own:
            host.date, host.date_own = d.date, True
        if SPECIFIC.get(d.type, 0) > SPECIFIC.get(host.type, 0):
            host.type = d.type
        if d.certainty == "reported":  # a denier or claimant is not thereby a party to the act
            host.actors = _uniq(host.actors + [a for a in d.actors if a not in host.targets])
        host.targets = _uniq(host.targets + [t for t in d.targets if t not in host.actors])
        if d.fatalities is not None:
            host.fatalities = (host.fatalities or 0) + d.fatalities if d.also and host.fatalities else \
                (host.fatalities if host.fatalities is not None else d.fatalities)
        host.injured = host.injured if host.injured is not None else d.injured
        host.evidence += [e for e in d.evidence if e not in host.evidence]
        host.location = host.location or d.location
        host.weapon = host.weapon or d.weapon
        host.last_sent = max(host.last_sent, d.sent_index)
    return out


def _carry_casualties(drafts: list[Draft], sents, lex: Lexicon, actors) -> None:
    """'… threw a grenade at the party office. Two guards were wounded.': figures told in the next
    sentence, with no act of their own, belong to the act just told."""
    by_sent = {d.sent_index for d in drafts if lex.family(d.type) in ("violence", "unrest")}
    for si, sent in enumerate(sents):
        if si in by_sent or si == 0:
            continue
        prior = [d for d in drafts if d.sent_index == si - 1 and lex.family(d.type) in ("violence", "unrest")]
        if not prior:
            continue
        killed, wounded = casualties(sent, lex)
        d = prior[-1]
        if d.reference or d.definite:
            continue  # only figures of an act just told, not of one merely mentioned
        for tok, n, _ in killed:
            if _claim_context(tok, lex)[0] is not None or _is_irrealis(tok, lex):
                continue  # "officials falsely claimed that the strikes killed 80": no figure of fact
            if n is not None and d.fatalities is None:
                d.fatalities = n
                d.evidence.append((sent.start_char, sent.end_char))
        for tok, n in wounded:
            if _claim_context(tok, lex)[0] is not None or _is_irrealis(tok, lex):
                continue
            if n is not None and d.injured is None:
                d.injured = n
                d.evidence.append((sent.start_char, sent.end_char))


def _no_casualties(drafts: list[Draft], sents, lex: Lexicon, actors=None) -> None:
    """'No casualties were reported' sets 0 on the latest violent event that has no figure."""
    for si, sent in enumerate(sents):
        if not NONE_KILLED.search(sent.text):
            continue
        prior = [d for d in drafts if lex.family(d.type) == "violence" and 0 <= si - d.sent_index <= 3
                 and d.certainty == "reported" and not d.reference]
        named = {m.actor_id for m in actors.in_span(sent.start_char, sent.end_char)} if actors else set()
        aimed = [d for d in prior if named & set(d.targets)] or prior
        if aimed and aimed[-1].fatalities is None:
            aimed[-1].fatalities = 0


def _inherit(drafts: list[Draft], lex: Lexicon) -> None:
    """Events of one paragraph and family share a place the text gives only once."""
    for i, d in enumerate(drafts):
        if d.location is not None:
            continue
        for o in reversed(drafts[:i]):
            if o.para_index != d.para_index:
                break
            if lex.family(o.type) == lex.family(d.type) and o.location is not None:
                d.location = o.location
                break


def _aim_at_attackers(drafts: list[Draft], lex: Lexicon) -> None:
    """A threat or condemnation with no named target answers the latest attack on the speaker, or
    the attack it names ("condemned the strikes")."""
    for i, d in enumerate(drafts):
        if lex.family(d.type) != "coercive_speech" or d.targets or not d.actors:
            continue
        names_event = any(c.dep_ in ("dobj", "pobj") and lex.rules.get(_lemma(c)) for c in d.token.subtree)
        window = 25 if names_event else 4
        for o in reversed(drafts[:i]):
            if d.sent_index - o.sent_index > window:
                break
            if lex.family(o.type) == "violence" and o.actors and \
                    (set(o.targets) & set(d.actors) or d.type == "condemnation"):
                d.targets = [a for a in o.actors if a not in d.actors]
                break


def _link_causes(drafts: list[Draft], lex: Lexicon, actors) -> None:
    for i, d in enumerate(drafts):
        if not d.cause_marker:
            continue
        same = [j for j in range(i) if drafts[j].sent_index == d.sent_index
                and lex.family(drafts[j].type) == "violence" and drafts[j].token.i > d.token.i]
        later_same = [j for j in range(i + 1, len(drafts)) if drafts[j].sent_index == d.sent_index
                      and lex.family(drafts[j].type) == "violence"]
        if later_same:
            d.caused_by = later_same[0]
            continue
        cands = [j for j in range(i) if lex.family(drafts[j].type) in ("violence", "unrest")
                 and d.sent_index - drafts[j].sent_index <= 6 and j not in same]
        hit = [j for j in cands if set(drafts[j].targets) & set(d.actors)] or cands
        if hit:
            d.caused_by = hit[-1]


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


def _sole_place(candidates) -> Place | None:
    """The one town or site a sentence names, whatever its grammar ("IS seized Mosul")."""
    specific = {c[0].place.name: c[0].place for c in candidates if c[0].place.precision in ("site", "city")}
    return next(iter(specific.values())) if len(specific) == 1 else None


def _main_place(drafts: list[Draft], doc, places, lex: Lexicon, dateline: Place | None = None) -> None:
    """Unrest and violence that name no place happen where the article happens: the one town or
    province it names most (and at least twice, a dateline counting once), when it names one clearly."""
    if places is None:
        return
    counts: dict[str, list] = {}
    if dateline is not None and dateline.precision in ("city", "admin1", "site"):
        counts[dateline.name] = [dateline]
    for pm in places.find(doc.text):
        if pm.place.precision in ("city", "admin1", "site"):
            counts.setdefault(pm.place.name, []).append(pm.place)
    ranked = sorted(counts.values(), key=len, reverse=True)
    if not ranked or len(ranked[0]) < 2 or (len(ranked) > 1 and len(ranked[1]) == len(ranked[0])):
        return
    main = ranked[0][0]
    for d in drafts:
        if d.location is None and lex.family(d.type) in ("violence", "unrest", "legal") and not d.reference:
            d.location = main


def _inherit_targets(drafts: list[Draft], lex: Lexicon) -> None:
    """Unrest told over a paragraph: the breach and the tear gas concern the crowd's first target."""
    for i, d in enumerate(drafts):
        if d.targets or lex.family(d.type) != "unrest" or d.type == "repression":
            continue
        for o in reversed(drafts[:i]):
            if o.para_index != d.para_index:
                break
            if lex.family(o.type) == "unrest" and o.targets:
                d.targets = list(o.targets)
                break


def _no_cycles(drafts: list[Draft]) -> None:
    """An event cannot answer one that answers it: keep the earlier-told cause, drop the loop."""
    for i, d in enumerate(drafts):
        seen, j = {i}, d.caused_by
        while j is not None and 0 <= j < len(drafts):
            if j in seen:
                d.caused_by = None
                break
            seen.add(j)
            j = drafts[j].caused_by


def _finish(drafts: list[Draft], doc, lex: Lexicon) -> list[Event]:
    ids = {id(d): f"e{i + 1}" for i, d in enumerate(drafts)}
    events = []
    text = doc.text
    for i, d in enumerate(drafts):
        info = lex.types[d.type]
        caused = ids.get(id(drafts[d.caused_by])) if d.caused_by is not None and d.caused_by < len(drafts) else None
        fatalities = d.fatalities if d.certainty != "false" else None
        events.append(Event(
            id=ids[id(d)], type=d.type, cameo=info.cameo, acled=info.acled,
            actors=tuple(d.actors), targets=tuple(d.targets), date=d.date, location=d.location,
            fatalities=fatalities, injured=d.injured, count=d.count, weapon=d.weapon,
            certainty=d.certainty, claimed_by=d.claimed_by, caused_by=caused if caused != ids[id(d)] else None,
            evidence=tuple(Evidence(text=text[s:e].strip(), start=s + _lstrip(text[s:e]), end=s + _lstrip(text[s:e]) + len(text[s:e].strip()))
                           for s, e in sorted(set(d.evidence))),
            trigger=d.token.text, plover=info.plover, claimed_fatalities=d.claimed_fatalities,
        ))
    return events


def _lstrip(s: str) -> int:
    return len(s) - len(s.lstrip())
