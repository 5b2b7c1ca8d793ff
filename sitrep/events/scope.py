"""Which clause a token belongs to: temporal and causal phrases ("a day after …", "in response
to …") that tell of another event than the one around them.
"""
from __future__ import annotations

from .drafts import _lemma


def _elsewhere(t) -> bool:
    """A token that opens talk of another event or clause ("in retaliation for …", "after …", "who …")."""
    if t.lower_ in SEPARATORS or _lemma(t) in SEPARATORS:
        return True
    return t.dep_ in ("advcl", "ccomp", "relcl", "conj") and t.pos_ in ("VERB", "AUX")


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


def own_phrase(trigger) -> set[int]:
    """Indices of the tokens of a trigger's own phrase: its subtree without the parts that open
    talk of another event or clause (:func:`_elsewhere`), in one walk (linear in the subtree)."""
    out = {trigger.i}
    todo = list(trigger.children)
    while todo:
        t = todo.pop()
        if _elsewhere(t):
            continue
        out.add(t.i)
        todo.extend(t.children)
    return out
