"""Events: who did what to whom, when, where, with how many dead.

``find_events`` is ``match`` then ``annotate`` then ``link``:

1. match: trigger words of the lexicon (``data/triggers.yaml``) in each sentence, refined by
   weapon modifiers ("rocket attack" -> shelling) and filtered: acts that are only demanded,
   threatened, intended or falsely claimed are not events of their own (before matching, two
   misparses around long names are set right on the parse: :mod:`.repair`);
2. annotate: arguments from the dependency parse (agent, targets), place, date (through
   :class:`sitrep.dates.Timeline`), fatalities/injured, count, weapon and certainty;
3. link: mentions of one event ("the strike", "the assault also killed ...") are folded into
   the event they refer to, retaliation is linked with ``caused_by``, and each event gets
   its codes (CAMEO, ACLED, PLOVER).
"""
from __future__ import annotations

from ..participants import unlisted
from ..places import THEATRE
from ..records import Article, Event, Evidence, Place
from .arguments import (  # noqa: F401 - used by sitrep.relations
    BACKED,
    _agent_of_passive,
    _crowds_address_the_state,
    _embedded_subject_targets,
    _hostile_targets,
    _states_act,
    fallen_to,
    noun_arguments,
    np_actors,
    recipients,
    verb_arguments,
)
from .casualties import _assign_casualties, _carry_casualties, _no_casualties, _to_int, casualties
from .causes import (CAUSE_MARKERS, _cause_near, _link_causes, _no_cycles, carry_cause_phrases, cause_phrase,
                     cause_ref, mark_cause_phrases)
from .codebook import _crowd, _retype, code_events
from .coreference import _corefer, _inherit, _inherit_targets, _merge_sentence
from .drafts import (SPECIFIC, Draft, _definite, _lemma, _singular, _subject, _uniq, doc_text, sent_of, sentences,
                     span_text)
from .headlines import headline_drafts, is_headline
from .lexicon import BUNDLED, Lexicon, Rule, TypeInfo, build_lexicon, load_lexicon, read_lexicon_file  # noqa: F401
from .location import _is_party, _main_place, _pick_place, _sentence_places, _sole_place
from .modality import (
    ACCUSE,
    _characterization,
    _claim_context,
    _claimed_by,
    _is_generic,
    _is_irrealis,
    _manner,
    _negated,
    accused_of,
)
from .repair import repair_parse
from .scope import _in_temporal_phrase
from .speech import _aim_at_attackers, _resolve_quotes, _speakers, _statements
from .timing import _pick_date, _reference_date, _sentence_dates, untold_date
from .triggers import _firing, _refine, match_triggers

__all__ = ["find_events", "load_lexicon", "build_lexicon", "read_lexicon_file", "BUNDLED", "Lexicon", "Rule",
           "TypeInfo", "match_triggers", "verb_arguments", "noun_arguments", "np_actors", "casualties", "BACKED"]



