"""Two relays started on one store (two hosts, a rolling deploy): one publishes, the other
waits on the store's advisory lock, and takes over when the first stops. No event is ever
published twice."""
import json
import threading
from collections import Counter

from shared.messaging.relay import Relay

from .conftest import SERVICE, append
from .helpers import get_all, wait_until
from .test_relay import declare_reader


def _run(relay: Relay) -> tuple[threading.Event, threading.Thread]:
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,), daemon=True)
    thread.start()
    return stop, thread


def test_two_relays_on_one_store_never_publish_the_same_event_twice(store, amqp_url,
                                                                    topology):
    queue = declare_reader(amqp_url, topology)
    # Two processes' relays: the same name, the same cursor row, their own connections.
    first, second = (Relay(store, SERVICE, amqp_url, topology.topology, batch_size=7,
                           poll_interval=0.2) for _ in range(2))
    append(store, 40, per_stream=4)
    stop_first, thread_first = _run(first)
    assert wait_until(lambda: first.cursor() == 40, 10)
    stop_second, thread_second = _run(second)
    try:
        assert wait_until(lambda: second.lock.waiting, 5)
        # Appends while both run: only the lock holder publishes them.
        for _ in range(5):
            append(store, 6, per_stream=3)
        assert wait_until(lambda: first.cursor() == 70, 10)
        assert second.lock.waiting

        stop_first.set()                        # the first goes away: the second takes over
        thread_first.join(10)
        append(store, 10, per_stream=5)
        assert wait_until(lambda: second.cursor() == 80 and not second.lock.waiting, 10)
    finally:
        stop_first.set()
        stop_second.set()
        thread_first.join(10)
        thread_second.join(10)

    messages = get_all(amqp_url, queue, 80)
    published = Counter(json.loads(m.body)["id"] for m in messages)
    assert len(published) == 80
    assert set(published.values()) == {1}       # not one event twice
    assert get_all(amqp_url, queue, 1, timeout=0.5) == []
    assert sorted(json.loads(m.body)["position"] for m in messages) == list(range(1, 81))
