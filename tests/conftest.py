"""Shared fixtures: the spaCy pipeline and a one-call extractor for short snippets."""
from __future__ import annotations

import os
import uuid

import pytest

from sitrep.records import Article, Extraction


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A fresh, empty knowledge base URL: a SQLite file, or a throw-away PostgreSQL schema
    (when $SITREP_TEST_PG names a server; .ci/start-postgres starts one)."""
    if request.param == "sqlite":
        yield str(tmp_path / "kb.db")
        return
    base = os.environ.get("SITREP_TEST_PG")
    if not base:
        pytest.skip("SITREP_TEST_PG is not set (run .ci/start-postgres)")
    import psycopg
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _pg_schema_url(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


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
