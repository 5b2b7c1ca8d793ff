"""Measure sitrep against an analyst's own coding: what ``sitrep evaluate`` runs.

Two kinds of reference are read.

**An ACLED export** (``--acled FILE.csv``).  Both ACLED's API columns (``event_id_cnty``,
``event_date``, ``event_type``, ``sub_event_type``, ``actor1``, ``actor2``,
``assoc_actor_1``, ``location``, ``latitude``, ``longitude``, ``fatalities``, ``notes``,
``source``) and the upper-case columns of its download tool are accepted (names are read
case-insensitively); only ``event_date`` and ``notes`` are required.  ``event_date`` may be
ISO (``2019-12-31``), ``YYYYMMDD``, written out (``31 December 2019``) or numeric day-first
or month-first (``31/12/2019``, ``12/31/2019``; see :func:`parse_acled_date`).  Each row's
``notes`` is read as ``sitrep extract`` reads a JSON record (:func:`row_article`: the notes
unchanged, published on the event date), extracted (through
:func:`sitrep.pipeline.extract_articles`) and compared field by field with the row:

* the row is compared with one sitrep event, its *headline*: the first event (in reading
  order) that has an ACLED type, else the first event;
* ``type`` / ``sub_type``: the headline's ACLED types equal the row's (case folded);
  "any event" lines say whether some event of the note has them;
* ``actor1`` / ``actor2``: the row's actor (or one of its associated actors) names a
  participant of the headline (agent or target: roles are not checked), by
  :func:`actor_matches`, which reads ACLED's actor naming (:func:`parse_acled_actor`);
* ``fatalities``: the deaths the note states as fact, summed over its events
  (:func:`stated_fatalities`; nothing stated counts as 0, as ACLED codes "no report"),
  equal the row's, split between rows with deaths and rows with none; the headline's own
  figure is shown beside it;
* ``date``: the headline's ``date.start`` is the row's day (an event dated to the report,
  precision ``report``, starts on the published day, which is the event date here); "any
  event": some event of the note starts that day;
* ``place``: great-circle distance from the headline's coordinates to the row's; the share
  within :data:`NEAR_KM` km (of rows with coordinates), the same for any event of the note,
  and the median distance.

A row that cannot be read (no notes, a date or number that is not one) is reported with its
line number (warning W700) and skipped; the rest goes on.

**Gold files in the extraction format** (``--gold DIR``): every ``*.json`` with
``"format": "sitrep/1"`` under DIR, with the article text found beside it (see
:func:`find_text`).  Each article is extracted and scored with :func:`score_gold`, which
follows the matching rules of the project's shared scorer, written anew here:

* actors: a system actor matches the first gold actor sharing a folded name, alias or id;
* events: a system event may match a gold event of the same family whose evidence words it
  covers for at least 60 %; pairs are taken best first (coverage, plus one for the same
  type, per shared actor and target, and for overlapping dates), one to one;
* relations: same predicate family and the same (mapped) subject and object, in either
  direction for ``allied_with`` and ``opposes``;
* gold items with ``"required": false`` are neither missed nor false positives;
* attributes are checked on matched events: type, actors, targets, date overlap, place
  (same name or within 1.5 degrees; a gold place that is only a country is not checked),
  fatalities, certainty.

A file's overall score is the mean of its events, relations and actors F1 and its
attribute mean, each taken to 3 decimals as printed.  Over several files both the mean of
the files' figures (:func:`mean_of_files`) and the figures of all counts added up (micro)
are given.  Nothing here imports the shared scorer: sitrep carries its own rules.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import math
import re
import statistics
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .csv_rows import RowProblem, csv_rows, header_of, sniff_delimiter
from .errors import DataFileError, SitrepError, warn
from .ingest import ReadFailure
from .records import Actor, Article, Event, Extraction

NEAR_KM = 50.0
# Event types that may match each other when gold is scored (the families of the
# project's scorer: a bombing told as an attack is still the violent event it meant).
SCORING_FAMILIES: dict[str, str] = {
    **dict.fromkeys(("air_strike", "shelling", "bombing", "armed_clash", "attack",
                     "assassination", "abduction"), "violence"),
    **dict.fromkeys(("protest", "riot", "repression"), "unrest"),
    **dict.fromkeys(("arrest", "legal_action"), "legal"),
    **dict.fromkeys(("sanction", "break_relations"), "sanction"),
    **dict.fromkeys(("military_posture", "withdrawal"), "posture"),
    **dict.fromkeys(("threat", "condemnation", "demand"), "coercive_speech"),
    **dict.fromkeys(("claim_responsibility", "statement"), "statement"),
    **dict.fromkeys(("agreement", "support", "meeting"), "cooperation"),
}
PREDICATE_FAMILIES: dict[str, str] = {
    "backed_by": "backing", "commanded_by": "backing", "leads": "leads", "founded": "leads",
    "member_of": "member", "subordinate_of": "member", "political_wing_of": "member",
    "designated_terrorist_by": "designated", "allied_with": "allied", "opposes": "opposes",
}
SYMMETRIC_FAMILIES = frozenset({"allied", "opposes"})
EVIDENCE_COVER = 0.6
NEAR_DEGREES = 1.5
ATTRIBUTES = ("type", "actors", "targets", "date", "location", "fatalities", "certainty")


# --- names --------------------------------------------------------------------------------------

def fold(text: str | None) -> str:
    """A name folded for comparison: ASCII, lower case, quotes, hyphens and dots as spaces,
    no leading "the" or "al", single spaces ("Al-Qa'ida" -> "qa ida")."""
    s = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    s = re.sub(r"['`\"\u2018\u2019\u201c\u201d\-\u2010\u2013\u2014.]", " ", s)
    s = re.sub(r"^\s*(?:the|al)\s+", "", s)
    return re.sub(r"\s+", " ", s).strip()


def _contains_words(big: str, small: str) -> bool:
    return len(small) > 3 and re.search(rf"(?<!\w){re.escape(small)}(?!\w)", big) is not None


def names_match(a: str, b: str) -> bool:
    """Two folded names are one: equal, or one holds the other as whole words and the held
    one is longer than 3 characters ("islamic state" in "islamic state in iraq")."""
    return bool(a and b) and (a == b or _contains_words(a, b) or _contains_words(b, a))


COUNTRY_FILE = Path(__file__).resolve().parent / "data" / "places_countries.csv"


def _country_file_names(path: Path) -> Iterator[tuple[str, str]]:
    """(name, ISO code) for every name and alias of ``places_countries.csv``; E300 when the
    file cannot be read or lacks its ``iso``, ``name`` and ``aliases`` columns."""
    try:
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
        columns = set(reader.fieldnames or ())
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read country names: {exc}") from exc
    if not {"iso", "name", "aliases"} <= columns:
        raise DataFileError(f"{path}: needs the columns iso, name and aliases")
    for rec in reader:
        code = (rec.get("iso") or "").strip().upper()
        for name in (rec.get("name") or "", *(rec.get("aliases") or "").split("|")):
            if code and name.strip():
                yield name, code


@functools.lru_cache(maxsize=1)
def country_codes() -> dict[str, str]:
    """Folded country name -> ISO 3166-1 alpha-2 code, for the names ACLED writes into its
    actor names ("Military Forces of Russia", "Civilians (Ivory Coast)").

    Sources, first one wins: ACLED's own spellings (``codes.yaml`` ``country_names``, read
    through :func:`sitrep.participants.country_name`: "Russia", "Democratic Republic of
    Congo", "Palestine", "Turkey", "Ivory Coast"); the names and aliases of
    ``places_countries.csv``; ISO 3166's names, common and official names (pycountry).
    Raises DataFileError (E300) when a bundled file cannot be read."""
    import pycountry

    from .participants import country_name

    iso = list(pycountry.countries)
    pairs: list[tuple[str, str]] = [(country_name(c.alpha_2), c.alpha_2) for c in iso]
    pairs += _country_file_names(COUNTRY_FILE)
    pairs += [(getattr(c, attr), c.alpha_2) for c in iso for attr in ("name", "common_name", "official_name")
              if getattr(c, attr, None)]
    codes: dict[str, str] = {}
    for name, code in pairs:
        codes.setdefault(fold(name), code)
    return codes


def country_code(name: str) -> str | None:
    """ISO alpha-2 code of a country name as ACLED or the news write it (case, accents and
    a leading "the" do not count: "the Democratic Republic of Congo" -> "CD"), else None."""
    return country_codes().get(fold(name))


# ACLED names for a state's own forces: "Military Forces of Iraq (2014-2018)", "Police Forces
# of Kenya (2022-)", "Government of Afghanistan (2021-)", and with the faction that holds them
# after the period: "Military Forces of Yemen (2017-) Houthi".
_STATE_FORCES = re.compile(r"^(?:(?:military|police|security|government|special|armed) forces|government) of "
                           r"(?P<country>.+)$")
_PERIOD = re.compile(r"\(\s*(?P<period>\d{4}\s*-\s*(?:\d{4})?)\s*\)")
_QUALIFIER = re.compile(r"\([^)]*\)")
# "JNIM: Group for Support of Islam and Muslims": an abbreviation, a colon, the full name.
_ABBREVIATED = re.compile(r"^(?P<short>[^:]{1,40}?)\s*:\s+(?P<full>\S.*)$")
_STATE_TYPES = ("state", "state_military", "government")
_UNIDENTIFIED = re.compile(r"^unidentified\b")


def _acled_name(name: str) -> str:
    """An ACLED actor name without its qualifiers: "Islamic State (Iraq)" -> "islamic state"."""
    return fold(_QUALIFIER.sub(" ", name or ""))


@dataclass(frozen=True)
class AcledActor:
    """An ACLED actor name read apart.

    ``names``: the folded, qualifier-free names it may be known by (both halves of
    "ABBR: Full name"); ``state``: the ISO code of the state whose own forces it names;
    ``period``: the years in its name ("2017-"); ``faction``: the folded faction after the
    period of a state's forces ("houthi"); ``unidentified``: an "Unidentified Armed Group"."""
    raw: str
    names: tuple[str, ...] = ()
    state: str | None = None
    period: str | None = None
    faction: str | None = None
    unidentified: bool = False


