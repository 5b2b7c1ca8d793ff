"""``sitrep users add|list|revoke``: analyst accounts of the knowledge base (see :mod:`sitrep.accounts`).

Whoever can open the knowledge base manages its accounts (the admin of the database); the
web app only checks tokens.  ``add`` prints the new token once, on standard output, and
nothing else there, so ``TOKEN=$(sitrep users add alice --role editor)`` works.
"""
from __future__ import annotations

import argparse
import json
import sys

from . import accounts


def cmd_users_add(args: argparse.Namespace) -> int:
    from .kb import open_kb
    kb = open_kb(args.db or "sitrep.db")  # a write: creates the knowledge base like ingest does
    try:
        account, token = accounts.add_user(kb.store, args.name, args.role)
    finally:
        kb.close()
    print(token)
    print(f"sitrep: added {account.role} {account.name!r}; the token above is shown only once "
          "(the knowledge base keeps its hash)", file=sys.stderr)
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from .cli_kb import _table, envelope, open_existing
    kb = open_existing(args.db)
    try:
        found = accounts.list_users(kb.store)
    finally:
        kb.close()
    if args.format == "json":
        json.dump(envelope("users", items=[a.to_dict() for a in found]), sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        _table([(a.name, a.role, a.created, a.last_used or "never", a.revoked or "") for a in found],
               ("name", "role", "created", "last used", "revoked"), sys.stdout)
    return 0


def cmd_users_revoke(args: argparse.Namespace) -> int:
    from .cli_kb import open_existing
    kb = open_existing(args.db)
    try:
        account = accounts.revoke_user(kb.store, args.name)
    finally:
        kb.close()
    print(f"sitrep: revoked {account.name!r} at {account.revoked}; its token no longer works", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``sitrep users`` and its three sub-commands."""
    from .cli import add_db_option

    p = sub.add_parser("users", help="analyst accounts: add (prints a token once), list, revoke")
    actions = p.add_subparsers(dest="users_command", required=True)
    add = actions.add_parser("add", help="add an account and print its token once")
    add.add_argument("name", help="account name (letters, digits, . _ @ -), the audit log's 'who'")
    add.add_argument("--role", required=True, choices=accounts.ROLES,
                     help="reader: reads (with serve --private); editor: also corrects, links, ingests; "
                          "admin: also manages accounts")
    add_db_option(add)
    add.set_defaults(func=cmd_users_add)
    ls = actions.add_parser("list", help="list accounts: name, role, created, last used, revoked (never tokens)")
    ls.add_argument("--format", choices=["table", "json"], default="table")
    add_db_option(ls)
    ls.set_defaults(func=cmd_users_list)
    rv = actions.add_parser("revoke", help="revoke an account: its token stops working at once")
    rv.add_argument("name")
    add_db_option(rv)
    rv.set_defaults(func=cmd_users_revoke)


__all__ = ["register", "cmd_users_add", "cmd_users_list", "cmd_users_revoke"]
