"""Event dates: which date of a sentence is the event's own.
"""
from __future__ import annotations

import bisect

from ..records import EventDate
from .drafts import _lemma
from .scope import CAUSES, TEMPORAL, own_phrase


_ENT_STARTS: dict[int, tuple[object, list[int]]] = {}


def _ents_in(sent, ents) -> list:
    """The entities inside a sentence, found by bisection on their starts (``ents`` in document
    order, as spaCy gives them): a scan of all entities per sentence was quadratic."""
    cached = _ENT_STARTS.get(id(ents))
    if cached is None or cached[0] is not ents or len(cached[1]) != len(ents):
        _ENT_STARTS.clear()  # one document at a time
        cached = (ents, [e.start for e in ents])
        _ENT_STARTS[id(ents)] = cached
    starts = cached[1]
    lo, hi = bisect.bisect_left(starts, sent.start), bisect.bisect_left(starts, sent.end)
    return [e for e in ents[lo:hi] if e.end <= sent.end]


def _sentence_dates(sent, timeline, ents) -> list[tuple[object, EventDate]]:
    out = []
    for ent in _ents_in(sent, ents):
        if ent.label_ not in ("DATE", "TIME"):
            continue
        d = timeline.resolve_span(ent, past=_told_in_past(ent)) if timeline is not None else None
        if d is not None:
            out.append((ent, d))
    return out


PAST_AUX = {"was", "were", "had", "has", "have"}


def _told_in_past(ent) -> bool:
    """The date dates a clause in the past tense: the verb it hangs on is a simple past
    ("attacked … on Monday") or a perfect or past passive ("was killed on Monday")."""
    for t in ent.root.ancestors:
        if t.pos_ in ("VERB", "AUX"):
            return t.tag_ == "VBD" or (t.tag_ == "VBN" and any(
                c.dep_ in ("aux", "auxpass") and c.lower_ in PAST_AUX for c in t.children))
    return False


PRECISE = {"day": 0, "report": 1, "month": 2, "range": 3, "year": 4}
RELATIVE_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
                 "today", "tonight", "overnight", "night", "morning", "evening", "afternoon", "weekend"}


def untold_date(timeline, sent, trigger=None) -> EventDate | None:
    """The date of an event whose own clause gives none: the story's date so far, unless that
    is a day told relative to the report in an earlier sentence ("on Tuesday"), which belongs to
    the act told there; then, or when the story has no date yet, the report's date (precision
    ``report``: on or shortly before publication, as ACLED dates news with no time of its own)."""
    anchor = timeline.anchor
    earlier = [m for m in timeline.dates_in(0, sent.start_char)]
    here = timeline.dates_in(sent.start_char, sent.end_char)
    if here and trigger is not None and all(_other_clause_at(m, trigger) for m in here):
        # the sentence's own dates belong to its other clauses ("… kills 14 as the January toll
        # tops 800"): the story's date before it, else the report's
        anchor = earlier[-1].date if earlier else None
    if anchor is None:
        return timeline.report_date()
    if earlier and set(earlier[-1].text.lower().replace(",", " ").split()) & RELATIVE_DAYS:
        return timeline.report_date() or anchor
    return anchor


SAID_ABOUT = {"claim", "responsibility", "blame", "condemn", "denounce", "deny", "accuse", "say", "announce",
              "report", "confirm", "acknowledge", "admit", "criticize", "criticise", "praise", "investigate", "probe"}


def _pick_date(trigger, dated) -> EventDate | None:
    """The date said of this trigger: one in its own phrase or on its clause (the most precise
    of those), else the nearest in the sentence."""
    if not dated:
        return None
    clause = {trigger.i}
    for t in trigger.ancestors:
        if _lemma(t) in SAID_ABOUT:
            break  # "X claimed the attack on Tuesday": Tuesday dates the claim, not the attack
        clause.add(t.i)
    own = own_phrase(trigger)
    attached = [(e, d) for e, d in dated
                if e.root.i in own or e.root.head.i in clause or e.root.head.head.i in clause]
    if attached:
        return min(attached, key=lambda x: (PRECISE.get(x[1].precision, 4), abs(x[0].start - trigger.i)))[1]
    said = any(_lemma(t) in SAID_ABOUT for t in trigger.ancestors)  # an act someone speaks about
    free = [(e, d) for e, d in dated if not _in_other_clause(e.root, trigger)
            and not (said and e.root not in trigger.subtree)]
    return min(free, key=lambda x: abs(x[0].start - trigger.i))[1] if free else None


def _other_clause_at(mention, trigger) -> bool:
    span = trigger.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and _in_other_clause(span.root, trigger)


def _in_other_clause(tok, trigger) -> bool:
    """A date inside a clause of its own that does not hold the trigger ("… kills 14 as the
    January toll tops 800"): it dates that clause, not the act."""
    mine = {trigger.i} | {t.i for t in trigger.ancestors}
    for a in tok.ancestors:
        if a.i in mine:
            return False
        if a.dep_ in ("advcl", "relcl", "ccomp", "acl") and a.pos_ in ("VERB", "AUX"):
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


def _same_time(a: EventDate | None, b: EventDate | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.start or "")[:len(b.start or "")] == (b.start or "")[:len(a.start or "")]
