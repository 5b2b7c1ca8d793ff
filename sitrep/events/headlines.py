"""Headlines: a shallow reading of headline-style sentences whose parse gives no event.

Wire headlines drop articles and auxiliaries and put verbs in the present ("Rockets near
Baghdad airport kill soldiers", "More than 100 die as forces battle militants"); the
statistical parser, trained on running prose, often tags their verbs as nouns and loses the
event.  For such a sentence (no closing stop, at most ``MAX_TOKENS`` tokens) that produced
no violent event, this module reads the words themselves: a violent trigger word of the
lexicon in any part of speech, the weapon words around it for the type, a number next to a
killing word for the dead, named actors before the trigger as agents and after it as targets
("by X" makes X an agent).
"""
from __future__ import annotations

from ..participants import load_participants, participant
from .drafts import NUMBER_WORDS, Draft, _lemma, doc_text, span_text
from .lexicon import Lexicon

MAX_TOKENS = 30
KILLING = {"kill", "kills", "killed", "killing", "die", "dies", "died", "dead", "death", "deaths", "slay", "slain"}
WOUNDING = {"wound", "wounds", "wounded", "injure", "injures", "injured", "hurt"}
PASSIVE_FORMS = {"killed", "wounded", "injured", "hurt", "die", "dies", "died", "dead", "slain"}
VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "several": 3}


def is_headline(sent) -> bool:
    """A sentence set as a headline: short, with no closing full stop."""
    text = span_text(sent).strip()
    return bool(text) and text[-1] not in ".!?;:" and len(sent) <= MAX_TOKENS


def _trigger(sent, lex: Lexicon):
    """The first word whose lemma (or form) a violent rule of the lexicon names, whatever the
    tagger made of it; killing words count when nothing else does."""
    weak = None
    for tok in sent:
        if _weapon_word(tok, lex):
            continue  # "roadside bomb": the means, not the act
        for key in (_lemma(tok), tok.lower_):
            rules = [r for r in lex.rules.get(key, ()) if len(r.lemmas) == 1 and lex.family(r.type) == "violence"
                     and not _conditional(r)]
            rules = [r for r in rules if tok.pos_ in r.pos] or rules
            if rules:
                if not rules[0].weak:
                    return tok, rules[0].type
                weak = weak or (tok, rules[0].type)
        if weak is None and tok.lower_ in KILLING | WOUNDING:
            weak = (tok, "attack")
    if weak:
        return weak
    for tok in sent:  # "Toll in Baghdad suicide bomb reaches 19": the means names the act
        hit = _weapon_word(tok, lex)
        if hit and hit[1] in ("bombing", "shelling", "air_strike") and tok.pos_ in ("NOUN", "PROPN"):
            return tok, hit[1]
    return None, None


def _conditional(rule) -> bool:
    """A rule that fires only with a given subject or object ("fall" with rockets): the
    shallow reading cannot check that, so it does not use it."""
    return bool(rule.needs or rule.needs_subject or rule.needs_prep or rule.needs_actor_object or
                rule.needs_person_object or rule.needs_owner or rule.needs_hostile)


def _weapon_word(tok, lex: Lexicon) -> tuple[str, str] | None:
    low = tok.lower_
    return lex.weapons.get(_lemma(tok)) or lex.weapons.get(low) or \
        (lex.weapons.get(low[:-1]) if low.endswith("s") else None)


def _weapon(sent, lex: Lexicon) -> tuple[str, str] | None:
    for i, tok in enumerate(sent):
        two = f"{tok.lower_} {sent[i + 1].lower_}" if i + 1 < len(sent) else ""
        hit = lex.weapons.get(two) or _weapon_word(tok, lex)
        if hit and hit[1] != "repression":
            return hit
    return None


def _locative(doc, start: int) -> bool:
    """A name used as a place: after "in", "near", "across" …, or owning a place ("Iraq's Anbar")."""
    before = doc_text(doc)[max(0, start - 12):start].lower().split()
    return bool(before) and before[-1] in ("in", "near", "across", "outside", "inside", "at", "from", "into", "of",
                                           "northern", "southern", "eastern", "western", "central", "north",
                                           "south", "east", "west", "northeastern", "northwestern",
                                           "southeastern", "southwestern")


def _number(tok) -> int | None:
    text = tok.text.replace(",", "").lower()
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text) or VAGUE.get(text)


def _figure(sent, at: int, words: set[str]) -> int | None:
    """The number told with a killing (wounding) word: right after it ("kill 19", "kill at
    least 60") or before it ("100 die", "seven killed")."""
    toks = list(sent)
    for k, tok in enumerate(toks):
        if tok.lower_ not in words:
            continue
        after = [t for t in toks[k + 1:k + 4] if t.lower_ not in ("at", "least", "more", "than", "some", "about")]
        if after and _number(after[0]) is not None:
            return _number(after[0])
        for t in reversed(toks[max(0, k - 6):k]):
            n = _number(t)
            if n is not None:
                return n
    return None


def headline_drafts(sent, si: int, para: int, actors, lex: Lexicon) -> list[Draft]:
    """At most one violent draft for a headline-style sentence; [] when it names no violence."""
    tok, etype = _trigger(sent, lex)
    if tok is None:
        return []
    weapon = _weapon(sent, lex)
    if weapon is not None and etype in ("attack", "armed_clash"):
        etype = weapon[1]
    by = next((t.i for t in sent if t.lower_ == "by" and t.i > tok.i), None)
    passive = tok.lower_ in PASSIVE_FORMS
    agents, targets = [], []

    def place(actor_ids, at_i: int) -> None:
        before = at_i < tok.i
        after_by = by is not None and at_i > by
        side = (agents if after_by or not before else targets) if passive else (agents if before else targets)
        side += [a for a in actor_ids if a not in agents + targets]

    doc = sent.doc
    for m in actors.in_span(sent.start_char, sent.end_char):
        if actors.entry_type(m.actor_id) == "state" and (_locative(doc, m.start) or doc_text(doc)[m.end:m.end + 2] in ("'s", "’s")):
            continue  # "killed in Iraq", "Iraq's Anbar": a place here, not a party
        if m.kind == "demonym":
            continue  # "Iranian refugees": the people are the party, their country goes with them
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        place([m.actor_id], span.start if span is not None else tok.i)
    lexicon = load_participants()
    for t in sent:
        named = [c for c in t.children if c.dep_ in ("compound", "amod", "poss") and actors.at(c.idx, c.idx + len(c.text))
                 and not any(m.kind == "demonym" for m in actors.at(c.idx, c.idx + len(c.text)))]
        if t.i != tok.i and not named and lexicon.kind_of(t) is not None and not actors.at(t.idx, t.idx + len(t.text)):
            place(participant(t, actors, lexicon), t.i)
    d = Draft(type=etype, token=tok, sent_index=si, para_index=para, actors=agents,
              targets=[t for t in targets if t not in agents], weapon=weapon[0] if weapon else None, weak=True)
    d.evidence.append((sent.start_char, sent.end_char))
    d.fatalities = _figure(sent, tok.i, KILLING)
    d.injured = _figure(sent, tok.i, WOUNDING)
    return [d]
