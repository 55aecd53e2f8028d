"""The signed-in staff member, kept in the shared session cookie.

Accounts live in the stakeholders service; every service only reads the session,
signed with the shared secret, and trusts it until it expires.
"""
from __future__ import annotations

from typing import Any

from flask import session

SESSION_KEY = "staff"


def sign_in(staff: dict[str, Any]) -> None:
    """Start a fresh session for `staff` = {"id", "email", "name", "roles"}."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session[SESSION_KEY] = {"id": str(staff["id"]), "email": staff["email"],
                            "name": staff.get("name") or staff["email"],
                            "roles": list(staff.get("roles") or [])}
    session.permanent = True


def sign_out() -> None:
    session.pop(SESSION_KEY, None)
    session.pop("csrf_token", None)


def current_staff() -> dict[str, Any] | None:
    staff = session.get(SESSION_KEY)
    return staff if isinstance(staff, dict) and staff.get("id") else None


def signed_in_actor() -> str | None:
    """The id recorded as `actor` in the metadata of the events a request causes."""
    staff = current_staff()
    return staff["id"] if staff else None


def has_role(*roles: str) -> bool:
    staff = current_staff()
    return bool(staff) and bool(set(roles) & set(staff.get("roles") or ()))