@functools.lru_cache(maxsize=4096)
def parse_acled_actor(name: str) -> AcledActor:
    """Read an ACLED actor name (ACLED's actor naming: abbreviations before a colon,
    qualifiers in brackets, a state's forces named "<Kind> Forces of <Country> (<period>)"
    with an optional faction after the period)."""
    raw = (name or "").strip()
    m = _ABBREVIATED.match(raw)
    parts = [m["short"], m["full"]] if m else [raw]
    names = tuple(dict.fromkeys(n for n in (_acled_name(p) for p in parts) if n))
    if not names:
        return AcledActor(raw)
    if _UNIDENTIFIED.match(names[0]):
        return AcledActor(raw, names, unidentified=True)
    period = _PERIOD.search(raw)
    head = raw[:period.start()] if period else raw
    state = _STATE_FORCES.match(_acled_name(head))
    if not state:
        return AcledActor(raw, names, period=_compact(period))
    faction = _acled_name(raw[period.end():]) if period else ""
    return AcledActor(raw, (faction,) if faction else names, state=country_code(state["country"]),
                      period=_compact(period), faction=faction or None)


def _compact(period: re.Match | None) -> str | None:
    return re.sub(r"\s+", "", period["period"]) if period else None


@dataclass(frozen=True)
class _Participant:
    names: frozenset[str]
    type: str
    country: str | None
    known: bool


def actor_matches(acled_name: str, participants: Sequence[_Participant]) -> bool:
    """Does an ACLED actor name one of sitrep's participants?

    * by name: one of the qualifier-free, folded names of the ACLED actor (either half of
      "ABBR: Full name") matches a folded name or alias (:func:`names_match`);
    * a state's own forces ("Military Forces of Russia (2000-)", "Police Forces of Iraq",
      "Government of Iraq") match a state, state-military or government actor of that
      country (country names by :func:`country_code`);
    * a state's forces named with the faction that holds them ("Military Forces of Yemen
      (2017-) Houthi") match by the faction's name only: those forces are not the state's
      other forces, so a state actor of the country does not count;
    * an "Unidentified Armed Group" matches a participant sitrep does not know by name, or
      an event with no named agent (passed as an empty, unknown participant).
    """
    actor = parse_acled_actor(acled_name)
    if not actor.names:
        return False
    if actor.unidentified:
        return any(not p.known for p in participants)
    if actor.state and not actor.faction and any(
            p.type in _STATE_TYPES and p.country == actor.state for p in participants):
        return True
    return any(names_match(a, n) for a in actor.names for p in participants for n in p.names)


def _participant(actor: Actor) -> _Participant:
    names = frozenset(fold(n) for n in (actor.name, *actor.aliases, actor.id.replace("-", " ")) if n)
    return _Participant(names, actor.type, actor.country, actor.known)


def _participants(event: Event, actors: dict[str, Actor]) -> list[_Participant]:
    out = [_participant(actors[i]) for i in (*event.actors, *event.targets) if i in actors]
    if not event.actors:
        out.append(_Participant(frozenset(), "other", None, known=False))  # the unnamed agent
    return out


# --- ACLED rows -----------------------------------------------------------------------------------

