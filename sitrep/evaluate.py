"""Measure sitrep against an analyst's own coding: what ``sitrep evaluate`` runs.

Two kinds of reference are read.

**An ACLED export** (``--acled FILE.csv``).  Both ACLED's API columns (``event_id_cnty``,
``event_date``, ``event_type``, ``sub_event_type``, ``actor1``, ``actor2``,
``assoc_actor_1``, ``location``, ``latitude``, ``longitude``, ``fatalities``, ``notes``,
``source``) and the upper-case columns of its download tool are accepted (names are read
case-insensitively); only ``event_date`` and ``notes`` are required.  ``event_date`` may be
ISO (``2019-12-31``), ``YYYYMMDD`` or written out (``31 December 2019``).  Each row's
``notes`` is extracted as one article published on the event date (through
:func:`sitrep.pipeline.extract_articles`) and compared field by field with the row:

* the row is compared with one sitrep event, its *headline*: the first event (in reading
  order) that has an ACLED type, else the first event;
* ``event type`` / ``sub-event type``: the headline's ACLED types equal the row's (case
  folded); "any event" lines say whether some event of the note has them;
* ``actor1`` / ``actor2``: the row's actor (or one of its associated actors) names a
  participant of the headline (agent or target: roles are not checked), by
  :func:`actor_matches`;
* ``fatalities``: the headline's figure (unstated counts as 0, as ACLED codes "no
  report") equals the row's, split between rows with deaths and rows with none;
* ``date``: the headline's ``date.start`` is the row's day (an event dated to the report,
  precision ``report``, starts on the published day, which is the event date here);
* ``place``: great-circle distance from the headline's coordinates to the row's; the share
  within :data:`NEAR_KM` km (of rows with coordinates) and the median distance.

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
  (same name or within 1.5 degrees), fatalities, certainty.

Figures over several files are micro-averaged (counts summed).  Nothing here imports the
shared scorer: sitrep carries its own rules.
"""
from __future__ import annotations

import csv
import datetime as dt
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

from .errors import SitrepError, warn
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


# ACLED names for a state's own forces: "Military Forces of Iraq (2014-2018)".
_STATE_FORCES = re.compile(r"^(?:military|police|security|government|special) forces of (?P<c>.+)$"
                           r"|^government of (?P<g>.+)$")
_STATE_TYPES = ("state", "state_military", "government")
_UNIDENTIFIED = re.compile(r"^unidentified\b")


def _acled_name(name: str) -> str:
    """An ACLED actor name without its qualifiers: "Islamic State (Iraq)" -> "islamic state"."""
    return fold(re.sub(r"\([^)]*\)", " ", name or ""))


@dataclass(frozen=True)
class _Participant:
    names: frozenset[str]
    type: str
    country: str | None
    known: bool


