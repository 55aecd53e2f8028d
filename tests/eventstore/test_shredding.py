"""Crypto-shredding, the same contract on every store: personal fields sealed with a key per
person, read back in clear, and after erasure read back as placeholders (nothing in clear)."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text

from shared.eventstore import DomainEvent, EventRegistry, EventStore
from shared.eventstore.schema import personal_keys
from shared.eventstore.shredding import ERASED_TEXT
from shared.testing.fakes import InMemoryEventStore


@dataclass(frozen=True)
class Introduced(DomainEvent):
    """About the stream's own subject (a person's stream)."""
    type = "person.introduced"
    personal_data = ("name", "email", "born")
    name: str = ""
    email: str | None = None
    born: dt.date | None = None
    town: str = ""  # not personal


@dataclass(frozen=True)
class Remarked(DomainEvent):
    """About a person named in the event, on another stream (a mission's follow-up)."""
    type = "mission.remarked"
    personal_data = ("remark",)
    personal_subject = "person_id"
    person_id: str = ""
    remark: str = ""


registry = EventRegistry(Introduced, Remarked)
ZINEB = Introduced(name="Zineb Aït Brahim", email="zineb.ait@example.ma",
                   born=dt.date(2001, 4, 2), town="Tiznit")


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def store(request):
    if request.param == "memory":
        return InMemoryEventStore(registry)
    engine = request.getfixturevalue("sqlite_engine" if request.param == "sqlite" else "pg_engine")
    return EventStore(engine, registry)


@pytest.fixture(params=["sqlite", "postgresql"])
def sql_store(request):
    engine = request.getfixturevalue("sqlite_engine" if request.param == "sqlite" else "pg_engine")
    return EventStore(engine, registry)


def events_text(store) -> str:
    """Everything the events table holds, as text."""
    with store.engine.connect() as conn:
        return " ".join(str(row) for row in conn.execute(text("SELECT * FROM events")))


def decoded(store, stream_id):
    return [registry.to_event(s.type, s.data) for s in store.load(stream_id)]


def test_personal_fields_read_back_in_clear(store):
    person = str(uuid.uuid4())
    store.append(person, "person", 0, [ZINEB])
    store.append(f"m-{person}", "mission", 0, [Remarked(person_id=person, remark="fatiguée")])
    assert decoded(store, person) == [ZINEB]
    assert decoded(store, f"m-{person}")[0].remark == "fatiguée"
    assert [s.data["name"] for s in store.read_after(0)[:1]] == ["Zineb Aït Brahim"]


def test_personal_fields_are_never_stored_in_clear(sql_store):
    person = str(uuid.uuid4())
    with sql_store.transaction() as conn:  # through a unit of work's path too
        sql_store.append(person, "person", 0, [ZINEB], conn=conn)
    sql_store.append(str(uuid.uuid4()), "mission", 0,
                     [Remarked(person_id=person, remark="fatiguée")])
    stored = events_text(sql_store)
    for clear in ("Zineb", "zineb.ait", "2001-04-02", "fatiguée"):
        assert clear not in stored
    assert "Tiznit" in stored  # what is not personal stays queryable


def test_erasing_a_person_leaves_placeholders_in_their_events_only(store):
    zineb, omar = str(uuid.uuid4()), str(uuid.uuid4())
    store.append(zineb, "person", 0, [ZINEB])
    store.append(omar, "person", 0, [Introduced(name="Omar", email="o@example.fr", town="Agadir")])
    store.append("mission-1", "mission", 0, [Remarked(person_id=zineb, remark="fatiguée"),
                                             Remarked(person_id=omar, remark="en forme")])
    assert store.erase_subject(zineb) is True
    [erased] = decoded(store, zineb)
    assert (erased.name, erased.email, erased.born, erased.town) == (ERASED_TEXT, None, None,
                                                                     "Tiznit")
    assert [r.remark for r in decoded(store, "mission-1")] == [ERASED_TEXT, "en forme"]
    assert decoded(store, omar)[0].name == "Omar"
    assert len(store.read_after(0)) == 4  # the facts stay, anonymised


def test_events_about_an_erased_person_are_stored_with_placeholders(sql_store):
    person = str(uuid.uuid4())
    sql_store.append(person, "person", 0, [ZINEB])
    sql_store.erase_subject(person)
    late = EventStore(sql_store.engine, registry)  # another process, its cache still warm
    late.personal.keep({person: b"\0" * 32})
    late.append(person, "person", 1, [Introduced(name="Zineb encore", town="Tiznit")])
    sql_store.append("m-2", "mission", 0, [Remarked(person_id=person, remark="revenue")])
    assert [e.name for e in decoded(sql_store, person)] == [ERASED_TEXT, ERASED_TEXT]
    assert decoded(sql_store, "m-2")[0].remark == ERASED_TEXT
    stored = events_text(sql_store)
    assert "Zineb" not in stored and "revenue" not in stored


def test_a_key_is_found_by_another_process_and_made_once(sql_store):
    person = str(uuid.uuid4())
    sql_store.append(person, "person", 0, [ZINEB])
    other = EventStore(sql_store.engine, registry)
    other.append("m-3", "mission", 0, [Remarked(person_id=person, remark="a")])
    sql_store.append("m-4", "mission", 0, [Remarked(person_id=person, remark="b")])
    assert [decoded(other, s)[0].remark for s in ("m-3", "m-4")] == ["a", "b"]
    with sql_store.engine.connect() as conn:
        keys = conn.execute(select(personal_keys.c.subject_id)
                            .where(personal_keys.c.subject_id == person)).all()
    assert len(keys) == 1


def test_a_key_made_in_a_rolled_back_transaction_is_not_remembered(sql_store):
    person = str(uuid.uuid4())
    with pytest.raises(RuntimeError):
        with sql_store.transaction() as conn:
            sql_store.append("m-5", "mission", 0, [Remarked(person_id=person, remark="x")],
                             conn=conn)
            raise RuntimeError("the command failed after its append")
    sql_store.append("m-6", "mission", 0, [Remarked(person_id=person, remark="y")])
    fresh = EventStore(sql_store.engine, registry)  # reads with no cache at all
    assert decoded(fresh, "m-6")[0].remark == "y"
    assert fresh.load("m-5") == []


def test_an_erasure_rolled_back_is_not_remembered(sql_store):
    """Erased in a transaction that fails: the process must go on sealing the person's
    data with their key (not storing placeholders), and only forget it once one commits."""
    person = str(uuid.uuid4())
    sql_store.append(person, "person", 0, [ZINEB])
    with pytest.raises(RuntimeError):
        with sql_store.transaction() as conn:
            sql_store.erase_subject(person, conn=conn)
            sql_store.append(person, "person", 1, [Introduced(name="Zineb tard")], conn=conn)
            raise RuntimeError("the erasure's command failed after it")
    sql_store.append(person, "person", 1, [Introduced(name="Zineb corrigée", town="Tiznit")])
    assert [e.name for e in decoded(sql_store, person)] == ["Zineb Aït Brahim", "Zineb corrigée"]
    with sql_store.transaction() as conn:
        sql_store.erase_subject(person, conn=conn)
        sql_store.append(person, "person", 2, [Introduced(name="Zineb après")], conn=conn)
    sql_store.append(person, "person", 3, [Introduced(name="Zineb encore")])
    assert [e.name for e in decoded(sql_store, person)] == [ERASED_TEXT] * 4
    assert "Zineb" not in events_text(sql_store)


def test_two_writers_making_the_first_key_of_one_person_one_decides_again(pg_engine):
    """Both seal with a new key; the second to commit must not keep data no key opens."""
    import threading
    from shared.eventstore import ConcurrencyError
    person, barrier, outcomes = str(uuid.uuid4()), threading.Barrier(2), []
    stores = [EventStore(pg_engine, registry) for _ in range(2)]

    def write(n):
        try:
            with stores[n].transaction() as conn:
                stores[n].append(f"m-{n}-{person}", "mission", 0,
                                 [Remarked(person_id=person, remark=f"note {n}")], conn=conn)
                barrier.wait(timeout=5)
            outcomes.append("saved")
        except ConcurrencyError:
            outcomes.append("decide again")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["decide again", "saved"]
    fresh = EventStore(pg_engine, registry)
    saved = [s for n in range(2) for s in fresh.load(f"m-{n}-{person}")]
    assert len(saved) == 1 and saved[0].data["remark"].startswith("note")