REQUIRED_COLUMNS = ("event_date", "notes")


@dataclass(frozen=True)
class AcledRow:
    """One row of an ACLED export, as read (line: where the record starts in the file)."""
    line: int
    event_id: str
    day: dt.date
    notes: str
    event_type: str = ""
    sub_event_type: str = ""
    actor1: str = ""
    actor2: str = ""
    assoc_actor_1: str = ""
    assoc_actor_2: str = ""
    location: str = ""
    lat: float | None = None
    lon: float | None = None
    fatalities: int | None = None
    source: str = ""


_WORDY_DAY = re.compile(r"(?P<d>\d{1,2})[ -](?P<m>[A-Za-z]+)\.?[\s,-]*(?P<y>\d{4})")
_WORDY_MONTH_FIRST = re.compile(r"(?P<m>[A-Za-z]+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})")
_NUMERIC_DAY = re.compile(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})")
_MONTH_NUMBERS = {name: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}


def _month(word: str) -> int | None:
    word = word.lower()
    return next((n for name, n in _MONTH_NUMBERS.items() if name.startswith(word) and len(word) >= 3), None)


def parse_acled_date(value: str, order: str | None = None) -> dt.date:
    """An ACLED ``event_date``: ``2019-12-31``, ``20191231``, ``31 December 2019`` (or
    ``31-Dec-2019``, ``December 31, 2019``), or numeric day-first / month-first with a
    four-digit year (``31/12/2019``, ``12/31/2019``, ``31.12.2019``).

    A numeric date whose order its numbers decide (one of them above 12) is read that way;
    one they do not decide ("04/09/2019") is read in ``order`` (``"dmy"`` or ``"mdy"``, the
    order the file's other dates prove, see :func:`date_order`).  Raises ValueError for
    anything else, an impossible day, or an undecided date without ``order``."""
    text = (value or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?", text):
        return dt.date.fromisoformat(text[:10])
    if re.fullmatch(r"\d{8}", text):
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    m = _NUMERIC_DAY.fullmatch(text)
    if m:
        a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
        if a > 12 or (a == b) or (b <= 12 and order == "dmy"):
            return dt.date(year, b, a)
        if b > 12 or order == "mdy":
            return dt.date(year, a, b)
        raise ValueError(f"event_date {value!r} may be day-first or month-first and no other row of "
                         "the file decides which")
    for pattern in (_WORDY_DAY, _WORDY_MONTH_FIRST):
        m = pattern.fullmatch(text)
        month = _month(m["m"]) if m else None
        if m and month:
            return dt.date(int(m["y"]), month, int(m["d"]))
    raise ValueError(f"event_date {value!r} is not YYYY-MM-DD, YYYYMMDD, DD/MM/YYYY, MM/DD/YYYY "
                     "or '31 December 2019'")


def date_order(values: Iterable[str]) -> str | None:
    """The order a column writes its numeric dates in: ``"dmy"`` when some date can only be
    day-first ("14/01/2023"), ``"mdy"`` when some can only be month-first, None when none
    decides or both occur (the document-level reading of :func:`sitrep.dates.numeric_order`,
    applied to the column)."""
    from .dates import numeric_order

    return numeric_order("\n".join(v.strip() for v in values if _NUMERIC_DAY.fullmatch(v.strip())))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _optional_float(value: str, name: str, lo: float, hi: float) -> float | None:
    if not value.strip():
        return None
    number = float(value)  # ValueError is reported by the caller
    if not lo <= number <= hi or math.isnan(number):
        raise ValueError(f"{name} {value!r} out of range")
    return number


def _row(line: int, rec: dict[str, str], order: str | None = None) -> AcledRow:
    notes = rec.get("notes", "").strip()
    if not notes:
        raise ValueError("no notes")
    fatalities = rec.get("fatalities", "").strip()
    if fatalities and not re.fullmatch(r"\d+", fatalities):
        raise ValueError(f"fatalities {fatalities!r} is not a whole number")
    return AcledRow(
        line=line, event_id=rec.get("event_id_cnty", "").strip() or f"row{line}",
        day=parse_acled_date(rec.get("event_date", ""), order), notes=notes,
        event_type=rec.get("event_type", "").strip(), sub_event_type=rec.get("sub_event_type", "").strip(),
        actor1=rec.get("actor1", "").strip(), actor2=rec.get("actor2", "").strip(),
        assoc_actor_1=rec.get("assoc_actor_1", "").strip(), assoc_actor_2=rec.get("assoc_actor_2", "").strip(),
        location=rec.get("location", "").strip(),
        lat=_optional_float(rec.get("latitude", ""), "latitude", -90, 90),
        lon=_optional_float(rec.get("longitude", ""), "longitude", -180, 180),
        fatalities=int(fatalities) if fatalities else None, source=rec.get("source", "").strip())


def read_acled(text: str, origin: str = "ACLED export") -> tuple[list[AcledRow], list[RowProblem]]:
    """Rows of an ACLED CSV (comma, semicolon or tab separated) and the rows skipped, by
    line.  Numeric dates the numbers leave undecided ("04/09/2021") are read in the order
    the file's other dates prove (:func:`date_order`).  Raises SitrepError E700 when the
    header lacks ``event_date`` or ``notes``."""
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text.split("\n", 1)[0]))
    columns = header_of(reader)
    if not columns:
        raise SitrepError(f"{origin}: empty file, no header row", code="E700")
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise SitrepError(f"{origin}: no {' or '.join(missing)} column (found: {', '.join(columns[:12])})",
                          code="E700")
    problems: list[RowProblem] = []
    records = list(csv_rows(reader, columns, problems.append))
    order = date_order(rec.get("event_date", "") for _, rec in records)
    rows: list[AcledRow] = []
    for start, rec in records:
        try:
            rows.append(_row(start, rec, order))
        except ValueError as exc:
            problems.append(RowProblem(start, str(exc)))
    problems.sort(key=lambda p: p.line)
    return rows, problems


