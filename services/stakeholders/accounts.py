"""Staff accounts outside the web pages: the CLI's first admin, tests, and signing in.

Accounts are StaffAccount streams (staff/); passwords live in staff_credentials only.
"""
from __future__ import annotations

import datetime as dt
import time
from typing import Callable

from sqlalchemy import Engine, func, select, update

from shared.access.tables import staff_members
from shared.db import write_transaction
from shared.eventstore import DomainError, EventStore, Metadata, UnitOfWork

from .events import PROJECTORS, registry
from .staff import handlers
from .staff.credentials import (Credentials, clear_failures, forget_pair, hash_password,
                                is_slowed, needs_rehash, now, pair_key, record_failure,
                                reserve_attempt, staff_credentials, temporary_password,
                                throttle_keys, verify_password)
from .staff.domain import normal_email
from .staff.queries import email_in_use, emails_by_id  # noqa: F401  (used by pages, queries)

FIRST_ADMIN_EMAIL = "admin@argan.local"
SLOW_DOWN_SECONDS = 1.0


class SignInRefused(Exception):
    """Refused whatever the password: too many failures (`until`), or a disabled account."""

    def __init__(self, until: dt.datetime | None = None, disabled: bool = False):
        super().__init__("disabled" if disabled else f"refused until {until}")
        self.until = until
        self.disabled = disabled


def open_staff_account(engine: Engine, email: str, password: str, name: str,
                       roles=("officer",), office: str = "marseille",
                       actor: str | None = None) -> str:
    """Open an account with `password` in one transaction; returns its id. The password
    is its owner's own (the CLI asks for it): not one to replace at the first sign-in.
    Raises ValueError naming the field on bad input (weak password, taken email...)."""
    uow = UnitOfWork(EventStore(engine, registry), PROJECTORS, Metadata(actor=actor))
    command = {"email": email, "name": name or email, "office": office, "roles": tuple(roles),
               "password": password}
    try:
        account, _ = handlers.open_account(uow, Credentials(engine), command, temporary=False,
                                           email_in_use=lambda e: email_in_use(engine, e))
    except DomainError as exc:
        raise ValueError(f"{exc.field or 'account'}: {exc.message}") from None
    return account.id


def create_account(engine: Engine, email: str, password: str, name: str,
                   roles=("officer",), office: str = "marseille") -> str:
    """The former name of open_staff_account, kept for callers not yet moved."""
    return open_staff_account(engine, email, password, name, roles, office)


def create_admin(engine: Engine, email: str, password: str, name: str,
                 office: str = "marseille") -> str:
    """`argan create-admin`: an account with the admin role. ValueError on a weak password."""
    return open_staff_account(engine, email, password, name, ("admin",), office)


def ensure_first_admin(engine: Engine) -> tuple[str, str] | None:
    """Create admin@argan.local with a strong random password if there is no account yet."""
    with engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(staff_members)).scalar_one():
            return None
    password = temporary_password()  # always passes the policy (token_urlsafe may not)
    create_admin(engine, FIRST_ADMIN_EMAIL, password, "Administrateur")
    return FIRST_ADMIN_EMAIL, password


def authenticate(engine: Engine, email: str, password: str, address: str | None = None, *,
                 sleep: Callable[[float], None] = time.sleep,
                 at: dt.datetime | None = None) -> str | None:
    """The account id if the password is right, else None.

    Refused (SignInRefused(until=...)) before any check while the (account, address) pair
    waits out its growing delay; slowed down after many failures of the account or from the
    address; a disabled account is refused (SignInRefused(disabled=True)) once the password
    is right. Unknown emails cost the same Argon2 work as known ones.
    """
    email, at = normal_email(email), at or now()
    pair, keys = pair_key(email, address), throttle_keys(email, address)
    with write_transaction(engine) as conn:
        refused_until = reserve_attempt(conn, pair, at)
    if refused_until:
        raise SignInRefused(until=refused_until)
    with engine.connect() as conn:
        slow = is_slowed(conn, keys, at)
        member = conn.execute(select(staff_members.c.account_id, staff_members.c.disabled)
                              .where(staff_members.c.email == email)).first()
        stored_hash = member and conn.execute(
            select(staff_credentials.c.password_hash)
            .where(staff_credentials.c.account_id == member.account_id)).scalar()
    if slow:
        sleep(SLOW_DOWN_SECONDS)
    if not verify_password(stored_hash or None, password) or member is None:
        with write_transaction(engine) as conn:
            record_failure(conn, keys, at)
        return None
    with write_transaction(engine) as conn:
        forget_pair(conn, pair)  # the right password: this pair starts from zero again
    if member.disabled:
        raise SignInRefused(disabled=True)
    values = {"last_sign_in_at": at}
    if needs_rehash(stored_hash):
        values["password_hash"] = hash_password(password)
    with write_transaction(engine) as conn:
        clear_failures(conn, keys[0])
        conn.execute(update(staff_credentials)
                     .where(staff_credentials.c.account_id == member.account_id).values(**values))
    return member.account_id
