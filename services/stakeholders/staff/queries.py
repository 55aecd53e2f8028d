"""The read side of staff accounts: the list, one account, its history, its tokens."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import format_date, format_time, gettext
from sqlalchemy import Engine, and_, func, or_, select, true

from shared.db import escape_like
from shared.access.tables import staff_members, staff_tokens
from shared.eventstore import NotFound

from . import labels
from .credentials import staff_credentials
from .domain import STREAM_TYPE, StaffAccount, registry


def email_in_use(engine: Engine, email: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(staff_members.c.account_id)
                            .where(staff_members.c.email == email)).first() is not None


def emails_by_id(conn, ids) -> dict[str, str]:
    ids = [i for i in set(ids) if i]
    if not ids:
        return {}
    rows = conn.execute(select(staff_members.c.account_id, staff_members.c.email)
                        .where(staff_members.c.account_id.in_(ids)))
    return {r.account_id: r.email for r in rows}


def list_accounts(engine: Engine, *, q: str | None = None, status: str = "all",
                  role: str | None = None, page: int = 1, per_page: int = 20) -> dict[str, Any]:
    conditions = []
    for word in (q or "").lower().split():
        pattern = f"%{escape_like(word)}%"
        conditions.append(or_(func.lower(staff_members.c.email).like(pattern, escape="\\"),
                              func.lower(staff_members.c.name).like(pattern, escape="\\")))
    if status == "active":
        conditions.append(staff_members.c.disabled.is_(False))
    elif status == "disabled":
        conditions.append(staff_members.c.disabled.is_(True))
    where = and_(true(), *conditions)
    query = (select(staff_members, staff_credentials.c.last_sign_in_at)
             .outerjoin(staff_credentials,
                        staff_credentials.c.account_id == staff_members.c.account_id)
             .where(where))
    with engine.connect() as conn:
        rows = [_member(r) for r in conn.execute(
            query.order_by(func.lower(staff_members.c.name), staff_members.c.email)
        ).mappings()]
    if role:  # roles are a JSON list: filtered here, the list of staff is short
        rows = [r for r in rows if role in r["roles"]]
    start = (page - 1) * per_page
    return {"items": rows[start:start + per_page], "total": len(rows), "page": page,
            "per_page": per_page}


def get_account(store, account_id: str) -> dict[str, Any]:
    """The account as its events tell it, with its version, last sign-in and tokens."""
    stored = store.load(account_id)
    if not stored or stored[0].stream_type != STREAM_TYPE:
        raise NotFound(STREAM_TYPE, account_id)
    account = StaffAccount.rebuild(account_id, (registry.to_event(s.type, s.data)
                                                for s in stored))
    with store.engine.connect() as conn:
        signed_in = conn.execute(select(staff_credentials.c.last_sign_in_at)
                                 .where(staff_credentials.c.account_id == account_id)).scalar()
        must_change = conn.execute(select(staff_members.c.must_change_password)
                                   .where(staff_members.c.account_id == account_id)).scalar()
        tokens = conn.execute(select(staff_tokens.c.token_id, staff_tokens.c.name,
                                     staff_tokens.c.created_at, staff_tokens.c.revoked,
                                     staff_tokens.c.expires_at, staff_tokens.c.last_used_at)
                              .where(staff_tokens.c.account_id == account_id)
                              .order_by(staff_tokens.c.created_at.desc())).mappings().all()
    return {"id": account_id, "version": account.version, "email": account.email,
            "name": account.name, "office": account.office, "roles": sorted(account.roles),
            "disabled": account.disabled, "last_sign_in_at": _aware(signed_in),
            "must_change_password": bool(must_change), "opened_at": stored[0].recorded_at,
            "tokens": [_token(t) for t in tokens]}


def _token(row) -> dict[str, Any]:
    expires_at = _aware(row["expires_at"])
    return {"id": row["token_id"], "name": row["name"], "revoked": row["revoked"],
            "created_at": _aware(row["created_at"]), "expires_at": expires_at,
            "expired": bool(expires_at and expires_at <= dt.datetime.now(dt.timezone.utc)),
            "last_used_at": _aware(row["last_used_at"])}


def account_history(store, account_id: str) -> list[dict[str, Any]]:
    """Every event of an account, newest first: what, by whom, when (translated)."""
    stored = store.load(account_id)
    if not stored or stored[0].stream_type != STREAM_TYPE:
        raise NotFound(STREAM_TYPE, account_id)
    stored = [s for s in stored if s.type != "staff_account.signed_out"]  # routine, not news
    with store.engine.connect() as conn:
        emails = emails_by_id(conn, [s.metadata.get("actor") for s in stored])
    entries, state, token_names = [], {}, {}
    for s in stored:
        actor_id = (s.metadata or {}).get("actor")
        when = {"actor": emails.get(actor_id) or actor_id or gettext("the system"),
                "date": format_date(s.recorded_at, "short"),
                "time": format_time(s.recorded_at, "short")}
        summary, lines = _describe(s.type, s.data, when, state, token_names)
        entries.append({"version": s.version, "type": s.type, "at": s.recorded_at,
                        "actor": actor_id, "actor_email": emails.get(actor_id),
                        "summary": summary, "changes": lines})
    return list(reversed(entries))


def _describe(kind: str, data: dict, when: dict, state: dict, token_names: dict):
    lines: list[str] = []
    if kind == "staff_account.opened":
        state.update(email=data["email"], name=data["name"], office=data.get("office"))
        lines = [gettext("%(what)s: %(value)s", what=labels.FIELDS[f],
                         value=labels.show(f, data.get(f)))
                 for f in ("email", "name", "office", "roles")]
        return gettext("Account opened by %(actor)s on %(date)s at %(time)s", **when), lines
    if kind == "staff_account.details_changed":
        for f in data.get("changed") or ():
            lines.append(gettext("%(what)s: %(before)s → %(after)s", what=labels.FIELDS[f],
                                 before=labels.show(f, state.get(f)),
                                 after=labels.show(f, data.get(f))))
            state[f] = data.get(f)
        return gettext("Details changed by %(actor)s on %(date)s at %(time)s", **when), lines
    if kind == "staff_account.role_granted":
        return gettext("Role %(role)s granted by %(actor)s on %(date)s at %(time)s",
                       role=labels.role(data["role"]), **when), lines
    if kind == "staff_account.role_revoked":
        return gettext("Role %(role)s revoked by %(actor)s on %(date)s at %(time)s",
                       role=labels.role(data["role"]), **when), lines
    if kind == "staff_account.disabled":
        if data.get("reason"):
            lines.append(gettext("Reason: %(reason)s", reason=data["reason"]))
        return gettext("Disabled by %(actor)s on %(date)s at %(time)s", **when), lines
    if kind == "staff_account.enabled":
        return gettext("Enabled again by %(actor)s on %(date)s at %(time)s", **when), lines
    if kind == "staff_account.password_set":
        if data.get("temporary"):
            lines.append(gettext("Temporary: to be replaced at the next sign-in"))
        message = {"changed": gettext("Password changed by %(actor)s on %(date)s at %(time)s",
                                      **when),
                   "reset": gettext("Password reset by %(actor)s on %(date)s at %(time)s",
                                    **when)}.get(data.get("reason"))
        return message or gettext("Password set by %(actor)s on %(date)s at %(time)s",
                                  **when), lines
    if kind == "staff_account.signed_out_everywhere":
        return gettext("Signed out everywhere by %(actor)s on %(date)s at %(time)s",
                       **when), lines
    if kind == "staff_account.token_created":
        token_names[data["token_id"]] = data["name"]
        return gettext("API token “%(name)s” created by %(actor)s on %(date)s at %(time)s",
                       name=data["name"], **when), lines
    if kind == "staff_account.token_revoked":
        return gettext("API token “%(name)s” revoked by %(actor)s on %(date)s at %(time)s",
                       name=token_names.get(data["token_id"], "?"), **when), lines
    return kind, lines


def _member(row) -> dict[str, Any]:
    member = dict(row)
    member["id"] = member.pop("account_id")
    member["roles"] = sorted(member.get("roles") or [])
    member["last_sign_in_at"] = _aware(member.get("last_sign_in_at"))
    member["updated_at"] = _aware(member.get("updated_at"))
    return member


def _aware(value):
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value