def find_events(doc, article: Article, actors, lex: Lexicon, places=None, dateline: Place | None = None,
                place_mentions=None) -> list[Event]:
    """Every event of a parsed article, with arguments, date, place, figures and evidence.

    ``dateline`` (the place a wire report is filed from) locates first-paragraph events that
    name no place of their own; ``place_mentions``: the article's place mentions when the caller
    has found them already (else they are found here)."""
    from ..dates import Timeline

    timeline = Timeline(article.published, text=article.text)
    repair_parse(doc, lex)  # misparses around long names, set right on the parse (events.repair)
    found = place_mentions if place_mentions is not None else \
        (places.find(doc_text(doc)) if places is not None else None)  # the article's place mentions, read once
    drafts: list[Draft] = []
    para = 0
    prev_end = 0
    speakers: dict[int, list[str]] = {}
    sent_dates: dict[int, list] = {}
    sents = sentences(doc)
    for si, sent in enumerate(sents):
        gap = actors.text[prev_end:sent.start_char] + span_text(sent)[:len(span_text(sent)) - len(span_text(sent).lstrip())]
        if "\n" in gap:
            para += 1
            timeline.new_paragraph()
            if _after_excluded(sent.start_char, article.excluded):
                timeline.reset()
        prev_end = sent.start_char + len(span_text(sent).rstrip())
        if not span_text(sent).strip() or _inside(sent.start_char, sent.end_char, article.excluded):
            continue
        dated = _sentence_dates(sent, timeline, actors.ents)
        sent_dates[si] = dated
        speakers[si] = _speakers(sent, actors, lex)
        sent_drafts = _read_sentence(sent, si, para, actors, lex, places, dated, timeline, found)
        drafts += sent_drafts
    _carry_casualties(drafts, sents, lex, actors)
    _resolve_quotes(drafts, sents, speakers, actors)
    drafts = _statements(drafts, sents, speakers, actors, lex, sent_dates, report=timeline.report_date())
    mark_cause_phrases(drafts, sents, lex)
    told = list(drafts)
    drafts = _corefer(drafts, lex, actors.side, named=lambda a: actors.gazetteer.get(a) is not None)
    carry_cause_phrases(told, drafts)
    _no_casualties(drafts, sents, lex, actors)
    _inherit(drafts, lex)
    _inherit_targets(drafts, lex)
    _crowds_address_the_state(drafts, actors)
    _states_act(drafts, actors)
    if dateline is not None and dateline.country in THEATRE:
        for d in drafts:
            if d.location is None and d.para_index <= 1 and lex.family(d.type) in ("violence", "unrest", "legal"):
                d.location = dateline
    _main_place(drafts, doc, places, lex, dateline, mentions=found)
    _aim_at_attackers(drafts, lex)
    drafts = code_events(drafts, lex, actors, places=found if found is not None else places)
    mark_cause_phrases(drafts, sents, lex)
    _link_causes(drafts, lex, actors)
    _no_cycles(drafts)
    return _finish(drafts, doc, lex, actors)


def _after_excluded(offset: int, excluded) -> bool:
    return any(0 <= offset - e < 4 for _, e in excluded)


def _inside(start: int, end: int, excluded) -> bool:
    return any(s <= start and end <= e for s, e in excluded)


