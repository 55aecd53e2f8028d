"""Who is calling, for the request being served.

The shared session cookie holds only the staff member's account id; a script sends
`Authorization: Bearer <personal API token>`. Either is checked against THIS service's
own copy of the accounts (shared.access), so a disabled account, a revoked role or a
revoked token stops working here as soon as the account event has reached this service.
"""
from __future__ import annotations

from flask import current_app, g, has_request_context, request, session

from shared.access.identity import Staff, from_session, from_token, is_disabled

SESSION_KEY = "staff"
_UNSET = object()


def sign_in(staff) -> None:
    """Start a fresh session for `staff`: an account id, or a dict with its "id"."""
    account_id = staff["id"] if isinstance(staff, dict) else staff
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session[SESSION_KEY] = {"id": str(account_id)}
    session.permanent = True
    g.pop("staff", None)


def sign_out() -> None:
    session.pop(SESSION_KEY, None)
    session.pop("csrf_token", None)
    g.staff = None


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer ...` header, if any."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def session_account_id() -> str | None:
    staff = session.get(SESSION_KEY)
    return str(staff["id"]) if isinstance(staff, dict) and staff.get("id") else None


def current_staff() -> Staff | None:
    """The staff member calling (identified once per request), or None."""
    if not has_request_context():
        return None
    staff = g.get("staff", _UNSET)
    if staff is _UNSET:
        staff = g.staff = _identify()
    return staff


def signed_in_actor() -> str | None:
    """The id recorded as `actor` in the metadata of the events a request causes."""
    staff = current_staff()
    return staff.id if staff else None


def has_role(*roles: str) -> bool:
    staff = current_staff()
    return bool(staff) and bool(set(roles) & set(staff.roles))


def _identify() -> Staff | None:
    engine = (current_app.extensions.get("argan") or {}).get("engine")
    if engine is None:  # an app without accounts lets nobody in
        return None
    token = bearer_token()
    with engine.connect() as conn:
        if token is not None:  # a script: its token alone decides, never the cookie
            return from_token(conn, token)
        account_id = session_account_id()
        staff = from_session(conn, account_id)
        if staff is None and is_disabled(conn, account_id):
            sign_out()  # the cookie of a disabled account is of no further use
        return staff
