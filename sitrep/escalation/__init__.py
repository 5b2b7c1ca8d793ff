"""Escalation analysis: who answers whom, how fast, and how much violence is reaction.

>>> from sitrep.escalation import escalation
>>> esc = escalation(["United States", "Kataib Hezbollah"], db="sitrep.db", since="2019-12")
>>> esc.to_dict()["hawkes"]["branching"]        # [[a<-a, a<-b], [b<-a, b<-b]]
>>> escalation(top=5, acled="export.csv")       # the five most active actors: who excites whom

:func:`escalation` reads the dyadic series (:mod:`.series`, from the knowledge base or an
ACLED export), then computes, for the two sides A and B:

* *chains*: the ``caused_by`` links between the two sides' acts, with lags: stated by the
  sources, or added by an analyst (each link keeps its origin and its own sentence);
* *response lags*: for each act of A on B, the days until B's next act on A (and the other
  way round), against a permutation baseline (:func:`.lags.response_lags`);
* a bivariate *Hawkes process* with exponential kernel fitted by maximum likelihood
  (:func:`.hawkes.fit_hawkes`): baseline per side (events/day), branching matrix
  (``branching[i][j]``: expected acts of side i triggered by one act of side j), decay (per
  day), standard errors, the triggered share per side and a time-rescaling test, beside the
  same test under a homogeneous Poisson model (:func:`.hawkes.poisson_gof`);
* a *VAR* on weekly counts with Granger tests (:func:`.var.var_granger`), the literature's
  cross-check (Haushofer, Biletzki & Kanwisher, PNAS 2010).

With ``top=K`` the K most active sides are taken instead (:func:`top_series`: by acts done on
the others), dimension i being side i's acts on any of the others, and the K-dimensional
process shows who excites whom.  A state with its own forces and government is one side
(:func:`same_side`): two names for one side are E801 as a dyad.  Same-day ties are spread by
:func:`fit_times`, each side from its own seed, so the order the sides are named in does not
change the answer.

Rules: a model is fitted, and response lags measured, only when every side has at least
:data:`MIN_EVENTS` acts (fewer: the result says the fit is not identifiable and reports no
estimate, only the counts and the chains the sources state; Lewis et al., Security Journal
2012, fit thousands); the VAR needs at least :data:`MIN_WEEKS` weeks.  Ties inside a day are
spread by the fit (uniform jitter with a reported seed, see ``HawkesFit.ties``).

Errors (:class:`sitrep.errors.SitrepError`): E800 when scipy or statsmodels is missing (the
``analysis`` extra), E801 for a bad request (actors, one side named twice, both a knowledge
base and an ACLED export, period, families, K, an export without a hostile row), E802 for an
unreadable ACLED export, E803 when the statistics refuse the series.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import SitrepError
from ..records import to_dict
from .series import (DEFAULT_FAMILIES, Act, ActorRef, ActTable, Party, Period, Series, _series, acled_names,
                     acts_from_acled, acts_from_kb, dyad_series, kb_party, parse_families, period_of, restrict)

FORMAT = "sitrep-escalation/1"
MIN_EVENTS = 30
MIN_WEEKS = 26
MAX_TOP = 12
MAX_PERMUTATIONS = 100_000
OPTIONAL_MODULES = frozenset({"numpy", "scipy", "statsmodels", "pandas", "patsy"})
EXTRA = "analysis"


# --- records ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Chain:
    """A ``caused_by`` link between two acts of the analysis: ``effect`` answered ``cause``.

    ``cause_side``/``effect_side`` are dimension indexes (0: A on B, 1: B on A); ``lag_days``
    whole days from the cause to the effect; ``evidence`` the sentence stating the link (a cause
    named by the effect's own event, with no link record, has the effect's sentence; an analyst's
    link has none); ``origin``: ``text`` (an article states it), ``reference`` (a cause phrase of
    one article matched to an event of another) or ``analyst`` (added by hand)."""
    cause_id: str
    effect_id: str
    cause_side: int
    effect_side: int
    cause_day: dt.date
    effect_day: dt.date
    cause_type: str
    effect_type: str
    evidence: str = ""
    origin: str = "text"

    @property
    def lag_days(self) -> int:
        return (self.effect_day - self.cause_day).days

    @property
    def crosses(self) -> bool:
        """True when one side answers the other (not itself)."""
        return self.cause_side != self.effect_side

    def to_dict(self) -> dict[str, Any]:
        return {"cause": self.cause_id, "effect": self.effect_id, "cause_side": self.cause_side,
                "effect_side": self.effect_side, "cause_date": self.cause_day.isoformat(),
                "effect_date": self.effect_day.isoformat(), "lag_days": self.lag_days,
                "cause_type": self.cause_type, "effect_type": self.effect_type, "crosses": self.crosses,
                "origin": self.origin, "evidence": self.evidence}


@dataclass(frozen=True)
class Response:
    """Empirical response lags: how fast ``responder``'s acts follow ``to``'s (dimension indexes)."""
    responder: int
    to: int
    result: Any  # lags.LagResult

    def to_dict(self) -> dict[str, Any]:
        return {"responder": self.responder, "to": self.to, **_plain(self.result)}


@dataclass(frozen=True)
class Escalation:
    """The whole analysis of one dyad (or of the K most active actors).

    ``parties``: the sides, in dimension order; ``series``: their acts; ``hawkes`` is None
    when the fit was not identifiable (``identifiable`` False, ``reason`` says why); ``var`` is
    None when not estimated (``notes`` say why).  ``attribution[i][j]``: the stationary reading
    ``branching[i][j] * n_j / n_i`` of the share of side i's acts triggered by side j's, a
    fallback only: the JSON gives the fit's exact ``triggered_by`` (edge effects included).
    ``asked``: with ``top``, the keys of the parties the user named (the others were chosen by
    activity)."""
    parties: tuple[Party, ...]
    period: Period
    origin: str
    families: tuple[str, ...]
    series: Series
    chains: tuple[Chain, ...] = ()
    lags: tuple[Response, ...] = ()
    hawkes: Any = None            # hawkes.HawkesFit
    poisson_gof: Any = None       # dict, the same test under a Poisson model
    var: Any = None               # var.VarResult
    identifiable: bool = False
    reason: str = ""
    notes: tuple[str, ...] = ()
    left_out: dict[str, int] = field(default_factory=dict)
    seed: int = 7
    top: int | None = None
    asked: tuple[str, ...] = ()   # top-K: keys of the parties named by the user (not chosen by activity)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parties)

    @property
    def n_events(self) -> tuple[int, ...]:
        return self.series.n_events

    @property
    def attribution(self) -> tuple[tuple[float, ...], ...] | None:
        if self.hawkes is None:
            return None
        n = self.n_events
        return tuple(tuple(min(1.0, self.hawkes.branching[i][j] * n[j] / n[i]) if n[i] else 0.0
                           for j in range(len(n))) for i in range(len(n)))

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: ``{"dyad", "period", "n_events", "series", "chains", "lags", "hawkes", "var", ...}``."""
        from .report import summary_lines
        names = list(self.names)
        return {
            "format": FORMAT, "dyad": names, "ids": [p.key for p in self.parties], "top": self.top,
            "source": self.origin, "families": list(self.families), "period": self.period.to_dict(),
            "n_events": list(self.n_events), "dimensions": _dimension_labels(self),
            "series": [d.to_dict() for d in self.series.days()],
            "chains": [c.to_dict() for c in self.chains],
            "lags": {_lag_key(r, len(names)): r.to_dict() for r in self.lags},
            "hawkes": self._hawkes_dict(), "var": self._var_dict(),
            "summary": summary_lines(self), "notes": list(self.notes), "left_out": dict(self.left_out),
            "min_events": MIN_EVENTS, "seed": self.seed, "asked": list(self.asked),
        }

    def _hawkes_dict(self) -> dict[str, Any]:
        if self.hawkes is None:
            return {"identifiable": False, "reason": self.reason, "n_events": list(self.n_events),
                    "min_events": MIN_EVENTS}
        fit = _plain(self.hawkes)
        fit["identifiable"] = True
        fit["poisson_gof"] = _plain(self.poisson_gof)
        return fit

    def _var_dict(self) -> dict[str, Any]:
        if self.var is None:
            why = next((n for n in self.notes if n.startswith("VAR")), self.reason or "not estimated")
            return {"estimated": False, "reason": why}
        if getattr(self.var, "estimable", True) is False:
            notes = getattr(self.var, "notes", ()) or ("not estimable",)
            return {"estimated": False, "reason": f"VAR not estimated: {notes[0]}", **_plain(self.var)}
        return {"estimated": True, **_plain(self.var)}


