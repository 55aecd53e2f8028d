"""Test helpers for the web apps: mount under a prefix, sign in, read CSRF tokens.

    client = mounted_client(app, "/stakeholders")
    csrf = sign_in(client, engine, "officer@test.local", "a long password")
    client.post("/stakeholders/api/v1/people", json={...}, headers={"X-CSRFToken": csrf})

For a service without the sign-in pages (reporting, ...), `sign_in_as(client)` puts a
staff member straight into the shared session and returns a CSRF token.
"""
from __future__ import annotations

import re
import uuid

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware

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


def sign_in(client, engine=None, email: str = DEFAULT_EMAIL, password: str = DEFAULT_PASSWORD,
            *, name: str = "Test Officer", roles=("admin",), prefix: str = "/stakeholders") -> str:
    """Create the account in the stakeholders database `engine` (if given and missing), sign
    in through the sign-in page and return the session's CSRF token for API calls."""
    if engine is not None:
        from services.stakeholders.accounts import create_account
        from services.stakeholders.projections import staff_accounts
        with engine.connect() as conn:
            exists = conn.execute(select(staff_accounts.c.id)
                                  .where(staff_accounts.c.email == email.lower())).first()
        if not exists:
            create_account(engine, email, password, name, roles=tuple(roles))
    page = client.get(f"{prefix}/sign-in")
    assert page.status_code == 200, page.status_code
    response = client.post(f"{prefix}/sign-in", data={
        "email": email, "password": password, "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 302, f"sign-in failed ({response.status_code})"
    return csrf_token(client.get(f"{prefix}/sign-in", follow_redirects=True).get_data(as_text=True))


def sign_in_as(client: FlaskClient, staff: dict | None = None) -> str:
    """Put `staff` in the shared session of a Flask test client; return a CSRF token."""
    staff = staff or {"id": str(uuid.uuid4()), "email": DEFAULT_EMAIL, "name": "Test Officer",
                      "roles": ["admin"]}
    raw = uuid.uuid4().hex
    with client.session_transaction() as session:
        session["staff"] = staff
        session["csrf_token"] = raw
        session.permanent = True
    secret = client.application.secret_key
    return URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw)
