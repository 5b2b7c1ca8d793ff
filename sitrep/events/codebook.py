"""Codebook typing: the event type after its arguments are known (force against a crowd is
repression, a targeted killing of a named person an assassination, …), and the ACLED event
and sub-event type decided from the type, the agents, the targets, the means and the intent
(``acled_type``; cue words in ``data/codebook.yaml``, extended through ``$SITREP_CODEBOOK``).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span

from .. import settings
from ..datafiles import read_yaml_mapping
from ..errors import DataFileError
from ..participants import load_participants
from ..records import AcledType
from .arguments import CROWDS
from .casualties import KILL
from .drafts import TARGET_PREPS, Draft, _lemma, _singular, sent_of
from .lexicon import Lexicon
from .triggers import _objects


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
    remote = d.type in lex.types and lex.types[d.type].acled is not None and \
        lex.types[d.type].acled.event_type == "Explosions/Remote violence"
    if not remote and any(_crowd(o) or _protesting(o) for o in objs):
        d.type = "repression"  # force against a crowd, or against people protesting ("beat women protesting")
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


PROTEST_VERBS = {"protest", "demonstrate", "rally", "march", "gather"}


def _crowd(tok) -> bool:
    """A crowd in the protest sense: "protesters", "a crowd"; but "a crowd of mourners" is the
    mourners (civilians), judged by what it is a crowd of."""
    if _singular(tok) not in CROWDS:
        return False
    of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return not of or any(_crowd(g) or _protesting(g) for g in of)


def _protesting(tok) -> bool:
    """People described as protesting: "women protesting outside the ministry"."""
    return any(c.dep_ in ("acl", "relcl") and _lemma(c) in PROTEST_VERBS for c in tok.children)


def _place_object(tok, places=None) -> bool:
    """The act's object is a place: "seized Mosul", "took control of Rutshuru"."""
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    objs += [g for o in objs if o.lemma_.lower() in ("control", "hold", "possession")
             for p in o.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    for c in objs:
        if c.ent_type_ in ("GPE", "LOC", "FAC") or c.lemma_.lower() in ("town", "city", "village", "district"):
            return True
        if places is not None and c.pos_ == "PROPN" and _named_place(c, places):
            return True
    return False


def _named_place(tok, places) -> bool:
    """``places``: a gazetteer (looked up by name) or the article's place mentions (offsets)."""
    if hasattr(places, "lookup"):
        return places.lookup(tok.text) is not None
    return any(pm.start <= tok.idx < pm.end for pm in places)


# --- ACLED typing -------------------------------------------------------------------------------
#
# The ACLED event type and sub-event type of an event, decided once from the event's type, the
# types of its agents and targets, the things it hit, its means and its intent (ACLED codebook,
# 2023: "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
# "Riots", "Strategic developments").  ``acled_type`` is a pure function of :class:`CodingFacts`;
# ``code_events`` reads the facts of each draft from its sentence and sets ``Draft.acled``.

CODEBOOK = Path(__file__).resolve().parent.parent / "data" / "codebook.yaml"
ARMED_TYPES = frozenset({"state_military", "armed_group", "coalition", "state"})
STATE_TYPES = frozenset({"state", "state_military", "government"})
CROWD_IDS = frozenset({"protesters", "rioters"})

BATTLE = AcledType("Battles", "Armed clash")
GOVERNMENT_REGAINS = AcledType("Battles", "Government regains territory")
NON_STATE_OVERTAKES = AcledType("Battles", "Non-state actor overtakes territory")
CHEMICAL = AcledType("Explosions/Remote violence", "Chemical weapon")
AIR_STRIKE = AcledType("Explosions/Remote violence", "Air/drone strike")
SUICIDE_BOMB = AcledType("Explosions/Remote violence", "Suicide bomb")
SHELLING = AcledType("Explosions/Remote violence", "Shelling/artillery/missile attack")
GRENADE = AcledType("Explosions/Remote violence", "Grenade")
REMOTE_EXPLOSIVE = AcledType("Explosions/Remote violence", "Remote explosive/landmine/IED")
SEXUAL_VIOLENCE = AcledType("Violence against civilians", "Sexual violence")
CIVILIAN_ATTACK = AcledType("Violence against civilians", "Attack")
ABDUCTION = AcledType("Violence against civilians", "Abduction/forced disappearance")
PEACEFUL_PROTEST = AcledType("Protests", "Peaceful protest")
PROTEST_WITH_INTERVENTION = AcledType("Protests", "Protest with intervention")
EXCESSIVE_FORCE = AcledType("Protests", "Excessive force against protesters")
VIOLENT_DEMONSTRATION = AcledType("Riots", "Violent demonstration")
MOB_VIOLENCE = AcledType("Riots", "Mob violence")
ARRESTS = AcledType("Strategic developments", "Arrests")
AGREEMENT = AcledType("Strategic developments", "Agreement")
OTHER_DEVELOPMENT = AcledType("Strategic developments", "Other")
PROPERTY_DESTRUCTION = AcledType("Strategic developments", "Looting/property destruction")
DESTROYING = {"loot", "burn", "torch", "set", "ransack", "raze", "plunder", "pillage", "vandalize", "vandalise"}


@dataclass(frozen=True)
class CodingFacts:
    """What ACLED typing looks at.  ``agents``/``targets``: actor types (``civilians``,
    ``armed_group`` …); ``sites``: ``armed``/``civilian`` for things hit ("a checkpoint", "a
    market"); ``means``: cue names of ``data/codebook.yaml`` found around the trigger
    (``suicide``, ``grenade``, ``lethal_force``, ``mob``, ``territory`` …, and ``crowd`` when
    protesters take part); ``intent``: ``hostile``, ``accident`` or ``crime``."""
    type: str
    family: str
    agents: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    sites: frozenset[str] = frozenset()
    means: frozenset[str] = frozenset()
    weapon: str | None = None
    intent: str = "hostile"


def acled_type(f: CodingFacts) -> AcledType | None:
    """The ACLED (event type, sub-event type) of an event, or None where ACLED codes none.

    Rules, in order (ACLED codebook 2023, by section):
    - political violence needs an agent with hostile intent: accidents, disasters and ordinary
      crime are not coded;
    - demonstrations: a protest met with lethal force is "Excessive force against protesters",
      with other force "Protest with intervention", else "Peaceful protest"; a violent one is
      a riot: "Mob violence" for a crowd acting without a demonstration, else "Violent
      demonstration";
    - strategic developments: arrests, agreements, and other non-violent acts of armed actors;
    - explosions and remote violence are typed by their means, whoever they hit: chemical
      weapon, air/drone strike, suicide bomb, shelling/artillery/missile, grenade, remote
      explosive/landmine/IED;
    - sexual violence and abduction are violence against civilians;
    - taking ground: "Government regains territory" for state forces, "Non-state actor
      overtakes territory" for others;
    - a clash is a battle, whoever dies in it; other violence is a battle ("Armed clash") when
      it is aimed at an armed, organised side (military, police, an armed group, a state's
      forces, a checkpoint or base), and violence
      against civilians ("Attack") when aimed at civilians or civilian places; an attack with
      neither named is a battle when state forces carry it out, else an attack on civilians.
    """
    if f.intent != "hostile" and f.family in ("violence", "unrest"):
        return None
    if f.type == "protest":
        if "lethal_force" in f.means:
            return EXCESSIVE_FORCE
        return PROTEST_WITH_INTERVENTION if "intervention" in f.means else PEACEFUL_PROTEST
    if f.type == "riot":
        return MOB_VIOLENCE if "mob" in f.means and "crowd" not in f.means else VIOLENT_DEMONSTRATION
    if f.type == "repression":
        return EXCESSIVE_FORCE if "lethal_force" in f.means else PROTEST_WITH_INTERVENTION
    if f.type == "arrest":
        return ARRESTS
    if f.type == "agreement":
        return AGREEMENT
    if f.type in ("legal_action", "sanction", "military_posture", "withdrawal"):
        return OTHER_DEVELOPMENT
    if f.family != "violence":
        return None
    if "mob" in f.means and f.agents <= {"civilians"}:
        return MOB_VIOLENCE
    if "destruction" in f.means and not f.targets & ({"civilians", "person"} | ARMED_TYPES):
        return PROPERTY_DESTRUCTION  # armed men burning or looting, no one named as hurt
    if "chemical" in f.means:
        return CHEMICAL
    if f.type == "air_strike":
        return AIR_STRIKE
    if "suicide" in f.means:
        return SUICIDE_BOMB
    if f.type == "shelling":
        return SHELLING
    if "grenade" in f.means:
        return GRENADE
    if f.type == "bombing":
        return REMOTE_EXPLOSIVE
    if "sexual" in f.means:
        return SEXUAL_VIOLENCE
    if f.type == "abduction":
        return ABDUCTION
    if "territory" in f.means:
        return GOVERNMENT_REGAINS if f.agents & STATE_TYPES else NON_STATE_OVERTAKES
    if f.targets & (ARMED_TYPES - {"state"}) or f.type == "armed_clash":
        return BATTLE  # a clash is fought between armed sides, whoever dies in it
    if "civilians" in f.targets or "person" in f.targets or "civilian" in f.sites:
        return CIVILIAN_ATTACK  # "settlers attacked Palestinian homes": the homes, not the state
    if "armed" in f.sites or "state" in f.targets:
        return BATTLE
    return BATTLE if f.agents & STATE_TYPES else CIVILIAN_ATTACK


@dataclass(frozen=True)
class Cues:
    """The word lists of ``data/codebook.yaml``: name -> phrases (tuples of lemmas)."""
    lists: dict[str, frozenset[tuple[str, ...]]]

    def found(self, name: str, tokens, nouns_only: bool = False) -> bool:
        """Whether a phrase of list ``name`` occurs among ``tokens`` (a sentence, or tokens of one
        sentence; lemma or word form); with ``nouns_only`` one of its words must be a noun ("a
        storm", "a fire broke out", not "stormed the gate", "planted a bomb").  Every list is
        matched against a sentence once; later questions about it are lookups."""
        if not self.lists.get(name):
            return False
        if isinstance(tokens, Span):  # a sentence
            sent, allowed = tokens, None
        else:
            toks = list(tokens)
            if not toks:
                return False
            sent, allowed = sent_of(toks[0]), {t.i for t in toks}
        doc = sent.doc
        for a, b in self._matches(sent).get(name, ()):
            if allowed is not None and any(j not in allowed for j in range(a, b)):
                continue
            if nouns_only and not any(doc[j].pos_ in ("NOUN", "PROPN") for j in range(a, b)):
                continue
            return True
        return False

    def _matches(self, sent) -> dict[str, list[tuple[int, int]]]:
        """Every list's phrases in a sentence: name -> [(first token index, end index)]."""
        key = ("sitrep_cue_matches", sent.start, sent.end)
        cached = sent.doc.user_data.get(key)
        if cached is not None:
            return cached
        toks, forms = _forms(sent)
        firsts = self._firsts()
        found: dict[str, list[tuple[int, int]]] = {}
        for i, (lemma, low) in enumerate(forms):
            for name, p in firsts.get(lemma, ()) + (firsts.get(low, ()) if low != lemma else ()):
                if all(i + k < len(forms) and p[k] in forms[i + k] for k in range(1, len(p))):
                    found.setdefault(name, []).append((toks[i].i, toks[i].i + len(p)))
        sent.doc.user_data[key] = found
        return found

    def _firsts(self) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
        """(list name, phrase) by the phrase's first word, over every list (built once)."""
        cache = self.__dict__.get("_by_first")
        if cache is None:
            by: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
            for name, phrases in self.lists.items():
                for p in phrases:
                    by.setdefault(p[0], []).append((name, p))
            cache = {k: tuple(v) for k, v in by.items()}
            object.__setattr__(self, "_by_first", cache)
        return cache


def _forms(tokens) -> tuple[list, list[tuple[str, str]]]:
    """Tokens with their (lemma, lower-case form); for a sentence or span, read once per doc."""
    if not isinstance(tokens, Span):
        toks = list(tokens)
        return toks, [(_lemma(t), t.lower_) for t in toks]
    key = ("sitrep_cue_forms", tokens.start, tokens.end)
    cached = tokens.doc.user_data.get(key)
    if cached is None:
        toks = list(tokens)
        cached = tokens.doc.user_data[key] = (toks, [(_lemma(t), t.lower_) for t in toks])
    return cached


def read_cue_file(path: str | Path) -> dict[str, frozenset[tuple[str, ...]]]:
    data = read_yaml_mapping(path, "codebook cues", "a mapping of list names to word lists")
    out = {}
    for name, words in data.items():
        if name == "version":
            continue
        if not isinstance(words, list) or any(isinstance(w, (bool, dict, list)) for w in words):
            raise DataFileError(f"{path}: {name}: expected a list of words", code="E300")
        out[str(name)] = frozenset(tuple(str(w).lower().split()) for w in words if str(w).strip())
    return out


@functools.lru_cache(maxsize=4)
def _load_cues(files: tuple[str, ...]) -> Cues:
    lists: dict[str, frozenset[tuple[str, ...]]] = {}
    for path in (str(CODEBOOK), *files):
        for name, phrases in read_cue_file(path).items():
            lists[name] = lists.get(name, frozenset()) | phrases
    return Cues(lists)


def load_cues(extra_files=()) -> Cues:
    """The bundled cues plus ``extra_files`` and ``$SITREP_CODEBOOK``."""
    return _load_cues(tuple(str(f) for f in (*extra_files, *settings.paths("SITREP_CODEBOOK"))))


def _aim(tok) -> list:
    """The tokens that say what a trigger was aimed at: its own phrase and the objects and
    prepositional phrases of the verb it is the object or subject of."""
    out = list(tok.subtree)
    head = tok.head
    if tok.pos_ in ("NOUN", "PROPN") and head.pos_ in ("VERB", "AUX") and tok.dep_ in ("dobj", "nsubj", "nsubjpass"):
        out += [t for c in head.children if c.dep_ in ("dobj", "prep", "nsubjpass") and c != tok for t in c.subtree]
    return out


def _sites(tok, cues: Cues) -> frozenset[str]:
    aim = _aim(tok)
    found = set()
    if cues.found("civilian_sites", aim):
        found.add("civilian")
    if cues.found("armed_sites", aim):
        found.add("armed")
    return frozenset(found)


def _intent(d: Draft, sent, family: str, actors, cues: Cues) -> str:
    if family not in ("violence", "unrest"):
        return "hostile"
    if cues.found("disaster", sent, nouns_only=True):
        return "accident"
    named_armed = any(actors.entry_type(a) in ARMED_TYPES | {"government"} and actors.gazetteer.get(a) is not None
                      for a in (*d.actors, *d.targets))
    harmless = d.weapon is None or d.weapon == "tear gas"  # "gas" names tear gas in the lexicon
    if not d.actors and harmless and (cues.found("accident", [t for t in sent if not _gunfire(t, cues)]) or
                                              (d.type == "bombing" and cues.found("industrial_sites", sent, nouns_only=True))):
        return "accident"
    if cues.found("crime", _doers_and_motives(d.token)) and not named_armed and not cues.found("mob", sent):
        return "crime"
    return "hostile"


def _gunfire(tok, cues: Cues | None = None) -> bool:
    """'fire' told of shooting ("opened fire", "came under fire", "fire on the convoy", "sniper
    fire": a shooter or weapon word before it, ``gunfire_modifiers`` of the codebook) or of arson
    ("set it on fire", "set fire to"), not a blaze that broke out."""
    if tok.lower_ not in ("fire", "fires"):
        return False
    if cues is not None and cues.found("gunfire_modifiers", [c for c in tok.children
                                                            if c.dep_ in ("compound", "amod", "nmod")]):
        return True
    head = tok.head.lemma_.lower()
    return tok.pos_ == "VERB" or head in ("open", "under", "return", "exchange", "hold", "cease", "set") or \
        (head == "on" and tok.head.head.lemma_.lower() == "set") or \
        any(c.dep_ == "prep" and c.lower_ in ("on", "at", "upon") for c in tok.children)


def _doers_and_motives(tok) -> list:
    """Tokens that say who did an act and why: its subject or 'by' phrase (also of the verb whose
    object or subject it is), and phrases of occasion ("during a robbery", "over drug money").
    Crime words there make ordinary crime; on the victims ("two suspected robbers") they do not."""
    heads = [tok] + ([tok.head] if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "conj") else [])
    out = []
    for h in heads:
        for c in h.children:
            if c.dep_ in ("nsubj", "agent") or (c.dep_ == "prep" and c.lower_ in ("during", "in", "amid", "over", "after")):
                out += list(c.subtree)
        if h.dep_ == "acl":  # "a shopkeeper killed by robbers"
            out += [t for c in h.children if c.dep_ == "agent" for t in c.subtree]
    return out


