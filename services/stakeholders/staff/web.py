"""What the staff pages and API share: the app's engine, store and credentials; who is calling."""
from __future__ import annotations

from shared.web.auth import signed_in_actor
from shared.web.wiring import engine, store

from . import queries
from .credentials import Credentials


def credentials() -> Credentials:
    return Credentials(engine())


def email_in_use(email: str) -> bool:
    return queries.email_in_use(engine(), email)


def my_id() -> str | None:
    """The caller's account id, as the guard identified it (session or bearer token)."""
    return signed_in_actor()


def no_store(response):
    """For pages and answers that show a password or a token once."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response
