"""Exports: every format is written from hand-built records and parsed back."""
from __future__ import annotations

import csv
import io
import json

import pytest

from sitrep import exports
from sitrep.errors import DataFileError, FormatError, SitrepError
from sitrep.records import (AcledType, Actor, Event, EventDate, EventReport, Evidence, MergedEvent, Place,
                            Relation)

STRIKE_TEXT = ("US F-15E jets struck five Kataib Hezbollah facilities in Iraq and Syria on Sunday, "
               "including three near al-Qaim, killing at least 25 fighters, Iraqi security sources said.")
STRIKE_TEXT_AP = "The strikes near the Syrian border killed 19 militiamen, a Kataib Hezbollah official said."
ROCKET_TEXT = ("More than 30 rockets hit the K-1 military base near Kirkuk on Friday, killing a US "
               "civilian contractor.")
STATEMENT_TEXT = "Kataib Hezbollah said the American presence in Iraq had become a burden on the country."


def _actors() -> list[Actor]:
    return [
        Actor(id="united-states", name="United States", type="state", country="US", aliases=("US", "Washington")),
        Actor(id="kataib-hezbollah", name="Kataib Hezbollah", type="armed_group", country="IQ",
              aliases=("KH", "Kata'ib Hizballah")),
        Actor(id="iran", name="Iran", type="state", country="IR"),
    ]


def _strike() -> MergedEvent:
    al_qaim = Place(name="al-Qaim", country="IQ", admin1="Anbar", lat=34.37, lon=41.09, precision="city")
    day = EventDate(start="2019-12-29", end="2019-12-29", precision="day", text="Sunday")
    event = Event(id="101", type="air_strike", cameo="195",
                  acled=AcledType("Explosions/Remote violence", "Air/drone strike"),
                  actors=("united-states",), targets=("kataib-hezbollah",), date=day, location=al_qaim,
                  fatalities=25, weapon="F-15E jets", evidence=(Evidence(STRIKE_TEXT, 0, len(STRIKE_TEXT)),))
    reports = (
        EventReport(article_id="reuters-2019-12-30", event_id="e2", type="air_strike", date=day, location=al_qaim,
                    fatalities=25, evidence=(Evidence(STRIKE_TEXT, 0, len(STRIKE_TEXT)),), source="Reuters",
                    url="https://example.org/reuters/kh-strikes", published="2019-12-30"),
        EventReport(article_id="ap-2019-12-30", event_id="e1", type="air_strike", date=day, location=al_qaim,
                    fatalities=19, certainty="claimed", evidence=(Evidence(STRIKE_TEXT_AP, 40, 130),),
                    source="Associated Press", url="https://example.org/ap/iraq-strikes", published="2019-12-30"),
    )
    return MergedEvent(event=event, reports=reports)


def _rocket() -> MergedEvent:
    k1 = Place(name="K-1 Air Base", country="IQ", admin1="Kirkuk", lat=35.51, lon=44.28, precision="site")
    event = Event(id="100", type="shelling", cameo="194", actors=("kataib-hezbollah",), targets=("united-states",),
                  date=EventDate(start="2019-12-27", end="2019-12-27", precision="day", text="Friday"),
                  location=k1, fatalities=1, count=1, weapon="rockets",
                  evidence=(Evidence(ROCKET_TEXT, 200, 300),))
    report = EventReport(article_id="reuters-2019-12-28", event_id="e1", type="shelling", date=event.date,
                         location=k1, fatalities=1, evidence=event.evidence, source="Reuters",
                         url="https://example.org/reuters/k1", published="2019-12-28")
    return MergedEvent(event=event, reports=(report,))


def _statement() -> MergedEvent:
    event = Event(id="102", type="statement", cameo="010", actors=("kataib-hezbollah",),
                  date=EventDate(start="2019-12-30", end="2019-12-30", precision="day"),
                  evidence=(Evidence(STATEMENT_TEXT, 500, 590),))
    report = EventReport(article_id="ap-2019-12-30", event_id="e4", type="statement", date=event.date,
                         evidence=event.evidence, source="Associated Press", published="2019-12-30")
    return MergedEvent(event=event, reports=(report,))


