"""Matching a cause phrase to an event of the knowledge base: the policy behind cross-article
``caused_by`` links (pure functions; :mod:`sitrep.kb` fetches candidates and stores links).

A cause phrase (:class:`~sitrep.records.CauseRef`, "in retaliation for the killing of
Soleimani") of an answering event names an earlier act.  A knowledge-base event answers it when
**all** of these hold:

1. *Time.* Causes precede effects: the candidate starts no later than the answer ends (on
   day-precise dates, no later than the answer's day), and falls in the phrase's window: its
   own date when it tells one ("on Friday"), else the :data:`MAX_LAG_DAYS` days before the
   answer.  A phrase that names its day ("on Friday") names one act: a candidate dated only
   to a span longer than a month (a campaign, "in 2018-2019") does not answer it.
2. *Kind.* The family of the type the phrase names (``violence``, ``unrest``, …); a phrase
   naming no type matches violence or unrest, only when the answer is an act of force, of
   coercion or a threat (not a visit "in response to an invitation"), and only through its
   victims ("to avenge Soleimani": Soleimani is among the candidate's targets).
3. *Who or where.* The parties the phrase names (doers, victims, any name in it) share a side
   with the candidate's actors or targets (a state's forces and government are one side:
   :func:`side_of`), or the phrase's place is the candidate's and its date fits.  A place is
   the candidate's when it is the same (:func:`sitrep.merge.place_relation`: same name or
   within 25 km) or when one of the two is a province and the other lies in it ("a base in
   Kirkuk province" and a town of Kirkuk province: :func:`place_fit` ``within``).
4. *Never* the answer itself, never a place apart from the phrase's (two specific places), and
   never a link that would close a cycle (checked by the caller).

Among matching candidates the best score wins (shared parties, same place, fitting date, the
very type), then the most recent one (the nearest act before the answer).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any

from . import merge
from .records import CauseRef, Event, EventDate, Place, to_dict

MAX_LAG_DAYS = 60      # a phrase with no date names an act at most this long before the answer
STATE_TYPES = frozenset({"state", "state_military", "government"})
OPEN_FAMILIES = ("violence", "unrest")
ANSWER_FAMILIES = ("violence", "unrest", "coercion")
ANSWER_TYPES = ("threat", "condemnation", "demand", "break_relations", "military_posture")


def side_of(actor_id: str, actor_type: str | None, country: str | None) -> str:
    """The side an actor stands for: a state's government, forces and the state itself are one
    side (``state:XX``); everyone else stands for itself."""
    if actor_type in STATE_TYPES and country:
        return f"state:{country.upper()}"
    return actor_id


def hints(ref: CauseRef) -> dict[str, Any]:
    """A cause phrase as the JSON the store keeps (``cause_refs.hints``)."""
    return to_dict(ref)


def parties(ref: CauseRef) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*ref.actors, *ref.targets, *ref.names)))


def families(ref: CauseRef) -> tuple[str, ...]:
    return (merge.family_of(ref.type),) if ref.type else OPEN_FAMILIES


def window(ref: CauseRef, effect: Event) -> tuple[str, str] | None:
    """The days [lo, hi] (ISO) the cause may fall on; None when the answer has no date."""
    iv = merge.day_interval(effect.date)
    if iv is None:
        return None
    own = merge.day_interval(ref.date)
    if own is not None:
        lo, hi = own[0], min(own[1], iv[1])
        return (lo.isoformat(), max(lo, hi).isoformat())
    return ((iv[0] - timedelta(days=MAX_LAG_DAYS)).isoformat(), iv[1].isoformat())


MONTH_DAYS = 31


def _precise(d: EventDate | None, days: int = 1) -> bool:
    """A date no wider than ``days`` days."""
    iv = merge.day_interval(d)
    return iv is not None and (iv[1] - iv[0]).days < days


def _precedes(cause: Event, effect: Event) -> bool:
    ic, ie = merge.day_interval(cause.date), merge.day_interval(effect.date)
    if ic is None or ie is None:
        return False
    days = ("day", "report")
    if cause.date.precision in days and effect.date.precision in days:  # type: ignore[union-attr]
        return ic[0] <= ie[0]
    return ic[0] <= ie[1]


PROVINCE = "admin1"


def place_fit(ref_place: Place | None, cand_place: Place | None) -> str:
    """How the phrase's place stands to the candidate's: ``same``, ``within`` (one is a province,
    the other lies in it; the country's province names compared), ``different`` (two specific
    places apart) or ``unknown``."""
    rel = merge.place_relation(ref_place, cand_place)
    if rel != "unknown" or ref_place is None or cand_place is None:
        return rel
    if PROVINCE in (ref_place.precision, cand_place.precision) and ref_place.country == cand_place.country and \
            _province(ref_place) and _province(ref_place) == _province(cand_place):
        return "within"
    return rel


def _province(p: Place) -> str:
    return (p.admin1 or (p.name if p.precision == PROVINCE else "") or "").strip().lower()


def score(ref: CauseRef, effect: Event, cand: Event, sides: Callable[[Iterable[str]], set[str]]) -> int | None:
    """How well ``cand`` answers the cause phrase ``ref`` of ``effect`` (higher is better), or None."""
    if cand.id == effect.id or not _precedes(cand, effect):
        return None
    win = window(ref, effect)
    iv = merge.day_interval(cand.date)
    if win is None or iv is None or iv[1].isoformat() < win[0] or iv[0].isoformat() > win[1]:
        return None
    if merge.family_of(cand.type) not in families(ref):
        return None
    if _precise(ref.date) and not _precise(cand.date, MONTH_DAYS):
        return None  # "on Friday" names one act, not a year-long campaign
    place = place_fit(ref.location, cand.location)
    if place == "different":
        return None
    if ref.type is None and merge.family_of(effect.type) not in ANSWER_FAMILIES and effect.type not in ANSWER_TYPES:
        return None  # "in response to an invitation": no act named, and no act answering
    # a phrase naming no act ("to avenge Soleimani") names its victims
    shared = sides(parties(ref)) & sides(cand.targets if ref.type is None else (*cand.actors, *cand.targets))
    dated = ref.date is not None and merge.dates_compatible(ref.date, cand.date)
    if not shared and not (place in ("same", "within") and dated):
        return None
    same_type = bool(ref.type) and merge.types_compatible(ref.type, cand.type)  # type: ignore[arg-type]
    fit = {"same": 2, "within": 1}.get(place, 0)
    return 3 * min(len(shared), 2) + fit + (2 if dated else 0) + int(same_type)


def best(ref: CauseRef, effect: Event, cands: Iterable[Event],
         sides: Callable[[Iterable[str]], set[str]]) -> tuple[Event, int] | None:
    """The candidate the phrase names: best score, then the most recent, then the smallest id."""
    scored = []
    for c in cands:
        s = score(ref, effect, c, sides)
        if s is not None:
            lo = merge.day_interval(c.date)[0]  # type: ignore[index]
            scored.append((s, lo, c))
    if not scored:
        return None
    top = max(scored, key=lambda t: (t[0], t[1], _neg(t[2].id)))
    return top[2], top[0]


def _neg(s: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in s)


def ref_from_hints(data: Mapping[str, Any]) -> CauseRef:
    from .records import cause_ref_from_dict
    return cause_ref_from_dict(dict(data)) or CauseRef(text="", start=0, end=0)


__all__ = ["MAX_LAG_DAYS", "side_of", "place_fit", "hints", "parties", "families", "window", "score", "best",
           "ref_from_hints"]
