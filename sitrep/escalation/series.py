"""Hostile acts between actors, day by day: the series the escalation analysis reads.

Two sources give the same records:

* the knowledge base (:func:`acts_from_kb`), read through :mod:`sitrep.kb`: merged events of
  the chosen families, day-dated, not marked false or denied, with their ``caused_by`` link;
* an ACLED export (:func:`acts_from_acled`): its standard columns, upper- or lower-case;
  ``event_date`` as ``2019-12-31``, ``20191231`` or ``31 December 2019`` (read by
  :func:`sitrep.evaluate.parse_acled_date`); ``actor1`` with ``assoc_actor_1`` is the side
  that acts, ``actor2`` with ``assoc_actor_2`` the side acted on.

An actor is named on the command line by an id, a name or an alias.  :class:`Party` is what
counts as that actor (rule, both sources): the actor itself; when it is a state, also its own
forces and government (an actor of type ``state``, ``state_military`` or ``government`` of the
same country, and ACLED's "Military Forces of <country>", "Police Forces of <country>",
"Government of <country>" without a faction named after the period).  An ACLED actor name is
read apart by :func:`sitrep.evaluate.parse_acled_actor` and looked up in the actor gazetteer
(:func:`sitrep.actors.load_gazetteer`); a name the gazetteer does not know is matched
literally (case, accents and qualifiers in brackets do not count).

ACLED event types are placed in sitrep's families by reading the export table of
``codes.yaml`` backwards (:func:`acled_families`): an (event type, sub-event type) pair every
sitrep type mapped to it agrees on, else the event type alone when those agree ("Battles",
"Explosions/Remote violence", "Violence against civilians" -> violence; "Protests", "Riots" ->
unrest; "Strategic developments"/"Arrests" -> coercion).  Rows of other types are not hostile
acts and are left out.

Times: day offsets from the start of the period (day 0 = ``start``); the period length ``T``
counts whole days, ends included.  Every function here is linear in the number of events.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..csv_rows import RowProblem, csv_rows, header_of, sniff_delimiter
from ..errors import SitrepError, warn

DEFAULT_FAMILIES = ("violence", "unrest", "coercion")
HOSTILE_FAMILIES = ("violence", "unrest", "coercion", "posture", "verbal")
STATE_TYPES = ("state", "state_military", "government")
EXCLUDED_CERTAINTIES = ("false", "denied")
REQUIRED_ACLED_COLUMNS = ("event_date", "event_type", "actor1", "actor2")  # event_type: what is hostile
EVIDENCE_CHARS = 300


# --- records ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Act:
    """One hostile act, dated to a day.

    ``actors`` and ``targets`` are actor keys (knowledge-base ids; for ACLED the gazetteer id of
    the name, else ``name:<folded name>``).  ``fatalities`` is None when the source gives no
    figure.  ``caused_by``: the ids of the acts the sources say this one answered;
    ``cause_notes``: for some of them ``(cause id, origin, evidence)``, origin ``text`` (stated
    by a source) or ``analyst`` (added by hand), from the knowledge base's cause links."""
    day: dt.date
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    type: str
    family: str
    event_id: str
    fatalities: int | None = None
    caused_by: tuple[str, ...] = ()
    evidence: str = ""
    place: str | None = None
    cause_notes: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class ActorRef:
    """What is known of one actor key: its display name, folded names, and the country whose
    own forces it is (``state``, None for anyone else)."""
    key: str
    name: str
    names: frozenset[str] = frozenset()
    state: str | None = None


@dataclass(frozen=True)
class ActTable:
    """Every hostile act a source holds for the period and families asked, and what was left out.

    ``refs``: actor key -> :class:`ActorRef`; ``left_out``: reason -> count (rows without a
    day date, false reports ...); ``origin``: where the acts were read."""
    acts: tuple[Act, ...]
    refs: dict[str, ActorRef]
    origin: str
    families: tuple[str, ...]
    left_out: dict[str, int] = field(default_factory=dict)

    def name(self, key: str) -> str:
        ref = self.refs.get(key)
        return ref.name if ref else key