def _relations() -> list[Relation]:
    return [
        Relation(subject="kataib-hezbollah", predicate="backed_by", object="iran",
                 evidence=(Evidence("Kataib Hezbollah, an Iran-backed militia, ...", 10, 50),)),
        Relation(subject="kataib-hezbollah", predicate="member_of", object="popular-mobilization-forces",
                 since="2014"),
    ]


@pytest.fixture
def records() -> tuple[list[MergedEvent], list[Actor], list[Relation]]:
    return [_rocket(), _strike(), _statement()], _actors(), _relations()


def _write(fmt, records, out):
    events, actors, relations = records
    return exports.write_export(fmt, events, actors, relations, out)


# ------------------------------------------------------------------ errors and plumbing

@pytest.mark.parametrize("fmt", ["xml", "ACLED", ""])
def test_exports_unknown_format_raises_e200(records, tmp_path, fmt):
    with pytest.raises(FormatError) as info:
        _write(fmt, records, tmp_path / "out")
    assert info.value.code == "E200"
    assert repr(fmt) in str(info.value)


def test_exports_formats_registry_lists_all_nine():
    assert set(exports.FORMATS) == {"json", "jsonl", "acled-csv", "cameo-tsv", "plover-json", "stix",
                                    "geojson", "graphml", "parquet"}


def test_exports_bad_items_are_skipped_rest_written(records, tmp_path, capsys):
    events, actors, relations = records
    bad_date = MergedEvent(event=Event(id="bad", type="air_strike", cameo="195",
                                       date=EventDate(start="2019-13-45", end=None, precision="day")))
    stats = exports.export("acled-csv", ["not an event", bad_date] + events, actors, relations,
                           tmp_path / "out.csv")
    assert stats.written == 2
    reasons = dict(stats.skipped)
    assert "malformed" in reasons["bad"] and "2019-13-45" in reasons["bad"]
    assert reasons["102"] == "no ACLED event type"
    err = capsys.readouterr().err
    assert "[W200]" in err and "str" in err and "102" in err


def test_exports_writes_to_text_and_binary_streams(records):
    text, binary = io.StringIO(), io.BytesIO()
    assert _write("jsonl", records, text) == 3
    assert _write("jsonl", records, binary) == 3
    assert text.getvalue() == binary.getvalue().decode("utf-8")
    assert not binary.closed


def test_exports_unwritable_path_raises_e203(records, tmp_path):
    with pytest.raises(SitrepError) as info:
        _write("json", records, tmp_path / "missing-dir" / "out.json")
    assert info.value.code == "E203"


