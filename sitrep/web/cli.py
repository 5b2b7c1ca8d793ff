"""``sitrep serve``: the web app on the knowledge base (registered by ``sitrep.cli``).

Imports nothing that needs the web extra until the command runs (the parser is built on the
core install too)."""
from __future__ import annotations

import argparse
import logging
import sys

from .. import settings
from ..errors import SitrepError
from .security import DEFAULT_MAX_UPLOAD


def uvicorn_options(*, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info",
                    forwarded_allow_ips: str | None = None) -> dict[str, object]:
    """The keyword arguments ``sitrep serve`` gives ``uvicorn.run`` / ``uvicorn.Config``.

    Proxy headers are off unless ``forwarded_allow_ips`` names the proxies to trust (a
    comma-separated list of addresses or networks, as uvicorn reads it): uvicorn's own default
    trusts ``X-Forwarded-For`` and ``X-Forwarded-Proto`` from 127.0.0.1, so any local client could
    pose as another address and dodge the failed-sign-in limit (E511).  With the option set, only
    requests from those addresses have their client address and scheme taken from the headers."""
    options: dict[str, object] = {"host": host, "port": port, "log_level": log_level, "access_log": True,
                                  "proxy_headers": False}
    ips = ",".join(p.strip() for p in (forwarded_allow_ips or "").split(",") if p.strip())
    if ips:
        options.update(proxy_headers=True, forwarded_allow_ips=ips)
    return options


def serve(db: str, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          max_upload: int = DEFAULT_MAX_UPLOAD, log_level: str = "info", private: bool = False,
          forwarded_allow_ips: str | None = None) -> int:
    """Run the app with uvicorn until interrupted; the token is never printed.
    ``forwarded_allow_ips``: see :func:`uvicorn_options` (None: proxy headers are ignored)."""
    import uvicorn

    from .app import create_app
    from .security import accounts_on

    app = create_app(db, token=token, max_upload=max_upload, private=private)
    state = app.state.web
    if accounts_on(state.guard, state.kb.store):
        mode = "writes need an editor's token" + (" (or the shared --token)" if token else "")
    else:
        mode = "read-only (no --token given and no accounts: sitrep users add NAME --role editor)"
    if private:
        mode += "; private: every read needs a token"
    options = uvicorn_options(host=host, port=port, log_level=log_level, forwarded_allow_ips=forwarded_allow_ips)
    if options["proxy_headers"]:
        mode += f"; X-Forwarded-For/-Proto trusted from {options['forwarded_allow_ips']}"
    print(f"sitrep: serving {_shown_db(db)} on http://{host}:{port}/ — {mode}", file=sys.stderr)
    uvicorn.run(app, **options)  # type: ignore[arg-type]
    return 0


def _shown_db(db: str) -> str:
    """The database URL without any password in it."""
    if "://" in db and "@" in db:
        scheme, rest = db.split("://", 1)
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
    return db


def _positive_size(value: str) -> int:
    try:
        size = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--max-upload expects a number of bytes, got {value!r}") from exc
    if size <= 0:
        raise argparse.ArgumentTypeError("--max-upload must be positive")
    return size


def cmd_serve(args: argparse.Namespace) -> int:
    token = args.token or settings.get("SITREP_TOKEN") or None
    if token is not None and len(token) < 8:
        raise SitrepError("the write token must be at least 8 characters long", code="E506")
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return serve(args.db, host=args.host, port=args.port, token=token,
                 max_upload=args.max_upload, log_level=args.log_level, private=args.private,
                 forwarded_allow_ips=args.forwarded_allow_ips)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``serve`` command to the ``sitrep`` parser."""
    from ..cli import add_db_option

    p = sub.add_parser("serve", help="serve the web app and REST API on the knowledge base")
    add_db_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", default=None,
                   help="a shared token (an implicit admin named 'token'): the single-user shortcut; default "
                        "$SITREP_TOKEN. Analysts' own tokens come from `sitrep users add`; with neither the app "
                        "is read-only")
    p.add_argument("--private", action="store_true",
                   help="every read needs a token too (any role: reader, editor or admin)")
    p.add_argument("--max-upload", type=_positive_size, default=DEFAULT_MAX_UPLOAD, metavar="BYTES",
                   help=f"largest accepted upload or request body (default {DEFAULT_MAX_UPLOAD})")
    p.add_argument("--forwarded-allow-ips", default=None, metavar="IPS",
                   help="behind a TLS-terminating proxy: the proxy's address(es), comma-separated; only requests "
                        "from them have X-Forwarded-For/-Proto trusted (default: the headers are ignored and the "
                        "client is the connecting address)")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=cmd_serve)


__all__ = ["register", "serve", "cmd_serve", "uvicorn_options"]
