"""Shared fixtures: the spaCy pipeline and a one-call extractor for short snippets."""
from __future__ import annotations

import pytest

from sitrep.records import Article, Extraction


@pytest.fixture(scope="session")
def nlp():
    from sitrep.pipeline import load_nlp
    return load_nlp()


@pytest.fixture(scope="session")
def extract(nlp):
    """extract(text, published=None) -> Extraction, through the real pipeline."""
    from sitrep.pipeline import Resources, extract_doc, parse_text

    res = Resources()

    def run(text: str, published: str | None = "2024-02-10", excluded=()) -> Extraction:
        article = Article(id="t", text=text, published=published, excluded=tuple(excluded))
        return extract_doc(article, nlp(parse_text(article)), res)
    return run


def names(x: Extraction) -> dict[str, str]:
    return {a.id: a.name for a in x.actors}


def events_of(x: Extraction, etype: str):
    return [e for e in x.events if e.type == etype]
