"""The escalation page: ``/escalation?a=ID&b=ID[&since&until&families]`` for a dyad,
``/escalation?top=K`` for the K most active actors, and its JSON twin ``/escalation.json``
(the analysis JSON of :meth:`sitrep.escalation.Escalation.to_dict`).

The page shows what ``sitrep escalation --format html`` writes (the figures are the SVG builders
of :mod:`sitrep.escalation.report`) inside the app layout.  To keep it fast the response-lag
baseline uses :data:`WEB_PERMUTATIONS` shuffled series (the page says so; the command line takes
``--permutations``), and the last :data:`CACHE_SIZE` analyses are kept, keyed by the request's
parameters and the knowledge base's state (events, articles, last correction), so a page and
its JSON twin cost one analysis.  Errors go to the app's error page (HTML) or ``{"error": ...}`` (JSON),
worded with the query parameters, not the command line's flags (:func:`web_message`):
E800 (the ``analysis`` extra is not installed, 503), E801 (an unknown actor, 404; any other bad
parameter, 400; ``/escalation.json`` without ``a``/``b`` or ``top``, 400, the message giving the
form of a request; ``/escalation`` without them shows the form).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup

from ..errors import SitrepError
from .security import WebError
from .views import base_context, check_params, finish

router = APIRouter(include_in_schema=False)

WEB_PERMUTATIONS = 200
CACHE_SIZE = 16
_cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_cache_lock = threading.Lock()
PARAMS = ("a", "b", "top", "since", "until", "families")
MAX_PARAM = 200


def _params(request: Request) -> dict[str, str]:
    check_params(request, frozenset(PARAMS))  # an unknown one is 400 E507, as on every page
    out = {}
    for key in PARAMS:
        value = (request.query_params.get(key) or "").strip()
        if len(value) > MAX_PARAM:
            raise WebError(400, "E801", f"query parameter {key!r} is longer than {MAX_PARAM} characters")
        if value:
            out[key] = value
    return out


def _top(raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise WebError(400, "E801", f"query parameter 'top' must be a whole number, got {raw!r}") from None


def analysis(request: Request) -> tuple[dict[str, str], Any]:
    """The request's parameters and its :class:`Escalation` (None when no dyad or top is asked)."""
    params = _params(request)
    top = _top(params.get("top"))
    actors = [params[k] for k in ("a", "b") if k in params]
    if top is None and not actors:
        return params, None
    kb = request.app.state.web.kb
    for name in actors:
        if not kb.resolve_actor(name):
            raise WebError(404, "E801", f"no actor named {name!r} in the knowledge base")
    key = (request.app.state.web.db_url, tuple(sorted(params.items())), _kb_state(kb))
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return params, _cache[key]
    from ..escalation import escalation
    try:
        esc = escalation(actors, kb=kb, since=params.get("since"), until=params.get("until"),
                         families=params.get("families") or None, top=top, n_permutations=WEB_PERMUTATIONS)
    except SitrepError as exc:
        status = 503 if exc.code == "E800" else 400
        raise WebError(status, exc.code, web_message(str(exc).split("] ", 1)[-1])) from None
    with _cache_lock:
        _cache[key] = esc
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return params, esc


WEB_WORDS = (("(--actor A --actor B)", "(?a=ID&b=ID)"), ("--actor A --actor B", "?a=ID&b=ID"),
             ("--top K", "?top=K"), ("--top", "top"), ("--permutations", "permutations"),
             ("--since", "since"), ("--until", "until"), ("--families", "families"))


def web_message(message: str) -> str:
    """An error of :func:`sitrep.escalation.escalation` in the page's words: the query
    parameters (``a``, ``b``, ``top`` ...) instead of the command line's flags."""
    for cli, web in WEB_WORDS:
        message = message.replace(cli, web)
    return message