def test_exports_bad_codes_file_raises_e301(tmp_path):
    path = tmp_path / "codes.yaml"
    path.write_text("event_types:\n  air_strike: {cameo: '195', acled: [Battles]}\n"
                    "cameo_roots: {}\nactor_types: {other: {inter: 8}}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        exports.load_codes(path)
    assert info.value.code == "E301" and str(path) in str(info.value)


def test_exports_codes_file_not_mapping_raises_e300(tmp_path):
    path = tmp_path / "codes.yaml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        exports.load_codes(path)
    assert info.value.code == "E300"


def test_exports_codes_file_from_environment(tmp_path, monkeypatch):
    text = exports.CODES_PATH.read_text(encoding="utf-8").replace("Middle East: [IQ,", "Mesopotamia: [IQ,")
    path = tmp_path / "my-codes.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("SITREP_CODES", str(path))
    assert exports.load_codes().acled_regions["IQ"] == "Mesopotamia"
    monkeypatch.delenv("SITREP_CODES")
    assert exports.load_codes().acled_regions["IQ"] == "Middle East"


def test_exports_bundled_codes_cover_every_event_and_actor_type():
    from sitrep.records import ACTOR_TYPES
    codes = exports.load_codes()
    spec_types = {"air_strike", "shelling", "bombing", "armed_clash", "attack", "assassination", "abduction",
                  "protest", "riot", "repression", "arrest", "legal_action", "sanction", "military_posture",
                  "withdrawal", "break_relations", "threat", "condemnation", "demand", "claim_responsibility",
                  "statement", "agreement", "support", "meeting"}
    assert spec_types <= set(codes.event_types)
    assert set(ACTOR_TYPES) <= set(codes.actor_types)
    assert set(codes.cameo_roots) == {f"{n:02d}" for n in range(1, 21)}
    for entry in codes.event_types.values():
        assert entry["cameo"][:2] in codes.cameo_roots
        if entry["plover"]:
            assert entry["plover"][0] in exports.PLOVER_TYPES


# ------------------------------------------------------------------ json / jsonl

def test_exports_json_envelope_round_trips(records, tmp_path):
    path = tmp_path / "kb.json"
    assert _write("json", records, path) == 3
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == "sitrep-export/1"
    assert [a["id"] for a in doc["actors"]] == ["united-states", "kataib-hezbollah", "iran"]
    assert doc["actors"][1]["aliases"] == ["KH", "Kata'ib Hizballah"]
    assert doc["relations"][0]["predicate"] == "backed_by"
    strike = next(e for e in doc["events"] if e["id"] == "101")
    assert strike["acled"] == {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
    assert strike["date"]["start"] == "2019-12-29" and strike["location"]["lat"] == 34.37
    assert [s["fatalities"] for s in strike["sources"]] == [25, 19]
    assert strike["sources"][1]["certainty"] == "claimed"
    assert strike["sources"][1]["evidence"][0]["text"] == STRIKE_TEXT_AP
    assert {"article_id", "source", "url", "published", "date", "injured"} <= set(strike["sources"][0])


def test_exports_jsonl_one_event_per_line(records, tmp_path):
    path = tmp_path / "kb.jsonl"
    _write("jsonl", records, path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [e["id"] for e in lines] == ["100", "101", "102"]
    assert lines[0]["sources"][0]["source"] == "Reuters"


# ------------------------------------------------------------------ ACLED

def _acled(records, tmp_path):
    path = tmp_path / "acled.csv"
    n = _write("acled-csv", records, path)
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return n, reader.fieldnames, {r["event_id_cnty"]: r for r in reader}


def test_exports_acled_columns_and_skips_statements(records, tmp_path):
    n, header, rows = _acled(records, tmp_path)
    assert tuple(header) == exports.ACLED_COLUMNS
    assert n == 2 and set(rows) == {"IRQ100", "IRQ101"}


def test_exports_acled_strike_row(records, tmp_path):
    row = _acled(records, tmp_path)[2]["IRQ101"]
    assert row["event_date"] == "2019-12-29" and row["year"] == "2019" and row["time_precision"] == "1"
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert row["disorder_type"] == "Political violence"
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"]) == ("United States", "8",
                                                                             "Kataib Hezbollah", "3")
    assert row["interaction"] == "38"
    assert (row["country"], row["iso"], row["region"], row["admin1"]) == ("Iraq", "368", "Middle East", "Anbar")
    assert (row["location"], row["latitude"], row["longitude"], row["geo_precision"]) == ("al-Qaim", "34.37",
                                                                                           "41.09", "1")
    assert row["source"] == "Reuters; Associated Press"
    assert STRIKE_TEXT in row["notes"] and STRIKE_TEXT_AP in row["notes"]
    assert row["fatalities"] == "25" and "25, 19" in row["tags"]
    assert row["timestamp"] == "1577664000"


def test_exports_acled_type_falls_back_to_table(records, tmp_path):
    row = _acled(records, tmp_path)[2]["IRQ100"]
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence",
                                                          "Shelling/artillery/missile attack")
    assert (row["actor1"], row["inter1"], row["inter2"], row["interaction"]) == ("Kataib Hezbollah", "3", "8", "38")


@pytest.mark.parametrize("start,end,precision,expected", [
    ("2019-12", "2019-12", "month", ("2019-12-01", 3)),
    ("2020-01-03", "2020-01-07", "range", ("2020-01-03", 2)),
    ("2020-01-03", "2020-02-20", "range", ("2020-01-03", 3)),
    ("2020", "2020", "year", ("2020-01-01", 3)),
])
def test_exports_acled_date_precision(start, end, precision, expected):
    merged = MergedEvent(event=Event(id="e", type="air_strike", cameo="195",
                                     date=EventDate(start=start, end=end, precision=precision)))
    day = exports.event_day(merged)
    assert (day.day.isoformat(), day.time_precision) == expected


def test_exports_acled_protest_crowd_and_civilian_target(tmp_path):
    sadrists = Actor(id="sadrist-movement", name="Sadrist Movement", type="political_party", country="IQ")
    civilians = Actor(id="civilians", name="Civilians (Iraq)", type="civilians", country="IQ")
    baghdad = Place(name="Baghdad", country="IQ", admin1="Baghdad", lat=33.31, lon=44.36, precision="city")
    protest = Event(id="p1", type="protest", cameo="141", actors=("sadrist-movement",), location=baghdad,
                    date=EventDate(start="2020-01-24", end="2020-01-24", precision="day"))
    attack = Event(id="a1", type="attack", cameo="190", targets=("civilians",), location=baghdad,
                   date=EventDate(start="2019-12-06", end="2019-12-06", precision="day"), fatalities=20)
    path = tmp_path / "acled.csv"
    exports.write_export("acled-csv", [MergedEvent(protest), MergedEvent(attack)], [sadrists, civilians], [], path)
    rows = {r["event_id_cnty"]: r for r in csv.DictReader(path.open(newline="", encoding="utf-8"))}
    assert (rows["IRQ-p1"]["actor1"], rows["IRQ-p1"]["assoc_actor_1"]) == ("Protesters (Iraq)", "Sadrist Movement")
    assert rows["IRQ-p1"]["interaction"] == "60" and rows["IRQ-p1"]["disorder_type"] == "Demonstrations"
    assert rows["IRQ-a1"]["event_type"] == "Violence against civilians"
    assert rows["IRQ-a1"]["actor1"] == "Unidentified Armed Group (Iraq)"
    assert rows["IRQ-a1"]["civilian_targeting"] == "Civilian targeting" and rows["IRQ-a1"]["interaction"] == "37"


def test_exports_acled_skips_false_events_and_names_unknown_actors(tmp_path):
    place = Place(name="Baghdad", country="IQ", lat=33.31, lon=44.36, precision="city")
    day = EventDate(start="2021-03-01", end="2021-03-01", precision="day")
    false_claim = Event(id="f1", type="air_strike", cameo="195", actors=("israel",), location=place, date=day,
                        certainty="false")
    unknown = Event(id="u1", type="bombing", cameo="183", actors=("saraya-awliya-al-dam",), location=place,
                    date=day)
    path = tmp_path / "acled.csv"
    stats = exports.export("acled-csv", [false_claim, unknown], [], [], path)
    assert stats.written == 1 and dict(stats.skipped)["f1"] == "the sources call the event false"
    row = next(csv.DictReader(path.open(newline="", encoding="utf-8")))
    assert (row["actor1"], row["inter1"], row["interaction"]) == ("saraya-awliya-al-dam", "8", "80")


@pytest.mark.parametrize("actor,place_country,expected", [
    (Actor(id="islamic-state", name="Islamic State", type="armed_group", country="IQ"), "IQ", 2),
    (Actor(id="asaib-ahl-al-haq", name="Asaib Ahl al-Haq", type="armed_group", country="IQ"), "IQ", 3),
    (Actor(id="iraq", name="Iraq", type="state", country="IQ"), "IQ", 1),
    (Actor(id="iran", name="Iran", type="state", country="IR"), "IQ", 8),
    (Actor(id="civilians", name="Civilians", type="civilians", country="IQ"), "IQ", 7),
])
def test_exports_acled_inter_codes(actor, place_country, expected):
    assert exports.acled_inter(actor, place_country, exports.load_codes()) == expected


def test_exports_inter_overrides_name_known_actors():
    import yaml
    gazetteer = exports.CODES_PATH.with_name("actors.yaml")
    if not gazetteer.exists():
        pytest.skip("no actor gazetteer in this checkout")

    def ids(node):
        if isinstance(node, dict):
            yield from ([node["id"]] if isinstance(node.get("id"), str) else [])
            for value in node.values():
                yield from ids(value)
        elif isinstance(node, list):
            for value in node:
                yield from ids(value)

    known = set(ids(yaml.safe_load(gazetteer.read_text(encoding="utf-8"))))
    assert set(exports.load_codes().actor_inter_overrides) <= known


@pytest.mark.parametrize("inter1,inter2,expected", [(8, 3, 38), (3, 1, 13), (6, 0, 60), (1, 1, 11)])
def test_exports_acled_interaction(inter1, inter2, expected):
    assert exports.acled_interaction(inter1, inter2) == expected


# ------------------------------------------------------------------ CAMEO

def test_exports_cameo_tsv_rows(records, tmp_path):
    path = tmp_path / "events.tsv"
    assert _write("cameo-tsv", records, path) == 3
    reader = csv.DictReader(path.open(newline="", encoding="utf-8"), delimiter="\t")
    assert tuple(reader.fieldnames) == exports.CAMEO_COLUMNS
    rows = {r["EventID"]: r for r in reader}
    strike = rows["101"]
    assert (strike["Date"], strike["Year"], strike["Month"], strike["Day"]) == ("20191229", "2019", "12", "29")
    assert (strike["SourceActorFull"], strike["SourceActorEntity"], strike["SourceActorRole"]) == ("USAGOV", "USA",
                                                                                                   "GOV")
    assert strike["TargetActorFull"] == "IRQREB"
    assert (strike["EventCode"], strike["EventRootCode"], strike["QuadClass"]) == ("195", "19", "4")
    assert float(strike["GoldsteinScore"]) == -10.0
    assert (strike["CountryCode"], strike["StateName"], strike["LocationName"]) == ("IRQ", "Anbar", "al-Qaim")
    assert strike["SentenceID"] == "reuters-2019-12-30_e2"
    assert strike["NewsSources"] == "Reuters;Associated Press"
    statement = rows["102"]
    assert (statement["EventRootCode"], statement["QuadClass"], statement["TargetActorFull"]) == ("01", "1", "")


def test_exports_cameo_one_row_per_dyad(tmp_path):
    actors = [Actor(id="iran", name="Iran", type="state", country="IR"),
              Actor(id="united-states", name="United States", type="state", country="US"),
              Actor(id="israel", name="Israel", type="state", country="IL")]
    threat = Event(id="t1", type="threat", cameo="138", actors=("iran",), targets=("united-states", "israel"),
                   date=EventDate(start="2020-01-05", end="2020-01-05", precision="day"))
    path = tmp_path / "events.tsv"
    assert exports.write_export("cameo-tsv", [MergedEvent(threat)], actors, [], path) == 2
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8"), delimiter="\t"))
    assert [(r["EventID"], r["SourceActorFull"], r["TargetActorFull"]) for r in rows] == [
        ("t1", "IRNGOV", "USAGOV"), ("t1-2", "IRNGOV", "ISRGOV")]
    assert {(r["QuadClass"], r["GoldsteinScore"]) for r in rows} == {("3", "-6.0")}


# ------------------------------------------------------------------ PLOVER

def test_exports_plover_json(records, tmp_path, capsys):
    path = tmp_path / "plover.json"
    assert _write("plover-json", records, path) == 2
    out = {r["id"]: r for r in json.loads(path.read_text(encoding="utf-8"))}
    assert set(out) == {"100", "101"}
    assert (out["101"]["event_type"], out["101"]["mode"], out["101"]["context"]) == ("ASSAULT", "aerial", "military")
    assert (out["100"]["event_type"], out["100"]["mode"]) == ("ASSAULT", "heavy-weapons")
    assert (out["101"]["actor"], out["101"]["recipient"], out["101"]["actor_country"]) == ("United States",
                                                                                           "Kataib Hezbollah", "USA")
    assert out["101"]["date"] == "2019-12-29" and out["101"]["fatalities"] == 25
    assert out["101"]["location"]["name"] == "al-Qaim" and STRIKE_TEXT in out["101"]["text"]
    assert "no PLOVER event type" in capsys.readouterr().err


def test_exports_plover_weapon_refines_attack_mode():
    codes = exports.load_codes()
    event = Event(id="x", type="attack", cameo="190", weapon="a roadside IED")
    assert exports.plover_type(event, codes) == ("ASSAULT", "explosives", "military")


# ------------------------------------------------------------------ STIX

def test_exports_stix_bundle_parses_back(records, tmp_path):
    import stix2
    path = tmp_path / "bundle.json"
    assert _write("stix", records, path) == 3
    bundle = stix2.parse(path.read_text(encoding="utf-8"), allow_custom=True)
    by_type: dict[str, list] = {}
    for obj in bundle.objects:
        by_type.setdefault(obj.type, []).append(obj)
    assert [o.name for o in by_type["intrusion-set"]] == ["Kataib Hezbollah"]
    assert {o.name for o in by_type["identity"]} == {"United States", "Iran", "popular-mobilization-forces"}
    assert {r.relationship_type for r in by_type["relationship"]} == {"backed-by", "member-of"}
    kh = stix_id = exports.stix_id("intrusion-set", "kataib-hezbollah")
    strike = next(r for r in by_type["report"] if r.x_sitrep_event_type == "air_strike")
    assert kh in strike.object_refs and stix_id.startswith("intrusion-set--")
    assert strike.published.date().isoformat() == "2019-12-29"
    assert strike.x_sitrep_fatalities == 25
    assert {ref.source_name for ref in strike.external_references} == {"Reuters", "Associated Press"}
    located = [o for o in by_type["location"] if getattr(o, "name", None) == "al-Qaim"]
    assert located and located[0].latitude == 34.37 and located[0].id in strike.object_refs


def test_exports_stix_is_deterministic(records):
    first, second = io.StringIO(), io.StringIO()
    _write("stix", records, first)
    _write("stix", records, second)
    assert first.getvalue() == second.getvalue()


def test_exports_stix_bad_records_are_skipped(records, capsys):
    import stix2
    events, actors, relations = records
    off_map = Event(id="off", type="air_strike", cameo="195", actors=("united-states",),
                    location=Place(name="nowhere", country="IQ", lat=123.0, lon=44.0, precision="site"))
    backwards = Relation(subject="kataib-hezbollah", predicate="allied_with", object="iran",
                         since="2020-05-01", until="2019-01-01")
    out = io.StringIO()
    stats = exports.export("stix", events + [MergedEvent(off_map)], actors, relations + [backwards], out)
    assert stats.written == 3
    assert {record_id for record_id, _ in stats.skipped} == {"off", "kataib-hezbollah allied_with iran"}
    assert len(stix2.parse(out.getvalue(), allow_custom=True).objects) > 0
    assert "malformed" in capsys.readouterr().err


# ------------------------------------------------------------------ GeoJSON

def test_exports_geojson_points_skip_unplaced(records, tmp_path, capsys):
    path = tmp_path / "events.geojson"
    assert _write("geojson", records, path) == 2
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    feature = next(f for f in doc["features"] if f["properties"]["id"] == "101")
    assert feature["geometry"] == {"type": "Point", "coordinates": [41.09, 34.37]}
    props = feature["properties"]
    assert (props["type"], props["date"], props["fatalities"], props["sources"]) == ("air_strike", "2019-12-29",
                                                                                     25, 2)
    assert props["actors"] == ["United States"] and props["targets"] == ["Kataib Hezbollah"]
    assert "no coordinates" in capsys.readouterr().err


# ------------------------------------------------------------------ GraphML

def test_exports_graphml_actor_network(records, tmp_path):
    import networkx as nx
    path = tmp_path / "actors.graphml"
    assert _write("graphml", records, path) == 4
    graph = nx.read_graphml(path)
    assert graph.nodes["kataib-hezbollah"]["event_count"] == 3
    assert graph.nodes["popular-mobilization-forces"]["known"] is False
    assert graph.nodes["iran"]["country"] == "IR"
    edges = {(u, v, d["label"]): d for u, v, d in graph.edges(data=True)}
    assert edges[("kataib-hezbollah", "iran", "backed_by")]["kind"] == "relation"
    strike = edges[("united-states", "kataib-hezbollah", "air_strike")]
    assert (strike["kind"], strike["count"], strike["fatalities"], strike["weight"]) == ("event", 1, 25, 1.0)
    for _, data in graph.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())


