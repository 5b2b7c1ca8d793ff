"""Turning knowledge-base records into what pages and JSON twins show.

Pure functions over records: labels, the evidence-highlight segments of an article, the
timeline buckets of the overview chart, the map points and the network layout.  Text is
never marked safe here: templates escape every segment.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..exports import real_url
from ..merge import FAMILIES, family_of
from ..records import Event, EventDate, Evidence, Place

FAMILY_ORDER = ("violence", "unrest", "coercion", "posture", "verbal", "cooperation")
EDGE_COLORS = {
    "backed_by": "#3a8a55", "commanded_by": "#2f7f86", "leads": "#5b4aa8", "founded": "#7d5ba6",
    "member_of": "#4b6a8c", "subordinate_of": "#6f7f91", "political_wing_of": "#a0763a",
    "designated_terrorist_by": "#a11d2d", "allied_with": "#3c7fb8", "opposes": "#c7821b",
    "violence": "#b23a2e", "unrest": "#c7821b", "coercion": "#6a3fb5", "posture": "#2f7f86",
    "verbal": "#5f8fc0", "cooperation": "#3a8a55", "other": "#9aa4b0",
}
NODE_COLORS = {
    "state": "#1f5fa8", "state_military": "#2f4f7f", "government": "#3c7fb8", "armed_group": "#b23a2e",
    "political_party": "#a0763a", "person": "#5b4aa8", "international_org": "#2f7f86",
    "coalition": "#3a8a55", "civilians": "#7a8594", "other": "#9aa4b0",
}
THEATRE = ("IQ", "IR", "SY")


@dataclass(frozen=True)
class Segment:
    """A run of article text; ``marked`` runs are evidence (``label`` names whose)."""
    text: str
    marked: bool = False
    label: str = ""


def highlight_segments(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Segment]:
    """Split ``text`` into plain and marked runs; overlapping spans are merged, bad ones dropped."""
    clean = sorted((max(0, s), min(len(text), e), label) for s, e, label in spans
                   if isinstance(s, int) and isinstance(e, int) and s < e and s < len(text))
    merged: list[list[Any]] = []
    for start, end, label in clean:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if label and label not in merged[-1][2]:
                merged[-1][2] += f", {label}"
        else:
            merged.append([start, end, label])
    segments, pos = [], 0
    for start, end, label in merged:
        if start > pos:
            segments.append(Segment(text[pos:start]))
        segments.append(Segment(text[start:end], True, label))
        pos = end
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return segments


def evidence_spans(evidence: Sequence[Evidence], text: str, label: str = "") -> list[tuple[int, int, str]]:
    """Offsets of the evidence inside ``text``; when the offsets do not hold the quoted text
    (a re-cleaned article), the quote is looked up instead."""
    spans = []
    for ev in evidence:
        if 0 <= ev.start < ev.end <= len(text) and text[ev.start:ev.end].strip() == (ev.text or "").strip():
            spans.append((ev.start, ev.end, label))
            continue
        found = text.find(ev.text) if ev.text else -1
        if found >= 0:
            spans.append((found, found + len(ev.text), label))
        elif 0 <= ev.start < ev.end <= len(text):
            spans.append((ev.start, ev.end, label))
    return spans


def date_label(d: EventDate | None) -> str:
    if d is None or not (d.start or d.end):
        return ""
    if d.end and d.start and d.end != d.start:
        return f"{d.start} – {d.end}"
    return d.start or d.end or ""


def place_label(p: Place | None) -> str:
    if p is None:
        return ""
    parts = [p.name] + [x for x in (p.admin1, p.country) if x and x != p.name]
    return ", ".join(x for x in parts if x)


def event_family(event_type: str) -> str:
    return family_of(event_type) if event_type in FAMILIES else "other"


def event_summary(event: Event, names: Mapping[str, str]) -> str:
    """One line: "Kataib Hezbollah → US forces: shelling (2019-12-27, Kirkuk)"."""
    who = ", ".join(names.get(a, a) for a in event.actors) or "unknown"
    whom = ", ".join(names.get(t, t) for t in event.targets)
    head = f"{who} → {whom}" if whom else who
    detail = ", ".join(x for x in (date_label(event.date), place_label(event.location)) if x)
    return f"{head}: {event.type.replace('_', ' ')}" + (f" ({detail})" if detail else "")


def event_row(event: Event, names: Mapping[str, str]) -> dict[str, Any]:
    """An event as a flat JSON-ready row (tables, CSV export, JSON twins)."""
    return {
        "id": event.id, "type": event.type, "family": event_family(event.type),
        "date": date_label(event.date), "date_start": event.date.start if event.date else None,
        "date_end": event.date.end if event.date else None,
        "actors": list(event.actors), "actor_names": [names.get(a, a) for a in event.actors],
        "targets": list(event.targets), "target_names": [names.get(t, t) for t in event.targets],
        "place": place_label(event.location), "country": event.location.country if event.location else None,
        "lat": event.location.lat if event.location else None, "lon": event.location.lon if event.location else None,
        "fatalities": event.fatalities, "injured": event.injured, "count": event.count,
        "certainty": event.certainty, "caused_by": event.caused_by,
        "summary": event_summary(event, names),
    }


CSV_FIELDS = ("id", "type", "family", "date_start", "date_end", "actors", "targets", "place", "country",
              "lat", "lon", "fatalities", "injured", "count", "certainty", "caused_by")


def csv_row(row: Mapping[str, Any]) -> list[str]:
    """A row for the CSV export; lists joined with ``;``, and cells that a spreadsheet would
    run as a formula prefixed with a quote."""
    out = []
    for name in CSV_FIELDS:
        value = row.get(name)
        cell = ";".join(value) if isinstance(value, list) else ("" if value is None else str(value))
        if cell[:1] in ("=", "+", "-", "@") and not _is_number(cell):
            cell = "'" + cell
        out.append(cell)
    return out


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _period(d: EventDate | None, by: str) -> str | None:
    start = (d.start or d.end) if d else None
    if not start or len(start) < 4:
        return None
    if by == "year":
        return start[:4]
    return start[:7] if len(start) >= 7 else None


def _period_bounds(period: str) -> tuple[str, str]:
    if len(period) == 4:
        return f"{period}-01-01", f"{period}-12-31"
    year, month = int(period[:4]), int(period[5:7])
    nxt_year, nxt_month = (year + 1, 1) if month == 12 else (year, month + 1)
    from datetime import date, timedelta
    last = date(nxt_year, nxt_month, 1) - timedelta(days=1)
    return f"{period}-01", last.isoformat()


def _all_months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def timeline_buckets(events: Iterable[Event], by: str = "auto") -> dict[str, Any]:
    """Counts per period and family of ``events`` for the stacked bar chart (see
    :func:`buckets_from_months`)."""
    months: dict[str, Counter[str]] = defaultdict(Counter)
    for event in events:
        month = _period(event.date, "month") or ((_period(event.date, "year") or "") + "-01")
        if len(month) == 7:
            months[month][event_family(event.type)] += 1
    return buckets_from_months(months, by)


def timeline_from_rows(rows: Iterable[Any], by: str = "auto") -> dict[str, Any]:
    """The same chart from the knowledge base's monthly aggregate (``KB.timeline(by="month")``
    rows with ``period``, ``type`` and ``events``): no events are loaded."""
    months: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        if len(row.period) >= 7:
            months[row.period[:7]][event_family(row.type)] += int(row.events)
    return buckets_from_months(months, by)


def buckets_from_months(months: Mapping[str, Counter[str]], by: str = "auto") -> dict[str, Any]:
    """Chart buckets from counts per month (``YYYY-MM``) and family; ``by`` is month, year or
    auto (months when the span is at most six years, else years). Empty periods are kept."""
    if not months:
        return {"by": "month", "families": list(FAMILY_ORDER), "buckets": []}
    keys = sorted(months)
    if by == "auto":
        by = "month" if int(keys[-1][:4]) - int(keys[0][:4]) <= 6 else "year"
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for month, fams in months.items():
        counts[month if by == "month" else month[:4]].update(fams)
    keys = sorted(counts)
    periods = _all_months(keys[0], keys[-1]) if by == "month" else [str(y) for y in range(int(keys[0]), int(keys[-1]) + 1)]
    families = [f for f in FAMILY_ORDER if any(counts[p][f] for p in keys)] + \
        sorted({f for p in keys for f in counts[p] if f not in FAMILY_ORDER})
    buckets = []
    for p in periods:
        since, until = _period_bounds(p)
        buckets.append({"period": p, "since": since, "until": until,
                        "counts": {f: n for f, n in counts.get(p, {}).items() if n}})
    return {"by": by, "families": families, "buckets": buckets}


def map_points(events: Iterable[Event], names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Events that have coordinates, as points for the map.

    Each point: ``id, lat, lon, type, family, fatalities, date, date_start, date_end, label, url``
    plus ``at`` (the place key, see :func:`map_groups`) and ``stack`` (how many points share it),
    so the map draws one marker with a count where several events sit at one place.
    """
    points = []
    for e in events:
        if e.location is None or e.location.lat is None or e.location.lon is None:
            continue
        points.append({"id": e.id, "lat": e.location.lat, "lon": e.location.lon, "type": e.type,
                       "family": event_family(e.type), "fatalities": e.fatalities,
                       "date": date_label(e.date), "date_start": e.date.start if e.date else None,
                       "date_end": e.date.end if e.date else None,
                       "label": event_summary(e, names), "url": f"/events/{e.id}"})
    groups = map_groups(points)
    for group in groups:
        for point in group["points"]:
            point["at"], point["stack"] = group["at"], group["count"]
    return points


