"""The ``sitrep`` command: a thin layer that parses options and calls importable functions.

Each sub-command is a ``cmd_*`` function taking the parsed ``argparse.Namespace`` and
returning an exit code.  Options shared by several commands are defined once in the
``add_*_option`` helpers below.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Callable, Sequence

from . import settings
from .errors import SitrepError

# Optional dependencies, the top-level module each installs and the extra that brings it
# (pyproject.toml).  The CLI imports none of them at start-up: a command imports what it needs
# when it runs, and a missing one becomes E001 naming the extra (see :func:`missing_extra`).
EXTRAS: dict[str, str] = {
    "fastapi": "web", "starlette": "web", "uvicorn": "web", "multipart": "web", "python_multipart": "web",
    "jinja2": "web",
    "psycopg": "kb", "psycopg_binary": "kb", "stix2": "kb", "pyarrow": "kb", "duckdb": "kb",
    "numpy": "analysis", "scipy": "analysis", "statsmodels": "analysis",
    "pyspark": "spark",
}
WEB_MODULES = ("fastapi", "uvicorn", "multipart", "jinja2")


def missing_extra(exc: ImportError) -> SitrepError | None:
    """The coded error (E001) for an optional module that is not installed, or None when
    ``exc`` is about a module that is not one of the extras' (a real bug: let it show)."""
    name = (getattr(exc, "name", None) or "").split(".")[0]
    extra = EXTRAS.get(name)
    if extra is None:
        return None
    return SitrepError(f"this command needs the optional module {name!r}, which is not installed: "
                       f"pip install 'sitrep[{extra}]'", code="E001")


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False

Command = Callable[[argparse.Namespace], int]


# --- options shared by commands -------------------------------------------------------

def add_db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=settings.get("SITREP_DB"),
                   help="knowledge base: a SQLite file path or a postgresql:// URL "
                        "(default: $SITREP_DB or sitrep.db)")


def add_workers_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, default=1, help="parallel worker processes (default 1)")


def add_inputs_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="text, HTML, JSONL or RSS/Atom files, Telegram channel exports (result.json), directories of them, or - for stdin")
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="publication date for articles that carry none")
    p.add_argument("--gazetteer", action="append", default=[], metavar="FILE",
                   help="extra actor gazetteer YAML file (repeatable; also $SITREP_GAZETTEER)")
    add_workers_option(p)


# --- extraction -------------------------------------------------------------------------

def cmd_extract(args: argparse.Namespace) -> int:
    from .pipeline import run_extract
    return run_extract(args.paths, fmt=args.format, published=args.published,
                       workers=args.workers, gazetteers=args.gazetteer, out=sys.stdout)


def _register_extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="extract actors, events and relations from articles")
    add_inputs_options(p)
    p.add_argument("--format", choices=["json", "jsonl", "table"], default="json")
    p.set_defaults(func=cmd_extract)


# --- measuring against an analyst's own coding -------------------------------------------

def cmd_evaluate(args: argparse.Namespace) -> int:
    from . import evaluate
    if args.acled:
        return evaluate.run_acled(args.acled, limit=args.limit, out_csv=args.out, workers=args.workers,
                                  gazetteers=args.gazetteer, as_json=args.json, fields=args.fields or evaluate.FIELDS,
                                  out=sys.stdout)
    return evaluate.run_gold(args.gold, texts=args.texts, limit=args.limit, workers=args.workers,
                             gazetteers=args.gazetteer, as_json=args.json, out=sys.stdout)


