"""The per-partition work of a batch: records in, table rows and merge reports out.

:func:`extract_items` is what Spark runs inside ``mapPartitions`` and what the local engine
runs in-process or in each ``--workers`` process: records are read with
:func:`sitrep.batch.inputs.read_item` and extracted with
:func:`sitrep.pipeline.extract_articles` (the very function ``sitrep extract`` calls, with its
per-article error guard), :data:`sitrep.pipeline.BATCH` articles at a time.  The spaCy model
and the knowledge files load once per process (``load_nlp`` and the resources are
module-level caches), never per record.

Nothing an article does fails the partition: a record that cannot be read, an article the
pipeline rejects, and an article that crashes the pipeline outside its guard (E902) each
become an ``errors`` row.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..errors import SitrepError
from ..ingest import ReadFailure
from ..kb import content_id
from ..merge import day_interval, family_of
from ..pipeline import ExtractFailure, batches, extract_articles
from ..records import Article, Event, Extraction
from .inputs import Item, read_item, with_id
from .tables import TableRow, error_row, rows_for_extraction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Report:
    """One article's event as the cross-source merge sees it (see :mod:`sitrep.batch.blocks`)."""
    family: str
    country: str  # the place's country code, "" when the event has no place or no country
    lo: int  # first day (proleptic ordinal) the date can mean; -1 when undated
    hi: int
    seq: int  # the article's input order
    pos: int  # the event's order in its article
    content_id: str  # the knowledge-base article id (hash of the text)
    event: Event
    source: str | None = None
    url: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Bundle:
    """Everything one record adds: its table rows, and its events for the merge."""
    seq: int
    content_id: str | None  # None for a record that yielded no article
    rows: tuple[TableRow, ...]
    reports: tuple[Report, ...] = ()


def reports_of(x: Extraction, cid: str, seq: int) -> tuple[Report, ...]:
    out = []
    for pos, e in enumerate(x.events):
        iv = day_interval(e.date)
        country = (e.location.country or "") if e.location else ""
        out.append(Report(family_of(e.type), country, iv[0].toordinal() if iv else -1,
                          iv[1].toordinal() if iv else -1, seq, pos, cid, e, x.article.source, x.article.url,
                          x.article.published))
    return tuple(out)


def _bundle(item: Item, article: Article | None, result: object) -> Bundle:
    if isinstance(result, Extraction):
        cid = content_id(result.article.text)
        return Bundle(item.seq, cid, tuple(rows_for_extraction(result, cid, item.seq)),
                      reports_of(result, cid, item.seq))
    error = getattr(result, "error", None)
    stage = "read" if isinstance(result, ReadFailure) else "extract"
    code = getattr(error, "code", "E000")
    return Bundle(item.seq, None, (error_row(item.seq, item.where, article or _readable(item), stage, code,
                                             str(error)),))


def _readable(item: Item) -> Article | None:
    """What a record that holds no article still says of itself (its id and date, when it is a
    JSON object that gives them), so its errors row is named and filed under its month."""
    raw = item.raw
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), (str, int)):
        return None
    published = raw.get("published") or raw.get("date")
    return Article(id=str(raw["id"]), text="", published=published if isinstance(published, str) else None)


def _crashed(article: Article, exc: BaseException) -> ExtractFailure:
    err = SitrepError(f"{article.origin or article.id}: the pipeline crashed on this article: "
                      f"{type(exc).__name__}: {exc}", code="E902")
    return ExtractFailure(origin=article.origin or article.id, error=err)


def _extract_guarded(articles: list[Article], gazetteers: tuple[str, ...]) -> list[object]:
    """``extract_articles`` on a batch; when something escapes its per-article guard, the batch
    is retried one article at a time so that only the article at fault becomes an error."""
    try:
        return list(extract_articles(articles, workers=1, gazetteers=gazetteers))
    except Exception:  # noqa: BLE001 - an article must never fail the job; retried one by one below
        log.warning("a batch of %d articles crashed the pipeline; retrying one by one", len(articles))
    out: list[object] = []
    for a in articles:
        try:
            out += list(extract_articles([a], workers=1, gazetteers=gazetteers))
        except Exception as exc:  # noqa: BLE001 - kept as an E902 error row
            out.append(_crashed(a, exc))
    return out


def extract_chunk(items: Sequence[Item], gazetteers: tuple[str, ...] = (), published: str | None = None,
                  renames: Mapping[int, str] | None = None) -> list[Bundle]:
    """Read and extract a few records (in order); one :class:`Bundle` per record.  ``renames``:
    new article ids by record ``seq`` (:func:`sitrep.batch.inputs.renamed_ids`)."""
    read = [read_item(i, published) for i in items]
    if renames:
        read = [with_id(a, i.seq, renames) if isinstance(a, Article) else a for i, a in zip(items, read)]
    articles = [a for a in read if isinstance(a, Article)]
    done = iter(_extract_guarded(articles, gazetteers)) if articles else iter(())
    out = []
    for item, got in zip(items, read):
        if isinstance(got, Article):
            out.append(_bundle(item, got, next(done)))
        else:
            out.append(_bundle(item, None, got))
    return out


def extract_items(items: Iterable[Item], gazetteers: tuple[str, ...] = (), published: str | None = None,
                  renames: Mapping[int, str] | None = None) -> Iterator[Bundle]:
    """:func:`extract_chunk` over a stream (a Spark partition), :data:`sitrep.pipeline.BATCH` records at a time."""
    for chunk in batches(items):
        yield from extract_chunk(chunk, gazetteers, published, renames)


__all__ = ["Report", "Bundle", "extract_chunk", "extract_items", "reports_of"]
