"""What the pages read and write, through :mod:`sitrep.kb` (never SQL here).

:class:`Source` wraps one :class:`~sitrep.kb.KB` and turns its frozen records into the
JSON-ready contexts the templates and JSON twins show; :class:`EventQuery` is the event
filter of the pages and the API, validated once; :func:`submit_ingest` reads pasted or
uploaded articles and hands them to a background job that runs the real pipeline.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from ..errors import SitrepError
from ..ingest import ReadFailure, articles_from_content, check_published, decode_bytes, kind_for_path, sniff_kind
from ..kb import KB, AuditEntry, EventDetail
from ..merge import FAMILIES
from ..records import ACTOR_TYPES, CERTAINTIES, Article, Event, MergedEvent, to_dict
from ..store import ORDERS
from .forms import Upload
from .jobs import Job, JobRunner
from .present import (FAMILY_ORDER, date_label, event_row, evidence_spans, highlight_segments, place_label,
                      timeline_buckets)
from .security import WebError

MAX_PARAM = 200
_ACTOR_PARAM = re.compile(r"^[\w .,'&()/-]{1,120}$", re.UNICODE)


@dataclass(frozen=True)
class EventQuery:
    """The event filters shared by the pages, the JSON twins, the CSV export and the API."""
    actor: str | None = None
    target: str | None = None
    involving: str | None = None      # either role
    type: str | None = None
    family: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    country: str | None = None
    certainty: str | None = None
    text: str | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> EventQuery:
        values = {}
        for f in fields(cls):
            raw = (params.get(f.name) or "").strip()
            if len(raw) > MAX_PARAM:
                raise WebError(400, "E507", f"filter {f.name!r} is longer than {MAX_PARAM} characters")
            values[f.name] = raw or None
        query = cls(**values)
        query.check()
        return query

    def check(self) -> None:
        if self.type and any(t not in FAMILIES for t in self.type.split(",")):
            raise WebError(400, "E507", f"unknown event type {self.type!r}")
        if self.family and any(f not in FAMILY_ORDER for f in self.family.split(",")):
            raise WebError(400, "E507", f"unknown event family {self.family!r} (one of {', '.join(FAMILY_ORDER)})")
        if self.certainty and any(c not in CERTAINTIES for c in self.certainty.split(",")):
            raise WebError(400, "E507", f"unknown certainty {self.certainty!r} (one of {', '.join(CERTAINTIES)})")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value and not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", value):
                raise WebError(400, "E507", f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
        for name in ("actor", "target", "involving"):
            value = getattr(self, name)
            if value and not _ACTOR_PARAM.match(value):
                raise WebError(400, "E507", f"{name} holds characters no actor name has: {value!r}")

    def as_params(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}

    def kwargs(self) -> dict[str, Any]:
        return asdict(self)


def _audit_view(a: AuditEntry) -> dict[str, Any]:
    return {"id": a.id, "when": a.at, "who": a.user, "action": a.action.replace("_", " "),
            "record_kind": a.record_kind, "record_id": a.record_id,
            "before": _compact(a.before), "after": _compact(a.after)}


def _compact(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_compact(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_compact(v) for v in value) or "[]"
    return "—" if value is None else str(value)


class Source:
    """Page contexts over one knowledge base."""

    def __init__(self, kb: KB):
        self.kb = kb

    # names ------------------------------------------------------------------------------------
    def names(self, ids: Sequence[str]) -> dict[str, str]:
        """Display names of actor ids (ids without a stored actor keep their id)."""
        wanted = sorted(set(ids))
        found = self.kb.store.get_actors(wanted) if wanted else {}
        return {i: found[i].name if i in found else i for i in wanted}

    def names_for(self, events: Sequence[Event]) -> dict[str, str]:
        return self.names([a for e in events for a in (*e.actors, *e.targets)])

    def rows(self, events: Sequence[Event | MergedEvent]) -> list[dict[str, Any]]:
        heads = [e.event if isinstance(e, MergedEvent) else e for e in events]
        names = self.names_for(heads)
        return [event_row(e, names) for e in heads]

    # events -----------------------------------------------------------------------------------
    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a KB query; its coded input errors become 400s, unknown records 404s."""
        try:
            return fn(*args, **kwargs)
        except SitrepError as exc:
            status = 404 if exc.code == "E406" else 400
            raise WebError(status, exc.code, str(exc).split("] ", 1)[-1]) from exc

    def events(self, query: EventQuery, *, limit: int | None = 50, offset: int = 0,
               order: str = "-date") -> list[Event]:
        found = self._call(self.kb.events, **query.kwargs(), limit=limit, offset=offset, order=order,
                           with_reports=False)
        return [m.event for m in found]

    def all_events(self, query: EventQuery, order: str = "date") -> list[Event]:
        return self.events(query, limit=None, order=order)

    def count_events(self, query: EventQuery) -> int:
        return self._call(self.kb.count_events, **query.kwargs())

    def event_detail(self, event_id: str) -> dict[str, Any]:
        detail: EventDetail = self._call(self.kb.event, event_id)
        merged = detail.event
        head = merged.event
        names = self.names([a for e in (head, *(c.event for c in detail.causes), *(x.event for x in detail.effects))
                            for a in (*e.actors, *e.targets)])
        texts: dict[str, str] = {}
        reports = []
        for r in merged.reports:
            if r.article_id not in texts:
                texts[r.article_id] = self._article_text(r.article_id)
            text = texts[r.article_id]
            article = self._article_meta(r.article_id)
            reports.append({
                "article_id": r.article_id, "local_id": r.event_id, "title": article.get("title"),
                "source": r.source, "url": r.url, "published": r.published, "type": r.type,
                "date": date_label(r.date), "place": place_label(r.location), "fatalities": r.fatalities,
                "injured": r.injured, "certainty": r.certainty,
                "evidence": [to_dict(e) for e in r.evidence],
                "segments": highlight_segments(text, evidence_spans(r.evidence, text)) if text else [],
            })
        row = event_row(head, names)
        row["corrected"] = bool(detail.corrections)
        return {"ev": row, "event": head, "family": detail.family, "reports": reports,
                "chain": [event_row(c.event, names) for c in detail.causes],
                "effects": [event_row(x.event, names) for x in detail.effects],
                "links": self._links_view(head.id, detail.links),
                "duplicates": list(detail.duplicates), "corrections": dict(detail.corrections),
                "requested_id": detail.requested_id, "audit": [_audit_view(a) for a in detail.audit]}

    def _links_view(self, event_id: str, links: Sequence[Any]) -> dict[str, list[dict[str, Any]]]:
        """The event's direct causes and effects, each with the link's origin and evidence."""
        other = {lk.cause_id if lk.effect_id == event_id else lk.effect_id for lk in links}
        found = {m.id: m.event for m in self._call(self.kb.events_by_id, sorted(other))}
        names = self.names([a for e in found.values() for a in (*e.actors, *e.targets)])
        out: dict[str, list[dict[str, Any]]] = {"causes": [], "effects": []}
        for lk in links:
            side, oid = ("causes", lk.cause_id) if lk.effect_id == event_id else ("effects", lk.effect_id)
            if oid not in found:
                continue
            out[side].append({"event": event_row(found[oid], names), "cause_id": lk.cause_id,
                              "effect_id": lk.effect_id, "origin": lk.origin, "evidence": lk.evidence,
                              "article_id": lk.article_id, "created_by": lk.created_by,
                              "statements": lk.statements})
        for side in out.values():
            side.sort(key=lambda x: (x["event"]["date_start"] or "", x["event"]["id"]))
        return out

    def link_events(self, cause_id: str, effect_id: str, user: str) -> None:
        self._call(self.kb.link_events, cause_id, effect_id, user)

    def unlink_events(self, cause_id: str, effect_id: str, user: str) -> None:
        self._call(self.kb.unlink_events, cause_id, effect_id, user)

    def _article_text(self, article_id: str) -> str:
        try:
            return self.kb.article(article_id).text
        except SitrepError:
            return ""

    def _article_meta(self, article_id: str) -> dict[str, Any]:
        try:
            return to_dict(self.kb.article(article_id).info)
        except SitrepError:
            return {}

    # actors -----------------------------------------------------------------------------------
    def actors(self, *, q: str | None, type: str | None, limit: int, offset: int) -> tuple[list[dict], int]:
        if type and type not in ACTOR_TYPES:
            raise WebError(400, "E507", f"unknown actor type {type!r} (one of {', '.join(ACTOR_TYPES)})")
        found = self._call(self.kb.actors, q=q, type=type, limit=limit, offset=offset)
        total = self._call(self.kb.count_actors, q=q, type=type)
        rows = [{**_actor_dict(s.actor), "as_actor": s.as_actor, "as_target": s.as_target,
                 "events": s.as_actor + s.as_target} for s in found]
        return rows, total

    def dossier(self, actor_id: str) -> dict[str, Any]:
        d = self._call(self.kb.actor, actor_id)
        as_actor = [m.event for m in d.events_as_actor]
        as_target = [m.event for m in d.events_as_target]
        relations = [{"subject": r.relation.subject, "subject_name": r.subject_name,
                      "predicate": r.relation.predicate, "object": r.relation.object, "object_name": r.object_name,
                      "since": r.relation.since, "until": r.relation.until,
                      "evidence": " … ".join(e.text for e in r.relation.evidence[:2]),
                      "articles": list(r.article_ids)} for r in d.relations]
        by_id = {e.id: e for e in (*as_actor, *as_target)}
        from .present import network_layout
        nodes, edges = self._ego_graph(d.actor, relations, list(by_id.values()))
        return {"actor": _actor_dict(d.actor), "relations": relations,
                "as_actor": self.rows(as_actor), "as_target": self.rows(as_target),
                "as_actor_total": d.n_as_actor, "as_target_total": d.n_as_target,
                "first_seen": d.first_seen, "last_seen": d.last_seen,
                "sources": [to_dict(s) for s in d.sources], "article_ids": list(d.article_ids),
                "chart": timeline_buckets(by_id.values()), "graph": network_layout(nodes, edges),
                "audit": [_audit_view(a) for a in d.audit]}

    def _ego_graph(self, actor: Any, relations: list[dict[str, Any]], events: list[Event]
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The actor, its relations (dashed) and its event counterparts (by family) as a small graph."""
        counts: dict[tuple[str, str, str], int] = {}
        for e in events:
            for a in e.actors:
                for t in e.targets:
                    if actor.id in (a, t) and a != t:
                        key = (a, t, FAMILIES.get(e.type, "other"))
                        counts[key] = counts.get(key, 0) + 1
        edges = [{"source": r["subject"], "target": r["object"], "type": r["predicate"], "kind": "relation",
                  "weight": 1} for r in relations]
        edges += [{"source": a, "target": t, "type": fam, "kind": "event", "weight": n}
                  for (a, t, fam), n in sorted(counts.items())]
        ids = sorted({actor.id} | {e["source"] for e in edges} | {e["target"] for e in edges})
        found = self.kb.store.get_actors(ids)
        activity = {i: 0 for i in ids}
        for e in edges:
            if e["kind"] == "event":
                activity[e["source"]] += e["weight"]
                activity[e["target"]] += e["weight"]
        nodes = [{"id": i, "name": found[i].name if i in found else i,
                  "type": found[i].type if i in found else "other",
                  "country": found[i].country if i in found else None, "activity": activity[i]} for i in ids]
        return nodes, edges

    def audit(self, record_id: str) -> list[dict[str, Any]]:
        return [_audit_view(a) for a in self.kb.audit_log(record_id)]

    # graph, timeline, search ---------------------------------------------------------------------
    def network(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        net = self._call(self.kb.network)
        nodes = [{"id": n.id, "name": n.name, "type": n.type, "country": n.country,
                  "activity": n.as_actor + n.as_target, "as_actor": n.as_actor, "as_target": n.as_target}
                 for n in net.nodes]
        edges = [{"source": e.source, "target": e.target,
                  "type": e.label if e.kind == "relation" else FAMILIES.get(e.label, "other"),
                  "kind": e.kind, "label": e.label, "weight": e.weight} for e in net.edges]
        return nodes, edges

    def search(self, q: str) -> dict[str, list[dict[str, Any]]]:
        actors, _ = self.actors(q=q, type=None, limit=20, offset=0)
        hits = self._call(self.kb.search, q, limit=50)
        event_ids = list(dict.fromkeys(h.event_id for h in hits if h.event_id))
        events = [e for e in (self._one_event(i) for i in event_ids) if e is not None]
        articles: dict[str, dict[str, Any]] = {}
        for h in hits:
            articles.setdefault(h.article_id, {"id": h.article_id, "title": h.article_title,
                                               "snippet": h.snippet.replace("«", "").replace("»", "")})
        return {"actors": actors, "events": self.rows(events), "articles": list(articles.values())}

    def _one_event(self, event_id: str) -> Event | None:
        try:
            return self.kb.event(event_id).event.event
        except SitrepError:
            return None

    # articles ---------------------------------------------------------------------------------
    def articles(self, *, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
        rows = [{**to_dict(a), "events": a.n_reports} for a in self._call(self.kb.articles, limit=limit, offset=offset)]
        return rows, self.kb.count_articles()

    def article(self, article_id: str) -> tuple[dict[str, Any], list[tuple[int, int, str]], list[Event]]:
        d = self._call(self.kb.article, article_id)
        spans = []
        for span in d.evidence:
            spans += evidence_spans([_evidence(span)], d.text, span.owner_id if span.kind == "report" else "relation")
        ids = list(dict.fromkeys(kb_id for _, kb_id in d.events))
        events = [e for e in (self._one_event(i) for i in ids) if e is not None]
        return {**to_dict(d.info), "text": d.text, "actor_ids": list(d.actor_ids)}, spans, events

    def chart(self, query: EventQuery) -> dict[str, Any]:
        """The events-per-period chart of a filter, from the KB's monthly aggregate."""
        from .present import timeline_from_rows
        return timeline_from_rows(self._call(self.kb.timeline, by="month", **query.kwargs()))

    # overview -----------------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        return to_dict(self.kb.stats())

    def options(self) -> dict[str, Any]:
        actors = self.kb.actors(limit=1000)
        return {"types": sorted(FAMILIES), "families": list(FAMILY_ORDER), "certainties": list(CERTAINTIES),
                "actor_types": list(ACTOR_TYPES), "actors": [{"id": s.actor.id, "name": s.actor.name} for s in actors]}

    # writes -------------------------------------------------------------------------------------
    def correct_event(self, event_id: str, changes: Mapping[str, Any], user: str) -> None:
        self._call(self.kb.correct_event, event_id, dict(changes), user)

    def mark_duplicate(self, event_id: str, of_id: str, user: str) -> None:
        self._call(self.kb.mark_duplicate, event_id, of_id, user)

    def merge_actors(self, keep_id: str, drop_id: str, user: str) -> None:
        self._call(self.kb.merge_actors, keep_id, drop_id, user)

    def add_alias(self, actor_id: str, alias: str, user: str) -> None:
        self._call(self.kb.add_alias, actor_id, alias, user)


def _actor_dict(actor: Any) -> dict[str, Any]:
    d = to_dict(actor)
    d.pop("mentions", None)
    return d


def _evidence(span: Any) -> Any:
    from ..records import Evidence
    return Evidence(text=span.text, start=span.start, end=span.end)


# --- ingest ------------------------------------------------------------------------------------

def read_articles(*, text: str | None, upload: Upload | None, published: str | None
                  ) -> tuple[list[Article], list[str], str]:
    """Articles from pasted text or an uploaded file (kind from the safe name or the content),
    the failures as messages, and a label for the job."""
    try:
        published = check_published(published)
    except SitrepError as exc:
        raise WebError(400, exc.code, str(exc).split("] ", 1)[-1]) from exc
    if upload is not None and upload.data:
        label = upload.name
        try:
            content = decode_bytes(upload.data, label)
        except SitrepError as exc:
            raise WebError(400, exc.code, str(exc).split("] ", 1)[-1]) from exc
        kind = kind_for_path(label) or sniff_kind(content)
    elif text and text.strip():
        label, content = "pasted text", text.replace("\r\n", "\n")
        kind = "jsonl" if _looks_jsonl(content) else sniff_kind(content)
    else:
        raise WebError(400, "E101", "nothing to ingest: paste an article or choose a file")
    articles, failures = [], []
    for item in articles_from_content(content, kind, origin=label, stem=None, published=published):
        if isinstance(item, ReadFailure):
            failures.append(str(item.error))
        else:
            articles.append(item)
    if not articles:
        raise WebError(400, "E101", "no article could be read: " + ("; ".join(failures) or "empty input"))
    return articles, failures, label


def _looks_jsonl(content: str) -> bool:
    lines = [ln for ln in content.strip().splitlines() if ln.strip()]
    if len(lines) < 2 or not all(ln.lstrip().startswith("{") for ln in lines):
        return False
    try:
        json.loads(lines[0])
    except ValueError:
        return False
    return True


def ingest_summary(kb: KB, articles: Sequence[Article], failures: Sequence[str], user: str) -> dict[str, Any]:
    """Run the pipeline over ``articles`` into ``kb``; a JSON-ready summary for the job page."""
    summary = kb.ingest_articles(articles, report=lambda f: None)
    titled = []
    for article_id in summary.article_ids:
        try:
            info = kb.article(article_id).info
        except SitrepError:
            continue
        titled.append({"id": article_id, "title": info.title, "events": info.n_reports})
    return {"articles_new": summary.articles_new, "articles_skipped": summary.articles_skipped,
            "articles_failed": summary.articles_failed + len(failures), "events_new": summary.events_new,
            "events_merged": summary.events_merged, "seconds": summary.seconds, "by": user,
            "articles": titled,
            "failures": list(failures) + [f"{f.origin}: [{f.code}] {f.message}" for f in summary.failures]}


AUDITED_COUNTS = ("articles_new", "articles_skipped", "articles_failed", "events_new", "events_merged")


def ingest_audit(job: Job, inputs: str, n_articles: int) -> dict[str, Any]:
    """What the audit log keeps of a finished ingest job: its id, label and inputs, its status,
    the counts of its summary (articles new/skipped/failed, events new/merged), the ids of the
    articles it stored (at most 100) and its error if it failed."""
    summary = job.summary or {}
    stored = [a.get("id") for a in summary.get("articles") or () if isinstance(a, dict)]
    return {"job": job.id, "label": job.label, "inputs": inputs, "articles_read": n_articles,
            "status": job.status, **{k: summary[k] for k in AUDITED_COUNTS if k in summary},
            "article_ids": stored[:100], **({"error": job.error} if job.error else {})}


def submit_ingest(jobs: JobRunner, kb: KB, *, text: str | None, upload: Upload | None,
                  published: str | None, user: str) -> Job:
    """Read the input now (bad input is a 400 at once), run the pipeline in the background;
    when the job finishes (done or failed) it is written to the audit log under ``user``
    (:meth:`sitrep.kb.KB.record_ingest`, what: :func:`ingest_audit`)."""
    articles, failures, label = read_articles(text=text, upload=upload, published=published)
    return jobs.submit(f"{label} ({len(articles)} article{'s' if len(articles) != 1 else ''})",
                       lambda: ingest_summary(kb, articles, failures, user), by=user,
                       on_finish=lambda job: kb.record_ingest(user, job.id, ingest_audit(job, label, len(articles))))


__all__ = ["EventQuery", "Source", "ORDERS", "read_articles", "ingest_summary", "ingest_audit", "submit_ingest"]
