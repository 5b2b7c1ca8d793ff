"""The ``local`` engine: the batch on one machine, tables written with pyarrow.

A first pass reads the records only to find repeated article ids (W102); then records stream through :func:`sitrep.batch.extract.extract_chunk` in this process or, with
``workers`` > 1, in a process pool (forked on Linux, so the workers share the model the
parent loaded).  Rows are buffered per table and month and written as row groups of
:data:`ROW_GROUP` rows into ``DIR/<table>/month=YYYY-MM/part-00000.parquet``; memory holds one
buffer per open partition plus the merge reports (events only, no text).
"""
from __future__ import annotations

import functools
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..errors import SitrepError
from ..pipeline import batches
from .blocks import merge_all
from .extract import Bundle, Report, extract_chunk
from .inputs import Item, id_claim, local_items, renamed_ids
from .tables import TABLES, TableRow, columns, merged_row

ROW_GROUP = 2000


def arrow_type(kind: str) -> Any:
    import pyarrow as pa
    return {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
            "strs": pa.list_(pa.string()), "spans": pa.list_(pa.list_(pa.int64()))}[kind]


def arrow_schema(table: str, *, with_month: bool = False) -> Any:
    """The pyarrow schema of a table's files (``month`` lives in the folder name)."""
    import pyarrow as pa
    return pa.schema([(n, arrow_type(k)) for n, k in TABLES[table] if with_month or n != "month"])


class TableWriter:
    """Rows of every table, written month by month; ``close()`` finishes every file."""

    def __init__(self, out: str):
        self.out = out
        self.buffers: dict[tuple[str, str], list[tuple]] = {}
        self.writers: dict[tuple[str, str], Any] = {}
        self.counts: dict[str, int] = dict.fromkeys(TABLES, 0)

    def add(self, row: TableRow) -> None:
        key = (row.table, row.values[-1])  # month is every table's last column
        buf = self.buffers.setdefault(key, [])
        buf.append(row.values[:-1])
        self.counts[row.table] += 1
        if len(buf) >= ROW_GROUP:
            self._flush(key)

    def _flush(self, key: tuple[str, str]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq
        rows = self.buffers.pop(key, [])
        if not rows:
            return
        table, month = key
        schema = arrow_schema(table)
        names = columns(table)[:-1]
        batch = pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)}, schema=schema)
        if key not in self.writers:
            folder = os.path.join(self.out, table, f"month={month}")
            os.makedirs(folder, exist_ok=True)
            self.writers[key] = pq.ParquetWriter(os.path.join(folder, "part-00000.parquet"), schema)
        self.writers[key].write_table(batch)

    def close(self) -> None:
        for key in list(self.buffers):
            self._flush(key)
        for w in self.writers.values():
            w.close()
        for table in TABLES:  # every table gets its folder and Spark's completion marker
            folder = os.path.join(self.out, table)
            os.makedirs(folder, exist_ok=True)
            open(os.path.join(folder, "_SUCCESS"), "w").close()


def _warm(gazetteers: tuple[str, ...]) -> None:
    from ..pipeline import _warm as warm_pipeline
    warm_pipeline(gazetteers)


def _bundles(items: Iterable[Item], workers: int, gazetteers: tuple[str, ...],
             published: str | None, renames: Mapping[int, str]) -> Iterator[Bundle]:
    run = functools.partial(extract_chunk, gazetteers=gazetteers, published=published, renames=renames)
    if workers <= 1:
        for chunk in batches(items):
            yield from run(chunk)
        return
    forking = sys.platform.startswith("linux")
    ctx = multiprocessing.get_context("fork" if forking else "spawn")
    if forking:
        _warm(gazetteers)  # forked workers share the model loaded here
    with ctx.Pool(workers, initializer=_warm, initargs=(gazetteers,)) as pool:
        for done in pool.imap(run, batches(items)):
            yield from done


def local_renames(items: Iterable[Item], published: str | None) -> dict[int, str]:
    """The first pass: which records get a new article id (:func:`sitrep.batch.inputs.renamed_ids`)."""
    first: dict[str, str] = {}  # id -> content hash of its first record (records come in seq order)
    renames: dict[int, str] = {}
    for item in items:
        claim = id_claim(item, published)
        if claim:
            article_id, (seq, content) = claim
            renames.update(renamed_ids([(article_id, [(-1, first.setdefault(article_id, content)), (seq, content)])]))
    return renames


def run_local(files: Sequence[str], out: str, *, workers: int = 1, gazetteers: Sequence[str] = (),
              published: str | None = None, merge: bool = True) -> dict[str, int]:
    """Extract every record of local corpus ``files`` and write the tables under ``out``;
    returns rows per table."""
    renames = local_renames(local_items(files), published)
    writer = TableWriter(out)
    reports: list[Report] = []
    try:
        for bundle in _bundles(local_items(files), workers, tuple(gazetteers), published, renames):
            for row in bundle.rows:
                writer.add(row)
            reports.extend(bundle.reports)
        if merge:
            for block, m in merge_all(reports):
                writer.add(merged_row(m, block))
    except OSError as exc:
        raise SitrepError(f"{out}: cannot write the tables: {exc}", code="E903") from exc
    finally:
        writer.close()
    return writer.counts


__all__ = ["run_local", "TableWriter", "arrow_schema", "arrow_type", "ROW_GROUP"]