def _lag_key(r: Response, dims: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return f"{letters[r.responder]}_answers_{letters[r.to]}" if dims <= 26 else f"{r.responder}_answers_{r.to}"


def _dimension_labels(esc: Escalation) -> list[str]:
    names = esc.names
    if esc.top is None and len(names) == 2:
        return [f"{names[0]} on {names[1]}", f"{names[1]} on {names[0]}"]
    return [f"{n} on the others" for n in names]


def _plain(value: Any) -> Any:
    """Records, numpy scalars and arrays as plain JSON values (NaN and infinities as None)."""
    value = to_dict(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return _plain(value.tolist())
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    return value


# --- optional dependencies -------------------------------------------------------------------

@contextmanager
def needs_analysis() -> Iterator[None]:
    """Turn a missing optional module (scipy, statsmodels ...) into E800 naming the extra."""
    try:
        yield
    except ModuleNotFoundError as exc:
        root = (exc.name or "").split(".")[0]
        if root not in OPTIONAL_MODULES:
            raise
        raise SitrepError(f"the escalation analysis needs {root}, which is not installed: "
                          f"pip install 'sitrep[{EXTRA}]'", code="E800") from None


@contextmanager
def _statistics() -> Iterator[None]:
    """Missing modules -> E800; a series the statistics refuse -> E803."""
    from .checks import EscalationInputError
    with needs_analysis():
        try:
            yield
        except EscalationInputError as exc:
            raise SitrepError(f"the statistics cannot use this series: {exc}", code="E803") from None


def _stats(module: str) -> Any:
    with needs_analysis():
        return importlib.import_module(f"{__name__}.{module}")


# --- the analysis ----------------------------------------------------------------------------

def escalation(actors: Sequence[str] = (), *, db: str | None = None, kb: Any = None, acled: str | None = None,
               since: str | None = None, until: str | None = None,
               families: str | Sequence[str] | None = DEFAULT_FAMILIES, top: int | None = None,
               n_permutations: int = 1000, seed: int = 7, gazetteers: Sequence[str] = ()) -> Escalation:
    """Analyse the dyad ``actors`` (two ids, names or aliases) or, with ``top=K``, the K most
    active actors (``actors`` then names any that must be among them).

    Source: ``acled`` (an ACLED export CSV), else ``kb`` (an open :class:`sitrep.kb.KB`), else
    ``db`` (a knowledge-base URL).  ``since``/``until``: YYYY, YYYY-MM or YYYY-MM-DD (default:
    the first and last act of the sides).  ``families``: event families counted as hostile acts
    (comma-separated or a sequence).  ``n_permutations`` and ``seed`` drive the lag baseline and
    the jitter of same-day ties.  Raises E800, E801, E802 or E803 (module docstring)."""
    actors = [a for a in (actors or ()) if a and a.strip()]
    if acled and (db or kb is not None):
        raise SitrepError("give --db or --acled, not both (the analysis reads one source)", code="E801")
    fams = parse_families(families)
    _check_request(actors, top, n_permutations)
    period_of(since, until)  # E801 early for a malformed date
    table, parties = _read(actors, db=db, kb=kb, acled=acled, since=since, until=until, families=fams,
                           gazetteers=gazetteers)
    if acled and not table.acts:
        other = table.left_out.get("type outside the families asked", 0)
        raise SitrepError(f"no row of {acled}{' in the period asked' if since or until else ''} is a hostile act "
                          f"of the families asked ({', '.join(fams)})"
                          + (f": {other} row(s) have other event types" if other else ""), code="E801")
    if acled:
        for name, party in zip(actors, parties):
            if not any(party.covers(ref) for ref in table.refs.values()):
                raise SitrepError(f"no hostile act of the export names {name!r} (actor1, actor2 or an associated "
                                  f"actor{', in the period asked' if since or until else ''})", code="E801")
    for i, p in enumerate(parties):
        for j in range(i):
            if same_side(parties[j], p):
                raise SitrepError(f"{actors[j]!r} and {actors[i]!r} are one side ({parties[j].name} and "
                                  f"{parties[i].name}: the same actor, or a state and its own forces or "
                                  "government), not adversaries", code="E801")
    if top is not None:
        raw = top_series(table, top, first=parties)
    else:
        raw = dyad_series(table, parties[0], parties[1])
    series = restrict(raw, period_of(since, until, (a for side in raw.acts for a in side)))
    if not any(series.n_events):
        raise SitrepError(f"no hostile act between {_and_names(series.parties)}"
                          f"{' in the period asked' if since or until else ''} ({table.origin})", code="E801")
    return analyse(series, origin=table.origin, families=fams, left_out=table.left_out, top=top,
                   n_permutations=n_permutations, seed=seed, asked=tuple(p.key for p in parties) if top else ())


def _and_names(parties: Sequence[Party]) -> str:
    names = [p.name for p in parties]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def same_side(p: Party, q: Party) -> bool:
    """Do two parties stand for one side?  The same actor, or a state with its own forces or
    government (the rule of :meth:`sitrep.kb.KB.chains`: one side ``state:<country>``)."""
    return bool(p.keys & q.keys or (p.country and p.country == q.country) or (p.names & q.names))


def _side_id(ref: ActorRef) -> str:
    return f"state:{ref.state}" if ref.state else ref.key


def top_series(table: ActTable, k: int, period: Period | None = None, first: Sequence[Party] = ()) -> Series:
    """The K most active sides and, for each, its acts on any of the others.

    Sides: an actor, or a state with its own forces and government (one side, as in
    :func:`same_side`).  Activity is acts *done* (as actor) on another side; the K sides are the
    most active, then improved by swaps (at most 2K): the side with the fewest acts done on the
    other chosen sides (then the fewest suffered from them) gives way to the side outside with
    the most acts on the rest (then the most suffered), while that is more; so a side only ever
    acted on, or acting only on sides left out, makes room for one that acts on the others.
    ``first``: parties the user named, always kept.  The sides come ordered by their acts on
    the others (ties by key), whatever the order they were named in, so the same data gives
    the same answer.  A state side is named after its shortest member name (the state itself,
    as a rule).  Linear in the number of acts (times 2K passes)."""
    forced = list(first)
    refs = table.refs
    side_cache: dict[str, str] = {}

    def side(key: str) -> str:
        if key not in side_cache:
            ref = refs.get(key) or ActorRef(key, key)
            hit = next((i for i, p in enumerate(forced) if p.covers(ref)), None)
            side_cache[key] = f"asked:{hit}" if hit is not None else _side_id(ref)
        return side_cache[key]

    members: dict[str, set[str]] = {}
    moves: list[tuple[str, frozenset[str]]] = []
    for act in table.acts:
        for key in (*act.actors, *act.targets):
            members.setdefault(side(key), set()).add(key)
        doers = {side(x) for x in act.actors}
        if len(doers) == 1:
            d = next(iter(doers))
            moves.append((d, frozenset(side(x) for x in act.targets) - {d}))
    asked = [f"asked:{i}" for i in range(len(forced))]

    def worth(chosen: set[str]) -> tuple[Counter[str], Counter[str]]:
        """For each member of ``chosen``: its acts on the other members, and the members' acts on
        it that count for nothing else (it is their only chosen target): what leaves with it."""
        done_on: Counter[str] = Counter()
        only: Counter[str] = Counter()
        for d, on in moves:
            if d in chosen:
                hit = (on & chosen) - {d}
                if hit:
                    done_on[d] += 1
                    if len(hit) == 1:
                        only[next(iter(hit))] += 1
        return done_on, only

    def gain(rest: set[str]) -> tuple[Counter[str], Counter[str]]:
        """For each side outside ``rest``: its acts on ``rest``, and the acts of ``rest`` on it
        that would count for nothing else."""
        by: Counter[str] = Counter()
        to: Counter[str] = Counter()
        for d, on in moves:
            if d in rest:
                if not (on & rest) - {d}:
                    for x in on - rest - {d}:
                        to[x] += 1
            elif (on & rest) - {d}:
                by[d] += 1
        return by, to

    done: Counter[str] = Counter(d for d, on in moves if on)
    ranked = [x for x in sorted(done, key=lambda x: (-done[x], x)) if x not in asked]
    chosen = set(asked) | set(ranked[:max(0, k - len(asked))])
    for _ in range(2 * k):
        done_on, only = worth(chosen)
        free = chosen - set(asked)
        if not free:
            break
        # acts done on the others first (a fit needs every side to act), acts suffered second
        weakest = min(free, key=lambda x: (done_on[x], only[x], -done[x], x))
        rest = chosen - {weakest}
        by, to = gain(rest)
        waiting = [x for x in set(by) | set(to) if x not in chosen and not x.startswith("asked:")]
        if not waiting:
            break
        best = min(waiting, key=lambda x: (-by[x], -to[x], -done[x], x))
        if (by[best], to[best]) <= (done_on[weakest], only[weakest]):
            break
        chosen = rest | {best}
    counts = worth(chosen)[0]
    party_of: dict[str, Party] = {}
    for sid in chosen:
        if sid in asked:
            party_of[sid] = forced[int(sid.split(":")[1])]
            continue
        keys = sorted(members.get(sid, {sid}))
        named = min(keys, key=lambda key: (len(refs[key].name) if key in refs else len(key), key))
        ref = refs.get(named) or ActorRef(named, named)
        party_of[sid] = Party(name=ref.name, key=named, keys=frozenset(keys),
                              country=sid[6:] if sid.startswith("state:") else None)
    order = sorted(chosen, key=lambda x: (-counts[x], party_of[x].key))
    parties = [party_of[sid] for sid in order]
    index = {sid: i for i, sid in enumerate(order)}
    acts: list[list[Act]] = [[] for _ in order]
    for act in table.acts:
        doers = {index.get(side(x)) for x in act.actors} - {None}
        done_to = {index.get(side(x)) for x in act.targets} - {None}
        if len(doers) == 1:
            i = next(iter(doers))
            if done_to - {i}:
                acts[i].append(act)
    return _series(tuple(parties), tuple(acts), period)



def _check_request(actors: Sequence[str], top: int | None, n_permutations: int = 1000) -> None:
    if not 1 <= n_permutations <= MAX_PERMUTATIONS:
        raise SitrepError(f"--permutations must be between 1 and {MAX_PERMUTATIONS}, got {n_permutations}",
                          code="E801")
    if top is None:
        if len(actors) != 2:
            raise SitrepError(f"name two actors (--actor A --actor B), or ask for --top K; got {len(actors)}",
                              code="E801")
        if actors[0].strip().lower() == actors[1].strip().lower():
            raise SitrepError(f"the two actors are the same: {actors[0]!r}", code="E801")
        return
    if not 2 <= top <= MAX_TOP:
        raise SitrepError(f"--top must be between 2 and {MAX_TOP}, got {top}", code="E801")
    if len(actors) > top:
        raise SitrepError(f"{len(actors)} actors named but --top is {top}", code="E801")


def _read(actors: Sequence[str], *, db: str | None, kb: Any, acled: str | None, since: str | None,
          until: str | None, families: tuple[str, ...], gazetteers: Sequence[str]
          ) -> tuple[ActTable, list[Party]]:
    if acled:
        names = acled_names(gazetteers)
        parties = [names.party(a) for a in actors]
        return acts_from_acled(acled, names, families, since, until), parties
    if kb is None:
        from ..kb import open_kb
        with open_kb(db or "sitrep.db") as own:
            return _read(actors, db=None, kb=own, acled=None, since=since, until=until, families=families,
                         gazetteers=gazetteers)
    parties = [kb_party(kb, a) for a in actors]
    return acts_from_kb(kb, families, _kb_date(since), _kb_date(until)), parties


def _kb_date(value: str | None) -> str | None:
    return value.strip() if value else None


def analyse(series: Series, *, origin: str = "", families: Sequence[str] = DEFAULT_FAMILIES,
            left_out: dict[str, int] | None = None, top: int | None = None, n_permutations: int = 1000,
            seed: int = 7, asked: Sequence[str] = ()) -> Escalation:
    """The statistics of a built series (see the module docstring); the step after reading."""
    notes: list[str] = []
    esc = Escalation(parties=series.parties, period=series.period, origin=origin, families=tuple(families),
                     series=series, chains=chains_of(series), left_out=dict(left_out or {}), seed=seed, top=top,
                     asked=tuple(asked))
    short = [p.name for p, n in zip(series.parties, series.n_events) if n < MIN_EVENTS]
    if short:
        reason = (f"not identifiable: too few acts to fit a model ({_counts(esc)}; at least {MIN_EVENTS} "
                  "a side are needed)")
        return replace(esc, identifiable=False, reason=reason, notes=tuple(notes))
    times = series.times()
    T = float(series.period.days)
    lags: list[Response] = []
    if series.dims == 2 and top is None:
        lags_mod = _stats("lags")
        with _statistics():
            for responder, to in ((1, 0), (0, 1)):
                lags.append(Response(responder, to, lags_mod.response_lags(
                    times[to], times[responder], T, n_permutations=n_permutations, seed=seed)))
    hawkes_mod = _stats("hawkes")
    spread, ties = fit_times(esc)
    with _statistics():
        fit = hawkes_mod.fit_hawkes(spread, T, seed=seed)
        poisson = hawkes_mod.poisson_gof(spread, T, seed=seed)
    fit = replace(fit, ties=ties)
    if not fit.identifiable:
        why = "; ".join(n for n in fit.notes if "identifiable" in n or "bound" in n) or \
            "; ".join(fit.notes) or "the fit did not settle on one answer"
        reason = f"not identifiable: {why.replace(': not identifiable', '')} ({_counts(esc)})"
        return replace(esc, lags=tuple(lags), identifiable=False, reason=reason, notes=tuple(notes))
    var = None
    if series.dims == 2:
        weekly = series.weekly()
        if len(weekly) < MIN_WEEKS:
            notes.append(f"VAR not estimated: {len(weekly)} weeks, at least {MIN_WEEKS} are needed")
        else:
            var_mod = _stats("var")
            with _statistics():
                try:
                    var = var_mod.var_granger(weekly)
                except (ValueError, ArithmeticError) as exc:
                    notes.append(f"VAR not estimated: {exc}")
            if var is not None and getattr(var, "estimable", True) is False:
                notes += [n if n.startswith("VAR") else f"VAR not estimated: {n}" for n in var.notes] or [
                    "VAR not estimated: the weekly counts do not allow it"]
                var = None
            elif var is not None:
                notes += [f"VAR: {n}" for n in getattr(var, "notes", ())]
    else:
        notes.append("VAR not estimated: the Granger cross-check is run for a dyad only")
    notes += [f"Hawkes fit: {n}" for n in getattr(fit, "notes", ())]
    for r in lags:
        me, other = series.parties[r.responder].name, series.parties[r.to].name
        notes += [f"Response lags ({me} to {other}): {_named(n, cause=other, responder=me)}"
                  for n in getattr(r.result, "notes", ())]
    return replace(esc, lags=tuple(lags), hawkes=fit, poisson_gof=poisson, var=var, identifiable=True,
                   notes=tuple(notes))


def _named(note: str, *, cause: str, responder: str) -> str:
    """A note of :mod:`.lags` (written of A, the cause series, and B, the responder) with the
    sides' names, and "1 act(s)" as "1 act"."""
    note = re.sub(r"\b(\d+) act\(s\)", lambda m: f"{m[1]} act{'' if m[1] == '1' else 's'}", note)
    def name(side: str, possessive: str) -> str:
        who = cause if side == "A" else responder
        return (who + ("'" if who.endswith(("s", "S")) else "'s")) if possessive else who
    return re.sub(r"\b([AB])('s)?(?![\w'])", lambda m: name(m[1], m[2]), note)


def _side_seed(seed: int, key: str) -> int:
    """A side's own jitter seed: from the run's seed and the side's key (stable across runs)."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{key}".encode()).digest()[:8], "big")


def fit_times(esc: Escalation) -> tuple[list[Any], str]:
    """The event times the Hawkes fit reads and the ``ties`` note: each day-stamped act moved to
    a uniform point inside its day, ``d + U`` with ``U`` in [0, 1), drawn for each side from a
    generator seeded by the run's seed *and the side's key* (:func:`_side_seed`), so a side's
    times do not depend on the order the sides were named in (the same data gives the same
    answer).  The fit then keeps these times as they are (they carry a fraction of a day)."""
    import numpy as np
    out, n = [], 0
    for party, t in zip(esc.parties, esc.series.times()):
        rng = np.random.default_rng(_side_seed(esc.seed, party.key))
        out.append(np.sort(t + rng.random(t.size)))
        n += int(t.size)
    ties = (f"uniform jitter within the day, seed {esc.seed}: each of the {n} day-stamped act times moved to a "
            "uniform point in [day, day + 1), drawn per side from the seed and the side's key")
    return out, ties


def _counts(esc: Escalation) -> str:
    labels = _dimension_labels(esc)
    return ", ".join(f"{label}: {n}" for label, n in zip(labels, esc.n_events))


def chains_of(series: Series) -> tuple[Chain, ...]:
    """The ``caused_by`` links between acts of the series (either side), by effect date."""
    where: dict[str, tuple[int, Act]] = {}
    for i, acts in enumerate(series.acts):
        for a in acts:
            where.setdefault(a.event_id, (i, a))
    out = []
    for i, acts in enumerate(series.acts):
        for a in acts:
            notes = {n[0]: n for n in a.cause_notes}
            for cause in a.caused_by:
                if cause in where and cause != a.event_id:
                    j, c = where[cause]
                    # the link's own origin and sentence; only a cause the event itself names (no
                    # link record) is shown with the event's sentence, the one that names the cause
                    _, origin, said = notes.get(cause, (cause, "text", a.evidence))
                    out.append(Chain(cause_id=c.event_id, effect_id=a.event_id, cause_side=j, effect_side=i,
                                     cause_day=c.day, effect_day=a.day, cause_type=c.type, effect_type=a.type,
                                     evidence=said, origin=origin))
    return tuple(sorted(out, key=lambda c: (c.effect_day, c.effect_id, c.cause_id)))


__all__ = ["escalation", "analyse", "chains_of", "needs_analysis", "same_side", "top_series", "fit_times",
           "Escalation", "Chain", "Response",
           "MIN_EVENTS", "MIN_WEEKS", "FORMAT", "Party", "Period", "Series"]