def _country_code(name: str) -> str | None:
    """ISO 3166 alpha-2 code of a country name, via pycountry when installed."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a dependency of the exports
        return None
    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        return None


def actor_matches(acled_name: str, participants: Sequence[_Participant]) -> bool:
    """Does an ACLED actor name one of sitrep's participants?

    * by name: the qualifier-free, folded ACLED name matches a folded name or alias
      (:func:`names_match`);
    * a state's own forces ("Military Forces of Iraq", "Police Forces of Iraq", "Government
      of Iraq") match a state, state-military or government actor of that country;
    * an "Unidentified Armed Group" matches a participant sitrep does not know by name, or
      an event with no named agent (passed as an empty, unknown participant).
    """
    name = _acled_name(acled_name)
    if not name:
        return False
    if _UNIDENTIFIED.match(name):
        return any(not p.known for p in participants)
    m = _STATE_FORCES.match(name)
    if m:
        code = _country_code(m["c"] or m["g"] or "")
        if code and any(p.type in _STATE_TYPES and p.country == code for p in participants):
            return True
    return any(names_match(name, n) for p in participants for n in p.names)


def _participants(event: Event, actors: dict[str, Actor]) -> list[_Participant]:
    out = []
    for actor_id in (*event.actors, *event.targets):
        actor = actors.get(actor_id)
        if actor is None:
            continue
        names = frozenset(fold(n) for n in (actor.name, *actor.aliases, actor.id.replace("-", " ")) if n)
        out.append(_Participant(names, actor.type, actor.country, actor.known))
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


@dataclass(frozen=True)
class RowProblem:
    """A row that was skipped, and why."""
    line: int
    message: str


_WORDY_DAY = re.compile(r"(?P<d>\d{1,2})[ -](?P<m>[A-Za-z]+)\.?[\s,-]*(?P<y>\d{4})")
_MONTH_NUMBERS = {name: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}


def parse_acled_date(value: str) -> dt.date:
    """An ACLED ``event_date``: ``2019-12-31``, ``20191231``, ``31 December 2019`` (or
    ``31-Dec-2019``).  Raises ValueError for anything else."""
    text = (value or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?", text):
        return dt.date.fromisoformat(text[:10])
    if re.fullmatch(r"\d{8}", text):
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    m = _WORDY_DAY.fullmatch(text)
    if m:
        word = m["m"].lower()
        month = next((n for name, n in _MONTH_NUMBERS.items() if name.startswith(word) and len(word) >= 3), None)
        if month:
            return dt.date(int(m["y"]), month, int(m["d"]))
    raise ValueError(f"event_date {value!r} is not YYYY-MM-DD, YYYYMMDD or '31 December 2019'")


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


def _row(line: int, rec: dict[str, str]) -> AcledRow:
    notes = rec.get("notes", "").strip()
    if not notes:
        raise ValueError("no notes")
    fatalities = rec.get("fatalities", "").strip()
    if fatalities and not re.fullmatch(r"\d+", fatalities):
        raise ValueError(f"fatalities {fatalities!r} is not a whole number")
    return AcledRow(
        line=line, event_id=rec.get("event_id_cnty", "").strip() or f"row{line}",
        day=parse_acled_date(rec.get("event_date", "")), notes=notes,
        event_type=rec.get("event_type", "").strip(), sub_event_type=rec.get("sub_event_type", "").strip(),
        actor1=rec.get("actor1", "").strip(), actor2=rec.get("actor2", "").strip(),
        assoc_actor_1=rec.get("assoc_actor_1", "").strip(), assoc_actor_2=rec.get("assoc_actor_2", "").strip(),
        location=rec.get("location", "").strip(),
        lat=_optional_float(rec.get("latitude", ""), "latitude", -90, 90),
        lon=_optional_float(rec.get("longitude", ""), "longitude", -180, 180),
        fatalities=int(fatalities) if fatalities else None, source=rec.get("source", "").strip())


def read_acled(text: str, origin: str = "ACLED export") -> tuple[list[AcledRow], list[RowProblem]]:
    """Rows of an ACLED CSV (comma, semicolon or tab separated) and the rows skipped.
    Raises SitrepError E700 when the header lacks ``event_date`` or ``notes``."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise SitrepError(f"{origin}: empty file, no header row", code="E700")
    columns = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise SitrepError(f"{origin}: no {' or '.join(missing)} column (found: {', '.join(columns[:12])})",
                          code="E700")
    rows: list[AcledRow] = []
    problems: list[RowProblem] = []
    line = reader.line_num + 1
    for values in reader:
        start, line = line, reader.line_num + 1
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(columns):
            problems.append(RowProblem(start, f"{len(values)} fields where the header has {len(columns)}"))
            continue
        try:
            rows.append(_row(start, dict(zip(columns, values))))
        except ValueError as exc:
            problems.append(RowProblem(start, str(exc)))
    return rows, problems


