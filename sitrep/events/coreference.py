"""Event coreference: triggers of one sentence that tell one act, and later mentions ("the
strike", "the assault also killed …") folded into the event they name.
"""
from __future__ import annotations

from collections.abc import Sequence

from .drafts import DEFINITE, SPECIFIC, Draft, _lemma, _uniq, sent_of
from .lexicon import Lexicon
from .scope import _separated
from .timing import _same_time


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


def _anaphoric(d: Draft) -> bool:
    """A mention that points back: "the strike", "this attack", "their responsibility in launching"."""
    if d.definite or d.weak or d.reference:
        return True
    return any(_lemma(a) == "responsibility" for a in d.token.ancestors)


def _antecedent(d: Draft, out: list[Draft], lex: Lexicon, sides, named=None) -> Draft | None:
    """The event a later mention names: the nearest sharing a party, else a very near one.
    ``named(actor_id)``: whether an actor is named (in the gazetteer); a definite mention may
    name who did an act told earlier only by kind ("Guerrillas attacked a bus. The FMLN claimed
    responsibility for the attack")."""
    fam = lex.family(d.type)
    near = None
    if d.definite and d.type in ("bombing", "air_strike", "shelling"):
        for o in reversed(out):  # "… condemned the bombing": the bombing just told, not the shooting after it
            gap = d.sent_index - max(o.sent_index, o.last_sent)
            if gap > 3:
                break
            if 0 < gap and o.type == d.type and _compatible(o, d, sides):
                return o
    for o in reversed(out):
        gap = d.sent_index - max(o.sent_index, o.last_sent)
        unnamed_doer = named is not None and d.definite and o.actors and not any(named(a) for a in o.actors)
        if gap < 0 or (gap == 0 and (o.token.i >= d.token.i or _separated(o.token, d.token))) or \
                lex.family(o.type) != fam or not (_compatible(o, d, sides) or unnamed_doer):
            continue
        if fam != "violence" and o.type != d.type:
            continue
        shared = _overlap(o.targets, d.targets) or _overlap(o.actors, d.actors, sides)
        if shared and (gap <= 25 or (o.type == d.type and fam != "violence" and gap <= 60)):
            return o
        if near is None and (gap <= 3 or (gap <= 8 and not d.actors and not d.targets)) and \
                not _other_means(o, d):
            near = o
    return near


def _other_means(a: Draft, b: Draft) -> bool:
    """Two violent acts told by different means ("gunmen opened fire" vs "the bombing"): not one."""
    means = ("bombing", "air_strike", "shelling")
    if a.type in means and b.type in means:
        return a.type != b.type
    return (b.type in means and a.type == "attack" and a.weapon == "firearms") or \
        (a.type in means and b.type == "attack" and b.weapon == "firearms")


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
    if _other_means(o, d) or _another_incident(d.token):
        return None  # "Later that day, gunmen shot dead two policemen": a second act, not more of the first
    return o


ANOTHER = {"later", "separately", "elsewhere", "meanwhile", "separate", "another", "earlier", "also"}


def _another_incident(tok) -> bool:
    """A sentence that opens on another occasion ("Later that day", "In a separate attack",
    "Elsewhere", "Meanwhile")."""
    sent = sent_of(tok)
    head = [t.lower_ for t in sent[:4]]
    return bool(set(head) & ANOTHER - {"also"})


def _repeat(d: Draft, out: list[Draft], lex: Lexicon, sides) -> Draft | None:
    """The same act told twice in a row ("… decided to withdraw. Trump's decision to pull out …",
    "Security forces detained a member of AAH … The suspect was arrested on Thursday")."""
    if lex.family(d.type) == "violence":
        return None
    for o in reversed(out):
        if d.sent_index - max(o.sent_index, o.last_sent) > 3:
            break
        if o.type != d.type or o.sent_index >= d.sent_index or _other_act(o, d):
            continue
        if d.date_own and o.date_own and not _same_time(o.date, d.date):
            continue
        if d.actors and _overlap(o.actors, d.actors, sides) and not d.date_own:
            return o
        if not d.actors and (not d.targets or _overlap(o.targets, d.targets)) and _definite_subject(d.token):
            return o
    return None


def _other_act(a: Draft, b: Draft) -> bool:
    """Two drafts of one type whose trigger rules give different codes tell different acts
    ("The EU praised the plan. The EU rejected the budget.")."""
    return (a.codes or b.codes) is not None and (a.codes or ())[1:] != (b.codes or ())[1:]


def _definite_subject(tok) -> bool:
    """'The suspect was arrested …': the patient is someone already spoken of."""
    subj = [c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj", "dobj")]
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for s in subj for c in s.children)


def _corefer(drafts: list[Draft], lex: Lexicon, sides=None, named=None) -> list[Draft]:
    """Fold later mentions of an event ("the assault", "the strikes") into the event they name."""
    out: list[Draft] = []
    for d in drafts:
        host = _antecedent(d, out, lex, sides, named) if _anaphoric(d) else None
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
            if named is not None and d.definite and d.actors and any(named(a) for a in d.actors) and \
                    not any(named(a) for a in host.actors):
                host.actors = []  # "Gunmen attacked … X claimed the attack": the gunmen were X's
            host.actors = _uniq(host.actors + [a for a in d.actors if a not in host.targets])
            if d.claimed_by and not host.claimed_by:
                host.claimed_by = d.claimed_by  # "X claimed responsibility for the bombing" told later
        elif d.certainty == "claimed" and d.claimed_by and not host.actors and d.actors:
            # "Police blamed the bombing on X" told later: an act nobody was named for gets the one
            # it is laid at, as the claim it is (claimed_by); its certainty stays its own
            host.actors = [a for a in d.actors if a not in host.targets]
            host.claimed_by = host.claimed_by or d.claimed_by
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