def test_exports_graphml_to_text_stream(records):
    out = io.StringIO()
    _write("graphml", records, out)
    assert out.getvalue().lstrip().startswith("<?xml") and "<graphml" in out.getvalue()


# ------------------------------------------------------------------ Parquet

@pytest.mark.parametrize("target,files", [
    ("kb-dir", ("kb-dir/events.parquet", "kb-dir/actors.parquet", "kb-dir/relations.parquet")),
    ("deeper/kb", ("deeper/kb/events.parquet", "deeper/kb/actors.parquet", "deeper/kb/relations.parquet")),
])
def test_exports_parquet_tables_read_back_with_duckdb(records, tmp_path, target, files):
    import duckdb
    assert _write("parquet", records, tmp_path / target) == 3
    events, actors, relations = (str(tmp_path / f) for f in files)
    con = duckdb.connect()
    assert con.execute(f"select count(*) from read_parquet('{actors}')").fetchone()[0] == 3
    assert con.execute(f"select count(*) from read_parquet('{relations}')").fetchone()[0] == 2
    row = con.execute(f"select type, fatalities, source_fatalities, sources, lat from read_parquet('{events}') "
                      "where id = '101'").fetchone()
    assert row == ("air_strike", 25, [25, 19], ["Reuters", "Associated Press"], 34.37)


def test_exports_parquet_onto_an_existing_file_raises_e203(records, tmp_path):
    (tmp_path / "kb-out").write_bytes(b"not a directory")
    with pytest.raises(SitrepError) as info:
        _write("parquet", records, tmp_path / "kb-out")
    assert info.value.code == "E203"


@pytest.mark.parametrize("name", ["kb.parquet", "KB.Parquet", "kb.parquet/"])
def test_exports_parquet_directory_named_dot_parquet_raises_e203(records, tmp_path, name):
    # a reader takes a directory named *.parquet for one table and would mix the three
    with pytest.raises(SitrepError) as info:
        _write("parquet", records, f"{tmp_path}/{name}")
    assert info.value.code == "E203"
    assert "name a directory, e.g. --out " in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_exports_parquet_paths_accept_a_plain_directory_name(tmp_path):
    assert exports.parquet_paths(tmp_path / "tables") == {
        t: tmp_path / "tables" / f"{t}.parquet" for t in ("events", "actors", "relations")}


def test_exports_parquet_to_stream_raises_e203(records):
    with pytest.raises(SitrepError) as info:
        _write("parquet", records, io.BytesIO())
    assert info.value.code == "E203"
