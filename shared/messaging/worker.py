"""Runs a service's relays and consumers in daemon threads (`argan worker`, embedded mode)."""
from __future__ import annotations

import logging
import threading
from typing import Sequence

log = logging.getLogger(__name__)


class Worker:
    def __init__(self, relays: Sequence = (), consumers: Sequence = ()):
        self.relays = list(relays)
        self.consumers = list(consumers)
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        """Catch every consumer up from its feeds, then run everything in threads."""
        if self.threads:
            raise RuntimeError("worker already started")
        for consumer in self.consumers:
            try:
                consumer.catch_up()
            except Exception:  # a feed down must not stop the worker; run() retries
                log.exception("consumer %s could not catch up at start", consumer.name)
        for runner in [*self.relays, *self.consumers]:
            thread = threading.Thread(target=self._run, args=(runner,), daemon=True,
                                      name=f"{type(runner).__name__.lower()}-{runner.name}")
            thread.start()
            self.threads.append(thread)

    def _run(self, runner) -> None:
        try:
            runner.run(self.stop_event)
        except Exception:  # run() handles its own errors; this is a bug, make it loud
            log.exception("%s %s stopped unexpectedly", type(runner).__name__, runner.name)

    def stop(self, timeout: float = 10.0) -> bool:
        """Ask every thread to stop; returns whether all of them did within `timeout`."""
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout)
        alive = [t.name for t in self.threads if t.is_alive()]
        if alive:
            log.warning("worker threads still running after %.1fs: %s", timeout, alive)
        self.threads = []
        return not alive

    def __enter__(self) -> "Worker":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
