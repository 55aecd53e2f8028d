"""Password hashes and failed sign-ins: tables of the stakeholders database, never events.

A password hash is written by a projector run in the transaction that appends the
`staff_account.password_set` event, so the event and the hash exist together or not at all.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Callable, Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (BigInteger, Column, Connection, DateTime, Engine, Integer, MetaData,
                        String, Table, delete, func, insert, select, update)

from shared.eventstore import DomainError, StoredEvent

from .domain import N_

metadata = MetaData()

staff_credentials = Table(
    "staff_credentials", metadata,
    Column("account_id", String(64), primary_key=True),
    Column("password_hash", String(255), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("last_sign_in_at", DateTime(timezone=True)),
)

sign_in_failures = Table(
    "sign_in_failures", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("key", String(320), nullable=False, index=True),   # "account:<email>", "address:<ip>"
    Column("at", DateTime(timezone=True), nullable=False),
)

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password, only equal work")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# -- hashing ---------------------------------------------------------------------------

def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Argon2 verification; an unknown account costs the same work (no timing oracle)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password or "") and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def temporary_password() -> str:
    """Random, 20 characters with letters and digits: always passes the policy."""
    while True:
        candidate = secrets.token_urlsafe(15)
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate


# -- policy ------------------------------------------------------------------------------

MIN_LENGTH = 12
COMMON = frozenset({
    "password", "password1", "password123", "passw0rd", "motdepasse", "azerty", "azertyuiop",
    "qwerty", "qwertyuiop", "123456789012", "1234567890ab", "abcdefghijkl", "iloveyou",
    "welcome", "admin", "administrator", "letmein", "argan", "marseille", "agadir",
    "soleil", "bonjour", "doudou", "loulou", "football", "changeme", "motdepasse123",
    "azerty123456", "qwerty123456", "password1234", "administrateur", "bienvenue",
    "correcthorse", "trustno1", "monkey", "dragon", "sunshine", "princess",
})


def check_password(password: str | None, email: str | None = None) -> None:
    """The minimum strength; a DomainError on the field `password` otherwise."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        raise DomainError(N_("The password must have at least 12 characters."), "password")
    if len(password) > 1000:
        raise DomainError(N_("The password must have 1000 characters or fewer."), "password")
    if password.isalpha() or password.isdigit():  # a passphrase of words has spaces: fine
        raise DomainError(N_("The password must not be only letters or only digits."),
                          "password")
    lowered = password.lower()
    local = (email or "").split("@")[0].lower()
    if len(local) >= 3 and local in lowered:
        raise DomainError(N_("The password must not contain your email address."), "password")
    squeezed = "".join(c for c in lowered if c.isalnum())
    if lowered in COMMON or squeezed in COMMON or len(set(lowered)) < 4:
        raise DomainError(N_("This password is too common; choose another one."), "password")


# -- storage -----------------------------------------------------------------------------

Projector = Callable[[Connection, Sequence[StoredEvent]], None]


class Credentials:
    """The password hashes of the stakeholders database."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def password_hash(self, account_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(staff_credentials.c.password_hash)
                                .where(staff_credentials.c.account_id == account_id)).scalar()

    def writer(self, account_id: str, password_hash: str) -> Projector:
        """A projector storing the hash when the password_set event of `account_id` is appended."""
        def write(conn: Connection, stored: Sequence[StoredEvent]) -> None:
            for event in stored:
                if event.stream_id == account_id and event.type == "staff_account.password_set":
                    store_hash(conn, account_id, password_hash, event.recorded_at)
        return write


def store_hash(conn: Connection, account_id: str, password_hash: str,
               at: dt.datetime | None = None) -> None:
    at = at or now()
    changed = conn.execute(update(staff_credentials)
                           .where(staff_credentials.c.account_id == account_id)
                           .values(password_hash=password_hash, updated_at=at)).rowcount
    if not changed:
        conn.execute(insert(staff_credentials).values(account_id=account_id,
                                                      password_hash=password_hash,
                                                      updated_at=at))


# -- throttling --------------------------------------------------------------------------

WINDOW = dt.timedelta(minutes=15)
LIMITS = {"account": (5, 10), "address": (20, 50)}  # (slowed from, refused from)


@dataclass(frozen=True)
class Throttle:
    slow: bool = False
    refused_until: dt.datetime | None = None


def throttle_keys(email: str, address: str | None) -> list[str]:
    keys = [f"account:{email}"]
    if address:
        keys.append(f"address:{address}")
    return keys


def throttle(conn: Connection, keys: Sequence[str], at: dt.datetime) -> Throttle:
    """How to treat a new attempt given the failures recorded for `keys`.

    Slowed once `slow` failures fall within WINDOW; refused for WINDOW after the failure
    that reached `refused` within WINDOW of each other.
    """
    slow, until = False, None
    for key in keys:
        soft, hard = LIMITS[key.split(":", 1)[0]]
        times = [_aware(t) for t in conn.execute(
            select(sign_in_failures.c.at).where(sign_in_failures.c.key == key)
            .where(sign_in_failures.c.at > at - 2 * WINDOW).order_by(sign_in_failures.c.at)
        ).scalars()]
        recent = [t for t in times if t > at - WINDOW]
        slow = slow or len(recent) >= soft
        for i in range(hard - 1, len(times)):
            if times[i] - times[i - hard + 1] <= WINDOW and times[i] + WINDOW > at:
                until = max(until or times[i] + WINDOW, times[i] + WINDOW)
    return Throttle(slow=slow, refused_until=until)


def record_failure(conn: Connection, keys: Sequence[str], at: dt.datetime) -> None:
    conn.execute(insert(sign_in_failures), [{"key": key, "at": at} for key in keys])
    # the table only needs the last two windows
    conn.execute(delete(sign_in_failures).where(sign_in_failures.c.at < at - 2 * WINDOW))


def clear_failures(conn: Connection, key: str) -> None:
    conn.execute(delete(sign_in_failures).where(sign_in_failures.c.key == key))


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def failures(conn: Connection, key: str) -> int:
    return conn.execute(select(func.count()).select_from(sign_in_failures)
                        .where(sign_in_failures.c.key == key)).scalar_one()
