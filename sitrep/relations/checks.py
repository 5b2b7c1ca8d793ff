"""Which relations the kinds of the two parties allow, whatever a sentence seemed to say.

A finder reads grammar; grammar misread (a partitive "one of them", a list the parser hung on the
wrong word) can pair any two actors. The rules here are about the relation kinds themselves and
are applied to every finder's output by :func:`admissible`:

- **Named parties only.** A relation is knowledge about named actors; a party named only by
  what it is ("Iran-aligned armed groups", "gunmen", "civilians": an unnamed participant or
  crowd, :meth:`sitrep.actors.ArticleActors.named`) takes part in events, not in relations.
- **Membership** (``member_of``) goes from a person to any body; from a group to an umbrella,
  a coalition or an international body, or to a state body (army, ministry, state) of its own
  country ("the PMF, part of Iraq's armed forces"); from a state body to a body of its own state
  or to a coalition; from a state only to a coalition, an international body or a joint body of
  another kind (a partnership, a project). A group is never a member of another country's forces
  or state, and a state never a member of another state.
- **Subordination** (``subordinate_of``) is between two persons.
- **Political wings** (``political_wing_of``) are parties or groups of a group or party.
- **Leadership** and **founding** (``leads``, ``founded``) never have a person as their object;
  **command** (``commanded_by``) is over forces and bodies, never over a state or a person
  ("the Houthis, who control much of Yemen": territory, not command).

Countries come from the gazetteer (``country``); a party without one passes the country tests.
"""
from __future__ import annotations

STATE_BODIES = {"state", "state_military", "government"}
UMBRELLAS = {"armed_group", "political_party", "coalition", "international_org", "other"}
GROUPS = {"armed_group", "political_party", "other"}
BLOCS = {"coalition", "international_org"}


def _country(actors, actor_id: str) -> str | None:
    entry = actors.gazetteer.get(actor_id)
    if entry is not None:
        return entry.country
    created = actors.created.get(actor_id)
    return created.country if created is not None else None


def _same_country(actors, a: str, b: str) -> bool:
    ca, cb = _country(actors, a), _country(actors, b)
    return ca is None or cb is None or ca == cb


def _member_allowed(actors, subj: str, obj: str) -> bool:
    st, ot = actors.entry_type(subj), actors.entry_type(obj)
    if ot in ("person", "civilians") and st != "person":
        return False
    if st == "person":
        return ot != "person"
    if st == "state":
        return ot in BLOCS | {"other"}
    if st in GROUPS:
        return ot in UMBRELLAS or (ot in STATE_BODIES and _same_country(actors, subj, obj))
    if st in ("state_military", "government"):
        return ot in BLOCS or ((ot in STATE_BODIES or ot in GROUPS) and _same_country(actors, subj, obj))
    if st == "coalition":
        return ot in BLOCS
    return False


def admissible(actors, subj: str, pred: str, obj: str, unnamed: set[str] | None = None) -> bool:
    """Whether (subj, pred, obj) is a relation the two parties' kinds allow (rules above).
    ``unnamed``: :meth:`~sitrep.actors.ArticleActors.unnamed`, when the caller has read it once."""
    if not subj or not obj or subj == obj:
        return False
    unnamed = actors.unnamed() if unnamed is None else unnamed
    if subj in unnamed or obj in unnamed:
        return False
    st, ot = actors.entry_type(subj), actors.entry_type(obj)
    if pred == "member_of":
        return _member_allowed(actors, subj, obj)
    if pred == "subordinate_of":
        return st == "person" and ot == "person"
    if pred == "political_wing_of":
        return st in GROUPS and ot in GROUPS
    if pred in ("leads", "founded"):
        return ot != "person"
    if pred == "commanded_by":
        return st not in ("state", "person") and ot != "civilians"
    return True