def read_acled_file(path: str | Path) -> tuple[list[AcledRow], list[RowProblem]]:
    """:func:`read_acled` on a file; E700 when it cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SitrepError(f"cannot read ACLED export {path}: {exc}", code="E700") from exc
    return read_acled(_decode(data), origin=str(path))


# ACLED's bracketed tags at the end of notes ("[size=no report]", "[women targeted: ...]").
_TRAILING_TAGS = re.compile(r"(?:\s*\[[^\[\]\n]*\])+\s*$")


def row_article(row: AcledRow) -> Article:
    """The row's notes as an article published on the event date (trailing bracketed
    coding tags are kept in the text but produce nothing)."""
    tags = _TRAILING_TAGS.search(row.notes)
    excluded = ((tags.start(), tags.end()),) if tags and tags.start() > 0 else ()
    return Article(id=f"{row.event_id}@{row.line}", text=row.notes, source=row.source or None,
                   published=row.day.isoformat(), origin=f"line {row.line}", excluded=excluded)


# --- comparing one row ----------------------------------------------------------------------------

@dataclass(frozen=True)
class RowComparison:
    """sitrep's reading of one row beside the row (None: sitrep gave no such value)."""
    row: AcledRow
    event_type: str | None = None
    sub_event_type: str | None = None
    any_types: tuple[tuple[str, str], ...] = ()
    participants: tuple[str, ...] = ()
    actor1_found: bool | None = None
    actor2_found: bool | None = None
    fatalities: int | None = None
    date: str | None = None
    place: str | None = None
    distance_km: float | None = None
    error: str | None = None  # extraction failed
    found: bool = False  # sitrep read some event from the notes

    def agreement(self) -> dict[str, bool | None]:
        """Field -> agrees (None where the field does not apply to this row)."""
        row = self.row
        deaths = row.fatalities
        return {
            "event_type": _same(row.event_type, self.event_type) if row.event_type else None,
            "sub_event_type": _same(row.sub_event_type, self.sub_event_type) if row.sub_event_type else None,
            "actor1": self.actor1_found if row.actor1 else None,
            "actor2": self.actor2_found if row.actor2 else None,
            "fatalities": (self.fatalities or 0) == deaths if deaths is not None else None,
            "date": self.date == row.day.isoformat(),
            "place": (self.distance_km is not None and self.distance_km <= NEAR_KM)
            if row.lat is not None and row.lon is not None else None,
        }


def _same(a: str | None, b: str | None) -> bool:
    return fold(a) == fold(b) and bool(fold(a))


def headline_event(extraction: Extraction) -> Event | None:
    """The event a one-event note is compared with: the first with an ACLED type, else the
    first event, else None."""
    return next((e for e in extraction.events if e.acled is not None),
                extraction.events[0] if extraction.events else None)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine, mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _any_actor(names: Iterable[str], participants: list[_Participant]) -> bool:
    return any(actor_matches(n, participants) for n in names if n.strip())


def compare_row(row: AcledRow, extraction: Extraction) -> RowComparison:
    """One row beside sitrep's extraction of its notes."""
    event = headline_event(extraction)
    if event is None:
        return RowComparison(row, actor1_found=False if row.actor1 else None,
                             actor2_found=False if row.actor2 else None)
    actors = {a.id: a for a in extraction.actors}
    people = _participants(event, actors)
    assoc1 = [row.actor1, *row.assoc_actor_1.split(";")]
    assoc2 = [row.actor2, *row.assoc_actor_2.split(";")]
    loc = event.location
    km = None
    if loc is not None and None not in (loc.lat, loc.lon) and row.lat is not None and row.lon is not None:
        km = round(distance_km(row.lat, row.lon, loc.lat, loc.lon), 1)  # type: ignore[arg-type]
    return RowComparison(
        row=row, found=True,
        event_type=event.acled.event_type if event.acled else None,
        sub_event_type=event.acled.sub_event_type if event.acled else None,
        any_types=tuple((e.acled.event_type, e.acled.sub_event_type) for e in extraction.events if e.acled),
        participants=tuple(actors[i].name for i in (*event.actors, *event.targets) if i in actors),
        actor1_found=_any_actor(assoc1, people) if row.actor1 else None,
        actor2_found=_any_actor(assoc2, people) if row.actor2 else None,
        fatalities=event.fatalities,
        date=event.date.start if event.date else None,
        place=loc.name if loc else None,
        distance_km=km,
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
    rows: int
    skipped: int
    failed: int
    no_event: int
    measures: tuple[Measure, ...]
    median_km: float | None
    located: int  # rows where both sides have coordinates

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "skipped": self.skipped, "failed": self.failed,
                "no_event": self.no_event, "median_km": self.median_km, "located": self.located,
                "measures": {m.name: {"agree": m.agree, "total": m.total, "share": m.share}
                             for m in self.measures}}


