"""Causes: retaliation and response linked with ``caused_by``.
"""
from __future__ import annotations

import re

from .drafts import Draft, span_text
from .lexicon import Lexicon

CAUSE_MARKERS = re.compile(r"\b(in retaliation|retaliat\w*|in response to|in reprisal|reprisal for|"
                           r"to avenge|avenging|in revenge|angered by|prompted|in reaction to|"
                           r"responded to)\b", re.I)


def _cause_near(sent, tok) -> bool:
    m = CAUSE_MARKERS.search(span_text(sent))
    if not m:
        return False
    marker_at = sent.start_char + m.start()
    return marker_at < tok.idx or abs(marker_at - tok.idx) < 80


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
