"""Place resolution on UCDP GED headlines, the geocoder alone (no parsing, no event detection).

    python bench/places_eval.py                       # the dev UCDP file beside the project
    python bench/places_eval.py --data FILE.csv --misses 40
    python bench/places_eval.py --json

For every UCDP row whose ``where_prec`` is at most 2 (1: the exact place, 2: within about 25 km),
the row's source headlines (``source_headline`` split on ``;``) are scanned with
:meth:`sitrep.places.Gazetteer.find`.  Figures, each a share of those rows:

  any        some place mention of some headline lies within 50 km of the UCDP point
             (what the geocoder can offer the events stage at best);
  specific   the most specific mention of some headline (:func:`sitrep.places.most_specific`)
             lies within 50 km (what a stage that takes one place per headline gets);
  named      some headline names a place finer than a country at all (site, city, admin1, region).

``--misses N`` prints N rows whose headlines name a place finer than a country but none within
50 km (the geocoder's own errors: wrong candidate, wrong town), with what was found.  Rows whose
headlines name no town at all ("Iraq violence kills 14") are misses no geocoder can fix.

Also printed: the time to build the gazetteer and the peak memory (``ru_maxrss``) of this process.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "dev" / "ucdp" / "ucdp_ged_iraq_2014_2016.csv"
RADIUS_KM = 50.0
MAX_PREC = 2
csv.field_size_limit(1 << 24)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def headlines(row: dict[str, str]) -> list[str]:
    """The distinct headlines of a UCDP row (``source_headline`` split on ``;``)."""
    seen: dict[str, None] = {}
    for h in (row.get("source_headline") or "").split(";"):
        if h.strip():
            seen.setdefault(h.strip(), None)
    return list(seen)


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if (r.get("id") or "").strip()]
    out = []
    for r in rows:
        try:
            prec = int(float(r.get("where_prec") or 9))
            float(r["latitude"]), float(r["longitude"])
        except (KeyError, ValueError):
            continue
        if prec <= MAX_PREC:
            out.append(r)
    return out


def near(place, lat: float, lon: float) -> bool:
    return place.lat is not None and place.lon is not None and \
        distance_km(place.lat, place.lon, lat, lon) <= RADIUS_KM


def evaluate(rows: list[dict[str, str]], gaz, most_specific) -> tuple[dict, list]:
    any_hit = specific_hit = named = 0
    misses = []
    for r in rows:
        lat, lon = float(r["latitude"]), float(r["longitude"])
        found_any = found_specific = has_named = False
        seen = []
        for h in headlines(r):
            mentions = gaz.find(h)
            seen += [(m.text, m.place.name, m.place.precision, m.place.lat, m.place.lon) for m in mentions]
            has_named |= any(m.place.precision != "country" for m in mentions)
            found_any |= any(near(m.place, lat, lon) for m in mentions)
            best = most_specific(mentions)
            found_specific |= best is not None and near(best.place, lat, lon)
        any_hit += found_any
        specific_hit += found_specific
        named += has_named
        if has_named and not found_any:
            misses.append((r, seen))
    n = len(rows) or 1
    return {"rows": len(rows), "any": round(any_hit / n, 3), "specific": round(specific_hit / n, 3),
            "named": round(named / n, 3)}, misses


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a UCDP GED CSV (default: the dev file)")
    ap.add_argument("--misses", type=int, default=0, help="print this many rows missed although a place was named")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    start = time.perf_counter()
    from sitrep.places import load_gazetteer, most_specific
    gaz = load_gazetteer()
    gaz.find("Baghdad")  # anything built lazily is built now
    build = time.perf_counter() - start
    rows = rows_of(args.data)
    start = time.perf_counter()
    figures, misses = evaluate(rows, gaz, most_specific)
    figures["scan_seconds"] = round(time.perf_counter() - start, 2)
    figures["build_seconds"] = round(build, 2)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"UCDP rows with where_prec <= {MAX_PREC}: {figures['rows']}  any mention <= {RADIUS_KM:.0f} km "
              f"{figures['any']:.3f}  most specific {figures['specific']:.3f}  a place named {figures['named']:.3f}"
              f"  (build {figures['build_seconds']} s, scan {figures['scan_seconds']} s, "
              f"peak RSS {figures['peak_rss_mb']} MB)")
    for r, seen in misses[:args.misses]:
        where = f"{r.get('where_coordinates')} ({float(r['latitude']):.2f}, {float(r['longitude']):.2f})"
        print(f"- {where}: {' ; '.join(headlines(r))[:300]}")
        for text, name, precision, lat, lon in seen:
            print(f"      {text!r} -> {name} [{precision}] ({lat}, {lon})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
