"""Password hashes and failed sign-ins: tables of the stakeholders database, never events.

A password hash is written by a projector run in the transaction that appends the
`staff_account.password_set` event, so the event and the hash exist together or not at all.
"""
from __future__ import annotations

import datetime as dt
import secrets
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
#
# Guessing is throttled per (account, address): a few free failures, then each attempt
# must wait twice as long as the one before (up to MAX_DELAY), counted atomically BEFORE
# the password is checked. The right password of an account is never refused because of
# what others did: failures of the account from elsewhere, or of the address on other
# accounts (an office behind one NAT), only slow the check down.

FREE_FAILURES = 5                      # per (account, address), before the delays start
MAX_DELAY = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(hours=1)   # a pair quiet that long starts from zero again
WINDOW = dt.timedelta(minutes=15)
SLOW_FROM = {"account": 10, "address": 50}  # failures within WINDOW from which checks are slowed

sign_in_throttles = Table(
    "sign_in_throttles", metadata,
    Column("key", String(400), primary_key=True),              # "<email>|<address>"
    Column("failures", Integer, nullable=False),
    Column("last_at", DateTime(timezone=True), nullable=False),
)


def pair_key(email: str, address: str | None) -> str:
    return f"{email}|{address or '-'}"


def throttle_keys(email: str, address: str | None) -> list[str]:
    keys = [f"account:{email}"]
    if address:
        keys.append(f"address:{address}")
    return keys


def delay_after(failures: int) -> dt.timedelta:
    """How long an attempt must wait after the last failure, given the failures counted."""
    if failures < FREE_FAILURES:
        return dt.timedelta(0)
    return min(dt.timedelta(seconds=2 ** (failures - FREE_FAILURES)), MAX_DELAY)


def reserve_attempt(conn: Connection, key: str, at: dt.datetime) -> dt.datetime | None:
    """Counts an attempt of the pair `key` as a failure before its password is checked (a
    success clears it), under a row lock: parallel attempts are counted one after the
    other, so no more of them reach the check than allowed. Returns None if the attempt
    may go on, else until when it is refused (then it counts nothing)."""
    _insert_missing(conn, key, at)
    row = conn.execute(select(sign_in_throttles).where(sign_in_throttles.c.key == key)
                       .with_for_update()).mappings().one()
    last_at = _aware(row["last_at"])
    failures = row["failures"] if at - last_at < FORGET_AFTER else 0
    allowed_from = last_at + delay_after(failures)
    if failures >= FREE_FAILURES and at < allowed_from:
        return allowed_from
    conn.execute(update(sign_in_throttles).where(sign_in_throttles.c.key == key)
                 .values(failures=failures + 1, last_at=at))
    return None


def forget_pair(conn: Connection, key: str) -> None:
    conn.execute(delete(sign_in_throttles).where(sign_in_throttles.c.key == key))


def _insert_missing(conn: Connection, key: str, at: dt.datetime) -> None:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    conn.execute(upsert(sign_in_throttles).values(key=key, failures=0, last_at=at)
                 .on_conflict_do_nothing(index_elements=["key"]))
    # pairs quiet for long are forgotten (the table stays small)
    conn.execute(delete(sign_in_throttles).where(sign_in_throttles.c.last_at < at - FORGET_AFTER)
                 .where(sign_in_throttles.c.key != key))


def is_slowed(conn: Connection, keys: Sequence[str], at: dt.datetime) -> bool:
    """Whether the check is slowed down: many recent failures of the account (from any
    address) or from the address (on any account)."""
    for key in keys:
        recent = conn.execute(select(func.count()).select_from(sign_in_failures)
                              .where(sign_in_failures.c.key == key)
                              .where(sign_in_failures.c.at > at - WINDOW)).scalar_one()
        if recent >= SLOW_FROM[key.split(":", 1)[0]]:
            return True
    return False


def record_failure(conn: Connection, keys: Sequence[str], at: dt.datetime) -> None:
    conn.execute(insert(sign_in_failures), [{"key": key, "at": at} for key in keys])
    # the table only needs the last window
    conn.execute(delete(sign_in_failures).where(sign_in_failures.c.at < at - WINDOW))


def clear_failures(conn: Connection, key: str) -> None:
    conn.execute(delete(sign_in_failures).where(sign_in_failures.c.key == key))


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def failures(conn: Connection, key: str) -> int:
    return conn.execute(select(func.count()).select_from(sign_in_failures)
                        .where(sign_in_failures.c.key == key)).scalar_one()
