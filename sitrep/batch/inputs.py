"""Batch inputs: JSONL and Parquet corpora, one article per line or row.

A corpus file is turned into :class:`Item` values (where the record came from, and the raw
line or row); :func:`read_item` makes each an :class:`~sitrep.records.Article` with the very
reader ``sitrep extract`` uses for a JSONL line (:func:`sitrep.ingest.article_from_record`),
or a :class:`~sitrep.ingest.ReadFailure` (E104 and the like) that becomes an ``errors`` row.

Records carry ``id``, ``title``, ``text`` (or ``body``), ``published`` (or ``date``),
``url``, ``source`` and optionally ``language``; other fields are ignored.

Article ids are made unique as ``sitrep extract`` makes them (W102): a record whose id an
earlier record with another text holds gets ``<id>-<content hash>`` (:func:`renamed_ids`,
computed in a first, cheap pass over the records).

Input order is kept as ``seq`` = file number × 2^32 + line (or row) number, so both engines
and the knowledge base see the articles in the same order (the merge is order-dependent).
"""
from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..errors import InputError, SitrepError, warn
from ..ingest import ReadFailure, article_from_record
from ..records import Article

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet", ".parq")
SEQ_SHIFT = 32


@dataclass(frozen=True)
class Item:
    """One raw record of a corpus file: a JSONL line (``str``) or a Parquet row (``dict``)."""
    seq: int
    origin: str  # the file, as listed
    where: str  # "file:line 7" or "file#row 7" (1-based), for error rows
    raw: Any


def kind_of(path: str) -> str | None:
    """``jsonl`` or ``parquet`` by file name; None for other files."""
    name = path.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return None


def make_seq(file_no: int, record_no: int) -> int:
    return (file_no << SEQ_SHIFT) | record_no


def _hidden(name: str) -> bool:
    return name.startswith((".", "_"))  # Spark's and Hadoop's convention (_SUCCESS, .crc)


def list_local(paths: Sequence[str]) -> list[str]:
    """The corpus files of local paths, in the order given; a folder is walked recursively
    (sorted; hidden and ``_``-files skipped).  E901 for a missing path or a folder holding none,
    or a file that is neither JSONL nor Parquet."""
    files: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not _hidden(d))
                found += [os.path.join(root, n) for n in sorted(names) if not _hidden(n) and kind_of(n)]
            if not found:
                raise SitrepError(f"{path}: no .jsonl or .parquet files in this folder", code="E901")
            files += sorted(found)
        elif os.path.exists(path):
            if kind_of(path) is None:
                raise SitrepError(f"{path}: not a JSONL (.jsonl, .ndjson) or Parquet (.parquet) file", code="E901")
            files.append(path)
        else:
            raise SitrepError(f"{path}: no such file or folder", code="E901")
    return files


def local_items(files: Sequence[str]) -> Iterator[Item]:
    """Every record of local corpus files, in order (files as :func:`list_local` lists them)."""
    for file_no, path in enumerate(files):
        if kind_of(path) == "parquet":
            yield from _parquet_items(file_no, path)
        else:
            yield from _jsonl_items(file_no, path)


def _jsonl_items(file_no: int, path: str) -> Iterator[Item]:
    opener = gzip.open if path.lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace", newline="\n") as f:
        for number, line in enumerate(f, start=1):
            item = jsonl_item(file_no, path, number, line)
            if item is not None:
                yield item


def jsonl_item(file_no: int, path: str, number: int, line: str) -> Item | None:
    """A JSONL line as an item (None for a blank line); ``number`` is 1-based."""
    line = line.rstrip("\r\n")
    if not line.strip():
        return None
    return Item(make_seq(file_no, number), path, f"{path}:line {number}", line)


def parquet_item(file_no: int, path: str, number: int, row: dict[str, Any]) -> Item:
    return Item(make_seq(file_no, number), path, f"{path}#row {number}", row)


def _parquet_items(file_no: int, path: str) -> Iterator[Item]:
    import pyarrow.parquet as pq
    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            number += 1
            yield parquet_item(file_no, path, number, row)


def read_item(item: Item, published: str | None = None) -> Article | ReadFailure:
    """The article a record holds, or the coded reason it holds none (never raises)."""
    record = item.raw
    if isinstance(record, str):
        try:
            record = json.loads(record)
        except ValueError as exc:
            return ReadFailure(item.where, InputError(f"{item.where}: not valid JSON ({exc})", code="E104"))
    try:
        return article_from_record(record, origin=item.origin, where=item.where, published=published)
    except SitrepError as exc:
        return ReadFailure(item.where, exc)


def id_claim(item: Item, published: str | None = None) -> tuple[str, tuple[int, str]] | None:
    """(article id, (seq, content hash)) of a record that holds an article, else None."""
    from ..errors import quiet
    from ..ingest import article_id_for
    with quiet():  # a first pass: the extraction reads the record again and warns then
        got = read_item(item, published)
    return (got.id, (item.seq, article_id_for(got.text))) if isinstance(got, Article) else None


def renamed_ids(claims: Iterable[tuple[str, Iterable[tuple[int, str]]]]) -> dict[int, str]:
    """``{seq: new id}`` for the records ``sitrep extract`` would rename (W102): each id with
    more than one text keeps its first record's; a later record with another text becomes
    ``<id>-<content hash>``.  ``claims``: (id, [(seq, content hash), ...]) per id."""
    out: dict[int, str] = {}
    for article_id, seen in claims:
        seen = sorted(seen)
        first = seen[0][1]
        for seq, content in seen[1:]:
            if content != first:
                out[seq] = f"{article_id}-{content}"
    return out


def with_id(article: Article, seq: int, renames: Mapping[int, str]) -> Article:
    """The article under the id :func:`renamed_ids` gives its record (warning W102 as extract does)."""
    new_id = renames.get(seq)
    if new_id is None or new_id == article.id:
        return article
    warn("W102", f"{article.origin}: article id {article.id!r} is already used by another input of this batch; "
                 f"using {new_id!r}")
    return replace(article, id=new_id)


__all__ = ["Item", "kind_of", "make_seq", "list_local", "local_items", "jsonl_item", "parquet_item", "read_item",
           "id_claim", "renamed_ids", "with_id",
           "JSONL_SUFFIXES", "PARQUET_SUFFIXES"]
