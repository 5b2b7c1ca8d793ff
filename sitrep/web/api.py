"""The REST API under ``/api`` (documented in ``/openapi.json``).

Lists come in an envelope ``{"items": [...], "total": n, "limit": l, "offset": o}``; records
follow the ``sitrep/1`` contract (events carry their ``sources``).  Reads are open (unless the
server is private); writes need ``Authorization: Bearer <token>`` of an editor or admin and are
audited under that identity.  A ``user`` field in a write body is accepted for older clients and
ignored: the audit's "who" is always the authenticated identity.  Every numeric query parameter
is bounded (400 E507 outside its range, never a 500); a malformed body is 400 E515.
"""
from __future__ import annotations

from dataclasses import fields
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ..kb import event_dict, page_cursor
from ..records import to_dict
from ..store import ORDERS, PERIODS
from .forms import Upload, check_dates, current_values, event_id_field, parse_field
from ..accounts import list_users, with_article
from .security import WebError, identity_of, require_writer, safe_upload_name
from .source import EventQuery, Source, submit_ingest

def _known_params_only(request: Request) -> None:
    """400 (E507) for a query parameter the route does not take: a misspelt filter
    (``?involvin=X``) must not silently return everything."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = {p.alias for p in dependant.query_params}
    if getattr(route, "path", "").endswith(("/events", "/timeline")):
        known |= {f.name for f in fields(EventQuery)}      # read through EventQuery.from_params
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise WebError(400, "E507", f"unknown query parameter{'s' if len(unknown) > 1 else ''} "
                       f"{', '.join(unknown)} (this address takes: {', '.join(sorted(known)) or 'none'})")


class ErrorDetail(BaseModel):
    code: str = Field(..., description="sitrep error code (docs/errors.md)")
    message: str
    status: int


class ErrorBody(BaseModel):
    """Every refusal: ``{"error": {"code", "message", "status"}}``."""
    error: ErrorDetail


def _refusals(*statuses: int) -> dict[int | str, dict[str, Any]]:
    meaning = {400: "bad request: an unknown, malformed or out-of-range query parameter (E507), a malformed "
                    "body (E515), a missing or invalid field (E504, E508), a filter that can match nothing "
                    "(E407) or another E4xx",
               401: "no valid token (E501): a write, or any read on a private server",
               403: "read-only server (E516), a reader writing (E510), or a foreign form origin (E512)",
               404: "no such record (E406) or route (E509)",
               411: "a chunked write body (Transfer-Encoding without Content-Length, E514)",
               413: "body over the upload limit (E505)",
               429: "too many failed authentications from this address (E511; Retry-After)"}
    return {s: {"model": ErrorBody, "description": meaning[s]} for s in statuses}


READ_REFUSALS = _refusals(400, 401, 404, 429)
WRITE_REFUSALS = _refusals(400, 401, 403, 404, 411, 413, 429)
router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(_known_params_only)],
                   responses=READ_REFUSALS)
MAX_LIMIT = 500
MAX_OFFSET = 10**9   # far past any knowledge base; keeps every offset inside a 64-bit SQL integer


def _state(request: Request):  # -> WebState
    return request.app.state.web


def _src(request: Request) -> Source:
    return _state(request).source


def envelope(items: list[Any], total: int, limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset, **extra}


DOSSIER_EVENTS = 50  # latest events per role in an actor's dossier (the counts give the totals)


def _json(content: dict[str, Any]) -> JSONResponse:
    """Plain JSON values straight to the response: the big read routes skip FastAPI's
    response-model walk of every value (most of their time at 50 events with sources)."""
    return JSONResponse(content)


def _query(request: Request) -> EventQuery:
    return EventQuery.from_params(request.query_params)


def _order(order: str) -> str:
    if order not in ORDERS:
        raise WebError(400, "E507", f"unknown order {order!r} (one of {', '.join(ORDERS)})")
    return order


# --- reads ------------------------------------------------------------------------------------

@router.get("/stats", summary="Counts of the knowledge base")
def api_stats(request: Request) -> dict[str, Any]:
    return _src(request).stats()


@router.get("/events", summary="Events matching the filters (paginated)")
def api_events(request: Request,
               actor: str | None = Query(None, description="actor id, name or alias (as actor)"),
               target: str | None = Query(None, description="actor id, name or alias (as target)"),
               involving: str | None = Query(None, description="actor id, name or alias (as actor or target)"),
               type: str | None = Query(None, description="event type(s), comma-separated"),
               family: str | None = Query(None, description="violence, unrest, coercion, posture, verbal, cooperation"),
               since: str | None = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
               until: str | None = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
               place: str | None = None, country: str | None = Query(None, description="ISO 3166-1 alpha-2"),
               certainty: str | None = None, text: str | None = Query(None, description="full-text on evidence"),
               limit: int = Query(50, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=MAX_OFFSET),
               order: str = Query("-date", description="one of " + ", ".join(ORDERS)),
               after: str | None = Query(None, max_length=200, description="keyset page: the `next` of the page "
                                         "before (orders date and -date); faster than a large offset"),
               only_in: str | None = Query(None, description="articles: events ACLED lacks; acled: events only "
                                           "imported ACLED rows tell")) -> dict[str, Any]:
    src, query = _src(request), _query(request)
    if only_in not in (None, "", "articles", "acled"):
        raise WebError(400, "E507", f"only_in must be 'articles' or 'acled', got {only_in!r}")
    if after and order not in ("date", "-date"):
        raise WebError(400, "E507", "a page cursor (after) works with order date or -date")
    extra = {"only_in": only_in or None}
    found = src._call(src.kb.events, **query.kwargs(), **extra, limit=limit, offset=offset, order=_order(order),
                      after=after or None)
    if offset == 0 and not after and len(found) < limit:
        total = len(found)    # the whole answer is on this page: no count query
    else:
        total = src._call(src.kb.count_events, **query.kwargs(), **extra)
    nxt = page_cursor(found[-1]) if len(found) == limit and order in ("date", "-date") else None
    return _json(envelope([event_dict(m) for m in found], total, limit, offset,
                          filters={**query.as_params(), **({"only_in": only_in} if only_in else {})}, order=order,
                          next=nxt))


@router.get("/events/{event_id}", summary="One event: sources, cause chain, effects, corrections, audit")
def api_event(request: Request, event_id: str) -> dict[str, Any]:
    src = _src(request)
    detail = src._call(src.kb.event, event_id)
    out = detail.to_dict()
    out["event"] = event_dict(detail.event, detail.family)
    out["causes"] = [event_dict(c) for c in detail.causes]
    out["effects"] = [event_dict(x) for x in detail.effects]
    return out


@router.get("/links", summary="Cause links (caused_by) with evidence: all, or those of one event")
def api_links(request: Request, event_id: str | None = Query(None, description="an event id: links it is part of"),
              limit: int = Query(500, ge=1, le=5000), offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> dict[str, Any]:
    src = _src(request)
    links = src._call(src.kb.cause_links, [event_id] if event_id else None)
    return envelope([lk.to_dict() for lk in links[offset:offset + limit]], len(links), limit, offset)


@router.get("/chains", summary="Chains of linked events between two actors in a period")
def api_chains(request: Request,
               a: str = Query(..., min_length=1, max_length=200, description="actor id, name or alias"),
               b: str = Query(..., min_length=1, max_length=200, description="actor id, name or alias"),
               since: str | None = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
               until: str | None = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
               limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
    src = _src(request)
    found = src._call(src.kb.chains, a, b, since=since, until=until, limit=limit)
    items = [{"events": [event_dict(m) for m in c.events], "links": [lk.to_dict() for lk in c.links]} for c in found]
    return envelope(items, len(items), limit, 0, a=a, b=b, since=since, until=until)


@router.get("/actors", summary="Actors, most active first (paginated)")
def api_actors(request: Request, q: str | None = None, type: str | None = None,
               limit: int = Query(100, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> dict[str, Any]:
    rows, total = _src(request).actors(q=q, type=type, limit=limit, offset=offset)
    return envelope(rows, total, limit, offset)


@router.get("/actors/{actor_id}", summary="An actor's dossier (id, name or alias)")
def api_actor(request: Request, actor_id: str,
              limit: int = Query(DOSSIER_EVENTS, ge=1, le=500, description="latest events listed per role")
              ) -> dict[str, Any]:
    src = _src(request)
    dossier = src._call(src.kb.actor, actor_id, limit=limit)
    out = {f.name: to_dict(getattr(dossier, f.name)) for f in fields(dossier)
           if f.name not in ("events_as_actor", "events_as_target")}
    out["events_as_actor"] = [event_dict(m) for m in dossier.events_as_actor]
    out["events_as_target"] = [event_dict(m) for m in dossier.events_as_target]
    return _json(out)


@router.get("/relations", summary="Relations between actors, with evidence (paginated)")
def api_relations(request: Request, actor: str | None = None, predicate: str | None = None,
                  limit: int = Query(100, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> dict[str, Any]:
    src = _src(request)
    page = src._call(src.kb.relations, actor=actor, predicate=predicate, limit=limit, offset=offset)
    total = len(src._call(src.kb.relations, actor=actor, predicate=predicate, limit=1_000_000))
    return envelope([r.to_dict() for r in page], total, limit, offset)


@router.get("/articles", summary="Stored articles, newest first (paginated)")
def api_articles(request: Request, limit: int = Query(50, ge=1, le=MAX_LIMIT),
                 offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> dict[str, Any]:
    src = _src(request)
    items = [a.to_dict() for a in src._call(src.kb.articles, limit=limit, offset=offset)]
    return envelope(items, src.kb.count_articles(), limit, offset)


@router.get("/articles/{article_id}", summary="One article: text, events, evidence spans")
def api_article(request: Request, article_id: str) -> dict[str, Any]:
    src = _src(request)
    return src._call(src.kb.article, article_id).to_dict()


@router.get("/search", summary="Full-text search over articles and evidence (paginated)")
def api_search(request: Request, q: str = Query(..., min_length=1, max_length=200),
               limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> dict[str, Any]:
    src = _src(request)
    hits = src._call(src.kb.search, q, limit=limit + offset)
    return envelope([h.to_dict() for h in hits[offset:offset + limit]], len(hits), limit, offset, q=q)


@router.get("/timeline", summary="Event counts per period and type (a dyad with actor and target)")
def api_timeline(request: Request, actor: str | None = None, target: str | None = None,
                 by: str = Query("month", description="one of " + ", ".join(PERIODS))) -> dict[str, Any]:
    src = _src(request)
    query = _query(request)
    rows = src._call(src.kb.timeline, by=by, **query.kwargs())
    items = [{"period": r.period, "type": r.type, "family": r.family, "events": r.events, "fatalities": r.fatalities}
             for r in rows]
    return _json(envelope(items, len(rows), len(rows), 0, by=by, filters=query.as_params()))


@router.get("/network", summary="The actor graph: nodes with activity, typed edges")
def api_network(request: Request) -> dict[str, Any]:
    src = _src(request)
    net = src._call(src.kb.network)
    return {"nodes": [n.to_dict() for n in net.nodes], "edges": [e.to_dict() for e in net.edges]}


@router.get("/audit", summary="Analyst changes, newest first (all, or of one record)")
def api_audit(request: Request, record_id: str | None = None,
              limit: int = Query(200, ge=1, le=1000)) -> dict[str, Any]:
    items = [a.to_dict() for a in _src(request).kb.audit_log(record_id, limit=limit)]
    return envelope(items, len(items), limit, 0)


@router.get("/users", summary="Analyst accounts: name, role, created, last used, revoked (admin only)",
            responses=_refusals(400, 401, 403, 429))
def api_users(request: Request) -> dict[str, Any]:
    """The accounts of the knowledge base (never a token or its hash); accounts are added and
    revoked with ``sitrep users``."""
    identity = identity_of(request)
    if identity is None:
        raise WebError(401, "E501", "listing accounts needs an admin's token")
    if not identity.allows("admin"):
        raise WebError(403, "E510", f"{identity.name!r} is {with_article(identity.role)}: listing accounts needs an admin")
    items = [a.to_dict() for a in list_users(_state(request).kb.store)]
    return envelope(items, len(items), len(items), 0)


@router.get("/jobs/{job_id}", summary="An ingest job's status and, when done, its summary")
def api_job(request: Request, job_id: str) -> dict[str, Any]:
    job = _state(request).jobs.get(job_id)
    if job is None:
        raise WebError(404, "E406", f"no ingest job {job_id[:80]!r}")
    return job.to_dict()


# --- writes -----------------------------------------------------------------------------------

class IngestBody(BaseModel):
    """Articles to ingest: text (plain with an optional header block, HTML, or JSON lines)."""
    text: str = Field(..., min_length=1, description="article text, HTML, or JSONL (one article per line)")
    name: str | None = Field(None, max_length=200, description="a file name, only to tell the format (.html, .jsonl)")
    published: str | None = Field(None, max_length=40,
                                  description="publication date for articles without one (YYYY-MM-DD)")
    user: str | None = Field(None, max_length=60, description="ignored: the audit names the token's identity")


class CorrectionBody(BaseModel):
    user: str | None = Field(None, max_length=60, description="ignored: the audit names the token's identity")
    changes: dict[str, Any] = Field(..., description="field -> new value (type, certainty, actors, targets, "
                                                      "date_start, date_end, place_*, fatalities, injured, ...)")


class DuplicateBody(BaseModel):
    user: str | None = Field(None, max_length=60, description="ignored: the audit names the token's identity")
    of: str = Field(..., min_length=1, max_length=100, description="id of the event this one duplicates")


class LinkBody(BaseModel):
    user: str | None = Field(None, max_length=60, description="ignored: the audit names the token's identity")
    cause: str = Field(..., min_length=1, max_length=100, description="id of the event this one answered")
    action: str = Field("add", pattern="^(add|remove)$", description="add or remove the link")


class AliasBody(BaseModel):
    user: str | None = Field(None, max_length=60, description="ignored: the audit names the token's identity")
    alias: str = Field(..., min_length=1, max_length=200)


class MergeBody(BaseModel):
    user: str | None = Field(None, max_length=60, description="ignored: the audit names the token's identity")
    drop: str = Field(..., min_length=1, max_length=120, description="id of the actor merged into this one")


@router.post("/ingest", status_code=202, summary="Ingest articles in the background (token required)",
             responses=WRITE_REFUSALS)
def api_ingest(request: Request, body: IngestBody) -> JSONResponse:
    state = _state(request)
    user = require_writer(request).name
    if len(body.text.encode("utf-8", "surrogatepass")) > state.guard.max_upload:
        raise WebError(413, "E505", f"text is over the {state.guard.max_upload}-byte upload limit")
    text = body.text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")  # lone surrogates: U+FFFD
    upload = Upload(name=safe_upload_name(body.name), data=text.encode("utf-8")) if body.name else None
    job = submit_ingest(state.jobs, state.kb, text=None if upload else text, upload=upload,
                        published=body.published, user=user)
    return JSONResponse(job.to_dict() | {"url": f"/api/jobs/{job.id}"}, status_code=202)


@router.post("/events/{event_id}/corrections", summary="Correct an event's fields (token required)",
             responses=WRITE_REFUSALS)
def api_correct(request: Request, event_id: str, body: CorrectionBody) -> dict[str, Any]:
    state = _state(request)
    user = require_writer(request).name
    if not body.changes:
        raise WebError(400, "E508", "no changes given")
    changes = {name: parse_field(name, value) for name, value in body.changes.items()}
    current = state.source.event_detail(event_id)
    check_dates(changes, current_values(current["ev"], current["event"]))
    state.source.correct_event(event_id, changes, user)
    return api_event(request, event_id)


@router.post("/events/{event_id}/duplicate", summary="Mark an event a duplicate of another (token required)",
             responses=WRITE_REFUSALS)
def api_duplicate(request: Request, event_id: str, body: DuplicateBody) -> dict[str, Any]:
    state = _state(request)
    user = require_writer(request).name
    state.source.mark_duplicate(event_id, event_id_field("of", body.of), user)
    return api_event(request, body.of)


@router.post("/events/{event_id}/links", summary="Add or remove a cause of this event (token required)",
             responses=WRITE_REFUSALS)
def api_link(request: Request, event_id: str, body: LinkBody) -> dict[str, Any]:
    state = _state(request)
    user = require_writer(request).name
    cause = event_id_field("cause", body.cause)
    (state.source.link_events if body.action == "add" else state.source.unlink_events)(cause, event_id, user)
    return api_event(request, event_id)


@router.post("/actors/{actor_id}/aliases", summary="Add an alias to an actor (token required)",
             responses=WRITE_REFUSALS)
def api_alias(request: Request, actor_id: str, body: AliasBody) -> dict[str, Any]:
    state = _state(request)
    user = require_writer(request).name
    state.source.add_alias(actor_id, body.alias, user)
    return api_actor(request, actor_id, limit=DOSSIER_EVENTS)


@router.post("/actors/{actor_id}/merge", summary="Merge another actor into this one (token required)",
             responses=WRITE_REFUSALS)
def api_merge(request: Request, actor_id: str, body: MergeBody) -> dict[str, Any]:
    state = _state(request)
    user = require_writer(request).name
    state.source.merge_actors(actor_id, body.drop, user)
    return api_actor(request, actor_id, limit=DOSSIER_EVENTS)


__all__ = ["router", "envelope", "MAX_LIMIT"]
