"""Authoring helpers for the dev-set gold files.

Each script next to this one writes one or more ``bench/gold/<name>.json`` from quotes of
``bench/dev/<name>.txt``: evidence is given as text, and its offsets are computed here
against the article body (the text after the header block, as sitrep reads it), so a
quote that is missing or ambiguous fails loudly.  Run a script after editing it:

    python bench/gold/authoring/najaf.py
"""
import json
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO))
from sitrep.ingest import split_header  # noqa: E402

KB = {a["id"]: a for a in yaml.safe_load((REPO / "sitrep/data/actors.yaml").read_text(encoding="utf-8"))["actors"]}


class Gold:
    def __init__(self, name):
        self.name = name
        raw = (REPO / "bench/dev" / f"{name}.txt").read_text(encoding="utf-8")
        self.header, self.body = split_header(raw)
        self.actors, self.events, self.relations = [], [], []

    def ev(self, text, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = self.body.find(text, start + 1)
        assert start >= 0, f"{self.name}: evidence not in body: {text!r}"
        if nth == 0:
            assert self.body.count(text) == 1, f"{self.name}: evidence not unique: {text!r}"
        return {"text": text, "start": start, "end": start + len(text)}

    def actor(self, id, aliases=(), required=True, name=None, type=None, country="?", role=None):
        kb = KB.get(id, {})
        assert kb or (name and type), f"{id} not in actors.yaml; give name and type"
        als = list(dict.fromkeys([*aliases]))
        self.actors.append({"id": id, "name": name or kb["name"], "type": type or kb["type"],
                            "country": kb.get("country") if country == "?" else country,
                            "aliases": als, "role": role, "required": required,
                            "in_actors_yaml": bool(kb)})

    def event(self, id, type, actors, targets, evidence, date=None, location=None, fatalities=None,
              count=1, certainty="reported", claimed_by=None, caused_by=None, required=True,
              note=None, injured=None, **extra):
        if isinstance(evidence, str):
            evidence = [evidence]
        e = {"id": id, "type": type, "actors": actors, "targets": targets, "date": date,
             "location": location, "fatalities": fatalities, "injured": injured, "count": count,
             "certainty": certainty, "claimed_by": claimed_by, "caused_by": caused_by,
             "required": required, "evidence": [self.ev(t) for t in evidence], "note": note, **extra}
        self.events.append(e)

    def rel(self, s, p, o, evidence, required=True, note=None):
        self.relations.append({"subject": s, "predicate": p, "object": o, "since": None, "until": None,
                               "required": required, "evidence": [self.ev(evidence)], "note": note})

    def write(self):
        ids = {a["id"] for a in self.actors}
        for e in self.events:
            for a in e["actors"] + e["targets"] + ([e["claimed_by"]] if e["claimed_by"] else []):
                assert a in ids, f"{self.name} {e['id']}: unknown actor {a}"
        for r in self.relations:
            assert r["subject"] in ids and r["object"] in ids, (self.name, r)
        h = self.header
        out = {"format": "sitrep/1",
               "article": {"id": self.name, "title": h.get("title"), "source": h.get("source"),
                           "url": None, "published": h.get("published"), "language": "en",
                           "file": f"bench/dev/{self.name}.txt"},
               "actors": self.actors, "events": self.events, "relations": self.relations}
        with open(REPO / "bench/gold" / f"{self.name}.json", "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(self.name, len(self.actors), "actors", len(self.events), "events", len(self.relations), "relations")


def date(start, end=None, precision="day", text=None):
    return {"start": start, "end": end or start, "precision": precision, "text": text}


def place(name, country, lat=None, lon=None, admin1=None, precision="city"):
    return {"name": name, "country": country, "admin1": admin1, "lat": lat, "lon": lon, "precision": precision}
