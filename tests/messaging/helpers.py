"""Small broker helpers for the messaging tests: every wait is bounded."""
from __future__ import annotations

import time

from shared.messaging.topology import open_connection


def get_all(amqp_url: str, queue: str, expected: int, timeout: float = 10.0) -> list:
    """Take (and ack) messages from `queue` until `expected` came or `timeout` passed."""
    messages = []
    deadline = time.monotonic() + timeout
    with open_connection(amqp_url) as conn:
        conn.ensure_connection(max_retries=3)
        channel = conn.channel()
        while len(messages) < expected and time.monotonic() < deadline:
            message = channel.basic_get(queue, no_ack=True)
            if message is None:
                time.sleep(0.05)
            else:
                messages.append(message)
    return messages


def wait_until(predicate, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