def _evaluate_fields(text: str) -> tuple[str, ...]:
    from .evaluate import parse_fields
    try:
        return parse_fields(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _register_evaluate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evaluate", help="compare sitrep with your own ACLED export or gold files")
    ref = p.add_mutually_exclusive_group(required=True)
    ref.add_argument("--acled", metavar="FILE.csv",
                     help="an ACLED export (API or download columns); each row's notes are extracted")
    ref.add_argument("--gold", metavar="DIR", help="gold JSON files in the extraction format, beside their texts")
    p.add_argument("--texts", metavar="DIR", help="with --gold: the folder holding the article texts")
    p.add_argument("--limit", type=int, metavar="N", help="compare only the first N rows or files")
    p.add_argument("--out", metavar="DISAGREE.csv",
                   help="with --acled: write one CSV row per disagreement (row and field), both values side by side")
    p.add_argument("--fields", type=_evaluate_fields, metavar="F1,F2", default=None,
                   help="with --acled: the fields whose disagreements are written and counted "
                        "(type, sub_type, actor1, actor2, fatalities, date, place; default all)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--gazetteer", action="append", default=[], metavar="FILE",
                   help="extra actor gazetteer YAML file (repeatable; also $SITREP_GAZETTEER)")
    add_workers_option(p)
    p.set_defaults(func=cmd_evaluate)


# --- batch: a corpus to Parquet tables, on one machine or on Spark -------------------------

def cmd_batch(args: argparse.Namespace) -> int:
    from .batch import run_batch
    summary = run_batch(args.inputs, args.out, engine=args.engine, master=args.master, partitions=args.partitions,
                        workers=args.workers, gazetteers=args.gazetteer, published=args.published,
                        merge=not args.no_merge, overwrite=args.overwrite, conf=args.conf)
    print(summary.line(), file=sys.stderr)
    return 1 if summary.errors else 0


def _spark_conf(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key.strip(), value


def _register_batch(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("batch", help="extract a JSONL or Parquet corpus into Parquet tables (locally or on Spark)")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="JSONL or Parquet files or folders of them (with --engine spark: any URI Spark reads)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder (or URI) the tables are written under")
    p.add_argument("--engine", choices=["local", "spark"], default="local",
                   help="local: this machine, pyarrow; spark: Apache Spark (pip install 'sitrep[spark]')")
    p.add_argument("--master", metavar="URL",
                   help="with --engine spark: the Spark master (local[2], yarn, k8s://...; default local[*])")
    p.add_argument("--partitions", type=int, metavar="N",
                   help="with --engine spark: split the input into N partitions (default: as read)")
    p.add_argument("--conf", action="append", default=[], type=_spark_conf, metavar="KEY=VALUE",
                   help="with --engine spark: a Spark setting, e.g. spark.archives=env.tar.gz#environment (repeatable)")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for articles that carry none")
    p.add_argument("--gazetteer", action="append", default=[], metavar="FILE",
                   help="extra actor gazetteer YAML file (repeatable; also $SITREP_GAZETTEER)")
    p.add_argument("--no-merge", action="store_true", help="skip the cross-source merge (no merged_events table)")
    p.add_argument("--overwrite", action="store_true", help="replace the tables of an earlier run in --out")
    add_workers_option(p)
    p.set_defaults(func=cmd_batch)


# --- knowledge base and web commands live beside their modules ---------------------------

def _register_kb(sub: argparse._SubParsersAction) -> None:
    from .cli_kb import register
    register(sub)


def _register_users(sub: argparse._SubParsersAction) -> None:
    from .cli_users import register
    register(sub)


def _register_web(sub: argparse._SubParsersAction) -> None:
    missing = [m for m in WEB_MODULES if not _installed(m)]
    if not missing:
        from .web.cli import register
        register(sub)
        return
    # Without the web extra, ``sitrep serve`` (with any options, --help included) says what to install.
    p = sub.add_parser("serve", add_help=False, prefix_chars="+", help="serve the web app and REST API (needs pip install 'sitrep[web]')")
    p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)

    def cmd_serve_missing(args: argparse.Namespace) -> int:
        raise SitrepError(f"sitrep serve needs the web extra ({', '.join(missing)} not installed): "
                          "pip install 'sitrep[web]'", code="E001")
    p.set_defaults(func=cmd_serve_missing)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitrep", description="sitrep: news articles about armed conflict in; grounded actors, events "
                                   "and relations out, in a knowledge base you can query, export and browse.")
    sub = parser.add_subparsers(dest="command", required=True)
    _register_extract(sub)
    _register_evaluate(sub)
    _register_batch(sub)
    _register_kb(sub)
    _register_users(sub)
    _register_web(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except SitrepError as exc:
        print(f"sitrep: error {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:
        coded = missing_extra(exc)
        if coded is None:
            raise
        print(f"sitrep: error {coded}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
