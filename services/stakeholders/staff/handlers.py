"""One function per command: load, decide, append (with the projections, in one transaction).

Commands that set a password take `credentials` (credentials.Credentials): the hash is
written by an extra projector, in the transaction that appends `password_set`.
"""
from __future__ import annotations

import datetime as dt
import secrets
import uuid
from contextlib import contextmanager
from typing import Any, Callable

from sqlalchemy.exc import IntegrityError

from shared.access.identity import TOKEN_PREFIX, token_hash
from shared.eventstore import DomainError, UnitOfWork

from .credentials import check_password, hash_password, temporary_password, verify_password
from .domain import N_, StaffAccount, normal_email

EmailInUse = Callable[[str], bool]


@contextmanager
def _email_unique():
    """The check above reads before writing; two accounts opened with one email at the same
    instant are told apart by the unique email of the staff_members projection."""
    try:
        yield
    except IntegrityError as exc:
        raise DomainError(N_("An account already uses this email address."), "email") from exc


def open_account(uow: UnitOfWork, credentials, command: dict[str, Any], *,
                 email_in_use: EmailInUse = lambda email: False, temporary: bool = True
                 ) -> tuple[StaffAccount, str | None]:
    """Open an account with its first password; returns (account, the generated password or
    None when `command["password"]` was given). A password an admin chose or was given is
    `temporary`: its owner replaces it at the first sign-in."""
    account = StaffAccount.open(str(uuid.uuid4()), email=command.get("email"),
                                name=command.get("name"), office=command.get("office"),
                                roles=command.get("roles") or ())
    if email_in_use(account.email):
        raise DomainError(N_("An account already uses this email address."), "email")
    generated = None if command.get("password") else temporary_password()
    password = command.get("password") or generated
    check_password(password, account.email)
    account.password_set("initial", temporary=temporary)
    with _email_unique():
        _save_with_password(uow, credentials, account, password)
    return account, generated


def change_details(uow: UnitOfWork, account_id: str, expected_version: int,
                   changes: dict[str, Any], *, email_in_use: EmailInUse = lambda e: False
                   ) -> StaffAccount:
    account = uow.get(StaffAccount, account_id, expected_version)
    if "email" in changes and normal_email(changes["email"]) != account.email \
            and email_in_use(normal_email(changes["email"])):
        raise DomainError(N_("An account already uses this email address."), "email")
    account.change_details(changes)
    with _email_unique():
        uow.save(account)
    return account


def grant_role(uow: UnitOfWork, account_id: str, expected_version: int, role: str) -> StaffAccount:
    account = uow.get(StaffAccount, account_id, expected_version)
    account.grant_role(role)
    uow.save(account)
    return account


def revoke_role(uow: UnitOfWork, account_id: str, expected_version: int,
                role: str) -> StaffAccount:
    account = uow.get(StaffAccount, account_id, expected_version)
    account.revoke_role(role, by=uow.metadata.actor)
    uow.save(account)
    return account


def disable(uow: UnitOfWork, account_id: str, expected_version: int,
            reason: str | None = None) -> StaffAccount:
    account = uow.get(StaffAccount, account_id, expected_version)
    account.disable(reason, by=uow.metadata.actor)
    uow.save(account)
    return account


def enable(uow: UnitOfWork, account_id: str, expected_version: int) -> StaffAccount:
    account = uow.get(StaffAccount, account_id, expected_version)
    account.enable()
    uow.save(account)
    return account


def change_password(uow: UnitOfWork, credentials, account_id: str, current_password: str,
                    password: str, expected_version: int | None = None) -> StaffAccount:
    """One's own password; the current one is required."""
    account = uow.get(StaffAccount, account_id, expected_version)
    if not verify_password(credentials.password_hash(account_id), current_password):
        raise DomainError(N_("The current password is not right."), "current_password")
    check_password(password, account.email)
    if password == current_password:
        raise DomainError(N_("The new password must differ from the current one."), "password")
    account.password_set("changed")
    _save_with_password(uow, credentials, account, password)
    return account


def reset_password(uow: UnitOfWork, credentials, account_id: str,
                   expected_version: int) -> tuple[StaffAccount, str]:
    """An admin gives a new temporary password, returned to be shown once."""
    account = uow.get(StaffAccount, account_id, expected_version)
    password = temporary_password()
    account.password_set("reset", temporary=True)
    _save_with_password(uow, credentials, account, password)
    return account, password


def create_token(uow: UnitOfWork, account_id: str, name: str,
                 expected_version: int | None = None, *, expires_in_days: int | None = None,
                 at: dt.datetime | None = None) -> tuple[StaffAccount, str, str]:
    """Returns (account, token_id, the token in clear: shown once, only its hash is kept).
    With `expires_in_days`, the token stops working that many days from now."""
    account = uow.get(StaffAccount, account_id, expected_version)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token_id = str(uuid.uuid4())
    expires_at = None
    if expires_in_days:
        at = at or dt.datetime.now(dt.timezone.utc)
        expires_at = (at + dt.timedelta(days=expires_in_days)).isoformat(timespec="seconds")
    account.create_token(token_id, name, token_hash(token), expires_at)
    uow.save(account)
    return account, token_id, token


def revoke_token(uow: UnitOfWork, account_id: str, token_id: str,
                 expected_version: int | None = None) -> StaffAccount:
    account = uow.get(StaffAccount, account_id, expected_version)
    account.revoke_token(token_id)
    uow.save(account)
    return account


def sign_out(uow: UnitOfWork, account_id: str, session_id: str) -> StaffAccount:
    """Ends one session in every service (a stolen copy of its cookie is refused too)."""
    account = uow.get(StaffAccount, account_id)
    account.sign_out(session_id)
    uow.save(account)
    return account


def sign_out_everywhere(uow: UnitOfWork, account_id: str,
                        expected_version: int | None = None) -> StaffAccount:
    account = uow.get(StaffAccount, account_id, expected_version)
    account.sign_out_everywhere()
    uow.save(account)
    return account


def _save_with_password(uow: UnitOfWork, credentials, account: StaffAccount,
                        password: str) -> None:
    # A unit of work of its own, with one more projector: the hash goes in with the event.
    own = UnitOfWork(uow.store, [*uow.projectors, credentials.writer(account.id,
                                                                      hash_password(password))],
                     uow.metadata)
    own.save(account)
