"""Who is calling, for the request being served.

The shared session cookie holds the staff member's account id, a random session id and
when the session started; a script sends
`Authorization: Bearer <personal API token>`. Either is checked against THIS service's
own copy of the accounts (shared.access), so a disabled account, a revoked role, a
revoked token or an ended session (signed out, password changed or reset, "sign out
everywhere") stops working here as soon as the account event has reached this service.
A session also ends after SESSION_IDLE without a request (the cookie's signed timestamp,
PERMANENT_SESSION_LIFETIME) and ARGAN_SESSION_LIFETIME after it started, whatever happens.
"""
from __future__ import annotations

import datetime as dt
import secrets
import time

from flask import current_app, g, has_request_context, request, session

from shared.access.identity import Staff, from_session, from_token

SESSION_KEY = "staff"
LIFETIME_KEY = "ARGAN_SESSION_LIFETIME"  # app.config: the absolute lifetime (timedelta)
_UNSET = object()


def new_session_cookie(account_id: str) -> dict:
    return {"id": str(account_id), "sid": secrets.token_urlsafe(18), "iat": time.time()}


def sign_in(staff, *, renewal: bool = False) -> None:
    """Start a fresh session for `staff` (an account id, or a dict with its "id"): a new
    session id, started now. A `renewal` (the same person, after their password change
    ended every session) keeps the CSRF token the open pages and scripts hold."""
    account_id = staff["id"] if isinstance(staff, dict) else staff
    kept = {key: session[key] for key in ("lang", *(("csrf_token",) if renewal else ()))
            if session.get(key)}
    session.clear()
    session.update(kept)
    session[SESSION_KEY] = new_session_cookie(account_id)
    session.permanent = True
    g.pop("staff", None)


def session_id() -> str | None:
    """The id of the current session (to end it for good at sign-out)."""
    cookie = session.get(SESSION_KEY)
    return str(cookie["sid"]) if isinstance(cookie, dict) and cookie.get("sid") else None


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
            staff = from_token(conn, token)
            conn.commit()  # its last use
            return staff
        lifetime = current_app.config.get(LIFETIME_KEY) or dt.timedelta(hours=12)
        check = from_session(conn, session.get(SESSION_KEY), lifetime=lifetime)
        if check.over:
            sign_out()  # the cookie of an ended session is of no further use
        return check.staff