def read_acled_file(path: str | Path) -> tuple[list[AcledRow], list[RowProblem]]:
    """:func:`read_acled` on a file; E700 when it cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SitrepError(f"cannot read ACLED export {path}: {exc}", code="E700") from exc
    return read_acled(_decode(data), origin=str(path))


def row_article(row: AcledRow) -> Article:
    """The row's notes as an article published on the event date, read as ``sitrep
    extract`` reads a JSON record (:func:`sitrep.ingest.article_from_record`): the notes
    pass unchanged, and ingest marks what must create no records (the coder's tags that
    close a note, "[size=no report]", see :func:`sitrep.ingest.find_excluded`)."""
    from .ingest import article_from_record

    record = {"id": f"{row.event_id}@{row.line}", "text": row.notes, "published": row.day.isoformat(),
              "source": row.source}
    return article_from_record(record, origin=f"line {row.line}", where=f"line {row.line}")


# --- comparing one row ----------------------------------------------------------------------------

# The fields a row is compared on, in the order the disagreements are listed; ``--fields``
# takes these names (or the ACLED column names in FIELD_ALIASES).
FIELDS = ("type", "sub_type", "actor1", "actor2", "fatalities", "date", "place")
FIELD_ALIASES = {"event_type": "type", "sub_event_type": "sub_type", "subtype": "sub_type",
                 "sub-type": "sub_type", "sub_event": "sub_type", "location": "place",
                 "event_date": "date", "deaths": "fatalities"}


def parse_fields(text: str) -> tuple[str, ...]:
    """``"type,sub_type,fatalities"`` -> the fields named, in :data:`FIELDS` order (ACLED's
    column names are taken too: ``event_type``, ``sub_event_type``, ``location``).  Raises
    ValueError naming the fields it does not know."""
    asked = [w.strip().lower() for w in (text or "").split(",") if w.strip()]
    chosen = {FIELD_ALIASES.get(w, w) for w in asked}
    unknown = sorted(w for w in asked if FIELD_ALIASES.get(w, w) not in FIELDS)
    if unknown or not chosen:
        raise ValueError(f"unknown field(s) {', '.join(unknown) or '(none given)'}; "
                         f"choose from {', '.join(FIELDS)}")
    return tuple(f for f in FIELDS if f in chosen)


@dataclass(frozen=True)
class RowComparison:
    """sitrep's reading of one row beside the row (None: sitrep gave no such value).

    ``fatalities`` is the sum over the note's events told as fact (certainty ``reported``,
    one event, not a count of several; see :func:`stated_fatalities`);
    ``headline_fatalities`` the headline event's own figure.  ``dates`` and ``distances_km``
    are those of every event of the note (for the "any event" measures); ``actors_named``
    the names of every actor sitrep found in the note."""
    row: AcledRow
    event_type: str | None = None
    sub_event_type: str | None = None
    any_types: tuple[tuple[str, str], ...] = ()
    participants: tuple[str, ...] = ()
    actors_named: tuple[str, ...] = ()
    actor1_found: bool | None = None
    actor2_found: bool | None = None
    actor1_anywhere: bool | None = None
    actor2_anywhere: bool | None = None
    fatalities: int | None = None
    headline_fatalities: int | None = None
    date: str | None = None
    dates: tuple[str, ...] = ()
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    distance_km: float | None = None
    distances_km: tuple[float, ...] = ()
    error: str | None = None  # extraction failed
    found: bool = False  # sitrep read some event from the notes

    def agreement(self) -> dict[str, bool | None]:
        """Field (:data:`FIELDS`) -> agrees (None where the field does not apply to this row)."""
        row = self.row
        deaths = row.fatalities
        return {
            "type": _same(row.event_type, self.event_type) if row.event_type else None,
            "sub_type": _same(row.sub_event_type, self.sub_event_type) if row.sub_event_type else None,
            "actor1": self.actor1_found if row.actor1 else None,
            "actor2": self.actor2_found if row.actor2 else None,
            "fatalities": (self.fatalities or 0) == deaths if deaths is not None else None,
            "date": self.date == row.day.isoformat(),
            "place": (self.distance_km is not None and self.distance_km <= NEAR_KM) if _located(row) else None,
        }

    def any_event(self) -> dict[str, bool | None]:
        """The looser reading of some fields: does *any* event of the note agree?"""
        row = self.row
        return {
            "type": any(_same(row.event_type, t) for t, _ in self.any_types) if row.event_type else None,
            "sub_type": any(_same(row.sub_event_type, s) for _, s in self.any_types) if row.sub_event_type else None,
            "date": row.day.isoformat() in self.dates,
            "place": any(km <= NEAR_KM for km in self.distances_km) if _located(row) else None,
        }


def _located(row: AcledRow) -> bool:
    return row.lat is not None and row.lon is not None


def _same(a: str | None, b: str | None) -> bool:
    return fold(a) == fold(b) and bool(fold(a))


def headline_event(extraction: Extraction) -> Event | None:
    """The event a one-event note is compared with: the first with an ACLED type, else the
    first event, else None."""
    return next((e for e in extraction.events if e.acled is not None),
                extraction.events[0] if extraction.events else None)


def stated_fatalities(events: Iterable[Event]) -> int:
    """Deaths a note states as fact: the sum of ``fatalities`` over its events with certainty
    ``reported`` and ``count`` 1 (a claimed, denied or false toll, and the toll of a count of
    several events, are left out; an event without a figure adds 0)."""
    return sum(e.fatalities or 0 for e in events if e.certainty == "reported" and (e.count or 1) == 1)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine, mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _event_km(row: AcledRow, event: Event) -> float | None:
    loc = event.location
    if loc is None or loc.lat is None or loc.lon is None or row.lat is None or row.lon is None:
        return None
    return round(distance_km(row.lat, row.lon, loc.lat, loc.lon), 1)


def _any_actor(names: Iterable[str], participants: list[_Participant]) -> bool:
    return any(actor_matches(n, participants) for n in names if n.strip())


def _side(main: str, assoc: str) -> list[str]:
    return [main, *assoc.split(";")]


def compare_row(row: AcledRow, extraction: Extraction) -> RowComparison:
    """One row beside sitrep's extraction of its notes."""
    side1, side2 = _side(row.actor1, row.assoc_actor_1), _side(row.actor2, row.assoc_actor_2)
    everyone = [_participant(a) for a in extraction.actors]
    anywhere = {"actor1_anywhere": _any_actor(side1, everyone) if row.actor1 else None,
                "actor2_anywhere": _any_actor(side2, everyone) if row.actor2 else None}
    named = tuple(a.name for a in extraction.actors)
    event = headline_event(extraction)
    if event is None:
        return RowComparison(row, actor1_found=False if row.actor1 else None, actors_named=named,
                             actor2_found=False if row.actor2 else None, fatalities=0, **anywhere)
    actors = {a.id: a for a in extraction.actors}
    people = _participants(event, actors)
    loc = event.location
    kms = (_event_km(row, e) for e in extraction.events)
    return RowComparison(
        row=row, found=True,
        event_type=event.acled.event_type if event.acled else None,
        sub_event_type=event.acled.sub_event_type if event.acled else None,
        any_types=tuple((e.acled.event_type, e.acled.sub_event_type) for e in extraction.events if e.acled),
        participants=tuple(actors[i].name for i in (*event.actors, *event.targets) if i in actors),
        actors_named=named,
        actor1_found=_any_actor(side1, people) if row.actor1 else None,
        actor2_found=_any_actor(side2, people) if row.actor2 else None,
        **anywhere,
        fatalities=stated_fatalities(extraction.events),
        headline_fatalities=event.fatalities,
        date=event.date.start if event.date else None,
        dates=tuple(e.date.start for e in extraction.events if e.date),
        place=loc.name if loc else None,
        lat=loc.lat if loc else None,
        lon=loc.lon if loc else None,
        distance_km=_event_km(row, event),
        distances_km=tuple(km for km in kms if km is not None),
    )


