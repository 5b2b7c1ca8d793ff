"""``sitrep batch``: a corpus of JSONL or Parquet articles in, Parquet tables out, on one
machine (``--engine local``) or on Apache Spark (``--engine spark``).

>>> from sitrep.batch import run_batch
>>> run_batch(["corpus.jsonl"], "out/", engine="local")          # -> BatchSummary
>>> run_batch(["s3a://bucket/news/"], "s3a://bucket/sitrep/", engine="spark", master="yarn")

Both engines run the same functions: :mod:`sitrep.batch.inputs` reads a record,
:mod:`sitrep.batch.extract` runs the extraction pipeline on it, :mod:`sitrep.batch.tables`
turns the records into rows of the tables ``articles``, ``events``, ``actors``,
``relations``, ``evidence``, ``errors`` and ``merged_events`` (partitioned by month; columns
in docs/batch.md), and :mod:`sitrep.batch.blocks` merges the reports of one real event
across sources with the knowledge base's rule.  :func:`read_tables` reads the tables back.

Errors: E900 (pyspark or pyarrow missing), E901 (bad input or option), E902 (an article
crashed the pipeline: kept as an ``errors`` row), E903 (the output cannot be written),
E904 (Spark cannot start).
"""
from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import SitrepError
from .tables import EXTRACTION_TABLES, TABLES, extractions_from_rows, merged_from_rows

ENGINES = ("local", "spark")


@dataclass(frozen=True)
class BatchSummary:
    """What a batch wrote: rows per table, the engine, the output folder and the wall time."""
    engine: str
    out: str
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        return self.rows.get("articles", 0)

    @property
    def errors(self) -> int:
        return self.rows.get("errors", 0)

    def line(self) -> str:
        r = self.rows
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        return (f"batch ({self.engine}): {r.get('articles', 0)} articles, {r.get('events', 0)} events, "
                f"{r.get('merged_events', 0)} merged events, {r.get('errors', 0)} errors -> {self.out} "
                f"({self.seconds:.1f}s, {rate:.1f} articles/s)")

    def to_dict(self) -> dict[str, Any]:
        return {"engine": self.engine, "out": self.out, "rows": dict(self.rows), "seconds": self.seconds}


def _is_local(uri: str) -> bool:
    return "://" not in uri or uri.startswith("file://")


def _check_out(out: str, overwrite: bool) -> None:
    """E903 when a local output folder holds a previous run and ``overwrite`` is off."""
    if not _is_local(out):
        return  # Spark itself refuses to overwrite (errorifexists) unless asked
    path = out[len("file://"):] if out.startswith("file://") else out
    if os.path.exists(path) and not os.path.isdir(path):
        raise SitrepError(f"{out}: exists and is not a folder", code="E903")
    if not overwrite and any(os.path.exists(os.path.join(path, t)) for t in TABLES):
        raise SitrepError(f"{out}: already holds batch tables; choose another --out or pass --overwrite",
                          code="E903")


def _clear(path: str) -> None:
    import shutil
    for table in TABLES:
        shutil.rmtree(os.path.join(path, table), ignore_errors=True)


def _need_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise SitrepError("the local engine writes Parquet with pyarrow, which is not installed: "
                          "pip install 'sitrep[kb]'", code="E900") from exc


def run_batch(paths: Sequence[str], out: str, *, engine: str = "local", master: str | None = None,
              partitions: int | None = None, workers: int = 1, gazetteers: Sequence[str] = (),
              published: str | None = None, merge: bool = True, overwrite: bool = False,
              spark: Any = None, conf: Sequence[tuple[str, str]] = ()) -> BatchSummary:
    """Run a batch (module docstring).  ``workers`` is the local engine's process pool;
    ``master``, ``partitions`` and ``conf`` ((key, value) Spark settings) are Spark's.  Raises E900, E901, E903, E904 (see docs/errors.md)."""
    from ..ingest import check_published
    if engine not in ENGINES:
        raise SitrepError(f"unknown engine {engine!r} (local, spark)", code="E901")
    if partitions is not None and partitions < 1:
        raise SitrepError(f"--partitions must be at least 1, got {partitions}", code="E901")
    if workers < 1:
        raise SitrepError(f"--workers must be at least 1, got {workers}", code="E901")
    if not paths:
        raise SitrepError("no input given", code="E901")
    bad = [k for k, _ in conf if not k.startswith("spark.")]
    if bad:
        raise SitrepError(f"--conf takes spark.* settings as KEY=VALUE, got {', '.join(bad)}", code="E901")
    fallback = check_published(published)
    _check_out(out, overwrite)
    started = time.monotonic()
    if engine == "spark":
        from .spark import run_spark
        rows = run_spark(paths, out, master=master, partitions=partitions, gazetteers=gazetteers,
                         published=fallback, merge=merge, overwrite=overwrite, spark=spark, conf=conf)
    else:
        from .inputs import list_local
        from .local import run_local
        _need_pyarrow()
        files = list_local(paths)
        if overwrite:
            _clear(out)
        rows = run_local(files, out, workers=workers, gazetteers=gazetteers, published=fallback,
                         merge=merge)
    return BatchSummary(engine=engine, out=out, rows=rows, seconds=round(time.monotonic() - started, 3))


def read_table(out: str, table: str) -> list[dict[str, Any]]:
    """A table's rows as dicts (``month`` included), read with pyarrow from a local folder."""
    import pyarrow.dataset as ds
    folder = os.path.join(out, table)
    if table not in TABLES:
        raise SitrepError(f"unknown table {table!r} ({', '.join(TABLES)})", code="E901")
    if not os.path.isdir(folder) or not any(n.startswith("month=") for n in os.listdir(folder)):
        return []
    data = ds.dataset(folder, format="parquet", partitioning="hive", exclude_invalid_files=True)
    return data.to_table().to_pylist()


def read_tables(out: str, tables: Sequence[str] = tuple(TABLES)) -> dict[str, list[dict[str, Any]]]:
    return {t: read_table(out, t) for t in tables}


def read_extractions(out: str) -> list[dict[str, Any]]:
    """The ``sitrep/1`` objects of a batch's tables, in input order (as ``sitrep extract`` prints them)."""
    return extractions_from_rows(read_tables(out, EXTRACTION_TABLES))


def read_merged(out: str) -> list[dict[str, Any]]:
    """The merged events of a batch as event dicts (the extraction contract's event fields + reports)."""
    return merged_from_rows(read_table(out, "merged_events"))


__all__ = ["run_batch", "BatchSummary", "ENGINES", "read_table", "read_tables", "read_extractions", "read_merged"]