MEANS = ("suicide", "grenade", "chemical", "sexual", "mob", "lethal_force", "intervention", "riot_conduct")


def coding_facts(d: Draft, lex: Lexicon, actors, cues: Cues, places=None) -> CodingFacts:
    """The facts of a draft, read from its arguments and its sentence."""
    sent = sent_of(d.token)
    family = lex.family(d.type)
    means = {m for m in MEANS if cues.found(m, sent)}
    if "grenade" in means and cues.found("not_grenade", sent):
        means.discard("grenade")
    if cues.found("territory", sorted([d.token, *d.token.children], key=lambda t: t.i)) and \
            _place_object(d.token, places):
        means.add("territory")
    if set(d.actors) & CROWD_IDS or set(d.targets) & CROWD_IDS:
        means.add("crowd")
    return CodingFacts(type=d.type, family=family,
                       agents=frozenset(actors.entry_type(a) for a in d.actors),
                       targets=frozenset(actors.entry_type(a) for a in d.targets),
                       sites=_sites(d.token, cues), means=frozenset(means), weapon=d.weapon,
                       intent=_intent(d, sent, family, actors, cues))


def code_events(drafts: list[Draft], lex: Lexicon, actors, cues: Cues | None = None, places=None) -> list[Draft]:
    """Set every draft's ACLED type; drop what is not political violence (accidents,
    disasters, ordinary crime).  A demonstration takes the force used on it from the repression told with it,
    and becomes a riot when the crowd itself turns violent ("protesters burned tyres")."""
    cues = cues or load_cues()
    for d in drafts:
        _means_named_elsewhere(d, lex)
    facts = [coding_facts(d, lex, actors, cues, places) for d in drafts]
    out = []
    for i, (d, f) in enumerate(zip(drafts, facts)):
        if f.intent in ("accident", "crime") and f.family in ("violence", "unrest"):
            continue  # no political agent or intent: outside what sitrep (and ACLED) codes
        if _raid_for_arrest(d, drafts):
            continue  # "police raided a house and arrested three": the raid is how the arrest was made
        if d.type == "protest":
            f = _demonstration(d, f, drafts, facts, i)
            d.type = f.type
        elif f.family == "violence" and f.means & {"suicide", "grenade"} and d.type in ("attack", "armed_clash"):
            d.type = "bombing"  # "a suicide bomber blew himself up …, killing three": a bombing
            f = CodingFacts(**{**f.__dict__, "type": "bombing"})
        elif d.type == "riot" and _armed_men(d.token) and "crowd" not in f.means:
            d.type = "attack"  # "masked gunmen stormed the offices": armed men storming attack, they do not riot
            means = f.means | ({"destruction"} if _lemma(d.token) in DESTROYING else set())
            f = CodingFacts(**{**f.__dict__, "type": "attack", "family": "violence", "means": means})
        elif f.family == "violence" and set(d.actors) & CROWD_IDS and not f.means & {"suicide", "grenade"}:
            d.type = "riot"  # "protesters clashed with police": a violent demonstration
            means = f.means if _demonstrating(sent_of(d.token)) else (f.means - {"crowd"}) | {"mob"}
            f = CodingFacts(**{**f.__dict__, "type": "riot", "family": "unrest", "means": means})
        d.acled = acled_type(f)
        d.acled_coded = True
        out.append(d)
    return out


