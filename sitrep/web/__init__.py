"""sitrep's web app: browse, map, network and evidence, with audited analyst corrections.

``create_app(db_url, token=None)`` builds the FastAPI application (pages with JSON twins,
the REST API under ``/api``, everything served offline); ``sitrep serve`` runs it.
"""
from __future__ import annotations


def create_app(db_url: str, token: str | None = None, **options):  # type: ignore[no-untyped-def]
    """Build the app (see :func:`sitrep.web.app.create_app`); imported lazily so that
    ``import sitrep.web`` does not pull in FastAPI."""
    from .app import create_app as _create
    return _create(db_url, token, **options)


__all__ = ["create_app"]