def _tally(name: str, flags: Iterable[bool | None]) -> Measure:
    seen = [f for f in flags if f is not None]
    return Measure(name, sum(seen), len(seen))


def summarise(comparisons: Sequence[RowComparison], skipped: int = 0) -> AcledSummary:
    """The measures over compared rows (see the module docstring)."""
    agree = [c.agreement() for c in comparisons]
    deaths = [a for c, a in zip(comparisons, agree) if (c.row.fatalities or 0) > 0]
    none = [a for c, a in zip(comparisons, agree) if c.row.fatalities == 0]
    any_type = [any(_same(c.row.event_type, t) for t, _ in c.any_types) if c.row.event_type else None
                for c in comparisons]
    any_sub = [any(_same(c.row.sub_event_type, s) for _, s in c.any_types) if c.row.sub_event_type else None
               for c in comparisons]
    measures = (
        _tally("event type", (a["event_type"] for a in agree)),
        _tally("event type, any event", any_type),
        _tally("sub-event type", (a["sub_event_type"] for a in agree)),
        _tally("sub-event type, any event", any_sub),
        _tally("actor1 found", (a["actor1"] for a in agree)),
        _tally("actor2 found", (a["actor2"] for a in agree)),
        _tally("fatalities exact, deaths", (a["fatalities"] for a in deaths)),
        _tally("fatalities exact, none", (a["fatalities"] for a in none)),
        _tally("date exact", (a["date"] for a in agree)),
        _tally(f"place within {NEAR_KM:g} km", (a["place"] for a in agree)),
    )
    kms = [c.distance_km for c in comparisons if c.distance_km is not None]
    return AcledSummary(
        rows=len(comparisons), skipped=skipped, failed=sum(1 for c in comparisons if c.error),
        no_event=sum(1 for c in comparisons if not c.found and not c.error),
        measures=measures, median_km=round(statistics.median(kms), 1) if kms else None,
        located=len(kms))


def format_acled_summary(summary: AcledSummary, origin: str = "") -> str:
    """The summary as a plain-text table."""
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
    return "\n".join(lines)


DISAGREEMENT_COLUMNS = (
    "line", "event_id_cnty", "disagree",
    "acled_event_type", "sitrep_event_type", "acled_sub_event_type", "sitrep_sub_event_type",
    "acled_actor1", "acled_actor2", "sitrep_actors",
    "acled_fatalities", "sitrep_fatalities", "acled_event_date", "sitrep_date",
    "acled_location", "sitrep_place", "distance_km", "notes",
)


def write_disagreements(comparisons: Iterable[RowComparison], out: TextIO) -> int:
    """Rows where some field disagrees, with both values, as CSV; returns how many."""
    writer = csv.writer(out)
    writer.writerow(DISAGREEMENT_COLUMNS)
    n = 0
    for c in comparisons:
        fields = [k for k, ok in c.agreement().items() if ok is False]
        if not fields and not c.error:
            continue
        n += 1
        row = c.row
        writer.writerow([
            row.line, row.event_id, ";".join(fields) if fields else f"error: {c.error}",
            row.event_type, c.event_type or "", row.sub_event_type, c.sub_event_type or "",
            row.actor1, row.actor2, "; ".join(c.participants),
            "" if row.fatalities is None else row.fatalities, "" if c.fatalities is None else c.fatalities,
            row.day.isoformat(), c.date or "", row.location, c.place or "",
            "" if c.distance_km is None else c.distance_km, row.notes,
        ])
    return n


