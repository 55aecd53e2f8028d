"""Dead letters and logs keep no personal data: a failure quoting the event's values is
logged, recorded and dead-lettered without them; an erased person's dead letters are
forgotten (their error texts in the table, their messages in the dead-letter queue)."""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

from kombu import Producer
from sqlalchemy import insert, select

from shared.db import write_transaction
from shared.eventstore import DomainEvent
from shared.eventstore.schema import dead_letters, delivery_attempts
from shared.logs import JsonFormatter
from shared.messaging.topology import open_connection
from shared.privacy.erasure import FORGOTTEN, forget_in_dead_letters

from .conftest import SERVICE, record
from .helpers import get_all

NAME, EMAIL = "Zorglubette Ait Secret", "zorglubette@example.org"
ERASED_ID = "3f0d2b8e-0000-4000-8000-00000000e001"
KEPT_ID = "3f0d2b8e-0000-4000-8000-00000000e002"


@dataclass(frozen=True)
class Signed(DomainEvent):
    type = "counter.signed"
    name: str = ""
    email: str = ""


def _poisoned(conn, event):
    if event.type == "counter.signed":  # an error quoting the values, as a database's would
        raise ValueError(f"Key (email)=({event.data['email']}) already exists for "
                         f"{event.data['name']}")
    record(conn, event)


def test_a_dead_letter_is_logged_recorded_and_queued_without_the_values_quoted(
        store, make_relay, make_consumer, consumer_engine, amqp_url, caplog):
    consumer = make_consumer(apply=_poisoned, max_attempts=2)
    consumer.drain(timeout=2, idle=0.2)
    store.append(ERASED_ID, "counter", 0, [Signed(name=NAME, email=EMAIL)])
    store.append(KEPT_ID, "counter", 0, [Signed(name="Other Person", email="o@example.org")])
    make_relay().run_once()
    with caplog.at_level(logging.DEBUG):
        consumer.drain(timeout=20, idle=1.0)
    assert consumer.positions() == {SERVICE: 2}

    formatter = JsonFormatter("test")
    logged = "\n".join(formatter.format(r) for r in caplog.records)
    assert "dead-lettering" in logged and "already exists" in logged  # the errors are there
    assert NAME not in logged and EMAIL not in logged
    assert "Zorglubette" not in logged
    with consumer_engine.connect() as conn:
        errors = [r.error for r in conn.execute(select(dead_letters.c.error))]
    assert len(errors) == 2 and all("already exists" in e for e in errors)
    assert not any(NAME in e or EMAIL in e for e in errors)

    dead = get_all(amqp_url, consumer.dead_letter_queue_name, 2, timeout=5)
    assert len(dead) == 2
    assert not any(EMAIL in m.headers["x-error"] for m in dead)
    # put them back as they were, then forget the erased person's
    with open_connection(amqp_url) as conn:
        producer = Producer(conn.channel(), exchange=consumer.topology.dead_letter_exchange(),
                            auto_declare=False)
        for m in dead:
            producer.publish(m.body, routing_key=consumer.queue_name, headers=m.headers)
    assert consumer.forget_in_dead_letter_queue(ERASED_ID) == 1
    left = get_all(amqp_url, consumer.dead_letter_queue_name, 2, timeout=3)
    assert [json.loads(m.body)["subject"] for m in left] == [KEPT_ID]
    assert left[0].headers["x-consumer"] == consumer.name


def test_forget_in_dead_letters_scrubs_the_errors_naming_the_person(consumer_engine):
    now = dt.datetime.now(dt.timezone.utc)
    with write_transaction(consumer_engine) as conn:
        for i, error in enumerate((f"no person {ERASED_ID}", f"old error quoting {NAME}",
                                   f"no person {KEPT_ID}")):
            conn.execute(insert(dead_letters).values(
                consumer="c", source="stakeholders", position=i + 1, event_id=f"e{i}",
                type="person.registered", error=error, recorded_at=now))
        conn.execute(insert(delivery_attempts).values(
            consumer="c", event_id="e9", attempts=1, error=f"about {ERASED_ID}",
            updated_at=now))
    with write_transaction(consumer_engine) as conn:
        assert forget_in_dead_letters(conn, ERASED_ID, known=(NAME, "")) == 3
    with consumer_engine.connect() as conn:
        rows = conn.execute(select(dead_letters.c.position, dead_letters.c.error)
                            .order_by(dead_letters.c.position)).all()
        attempt = conn.execute(select(delivery_attempts.c.error)).scalar_one()
    assert rows == [(1, FORGOTTEN), (2, FORGOTTEN), (3, f"no person {KEPT_ID}")]
    assert attempt == FORGOTTEN
