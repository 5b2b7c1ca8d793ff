"""List the items of a genre probe set that sitrep gets wrong, measure by measure.

    python ../shared/eval/board.py --set acled --data bench/genre/acled.jsonl --keep /tmp/genre
    python bench/genre/faults.py acled /tmp/genre/acled/out.jsonl      # or gtd / case2021

Reads the probe file beside this script (acled.jsonl, gtd.csv or case2021.tsv) and the
``out.jsonl`` that ``sitrep extract --format jsonl`` wrote for it (the board's ``--keep``), and
prints, for each measure the board scores, the items that miss it: id, gold value, sitrep's
events (type, ACLED type / sub-type, fatalities, injured, date, place and its distance in km),
and the text.  The matching rules are the board's (shared/eval/board.py), restated here so the
script runs without the shared folder: the first ACLED-coded event is compared for types;
fatalities are summed over reported, single (count 1) events; a date or place matches when any
event has it; a place matches within 50 km.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
VIOLENT = {"air_strike", "shelling", "bombing", "armed_clash", "attack", "assassination", "abduction"}
GTD_TYPES = {"Bombing/Explosion": {"bombing"}, "Armed Assault": {"attack", "armed_clash"},
             "Assassination": {"assassination", "attack"}, "Hostage Taking (Kidnapping)": {"abduction"},
             "Hostage Taking (Barricade Incident)": {"abduction"}, "Facility/Infrastructure Attack": {"attack", "bombing"}}
CASE_TYPE = {"ARMED_CLASH": "Battles", "AIR_STRIKE": "Explosions/Remote violence",
             "ART_MISS_ATTACK": "Explosions/Remote violence", "REM_EXPLOS": "Explosions/Remote violence",
             "SUIC_BOMB": "Explosions/Remote violence", "GRENADE": "Explosions/Remote violence",
             "ATTACK": "Violence against civilians", "ABDUCT_DISSAP": "Violence against civilians",
             "PEACE_PROTEST": "Protests", "PROTEST_WITH_INTER": "Protests", "FORCE_AGAINST_PROTEST": "Protests",
             "VIOL_DEMONSTR": "Riots", "MOB_VIOL": "Riots", "ARREST": "Strategic developments",
             "AGREEMENT": "Strategic developments"}
CASE_SUB = {"AIR_STRIKE": "Air/drone strike", "ARMED_CLASH": "Armed clash",
            "ART_MISS_ATTACK": "Shelling/artillery/missile attack", "REM_EXPLOS": "Remote explosive/landmine/IED",
            "SUIC_BOMB": "Suicide bomb", "GRENADE": "Grenade", "ATTACK": "Attack",
            "ABDUCT_DISSAP": "Abduction/forced disappearance", "PEACE_PROTEST": "Peaceful protest",
            "PROTEST_WITH_INTER": "Protest with intervention",
            "FORCE_AGAINST_PROTEST": "Excessive force against protesters", "VIOL_DEMONSTR": "Violent demonstration",
            "MOB_VIOL": "Mob violence", "ARREST": "Arrests", "AGREEMENT": "Agreement"}


def km(lat1, lon1, lat2, lon2) -> float:
    p = math.pi / 180
    h = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


def dist(ev: dict, lat, lon) -> float | None:
    loc = ev.get("location") or {}
    try:
        return km(float(lat), float(lon), float(loc["lat"]), float(loc["lon"]))
    except (KeyError, TypeError, ValueError):
        return None


def stated_sum(evs: list[dict], key: str) -> int:
    return sum(e.get(key) or 0 for e in evs
               if e.get("certainty", "reported") == "reported" and (e.get("count") or 1) == 1
               and isinstance(e.get(key) or 0, (int, float)))


def show(evs: list[dict], lat=None, lon=None) -> str:
    if not evs:
        return "    (no event)"
    out = []
    for e in evs:
        a = e.get("acled") or {}
        loc = e.get("location") or {}
        d = dist(e, lat, lon) if lat is not None else None
        out.append(f"    {e.get('type')}/{a.get('event_type', '-')}/{a.get('sub_event_type', '-')}"
                   f" k={e.get('fatalities')} w={e.get('injured')} cert={e.get('certainty')} n={e.get('count')}"
                   f" date={(e.get('date') or {}).get('start')}/{(e.get('date') or {}).get('precision')}"
                   f" place={loc.get('name')}" + (f" ({d:.0f} km)" if d is not None else "")
                   + f" trig={e.get('trigger')!r}")
    return "\n".join(out)


def outputs(path: str) -> dict[str, dict]:
    res = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("{"):
            x = json.loads(line)
            res[str((x.get("article") or {}).get("id"))] = x
    return res


def acled(outs: dict[str, dict]) -> dict[str, list[str]]:
    misses = defaultdict(list)
    for line in open(HERE / "acled.jsonl", encoding="utf-8"):
        it = json.loads(line)
        g, x = it["acled"], outs.get(it["id"]) or {}
        evs = [e for e in x.get("events") or [] if isinstance(e, dict)]
        coded = [e for e in evs if (e.get("acled") or {}).get("event_type")]
        top = (coded[0]["acled"] if coded else {})
        d = g["event_date"]
        iso = f"{d[:4]}-{d[4:6]}-{d[6:]}"
        head = (f"{it['id']}  gold {g['event_type']} / {g['sub_event_type']}  k={g['fatalities']}  {iso}"
                f"  {g['location']}\n  {it['text']}\n{show(evs, g['latitude'], g['longitude'])}")
        if top.get("event_type") != g["event_type"]:
            misses["event type"].append(head)
        if top.get("sub_event_type") != g["sub_event_type"]:
            misses["sub-event type"].append(head)
        if stated_sum(evs, "fatalities") != int(g["fatalities"]):
            misses["fatalities (with deaths)" if g["fatalities"] else "fatalities (none)"].append(head)
        if not any((e.get("date") or {}).get("start") == iso for e in evs):
            misses["date"].append(head)
        if not any((dd := dist(e, g["latitude"], g["longitude"])) is not None and dd <= 50 for e in evs):
            misses["place"].append(head)
    return misses


def gtd(outs: dict[str, dict]) -> dict[str, list[str]]:
    misses = defaultdict(list)
    with open(HERE / "gtd.csv", newline="", encoding="utf-8") as f:
        for k, g in enumerate(csv.DictReader(f)):
            key = f"g{g.get('source_row') or k}"
            evs = [e for e in (outs.get(key) or {}).get("events") or [] if isinstance(e, dict)]
            head = (f"{key}  gold {g['attack_type']}  k={g['killed']} w={g['wounded']}  {g['date']}  {g['city']}"
                    f"\n  {g['summary']}\n{show(evs, g['latitude'], g['longitude'])}")
            if g["killed"] and stated_sum(evs, "fatalities") != int(g["killed"]):
                misses["fatalities"].append(head)
            if g["wounded"] and stated_sum(evs, "injured") != int(g["wounded"]):
                misses["injured"].append(head)
            viol = [e for e in evs if e.get("type") in VIOLENT]
            if not viol:
                misses["violent event"].append(head)
            if not any((dd := dist(e, g["latitude"], g["longitude"])) is not None and dd <= 50 for e in evs):
                misses["place"].append(head)
            if not any((e.get("date") or {}).get("start") == g["date"] for e in evs):
                misses["date"].append(head)
            want = GTD_TYPES.get(g["attack_type"])
            if want and not (viol and viol[0].get("type") in want):
                misses["attack type"].append(head)
    return misses


def case2021(outs: dict[str, dict]) -> dict[str, list[str]]:
    misses = defaultdict(list)
    with open(HERE / "case2021.tsv", newline="", encoding="utf-8") as f:
        for r in list(csv.reader(f, delimiter="\t"))[1:]:
            key, text, lab = "c" + r[0], r[1], r[2]
            evs = [e for e in (outs.get(key) or {}).get("events") or [] if isinstance(e, dict)]
            coded = [e["acled"] for e in evs if (e.get("acled") or {}).get("event_type")]
            head = f"{key}  gold {lab}\n  {text}\n{show(evs)}"
            if lab in CASE_TYPE:
                if not (coded and coded[0]["event_type"] == CASE_TYPE[lab]):
                    misses["event type"].append(head)
                if not (coded and coded[0].get("sub_event_type") == CASE_SUB[lab]):
                    misses["sub-event type"].append(head)
            elif any(c["event_type"] in ("Battles", "Explosions/Remote violence", "Violence against civilians")
                     for c in coded):
                misses["violent event on a disaster/crime snippet"].append(head)
    return misses


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="List the probe items sitrep misses, per measure.")
    ap.add_argument("set", choices=("acled", "gtd", "case2021"))
    ap.add_argument("out", help="out.jsonl written by `sitrep extract --format jsonl` (board --keep)")
    ap.add_argument("--measure", help="only this measure (as printed)")
    a = ap.parse_args(argv)
    misses = {"acled": acled, "gtd": gtd, "case2021": case2021}[a.set](outputs(a.out))
    for measure, items in misses.items():
        if a.measure and measure != a.measure:
            continue
        print(f"=== {measure}: {len(items)} missed")
        for item in items:
            print(item)
    return 0


if __name__ == "__main__":
    sys.exit(main())
