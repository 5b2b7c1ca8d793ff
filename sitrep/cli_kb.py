"""Knowledge-base commands: ``ingest``, ``events``, ``actor``, ``actors``, ``timeline``,
``network``, ``search``, ``export``, ``escalation``.

Each command parses options and calls :mod:`sitrep.kb`; machine-readable output is the
versioned envelope ``{"format": "sitrep-kb/1", "command": ..., ...}``.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from .cli import add_db_option, add_workers_option
from .errors import SitrepError
from .kb import KB, Dossier, IngestFailure, event_dict, open_kb
from .records import MergedEvent, to_dict
from .store import ORDERS, PERIODS

ENVELOPE = "sitrep-kb/1"


# --- shared options -----------------------------------------------------------------------------

def add_filter_options(p: argparse.ArgumentParser) -> None:
    """The event filters every query command takes."""
    g = p.add_argument_group("event filters")
    g.add_argument("--actor", help="events where this actor (id, name or alias) acts")
    g.add_argument("--target", help="events where this actor is the target")
    g.add_argument("--involving", help="events where this actor takes either role")
    g.add_argument("--type", help="event type(s), comma-separated (air_strike,shelling)")
    g.add_argument("--family", help="event family(ies): violence, unrest, coercion, posture, verbal, cooperation")
    g.add_argument("--since", metavar="DATE", help="from this date (YYYY, YYYY-MM or YYYY-MM-DD)")
    g.add_argument("--until", metavar="DATE", help="up to this date (YYYY, YYYY-MM or YYYY-MM-DD)")
    g.add_argument("--place", help="place name or province (substring, case-insensitive)")
    g.add_argument("--country", help="country of the event (ISO code or name)")
    g.add_argument("--certainty", help="reported, claimed, false or denied (comma-separated)")
    g.add_argument("--text", help="words in the evidence of the event's sources")


FILTER_KEYS = ("actor", "target", "involving", "type", "family", "since", "until", "place", "country",
               "certainty", "text")


def filters_of(args: argparse.Namespace, skip: Sequence[str] = ()) -> dict[str, Any]:
    return {k: getattr(args, k) for k in FILTER_KEYS if k not in skip and getattr(args, k, None)}


def add_format_option(p: argparse.ArgumentParser, choices: Sequence[str], default: str) -> None:
    p.add_argument("--format", choices=list(choices), default=default, help=f"output format (default {default})")


def envelope(command: str, **payload: Any) -> dict[str, Any]:
    return {"format": ENVELOPE, "command": command, **payload}


def _dump(obj: Any, out: TextIO) -> None:
    json.dump(obj, out, ensure_ascii=False, indent=1)
    out.write("\n")


def _table(rows: Sequence[Sequence[Any]], header: Sequence[str], out: TextIO) -> None:
    cells = [[("" if v is None else str(v)) for v in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    widths = [min(w, 48) for w in widths]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out.write(fmt.format(*header).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in cells:
        out.write(fmt.format(*[c if len(c) <= w else c[:w - 1] + "\u2026" for c, w in zip(r, widths)]).rstrip() + "\n")


def _csv(rows: Iterable[Sequence[Any]], header: Sequence[str], out: TextIO) -> None:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)


def open_existing(url: str | None) -> KB:
    """The knowledge base at ``url`` for a command that reads it: a SQLite file that does not
    exist is E400 (never silently created empty); ``None`` means ``sitrep.db``."""
    import os
    url = url or "sitrep.db"
    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url
    if "://" not in path and path != ":memory:" and not os.path.exists(path):
        raise SitrepError(f"no knowledge base at {path}: run `sitrep ingest` or `sitrep import` first, "
                          "or give --db", code="E400")
    return open_kb(url)


# --- ingest -------------------------------------------------------------------------------------

class ProgressBar:
    """A one-line progress bar on a stream (stderr)."""

    def __init__(self, stream: TextIO, width: int = 30, unit: str = "articles"):
        self.stream, self.width, self.shown, self.unit = stream, width, False, unit

    def __call__(self, done: int, total: int) -> None:
        total = max(total, done, 1)
        filled = int(self.width * done / total)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {self.unit}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def cmd_ingest(args: argparse.Namespace) -> int:
    err = sys.stderr
    show = args.progress if args.progress is not None else err.isatty()
    bar = ProgressBar(err) if show else None

    def report(f: IngestFailure) -> None:
        if bar and bar.shown:
            err.write("\n")
        print(f"sitrep: warning [W100] skipped {f.origin}: {f.message}", file=err)

    if bool(args.parquet) == bool(args.paths):
        raise SitrepError("give either input PATHs or --parquet DIR (the output of sitrep batch)", code="E200")
    with open_kb(args.db) as kb:
        if args.parquet:
            summary = kb.ingest_batch(args.parquet, progress=bar, report=report)
        else:
            summary = kb.ingest_paths(args.paths, published=args.published, workers=args.workers,
                                      gazetteers=args.gazetteer, progress=bar, report=report)
    if bar:
        bar.close()
    if args.format == "json":
        _dump(envelope("ingest", summary=summary.to_dict()), sys.stdout)
    else:
        print(summary.line(), file=err)
    return 1 if summary.articles_failed else 0


def _register_ingest(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="extract articles and store them in the knowledge base")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="text, HTML, JSONL or RSS/Atom files, directories of them, or - for stdin")
    p.add_argument("--parquet", metavar="DIR",
                   help="load the Parquet tables sitrep batch wrote to DIR instead of extracting PATHs")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for articles that carry none")
    p.add_argument("--gazetteer", action="append", default=[], metavar="FILE",
                   help="extra actor gazetteer YAML file (repeatable; also $SITREP_GAZETTEER)")
    add_workers_option(p)
    add_db_option(p)
    p.add_argument("--progress", dest="progress", action="store_true", default=None,
                   help="show a progress bar (default: when stderr is a terminal)")
    p.add_argument("--no-progress", dest="progress", action="store_false")
    add_format_option(p, ("text", "json"), "text")
    p.set_defaults(func=cmd_ingest)


# --- events -------------------------------------------------------------------------------------

EVENT_COLUMNS = ("id", "date", "type", "actors", "targets", "place", "country", "fatalities", "certainty",
                 "sources")


def _names(kb: KB, events: Sequence[MergedEvent]) -> dict[str, str]:
    return kb.actor_names(a for m in events for a in (*m.event.actors, *m.event.targets))


def event_row(m: MergedEvent, names: dict[str, str]) -> list[Any]:
    e = m.event
    date = e.date.start if e.date and e.date.start == e.date.end else (
        f"{e.date.start}..{e.date.end}" if e.date else "")
    return [e.id, date, e.type, "; ".join(names.get(a, a) for a in e.actors),
            "; ".join(names.get(t, t) for t in e.targets), e.location.name if e.location else "",
            e.location.country if e.location else "", e.fatalities, e.certainty, len(m.reports)]


def cmd_events(args: argparse.Namespace) -> int:
    with open_existing(args.db) as kb:
        filters = filters_of(args)
        if args.only_in:
            filters["only_in"] = args.only_in
        evs = kb.events(limit=args.limit, offset=args.offset, order=args.order, **filters)
        if args.format == "json":
            total = kb.count_events(**filters)
            _dump(envelope("events", total=total, limit=args.limit, offset=args.offset, filters=filters,
                           events=[event_dict(m) for m in evs]), sys.stdout)
            return 0
        names = _names(kb, evs)
    rows = [event_row(m, names) for m in evs]
    (_csv if args.format == "csv" else _table)(rows, EVENT_COLUMNS, sys.stdout)
    return 0


def _register_events(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("events", help="list knowledge-base events")
    add_filter_options(p)
    add_db_option(p)
    p.add_argument("--limit", type=int, default=50, help="at most this many events (default 50)")
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--order", choices=list(ORDERS), default="-date", help="sort order (default -date)")
    p.add_argument("--only-in", choices=("articles", "acled"),
                   help="events only the articles tell (ACLED lacks them), or only imported ACLED rows")
    add_format_option(p, ("table", "json", "csv"), "table")
    p.set_defaults(func=cmd_events)


# --- import --------------------------------------------------------------------------------------

def cmd_import(args: argparse.Namespace) -> int:
    from .acled import RowProblem, count_rows, import_acled
    err = sys.stderr
    show = args.progress if args.progress is not None else err.isatty()
    bar = ProgressBar(err, unit="rows") if show else None
    shown: list[RowProblem] = []

    def report(p: RowProblem) -> None:
        shown.append(p)
        if len(shown) <= args.max_warnings:
            if bar and bar.shown:
                err.write("\n")
            print(f"sitrep: warning [W410] {args.acled}:{p.line}: row skipped: {p.message}", file=err)

    total = count_rows(args.acled) if bar else 0
    with open_kb(args.db) as kb:
        summary = import_acled(kb, args.acled, gazetteers=args.gazetteer, progress=bar, total=total, report=report)
    if bar:
        bar.close()
    if len(shown) > args.max_warnings:
        print(f"sitrep: warning [W410] {len(shown) - args.max_warnings} more malformed rows skipped "
              f"(lines {', '.join(str(p.line) for p in shown[args.max_warnings:args.max_warnings + 5])} ...)", file=err)
    if args.format == "json":
        _dump(envelope("import", summary=summary.to_dict()), sys.stdout)
    else:
        print(summary.line(), file=err)
    return 0


def _register_import(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import an ACLED export (CSV) into the knowledge base (docs/acled-import.md)")
    p.add_argument("--acled", required=True, metavar="FILE.csv", help="an ACLED export (API or download columns)")
    add_db_option(p)
    p.add_argument("--gazetteer", action="append", default=[], metavar="FILE",
                   help="extra actor gazetteer YAML file for matching ACLED actor names (repeatable)")
    p.add_argument("--progress", dest="progress", action="store_true", default=None,
                   help="show a progress bar (default: when stderr is a terminal)")
    p.add_argument("--no-progress", dest="progress", action="store_false")
    p.add_argument("--max-warnings", type=int, default=20, metavar="N",
                   help="print at most N malformed-row warnings, then a count (default 20)")
    add_format_option(p, ("text", "json"), "text")
    p.set_defaults(func=cmd_import)


# --- actor dossier and actors ---------------------------------------------------------------------

def print_dossier(d: Dossier, names: dict[str, str], out: TextIO) -> None:
    a = d.actor
    out.write(f"{a.name}  [{a.id}]\n")
    out.write(f"  type: {a.type}   country: {a.country or '-'}" + (f"   role: {a.role}" if a.role else "") + "\n")
    if a.aliases:
        out.write(f"  aliases: {', '.join(a.aliases)}\n")
    out.write(f"  seen: {d.first_seen or '?'} to {d.last_seen or '?'}   "
              f"events: {d.n_as_actor} as actor, {d.n_as_target} as target\n")
    if d.sources:
        out.write("  sources: " + ", ".join(f"{s.source or '(unnamed)'} ({s.articles})" for s in d.sources) + "\n")
    if d.relations:
        out.write("\nRelations\n")
        for r in d.relations:
            rel = r.relation
            span = f" ({rel.since or '?'}..{rel.until or ''})" if rel.since or rel.until else ""
            out.write(f"  {r.subject_name} {rel.predicate} {r.object_name}{span}\n")
            for ev in rel.evidence[:2]:
                out.write(f"      \u201c{_clip(ev.text, 110)}\u201d\n")
    for title, evs in (("Events as actor", d.events_as_actor), ("Events as target", d.events_as_target)):
        if evs:
            out.write(f"\n{title}\n")
            _table([event_row(m, names)[:8] for m in evs], EVENT_COLUMNS[:8], out)


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "\u2026"


def cmd_actor(args: argparse.Namespace) -> int:
    with open_existing(args.db) as kb:
        d = kb.actor(args.name, limit=args.limit)
        if args.format == "json":
            payload = to_dict(d)
            payload["events_as_actor"] = [event_dict(m) for m in d.events_as_actor]
            payload["events_as_target"] = [event_dict(m) for m in d.events_as_target]
            _dump(envelope("actor", dossier=payload), sys.stdout)
            return 0
        names = _names(kb, (*d.events_as_actor, *d.events_as_target))
    print_dossier(d, names, sys.stdout)
    return 0


def cmd_actors(args: argparse.Namespace) -> int:
    with open_existing(args.db) as kb:
        rows = kb.actors(type=args.type, country=args.country, q=args.q, limit=args.limit, offset=args.offset)
        if args.format == "json":
            total = kb.count_actors(type=args.type, country=args.country, q=args.q)
            _dump(envelope("actors", total=total, limit=args.limit, offset=args.offset,
                           actors=[r.to_dict() for r in rows]), sys.stdout)
            return 0
    table = [[r.actor.id, r.actor.name, r.actor.type, r.actor.country, r.as_actor, r.as_target,
              ", ".join(r.actor.aliases)] for r in rows]
    (_csv if args.format == "csv" else _table)(table, ("id", "name", "type", "country", "as_actor", "as_target",
                                                       "aliases"), sys.stdout)
    return 0


def _register_actors(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("actor", help="an actor's dossier: aliases, relations, events, sources")
    p.add_argument("name", metavar="NAME", help="actor id, name or alias")
    add_db_option(p)
    p.add_argument("--limit", type=int, default=20, help="events listed per role (default 20)")
    add_format_option(p, ("text", "json"), "text")
    p.set_defaults(func=cmd_actor)
    p = sub.add_parser("actors", help="list actors, most active first")
    add_db_option(p)
    p.add_argument("--type", help="actor type (armed_group, state, person, ...)")
    p.add_argument("--country", help="home country (ISO code or name)")
    p.add_argument("--q", help="part of a name or alias")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--offset", type=int, default=0)
    add_format_option(p, ("table", "json", "csv"), "table")
    p.set_defaults(func=cmd_actors)


# --- timeline, network, search ----------------------------------------------------------------------

def cmd_timeline(args: argparse.Namespace) -> int:
    with open_existing(args.db) as kb:
        rows = kb.timeline(by=args.by, **filters_of(args))
    if args.format == "json":
        _dump(envelope("timeline", by=args.by, actor=args.actor, target=args.target,
                       rows=[r.to_dict() for r in rows]), sys.stdout)
    elif args.format == "csv":
        _csv([[r.period, r.type, r.family, r.events, r.fatalities] for r in rows],
             ("period", "type", "family", "events", "fatalities"), sys.stdout)
    else:
        print_timeline(rows, sys.stdout)
    return 0


def print_timeline(rows: Sequence[Any], out: TextIO) -> None:
    """Periods down, one line per period: total, a bar, and the count per type."""
    periods: dict[str, dict[str, int]] = {}
    for r in rows:
        periods.setdefault(r.period, {})[r.type] = r.events
    top = max((sum(v.values()) for v in periods.values()), default=1)
    for period, types in periods.items():
        total = sum(types.values())
        bar = "#" * max(1, round(30 * total / top))
        detail = ", ".join(f"{t} {n}" for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
        out.write(f"{period:<8} {total:>5}  {bar:<30}  {detail}\n")
    if not periods:
        out.write("(no dated events)\n")


def cmd_network(args: argparse.Namespace) -> int:
    with open_existing(args.db) as kb:
        net = kb.network(relations=not args.no_relations, min_weight=args.min_weight, **filters_of(args))
    if args.format == "json":
        _dump(envelope("network", nodes=[n.to_dict() for n in net.nodes], edges=[e.to_dict() for e in net.edges]),
              sys.stdout)
    else:
        names = {n.id: n.name for n in net.nodes}
        rows = [[names.get(e.source, e.source), e.kind, e.label, names.get(e.target, e.target), e.weight]
                for e in sorted(net.edges, key=lambda e: (-e.weight, e.source, e.target, e.label))]
        (_csv if args.format == "csv" else _table)(rows, ("source", "kind", "label", "target", "weight"), sys.stdout)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with open_existing(args.db) as kb:
        hits = kb.search(args.query, limit=args.limit)
    if args.format == "json":
        _dump(envelope("search", query=args.query, hits=[h.to_dict() for h in hits]), sys.stdout)
        return 0
    for h in hits:
        where = h.event_id or h.ref_id
        print(f"{h.kind:<8} {where}  {h.article_title or h.article_id}\n         {_clip(h.snippet, 160)}")
    if not hits:
        print("(no matches)")
    return 0


def _register_views(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("timeline", help="event counts per month by type (for everyone or a dyad)")
    add_filter_options(p)
    add_db_option(p)
    p.add_argument("--by", choices=list(PERIODS), default="month")
    add_format_option(p, ("table", "json", "csv"), "table")
    p.set_defaults(func=cmd_timeline)
    p = sub.add_parser("network", help="the actor graph from relations and event interactions")
    add_filter_options(p)
    add_db_option(p)
    p.add_argument("--min-weight", type=int, default=1, help="drop edges lighter than this")
    p.add_argument("--no-relations", action="store_true", help="event interactions only")
    add_format_option(p, ("table", "json", "csv"), "table")
    p.set_defaults(func=cmd_network)
    p = sub.add_parser("search", help="full-text search over articles and evidence")
    p.add_argument("query", metavar="TEXT")
    add_db_option(p)
    p.add_argument("--limit", type=int, default=20)
    add_format_option(p, ("table", "json"), "table")
    p.set_defaults(func=cmd_search)


# --- export -------------------------------------------------------------------------------------

def cmd_export(args: argparse.Namespace) -> int:
    from .exports import parquet_paths, write_export
    out: Any = sys.stdout if args.out in (None, "-") else args.out
    if out is sys.stdout and args.format == "parquet":
        raise SitrepError("parquet needs --out DIRECTORY", code="E200")
    if args.format == "parquet":
        parquet_paths(out)  # a refused --out (E203) before the knowledge base is read
    with open_existing(args.db) as kb:
        events, actors, relations = kb.export_records(**filters_of(args))
    n = write_export(args.format, events, actors, relations, out)
    if out is not sys.stdout:
        if args.format == "parquet":
            files = ", ".join(str(p) for p in parquet_paths(args.out).values())
            print(f"sitrep: wrote {n} events, {len(actors)} actors and {len(relations)} relations as parquet "
                  f"tables: {files}", file=sys.stderr)
        else:
            print(f"sitrep: wrote {n} records as {args.format} to {args.out}", file=sys.stderr)
    return 0


def _export_formats() -> list[str] | None:
    try:
        from .exports import FORMATS
    except ImportError:
        return None
    return list(FORMATS)


def _register_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export filtered events, actors and relations")
    add_filter_options(p)
    add_db_option(p)
    p.add_argument("--format", required=True, choices=_export_formats(),
                   help="json, jsonl, acled-csv, cameo-tsv, plover-json, stix, geojson, graphml, parquet")
    p.add_argument("--out", metavar="FILE",
                   help="output file (default stdout); for parquet a directory, not named *.parquet")
    p.set_defaults(func=cmd_export)


# --- escalation ---------------------------------------------------------------------------------

def cmd_escalation(args: argparse.Namespace) -> int:
    """``sitrep escalation``: a thin layer over :func:`sitrep.escalation.escalation`."""
    from .escalation import escalation
    from .escalation.report import render_html, render_json, render_text
    from . import settings
    # --db is passed on only when typed (its default is None here): with --acled it is E801
    db = args.db if args.acled else (args.db or settings.get("SITREP_DB") or "sitrep.db")
    if not args.acled:
        open_existing(db).close()  # E400 for a missing file, before any analysis
    esc = escalation(args.actor or (), db=db, acled=args.acled,
                     since=args.since, until=args.until, families=args.families, top=args.top,
                     n_permutations=args.permutations, seed=args.seed, gazetteers=args.gazetteer)
    text = {"json": render_json, "html": render_html}.get(args.format, render_text)(esc)
    if args.out in (None, "-"):
        sys.stdout.write(text)
        return 0
    try:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise SitrepError(f"cannot write {args.out}: {exc}", code="E804") from None
    print(f"sitrep: wrote the {args.format} report of {' / '.join(esc.names)} to {args.out}", file=sys.stderr)
    return 0


def _register_escalation(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("escalation", help="who answers whom and how fast: response lags, Hawkes fit, VAR/Granger",
                       description="Escalation analysis of a dyad (--actor A --actor B) or of the K most active "
                                   "actors (--top K), from the knowledge base or an ACLED export.")
    p.add_argument("--actor", action="append", default=[], metavar="NAME",
                   help="an actor (id, name or alias); give two, or any that must be among --top K")
    add_db_option(p)
    p.add_argument("--acled", metavar="FILE.csv", help="read an ACLED export instead of the knowledge base")
    p.add_argument("--since", metavar="DATE", help="from this date (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="up to this date (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--families", default="violence,unrest,coercion", metavar="F1,F2",
                   help="event families counted as hostile acts (default violence,unrest,coercion)")
    add_format_option(p, ("text", "json", "html"), "text")
    p.add_argument("--out", metavar="FILE", help="write the report to FILE (default stdout)")
    p.add_argument("--top", type=int, metavar="K", help="fit the K most active actors: who excites whom")
    p.add_argument("--permutations", type=int, default=1000, metavar="N",
                   help="shuffled series for the response-lag baseline (default 1000)")
    p.add_argument("--seed", type=int, default=7, help="seed of the shuffles and of the jitter of same-day acts")
    p.add_argument("--gazetteer", action="append", default=[], metavar="FILE",
                   help="with --acled: extra actor gazetteer YAML file for names and aliases (repeatable)")
    p.set_defaults(func=cmd_escalation, db=None)


# --- cause links --------------------------------------------------------------------------------

def cmd_chains(args: argparse.Namespace) -> int:
    if len(args.actor) != 2:
        raise SitrepError(f"name two actors (--actor A --actor B), got {len(args.actor)}", code="E407")
    with open_existing(args.db) as kb:
        chains = kb.chains(args.actor[0], args.actor[1], since=args.since, until=args.until, limit=args.limit)
    if args.format == "json":
        _dump(envelope("chains", dyad=list(args.actor), since=args.since, until=args.until,
                       chains=[c.to_dict() for c in chains]), sys.stdout)
        return 0
    print_chains(chains, sys.stdout)
    return 0


def print_chains(chains: Sequence[Any], out: TextIO) -> None:
    """Each chain as its events in order, the answering sentence under each link."""
    for n, chain in enumerate(chains, 1):
        out.write(f"chain {n}: {len(chain.events)} events\n")
        why = {(l.cause_id, l.effect_id): l for l in chain.links}
        for i, m in enumerate(chain.events):
            e = m.event
            date = (e.date.start or e.date.text or "") if e.date else ""
            who = ", ".join(e.actors) or "?"
            whom = ", ".join(e.targets) or "?"
            out.write(f"  {m.id}  {date}  {e.type}: {who} -> {whom}\n")
            if i + 1 < len(chain.events):
                link = why.get((m.id, chain.events[i + 1].id))
                if link is not None:
                    said = f": {_clip(link.evidence, 140)}" if link.evidence else ""
                    out.write(f"      answered ({link.origin}){said}\n")
    if not chains:
        out.write("(no chains between these actors)\n")


def cmd_link(args: argparse.Namespace) -> int:
    with open_existing(args.db) as kb:
        if args.remove:
            detail = kb.unlink_events(args.cause, args.effect, args.user)
        else:
            detail = kb.link_events(args.cause, args.effect, args.user)
    eid = detail.event.id
    direct = [link.cause_id for link in detail.links if link.effect_id == eid]
    print(f"{eid}: caused by {', '.join(direct) or 'none'}")
    return 0


def _register_links(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("chains", help="action-reaction chains between two actors (caused_by links across articles)")
    p.add_argument("--actor", action="append", required=True, metavar="NAME",
                   help="an actor (id, name or alias); give it twice")
    p.add_argument("--since", metavar="DATE", help="from this date (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="up to this date (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--limit", type=int, default=100, help="at most this many chains")
    add_db_option(p)
    add_format_option(p, ("table", "json"), "table")
    p.set_defaults(func=cmd_chains)
    p = sub.add_parser("link", help="state by hand that EFFECT answered CAUSE, or remove that link (audited)")
    p.add_argument("cause", metavar="CAUSE", help="knowledge-base id of the earlier event")
    p.add_argument("effect", metavar="EFFECT", help="knowledge-base id of the event that answered it")
    p.add_argument("--user", required=True, help="the analyst's name, written to the audit log")
    p.add_argument("--remove", action="store_true", help="remove the link; later ingests never restore it")
    add_db_option(p)
    p.set_defaults(func=cmd_link)



def register(sub: argparse._SubParsersAction) -> None:
    """Add the knowledge-base commands to the ``sitrep`` parser."""
    _register_ingest(sub)
    _register_events(sub)
    _register_import(sub)
    _register_actors(sub)
    _register_views(sub)
    _register_export(sub)
    _register_escalation(sub)
    _register_links(sub)


__all__ = ["register", "add_filter_options", "filters_of", "envelope", "event_row", "print_dossier",
           "print_timeline", "print_chains", "ProgressBar", "ENVELOPE"]
