"""Speech acts: threats, condemnations, claims of responsibility and statements made by saying,
and the speakers of quoted words.
"""
from __future__ import annotations

from ..records import EventDate
from .arguments import _in_condition, np_actors, verb_arguments
from .casualties import KILL, WOUND, casualties
from .drafts import Draft, _lemma, _subject, _uniq, span_text
from .lexicon import Lexicon
from .modality import _negated
from .timing import _pick_date

STATEMENT_VERBS = {"claim", "allege", "announce", "declare", "assert", "reject", "deny", "dismiss", "refute"}


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


def _statements(drafts: list[Draft], sents, speakers, actors, lex: Lexicon, sent_dates=None,
                report: EventDate | None = None) -> list[Draft]:
    """Speech acts: threats and condemnations made by saying, claims of responsibility ("the group
    said it had launched …"), claims of fact ("X falsely claimed that …") and statements."""
    out = list(drafts)
    sent_dates = sent_dates or {}
    saying = lex.speech | lex.denial
    for si, sent in enumerate(sents):
        for tok in sent:
            lemma = _lemma(tok)
            if lemma not in saying or tok.pos_ != "VERB" or tok.tag_ == "VBG":
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
                d.date = own or (prior[-1].date if prior else report)
                d.date_own = own is not None
                d.para_index = _para_of(out, si)
                out.append(d)
    out.sort(key=lambda d: (d.token.idx))
    return out


REPORTING_VERBS = {"say", "state", "tell", "add", "report", "announce", "confirm"}


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
    if own_acts and not is_false and lemma in REPORTING_VERBS and \
            all(actors.entry_type(a) in ("state", "state_military", "government", "coalition") for a in agents):
        return None  # "the army said troops killed 12 militants": a state's report of its operation, the source
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
                if t.dep_ == "dobj" and _in_condition(t, c):
                    continue  # "… if the troops do not leave Iraq": Iraq is no target of the threat
                if t.dep_ in ("dobj", "nsubjpass", "nsubj") and t.lower_ not in ("it", "they", "we", "he", "she"):
                    out += np_actors(t, actors)
    return [t for t in _uniq(out) if t not in agents]


def _para_of(drafts, si) -> int:
    prior = [d.para_index for d in drafts if d.sent_index <= si]
    return prior[-1] if prior else 0


def _quote_span(sent, sents, si) -> tuple[int, int]:
    """A statement's evidence: its sentence, extended over a quotation that runs on."""
    end = sent.end_char
    text = span_text(sent)
    if text.count("“") > text.count("”") or text.count('"') % 2 == 1:
        for nxt in sents[si + 1:si + 4]:
            end = nxt.end_char
            if "”" in nxt.text or '"' in nxt.text:
                break
    return sent.start_char, end


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
