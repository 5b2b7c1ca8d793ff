"""Reading form posts safely: size-limited bodies, uploads kept in memory (their names are
labels, never paths), and the analyst's correction form turned into changed fields."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from ..merge import CORRECTABLE, FAMILIES
from ..records import CERTAINTIES, PLACE_PRECISIONS, PRECISIONS, Event
from .security import WebError, safe_upload_name

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ACTOR_ID = re.compile(r"^[\w.-]{1,80}$")


@dataclass(frozen=True)
class Upload:
    """An uploaded file, read into memory: a safe label and the bytes."""
    name: str
    data: bytes


@dataclass(frozen=True)
class Form:
    """A form's text fields and its uploads."""
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.fields.get(name, default)

    def get_file(self, name: str) -> Upload | None:
        return self.files.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self.fields


async def read_form(request: Request, max_upload: int, *, files: bool = False) -> Form:
    """The posted form; an upload over ``max_upload`` bytes is refused with 413 E505."""
    ctype = request.headers.get("content-type", "")
    if not ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        raise WebError(415, "E515", f"expected a form post, got content type {ctype.split(';')[0] or 'none'!r}")
    try:
        data = await request.form(max_files=1 if files else 0, max_fields=100, max_part_size=max_upload)
    except HTTPException as exc:  # starlette turns its form parser's refusals into 400s
        if exc.status_code == 413:
            raise WebError(413, "E505", str(exc.detail)) from exc  # the gate's count while streaming
        if "maximum size" in str(exc.detail):
            raise WebError(413, "E505", f"a form field is over the {max_upload}-byte limit") from exc
        raise WebError(400, "E515", f"malformed form: {exc.detail}") from exc
    text: dict[str, str] = {}
    uploads: dict[str, Upload] = {}
    for key, value in data.multi_items():
        if isinstance(value, UploadFile):
            uploads[key] = await _read_upload(value, max_upload)
        else:
            text[key] = value
    return Form(text, uploads)


async def _read_upload(upload: UploadFile, max_upload: int) -> Upload:
    content = await upload.read(max_upload + 1)
    await upload.close()
    if len(content) > max_upload:
        raise WebError(413, "E505", f"uploaded file is over the {max_upload}-byte limit")
    return Upload(name=safe_upload_name(upload.filename), data=content)


# --- corrections -----------------------------------------------------------------------------

def _int_or_none(name: str, raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 7:
        raise WebError(400, "E508", f"{name} must be a whole number of 0 or more, got {raw!r}")
    return int(raw)


def _float_or_none(name: str, raw: str, bound: float) -> float | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError as exc:
        raise WebError(400, "E508", f"{name} must be a number, got {raw!r}") from exc
    if not -bound <= value <= bound:
        raise WebError(400, "E508", f"{name} must be between -{bound} and {bound}, got {value}")
    return value


def _ids(name: str, raw: str) -> list[str]:
    ids = [x.strip() for x in raw.split(",") if x.strip()]
    bad = [x for x in ids if not _ACTOR_ID.match(x)]
    if bad:
        raise WebError(400, "E508", f"{name}: {bad[0]!r} is not an actor id")
    return ids


def _date(name: str, raw: str) -> str | None:
    """A calendar date as YYYY, YYYY-MM or YYYY-MM-DD (year 1 to 9999, a real month and day)."""
    raw = raw.strip()
    if not raw:
        return None
    if not _DATE.match(raw):
        raise WebError(400, "E508", f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, got {raw!r}")
    year, month, day = (int(p) for p in (raw + "-01-01")[:10].split("-"))
    try:
        date(year, month, day)
    except ValueError as exc:
        raise WebError(400, "E508", f"{name} {raw!r} is not a date on the calendar ({exc})") from exc
    return raw


def _span(value: str | None, end: bool) -> str | None:
    """The first (or last) day a YYYY[-MM[-DD]] value covers, as YYYY-MM-DD."""
    if not value:
        return None
    if len(value) == 10:
        return value
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:])
        return f"{value}-{calendar.monthrange(year, month)[1]:02d}" if end else f"{value}-01"
    return f"{value}-12-31" if end else f"{value}-01-01"


def check_dates(changes: dict[str, Any], current: dict[str, Any]) -> None:
    """A corrected date range must not end before it starts (the fields not changed keep their
    present value).  400 E508, before anything is written."""
    if "date_start" not in changes and "date_end" not in changes:
        return
    start = changes.get("date_start", current.get("date_start"))
    end = changes.get("date_end", current.get("date_end"))
    lo, hi = _span(start, end=False), _span(end, end=True)
    if lo and hi and hi < lo:
        raise WebError(400, "E508", f"date_end {end!r} is before date_start {start!r}")


_LIST_FIELDS = frozenset({"actors", "targets"})
_NUMBER_FIELDS = frozenset({"fatalities", "injured", "count", "place_lat", "place_lon"})