def _read_sentence(sent, si, para, actors, lex, places, dated, timeline, found=None) -> list[Draft]:
    matches = match_triggers(sent, lex)
    for tok in sent:
        ftype = _firing(tok, lex) or _weapon_subject(tok, lex)
        if ftype and not any(t == tok for t, _ in matches):
            matches.append((tok, Rule(lemmas=(_lemma(tok),), pos=frozenset({"VERB"}), type=ftype)))
    out: list[Draft] = []
    acts = [(tok, rule) for tok, rule in matches if _is_act(tok, rule, lex, dated)]
    headline = is_headline(sent)
    if not acts and not headline:
        return out  # most sentences tell no act: their places and figures are not read here
    candidates = _sentence_places(sent, places, actors, found)
    killed, wounded = casualties(sent, lex)
    for tok, rule in acts:
        if rule.weak and any(not r.weak and (lex.family(r.type) == "violence" or
                                             (lex.family(r.type) == "unrest" and tok.head == t and _crowd_act(t)))
                             for t, r in acts):
            continue  # "killed in a rocket attack", "threw stones at police, injuring five": the toll of the act told
        speech, is_false, denied = _claim_context(tok, lex)
        if is_false and lex.family(rule.type) != "statement":
            continue  # a falsely claimed act is not an event; the claim is (see _statements)
        etype, weapon = _refine(tok, rule, lex)
        means = _fired_means(tok, lex) if weapon is None and rule.refine else None
        if means and SPECIFIC.get(means, 0) >= SPECIFIC.get(etype, 0):
            etype = means
        if tok.pos_ == "NOUN" or tok.pos_ == "PROPN" or _nominal_gerund(tok):
            agents, targets = noun_arguments(tok, actors, lex)
        else:
            agents, targets = verb_arguments(tok, actors)
        if means and not agents:
            by = _agent_of_passive(tok.head)
            agents = np_actors(by, actors) if by is not None else []  # "… were fired by X and struck"
        if _lemma(tok) == "fall" and lex.family(etype) == "violence":
            agents = fallen_to(tok, actors) or agents  # "Ramadi falls to Islamic State"
        if etype == "demand":
            targets += _embedded_subject_targets(tok, actors)
        if lex.family(etype) in ("cooperation", "sanction", "coercive_speech", "statement", "posture"):
            targets += recipients(tok, actors)
            if tok.pos_ == "ADJ":  # "ready to contribute troops to Liberia": to whom the act it is ready for goes
                targets += [a for c in tok.children if c.dep_ == "xcomp" for a in recipients(c, actors)]
        if etype == "threat" or rule.needs_hostile:
            targets += _hostile_targets(tok, actors, lex)
        targets = [t for t in _uniq(targets) if t not in agents]
        d = Draft(type=etype, token=tok, sent_index=si, para_index=para, actors=_uniq(agents),
                  targets=targets, weapon=weapon, weak=rule.weak,
                  codes=(rule.type, rule.cameo, rule.plover) if rule.cameo or rule.plover else None)
        d.evidence.append((sent.start_char, sent.end_char))
        d.definite = _definite(tok)
        d.also = False
        own = _reference_date(tok, dated) if _in_temporal_phrase(tok) else \
            _pick_date(tok, _outside_cause(sent, tok, dated))
        d.date, d.date_own = (own, True) if own else (_untold(timeline, sent, tok, dated), False)
        d.reference = _in_temporal_phrase(tok)
        usable = [c for c in candidates if not _is_party(c[0], d, actors)]
        d.location = _pick_place(tok, usable, lex) or \
            (None if d.reference or d.definite else _sole_place(usable))
        if tok.pos_ == "NOUN" and tok.tag_ == "NNS":
            n = next((_to_int(c) for c in tok.children if c.dep_ == "nummod"), None)
            if n and n > 1:
                d.count = n
        if speech is not None and not denied and _lemma(speech) in ACCUSE:
            d.certainty = "claimed"  # an accusation is a claim, not a fact
            sp = verb_arguments(speech, actors)[0]
            d.claimed_by = sp[0] if sp else None
            accused = _uniq(a for o in accused_of(speech, tok) for a in np_actors(o, actors))
            if not d.actors:
                d.actors = accused
            d.targets = [t for t in d.targets if t not in d.actors and t not in accused]
        elif speech is not None and not denied and _lemma(speech) in ("claim", "allege"):
            sp = verb_arguments(speech, actors)[0]
            d.claimed_by = sp[0] if sp else None
            authorship = _lemma(speech) == "claim" and (
                any(_lemma(c) == "responsibility" for c in speech.children) or (tok.head == speech and tok.dep_ == "dobj"))
            # A claim of responsibility is a claim of who did it: the act it names stays as certain as
            # its telling ("claimed the bombing, which killed 22"); an act told only inside the claim
            # ("claimed that its drones struck a base") is the claimant's assertion.
            d.certainty = "reported" if authorship and tok.pos_ in ("NOUN", "PROPN") else "claimed"
            if not d.actors and authorship:
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
        if claimants:  # "attacks claimed by the Houthis": who did it is their claim, the attacks happened
            d.claimed_by = claimants[0]
            d.actors = _uniq(d.actors + claimants)
        # an act told inside "in retaliation for …" is the cause, not the one caused
        d.cause_marker = bool(CAUSE_MARKERS.search(span_text(sent))) and _cause_near(sent, tok) and not d.reference
        out.append(d)
    for d in out:
        _retype(d, sent, lex, actors, places)
        if d.type == "protest" and not d.actors and not (d.definite or d.reference):  # "protests erupted"
            d.actors = [actors.collective("protester", d.token.idx, d.token.idx + len(d.token.text))]
    out = _merge_sentence(out, lex)
    _assign_casualties(out, killed, wounded, lex, actors)
    if headline:
        if not any(lex.family(d.type) == "violence" for d in out):
            for d in headline_drafts(sent, si, para, actors, lex):
                d.date, d.date_own = untold_date(timeline, sent, d.token) if timeline else None, False
                out.append(d)
        for d in out:  # a headline names one scene: its most specific place is the act's, else its country
            if d.location is None and lex.family(d.type) in ("violence", "unrest", "legal"):
                d.location = _headline_place([c for c in candidates if not _is_party(c[0], d, actors)]) or \
                    _headline_country(sent, found, d)
    return out


def _outside_cause(sent, tok, dated) -> list:
    """The sentence's dates less those inside the phrase naming what ``tok``'s act answered:
    "struck … in retaliation for Monday's attack" dates the attack, not the strike."""
    if not dated or not CAUSE_MARKERS.search(span_text(sent)):
        return dated
    span = cause_phrase(sent, tok)
    if span is None:
        return dated
    return [(e, d) for e, d in dated if not span[0] <= e.start_char < span[1]]


