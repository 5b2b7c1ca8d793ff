"""The HTML pages, each with its JSON twin (``/events`` and ``/events.json``).

A page is a function ``(request) -> (template, context)``; :func:`page` registers it at
``path`` (rendered) and ``path + ".json"`` (the same context, JSON-ready).  Writes are
form posts guarded by CSRF + a signed session (or the token typed in the form).
"""
from __future__ import annotations

import asyncio
import csv
import io
from dataclasses import fields, is_dataclass
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse

from .. import __version__
from . import source as src
from .forms import correction_changes, link_change, read_form
from .jobs import Job
from .present import CSV_FIELDS, THEATRE, csv_row, highlight_segments, map_points, network_layout
from .security import (CSRF_COOKIE, SESSION_COOKIE, WebError, accounts_on, check_csrf, identity_of,
                       require_form_writer)

router = APIRouter(include_in_schema=False)

PageFn = Callable[[Request], tuple[str, dict[str, Any]]]
MAX_PAGE = 500
FAILED_LOGIN_DELAY = 0.5  # seconds


# --- plumbing ------------------------------------------------------------------------------

def _state(request: Request):  # -> WebState (not imported: app imports this module)
    return request.app.state.web


def _csrf(request: Request) -> str:
    """This browser's CSRF value: the cookie's if it is genuine, else a new one (set on the response)."""
    state = _state(request)
    current = request.cookies.get(CSRF_COOKIE)
    if current and state.guard.csrf_ok(current, current):
        return current
    if not hasattr(request.state, "new_csrf"):
        request.state.new_csrf = state.guard.new_csrf()
    return request.state.new_csrf


def base_context(request: Request, page_name: str, json_url: str | None = None) -> dict[str, Any]:
    state = _state(request)
    path = request.url.path
    identity = identity_of(request)
    return {"page": page_name, "version": __version__, "writable": accounts_on(state.guard, state.kb.store),
            "signed_in": identity is not None, "csrf": _csrf(request),
            "can_write": identity is not None and identity.allows("editor"),
            "json_url": json_url or (path.rstrip("/") or "/index") + ".json" + (f"?{request.url.query}" if request.url.query else ""),
            "flash": _flash(request), "user": identity.name if identity else "",
            "role": identity.role if identity else ""}


FLASHES = {"corrected": ("ok", "Correction saved and audited."), "duplicate": ("ok", "Marked as a duplicate."),
           "alias": ("ok", "Alias added."), "merged": ("ok", "Actors merged."), "signedin": ("ok", "Signed in."),
           "signedout": ("ok", "Signed out."), "nochange": ("ok", "Nothing changed."),
           "linked": ("ok", "Link added and audited."), "unlinked": ("ok", "Link removed and audited.")}


def _flash(request: Request) -> dict[str, str] | None:
    key = request.query_params.get("done")
    if key in FLASHES:
        kind, message = FLASHES[key]
        return {"kind": kind, "message": message}
    return None


def finish(request: Request, response: Response) -> Response:
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="strict", path="/")
    return response