def parse_field(name: str, raw: Any) -> Any:
    """One correctable field from form text (or an API value) to its stored value, validated as
    strictly as extraction output: known field, lists only for actors/targets and of strings,
    numbers only for numeric fields, real calendar dates, enumerations from the contract
    (type, certainty, date and place precision).  400 E508 for anything else."""
    if name not in CORRECTABLE:
        raise WebError(400, "E508", f"{name!r} is not a correctable field (one of {', '.join(sorted(CORRECTABLE))})")
    if isinstance(raw, list):
        if name not in _LIST_FIELDS:
            raise WebError(400, "E508", f"{name} takes one value, not a list")
        if not all(isinstance(x, str) for x in raw):
            raise WebError(400, "E508", f"{name} must be a list of actor ids (strings)")
        raw = ",".join(raw)
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if name not in _NUMBER_FIELDS:
            raise WebError(400, "E508", f"{name} takes text, not a number")
        raw = str(raw)
    elif raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise WebError(400, "E508", f"{name}: unexpected value of type {type(raw).__name__}")
    if len(raw) > 2000:
        raise WebError(400, "E508", f"{name} is longer than 2000 characters")
    if name in ("fatalities", "injured", "count"):
        return _int_or_none(name, raw)
    if name in ("place_lat", "place_lon"):
        return _float_or_none(name, raw, 90.0 if name == "place_lat" else 180.0)
    if name in ("actors", "targets"):
        return _ids(name, raw)
    if name in ("date_start", "date_end"):
        return _date(name, raw)
    return _choice(name, raw.strip())


def _choice(name: str, raw: str) -> str | None:
    allowed = {"type": tuple(FAMILIES), "certainty": CERTAINTIES, "date_precision": PRECISIONS,
               "place_precision": PLACE_PRECISIONS}.get(name)
    if allowed is not None and raw not in allowed:
        raise WebError(400, "E508", f"{name} must be one of {', '.join(allowed)}, got {raw!r}")
    if name == "place_country" and raw and not re.match(r"^[A-Za-z]{2}$", raw):
        raise WebError(400, "E508", f"place_country must be a two-letter ISO code, got {raw!r}")
    if len(raw) > 200:
        raise WebError(400, "E508", f"{name} is longer than 200 characters")
    return (raw.upper() if name == "place_country" else raw) or None


def current_values(row: dict[str, Any], event: Event) -> dict[str, Any]:
    """The correctable fields' present values, in their stored form."""
    loc = event.location
    return {"type": event.type, "certainty": event.certainty, "actors": list(event.actors),
            "targets": list(event.targets), "date_start": row.get("date_start"), "date_end": row.get("date_end"),
            "place_name": loc.name if loc else None, "place_country": loc.country if loc else None,
            "place_lat": loc.lat if loc else None, "place_lon": loc.lon if loc else None,
            "fatalities": event.fatalities, "injured": event.injured}


def correction_changes(form: Form, row: dict[str, Any], event: Event) -> dict[str, Any]:
    """The fields of the correction form whose value differs from the event's present one.
    A form with ``only`` set changes just that field (the "mark false" button)."""
    now = current_values(row, event)
    only = form.get("only")
    names = [only] if only else [n for n in now if n in form]
    changes = {}
    for name in names:
        if name not in form:
            continue
        value = parse_field(name, form.get(name))
        if value != now.get(name):
            changes[name] = value
    check_dates(changes, now)
    return changes


_EVENT_ID = re.compile(r"^[\w:.-]{1,100}$")


def event_id_field(name: str, raw: str | None) -> str:
    """An event id typed in a form or API body, validated (E504 when missing or malformed)."""
    value = (raw or "").strip()
    if not value or not _EVENT_ID.match(value):
        raise WebError(400, "E504", f"give the id of an event (field {name!r})" + (f", got {value!r}" if value else ""))
    return value


def link_change(form: Form, event_id: str) -> tuple[str, str, str]:
    """(action, cause id, effect id) of the link form: ``other`` is an event id, ``role`` says
    whether it is this event's ``cause`` or its ``effect``, ``action`` is ``add`` or ``remove``."""
    other = event_id_field("other", form.get("other"))
    role, action = form.get("role") or "cause", form.get("action") or "add"
    if role not in ("cause", "effect"):
        raise WebError(400, "E504", f"role must be 'cause' or 'effect', got {role!r}")
    if action not in ("add", "remove"):
        raise WebError(400, "E504", f"action must be 'add' or 'remove', got {action!r}")
    cause, effect = (other, event_id) if role == "cause" else (event_id, other)
    return action, cause, effect


__all__ = ["Upload", "Form", "read_form", "parse_field", "check_dates", "current_values", "correction_changes", "link_change",
           "event_id_field"]