def place_key(lat: float, lon: float) -> str:
    """Points within about 100 m (3 decimals of a degree) share a key: ``"33.313,44.366"``."""
    return f"{round(float(lat), 3):.3f},{round(float(lon), 3):.3f}"


def map_groups(points: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Map points grouped by place (:func:`place_key`), in first-seen order: ``[{"at", "lat",
    "lon", "count", "fatalities", "points"}]``; ``fatalities`` is the sum of the known counts.
    Linear in the number of points."""
    groups: dict[str, dict[str, Any]] = {}
    for point in points:
        key = place_key(point["lat"], point["lon"])
        group = groups.setdefault(key, {"at": key, "lat": point["lat"], "lon": point["lon"], "count": 0,
                                        "fatalities": 0, "points": []})
        group["count"] += 1
        group["fatalities"] += point.get("fatalities") or 0
        group["points"].append(point)
    return list(groups.values())


def _graph(nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]]) -> Any:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(n["id"] for n in nodes)
    for e in edges:
        if e["source"] in graph and e["target"] in graph and e["source"] != e["target"]:
            weight = graph.get_edge_data(e["source"], e["target"], {}).get("weight", 0)
            graph.add_edge(e["source"], e["target"], weight=weight + float(e.get("weight") or 1))
    return graph


def _unit(pos: Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    """Positions rescaled into [0, 1] x [0, 1] (a single node sits in the middle)."""
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    if len(pos) == 1:
        return {k: (0.5, 0.5) for k in pos}
    return {k: ((p[0] - min(xs)) / span_x, (p[1] - min(ys)) / span_y) for k, p in pos.items()}


def component_layout(graph: Any, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Each connected component laid out on its own (spring layout, fixed seed), then packed:
    the largest on the left two thirds, the others in a grid on the right. Positions in [0, 1]."""
    import networkx as nx

    comps = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    if not comps:
        return {}
    boxes = [(0.0, 0.0, 1.0 if len(comps) == 1 else 0.68, 1.0)]
    rest = comps[1:]
    cols = max(1, math.ceil(math.sqrt(len(rest) / 2))) if rest else 1
    rows = max(1, math.ceil(len(rest) / cols)) if rest else 1
    for i in range(len(rest)):
        col, row = i % cols, i // cols
        boxes.append((0.72 + 0.28 * col / cols, row / rows, 0.28 / cols * 0.85, 1.0 / rows * 0.8))
    out: dict[str, tuple[float, float]] = {}
    for comp, (bx, by, bw, bh) in zip(comps, boxes):
        sub = graph.subgraph(comp)
        raw = nx.spring_layout(sub, seed=seed, k=2.0 / max(1, len(sub)) ** 0.5, iterations=200) if len(sub) > 1 \
            else {comp[0]: (0.0, 0.0)}
        for node, (x, y) in _unit(raw).items():
            out[node] = (bx + x * bw, by + y * bh)
    return out


def network_layout(nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]],
                   seed: int = 7, drop_isolated: bool = False) -> dict[str, Any]:
    """Positions in [0, 1] for every node (:func:`component_layout`) and the node and edge
    lists the network page draws. ``nodes`` need ``id``; ``edges`` need ``source``, ``target``
    and ``type``. With ``drop_isolated``, actors without any link are left out (and counted)."""
    graph = _graph(nodes, edges)
    isolated = {n for n in graph if graph.degree(n) == 0} if drop_isolated else set()
    graph.remove_nodes_from(isolated)
    pos = component_layout(graph, seed)
    names = {n["id"]: n.get("name", n["id"]) for n in nodes}
    out_nodes = []
    for n in nodes:
        if n["id"] in isolated:
            continue
        x, y = pos.get(n["id"], (0.5, 0.5))
        out_nodes.append({**n, "x": round(x, 4), "y": round(y, 4),
                          "color": NODE_COLORS.get(n.get("type") or "other", NODE_COLORS["other"]),
                          "url": f"/actors/{n['id']}"})
    out_edges = [{**e, "source_name": names.get(e["source"], e["source"]),
                  "target_name": names.get(e["target"], e["target"])}
                 for e in edges if e["source"] in names and e["target"] in names]
    types = sorted({e["type"] for e in out_edges})
    node_types = sorted({n.get("type") or "other" for n in out_nodes})
    return {"nodes": out_nodes, "edges": out_edges, "isolated": len(isolated),
            "edge_types": {t: EDGE_COLORS.get(t, EDGE_COLORS["other"]) for t in types},
            "node_types": {t: NODE_COLORS.get(t, NODE_COLORS["other"]) for t in node_types}}


