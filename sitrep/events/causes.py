"""Causes: retaliation and response linked with ``caused_by``, and the cause phrase kept as a
reference (:class:`~sitrep.records.CauseRef`) the knowledge base matches across articles.

An act is told as an answer when its sentence holds a cause marker (:data:`CAUSE_MARKERS`)
near it or attached to its clause ("US forces struck …, in response to a rocket attack …").
Its cause is, in order: an act told inside the cause phrase itself ("in response to *a rocket
attack*"), a later violent act of the same sentence, else the nearest earlier violent or unrest
act (up to six sentences back), one whose targets are the answering side first.
"""
from __future__ import annotations

import re

from ..participants import unlisted
from ..records import CauseRef
from .arguments import BACKED
from .drafts import LOCATIVE, Draft, span_text
from .lexicon import Lexicon

CAUSE_MARKERS = re.compile(r"\b(in retaliation|retaliat\w*|in response to|in reprisal|reprisal for|"
                           r"to avenge|avenging|in revenge|angered by|prompted|in reaction to|"
                           r"responded to)\b", re.I)
# Markers after which the phrase names what was answered ("prompted" names what followed).
_FORWARD = {"prompted"}
# Markers that name the answered act only with "for"/"over" after them ("vowed to retaliate
# against X" names whom the answer will hit, not what it answers).
_NEEDS_FOR = re.compile(r"^(in retaliation|retaliat\w*|in revenge|in reprisal)$", re.I)
_FOR = re.compile(r"\s++(for|over)\b", re.I)  # possessive: one pass over a long run of spaces
CAUSE_FAMILIES = ("violence", "unrest", "legal", "sanction")  # the lexicon's families of acts one answers


def _cause_near(sent, tok) -> bool:
    m = CAUSE_MARKERS.search(span_text(sent))
    if not m:
        return False
    marker_at = sent.start_char + m.start()
    if marker_at < tok.idx or abs(marker_at - tok.idx) < 80:
        return True
    head = _token_at(sent, marker_at)  # "… struck X, in response to …": the phrase hangs on the act's clause
    return head is not None and any(a == tok or (a.i == tok.head.i and tok.dep_ in ("dobj", "nsubj", "nsubjpass"))
                                    for a in head.ancestors)


def _token_at(sent, offset: int):
    return next((t for t in sent if t.idx == offset), None)


def cause_phrase(sent, tok) -> tuple[int, int] | None:
    """Character span of the phrase naming what ``tok``'s act answered ("in retaliation for the
    killing of X"), or None when the sentence has none or the phrase names nothing."""
    text = span_text(sent)
    for m in CAUSE_MARKERS.finditer(text):
        if m.group(1).lower() in _FORWARD:
            continue
        if _NEEDS_FOR.match(m.group(1)) and not _FOR.match(text, m.end()):
            continue
        start = sent.start_char + m.start()
        top = _token_at(sent, start)
        if top is None or tok.idx >= start and tok.idx < sent.start_char + m.end():
            continue
        while top.head != top and top.head.idx >= start and sent.start <= top.head.i < sent.end:
            top = top.head
        toks = [t for t in top.subtree if t.idx >= start]
        nxt = max(toks, key=lambda t: t.i).i + 1
        if nxt < sent.end and sent.doc[nxt].lower_ in ("for", "over") and sent.doc[nxt].dep_ == "prep":
            toks += list(sent.doc[nxt].subtree)  # "in revenge | for the arrest …" parsed as two phrases
        if tok in toks:
            continue  # the act itself sits inside the phrase: it is the cause, not the answer
        marker_words = {w.lower() for w in m.group(1).split()}
        if not any(t.pos_ in ("NOUN", "PROPN") and t.lower_ not in marker_words for t in toks):
            continue  # "In retaliation, …": no description of its own
        end = max(t.idx + len(t.text) for t in toks)
        return start, end
    return None


def _link_causes(drafts: list[Draft], lex: Lexicon, actors) -> None:
    spans = [d.cause_span for d in drafts if d.cause_marker and d.cause_span]
    for d in drafts:  # an act told inside a cause phrase is the cause, not an answer
        if d.cause_marker and d.cause_span is None and any(s <= d.token.idx < e for s, e in spans):
            d.cause_marker = False
    for i, d in enumerate(drafts):
        if not d.cause_marker:
            continue
        inside = _inside_phrase(drafts, i, lex)
        if inside is not None:
            d.caused_by = inside
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


