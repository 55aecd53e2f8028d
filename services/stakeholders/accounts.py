"""Staff accounts (minimal for now): creation, the first admin, password checks."""
from __future__ import annotations

import datetime as dt
import secrets
import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, func, insert, select, update

from shared.db import write_transaction

from .projections import staff_accounts

FIRST_ADMIN_EMAIL = "admin@argan.local"
ROLES = ("admin", "officer", "communication", "viewer")
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password")  # equal work for unknown emails


def create_admin(engine: Engine, email: str, password: str, name: str) -> None:
    create_account(engine, email, password, name, roles=("admin",))


def create_account(engine: Engine, email: str, password: str, name: str,
                   roles: tuple[str, ...] = ("officer",)) -> str:
    email = email.strip().lower()
    if "@" not in email:
        raise ValueError("an email address is required")
    if len(password) < 10:
        raise ValueError("the password must have at least 10 characters")
    if set(roles) - set(ROLES):
        raise ValueError(f"roles must be among {', '.join(ROLES)}")
    account_id = str(uuid.uuid4())
    with write_transaction(engine) as conn:
        conn.execute(insert(staff_accounts).values(
            id=account_id, email=email, name=name.strip() or email,
            password_hash=_hasher.hash(password), roles=list(roles),
            created_at=dt.datetime.now(dt.timezone.utc)))
    return account_id


def ensure_first_admin(engine: Engine) -> tuple[str, str] | None:
    """Create admin@argan.local with a random password if there is no account yet."""
    with engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(staff_accounts)).scalar_one():
            return None
    password = secrets.token_urlsafe(18)
    create_admin(engine, FIRST_ADMIN_EMAIL, password, "Administrateur")
    return FIRST_ADMIN_EMAIL, password


def authenticate(engine: Engine, email: str, password: str) -> dict | None:
    """The staff member {"id","email","name","roles"} if the password is right, else None."""
    email = (email or "").strip().lower()
    with engine.connect() as conn:
        row = conn.execute(select(staff_accounts).where(staff_accounts.c.email == email)
                           ).mappings().first()
    try:
        _hasher.verify(row["password_hash"] if row else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    values = {"last_sign_in_at": dt.datetime.now(dt.timezone.utc)}
    if _hasher.check_needs_rehash(row["password_hash"]):
        values["password_hash"] = _hasher.hash(password)
    with write_transaction(engine) as conn:
        conn.execute(update(staff_accounts).where(staff_accounts.c.id == row["id"]).values(**values))
    return {"id": row["id"], "email": row["email"], "name": row["name"], "roles": list(row["roles"])}


def emails_by_id(conn, ids) -> dict[str, str]:
    ids = [i for i in set(ids) if i]
    if not ids:
        return {}
    rows = conn.execute(select(staff_accounts.c.id, staff_accounts.c.email)
                        .where(staff_accounts.c.id.in_(ids)))
    return {r.id: r.email for r in rows}