def http_reason(status: int | None) -> str:
    """The HTTP reason phrase of ``status`` ("Not Found" for 404); empty when unknown."""
    from http import HTTPStatus
    try:
        return HTTPStatus(int(status or 0)).phrase
    except ValueError:
        return ""


def code_meaning(code: str | None) -> str:
    """What a sitrep error code means (``CODES`` of :mod:`sitrep.errors`), without its "web: " prefix."""
    from ..errors import CODES
    meaning = CODES.get(code or "", "")
    return meaning[5:] if meaning.startswith("web: ") else meaning


def register_filters(env: Any) -> None:
    """Jinja filters the templates use."""
    env.filters["realurl"] = real_url
    env.filters["httpreason"] = http_reason
    env.filters["codemeaning"] = code_meaning
    env.filters["datelabel"] = date_label
    env.filters["placelabel"] = place_label
    env.filters["family"] = event_family
    env.filters["humantype"] = lambda t: (t or "").replace("_", " ")
    env.globals["FAMILY_ORDER"] = FAMILY_ORDER


__all__ = [
    "Segment", "FAMILY_ORDER", "EDGE_COLORS", "NODE_COLORS", "THEATRE", "CSV_FIELDS",
    "highlight_segments", "evidence_spans", "date_label", "place_label", "event_family",
    "event_summary", "event_row", "csv_row", "timeline_buckets", "timeline_from_rows", "buckets_from_months", "map_points", "network_layout", "component_layout",
    "register_filters", "http_reason", "code_meaning", "map_groups", "place_key",
]