# --- the ACLED summary ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Measure:
    """``agree`` of ``total`` rows agree on one measure."""
    name: str
    agree: int
    total: int

    @property
    def share(self) -> float | None:
        return round(self.agree / self.total, 3) if self.total else None


@dataclass(frozen=True)
class AcledSummary:
    """The measures over the compared rows; ``disagreements``: (field, rows disagreeing on
    it) for the fields asked for, in :data:`FIELDS` order."""
    rows: int
    skipped: int
    failed: int
    no_event: int
    measures: tuple[Measure, ...]
    median_km: float | None
    located: int  # rows where both sides have coordinates
    disagreements: tuple[tuple[str, int], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "skipped": self.skipped, "failed": self.failed,
                "no_event": self.no_event, "median_km": self.median_km, "located": self.located,
                "measures": {m.name: {"agree": m.agree, "total": m.total, "share": m.share}
                             for m in self.measures},
                "disagreements": dict(self.disagreements)}


def _tally(name: str, flags: Iterable[bool | None]) -> Measure:
    seen = [f for f in flags if f is not None]
    return Measure(name, sum(seen), len(seen))


FATALITIES_NOTE = ("fatalities (sum): the deaths of all the note's events told as fact "
                   "(certainty reported, one event each), added up")


def summarise(comparisons: Sequence[RowComparison], skipped: int = 0,
              fields: Sequence[str] = FIELDS) -> AcledSummary:
    """The measures over compared rows (see the module docstring), and how many rows
    disagree on each of ``fields``."""
    agree = [c.agreement() for c in comparisons]
    loose = [c.any_event() for c in comparisons]
    deaths = [a for c, a in zip(comparisons, agree) if (c.row.fatalities or 0) > 0]
    none = [a for c, a in zip(comparisons, agree) if c.row.fatalities == 0]
    headline = [c.headline_fatalities or 0 for c in comparisons]
    near = f"place within {NEAR_KM:g} km"
    measures = (
        _tally("event type", (a["type"] for a in agree)),
        _tally("event type, any event", (a["type"] for a in loose)),
        _tally("sub-event type", (a["sub_type"] for a in agree)),
        _tally("sub-event type, any event", (a["sub_type"] for a in loose)),
        _tally("actor1 found", (a["actor1"] for a in agree)),
        _tally("actor2 found", (a["actor2"] for a in agree)),
        _tally("fatalities (sum) exact, deaths", (a["fatalities"] for a in deaths)),
        _tally("fatalities (sum) exact, none", (a["fatalities"] for a in none)),
        _tally("fatalities (headline) exact", (h == c.row.fatalities if c.row.fatalities is not None else None
                                               for c, h in zip(comparisons, headline))),
        _tally("date exact", (a["date"] for a in agree)),
        _tally("date exact, any event", (a["date"] for a in loose)),
        _tally(near, (a["place"] for a in agree)),
        _tally(f"{near}, any event", (a["place"] for a in loose)),
    )
    kms = [c.distance_km for c in comparisons if c.distance_km is not None]
    counts = {f: sum(1 for c, a in zip(comparisons, agree) if a[f] is False and not c.error) for f in fields}
    return AcledSummary(
        rows=len(comparisons), skipped=skipped, failed=sum(1 for c in comparisons if c.error),
        no_event=sum(1 for c in comparisons if not c.found and not c.error),
        measures=measures, median_km=round(statistics.median(kms), 1) if kms else None,
        located=len(kms), disagreements=tuple(counts.items()))


def format_acled_summary(summary: AcledSummary, origin: str = "") -> str:
    """The summary as a plain-text table, then the disagreeing rows per field."""
    lines = [f"sitrep evaluate: {summary.rows} row(s) compared{' from ' + origin if origin else ''}"
             f" ({summary.skipped} skipped as malformed, {summary.failed} failed to extract,"
             f" {summary.no_event} with no event)", ""]
    width = max(len(m.name) for m in summary.measures)
    lines.append(f"{'measure':<{width}}  {'agree':>6}  {'of':>6}  {'share':>6}")
    lines.append("-" * (width + 24))
    for m in summary.measures:
        share = f"{m.share:.2f}" if m.share is not None else "-"
        lines.append(f"{m.name:<{width}}  {m.agree:>6}  {m.total:>6}  {share:>6}")
    median = f"{summary.median_km:.1f}" if summary.median_km is not None else "-"
    lines.append(f"{'place distance, median km':<{width}}  {median:>6}  {summary.located:>6}")
    lines.append("")
    lines.append(FATALITIES_NOTE + ".")
    if summary.disagreements:
        lines.append("disagreeing rows per field: " + ", ".join(f"{f} {n}" for f, n in summary.disagreements)
                     + (f", error {summary.failed}" if summary.failed else ""))
    return "\n".join(lines)


DISAGREEMENT_COLUMNS = ("field", "line", "event_id_cnty", "acled", "sitrep", "detail", "notes")


def _coords(lat: float | None, lon: float | None) -> str:
    return f" ({lat:g}, {lon:g})" if lat is not None and lon is not None else ""


def _actor_row(c: RowComparison, n: int) -> tuple[str, str, str]:
    row = c.row
    main, assoc = (row.actor1, row.assoc_actor_1) if n == 1 else (row.actor2, row.assoc_actor_2)
    anywhere = c.actor1_anywhere if n == 1 else c.actor2_anywhere
    acled = main + (f"; with {assoc}" if assoc.strip() else "")
    detail = ("named by another of sitrep's events" if anywhere
              else "not among sitrep's actors: " + ("; ".join(c.actors_named) or "none"))
    return acled, "; ".join(c.participants), detail