def _untold(timeline, sent, tok, dated):
    """The date of an act whose own clause gives none (:func:`.timing.untold_date`); when every
    date of its sentence lies in the phrase naming what it answered, those date the cause, so
    the story's date before the sentence (else the report's) is the act's."""
    if timeline is None:
        return None
    if dated and not _outside_cause(sent, tok, dated):
        earlier = timeline.dates_in(0, sent.start_char)
        return (earlier[-1].date if earlier else None) or timeline.report_date()
    return untold_date(timeline, sent, tok)


def _headline_country(sent, found, d) -> Place | None:
    """The one country a headline names ("Iraq violence kills 14"), when it is not a party to the
    act: the act's place at country precision."""
    if not found:
        return None
    countries = {pm.place.name: pm.place for pm in found if sent.start_char <= pm.start and pm.end <= sent.end_char
                 and pm.place.precision == "country" and getattr(pm, "role", "") != "party"}
    if len(countries) != 1:
        return None
    return next(iter(countries.values()))


def _headline_place(candidates) -> Place | None:
    """A headline's place: the most specific one it names, a locative one first."""
    rank = {"site": 0, "city": 1, "admin1": 2, "region": 3, "country": 4}
    pool = sorted(candidates, key=lambda c: (not c[2], rank.get(c[0].place.precision, 5)))
    return pool[0][0].place if pool else None


HARM_VERBS = {"kill", "wound", "injure", "hurt", "damage", "destroy", "hit", "strike", "rock", "tear", "kill", "maim"}


def _fired_means(tok, lex: Lexicon) -> str | None:
    """'Rockets were fired by X and struck a refinery': a harming verb joined to a passive whose
    subject is a weapon is an act of the weapon's type (and X, the passive's agent, did it)."""
    if tok.dep_ != "conj" or tok.pos_ != "VERB" or _lemma(tok) not in HARM_VERBS or \
            any(c.dep_ == "nsubj" for c in tok.children):
        return None
    return _means_of(tok, [c for c in tok.head.children if c.dep_ == "nsubjpass" and c.i < tok.head.i], lex)


NOUN_SLOTS = ("pobj", "nsubj", "nsubjpass", "dobj")
NOUN_MARKS = ("amod", "det", "poss", "compound", "nummod")


def _nominal_gerund(tok) -> bool:
    """A gerund the tagger took for a verb in a noun's place ("killed by Turkish shelling",
    "the heavy bombing of the town"): it takes its parties as a noun does."""
    return tok.tag_ == "VBG" and tok.dep_ in NOUN_SLOTS and \
        any(c.dep_ in NOUN_MARKS and c.i < tok.i for c in tok.children) and \
        not any(c.dep_ in ("dobj", "nsubj", "aux") for c in tok.children)


def _weapon_subject(tok, lex: Lexicon) -> str | None:
    """'A bomb wounded three policemen', 'mortar rounds hit the camp': a harming verb whose
    subject is a weapon is an act of the weapon's type."""
    if tok.pos_ != "VERB" or _lemma(tok) not in HARM_VERBS:
        return None
    return _means_of(tok, [c for c in tok.children if c.dep_ in ("nsubj", "agent")], lex)


def _means_of(tok, subjects, lex: Lexicon) -> str | None:
    for sub in subjects:
        heads = [sub] + [g for g in sub.children if g.dep_ == "pobj"] if sub.dep_ == "agent" else [sub]
        for h in heads:
            for t in (h, *[c for c in h.children if c.dep_ in ("compound", "amod")]):
                hit = lex.weapons.get(_lemma(t)) or lex.weapons.get(t.lower_) or lex.weapons.get(_singular(t))
                if hit:
                    return hit[1]
    return None


def _crowd_act(tok) -> bool:
    """An act whose subject is a crowd ("protesters threw stones"), whose toll a casualty word
    joined to it tells ("…, injuring five policemen")."""
    subj, _ = _subject(tok)
    while subj is None and tok.dep_ == "conj" and tok.head != tok:  # "burned tyres … and threw stones"
        tok = tok.head
        subj, _ = _subject(tok)
    return subj is not None and _crowd(subj)


def _reduced_clause(tok) -> bool:
    """'Eight policemen killed near Tikrit on Monday.': a participle on the root noun of a
    sentence with no verb of its own is the sentence's clause (headline style, a full stop
    after it), not a description of the noun."""
    if tok.dep_ != "acl" or tok.head.dep_ != "ROOT" or tok.head.pos_ not in ("NOUN", "PROPN"):
        return False
    return not any(t.pos_ in ("VERB", "AUX") and t.i != tok.i and t.dep_ not in ("acl", "amod", "relcl", "advcl",
                                                                               "xcomp", "pcomp", "conj")
                   for t in tok.sent)


