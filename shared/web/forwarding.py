"""A service calling another's API as the staff member it is serving: their personal API
token as it came, else the shared session cookie with a CSRF token of that session, so the
other service checks the member's own roles and records them as the actor (the service
token opens the event feeds only, never a write or a person's data)."""
from __future__ import annotations

from typing import Callable

Credentials = Callable[[], dict[str, dict[str, str]]]  # -> {"headers": ..., "cookies": ...}


def caller_credentials(session_cookie: str, language: str | None = None) -> Credentials:
    """Credentials read from the request being served (call it inside the request: threads
    are outside it). `language`: the Accept-Language to ask for, else the caller's own."""

    def credentials() -> dict[str, dict[str, str]]:
        from flask import request
        from flask_wtf.csrf import generate_csrf

        from shared.web.auth import bearer_token
        headers = {"Accept": "application/json",
                   "Accept-Language": language or request.headers.get("Accept-Language", "fr")}
        token = bearer_token()
        if token is not None:
            return {"headers": {**headers, "Authorization": f"Bearer {token}"}, "cookies": {}}
        cookie = request.cookies.get(session_cookie)
        return {"headers": {**headers, "X-CSRFToken": generate_csrf()},
                "cookies": {session_cookie: cookie} if cookie else {}}

    return credentials
