"""The gate every request passes before any route reads it: an ASGI middleware.

In this order, from the request line and headers alone (no body byte is read before a
request is let through):

1. security headers on every response (``Cache-Control: no-store`` outside ``/static``);
2. an address locked by failed authentications gets 429 (E511, ``Retry-After``) on any
   authentication attempt (a bearer token, a sign-in, a write);
3. a ``Content-Length`` over the upload limit is 413 (E505);
4. the identity: a bearer token (a wrong one counts as a failure and is 401 E501), else the
   signed session cookie;
5. a write (any method but GET/HEAD/OPTIONS; ``/login`` and ``/logout`` check themselves):
   a form post from a foreign origin is 403 (E512); a server nobody can sign in to is 403
   (E516); no identity is 401 (E501); a reader is 403 (E510); a chunked body
   (``Transfer-Encoding`` without ``Content-Length``) is 411 (E514), never buffered; a write with
   neither header has an empty body (HTTP/1.1) and goes on;
6. on a ``--private`` server a read without an identity is 401 (E501), or a redirect to
   ``/login`` for a browser page;
7. the body is counted as it streams in: past the upload limit the route's read stops with
   413 (E505) at once.

The identity is handed to the routes in ``scope["state"]["sitrep_identity"]``
(:func:`sitrep.web.security.identity_of`).
"""
from __future__ import annotations

import logging
import time
from typing import Any

from fastapi import HTTPException
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request, cookie_parser
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..accounts import SHARED_TOKEN_NAME, Identity, with_article
from .security import (SECURITY_HEADERS, SESSION_COOKIE, WRITE_ROLE, FailureLimiter, WebError, accounts_on,
                       bearer_value, foreign_origin)

log = logging.getLogger("sitrep.web")

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SELF_CHECKED = frozenset({"/login", "/logout"})  # form posts that read their own credentials
HEADER_SLACK = 64 * 1024  # multipart framing and form fields beside an upload of max_upload bytes


class Gate:
    """ASGI middleware: authenticate, authorise and bound a request before its body is read."""

    def __init__(self, app: ASGIApp, limiter: FailureLimiter | None = None):
        self.app = app
        self.limiter = limiter or FailureLimiter()
        self._touched: dict[str, float] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(scope, send)
        try:
            receive = self._admit(scope, receive)
        except WebError as exc:
            await self._refuse(scope, receive, send, exc)
            return
        except _Redirect as go:
            await RedirectResponse(go.url, status_code=303)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    # the checks ------------------------------------------------------------------------------
    def _admit(self, scope: Scope, receive: Receive) -> Receive:
        state = scope["app"].state.web
        guard, store = state.guard, state.kb.store
        path, method = scope["path"], scope["method"]
        headers = Headers(scope=scope)
        address = (scope.get("client") or ("unknown", 0))[0] or "unknown"
        write = method not in READ_METHODS
        token = bearer_value(headers.get("authorization", ""))

        if path.startswith("/static/") and not write:
            return receive
        wait = self.limiter.retry_after(address)
        if wait and (token or write):
            raise WebError(429, "E511", f"too many failed sign-ins from this address: try again in {wait} s",
                           headers={"Retry-After": str(wait)})
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > guard.max_upload + HEADER_SLACK):
            raise WebError(413, "E505", f"request body of {length} bytes is over the {guard.max_upload}-byte "
                                        "upload limit")

        identity: Identity | None = None
        if token is not None and not accounts_on(guard, store):
            pass  # nobody can sign in here: a write is refused as read-only (E516) below, a read is open
        elif token is not None:
            identity = guard.identify(store, token)
            if identity is None:
                self.limiter.fail(address)
                raise WebError(401, "E501", "the token is not valid (unknown, revoked or mistyped)")
        else:
            identity = guard.session_identity(store, _cookie(headers, SESSION_COOKIE))
        if identity is not None:
            scope.setdefault("state", {})["sitrep_identity"] = identity
            self._touch(store, identity)

        if write:
            self._check_write(scope, headers, guard, store, identity)
        elif guard.private and identity is None and path not in SELF_CHECKED:
            if "text/html" in headers.get("accept", "") and not path.startswith("/api/") \
                    and not path.endswith(".json"):
                raise _Redirect("/login")
            raise WebError(401, "E501", "this server is private: every read needs a token "
                                        "(Authorization: Bearer <token>, or sign in on /login)")
        return _counted(receive, guard.max_upload + HEADER_SLACK) if write else receive

    def _check_write(self, scope: Scope, headers: Headers, guard: Any, store: Any,
                     identity: Identity | None) -> None:
        path = scope["path"]
        if not path.startswith("/api/"):
            host = headers.get("host") or (scope.get("server") or ("localhost", 80))[0]
            origin = foreign_origin(headers, scope.get("scheme", "http"), host)
            if origin is not None:
                raise WebError(403, "E512", f"a form post from another site ({origin[:100]}) is refused")
        if path in SELF_CHECKED:
            return
        if not accounts_on(guard, store):
            raise WebError(403, "E516", "this server is read-only: start it with --token or add an account "
                                        "(sitrep users add NAME --role editor) to allow writes")
        if identity is None:
            raise WebError(401, "E501", "a valid token is required for writes (Authorization: Bearer <token>, "
                                        "or sign in on /login)")
        if not identity.allows(WRITE_ROLE):
            raise WebError(403, "E510", f"{identity.name!r} is {with_article(identity.role)}: changes need an "
                                        "editor or admin")
        if headers.get("content-length") is None and headers.get("transfer-encoding"):
            # HTTP/1.1 (RFC 9112 §6.3): with neither header the body is empty, which is fine to admit
            raise WebError(411, "E514", "a write with a body needs a Content-Length header (chunked bodies "
                                        "are refused)")

    def _touch(self, store: Any, identity: Identity) -> None:
        """Record an account's last use, at most once a minute per account."""
        now = time.monotonic()
        if now - self._touched.get(identity.name, -1e9) < 60:
            return
        self._touched[identity.name] = now
        if identity.name != SHARED_TOKEN_NAME:
            store.touch_user(identity.name)

    # responses ---------------------------------------------------------------------------------
    async def _refuse(self, scope: Scope, receive: Receive, send: Send, exc: WebError) -> None:
        from .app import error_response
        log.info("refused %s %s: %s %s", scope["method"], scope["path"], exc.status, exc.code)
        response = error_response(Request(scope, receive), exc.status, exc.code, exc.message)
        for name, value in exc.headers.items():
            response.headers[name] = value
        if exc.status in (401, 411, 413, 429):
            response.headers["Connection"] = "close"  # the unread body is never drained
        await response(scope, receive, send)


class _Redirect(Exception):
    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def _cookie(headers: Headers, name: str) -> str | None:
    return cookie_parser(headers.get("cookie", "")).get(name) or None


def _counted(receive: Receive, limit: int) -> Receive:
    """``receive`` that stops with 413 (E505) as soon as more than ``limit`` body bytes came in."""
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413, f"request body is over the {limit}-byte upload limit")
        return message
    return counted


def _with_headers(scope: Scope, send: Send) -> Send:
    static = scope["path"].startswith("/static/")

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in SECURITY_HEADERS.items():
                if name not in headers:
                    headers[name] = value
            if not static and "cache-control" not in headers:
                headers["Cache-Control"] = "no-store"
        await send(message)
    return sending


__all__ = ["Gate", "READ_METHODS"]