def _is_act(tok, rule: Rule, lex: Lexicon, dated) -> bool:
    """A matched trigger that tells an act of its own: not intended, generic, negated, a
    characterization, a manner ("in protest"), a modifier ("protest leader") or a description."""
    if _is_irrealis(tok, lex) and rule.type not in ("threat", "demand", "condemnation"):
        return False
    if _is_generic(tok) and not dated:
        return False
    if _negated(tok) or _characterization(tok) or _manner(tok):
        return False
    if tok.dep_ == "compound":
        return False  # "protest leader", "arrest warrant": a modifier, not an act of its own
    if rule.weak and tok.dep_ in ("acl", "amod", "relcl") and tok.tag_ == "VBN" and not _reduced_clause(tok):
        return False  # "the first troops killed by hostile fire": a description, not an event
    if lex.family(rule.type) == "unrest" and tok.pos_ == "NOUN" and tok.dep_ == "dobj" and _lemma(tok.head) in TOLD_OF:
        return False  # "channels that had covered the protests": protests spoken of, told elsewhere
    if tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod") and lex.family(rule.type) in ("coercive_speech", "statement"):
        return False  # "a woman accused of witchcraft": who she is, not an accusation made
    if _lemma(tok) in ("fire", "shoot") and any(g.lower_ == "air" for c in tok.children if c.dep_ == "prep"
                                                for g in c.children if g.dep_ == "pobj"):
        return False  # "fired into the air": a warning, not an attack
    if rule.weak and _running_toll(tok):
        return False  # "more than 400 people have been killed since the protests began": a tally, not an act
    return True


TOLD_OF = {"cover", "report", "film", "broadcast", "televise", "discuss", "mention", "ban", "prohibit", "forbid",
           "outlaw", "criticise", "criticize", "condemn", "support", "join", "watch", "document"}
TALLY_WORDS = {"since", "unrest", "war", "conflict", "uprising", "insurgency", "crisis", "so-far", "thus-far", "total"}
TALLY_SPANS = {"week", "weeks", "month", "months", "year", "years", "days"}


def _running_toll(tok) -> bool:
    """A toll told over a period: a perfect tense ("have been killed") with a span of time or a
    running conflict ("since …", "in a week of protests", "in the unrest", "so far")."""
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ") for c in tok.children)
    if not perfect:
        return False
    words = [t.lower_ for t in sent_of(tok)]
    joined = "-".join(words)
    if set(words) & TALLY_WORDS or "so-far" in joined or "thus-far" in joined:
        return True
    return any(w in TALLY_SPANS and i + 1 < len(words) and words[i + 1] == "of" for i, w in enumerate(words))


def _finish(drafts: list[Draft], doc, lex: Lexicon, actors=None) -> list[Event]:
    ids = {id(d): f"e{i + 1}" for i, d in enumerate(drafts)}
    events = []
    text = doc_text(doc)
    for i, d in enumerate(drafts):
        info = lex.types[d.type]
        cameo, plover = d.cameo_plover(info)
        caused = ids.get(id(drafts[d.caused_by])) if d.caused_by is not None and d.caused_by < len(drafts) else None
        fatalities = d.fatalities if d.certainty != "false" else None
        events.append(Event(
            id=ids[id(d)], type=d.type, cameo=cameo, acled=d.acled if d.acled_coded else info.acled,
            actors=tuple(a for a in d.actors if not unlisted(a)), targets=tuple(t for t in d.targets if not unlisted(t)),
            date=d.date, location=d.location,
            fatalities=fatalities, injured=d.injured, count=d.count, weapon=d.weapon,
            certainty=d.certainty, claimed_by=d.claimed_by, caused_by=caused if caused != ids[id(d)] else None,
            evidence=tuple(Evidence(text=text[s:e].strip(), start=s + _lstrip(text[s:e]), end=s + _lstrip(text[s:e]) + len(text[s:e].strip()))
                           for s, e in sorted(set(d.evidence))),
            trigger=d.token.text, plover=plover, claimed_fatalities=d.claimed_fatalities,
            cause_ref=cause_ref(d, drafts, ids, text, lex, actors) if actors is not None else None,
        ))
    return events


def _lstrip(s: str) -> int:
    return len(s) - len(s.lstrip())