RAIDS = {"raid", "storm", "search", "swoop"}


def _raid_for_arrest(d: Draft, drafts: list[Draft]) -> bool:
    """A raid or storming with no one killed or hurt, told in one sentence with an arrest or an
    abduction by the same doers (or by unnamed ones): that is the event (ACLED codes such an
    operation as the arrest or abduction), the raid its manner."""
    if _lemma(d.token) not in RAIDS or d.fatalities or d.injured:
        return False
    return any(o is not d and o.type in ("arrest", "abduction") and o.sent_index == d.sent_index and
               (not o.actors or not d.actors or set(o.actors) & set(d.actors)) for o in drafts)


def _demonstrating(sent) -> bool:
    """The sentence tells of a demonstration (a crowd without one that attacks is a mob)."""
    return any(_lemma(t) in PROTEST_VERBS | {"protester", "demonstrator", "demonstration", "rally", "protestor",
                                            "sit-in", "march"} for t in sent)


def _armed_men(tok) -> bool:
    """The act's doers are named as armed men ("gunmen", "militants", "armed men"), not a crowd."""
    kinds = load_participants()
    subjects = [c for c in tok.children if c.dep_ == "nsubj"] or \
        ([c for c in tok.head.children if c.dep_ == "nsubj"] if tok.dep_ == "conj" else [])
    return any((k := kinds.kind_of(s)) is not None and k.type == "armed_group" for s in subjects)


