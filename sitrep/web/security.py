"""The web app's security layer: write token, sessions, CSRF, headers, upload limits.

Reading is open; writing (ingest, corrections) needs the token given at start-up.  An
API client sends it as ``Authorization: Bearer <token>``; a browser signs in once on
``/login`` and gets a signed session cookie that never contains the token.  Every form
carries a CSRF value that must equal the ``sitrep_csrf`` cookie (double submit) and is
signed with the server's secret.  The token itself is compared with
:func:`hmac.compare_digest` and never logged, echoed or stored.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass

from fastapi import Request

SESSION_COOKIE = "sitrep_session"
CSRF_COOKIE = "sitrep_csrf"
CSRF_FIELD = "csrf"
SESSION_SECONDS = 12 * 3600
DEFAULT_MAX_UPLOAD = 5 * 1024 * 1024

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

_USER_RE = re.compile(r"[^\w .@-]+", re.UNICODE)


class WebError(Exception):
    """A request the app refuses: an HTTP status, a sitrep error code and a message."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Guard:
    """Checks write permission; holds the token and the per-process signing secret."""
    token: str | None
    secret: bytes
    max_upload: int = DEFAULT_MAX_UPLOAD

    @classmethod
    def create(cls, token: str | None, max_upload: int = DEFAULT_MAX_UPLOAD) -> Guard:
        return cls(token=token or None, secret=secrets.token_bytes(32), max_upload=max_upload)

    def __repr__(self) -> str:  # never show the token in tracebacks or logs
        return f"Guard(writes={'on' if self.token else 'off'}, max_upload={self.max_upload})"

    @property
    def writable(self) -> bool:
        return self.token is not None

    def token_ok(self, given: str | None) -> bool:
        if not self.token or not given:
            return False
        return hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))

    def _sign(self, value: str) -> str:
        return hmac.new(self.secret, value.encode("utf-8"), hashlib.sha256).hexdigest()

    def new_session(self) -> str:
        """A signed session value: ``<expiry>.<nonce>.<signature>``; holds no token."""
        body = f"{int(time.time()) + SESSION_SECONDS}.{secrets.token_hex(8)}"
        return f"{body}.{self._sign('session|' + body)}"

    def session_ok(self, value: str | None) -> bool:
        if not value or value.count(".") != 2:
            return False
        body, _, sig = value.rpartition(".")
        if not hmac.compare_digest(sig, self._sign("session|" + body)):
            return False
        expiry = body.split(".", 1)[0]
        return expiry.isdigit() and int(expiry) > time.time()

    def new_csrf(self) -> str:
        nonce = secrets.token_hex(16)
        return f"{nonce}.{self._sign('csrf|' + nonce)}"

    def csrf_ok(self, cookie: str | None, field: str | None) -> bool:
        if not cookie or not field or not hmac.compare_digest(cookie, field):
            return False
        nonce, _, sig = field.partition(".")
        return bool(nonce) and hmac.compare_digest(sig, self._sign("csrf|" + nonce))


def bearer(request: Request) -> str | None:
    """The token from an ``Authorization: Bearer`` header, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def require_api_writer(guard: Guard, request: Request) -> None:
    """Refuse an API write unless it carries the right bearer token."""
    if not guard.writable:
        raise WebError(403, "E503", "this server is read-only: start it with --token or SITREP_TOKEN to allow writes")
    if not guard.token_ok(bearer(request)):
        raise WebError(401, "E501", "a valid API token is required for writes (Authorization: Bearer <token>)")


def require_form_writer(guard: Guard, request: Request, form: dict[str, str]) -> None:
    """Refuse a form write without a valid CSRF value and a session (or the token in the form)."""
    if not guard.csrf_ok(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)):
        raise WebError(403, "E502", "the form's CSRF check failed: reload the page and submit again")
    if not guard.writable:
        raise WebError(403, "E503", "this server is read-only: start it with --token or SITREP_TOKEN to allow writes")
    if guard.session_ok(request.cookies.get(SESSION_COOKIE)) or guard.token_ok(form.get("token")):
        return
    raise WebError(401, "E501", "sign in with the API token to make changes")


def is_signed_in(guard: Guard, request: Request) -> bool:
    return guard.writable and guard.session_ok(request.cookies.get(SESSION_COOKIE))


def clean_user(name: str | None) -> str:
    """The analyst's name as given in a form or API call, made safe to store and show."""
    cleaned = _USER_RE.sub("", (name or "").strip())[:60].strip()
    if not cleaned:
        raise WebError(400, "E504", "a user name is required for changes (field 'user')")
    return cleaned


def writer_identity(name: str | None) -> str:
    """Who made a change: the analyst's name plus how they were authenticated."""
    return f"{clean_user(name)} (token)"


def safe_upload_name(name: str | None) -> str:
    """An uploaded file's name reduced to a label: never a path, never used to open anything."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.-]+", "_", base).lstrip(".")[:100]
    return base or "upload"


__all__ = [
    "SESSION_COOKIE", "CSRF_COOKIE", "CSRF_FIELD", "SECURITY_HEADERS", "DEFAULT_MAX_UPLOAD",
    "WebError", "Guard", "bearer", "require_api_writer", "require_form_writer", "is_signed_in",
    "clean_user", "writer_identity", "safe_upload_name",
]
