"""Rows of a delimited export (ACLED and the like) with their line numbers.

One reader for :mod:`sitrep.evaluate`, :mod:`sitrep.escalation.series` and :mod:`sitrep.acled`:
the delimiter is the commonest of comma, semicolon and tab on the first line; header names are
stripped and lower-cased; blank rows are skipped; a row with another number of fields than the
header is reported as a :class:`RowProblem` (with the line it starts on) and skipped.  Each
caller checks its own required columns and raises its own error code.
"""
from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass

DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class RowProblem:
    """A row that was skipped (``line``: where it starts, 1-based), and why."""
    line: int
    message: str


def sniff_delimiter(first_line: str) -> str:
    """The commonest of comma, semicolon and tab in ``first_line`` (comma on a tie)."""
    return max(DELIMITERS, key=first_line.count)


def header_of(reader: Iterator[list[str]]) -> list[str]:
    """The header row's names, stripped and lower-cased (empty for an empty file)."""
    return [h.strip().lower() for h in next(reader, None) or []]


def csv_rows(reader: "csv._reader", header: list[str], problem: Callable[[RowProblem], None], *,
             skip_unreadable: bool = False) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, record)`` for every row after the header; ``record`` maps header names to values.

    A row whose field count differs from the header's goes to ``problem``.  With
    ``skip_unreadable`` a row the csv module cannot parse goes to ``problem`` too; otherwise its
    ``csv.Error`` propagates (the caller turns it into its own coded error)."""
    line = reader.line_num + 1
    while True:
        start = line
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if not skip_unreadable:
                raise
            line = reader.line_num + 1
            problem(RowProblem(start, f"cannot be read as CSV: {exc}"))
            continue
        line = reader.line_num + 1
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            problem(RowProblem(start, f"{len(values)} fields where the header has {len(header)}"))
            continue
        yield start, dict(zip(header, values))


__all__ = ["RowProblem", "sniff_delimiter", "header_of", "csv_rows", "DELIMITERS"]
