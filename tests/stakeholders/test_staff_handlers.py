"""Staff handlers on the in-memory event store (the guarantees are tested on PostgreSQL)."""
import json

import pytest

from services.stakeholders.staff import handlers
from services.stakeholders.staff.credentials import verify_password
from services.stakeholders.staff.domain import StaffAccount, registry
from shared.access.identity import token_hash
from shared.eventstore import ConcurrencyError, DomainError, Metadata, UnitOfWork
from shared.testing.fakes import InMemoryEventStore

PASSWORD = "Souss-Massa 2026 !"


class MemoryCredentials:
    """Hashes in a dict, written only when the password_set event is appended."""

    def __init__(self):
        self.hashes = {}

    def password_hash(self, account_id):
        return self.hashes.get(account_id)

    def writer(self, account_id, password_hash):
        def write(conn, stored):
            if any(s.type == "staff_account.password_set" and s.stream_id == account_id
                   for s in stored):
                self.hashes[account_id] = password_hash
        return write


@pytest.fixture
def store():
    return InMemoryEventStore(registry)


@pytest.fixture
def creds():
    return MemoryCredentials()


def uow(store, actor="admin-1"):
    return UnitOfWork(store, [], Metadata(actor=actor))


def open_one(store, creds, **command):
    command = {"email": "karim@argan.test", "name": "Karim", "office": "tiznit",
               "roles": ["officer"], "password": PASSWORD, **command}
    return handlers.open_account(uow(store), creds, command)


def every_event_text(store) -> str:
    return json.dumps([e.data for e in store.read_after(0)])


def test_open_with_a_password_stores_only_its_hash(store, creds):
    account, generated = open_one(store, creds)
    assert generated is None
    assert [e.type for e in store.load(account.id)] == ["staff_account.opened",
                                                        "staff_account.password_set"]
    assert verify_password(creds.password_hash(account.id), PASSWORD)
    assert PASSWORD not in every_event_text(store)


def test_open_without_a_password_generates_one(store, creds):
    account, generated = open_one(store, creds, password=None)
    assert len(generated) >= 16 and verify_password(creds.password_hash(account.id), generated)
    assert generated not in every_event_text(store)


def test_a_weak_password_or_a_taken_email_opens_nothing(store, creds):
    with pytest.raises(DomainError) as weak:
        open_one(store, creds, password="karim-password-1")
    assert weak.value.field == "password"
    with pytest.raises(DomainError) as taken:
        handlers.open_account(uow(store), creds, {"email": "k@argan.test", "name": "K",
                                                   "office": "agadir", "roles": ["viewer"],
                                                   "password": PASSWORD},
                              email_in_use=lambda email: email == "k@argan.test")
    assert taken.value.field == "email"
    assert store.read_after(0) == [] and creds.hashes == {}


def test_change_password_needs_the_current_one(store, creds):
    account, _ = open_one(store, creds)
    with pytest.raises(DomainError) as wrong:
        handlers.change_password(uow(store), creds, account.id, "not it", "Another-2026-pass")
    assert wrong.value.field == "current_password"
    handlers.change_password(uow(store), creds, account.id, PASSWORD, "Another-2026-pass")
    assert verify_password(creds.password_hash(account.id), "Another-2026-pass")
    assert store.load(account.id)[-1].data == {"reason": "changed", "temporary": False}


def test_reset_password_returns_a_temporary_one(store, creds):
    account, _ = open_one(store, creds)
    _, temporary = handlers.reset_password(uow(store), creds, account.id, 2)
    assert verify_password(creds.password_hash(account.id), temporary)
    assert not verify_password(creds.password_hash(account.id), PASSWORD)
    assert store.load(account.id)[-1].data == {"reason": "reset", "temporary": True}


def test_tokens_are_returned_once_and_stored_as_hashes(store, creds):
    account, _ = open_one(store, creds)
    _, token_id, token = handlers.create_token(uow(store), account.id, "export")
    assert token.startswith("argan_") and len(token) > 40
    data = store.load(account.id)[-1].data
    assert data == {"token_id": token_id, "name": "export", "token_hash": token_hash(token),
                    "expires_at": None}
    assert token not in every_event_text(store)
    handlers.revoke_token(uow(store), account.id, token_id)
    assert store.load(account.id)[-1].data == {"token_id": token_id}


def test_commands_on_a_stale_version_conflict(store, creds):
    account, _ = open_one(store, creds)
    handlers.grant_role(uow(store), account.id, 2, "viewer")
    with pytest.raises(ConcurrencyError):
        handlers.revoke_role(uow(store), account.id, 2, "viewer")


def test_the_acting_admin_cannot_lock_themself_out(store, creds):
    account, _ = open_one(store, creds, roles=["admin"])
    with pytest.raises(DomainError):
        handlers.disable(uow(store, actor=account.id), account.id, 2, "oops")
    with pytest.raises(DomainError):
        handlers.revoke_role(uow(store, actor=account.id), account.id, 2, "admin")
    handlers.disable(uow(store, actor="another-admin"), account.id, 2)
    handlers.enable(uow(store), account.id, 3)
    assert not uow(store).get(StaffAccount, account.id).disabled