FORM = {"dyad": "/escalation?a=ID&b=ID[&since=YYYY[-MM[-DD]]][&until=...][&families=violence,unrest,coercion]",
        "top": "/escalation?top=K (K from 2 to 12)[&a=ID]"}


def _kb_state(kb: Any) -> tuple[Any, ...]:
    """What changes when the knowledge base does: events, articles, the last correction."""
    last = kb.audit_log(limit=1)
    return kb.count_events(), kb.count_articles(), last[0].id if last else None


def page_context(params: dict[str, str], esc: Any) -> dict[str, Any]:
    """What ``escalation.html`` shows: the summary, the figures (SVG, already escaped by the
    builders), the tables and the links."""
    if esc is None:
        return {"params": params, "esc": None, "permutations": WEB_PERMUTATIONS}
    from ..escalation import MIN_EVENTS, _dimension_labels
    from ..escalation.report import (ORIGINS, chains_title, figures, left_out_lines, parameter_rows,
                                     summary_lines, var_rows)
    figs = figures(esc, uid="esc")
    labels = _dimension_labels(esc)
    fit = esc.hawkes
    sides = []
    for i, label in enumerate(labels):
        gof = (fit.gof or {}) if fit is not None else {}
        pois = ((esc.poisson_gof or gof.get("poisson") or {}).get("p_value") or []) if fit is not None else []
        sides.append({"label": label, "n": esc.n_events[i],
                      "killed": sum(a.fatalities or 0 for a in esc.series.acts[i]),
                      "triggered": fit.triggered_share[i] if fit is not None else None,
                      "gof_p": (gof.get("p_value") or [None] * len(labels))[i] if fit is not None else None,
                      "poisson_p": pois[i] if i < len(pois) else None})
    swap = None
    if esc.top is None and len(esc.parties) == 2:
        swap = "/escalation?" + urlencode({**params, "a": esc.parties[1].key, "b": esc.parties[0].key})
    return {
        "params": params, "esc": esc, "names": list(esc.names), "parties": esc.parties, "labels": labels,
        "summary": summary_lines(esc), "sides": sides,
        "figures": {"series": Markup(figs["series"]), "lags": [Markup(s) for s in figs["lags"]],
                    "intensity": Markup(figs["intensity"]), "matrix": Markup(figs["matrix"])},
        "parameters": parameter_rows(esc), "var": var_rows(esc), "var_lags": getattr(esc.var, "lags", None),
        "chains": esc.chains[:200], "n_chains": len(esc.chains), "notes": list(esc.notes),
        "left_out": dict(esc.left_out), "left_out_lines": left_out_lines(esc), "chains_title": chains_title(esc),
        "origins": ORIGINS, "permutations": WEB_PERMUTATIONS if esc.lags else None, "min_events": MIN_EVENTS,
        "ties": getattr(fit, "ties", ""), "swap_url": swap,
        "json_url": "/escalation.json?" + urlencode(params),
    }


@router.get("/escalation.json", name="escalation-json")
def escalation_json(request: Request) -> Response:
    params, esc = analysis(request)
    if esc is None:
        raise WebError(400, "E801", "give two actors (?a=ID&b=ID) or the number of most active actors (?top=K): "
                       f"{FORM['dyad']} or {FORM['top']}")
    return JSONResponse({"page": "escalation", "permutations": WEB_PERMUTATIONS, **esc.to_dict()})


@router.get("/escalation", name="escalation", response_class=HTMLResponse)
def escalation_page(request: Request) -> Response:
    params, esc = analysis(request)
    context = page_context(params, esc)
    json_url = context.pop("json_url", None) or ("/escalation.json?" + urlencode(params) if params else None)
    context = {**base_context(request, "escalation", json_url=json_url), **context}
    response = request.app.state.web.templates.TemplateResponse(request, "escalation.html", context)
    return finish(request, response)


__all__ = ["router", "analysis", "page_context", "web_message", "WEB_PERMUTATIONS"]