def _values(c: RowComparison, field_name: str) -> tuple[str, str, str]:
    """(ACLED's value, sitrep's value, a detail) of one field of one row."""
    row = c.row
    loose = c.any_event()
    if field_name == "type":
        return row.event_type, c.event_type or "", f"some event has it: {'yes' if loose['type'] else 'no'}"
    if field_name == "sub_type":
        return (row.sub_event_type, c.sub_event_type or "",
                f"some event has it: {'yes' if loose['sub_type'] else 'no'}")
    if field_name in ("actor1", "actor2"):
        return _actor_row(c, int(field_name[-1]))
    if field_name == "fatalities":
        head = "-" if c.headline_fatalities is None else c.headline_fatalities
        return str(row.fatalities), str(c.fatalities or 0), f"headline event: {head}"
    if field_name == "date":
        return row.day.isoformat(), c.date or "", f"some event has it: {'yes' if loose['date'] else 'no'}"
    km = "-" if c.distance_km is None else f"{c.distance_km:g}"
    return (row.location + _coords(row.lat, row.lon), (c.place or "") + _coords(c.lat, c.lon),
            f"distance_km {km}; some event within {NEAR_KM:g} km: {'yes' if loose['place'] else 'no'}")


def disagreements(comparisons: Iterable[RowComparison], fields: Sequence[str] = FIELDS
                  ) -> list[tuple[str, RowComparison]]:
    """(field, row) for every field of ``fields`` a row disagrees on, and ("error", row) for
    rows whose extraction failed; sorted by field (in :data:`FIELDS` order), then line."""
    pairs = []
    for c in comparisons:
        if c.error:
            pairs.append(("error", c))
            continue
        agree = c.agreement()
        pairs += [(f, c) for f in fields if agree[f] is False]
    rank = {f: i for i, f in enumerate((*FIELDS, "error"))}
    return sorted(pairs, key=lambda p: (rank[p[0]], p[1].row.line))


def write_disagreements(comparisons: Iterable[RowComparison], out: TextIO,
                        fields: Sequence[str] = FIELDS) -> int:
    """One CSV row per (row, field) disagreement with both values side by side (columns
    :data:`DISAGREEMENT_COLUMNS`), sorted by field; returns how many."""
    writer = csv.writer(out)
    writer.writerow(DISAGREEMENT_COLUMNS)
    pairs = disagreements(comparisons, fields)
    for name, c in pairs:
        acled, mine, detail = ("", "", c.error or "") if name == "error" else _values(c, name)
        writer.writerow([name, c.row.line, c.row.event_id, acled, mine, detail, c.row.notes])
    return len(pairs)


def _articles(rows: Sequence[AcledRow]) -> Iterator[Article | ReadFailure]:
    for row in rows:
        try:
            yield row_article(row)
        except SitrepError as exc:
            yield ReadFailure(f"line {row.line}", exc)


def evaluate_acled(rows: Sequence[AcledRow], *, workers: int = 1,
                   gazetteers: Sequence[str] = ()) -> list[RowComparison]:
    """Extract every row's notes and compare; a failed extraction is kept with its error."""
    from .pipeline import extract_articles

    out = []
    results = extract_articles(_articles(rows), workers=workers, gazetteers=gazetteers)
    for row, result in zip(rows, results):
        if isinstance(result, Extraction):
            out.append(compare_row(row, result))
        else:
            out.append(RowComparison(row, error=str(result.error),
                                     actor1_found=False if row.actor1 else None,
                                     actor2_found=False if row.actor2 else None))
    return out


def run_acled(path: str, *, limit: int | None = None, out_csv: str | None = None, workers: int = 1,
              gazetteers: Sequence[str] = (), as_json: bool = False, fields: Sequence[str] = FIELDS,
              out: TextIO | None = None, err: TextIO | None = None) -> int:
    """``sitrep evaluate --acled``: read, extract, compare, print; 1 when rows were skipped.
    ``fields`` limits the disagreements written to ``out_csv`` and counted in the summary."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    rows, problems = read_acled_file(path)
    for p in problems:
        warn("W700", f"{path}, line {p.line}: {p.message}; row skipped")
    if limit is not None:
        rows = rows[:max(0, limit)]
    comparisons = evaluate_acled(rows, workers=workers, gazetteers=gazetteers)
    summary = summarise(comparisons, skipped=len(problems), fields=fields)
    if out_csv:
        try:
            with open(out_csv, "w", encoding="utf-8", newline="") as fh:
                n = write_disagreements(comparisons, fh, fields)
        except OSError as exc:
            raise SitrepError(f"cannot write {out_csv}: {exc}", code="E701") from exc
        print(f"sitrep evaluate: {n} disagreement(s) written to {out_csv}", file=err)
    if as_json:
        json.dump(summary.as_dict(), out, indent=1)
        out.write("\n")
    else:
        out.write(format_acled_summary(summary, str(path)) + "\n")
    return 1 if problems or summary.failed else 0


# --- gold files -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class GoldCase:
    """One gold file, its article text, and the gold itself."""
    name: str
    gold_path: Path
    text_path: Path
    gold: dict


def find_text(gold_path: Path, gold: dict, texts: Path | None = None) -> Path | None:
    """The article text of a gold file, tried in turn: ``article.file`` as given (absolute,
    from the working directory, from the gold folder or any folder above it), its file name
    in the ``texts`` folder or the gold folder, then ``<gold name>.txt`` and
    ``<article id>.txt`` in those two folders."""
    article = gold.get("article") or {}
    given = str(article.get("file") or "")
    folders = [f for f in (texts, gold_path.parent) if f is not None]
    tries: list[Path] = []
    if given:
        p = Path(given)
        tries += [p] if p.is_absolute() else [Path.cwd() / p, *(a / p for a in gold_path.parent.resolve().parents),
                                              gold_path.parent / p]
        tries += [f / p.name for f in folders]
    for stem in (gold_path.stem, str(article.get("id") or "")):
        if stem:
            tries += [f / f"{stem}.txt" for f in folders]
    return next((t for t in tries if t.is_file()), None)


def find_gold_cases(gold_dir: str | Path, texts: str | Path | None = None
                    ) -> tuple[list[GoldCase], list[RowProblem | str]]:
    """Every ``sitrep/1`` gold file under ``gold_dir`` with its text; skipped files and why.
    Raises E700 when the folder does not exist or holds no gold file at all."""
    root = Path(gold_dir)
    if not root.is_dir():
        raise SitrepError(f"gold folder {gold_dir} does not exist", code="E700")
    text_dir = Path(texts) if texts else None
    cases: list[GoldCase] = []
    skipped: list[str] = []
    for path in sorted(root.rglob("*.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            skipped.append(f"{path}: not readable JSON ({exc})")
            continue
        if not isinstance(gold, dict) or gold.get("format") != "sitrep/1":
            skipped.append(f"{path}: not a sitrep/1 extraction")
            continue
        text = find_text(path, gold, text_dir)
        if text is None:
            skipped.append(f"{path}: article text not found (article.file, {path.stem}.txt)")
            continue
        cases.append(GoldCase(path.stem, path, text, gold))
    if not cases:
        raise SitrepError(f"no gold file with its article text under {gold_dir}"
                          + (f" ({len(skipped)} skipped)" if skipped else ""), code="E700")
    return cases, skipped


@dataclass
class Counts:
    """True positives, system items and gold items of one kind (micro-averaged by adding)."""
    tp: int = 0
    system: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.system += other.system
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "system": self.system, "gold": self.gold, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass
class GoldScore:
    """Scores of one gold file (or, added up, of several)."""
    name: str
    events: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    actors: Counts = field(default_factory=Counts)
    attributes: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in ATTRIBUTES})

    def add(self, other: GoldScore) -> None:
        self.events.add(other.events)
        self.relations.add(other.relations)
        self.actors.add(other.actors)
        for k, (ok, n) in other.attributes.items():
            self.attributes[k][0] += ok
            self.attributes[k][1] += n

    def attribute_shares(self) -> dict[str, float | None]:
        return {k: (round(ok / n, 3) if n else None) for k, (ok, n) in self.attributes.items()}

    @property
    def attribute_mean(self) -> float:
        """The mean of the attribute shares that were checked (0 when none was)."""
        shares = [v for v in self.attribute_shares().values() if v is not None]
        return sum(shares) / len(shares) if shares else 0.0

    @property
    def overall(self) -> float:
        """The mean of events, relations and actors F1 and the attribute mean, each taken as
        printed (3 decimals), so that it equals the shared scorer's figure."""
        parts = (round(self.events.f1, 3), round(self.relations.f1, 3), round(self.actors.f1, 3),
                 self.attribute_mean)
        return round(sum(parts) / 4, 3)

    def row(self) -> dict[str, float]:
        """The figures of one table row: the three F1s, the attribute mean and overall."""
        return {"events": round(self.events.f1, 3), "relations": round(self.relations.f1, 3),
                "actors": round(self.actors.f1, 3), "attributes": round(self.attribute_mean, 3),
                "overall": self.overall}

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "events": self.events.as_dict(), "relations": self.relations.as_dict(),
                "actors": self.actors.as_dict(), "attributes": self.attribute_shares(),
                "attributes_checked": {k: n for k, (_, n) in self.attributes.items()},
                "attributes_mean": round(self.attribute_mean, 3), "overall": self.overall}


