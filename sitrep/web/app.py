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
from .jobs import JobRunner
from .security import DEFAULT_MAX_UPLOAD, SECURITY_HEADERS, Guard, WebError
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


_HTTP_CODES = {404: "E509", 405: "E500", 413: "E505"}  # E403 is for ids missing from the KB


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        log.info("refused %s %s: %s %s", request.method, request.url.path, exc.status, exc.code)
        return error_response(request, exc.status, exc.code, exc.message)

    @app.exception_handler(SitrepError)
    async def _sitrep_error(request: Request, exc: SitrepError) -> Response:
        status = 404 if exc.code == "E403" else 500 if exc.code in ("E000", "E400", "E401", "E402") else 400
        log.info("sitrep error on %s %s: %s", request.method, request.url.path, exc.code)
        return error_response(request, status, exc.code, str(exc).split("] ", 1)[-1])

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no page at {request.url.path}"
        return error_response(request, exc.status_code, _HTTP_CODES.get(exc.status_code, "E500"), message)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return error_response(request, 400, "E500", f"bad request: {problems}")


def _install_middleware(app: FastAPI, max_upload: int) -> None:
    @app.middleware("http")
    async def _headers_and_limits(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_upload + 64 * 1024:
            response = error_response(request, 413, "E505",
                                      f"request body of {length} bytes is over the {max_upload}-byte upload limit")
        else:
            response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def create_app(db_url: str, token: str | None = None, *, max_upload: int = DEFAULT_MAX_UPLOAD,
               ingest_workers: int = 1) -> FastAPI:
    """The sitrep web application over the knowledge base at ``db_url``.

    ``token`` enables writes (ingest, corrections); without it the app is read-only.
    ``max_upload`` bounds request bodies and uploaded files, in bytes.
    """
    from .api import router as api_router
    from .escalation import router as escalation_router
    from .views import router as page_router

    kb = open_kb(db_url)
    jobs = JobRunner(workers=ingest_workers)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # type: ignore[no-untyped-def]
        yield
        jobs.shutdown()

    app = FastAPI(title="sitrep", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Conflict-intelligence knowledge base: events, actors, relations, "
                              "each tied to the sentence it came from. Writes need a bearer token.")
    app.state.web = WebState(db_url=db_url, kb=kb, source=Source(kb), guard=Guard.create(token, max_upload),
                             jobs=jobs, templates=_templates())
    _install_error_handlers(app)
    _install_middleware(app, max_upload)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api_router)
    app.include_router(page_router)
    app.include_router(escalation_router)
    return app


__all__ = ["create_app", "WebState", "error_response", "wants_html"]
