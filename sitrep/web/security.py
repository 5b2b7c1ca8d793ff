"""The web app's security layer: identities, sessions, CSRF, origins, failed-auth limits, headers.

Who may do what (see :mod:`sitrep.accounts` for the roles):

- an API client sends a token as ``Authorization: Bearer <token>``: an analyst's token
  (``sitrep users add``), or the shared token of ``sitrep serve --token``, which is an implicit
  ``admin`` named ``token``;
- a browser signs in once on ``/login`` with its token and gets a signed session cookie naming
  the account (never holding the token); a revoked account's session stops working at once;
- reads are open unless the server runs with ``--private``; writes need an ``editor`` or above.

The who of every audited change is this authenticated identity, never a field of the request.
Every form carries a CSRF value that must equal the ``sitrep_csrf`` cookie (double submit) and is
signed with the server's secret; a form post whose ``Origin`` (or, without one, ``Referer``) is
another site is refused whatever its CSRF value.  After :data:`MAX_FAILURES` failed
authentications from one client address within :data:`FAILURE_WINDOW` seconds, that address gets
429 (E511) with ``Retry-After`` on every authentication for :data:`LOCKOUT` seconds (kept in memory:
a restart forgets it).  The address is the connecting one: ``sitrep serve`` runs uvicorn with proxy
headers off unless ``--forwarded-allow-ips`` names the proxy (:func:`sitrep.web.cli.uvicorn_options`),
so a forged ``X-Forwarded-For`` cannot dodge the limit.  Tokens are
compared with :func:`hmac.compare_digest` or by their hash, and never logged, echoed or stored.

This module imports no FastAPI at run time (``sitrep serve``'s option parsing uses it on the core
install).
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..accounts import SHARED_TOKEN_NAME, Identity, authenticate, identity_named, with_article

if TYPE_CHECKING:
    from starlette.requests import Request

    from ..store import Store

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

MAX_FAILURES = 10        # failed authentications from one address ...
FAILURE_WINDOW = 60.0    # ... within this many seconds ...
LOCKOUT = 60.0           # ... refuse its authentications for this long (429, Retry-After)
WRITE_ROLE = "editor"    # the least role that may change the knowledge base


class WebError(Exception):
    """A request the app refuses: an HTTP status, a sitrep error code and a message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class Guard:
    """The server's credentials: the shared token (if any), the per-process signing secret,
    the upload limit and whether reads need a token too (``private``)."""
    token: str | None
    secret: bytes
    max_upload: int = DEFAULT_MAX_UPLOAD
    private: bool = False

    @classmethod
    def create(cls, token: str | None, max_upload: int = DEFAULT_MAX_UPLOAD, private: bool = False) -> Guard:
        return cls(token=token or None, secret=secrets.token_bytes(32), max_upload=max_upload, private=private)

    def __repr__(self) -> str:  # never show the token in tracebacks or logs
        return (f"Guard(shared_token={'on' if self.token else 'off'}, private={self.private}, "
                f"max_upload={self.max_upload})")

    @property
    def writable(self) -> bool:
        """True when the shared token is set (accounts in the knowledge base also allow writes:
        see :func:`accounts_on`)."""
        return self.token is not None

    def token_ok(self, given: str | None) -> bool:
        """``given`` is the shared token (constant-time comparison)."""
        if not self.token or not given:
            return False
        return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), self.token.encode("utf-8"))

    def identify(self, store: Store, given: str | None) -> Identity | None:
        """The identity holding token ``given``: the shared token's admin, or a live account."""
        if not given:
            return None
        if self.token_ok(given):
            return Identity(SHARED_TOKEN_NAME, "admin")
        return authenticate(store, given)

    def _sign(self, value: str) -> str:
        return hmac.new(self.secret, value.encode("utf-8"), hashlib.sha256).hexdigest()

    def new_session(self, name: str = SHARED_TOKEN_NAME) -> str:
        """A signed session value ``<expiry>.<nonce>.<account name, hex>.<signature>``; holds no token."""
        body = f"{int(time.time()) + SESSION_SECONDS}.{secrets.token_hex(8)}.{name.encode('utf-8').hex()}"
        return f"{body}.{self._sign('session|' + body)}"

    def session_name(self, value: str | None) -> str | None:
        """The account name of a genuine, unexpired session value, else None."""
        if not value or value.count(".") != 3 or len(value) > 400:
            return None
        body, _, sig = value.rpartition(".")
        if not hmac.compare_digest(sig, self._sign("session|" + body)):
            return None
        expiry, _, rest = body.partition(".")
        if not expiry.isdigit() or int(expiry) <= time.time():
            return None
        try:
            return bytes.fromhex(rest.partition(".")[2]).decode("utf-8")
        except ValueError:
            return None

    def session_ok(self, value: str | None) -> bool:
        return self.session_name(value) is not None

    def session_identity(self, store: Store, value: str | None) -> Identity | None:
        """Who a session cookie names, if that identity still exists (revoked: None)."""
        name = self.session_name(value)
        if name is None:
            return None
        if name == SHARED_TOKEN_NAME:
            return Identity(SHARED_TOKEN_NAME, "admin") if self.token else None
        return identity_named(store, name)

    def new_csrf(self) -> str:
        nonce = secrets.token_hex(16)
        return f"{nonce}.{self._sign('csrf|' + nonce)}"

    def csrf_ok(self, cookie: str | None, field: str | None) -> bool:
        if not cookie or not field or not hmac.compare_digest(cookie, field):
            return False
        nonce, _, sig = field.partition(".")
        return bool(nonce) and hmac.compare_digest(sig, self._sign("csrf|" + nonce))


