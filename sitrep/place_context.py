"""Context scoring: which of the places a name can mean a text means.

A name found in a text ("Tripoli", "Georgia", a village name shared by forty villages) has
candidates; each gets a score, and the best one wins:

    score = prior                                    (what the name means with no context)
          + NAMED_COUNTRY  x the share of its country among the countries the text (or the
                             caller's context) names
          + PLACE_COUNTRY  x the share of its country among the text's other places
          + TEXT_ADMIN1      if its first-level division is that of another place of the text
                             (DIVISION_OF_PLACE when the candidate is that division itself)
          + NEXT_COUNTRY     if its country is that of the place named next to it
          + NEXT_ADMIN1      if its division is that of the place named next to it

"Next to it" is the written containment of place lists: "X, Y province", "X (Y)", "X city, Y
province, Country", "X in Y", "Y's X" (the caller finds these links).  The prior
(:func:`prior`) grows with the kind of place (a user's own entry, a named site, a region, a
division, a country) and, for towns, with the logarithm of the population, a capital bonus and
a small theatre tie-breaker; an alternate spelling costs a little.

Resolution is iterative: first each name alone (prior, explicit countries), then twice more with
the other names' current choices ("Georgia" with "Atlanta": Atlanta is clearly the US city, so
the US state of Georgia gains the country and division bonuses and beats the country).  Linear
in the number of candidates times the number of names.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

KIND_PRIOR = {"user": 30.0, "site": 25.0, "region": 22.0, "admin1": 20.0, "country": 30.0}
WEAK_ADMIN1_PRIOR = 12.0  # a division's bare name known only from a code table ("Kano" the state)
DERIVED_ADMIN1_PRIOR = 18.0  # a division named from a code table ("Georgia" the US state)
TOWN_PRIOR_BASE = 4.0
TOWN_PRIOR_PER_DECADE = 2.4  # per tenfold population: 1,000 people -> 11.2, 1 million -> 18.4
CAPITAL_BONUS = 3.0
THEATRE_BONUS = 1.0
ALTERNATE_PENALTY = 2.0  # for small towns: an exonym of a large town ("Genoa") costs nothing
NAMED_COUNTRY = 8.0
PLACE_COUNTRY = 5.0
TEXT_ADMIN1 = 4.0
DIVISION_OF_PLACE = 10.0  # a division candidate that holds another place of the text ("Georgia", "Atlanta")
NEXT_COUNTRY = 8.0
NEXT_ADMIN1 = 16.0
ROUNDS = 3


@dataclass(frozen=True)
class PlaceContext:
    """What the surrounding text says about where it is.

    ``countries``: ISO alpha-2 codes of countries it names (by name or adjective);
    ``admin1``: (country, GeoNames admin1 code) of divisions its places lie in."""
    countries: frozenset[str] = frozenset()
    admin1: frozenset[tuple[str, str]] = frozenset()

    def merged(self, other: PlaceContext | None) -> PlaceContext:
        if other is None:
            return self
        return PlaceContext(countries=self.countries | other.countries, admin1=self.admin1 | other.admin1)


@dataclass(frozen=True)
class Candidate:
    """One meaning of a name, as the scorer sees it."""
    kind: str  # user, site, region, admin1, country, city
    country: str | None
    admin1: str  # GeoNames admin1 code, "" when unknown
    prior: float
    weak: bool = False  # a small town: gives no context to the other names


def prior(kind: str, *, population: int = 0, capital: bool = False, primary: bool = True,
          theatre: bool = False, weak: bool = False, derived: bool = False) -> float:
    """The score of a candidate before context (see the module docstring)."""
    if kind == "city":
        value = TOWN_PRIOR_BASE + TOWN_PRIOR_PER_DECADE * math.log10(max(population, 0) + 10)
        value += CAPITAL_BONUS if capital else 0.0
    elif kind == "admin1" and weak:
        value = WEAK_ADMIN1_PRIOR
    elif kind == "admin1" and derived:
        value = DERIVED_ADMIN1_PRIOR
    else:
        value = KIND_PRIOR.get(kind, 10.0)
    value += THEATRE_BONUS if theatre else 0.0
    return value - (0.0 if primary or not weak else ALTERNATE_PENALTY)


def score(c: Candidate, named: Mapping[str, float], countries: Mapping[str, float],
          admin1: set[tuple[str, str]], next_to: Sequence[Candidate], *, rival: bool = False) -> float:
    """A candidate's score given the context (see the module docstring).  ``named`` and
    ``countries`` give each country its share (0-1) of the countries named and of the other
    places: a country named once among many pulls less than the one the text is about.
    ``rival``: the name is also a large place's; a small town then takes only the bonuses of
    the place named next to it ("Damascus" in a text about Washington is still Syria's)."""
    value = c.prior
    if c.weak and rival:
        named, countries, admin1 = {}, {}, set()
    if c.country:
        value += NAMED_COUNTRY * named.get(c.country, 0.0) + PLACE_COUNTRY * countries.get(c.country, 0.0)
    if c.admin1 and (c.country, c.admin1) in admin1:
        value += DIVISION_OF_PLACE if c.kind == "admin1" else TEXT_ADMIN1
    for other in next_to:
        if c.country and other.country == c.country:
            value += NEXT_COUNTRY
            if c.admin1 and other.admin1 == c.admin1:
                value += NEXT_ADMIN1
    return value


def resolve(mentions: Sequence[Sequence[Candidate]], links: Sequence[tuple[int, int]] = (),
            context: PlaceContext | None = None) -> list[int]:
    """The index of the chosen candidate of each mention.

    ``mentions``: the candidates of each name, in text order (none empty); ``links``: (i, j)
    pairs where name j is written as containing name i ("i, j province"); ``context``: what the
    caller knows of the wider text."""
    context = context or PlaceContext()
    explicit = Counter(context.countries)
    admin1 = set(context.admin1)
    first = _shares(explicit)
    rivals = [any(not c.weak for c in cands) for cands in mentions]
    chosen = [0 if len(cands) == 1 else
              max(range(len(cands)), key=lambda k: score(cands[k], first, {}, admin1, (), rival=rival))
              for cands, rival in zip(mentions, rivals)]
    if all(len(cands) == 1 for cands in mentions):
        return chosen
    containers: dict[int, list[int]] = {}
    for i, j in links:
        containers.setdefault(i, []).append(j)
        containers.setdefault(j, []).append(i)
    for _ in range(ROUNDS):
        picks = [mentions[i][k] for i, k in enumerate(chosen)]
        named_count = explicit + Counter(p.country for p in picks if p.country and p.kind == "country")
        place_count = Counter(p.country for p in picks if p.country and p.kind != "country" and not p.weak)
        admin1_count = Counter((p.country, p.admin1) for p in picks if p.country and p.admin1 and not p.weak)
        changed = False
        for i, cands in enumerate(mentions):
            if len(cands) == 1:
                continue
            own = picks[i]
            named = _shares(named_count, own.country if own.kind == "country" else None)
            countries = _shares(place_count, own.country if own.kind != "country" and not own.weak else None)
            admin1 = set(context.admin1) | _others(admin1_count, (own.country, own.admin1)
                                                   if own.admin1 and not own.weak else None)
            next_to = [picks[j] for j in containers.get(i, ())]
            best = max(range(len(cands)),
                       key=lambda k: score(cands[k], named, countries, admin1, next_to, rival=rivals[i]))
            if best != chosen[i]:
                chosen[i] = best
                changed = True
        if not changed:
            break
    return chosen


def _shares(counts: Counter, own: Any = None) -> dict[str, float]:
    """Each key's share of ``counts`` once the mention's own contribution ``own`` is taken away."""
    rest = {k: n - (1 if k == own else 0) for k, n in counts.items()}
    total = sum(n for n in rest.values() if n > 0)
    return {k: n / total for k, n in rest.items() if n > 0} if total else {}


def _others(counts: Counter, own: Any) -> set:
    """The keys of ``counts`` once the mention's own contribution ``own`` is taken away."""
    return {k for k, n in counts.items() if n > (1 if k == own else 0)}
