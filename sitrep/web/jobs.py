"""Background ingest jobs: the web app hands articles to a single worker thread (the
knowledge base has one writer) and shows the job's result when it is done.

With a store, every job is written to the knowledge base's ``ingest_jobs`` table as it
changes, so a restarted server still reports it; a job that was queued or running when the
server stopped is reported as ``interrupted`` with error E513 (its articles may be partly
stored: ingest is idempotent, so submitting them again is safe).  The newest
:data:`MAX_JOBS_KEPT` jobs are kept.
"""
from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import SitrepError
from ..store import Store

log = logging.getLogger("sitrep.web")

MAX_JOBS_KEPT = 200
INTERRUPTED = "[E513] the server stopped before this job finished; submit the articles again (ingest is idempotent)"


@dataclass(frozen=True)
class Job:
    """One ingest request and, once finished, its summary or its error."""
    id: str
    label: str
    status: str = "queued"  # queued, running, done, failed, interrupted
    created: float = field(default_factory=time.time)
    finished: float | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    by: str | None = None   # the identity that submitted it

    @property
    def done(self) -> bool:
        return self.status in ("done", "failed", "interrupted")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "status": self.status, "created": self.created,
                "finished": self.finished, "summary": self.summary, "error": self.error, "by": self.by}

    def row(self) -> dict[str, Any]:
        return {**self.to_dict(), "user_name": self.by}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Job:
        return cls(id=row["id"], label=row["label"], status=row["status"], created=row["created"],
                   finished=row.get("finished"), summary=row.get("summary") or {}, error=row.get("error"),
                   by=row.get("user_name"))


Work = Callable[[], dict[str, Any]]


class JobRunner:
    """Runs submitted work functions on a worker thread and keeps their :class:`Job` records
    (in memory, and in ``store`` when one is given)."""

    def __init__(self, workers: int = 1, store: Store | None = None):
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="sitrep-ingest")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._store = store
        if store is not None:
            n = store.interrupt_jobs(INTERRUPTED, time.time())
            if n:
                log.warning("%d ingest job(s) were interrupted by the last shutdown (E513)", n)

    def submit(self, label: str, work: Work, by: str | None = None,
               on_finish: Callable[[Job], None] | None = None) -> Job:
        """Queue ``work``; ``on_finish`` is called with the finished job (done or failed) on the
        worker thread, after its record is saved (the ingest audit: :func:`sitrep.web.source.submit_ingest`).
        A failure of ``on_finish`` is logged, never lost silently, and leaves the job as it is."""
        job = Job(id=secrets.token_hex(8), label=label, by=by)
        self._put(job)
        self._pool.submit(self._run, job.id, work, on_finish)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None and self._store is not None and len(job_id) <= 64:
            row = self._store.job_row(job_id)
            job = Job.from_row(row) if row else None
        return job

    def recent(self, limit: int = 20) -> list[Job]:
        if self._store is not None:
            return [Job.from_row(r) for r in self._store.job_rows(limit)]
        with self._lock:
            jobs = sorted(self._jobs.values(), key=lambda j: j.created, reverse=True)
        return jobs[:limit]

    def wait(self, job_id: str, timeout: float = 60.0) -> Job | None:
        """Block until the job is finished (for tests and the CLI); the job or None if unknown."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            job = self.get(job_id)
            if job is None or job.done:
                return job
            time.sleep(0.05)
        return self.get(job_id)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _put(self, job: Job) -> None:
        with self._lock:
            self._jobs[job.id] = job
            if len(self._jobs) > MAX_JOBS_KEPT:
                oldest = min(self._jobs.values(), key=lambda j: j.created)
                self._jobs.pop(oldest.id, None)
        self._save(job, prune=True)

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                job = self._jobs[job_id] = replace(job, **changes)
        if job is not None:
            self._save(job)

    def _save(self, job: Job, prune: bool = False) -> None:
        if self._store is None:
            return
        try:
            self._store.save_job(job.row())
            if prune:
                self._store.prune_jobs(MAX_JOBS_KEPT)
        except SitrepError as exc:  # the job goes on; only its record is not kept
            log.warning("ingest job %s could not be recorded: %s", job.id, exc)

    def _run(self, job_id: str, work: Work, on_finish: Callable[[Job], None] | None = None) -> None:
        self._update(job_id, status="running")
        try:
            summary = work()
        except (SitrepError, ValueError, OSError) as exc:
            log.warning("ingest job %s failed: %s", job_id, exc)
            self._update(job_id, status="failed", error=str(exc), finished=time.time())
        except Exception as exc:  # noqa: BLE001 - a worker thread must record any failure, not die silently
            log.exception("ingest job %s crashed", job_id)
            self._update(job_id, status="failed", error=f"[E000] {type(exc).__name__}: {exc}", finished=time.time())
        else:
            self._update(job_id, status="done", summary=summary, finished=time.time())
        if on_finish is None:
            return
        job = self.get(job_id)
        if job is None:
            return
        try:
            on_finish(job)
        except Exception:  # noqa: BLE001 - the job is done; a failed audit write is logged loudly
            log.exception("ingest job %s finished but could not be audited", job_id)


__all__ = ["Job", "JobRunner", "MAX_JOBS_KEPT", "INTERRUPTED"]