def evaluate_acled(rows: Sequence[AcledRow], *, workers: int = 1,
                   gazetteers: Sequence[str] = ()) -> list[RowComparison]:
    """Extract every row's notes and compare; a failed extraction is kept with its error."""
    from .pipeline import extract_articles

    out = []
    results = extract_articles((row_article(r) for r in rows), workers=workers, gazetteers=gazetteers)
    for row, result in zip(rows, results):
        if isinstance(result, Extraction):
            out.append(compare_row(row, result))
        else:
            out.append(RowComparison(row, error=str(result.error),
                                     actor1_found=False if row.actor1 else None,
                                     actor2_found=False if row.actor2 else None))
    return out


def run_acled(path: str, *, limit: int | None = None, out_csv: str | None = None, workers: int = 1,
              gazetteers: Sequence[str] = (), as_json: bool = False, out: TextIO | None = None,
              err: TextIO | None = None) -> int:
    """``sitrep evaluate --acled``: read, extract, compare, print; 1 when rows were skipped."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    rows, problems = read_acled_file(path)
    for p in problems:
        warn("W700", f"{path}, line {p.line}: {p.message}; row skipped")
    if limit is not None:
        rows = rows[:max(0, limit)]
    comparisons = evaluate_acled(rows, workers=workers, gazetteers=gazetteers)
    summary = summarise(comparisons, skipped=len(problems))
    if out_csv:
        try:
            with open(out_csv, "w", encoding="utf-8", newline="") as fh:
                n = write_disagreements(comparisons, fh)
        except OSError as exc:
            raise SitrepError(f"cannot write {out_csv}: {exc}", code="E701") from exc
        print(f"sitrep evaluate: {n} disagreeing row(s) written to {out_csv}", file=err)
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
    def overall(self) -> float:
        shares = [v for v in self.attribute_shares().values() if v is not None]
        attr = sum(shares) / len(shares) if shares else 0.0
        return (self.events.f1 + self.relations.f1 + self.actors.f1 + attr) / 4

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "events": self.events.as_dict(), "relations": self.relations.as_dict(),
                "actors": self.actors.as_dict(), "attributes": self.attribute_shares(),
                "attributes_checked": {k: n for k, (_, n) in self.attributes.items()},
                "overall": round(self.overall, 3)}


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
    """Per-file F1s, then the micro-averaged P/R/F1 and the attribute shares."""
    total = total_score(scores)
    width = max([len(s.name) for s in scores] + [8])
    head = f"{'file':<{width}}  {'events':>7}  {'relations':>9}  {'actors':>7}  {'overall':>7}"
    lines = [head, "-" * len(head)]
    for s in [*scores, total]:
        if s is total:
            lines.append("-" * len(head))
        lines.append(f"{s.name:<{width}}  {s.events.f1:>7.3f}  {s.relations.f1:>9.3f}  {s.actors.f1:>7.3f}"
                     f"  {s.overall:>7.3f}")
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
                   "skipped": [*map(str, skipped), *failed]}, out, indent=1)
        out.write("\n")
    elif scores:
        out.write(format_gold_table(scores) + "\n")
    return 1 if skipped or failed else 0


__all__ = [
    "NEAR_KM", "fold", "names_match", "actor_matches", "AcledRow", "RowProblem", "parse_acled_date",
    "read_acled", "read_acled_file", "row_article", "RowComparison", "headline_event", "compare_row",
    "distance_km", "Measure", "AcledSummary", "summarise", "format_acled_summary", "write_disagreements",
    "evaluate_acled", "run_acled", "GoldCase", "find_text", "find_gold_cases", "Counts", "GoldScore",
    "score_gold", "dates_overlap", "places_near", "evaluate_gold", "total_score", "format_gold_table",
    "run_gold",
]
