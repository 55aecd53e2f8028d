"""Crypto-shredding: the personal fields of stored events, encrypted with a key per person.

Each event class names its personal fields (`personal_data`) and whose they are
(`personal_subject`: the field holding that person's id, or None for the stream's own
subject). In the `events` table those fields are replaced by one sealed box:

    {"...other fields...": ..., "_personal": {"s": <subject id>, "f": [field names],
                                             "c": <base64 of nonce + AES-GCM ciphertext>}}

The keys live in `personal_keys`, apart from the events. Erasing a person destroys their
key and leaves a tombstone (key NULL): their old events then read back with a placeholder
in each personal field, and later events about them are stored with the placeholder
already, so nothing of theirs stays readable anywhere in the store.

Reading joins each event to its key in the same query (no extra round trip). Writing looks
a key up once per process and subject and keeps it: a key cached after an erasure can only
seal data that nobody can open again (reads never use the cache).
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import os
import threading
import typing
from typing import Any, Callable

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, delete, insert, select, update

from .schema import personal_keys

SEALED = "_personal"
ERASED_TEXT = "[effacé]"  # what a personal text field reads as once its person is erased
ERASED = object()         # a tombstone's key: nothing is sealed or opened with it


class PersonalData:
    """Seals and opens the personal fields of events; one per EventStore."""

    def __init__(self):
        self._keys: dict[str, bytes | object] = {}
        self._lock = threading.Lock()

    # -- writing ---------------------------------------------------------------------

    def seal(self, event, data: dict[str, Any], stream_id: str,
             key_of: Callable[[str], Any]) -> dict[str, Any]:
        """`data` with the event's personal fields sealed in their subject's key, which
        `key_of(subject)` finds or makes (ERASED for an erased person)."""
        present = [f for f in type(event).personal_data if f in data]
        subject = subject_of(event, stream_id) if present else None
        if not subject:
            return data
        key = key_of(subject)
        clear = {f: data[f] for f in present}
        rest = {k: v for k, v in data.items() if k not in clear}
        if key is ERASED:
            return {**rest, **placeholders(type(event), present)}
        nonce = os.urandom(12)
        box = AESGCM(key).encrypt(nonce, json.dumps(clear).encode(), subject.encode())
        return {**rest, SEALED: {"s": subject, "f": present,
                                 "c": base64.b64encode(nonce + box).decode()}}

    def known(self, subject: str):
        with self._lock:
            return self._keys.get(subject)

    def keep(self, keys: dict[str, Any]) -> None:
        """Remember keys that are committed (never one whose transaction may roll back)."""
        with self._lock:
            if len(self._keys) + len(keys) > 100_000:  # bounded: an import of many people
                self._keys.clear()
            self._keys.update(keys)

    def forget(self, subject: str) -> None:
        with self._lock:
            self._keys[subject] = ERASED

    # -- reading ---------------------------------------------------------------------

    @staticmethod
    def open(data: dict[str, Any], key: bytes | None, event_class) -> dict[str, Any]:
        """`data` with its sealed fields opened, or their placeholders without a key."""
        sealed = data.get(SEALED) if isinstance(data, dict) else None
        if sealed is None:
            return data
        rest = {k: v for k, v in data.items() if k != SEALED}
        if key is None:
            return {**rest, **placeholders(event_class, sealed["f"])}
        raw = base64.b64decode(sealed["c"])
        clear = AESGCM(key).decrypt(raw[:12], raw[12:], sealed["s"].encode())
        return {**rest, **json.loads(clear)}


def subject_of(event, stream_id: str) -> str | None:
    field = type(event).personal_subject
    return stream_id if field is None else getattr(event, field, None)


def placeholders(event_class, names) -> dict[str, Any]:
    """What each erased field reads as: a mark where text is required, else nothing."""
    hints = typing.get_type_hints(event_class) if event_class is not None else {}
    return {name: ERASED_TEXT if hints.get(name) is str else None for name in names}


# -- the key table -----------------------------------------------------------------------

def stored_key(conn: Connection, subject: str):
    row = conn.execute(select(personal_keys.c.key).where(
        personal_keys.c.subject_id == subject)).first()
    if row is None:
        return None
    return ERASED if row.key is None else bytes(row.key)


def key_row(subject: str, key: bytes) -> dict[str, Any]:
    return {"subject_id": subject, "key": key, "created_at": dt.datetime.now(dt.timezone.utc),
            "erased_at": None}


def destroy_key(conn: Connection, subject: str) -> bool:
    """The key of `subject` destroyed, a tombstone left; True if there was one to destroy."""
    now = dt.datetime.now(dt.timezone.utc)
    done = conn.execute(update(personal_keys).where(personal_keys.c.subject_id == subject)
                        .where(personal_keys.c.key.is_not(None))
                        .values(key=None, erased_at=now)).rowcount
    if not done:
        conn.execute(delete(personal_keys).where(personal_keys.c.subject_id == subject))
        conn.execute(insert(personal_keys).values(subject_id=subject, key=None,
                                                  created_at=now, erased_at=now))
    return bool(done)
