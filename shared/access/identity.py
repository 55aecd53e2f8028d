"""Who is calling: a staff member from the session or from a personal API token,
checked against this service's own copy of the accounts (never another service's)."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection, or_, select, update

from .roles import permissions_of
from .tables import staff_ended_sessions, staff_members, staff_tokens

TOKEN_PREFIX = "argan_"


@dataclass(frozen=True)
class Staff:
    id: str
    email: str
    name: str
    roles: tuple[str, ...]
    via: str                      # "session" or "token"
    token_id: str | None = None
    must_change_password: bool = False

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
    return Staff(row["account_id"], row["email"], row["name"], tuple(row["roles"]), via,
                 token_id, bool(row["must_change_password"]))


@dataclass(frozen=True)
class SessionCheck:
    staff: Staff | None
    over: bool     # the session can never be valid again: its cookie is to be cleared


def from_session(conn: Connection, cookie: dict | None, *, lifetime: dt.timedelta,
                 at: dt.datetime | None = None) -> SessionCheck:
    """The staff member of a session cookie ({"id", "sid", "iat"}), if the session is still
    on: started less than `lifetime` ago, not signed out, started after the account's
    sessions were last ended, the account not disabled. An account not known here yet is
    no staff member, but its session is not over (its events may be on their way)."""
    at = at or dt.datetime.now(dt.timezone.utc)
    if not isinstance(cookie, dict) or not cookie.get("id"):
        return SessionCheck(None, over=False)
    started = _started(cookie)
    if started is None or not cookie.get("sid") or at - started > lifetime:
        return SessionCheck(None, over=True)
    row = conn.execute(select(staff_members)
                       .where(staff_members.c.account_id == str(cookie["id"]))).mappings().first()
    if row is None:
        return SessionCheck(None, over=False)
    valid_from = _aware(row["sessions_valid_from"])
    ended = conn.execute(select(staff_ended_sessions.c.session_id)
                         .where(staff_ended_sessions.c.session_id == str(cookie["sid"]))).first()
    if row["disabled"] or ended or (valid_from and started < valid_from):
        return SessionCheck(None, over=True)
    return SessionCheck(_staff(row, "session"), over=False)


def _started(cookie: dict) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(float(cookie.get("iat")), dt.timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:  # SQLite drops the zone; stored as UTC
        return value.replace(tzinfo=dt.timezone.utc)
    return value


LAST_USE_STEP = dt.timedelta(minutes=1)  # last_used_at is written at most this often


def from_token(conn: Connection, token: str | None,
               at: dt.datetime | None = None) -> Staff | None:
    """The owner of a personal API token not revoked nor expired; notes its use."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    at = at or dt.datetime.now(dt.timezone.utc)
    query = (select(staff_members, staff_tokens.c.token_id, staff_tokens.c.last_used_at)
             .join(staff_tokens, staff_tokens.c.account_id == staff_members.c.account_id)
             .where(staff_tokens.c.token_hash == token_hash(token))
             .where(staff_tokens.c.revoked.is_(False))
             .where(or_(staff_tokens.c.expires_at.is_(None), staff_tokens.c.expires_at > at)))
    row = conn.execute(query).mappings().first()
    staff = _staff(row, "token", row["token_id"] if row else None)
    if staff is not None and (row["last_used_at"] is None
                              or at - _aware(row["last_used_at"]) >= LAST_USE_STEP):
        conn.execute(update(staff_tokens).where(staff_tokens.c.token_id == staff.token_id)
                     .values(last_used_at=at))
    return staff