GOLD_COLUMNS = ("events", "relations", "actors", "attributes", "overall")


def mean_of_files(scores: Sequence[GoldScore]) -> dict[str, float]:
    """Each table column averaged over the files (a macro mean: every file weighs the same,
    as in a per-file scoreboard); zeros when there is no file."""
    n = len(scores) or 1
    rows = [s.row() for s in scores]
    return {c: round(sum(r[c] for r in rows) / n, 3) for c in GOLD_COLUMNS}


def _names(actor: dict) -> set[str]:
    return {fold(n) for n in (actor.get("name"), *(actor.get("aliases") or ())) if n} | {fold(actor.get("id"))}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(text)) if len(w) > 1}


def _bounds(date: dict | None) -> tuple[dt.date, dt.date] | None:
    from .dates import date_bounds
    from .records import EventDate

    if not date or not date.get("start"):
        return None
    try:
        return date_bounds(EventDate(str(date["start"]), str(date.get("end") or date["start"]),
                                     date.get("precision") or "day"))
    except SitrepError:
        return None


def dates_overlap(gold: dict | None, system: dict | None) -> bool:
    """The two dates' calendar intervals share a day."""
    g, s = _bounds(gold), _bounds(system)
    return bool(g and s and s[0] <= g[1] and g[0] <= s[1])


def places_near(gold: dict | None, system: dict | None) -> bool:
    """Same place: one folded name holds the other, or both coordinates within 1.5 degrees."""
    if not gold or not system:
        return False
    g, s = fold(gold.get("name")), fold(system.get("name"))
    if g and s and (g in s or s in g):
        return True
    try:
        return (abs(gold["lat"] - system["lat"]) < NEAR_DEGREES
                and abs(gold["lon"] - system["lon"]) < NEAR_DEGREES)
    except (KeyError, TypeError):
        return False


def _required(item: dict) -> bool:
    return item.get("required", True) is not False


def score_gold(gold: dict, system: dict, name: str = "") -> GoldScore:
    """Score one extraction (a ``sitrep/1`` dict) against one gold file (rules in the module
    docstring)."""
    score = GoldScore(name or str((gold.get("article") or {}).get("id") or ""))
    g_actors = list(gold.get("actors") or ())
    to_gold: dict[str, str] = {}
    for sa in system.get("actors") or ():
        mine = _names(sa)
        hit = next((ga["id"] for ga in g_actors if mine & _names(ga)), None)
        if hit is not None:
            to_gold[sa["id"]] = hit
    required_actors = {a["id"] for a in g_actors if _required(a)}
    found = set(to_gold.values())
    unmatched = sum(1 for sa in system.get("actors") or () if sa["id"] not in to_gold)
    hits = len(found & required_actors)
    score.actors = Counts(hits, hits + unmatched, len(required_actors))

    def mapped(ids) -> set[str]:
        return {to_gold.get(i, "?" + i) for i in ids or ()}

    _score_events(score, gold.get("events") or [], system.get("events") or [], mapped)
    _score_relations(score, gold.get("relations") or [], system.get("relations") or [], to_gold)
    return score


def _score_events(score: GoldScore, g_events: list[dict], s_events: list[dict], mapped) -> None:
    pairs = []
    s_words = [_words(" ".join(e.get("text", "") for e in se.get("evidence") or ())) for se in s_events]
    for gi, ge in enumerate(g_events):
        evidence = ge.get("evidence") or [{}]
        gw = _words(evidence[0].get("text", ""))
        family = SCORING_FAMILIES.get(ge.get("type"), ge.get("type"))
        for si, se in enumerate(s_events):
            if SCORING_FAMILIES.get(se.get("type"), se.get("type")) != family or not gw:
                continue
            cover = len(gw & s_words[si]) / len(gw)
            if cover < EVIDENCE_COVER:
                continue
            bonus = ((se.get("type") == ge.get("type"))
                     + len(mapped(se.get("actors")) & set(ge.get("actors") or ()))
                     + len(mapped(se.get("targets")) & set(ge.get("targets") or ()))
                     + dates_overlap(ge.get("date"), se.get("date")))
            pairs.append((cover + bonus, gi, si))
    pairs.sort(key=lambda p: (-p[0], -p[1], -p[2]))
    used_g: set[int] = set()
    used_s: set[int] = set()
    matches = []
    for _, gi, si in pairs:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            matches.append((gi, si))
    required = sum(1 for e in g_events if _required(e))
    tp = sum(1 for gi, _ in matches if _required(g_events[gi]))
    neutral = len(matches) - tp
    score.events = Counts(tp, len(s_events) - neutral, required)
    for gi, si in matches:
        _check_attributes(score, g_events[gi], s_events[si], mapped)


