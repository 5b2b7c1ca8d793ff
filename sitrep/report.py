"""Readable terminal output for extractions (``sitrep extract --format table``)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from .records import Event, Extraction


def _when(e: Event) -> str:
    if e.date is None:
        return "-"
    return e.date.start if e.date.start == e.date.end or not e.date.end else f"{e.date.start}..{e.date.end}"


def _clip(s: str | None, n: int) -> str:
    s = (s or "-").replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def write_table(extractions: Sequence[Extraction], out: TextIO) -> None:
    """One block per article: its events as aligned rows, then its relations."""
    for x in extractions:
        names = {a.id: a.name for a in x.actors}
        a = x.article
        out.write(f"== {a.id}  {a.title or ''}  ({a.published or 'undated'})\n")
        out.write(f"{'id':<4} {'type':<20} {'date':<23} {'actors':<24} {'targets':<24} {'place':<20} "
                  f"{'dead':>4}  {'certainty':<9} evidence\n")
        for e in x.events:
            acts = ", ".join(names.get(i, i) for i in e.actors)
            tgts = ", ".join(names.get(i, i) for i in e.targets)
            dead = "-" if e.fatalities is None else str(e.fatalities)
            place = e.location.name if e.location else None
            ev = e.evidence[0].text if e.evidence else ""
            out.write(f"{e.id:<4} {e.type:<20} {_clip(_when(e), 23):<23} {_clip(acts, 24):<24} "
                      f"{_clip(tgts, 24):<24} {_clip(place, 20):<20} {dead:>4}  {e.certainty:<9} "
                      f"{_clip(ev, 70)}\n")
        if x.relations:
            out.write("relations:\n")
            for r in x.relations:
                out.write(f"  {names.get(r.subject, r.subject)} --{r.predicate}--> {names.get(r.object, r.object)}"
                          f"{'  (since ' + r.since + ')' if r.since else ''}\n")
        out.write(f"actors: {', '.join(sorted(names.values()))}\n\n")