@dataclass(frozen=True)
class Party:
    """One side of the analysis: the actor asked for and what counts as it (see module doc)."""
    name: str
    key: str
    keys: frozenset[str]
    names: frozenset[str] = frozenset()
    country: str | None = None

    def covers(self, ref: ActorRef) -> bool:
        """Does an actor of the source count as this party?"""
        if ref.key in self.keys or (self.names and self.names & ref.names):
            return True
        return bool(self.country and ref.state == self.country)


@dataclass(frozen=True)
class Period:
    """The days analysed, ends included; ``days`` is T."""
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def offset(self, day: dt.date) -> int:
        return (day - self.start).days

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "days": self.days}


@dataclass(frozen=True)
class SeriesDay:
    """One day with at least one act: counts and fatalities per dimension (A on B first)."""
    day: dt.date
    events: tuple[int, ...]
    fatalities: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "events": list(self.events), "fatalities": list(self.fatalities)}


@dataclass(frozen=True)
class Series:
    """The acts of each dimension over one period.

    For a dyad (A, B) dimension 0 is A's acts on B and dimension 1 is B's acts on A; for the
    K most active actors dimension i is actor i's acts on any of the other K.  ``acts[i]`` are
    dimension i's acts in date order."""
    parties: tuple[Party, ...]
    period: Period
    acts: tuple[tuple[Act, ...], ...]

    @property
    def dims(self) -> int:
        return len(self.parties)

    @property
    def n_events(self) -> tuple[int, ...]:
        return tuple(len(a) for a in self.acts)

    def times(self) -> list[Any]:
        """Per dimension, the acts' day offsets from the start (float days, numpy arrays, sorted)."""
        import numpy as np
        return [np.array([float(self.period.offset(a.day)) for a in acts], dtype=float) for acts in self.acts]

    def days(self) -> tuple[SeriesDay, ...]:
        """The days with acts, in order (a sparse daily series)."""
        counts: dict[dt.date, list[int]] = {}
        deaths: dict[dt.date, list[int]] = {}
        for i, acts in enumerate(self.acts):
            for a in acts:
                counts.setdefault(a.day, [0] * self.dims)[i] += 1
                deaths.setdefault(a.day, [0] * self.dims)[i] += a.fatalities or 0
        return tuple(SeriesDay(d, tuple(counts[d]), tuple(deaths[d])) for d in sorted(counts))

    def weekly(self) -> Any:
        """Counts per 7-day week from the start, shape (weeks, dims) (numpy int array); a last,
        partial week is dropped when shorter than 4 days."""
        import numpy as np
        weeks = self.period.days // 7 + (1 if self.period.days % 7 >= 4 else 0)
        out = np.zeros((max(weeks, 0), self.dims), dtype=int)
        for i, acts in enumerate(self.acts):
            for a in acts:
                w = self.period.offset(a.day) // 7
                if w < weeks:
                    out[w, i] += 1
        return out


# --- choosing parties and building series ----------------------------------------------------

def dyad_series(table: ActTable, a: Party, b: Party, period: Period | None = None) -> Series:
    """A's acts on B and B's acts on A.  An act both ways (each side among both actors and
    targets) counts once, as A's.  ``period`` defaults to the
    first to the last act of the two."""
    ab, ba = [], []
    covered: dict[tuple[int, str], bool] = {}

    def has(i: int, party: Party, keys: Sequence[str]) -> bool:
        for k in keys:
            hit = covered.get((i, k))
            if hit is None:
                hit = covered[(i, k)] = party.covers(table.refs.get(k) or ActorRef(k, k))
            if hit:
                return True
        return False

    for act in table.acts:
        if has(0, a, act.actors) and has(1, b, act.targets):
            ab.append(act)
        elif has(1, b, act.actors) and has(0, a, act.targets):
            ba.append(act)
    return _series((a, b), (ab, ba), period)