def _inside_phrase(drafts: list[Draft], i: int, lex: Lexicon) -> int | None:
    """The act told inside draft ``i``'s cause phrase ("in response to the storming of …")."""
    d = drafts[i]
    if d.cause_span is None:
        return None
    s, e = d.cause_span
    inside = [j for j, o in enumerate(drafts) if j != i and s <= o.token.idx < e
              and lex.family(o.type) in CAUSE_FAMILIES]
    return min(inside, key=lambda j: drafts[j].token.idx) if inside else None


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


def cause_ref(d: Draft, drafts: list[Draft], ids: dict[int, str], text: str, lex: Lexicon, actors) -> CauseRef | None:
    """The reference record of draft ``d``'s cause phrase (None when it has none).

    ``ids`` maps ``id(draft)`` to the event ids of the article; ``actors``: the article's
    actor mentions (names inside the phrase are kept as ``names``)."""
    if d.cause_span is None or not d.cause_marker:
        return None
    s, e = d.cause_span
    inner = [o for o in drafts if o is not d and s <= o.token.idx < e and lex.family(o.type) in CAUSE_FAMILIES]
    ref = min(inner, key=lambda o: o.token.idx) if inner else None
    names = tuple(dict.fromkeys(m.actor_id for m in actors.at(s, e)
                                if not unlisted(m.actor_id) and not _placed(text, m.start)
                                and not BACKED.match(text[m.end:m.end + 14])))  # "Iran-backed militias" are not Iran
    if ref is None:
        return CauseRef(text=text[s:e], start=s, end=e, type=d.cause_type, names=names)
    # the act's own date only when the phrase writes it ("a rocket attack … on Friday"), not one
    # the sentence gives the answer ("killed … on Monday in revenge for the arrest …")
    dated = ref.date_own and ref.date is not None and bool(ref.date.text) and ref.date.text in text[s:e]
    return CauseRef(text=text[s:e], start=s, end=e, type=ref.type,
                    actors=tuple(a for a in ref.actors if not unlisted(a)),
                    targets=tuple(t for t in ref.targets if not unlisted(t)), names=names,
                    date=ref.date if dated else None, location=ref.location, event=ids.get(id(ref)))


def _placed(text: str, start: int) -> bool:
    """A name after a locative word ("facilities in Iraq") is where, not who."""
    before = text[max(0, start - 12):start].split()
    return bool(before) and before[-1].lower() in LOCATIVE


def mark_cause_phrases(drafts: list[Draft], sents, lex: Lexicon) -> None:
    """Set each answering draft's cause phrase span, and the type a trigger word inside it names
    when no act of its own is told there ("in retaliation for the killing of X").  A place named
    only inside the phrase is the answered act's, not the answer's: the answer loses it."""
    from .triggers import match_triggers
    for d in drafts:
        if not d.cause_marker or d.sent_index >= len(sents) or d.cause_span is not None:
            continue
        sent = sents[d.sent_index]
        d.cause_span = cause_phrase(sent, d.token)
        if d.cause_span is None:
            continue
        s, e = d.cause_span
        if d.location is not None and d.location.name:
            text, at, name = span_text(sent).casefold(), sent.start_char, d.location.name.casefold()
            outside = text[:s - at] + " " + text[e - at:]
            if name in text[s - at:e - at] and name not in outside:
                d.location = None
        inside = [rule.type for tok, rule in match_triggers(sent, lex) if s <= tok.idx < e
                  and lex.family(rule.type) in CAUSE_FAMILIES]
        d.cause_type = inside[0] if inside else None


def carry_cause_phrases(before: list[Draft], after: list[Draft]) -> None:
    """A mention folded into the event it names ("The Pentagon said the strike was ordered in
    response to …") hands its cause phrase to that event (found by the evidence it absorbed)."""
    kept = {id(d) for d in after}
    for d in before:
        if id(d) in kept or d.cause_span is None:
            continue
        hosts = [h for h in after if h.cause_span is None and all(e in h.evidence for e in d.evidence)]
        if not hosts:
            continue
        # the act the mention names: of its type, told before it, the nearest one (an act told
        # inside the phrase may have absorbed a mention of the same sentence: it is the cause)
        host = max(hosts, key=lambda h: (h.type == d.type, h.token.idx < d.token.idx, -abs(d.token.idx - h.token.idx)))
        if host is not None:
            host.cause_marker, host.cause_span, host.cause_type = True, d.cause_span, d.cause_type