def accounts_on(guard: Guard, store: Store) -> bool:
    """Anyone can sign in: the shared token is set or the knowledge base holds a live account."""
    return guard.token is not None or store.has_live_users()


class FailureLimiter:
    """Failed authentications per client address, in memory (thread-safe, bounded).

    After ``max_failures`` failures within ``window`` seconds the address is locked for
    ``lockout`` seconds: :meth:`retry_after` says how long is left (0 when not locked)."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = FAILURE_WINDOW, lockout: float = LOCKOUT,
                 max_addresses: int = 10_000, clock: Any = time.monotonic):
        self.max_failures, self.window, self.lockout = max_failures, window, lockout
        self._clock = clock
        self._max_addresses = max_addresses
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._locked: dict[str, float] = {}
        self._lock = threading.Lock()

    def retry_after(self, address: str) -> int:
        with self._lock:
            until = self._locked.get(address)
            if until is None:
                return 0
            left = until - self._clock()
            if left <= 0:
                del self._locked[address]
                return 0
            return max(1, int(left + 0.999))

    def fail(self, address: str) -> None:
        now = self._clock()
        with self._lock:
            times = self._failures.pop(address, None) or deque()
            times.append(now)
            while times and times[0] < now - self.window:
                times.popleft()
            if len(times) >= self.max_failures:
                self._locked[address] = now + self.lockout
                times.clear()
            else:
                self._failures[address] = times
            while len(self._failures) > self._max_addresses:
                self._failures.popitem(last=False)
            if len(self._locked) > self._max_addresses:
                self._locked = {a: t for a, t in self._locked.items() if t > now}


def bearer_value(header: str) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header value, if any."""
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def bearer(request: Request) -> str | None:
    """The token from an ``Authorization: Bearer`` header, if any."""
    return bearer_value(request.headers.get("authorization", ""))


def foreign_origin(headers: Any, scheme: str, host: str) -> str | None:
    """The foreign origin a browser says a form post comes from, or None when it is this site's
    (or the client names none: a non-browser client, still held to the CSRF check).
    ``Origin`` is used, else the origin of ``Referer``; ``Origin: null`` is foreign."""
    origin = headers.get("origin")
    if origin is None:
        referer = headers.get("referer")
        if not referer:
            return None
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "null"
    parts = urlsplit(origin.strip())
    if origin.strip().lower() == "null" or not parts.scheme or not parts.netloc:
        return origin or "null"
    default = {"http": "80", "https": "443"}
    theirs = (parts.scheme.lower(), (parts.hostname or "").lower(), str(parts.port or default.get(parts.scheme, "")))
    ours_url = urlsplit(f"{scheme}://{host}")
    ours = (scheme.lower(), (ours_url.hostname or "").lower(), str(ours_url.port or default.get(scheme, "")))
    return None if theirs == ours else origin


def identity_of(request: Request) -> Identity | None:
    """The identity the gate authenticated for this request (None: anonymous)."""
    return request.scope.get("state", {}).get("sitrep_identity")


def require_writer(request: Request) -> Identity:
    """The identity of a write: 401 (E501) without one, 403 (E510) below ``editor``.
    The gate (:mod:`sitrep.web.gate`) refuses these before any body is read; this is the
    handler's own check."""
    identity = identity_of(request)
    if identity is None:
        raise WebError(401, "E501", "a valid token is required for writes (Authorization: Bearer <token>, "
                                    "or sign in on /login)")
    if not identity.allows(WRITE_ROLE):
        raise WebError(403, "E510", f"{identity.name!r} is {with_article(identity.role)}: changes need an editor or admin")
    return identity


def check_csrf(guard: Guard, request: Request, form: Any) -> None:
    """Refuse a form without a valid CSRF value (403 E502)."""
    if not guard.csrf_ok(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)):
        raise WebError(403, "E502", "the form's CSRF check failed: reload the page and submit again")


def require_form_writer(guard: Guard, request: Request, form: Any) -> Identity:
    """A form write: a valid CSRF value and a signed-in editor (the gate checked the session)."""
    check_csrf(guard, request, form)
    return require_writer(request)


def is_signed_in(guard: Guard, request: Request) -> bool:
    return identity_of(request) is not None


def safe_upload_name(name: str | None) -> str:
    """An uploaded file's name reduced to a label: never a path, never used to open anything."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.-]+", "_", base).lstrip(".")[:100]
    return base or "upload"


__all__ = [
    "SESSION_COOKIE", "CSRF_COOKIE", "CSRF_FIELD", "SECURITY_HEADERS", "DEFAULT_MAX_UPLOAD", "MAX_FAILURES",
    "FAILURE_WINDOW", "LOCKOUT", "WebError", "Guard", "FailureLimiter", "accounts_on", "bearer", "bearer_value",
    "foreign_origin", "identity_of", "require_writer", "require_form_writer", "check_csrf", "is_signed_in",
    "safe_upload_name",
]
