"""``sitrep serve``: the web app on the knowledge base (registered by ``sitrep.cli``)."""
from __future__ import annotations

import argparse
import logging
import sys

from .. import settings
from ..errors import SitrepError
from .security import DEFAULT_MAX_UPLOAD


def serve(db: str, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          max_upload: int = DEFAULT_MAX_UPLOAD, log_level: str = "info") -> int:
    """Run the app with uvicorn until interrupted; the token is never printed."""
    import uvicorn

    from .app import create_app

    app = create_app(db, token=token, max_upload=max_upload)
    mode = "writes enabled (token required)" if token else "read-only (no token given)"
    print(f"sitrep: serving {_shown_db(db)} on http://{host}:{port}/ — {mode}", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=True)
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
                 max_upload=args.max_upload, log_level=args.log_level)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``serve`` command to the ``sitrep`` parser."""
    from ..cli import add_db_option

    p = sub.add_parser("serve", help="serve the web app and REST API on the knowledge base")
    add_db_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", default=None,
                   help="API token that enables writes (ingest, corrections); default $SITREP_TOKEN; "
                        "without one the app is read-only")
    p.add_argument("--max-upload", type=_positive_size, default=DEFAULT_MAX_UPLOAD, metavar="BYTES",
                   help=f"largest accepted upload or request body (default {DEFAULT_MAX_UPLOAD})")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=cmd_serve)


__all__ = ["register", "serve", "cmd_serve"]