def _check_attributes(score: GoldScore, ge: dict, se: dict, mapped) -> None:
    def tally(key: str, ok: bool) -> None:
        score.attributes[key][0] += bool(ok)
        score.attributes[key][1] += 1

    tally("type", se.get("type") == ge.get("type"))
    if ge.get("actors"):
        tally("actors", bool(set(ge["actors"]) & mapped(se.get("actors"))))
    if ge.get("targets"):
        tally("targets", bool(set(ge["targets"]) & mapped(se.get("targets"))))
    if ge.get("date"):
        tally("date", dates_overlap(ge["date"], se.get("date")))
    loc = ge.get("location")
    if loc and loc.get("name") and loc.get("precision") != "country":
        tally("location", places_near(loc, se.get("location")))
    if ge.get("fatalities") is not None:
        tally("fatalities", se.get("fatalities") == ge["fatalities"])
    if ge.get("certainty", "reported") != "reported":
        tally("certainty", se.get("certainty") == ge["certainty"])


def _score_relations(score: GoldScore, g_rel: list[dict], s_rel: list[dict], to_gold: dict[str, str]) -> None:
    used: set[int] = set()
    tp = neutral = 0
    for sr in s_rel:
        family = PREDICATE_FAMILIES.get(sr.get("predicate"))
        pair = (to_gold.get(sr.get("subject")), to_gold.get(sr.get("object")))
        for gi, gr in enumerate(g_rel):
            if gi in used or PREDICATE_FAMILIES.get(gr.get("predicate")) != family:
                continue
            gold_pair = (gr.get("subject"), gr.get("object"))
            if pair == gold_pair or (family in SYMMETRIC_FAMILIES and pair[::-1] == gold_pair):
                used.add(gi)
                if _required(gr):
                    tp += 1
                else:
                    neutral += 1
                break
    score.relations = Counts(tp, len(s_rel) - neutral, sum(1 for r in g_rel if _required(r)))


def _case_articles(cases: Sequence[GoldCase]) -> Iterator[Article | Any]:
    from .ingest import read_inputs

    for case in cases:
        published = (case.gold.get("article") or {}).get("published")
        try:
            items = list(read_inputs([case.text_path], published=published))
        except SitrepError as exc:
            items = [exc]
        yield items[0] if items else SitrepError(f"{case.text_path}: no article", code="E101")


def evaluate_gold(cases: Sequence[GoldCase], *, workers: int = 1, gazetteers: Sequence[str] = ()
                  ) -> tuple[list[GoldScore], list[str]]:
    """Extract and score every case; cases whose text fails are listed, not scored."""
    from .pipeline import extract_articles

    scores: list[GoldScore] = []
    failed: list[str] = []
    results = extract_articles(_case_articles(cases), workers=workers, gazetteers=gazetteers)
    for case, result in zip(cases, results):
        if isinstance(result, Extraction):
            scores.append(score_gold(case.gold, result.to_dict(), case.name))
        else:
            error = getattr(result, "error", result)
            failed.append(f"{case.text_path}: {error}")
    return scores, failed


def total_score(scores: Sequence[GoldScore]) -> GoldScore:
    total = GoldScore("all")
    for s in scores:
        total.add(s)
    return total


def format_gold_table(scores: Sequence[GoldScore]) -> str:
    """Per-file figures, their mean over files, the figures of all files added up (micro),
    then the micro P/R/F1 and the attribute shares."""
    total = total_score(scores)
    width = max([len(s.name) for s in scores] + [15])
    head = f"{'file':<{width}}  " + "  ".join(f"{c:>10}" for c in GOLD_COLUMNS)
    lines = [head, "-" * len(head)]

    def line(label: str, figures: dict[str, float]) -> str:
        return f"{label:<{width}}  " + "  ".join(f"{figures[c]:>10.3f}" for c in GOLD_COLUMNS)

    lines += [line(s.name, s.row()) for s in scores]
    lines.append("-" * len(head))
    lines.append(line("mean of files", mean_of_files(scores)))
    lines.append(line("all (micro)", total.row()))
    lines.append("")
    lines.append(f"{'(micro)':<10} {'P':>6} {'R':>6} {'F1':>6}  {'tp':>5} {'system':>6} {'gold':>5}")
    for label, c in (("events", total.events), ("relations", total.relations), ("actors", total.actors)):
        lines.append(f"{label:<10} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}  {c.tp:>5} {c.system:>6} {c.gold:>5}")
    shares = total.attribute_shares()
    lines.append("")
    lines.append("attributes of matched events: " + "  ".join(
        f"{k} {v:.2f} ({total.attributes[k][1]})" for k, v in shares.items() if v is not None))
    return "\n".join(lines)


def run_gold(gold_dir: str, *, texts: str | None = None, limit: int | None = None, workers: int = 1,
             gazetteers: Sequence[str] = (), as_json: bool = False, out: TextIO | None = None) -> int:
    """``sitrep evaluate --gold``: find, extract, score, print; 1 when files were skipped."""
    out = out if out is not None else sys.stdout
    cases, skipped = find_gold_cases(gold_dir, texts)
    for problem in skipped:
        warn("W701", f"{problem}; skipped")
    if limit is not None:
        cases = cases[:max(0, limit)]
    scores, failed = evaluate_gold(cases, workers=workers, gazetteers=gazetteers)
    for problem in failed:
        warn("W701", f"{problem}; skipped")
    if as_json:
        json.dump({"files": [s.as_dict() for s in scores], "total": total_score(scores).as_dict(),
                   "mean_of_files": mean_of_files(scores),
                   "skipped": [*map(str, skipped), *failed]}, out, indent=1)
        out.write("\n")
    elif scores:
        out.write(format_gold_table(scores) + "\n")
    return 1 if skipped or failed else 0


__all__ = [
    "NEAR_KM", "fold", "names_match", "country_codes", "country_code", "AcledActor", "parse_acled_actor",
    "actor_matches", "AcledRow", "RowProblem", "parse_acled_date", "date_order", "read_acled", "read_acled_file",
    "row_article", "FIELDS", "parse_fields", "RowComparison", "headline_event", "stated_fatalities",
    "compare_row", "distance_km", "Measure", "AcledSummary", "summarise", "format_acled_summary",
    "disagreements", "write_disagreements", "evaluate_acled", "run_acled", "GoldCase", "find_text",
    "find_gold_cases", "Counts", "GoldScore", "GOLD_COLUMNS", "mean_of_files", "score_gold", "dates_overlap",
    "places_near", "evaluate_gold", "total_score", "format_gold_table", "run_gold",
]
