"""Who is calling: a staff member from the session or from a personal API token,
checked against this service's own copy of the accounts (never another service's)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection, select

from .roles import permissions_of
from .tables import staff_members, staff_tokens

TOKEN_PREFIX = "argan_"


@dataclass(frozen=True)
class Staff:
    id: str
    email: str
    name: str
    roles: tuple[str, ...]
    via: str                      # "session" or "token"
    token_id: str | None = None

    @property
    def permissions(self) -> frozenset[str]:
        return permissions_of(self.roles)

    def may(self, permission: str) -> bool:
        return permission in self.permissions


def token_hash(token: str) -> str:
    """Tokens are random and long: a plain SHA-256 is enough to store and look them up."""
    return hashlib.sha256(token.encode()).hexdigest()


def _staff(row, via: str, token_id: str | None = None) -> Staff | None:
    if row is None or row["disabled"]:
        return None
    return Staff(row["account_id"], row["email"], row["name"], tuple(row["roles"]), via, token_id)


def from_session(conn: Connection, account_id: str | None) -> Staff | None:
    if not account_id:
        return None
    row = conn.execute(select(staff_members).where(staff_members.c.account_id == account_id)
                       ).mappings().first()
    return _staff(row, "session")


def is_disabled(conn: Connection, account_id: str | None) -> bool:
    """Known here and disabled (an account not known yet is not disabled: its events
    may still be on their way to this service)."""
    if not account_id:
        return False
    return bool(conn.execute(select(staff_members.c.disabled)
                             .where(staff_members.c.account_id == account_id)).scalar())


def from_token(conn: Connection, token: str | None) -> Staff | None:
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    query = (select(staff_members, staff_tokens.c.token_id)
             .join(staff_tokens, staff_tokens.c.account_id == staff_members.c.account_id)
             .where(staff_tokens.c.token_hash == token_hash(token))
             .where(staff_tokens.c.revoked.is_(False)))
    row = conn.execute(query).mappings().first()
    return _staff(row, "token", row["token_id"] if row else None)