def _plain(value: Any) -> Any:
    """Records (frozen dataclasses), dicts and sequences as plain JSON values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _jsonable(context: dict[str, Any]) -> dict[str, Any]:
    hidden = {"csrf", "flash", "user", "role", "version", "json_url", "page", "writable", "signed_in", "can_write",
              "options"}
    return {k: _plain(v) for k, v in context.items() if k not in hidden}


COMMON_PARAMS = frozenset({"done"})   # every page: the flash message after a write (?done=corrected)
EVENT_FILTERS = frozenset(f.name for f in fields(src.EventQuery))
PAGING = frozenset({"limit", "offset"})


def check_params(request: Request, accepted: frozenset[str]) -> None:
    """400 (E507) for a query parameter the page does not take (besides :data:`COMMON_PARAMS`):
    a misspelt filter (``/events?involvin=X``) must not silently show everything.  The API's
    routes check theirs the same way (:mod:`sitrep.web.api`)."""
    known = accepted | COMMON_PARAMS
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        shown = ", ".join(u[:40] for u in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        raise WebError(400, "E507", f"unknown query parameter{'s' if len(unknown) > 1 else ''} {shown} "
                                    f"(this address takes: {', '.join(sorted(known))})")


def page(path: str, name: str, params: frozenset[str] | set[str] = frozenset()) -> Callable[[PageFn], PageFn]:
    """Register a page at ``path`` (HTML) and its JSON twin; both take the query parameters
    ``params`` (and :data:`COMMON_PARAMS`) and refuse any other with 400 (E507)."""
    json_path = ("/index" if path == "/" else path) + ".json"
    accepted = frozenset(params)

    def decorate(fn: PageFn) -> PageFn:
        def as_json(request: Request) -> Response:
            check_params(request, accepted)
            _, context = fn(request)
            return JSONResponse({"page": name, **_jsonable(context)})

        def as_html(request: Request) -> Response:
            check_params(request, accepted)
            template, context = fn(request)
            context = {**base_context(request, name), **context}
            response = _state(request).templates.TemplateResponse(request, template, context)
            return finish(request, response)

        router.add_api_route(json_path, as_json, methods=["GET"], name=f"{name}-json")
        router.add_api_route(path, as_html, methods=["GET"], name=name, response_class=HTMLResponse)
        return fn
    return decorate


def _int_param(request: Request, name: str, default: int, lo: int = 0, hi: int = 10**9) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise WebError(400, "E507", f"query parameter {name!r} must be a whole number, got {raw!r}") from exc
    if not lo <= value <= hi:
        raise WebError(400, "E507", f"query parameter {name!r} must be between {lo} and {hi}, got {value}")
    return value


def _kb(request: Request) -> src.Source:
    return _state(request).source


def _page_urls(request: Request, offset: int, limit: int, total: int) -> tuple[str | None, str | None]:
    params = dict(request.query_params)
    prev_url = next_url = None
    if offset > 0:
        prev_url = request.url.path + "?" + urlencode({**params, "offset": max(0, offset - limit)})
    if offset + limit < total:
        next_url = request.url.path + "?" + urlencode({**params, "offset": offset + limit})
    return prev_url, next_url


# --- pages -----------------------------------------------------------------------------------

@page("/", "overview")
def overview(request: Request) -> tuple[str, dict[str, Any]]:
    kb = _kb(request)
    latest = kb.events(src.EventQuery(), limit=15, order="-date")
    return "overview.html", {"stats": kb.stats(), "chart": kb.chart(src.EventQuery()),
                             "latest": kb.rows(latest)}


@page("/events", "events", EVENT_FILTERS | PAGING | {"sort"})
def events_page(request: Request) -> tuple[str, dict[str, Any]]:
    kb = _kb(request)
    query = src.EventQuery.from_params(request.query_params)
    limit = _int_param(request, "limit", 50, 1, MAX_PAGE)
    offset = _int_param(request, "offset", 0)
    sort = request.query_params.get("sort") or "-date"
    if sort not in src.ORDERS:
        raise WebError(400, "E507", f"unknown sort {sort!r} (one of {', '.join(src.ORDERS)})")
    total = kb.count_events(query)
    rows = kb.rows(kb.events(query, limit=limit, offset=offset, order=sort))
    prev_url, next_url = _page_urls(request, offset, limit, total)
    filters = query.as_params()
    sort_links = {key: "/events?" + urlencode({**filters, "sort": ("-" + key if sort == key else key)})
                  for key in ("date", "type", "fatalities")}
    export = {"csv": "/events.csv?" + urlencode(filters), "json": "/api/events?" + urlencode({**filters, "limit": MAX_PAGE})}
    return "events.html", {"filters": filters, "total": total, "limit": limit, "offset": offset, "sort": sort,
                           "rows": rows, "prev_url": prev_url, "next_url": next_url, "sort_links": sort_links,
                           "export": export, "options": kb.options()}


@router.get("/events.csv", include_in_schema=False)
def events_csv(request: Request) -> Response:
    check_params(request, EVENT_FILTERS)
    kb = _kb(request)
    query = src.EventQuery.from_params(request.query_params)
    rows = kb.rows(kb.all_events(query))

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_FIELDS)
        for row in rows:
            writer.writerow(csv_row(row))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate(0)
        yield buffer.getvalue()

    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="sitrep-events.csv"'})


@page("/events/{event_id}", "event")
def event_page(request: Request) -> tuple[str, dict[str, Any]]:
    kb = _kb(request)
    detail = kb.event_detail(request.path_params["event_id"])
    return "event.html", {**detail, "options": kb.options()}


@page("/actors", "actors", PAGING | {"q", "type"})
def actors_page(request: Request) -> tuple[str, dict[str, Any]]:
    kb = _kb(request)
    q = request.query_params.get("q") or None
    type_ = request.query_params.get("type") or None
    limit = _int_param(request, "limit", 100, 1, MAX_PAGE)
    offset = _int_param(request, "offset", 0)
    rows, total = kb.actors(q=q, type=type_, limit=limit, offset=offset)
    prev_url, next_url = _page_urls(request, offset, limit, total)
    return "actors.html", {"q": q, "type": type_, "rows": rows, "total": total, "limit": limit, "offset": offset,
                           "prev_url": prev_url, "next_url": next_url, "options": kb.options()}


@page("/actors/{actor_id}", "actor")
def actor_page(request: Request) -> tuple[str, dict[str, Any]]:
    kb = _kb(request)
    dossier = kb.dossier(request.path_params["actor_id"])
    dossier["audit"] = kb.audit(dossier["actor"]["id"])
    return "actor.html", dossier


@page("/map", "map", EVENT_FILTERS)
def map_page(request: Request) -> tuple[str, dict[str, Any]]:
    kb = _kb(request)
    query = src.EventQuery.from_params(request.query_params)
    events = kb.all_events(query)
    names = kb.names_for(events)
    return "map.html", {"filters": query.as_params(), "points": map_points(events, names), "total": len(events),
                        "theatre": list(THEATRE), "options": kb.options()}


@page("/network", "network")
def network_page(request: Request) -> tuple[str, dict[str, Any]]:
    kb = _kb(request)
    nodes, edges = kb.network()
    return "network.html", {"graph": network_layout(nodes, edges, drop_isolated=True)}


@page("/timeline", "timeline", EVENT_FILTERS)
def timeline_page(request: Request) -> tuple[str, dict[str, Any]]:
    kb = _kb(request)
    query = src.EventQuery.from_params(request.query_params)
    events = kb.events(query, limit=MAX_PAGE, order="date")
    return "timeline.html", {"filters": query.as_params(), "chart": kb.chart(query), "total": kb.count_events(query),
                             "rows": kb.rows(events), "options": kb.options()}


@page("/search", "search", {"q"})
def search_page(request: Request) -> tuple[str, dict[str, Any]]:
    q = (request.query_params.get("q") or "").strip()
    if len(q) > 200:
        raise WebError(400, "E507", "search text is longer than 200 characters")
    found = _kb(request).search(q) if q else {"actors": [], "events": [], "articles": []}
    return "search.html", {"query": q, **found}


@page("/articles", "articles", PAGING)
def articles_page(request: Request) -> tuple[str, dict[str, Any]]:
    kb = _kb(request)
    limit = _int_param(request, "limit", 50, 1, MAX_PAGE)
    offset = _int_param(request, "offset", 0)
    rows, total = kb.articles(limit=limit, offset=offset)
    prev_url, next_url = _page_urls(request, offset, limit, total)
    return "articles.html", {"rows": rows, "total": total, "limit": limit, "offset": offset,
                             "prev_url": prev_url, "next_url": next_url}


@page("/articles/{article_id}", "article")
def article_page(request: Request) -> tuple[str, dict[str, Any]]:
    kb = _kb(request)
    article, spans, events = kb.article(request.path_params["article_id"])
    return "article.html", {"article": article, "segments": highlight_segments(article["text"], spans),
                            "events": kb.rows(events)}


@page("/ingest", "ingest")
def ingest_page(request: Request) -> tuple[str, dict[str, Any]]:
    state = _state(request)
    return "ingest.html", {"jobs": [j.to_dict() for j in state.jobs.recent()],
                           "max_upload_mb": round(state.guard.max_upload / 1024 / 1024, 1)}


@page("/ingest/jobs/{job_id}", "job")
def job_page(request: Request) -> tuple[str, dict[str, Any]]:
    job = _state(request).jobs.get(request.path_params["job_id"])
    if job is None:
        raise WebError(404, "E406", f"no ingest job {request.path_params['job_id'][:80]!r}")
    return "job.html", {"job": _job_view(job)}


def _job_view(job: Job) -> dict[str, Any]:
    return {**job.to_dict(), "done": job.done}


@page("/login", "login")
def login_page(request: Request) -> tuple[str, dict[str, Any]]:
    return "login.html", {}


# --- writes (forms) -------------------------------------------------------------------------

def _redirect(request: Request, url: str) -> Response:
    return finish(request, RedirectResponse(url, status_code=303))


@router.post("/login")
async def login(request: Request) -> Response:
    """Sign in with a token (the shared one or an account's): a signed session naming the
    identity.  A wrong token counts as a failed authentication of the client's address."""
    state = _state(request)
    guard = state.guard
    form = await read_form(request, guard.max_upload)
    check_csrf(guard, request, form)
    if not accounts_on(guard, state.kb.store):
        raise WebError(403, "E516", "this server is read-only: start it with --token or add an account "
                                    "(sitrep users add NAME --role editor) to allow writes")
    identity = guard.identify(state.kb.store, form.get("token"))
    if identity is None:
        state.limiter.fail(request.client.host if request.client else "unknown")
        await asyncio.sleep(FAILED_LOGIN_DELAY)  # slows down guessing; the check itself is constant-time
        raise WebError(401, "E501", "wrong token")
    response = RedirectResponse("/?done=signedin", status_code=303)
    response.set_cookie(SESSION_COOKIE, guard.new_session(identity.name), httponly=True, samesite="strict",
                        path="/")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    guard = _state(request).guard
    form = await read_form(request, guard.max_upload)
    check_csrf(guard, request, form)
    response = RedirectResponse("/?done=signedout", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


async def _writer_form(request: Request, files: bool = False):
    """A write form: read it within the upload limit, check CSRF; the writer is the signed-in
    identity (the gate refused anyone else before the body was read).  A ``user`` field is ignored."""
    state = _state(request)
    form = await read_form(request, state.guard.max_upload, files=files)
    identity = require_form_writer(state.guard, request, form)
    return form, identity.name


@router.post("/events/{event_id}/correct")
async def correct_event_form(request: Request, event_id: str) -> Response:
    form, user = await _writer_form(request)
    kb = _kb(request)
    current = kb.event_detail(event_id)
    changes = correction_changes(form, current["ev"], current["event"])
    if not changes:
        return _redirect(request, f"/events/{event_id}?done=nochange")
    kb.correct_event(event_id, changes, user)
    return _redirect(request, f"/events/{event_id}?done=corrected")


@router.post("/events/{event_id}/duplicate")
async def duplicate_form(request: Request, event_id: str) -> Response:
    form, user = await _writer_form(request)
    of_id = (form.get("of") or "").strip()
    if not of_id:
        raise WebError(400, "E504", "give the id of the event this one duplicates (field 'of')")
    _kb(request).mark_duplicate(event_id, of_id, user)
    return _redirect(request, f"/events/{of_id}?done=duplicate")


@router.post("/events/{event_id}/links")
async def link_form(request: Request, event_id: str) -> Response:
    """Add or remove a cause link of this event (``role``: the other event is its cause or effect)."""
    form, user = await _writer_form(request)
    action, cause, effect = link_change(form, event_id)
    kb = _kb(request)
    (kb.link_events if action == "add" else kb.unlink_events)(cause, effect, user)
    return _redirect(request, f"/events/{event_id}?done={'linked' if action == 'add' else 'unlinked'}")


@router.post("/actors/{actor_id}/alias")
async def alias_form(request: Request, actor_id: str) -> Response:
    form, user = await _writer_form(request)
    alias = (form.get("alias") or "").strip()
    if not alias or len(alias) > 200:
        raise WebError(400, "E504", "an alias of 1 to 200 characters is required (field 'alias')")
    _kb(request).add_alias(actor_id, alias, user)
    return _redirect(request, f"/actors/{actor_id}?done=alias")


@router.post("/actors/{actor_id}/merge")
async def merge_form(request: Request, actor_id: str) -> Response:
    form, user = await _writer_form(request)
    drop = (form.get("drop") or "").strip()
    if not drop or drop == actor_id:
        raise WebError(400, "E504", "give the id of another actor to merge into this one (field 'drop')")
    _kb(request).merge_actors(actor_id, drop, user)
    return _redirect(request, f"/actors/{actor_id}?done=merged")


@router.post("/ingest")
async def ingest_form(request: Request) -> Response:
    state = _state(request)
    form, user = await _writer_form(request, files=True)
    job = src.submit_ingest(state.jobs, state.kb, text=form.get("text"), upload=form.get_file("file"),
                            published=form.get("published") or None, user=user)
    return _redirect(request, f"/ingest/jobs/{job.id}")


__all__ = ["router", "page", "base_context", "finish", "check_params", "COMMON_PARAMS", "EVENT_FILTERS"]
