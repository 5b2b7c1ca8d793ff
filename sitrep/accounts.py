"""Analyst accounts: a name, a role and a token whose hash (never the token) is in the knowledge base.

Roles, each allowing what the one before allows:

- ``reader``: reads (matters on a server started with ``--private``, where every read needs a token);
- ``editor``: also corrects events, links them, merges actors, adds aliases and ingests;
- ``admin``: also manages accounts.

A token is ``sitrep_`` followed by 43 URL-safe characters (256 random bits from :mod:`secrets`), shown
once by :func:`add_user`.  The knowledge base keeps its SHA-256: a fast hash is enough because the
token is random (a brute-force search of 2^256 values is out of reach whatever the hash costs);
slow password hashes (scrypt, PBKDF2) exist for low-entropy passwords people choose, which these are
not.  The hash is looked up by equality, so no token ever sits in memory longer than a request.

Used by ``sitrep users`` (:mod:`sitrep.cli_users`) and the web app's authentication; needs no
optional module.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from .errors import SitrepError
from .store import Row, Store

ROLES = ("reader", "editor", "admin")
_RANK = {role: i for i, role in enumerate(ROLES)}
TOKEN_PREFIX = "sitrep_"
SHARED_TOKEN_NAME = "token"  # the implicit admin of ``sitrep serve --token``; no account may take it
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,59}$")


@dataclass(frozen=True)
class Account:
    """One analyst account as listed: never its token or hash.  Times are ISO 8601 UTC strings."""
    name: str
    role: str
    created: str
    last_used: str | None = None
    revoked: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"name": self.name, "role": self.role, "created": self.created, "last_used": self.last_used,
                "revoked": self.revoked}


@dataclass(frozen=True)
class Identity:
    """Who a request is: the account name (the audit log's "who") and its role."""
    name: str
    role: str

    def allows(self, role: str) -> bool:
        """True when this identity's role is ``role`` or above it."""
        return _RANK.get(self.role, -1) >= _RANK[role]


def with_article(role: str) -> str:
    """``role`` after its indefinite article, for messages: "a reader", "an editor", "an admin"."""
    return f"{'an' if role[:1].lower() in 'aeiou' and role else 'a'} {role}"


def hash_token(token: str) -> str:
    """The stored form of a token: SHA-256, hex (see the module docstring for why a fast hash)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_token() -> str:
    """A fresh random token (256 bits)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def check_name(name: str) -> str:
    """An account name: 1-60 letters, digits, ``. _ @ -``, starting with a letter or digit (E420)."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise SitrepError(f"invalid user name {name!r}: use 1 to 60 letters, digits, '.', '_', '@' or '-', "
                          "starting with a letter or digit", code="E420")
    if name.lower() == SHARED_TOKEN_NAME:
        raise SitrepError(f"the name {name!r} is kept for the shared token of sitrep serve --token", code="E420")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise SitrepError(f"unknown role {role!r} (one of {', '.join(ROLES)})", code="E420")
    return role


def _account(row: Row) -> Account:
    return Account(name=row["name"], role=row["role"], created=row["created_at"], last_used=row["last_used"],
                   revoked=row["revoked_at"])


def add_user(store: Store, name: str, role: str) -> tuple[Account, str]:
    """Create an account; returns it and its token (shown once, stored only as its hash).
    E420 for a bad name or role, E421 when the name is taken (revoked names stay taken)."""
    check_name(name)
    check_role(role)
    token = new_token()
    if not store.add_user(name, role, hash_token(token)):
        raise SitrepError(f"there is already a user named {name!r}", code="E421")
    row = store.user_by_name(name)
    assert row is not None
    return _account(row), token


def list_users(store: Store) -> list[Account]:
    """Every account, revoked ones too, by name."""
    return [_account(r) for r in store.user_rows()]


def revoke_user(store: Store, name: str) -> Account:
    """Revoke an account: its token stops working at once (E422 when there is no live one)."""
    if not store.revoke_user(name):
        row = store.user_by_name(name)
        why = "it was already revoked" if row is not None else "sitrep users list shows the accounts"
        raise SitrepError(f"no live user named {name!r} ({why})", code="E422")
    row = store.user_by_name(name)
    assert row is not None
    return _account(row)


def authenticate(store: Store, token: str | None) -> Identity | None:
    """The live account holding ``token``, or None."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = store.user_by_token_hash(hash_token(token))
    return Identity(row["name"], row["role"]) if row else None


def identity_named(store: Store, name: str) -> Identity | None:
    """The live account called ``name`` (a signed session names its account), or None."""
    row = store.user_by_name(name)
    if row is None or row["revoked_at"]:
        return None
    return Identity(row["name"], row["role"])


__all__ = ["ROLES", "Account", "Identity", "TOKEN_PREFIX", "SHARED_TOKEN_NAME", "hash_token", "new_token",
           "check_name", "check_role", "with_article", "add_user", "list_users", "revoke_user", "authenticate", "identity_named"]