def top_series(table: ActTable, k: int, period: Period | None = None,
               first: Sequence[Party] = ()) -> Series:
    """The K most active actors (acts as actor plus acts as target, ties by key) and, for each,
    its acts on any of the others.  ``first``: parties that must be among them (named on the
    command line), placed first."""
    activity: Counter[str] = Counter()
    for act in table.acts:
        for key in set(act.actors) | set(act.targets):
            activity[key] += 1
    chosen = list(first)
    for key, _ in sorted(activity.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(chosen) >= k:
            break
        ref = table.refs.get(key) or ActorRef(key, key)
        if not any(p.covers(ref) for p in chosen):
            chosen.append(Party(name=ref.name, key=key, keys=frozenset({key})))
    owner: dict[str, int | None] = {}

    def side(key: str) -> int | None:
        if key not in owner:
            ref = table.refs.get(key) or ActorRef(key, key)
            owner[key] = next((i for i, p in enumerate(chosen) if p.covers(ref)), None)
        return owner[key]

    acts: list[list[Act]] = [[] for _ in chosen]
    for act in table.acts:
        doers = {side(x) for x in act.actors} - {None}
        done_to = {side(x) for x in act.targets} - {None}
        if len(doers) == 1:
            i = next(iter(doers))
            if done_to - {i}:
                acts[i].append(act)
    return _series(tuple(chosen), tuple(acts), period)


def _series(parties: tuple[Party, ...], acts: Sequence[Sequence[Act]], period: Period | None) -> Series:
    if period is None:
        days = [a.day for side in acts for a in side]
        today = dt.date.today()
        period = Period(min(days, default=today), max(days, default=today))
    kept = tuple(tuple(sorted((a for a in side if period.start <= a.day <= period.end),
                              key=lambda a: (a.day, a.event_id))) for side in acts)
    return Series(parties=parties, period=period, acts=kept)


def period_of(since: str | None, until: str | None, acts: Iterable[Act] = ()) -> Period:
    """The period asked (``since``/``until`` as YYYY, YYYY-MM or YYYY-MM-DD: from the first day
    of ``since`` to the last day of ``until``), each end defaulting to the first or last of
    ``acts`` (today when there are none).  E801 when a date is malformed or the period is empty."""
    days = [a.day for a in acts]
    lo = date_bound(since, end=False) if since else min(days, default=None)
    hi = date_bound(until, end=True) if until else max(days, default=None)
    if lo is None or hi is None:
        lo = hi = lo or hi or dt.date.today()
    if hi < lo:
        raise SitrepError(f"the period is empty: since {lo} is after until {hi}", code="E801")
    return Period(lo, hi)


def restrict(series: Series, period: Period) -> Series:
    """The series over another period: acts outside it dropped."""
    return Series(parties=series.parties, period=period,
                  acts=tuple(tuple(a for a in side if period.start <= a.day <= period.end) for side in series.acts))


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_bound(value: str, *, end: bool) -> dt.date:
    """The first (or, with ``end``, the last) day of YYYY, YYYY-MM or YYYY-MM-DD; E801 otherwise."""
    m = _DATE.match(value.strip())
    try:
        if not m:
            raise ValueError(value)
        y, mo, d = int(m[1]), int(m[2] or (12 if end else 1)), m[3]
        if d:
            return dt.date(y, mo, int(d))
        if not end:
            return dt.date(y, mo, 1)
        nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    except ValueError:
        raise SitrepError(f"{'until' if end else 'since'}={value!r} is not a date "
                          "(YYYY, YYYY-MM or YYYY-MM-DD)", code="E801") from None


def parse_families(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """Families named by a comma-separated string or a sequence; E801 for an unknown one."""
    if not value:
        return DEFAULT_FAMILIES
    items = [v.strip().lower() for v in (value.split(",") if isinstance(value, str) else value)]
    items = [v for v in items if v]
    bad = [v for v in items if v not in HOSTILE_FAMILIES + ("cooperation",)]
    if bad:
        raise SitrepError(f"unknown event family {bad[0]!r} (one of violence, unrest, coercion, posture, verbal, "
                          "cooperation)", code="E801")
    return tuple(dict.fromkeys(items)) or DEFAULT_FAMILIES


# --- the knowledge base ----------------------------------------------------------------------

def kb_party(kb: Any, name: str) -> Party:
    """The party an id, name or alias names in the knowledge base; E801 when none does."""
    ids = kb.resolve_actor(name)
    if not ids:
        raise SitrepError(f"no actor named {name!r} in the knowledge base {kb.url}", code="E801")
    actor = kb.actor(ids[0], limit=0).actor
    country = actor.country if actor.type in STATE_TYPES else None  # a state's forces stand for the state
    return Party(name=actor.name, key=actor.id, keys=frozenset(ids), country=country)


def acts_from_kb(kb: Any, families: Sequence[str], since: str | None = None,
                 until: str | None = None) -> ActTable:
    """Hostile acts of the knowledge base (see module doc): every merged event of ``families``
    in the period with an actor and a target, dated to one day (precision ``day`` or
    ``report``), not false or denied.  An act's causes are every cause the knowledge base
    links to it (``KB.cause_links`` when the knowledge base has it: links stated across
    articles and added by analysts) together with the event's own ``caused_by``."""
    events = kb.events(family=list(families), since=since, until=until, limit=None, order="date",
                       with_reports=False)
    linked = _cause_links(kb, [m.event.id for m in events])
    left: Counter[str] = Counter()
    acts: list[Act] = []
    keys: set[str] = set()
    for m in events:
        e = m.event
        if e.certainty in EXCLUDED_CERTAINTIES:
            left["marked false or denied"] += 1
            continue
        if not e.actors or not e.targets:
            left["no named actor or target"] += 1
            continue
        day = _event_day(e.date)
        if day is None:
            left["not dated to a day"] += 1
            continue
        cause = e.caused_by
        causes = tuple(cause) if isinstance(cause, (list, tuple)) else ((cause,) if cause else ())
        notes = tuple(linked.get(e.id, ()))
        causes = tuple(dict.fromkeys((*causes, *(n[0] for n in notes))))
        place = e.location.name if e.location else None
        from ..merge import family_of
        acts.append(Act(day=day, actors=tuple(e.actors), targets=tuple(e.targets), type=e.type,
                        family=family_of(e.type), event_id=e.id, fatalities=e.fatalities, caused_by=causes,
                        evidence=_clip(e.evidence[0].text) if e.evidence else "", place=place,
                        cause_notes=notes))
        keys.update(e.actors)
        keys.update(e.targets)
    acts = _with_effect_evidence(kb, acts)
    return ActTable(acts=tuple(acts), refs=_kb_refs(kb, keys), origin=f"knowledge base {kb.url}",
                    families=tuple(families), left_out=dict(left))


MAX_EVIDENCE_LOOKUPS = 5000


def _with_effect_evidence(kb: Any, acts: list[Act]) -> list[Act]:
    """Acts that answered another (``caused_by``) but carry no evidence (events are read without
    their reports, for speed) get their first evidence sentence, read one by one (at most
    :data:`MAX_EVIDENCE_LOOKUPS`: effects are few beside all acts)."""
    from dataclasses import replace
    out, looked = [], 0
    for a in acts:
        stated = {n[0] for n in a.cause_notes if n[2]}
        if a.caused_by and not a.evidence and set(a.caused_by) - stated and looked < MAX_EVIDENCE_LOOKUPS:
            looked += 1
            try:
                ev = kb.event(a.event_id, chain=0).event.event.evidence
            except (SitrepError, AttributeError):
                ev = ()
            if ev:
                a = replace(a, evidence=_clip(ev[0].text))
        out.append(a)
    return out


def _cause_links(kb: Any, event_ids: Sequence[str]) -> dict[str, list[tuple[str, str, str]]]:
    """effect id -> [(cause id, origin, evidence)] from ``kb.cause_links`` ({} when the knowledge
    base has no such method: the events' own ``caused_by`` is then all there is)."""
    links = getattr(kb, "cause_links", None)
    if not callable(links) or not event_ids:
        return {}
    out: dict[str, list[tuple[str, str, str]]] = {}
    for link in links(event_ids=list(event_ids)):
        evidence = getattr(link, "evidence", "") or ""
        if not isinstance(evidence, str):  # an Evidence record or a sequence of them
            first = evidence[0] if isinstance(evidence, (list, tuple)) and evidence else evidence
            evidence = getattr(first, "text", "") if first else ""
        out.setdefault(link.effect_id, []).append(
            (link.cause_id, str(getattr(link, "origin", "text") or "text"), _clip(evidence)))
    return out


def _kb_refs(kb: Any, keys: Iterable[str]) -> dict[str, ActorRef]:
    """Display names of the acts' actors, and the country of those that are a state's own."""
    keys = set(keys)
    refs = {k: ActorRef(k, n) for k, n in kb.actor_names(keys).items()}
    refs.update({k: ActorRef(k, k) for k in keys - set(refs)})
    for kind in STATE_TYPES:
        for summary in kb.actors(type=kind, limit=1_000_000):
            a = summary.actor
            if a.id in refs and a.country:
                refs[a.id] = ActorRef(a.id, refs[a.id].name, state=a.country)
    return refs


def _event_day(date: Any) -> dt.date | None:
    if date is None or not date.start or date.start != date.end or len(date.start) != 10:
        return None
    try:
        return dt.date.fromisoformat(date.start)
    except ValueError:
        return None


def _clip(text: str, n: int = EVIDENCE_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n - 1] + "\u2026"


# --- ACLED exports ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def acled_families(codes_path: str | None = None) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """(event type, sub-event type) -> family and event type -> family, read backwards from the
    ACLED columns of ``codes.yaml`` (:func:`sitrep.exports.load_codes`); a pair or type that
    sitrep types of different families map to is left out (ambiguous)."""
    from ..exports import load_codes
    from ..merge import family_of
    codes = load_codes(codes_path)
    pairs: dict[tuple[str, str], set[str]] = {}
    types: dict[str, set[str]] = {}
    mapped = [(t, spec.get("acled")) for t, spec in codes.event_types.items()]
    mapped += list(codes.acled_civilian_target.items())
    for sitrep_type, acled in mapped:
        if not acled or len(acled) < 2:
            continue
        fam = family_of(sitrep_type)
        pairs.setdefault((_low(acled[0]), _low(acled[1])), set()).add(fam)
        types.setdefault(_low(acled[0]), set()).add(fam)
    return ({k: next(iter(v)) for k, v in pairs.items() if len(v) == 1},
            {k: next(iter(v)) for k, v in types.items() if len(v) == 1})


def acled_family(event_type: str, sub_event_type: str) -> str | None:
    """The family of an ACLED row's type (see :func:`acled_families`), None when it has none."""
    pairs, types = acled_families()
    return pairs.get((_low(event_type), _low(sub_event_type))) or types.get(_low(event_type))


def _low(text: str) -> str:
    return " ".join((text or "").lower().split())


class AcledNames:
    """ACLED actor names -> :class:`ActorRef`, through the gazetteer (cached per name)."""

    def __init__(self, gazetteer: Any):
        self.gazetteer = gazetteer
        self.states = {}
        for e in gazetteer.entries.values():
            if e.type == "state" and e.country:
                self.states.setdefault(e.country, e)
        self._cache: dict[str, ActorRef | None] = {}

    def ref(self, raw: str) -> ActorRef | None:
        """The actor an ACLED name (or a name typed by the user) stands for; None when empty."""
        raw = (raw or "").strip()
        if raw not in self._cache:
            self._cache[raw] = self._read(raw)
        return self._cache[raw]

    def _read(self, raw: str) -> ActorRef | None:
        from ..evaluate import fold, parse_acled_actor
        a = parse_acled_actor(raw)
        if not a.names:
            return None
        if a.unidentified:
            return ActorRef(f"name:{a.names[0]}", raw, frozenset(a.names))
        if a.state and not a.faction:
            e = self.states.get(a.state)
            key = e.id if e else f"state:{a.state}"
            return ActorRef(key, e.name if e else raw, frozenset(a.names), state=a.state)
        halves = [p.strip() for p in raw.split(":")] if ":" in raw else []
        forms = [raw, *halves, *([a.faction] if a.faction else []), *a.names]
        forms += [f for f in (_bare(x) for x in forms) if f]
        for form in forms:
            e = self.gazetteer.lookup(form) if form else None
            if e is not None:
                names = frozenset({*a.names, fold(e.name), *(fold(x) for x in e.aliases)})
                return ActorRef(e.id, e.name, names, state=e.country if e.type in STATE_TYPES else None)
        return ActorRef(f"name:{a.names[-1]}", raw, frozenset(a.names))

    def party(self, name: str) -> Party:
        """The party a name typed by the user stands for; E801 when it is empty."""
        ref = self.ref(name)
        if ref is None:
            raise SitrepError(f"{name!r} does not name an actor", code="E801")
        entry = self.gazetteer.get(ref.key)
        country = entry.country if entry is not None and entry.type in STATE_TYPES else (
            ref.state if ref.key.startswith("state:") else None)
        return Party(name=ref.name if entry is not None else name.strip(), key=ref.key, keys=frozenset({ref.key}),
                     names=ref.names, country=country)


GENERIC_SUFFIXES = ("movement", "group", "militia", "militias", "organisation", "organization", "faction",
                    "brigades", "brigade")


def _bare(name: str) -> str | None:
    """A name without one trailing generic word ("Hamas Movement" -> "Hamas"), None when it has
    none or nothing would be left; ACLED adds such words to names the gazetteer holds bare."""
    words = name.split()
    if len(words) > 1 and words[-1].lower().strip(".,") in GENERIC_SUFFIXES:
        return " ".join(words[:-1])
    return None


def acled_names(gazetteers: Sequence[str] = ()) -> AcledNames:
    """An :class:`AcledNames` over the bundled gazetteer and ``gazetteers`` files."""
    from ..actors import load_gazetteer
    return AcledNames(load_gazetteer(gazetteers))




def acts_from_acled(path: str | Path, names: AcledNames, families: Sequence[str],
                    since: str | None = None, until: str | None = None) -> ActTable:
    """Hostile acts of an ACLED export (see module doc).  Rows that cannot be read are left out
    and warned about once (W800, first lines given); E802 when the file cannot be read (not a
    CSV file) or lacks ``event_date``, ``event_type``, ``actor1`` or ``actor2``."""
    from ..evaluate import _decode, date_order, parse_acled_date
    try:
        text = _decode(Path(path).read_bytes())
    except OSError as exc:
        raise SitrepError(f"cannot read ACLED export {path}: {exc}", code="E802") from exc
    problems: list[RowProblem] = []
    records = _csv_records(text, str(path), problems)
    order = date_order(rec.get("event_date", "") for _, rec in records)
    lo = date_bound(since, end=False) if since else None
    hi = date_bound(until, end=True) if until else None
    wanted = set(families)
    acts: list[Act] = []
    refs: dict[str, ActorRef] = {}
    left: Counter[str] = Counter()
    kinds: dict[tuple[str, str], str | None] = {}           # (event type, sub-event type) -> family
    sides: dict[tuple[str, str], list[ActorRef]] = {}       # (actor, associated actors) -> refs
    for line, rec in records:
        try:
            day = parse_acled_date(rec.get("event_date", ""), order)
        except ValueError as exc:
            problems.append(RowProblem(line, str(exc)))
            continue
        if (lo and day < lo) or (hi and day > hi):
            continue
        kind = (rec.get("event_type", ""), rec.get("sub_event_type", ""))
        family = kinds[kind] if kind in kinds else kinds.setdefault(kind, acled_family(*kind))
        if family not in wanted:
            left["type outside the families asked"] += 1
            continue
        deaths = rec.get("fatalities", "").strip()
        if deaths and not deaths.isdigit():
            problems.append(RowProblem(line, f"fatalities {deaths!r} is not a whole number"))
            continue
        doers = sides.get(pair := (rec.get("actor1", ""), rec.get("assoc_actor_1", "")))
        if doers is None:
            doers = sides[pair] = _side_refs(names, *pair)
        done_to = sides.get(pair := (rec.get("actor2", ""), rec.get("assoc_actor_2", "")))
        if done_to is None:
            done_to = sides[pair] = _side_refs(names, *pair)
        if not doers or not done_to:
            left["no actor or no target"] += 1
            continue
        for r in (*doers, *done_to):
            refs.setdefault(r.key, r)
        acts.append(Act(day=day, actors=tuple(dict.fromkeys(r.key for r in doers)),
                        targets=tuple(dict.fromkeys(r.key for r in done_to)),
                        type=(rec.get("sub_event_type") or rec.get("event_type") or "").strip(), family=family,
                        event_id=(rec.get("event_id_cnty") or "").strip() or f"row{line}",
                        fatalities=int(deaths) if deaths else None, evidence=_clip(rec.get("notes", "")),
                        place=(rec.get("location") or "").strip() or None))
    if problems:
        problems.sort(key=lambda p: p.line)
        shown = "; ".join(f"line {p.line}: {p.message}" for p in problems[:3])
        warn("W800", f"{path}: {len(problems)} row(s) skipped ({shown}{' ...' if len(problems) > 3 else ''})")
        left["unreadable row"] = len(problems)
    return ActTable(acts=tuple(acts), refs=refs, origin=f"ACLED export {path}", families=tuple(families),
                    left_out=dict(left))


def _side_refs(names: AcledNames, main: str, assoc: str) -> list[ActorRef]:
    out = [names.ref(n) for n in (main, *(assoc or "").split(";"))]
    return [r for r in out if r is not None]


def _csv_records(text: str, origin: str, problems: list[RowProblem]) -> list[tuple[int, dict[str, str]]]:
    """(line, record) pairs of a comma, semicolon or tab separated file, keys the header's
    names in lower case; a row with another number of fields than the header goes to
    ``problems``.  E802 without a header or without the required columns."""
    delimiter = sniff_delimiter((text.splitlines() or [""])[0])
    # newline="": the csv module sees the file's own line ends (\r\n, \n or a bare \r)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _read_records(reader, origin, problems)
    except csv.Error as exc:
        raise SitrepError(f"{origin}: not a readable CSV file (line {reader.line_num}: {exc})", code="E802") from None


def _read_records(reader: Any, origin: str, problems: list[RowProblem]) -> list[tuple[int, dict[str, str]]]:
    header = header_of(reader)
    if not header:
        raise SitrepError(f"{origin}: empty file, no header row", code="E802")
    missing = [c for c in REQUIRED_ACLED_COLUMNS if c not in header]
    if missing:
        why = "; without event_type no row can be typed as a hostile act" if "event_type" in missing else ""
        found = _clip(", ".join(header[:12]), 160)
        raise SitrepError(f"{origin}: no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}{why} "
                          f"(found: {found})", code="E802")
    return list(csv_rows(reader, header, problems.append))


__all__ = [
    "DEFAULT_FAMILIES", "Act", "ActorRef", "ActTable", "Party", "Period", "SeriesDay", "Series", "AcledNames",
    "dyad_series", "top_series", "period_of", "restrict", "date_bound", "parse_families", "kb_party", "acts_from_kb", "acts_from_acled",
    "acled_names", "acled_families", "acled_family",
]
