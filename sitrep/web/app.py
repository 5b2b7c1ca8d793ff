"""The FastAPI application: ``create_app(db_url, token=None)``.

Server-rendered pages (Jinja2, autoescaped) each with a JSON twin (``/events`` and
``/events.json``), the REST API under ``/api``, the OpenAPI document at ``/openapi.json``
(no CDN-backed docs page), static files served locally, security headers on every
response, and errors as ``{"error": {"code", "message"}}`` with a 4xx status.
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import SitrepError
from ..kb import KB, open_kb
from .gate import Gate
from .jobs import JobRunner
from .security import DEFAULT_MAX_UPLOAD, FailureLimiter, Guard, WebError
from .source import Source

HERE = Path(__file__).parent
log = logging.getLogger("sitrep.web")


@dataclass(frozen=True)
class WebState:
    """What every view needs: the knowledge base, the write guard, the ingest jobs, the templates."""
    db_url: str
    kb: KB
    source: Source
    guard: Guard
    jobs: JobRunner
    templates: Jinja2Templates
    limiter: FailureLimiter


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.autoescape = True  # every template, whatever its extension
    from .present import register_filters
    register_filters(env)
    return templates


def wants_html(request: Request) -> bool:
    """Browser page requests get an HTML error page; API and ``.json`` requests get JSON."""
    path = request.url.path
    if path.startswith("/api/") or path.endswith(".json") or path.startswith("/static/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    body = {"error": {"code": code, "message": message, "status": status}}
    if wants_html(request):
        from .views import base_context, finish
        state: WebState = request.app.state.web
        context = {**base_context(request, "error", json_url="/openapi.json"), "error": body["error"]}
        return finish(request, state.templates.TemplateResponse(request, "error.html", context, status_code=status))
    return JSONResponse(body, status_code=status)


_HTTP_CODES = {404: "E509", 405: "E515", 411: "E514", 413: "E505"}  # E406 is for ids missing from the KB


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        log.info("refused %s %s: %s %s", request.method, request.url.path, exc.status, exc.code)
        response = error_response(request, exc.status, exc.code, exc.message)
        for name, value in exc.headers.items():
            response.headers[name] = value
        return response

    @app.exception_handler(SitrepError)
    async def _sitrep_error(request: Request, exc: SitrepError) -> Response:
        status = 404 if exc.code == "E406" else 500 if exc.code in ("E000", "E400", "E401", "E402") else 400
        log.info("sitrep error on %s %s: %s", request.method, request.url.path, exc.code)
        return error_response(request, status, exc.code, str(exc).split("] ", 1)[-1])

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no page at {request.url.path}"
        return error_response(request, exc.status_code, _HTTP_CODES.get(exc.status_code, "E515"), message)

    @app.exception_handler(UnicodeError)
    async def _unicode_error(request: Request, exc: UnicodeError) -> Response:
        return error_response(request, 400, "E515", "bad request: text with invalid Unicode (lone surrogates)")

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        """A malformed body is E515; a query parameter out of range or of the wrong kind is E507,
        the code every page gives it too (``/api/events?offset=-1`` and ``/events?offset=-1``)."""
        errors = exc.errors()
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in errors)
        in_query = bool(errors) and all(tuple(e.get("loc", ()))[:1] == ("query",) for e in errors)
        if in_query:
            return error_response(request, 400, "E507", f"invalid query parameter: {problems}")
        return error_response(request, 400, "E515", f"bad request: {problems}")


def _install_openapi(app: FastAPI) -> None:
    """The OpenAPI document lists the refusals the app really sends (declared on the routes:
    400, 401, 403, 404, 411, 413, 429 with the error body); FastAPI's default 422 is never sent
    (a malformed parameter or body is 400 E515), so it is taken out."""
    default = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            spec = default()
            for item in spec.get("paths", {}).values():
                for operation in item.values():
                    if isinstance(operation, dict):
                        operation.get("responses", {}).pop("422", None)
            for name in ("HTTPValidationError", "ValidationError"):
                spec.get("components", {}).get("schemas", {}).pop(name, None)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(db_url: str, token: str | None = None, *, max_upload: int = DEFAULT_MAX_UPLOAD,
               ingest_workers: int = 1, private: bool = False, limiter: FailureLimiter | None = None) -> FastAPI:
    """The sitrep web application over the knowledge base at ``db_url``.

    ``token`` is the shared token (an implicit admin named ``token``); the knowledge base's
    accounts (``sitrep users``) sign in with their own.  With neither the app is read-only.
    ``private`` makes every read need a token too.  ``max_upload`` bounds request bodies and
    uploaded files, in bytes.  ``limiter`` counts failed authentications per client address
    (default: :class:`~sitrep.web.security.FailureLimiter`, 10 a minute).
    """
    from .api import router as api_router
    from .escalation import router as escalation_router
    from .views import router as page_router

    kb = open_kb(db_url)
    jobs = JobRunner(workers=ingest_workers, store=kb.store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # type: ignore[no-untyped-def]
        yield
        jobs.shutdown()

    app = FastAPI(title="sitrep", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Conflict-intelligence knowledge base: events, actors, relations, "
                              "each tied to the sentence it came from. Writes need a bearer token "
                              "of an editor or admin" + ("; so do reads (private server)." if private else "."))
    limiter = limiter or FailureLimiter()
    app.state.web = WebState(db_url=db_url, kb=kb, source=Source(kb),
                             guard=Guard.create(token, max_upload, private=private), jobs=jobs,
                             templates=_templates(), limiter=limiter)
    _install_error_handlers(app)
    _install_openapi(app)
    app.add_middleware(Gate, limiter=limiter)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api_router)
    app.include_router(page_router)
    app.include_router(escalation_router)
    return app


__all__ = ["create_app", "WebState", "error_response", "wants_html"]