CASUALTY_TRIGGERS = {"kill", "die", "dead", "wound", "injure", "killing", "death"}


def _means_named_elsewhere(d: Draft, lex: Lexicon) -> None:
    """A killing told with its means in another phrase ("15 were killed when a car bomb ripped
    through a market"): the means' type and weapon.  Only for an act read from a casualty word
    whose type names no means yet."""
    if d.type != "attack" or d.weapon is not None or _lemma(d.token) not in CASUALTY_TRIGGERS:
        return
    for t in sent_of(d.token):
        hit = lex.weapons.get(_lemma(t)) or lex.weapons.get(t.lower_)
        if t.i + 1 < len(t.doc):
            hit = lex.weapons.get(f"{t.lower_} {t.doc[t.i + 1].lower_}") or hit
        if hit and hit[1] not in ("repression", "attack"):
            d.type, d.weapon = hit[1], hit[0]
            return


def _demonstration(d: Draft, f: CodingFacts, drafts: list[Draft], facts: list[CodingFacts], i: int) -> CodingFacts:
    """A protest's facts with the force used on it; a riot when violent conduct is told with it."""
    means = set(f.means)
    if "riot_conduct" in means:
        return CodingFacts(**{**f.__dict__, "type": "riot", "family": "unrest"})
    force = set()
    for o, g in zip(drafts, facts):
        if o is d or abs(o.sent_index - d.sent_index) > 1:
            continue
        if o.type == "repression" or (g.family == "violence" and set(o.targets) & set(d.actors)):
            force.add("intervention")
            if "lethal_force" in g.means or o.fatalities:
                force.add("lethal_force")
    if "intervention" in means:
        force.add("intervention")
    if "lethal_force" in means and "intervention" in force:
        force.add("lethal_force")
    return CodingFacts(**{**f.__dict__, "means": frozenset((means - {"intervention", "lethal_force"}) | force)})
