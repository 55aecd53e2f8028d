"""Test helpers for the web apps: mount under a prefix, sign in, read CSRF tokens.

    client = mounted_client(app, "/stakeholders")
    csrf = sign_in(client, "officer@test.local", "a long password")  # an existing account
    client.post("/stakeholders/api/v1/people", json={...}, headers={"X-CSRFToken": csrf})

`sign_in_as(client, roles=...)` skips the sign-in page: it writes a staff member into the
client's app's own staff_members table (as the account events would) and puts its id in
the shared session. `grant_token(app, roles)` does the same for a personal API token.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import Engine, delete, insert
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from shared.access.identity import TOKEN_PREFIX, token_hash
from shared.access.tables import staff_members, staff_tokens
from shared.db import write_transaction
from shared.web.auth import new_session_cookie

DEFAULT_EMAIL = "officer@argan.test"
DEFAULT_PASSWORD = "correct horse battery staple"
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|name="csrf-token" content="([^"]+)"')


def mounted_client(app: Flask, prefix: str) -> FlaskClient:
    """A test client on which the app answers under `prefix` (SCRIPT_NAME), as in production."""
    app.wsgi_app = DispatcherMiddleware(NotFound(), {prefix: app.wsgi_app})
    return app.test_client()


def csrf_token(html: str) -> str:
    match = _TOKEN.search(html)
    if not match:
        raise AssertionError("no CSRF token in the page")
    return match.group(1) or match.group(2)


def sign_in(client, email: str = DEFAULT_EMAIL, password: str = DEFAULT_PASSWORD, *,
            prefix: str = "/stakeholders") -> str:
    """Sign in through the sign-in page (the account must exist: open it with the service's
    own means first; shared/ knows no service) and return the session's CSRF token."""
    page = client.get(f"{prefix}/sign-in")
    assert page.status_code == 200, page.status_code
    response = client.post(f"{prefix}/sign-in", data={
        "email": email, "password": password, "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 302, f"sign-in failed ({response.status_code})"
    return csrf_token(client.get(f"{prefix}/sign-in", follow_redirects=True).get_data(as_text=True))


def sign_in_as(client: FlaskClient, roles=("admin",), staff_id: str | None = None, *,
               email: str | None = None, name: str = "Test Officer") -> str:
    """Make `staff_id` (a new id if None) a staff member with `roles` in the client's app
    (its email unique unless given) and put it in the shared session; returns a CSRF token
    for that session."""
    staff_id = put_staff_member(app_engine(client.application), roles, staff_id,
                                email=email, name=name)
    return put_session(client, staff_id)


def put_session(client: FlaskClient, account_id: str) -> str:
    """The shared session as the sign-in page leaves it ({"id", "sid", "iat"}), without
    touching any table; returns a CSRF token for that session."""
    raw = uuid.uuid4().hex
    with client.session_transaction() as session:
        session["staff"] = new_session_cookie(account_id)
        session["csrf_token"] = raw
        session.permanent = True
    secret = client.application.secret_key
    return URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw)


def grant_token(app: Flask, roles=("admin",), staff_id: str | None = None) -> str:
    """A personal API token (in clear) of a staff member with `roles` in `app`'s tables."""
    return grant_token_in(app_engine(app), roles, staff_id)


def grant_token_in(engine: Engine, roles=("admin",), staff_id: str | None = None) -> str:
    """The same in a service's database (for a service running in another process)."""
    staff_id = put_staff_member(engine, roles, staff_id)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with write_transaction(engine) as conn:
        conn.execute(insert(staff_tokens).values(
            token_id=str(uuid.uuid4()), account_id=staff_id, name="tests",
            token_hash=token_hash(token), revoked=False, created_at=_now()))
    return token


def put_staff_member(engine: Engine, roles=("admin",), staff_id: str | None = None, *,
                     email: str | None = None, name: str = "Test Officer",
                     disabled: bool = False) -> str:
    """Write (or overwrite) a staff member row, as the account events would; its id."""
    staff_id = staff_id or str(uuid.uuid4())
    with write_transaction(engine) as conn:
        conn.execute(delete(staff_members).where(staff_members.c.account_id == staff_id))
        conn.execute(insert(staff_members).values(
            account_id=staff_id, email=email or f"{staff_id[:8]}@argan.test", name=name,
            office="marseille", roles=sorted(roles), disabled=disabled, updated_at=_now()))
    return staff_id


def app_engine(app: Flask) -> Engine:
    return app.extensions["argan"]["engine"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
