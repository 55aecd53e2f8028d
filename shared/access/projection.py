"""Keeps `staff_members` and `staff_tokens` in step with the staff account events.

The events (stream type `staff_account`, published by stakeholders) and their data:
    staff_account.opened           {email, name, office, roles}
    staff_account.details_changed  {changed: [...], and those of email, name, office}
    staff_account.role_granted     {role}
    staff_account.role_revoked     {role}
    staff_account.disabled         {reason}
    staff_account.enabled          {}
    staff_account.password_set     {reason, temporary}   changed/reset: sessions end
    staff_account.token_created    {token_id, name, token_hash, expires_at}
    staff_account.token_revoked    {token_id}
    staff_account.signed_out       {session_id}      that one session ends
    staff_account.signed_out_everywhere {}           every session of the account ends
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from sqlalchemy import Connection, delete, insert, select, update

from .tables import staff_ended_sessions, staff_members, staff_tokens

STREAM_TYPE = "staff_account"
ENDED_SESSIONS_KEPT = dt.timedelta(days=2)  # longer than any session may live
BINDING = "stakeholders.staff_account.*"


def apply_staff_event(conn: Connection, event_type: str, account_id: str, data: dict[str, Any],
                      at: dt.datetime) -> None:
    handler = _HANDLERS.get(event_type)
    if handler is not None:
        handler(conn, account_id, data, at)


def project_staff_events(conn: Connection, stored_events: Sequence) -> None:
    """A local projector (stakeholders): stored events, in the append transaction."""
    for e in stored_events:
        if e.stream_type == STREAM_TYPE:
            apply_staff_event(conn, e.type, e.stream_id, e.data, e.recorded_at)


def apply_received_staff_event(conn: Connection, event) -> bool:
    """For consumers of other services: True if `event` (a ReceivedEvent) was a staff event."""
    if event.source != "stakeholders" or not event.type.startswith(STREAM_TYPE + "."):
        return False
    apply_staff_event(conn, event.type, event.stream_id, event.data, event.time)
    return True


def _member(conn: Connection, account_id: str):
    return conn.execute(select(staff_members).where(staff_members.c.account_id == account_id)
                        ).mappings().first()


def _set(conn: Connection, account_id: str, at: dt.datetime, **values) -> None:
    conn.execute(update(staff_members).where(staff_members.c.account_id == account_id)
                 .values(updated_at=at, **values))


def _opened(conn, account_id, data, at):
    values = {"email": data["email"], "name": data["name"], "office": data.get("office"),
              "roles": sorted(set(data.get("roles") or [])), "disabled": False,
              "updated_at": at}
    conn.execute(delete(staff_members).where(staff_members.c.account_id == account_id))
    conn.execute(insert(staff_members).values(account_id=account_id, **values))


def _details_changed(conn, account_id, data, at):
    names = data.get("changed") or [k for k in ("email", "name", "office") if k in data]
    values = {k: data[k] for k in names if k in ("email", "name", "office")}
    if values:
        _set(conn, account_id, at, **values)


def _role_granted(conn, account_id, data, at):
    member = _member(conn, account_id)
    if member is not None:
        _set(conn, account_id, at, roles=sorted(set(member["roles"]) | {data["role"]}))


def _role_revoked(conn, account_id, data, at):
    member = _member(conn, account_id)
    if member is not None:
        _set(conn, account_id, at, roles=sorted(set(member["roles"]) - {data["role"]}))


def _disabled(conn, account_id, data, at):
    _set(conn, account_id, at, disabled=True, sessions_valid_from=at)


def _password_set(conn, account_id, data, at):
    values = {"must_change_password": bool(data.get("temporary"))}
    if data.get("reason") in ("changed", "reset"):  # whoever knew the old one is signed out
        values["sessions_valid_from"] = at
    _set(conn, account_id, at, **values)


def _signed_out(conn, account_id, data, at):
    conn.execute(delete(staff_ended_sessions)
                 .where(staff_ended_sessions.c.ended_at < at - ENDED_SESSIONS_KEPT))
    conn.execute(delete(staff_ended_sessions)
                 .where(staff_ended_sessions.c.session_id == data["session_id"]))
    conn.execute(insert(staff_ended_sessions).values(session_id=data["session_id"],
                                                     account_id=account_id, ended_at=at))


def _signed_out_everywhere(conn, account_id, data, at):
    _set(conn, account_id, at, sessions_valid_from=at)


def _enabled(conn, account_id, data, at):
    _set(conn, account_id, at, disabled=False)


def _token_created(conn, account_id, data, at):
    conn.execute(delete(staff_tokens).where(staff_tokens.c.token_id == data["token_id"]))
    conn.execute(insert(staff_tokens).values(
        token_id=data["token_id"], account_id=account_id, name=data["name"],
        token_hash=data["token_hash"], revoked=False, created_at=at,
        expires_at=_instant(data.get("expires_at"))))


def _token_revoked(conn, account_id, data, at):
    conn.execute(update(staff_tokens).where(staff_tokens.c.token_id == data["token_id"])
                 .values(revoked=True))


def _instant(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


_HANDLERS = {
    "staff_account.opened": _opened,
    "staff_account.details_changed": _details_changed,
    "staff_account.role_granted": _role_granted,
    "staff_account.role_revoked": _role_revoked,
    "staff_account.disabled": _disabled,
    "staff_account.enabled": _enabled,
    "staff_account.token_created": _token_created,
    "staff_account.token_revoked": _token_revoked,
    "staff_account.password_set": _password_set,
    "staff_account.signed_out": _signed_out,
    "staff_account.signed_out_everywhere": _signed_out_everywhere,
}
