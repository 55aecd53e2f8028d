"""Prometheus metrics of one service at `/<service>/metrics` (prometheus-client).

Two kinds, because gunicorn runs several processes:

- what a process sees: requests and their latency, counted in each web process. Under
  gunicorn they are kept in prometheus-client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR,
  set by deploy/gunicorn.conf.py): each process writes its counts to files there and a
  scrape, answered by whichever process, sums them all.
- what the store says: events appended, the relay's lag, each consumer's position and
  lag, dead letters. They are read from the service's database (and the consumer's queue
  depth from the broker) at each scrape, so they are the same whichever process answers,
  and they cover the worker too (`argan worker` serves no HTTP: it writes its progress to
  the database, where the web reads it).

The route is public in the app: nginx refuses it on its public side (deploy/nginx), and
Prometheus scrapes each web on the internal network.
"""
from __future__ import annotations

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import (CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram,
                               generate_latest, multiprocess)
from prometheus_client.core import REGISTRY, CounterMetricFamily, GaugeMetricFamily
from sqlalchemy import Engine, func, select

from shared.eventstore.schema import consumer_positions, dead_letters, events, relay_cursors
from shared.messaging.topology import Topology, is_memory, open_connection
from shared.settings import Settings

from .health import answered_first
from .access import public

_process_metrics: dict = {}


def process_metrics() -> dict:
    """The request metrics, created once per process (after PROMETHEUS_MULTIPROC_DIR is set,
    which decides where their values live)."""
    if not _process_metrics:
        _process_metrics["requests"] = Counter(
            "argan_http_requests", "HTTP requests answered",
            ["service", "method", "endpoint", "status"])
        _process_metrics["latency"] = Histogram(
            "argan_http_request_duration_seconds", "Time to answer an HTTP request",
            ["service", "method", "endpoint"])
    return _process_metrics


class StoreCollector:
    """Metrics read from the service's database and broker at each scrape."""

    def __init__(self, engine: Engine, settings: Settings):
        self.engine = engine
        self.settings = settings
        self.service = settings.service

    def collect(self):
        up = GaugeMetricFamily("argan_store_up", "The database answered the scrape",
                               labels=["service"])
        try:
            families = self._from_database()
        except Exception:
            up.add_metric([self.service], 0)
            yield up
            return
        up.add_metric([self.service], 1)
        yield up
        yield from families
        lag = self._queue_depth()
        if lag is not None:
            yield lag

    def _from_database(self) -> list:
        with self.engine.connect() as conn:
            last = conn.execute(select(func.coalesce(func.max(events.c.position), 0))
                                .where(events.c.position > 0)).scalar_one()
            cursors = conn.execute(select(relay_cursors.c.name, relay_cursors.c.position)).all()
            positions = conn.execute(select(consumer_positions.c.source,
                                            consumer_positions.c.position)
                                     .where(consumer_positions.c.consumer == self.service)).all()
            dead = conn.execute(select(dead_letters.c.source, func.count())
                                .where(dead_letters.c.consumer == self.service)
                                .group_by(dead_letters.c.source)).all()
        appended = CounterMetricFamily("argan_events_appended",
                                       "Events appended to the service's store",
                                       labels=["service"])
        appended.add_metric([self.service], last)
        relay = GaugeMetricFamily("argan_relay_lag_events",
                                  "Events appended but not yet published", labels=["service",
                                                                                   "relay"])
        for name, position in cursors:
            relay.add_metric([self.service, name], last - position)
        applied = GaugeMetricFamily("argan_consumer_position",
                                    "Position of each source's log the consumer applied",
                                    labels=["service", "source"])
        for source, position in positions:
            applied.add_metric([self.service, source], position)
        letters = CounterMetricFamily("argan_dead_letters", "Messages given up on",
                                      labels=["service", "source"])
        for source, count in dead:
            letters.add_metric([self.service, source], count)
        return [appended, relay, applied, letters]

    def _queue_depth(self):
        """Messages waiting in the service's queue (None: no queue, or no broker)."""
        if is_memory(self.settings.amqp_url):
            return None
        name = Topology.from_settings(self.settings).queue_name(self.service)
        connection = open_connection(self.settings.amqp_url, connect_timeout=2)
        try:
            connection.ensure_connection(max_retries=1, timeout=2)
            _, ready, _ = connection.channel().queue_declare(name, passive=True)
        except Exception:  # the service consumes nothing, or the broker is away
            return None
        finally:
            connection.collect()
        family = GaugeMetricFamily("argan_consumer_lag_messages",
                                   "Messages waiting in the consumer's queue",
                                   labels=["service", "queue"])
        family.add_metric([self.service, name], ready)
        return family


def install_metrics(app: Flask, settings: Settings) -> None:
    answered_first(app, "prometheus_metrics")  # its counts come from the database alone
    metrics = process_metrics()
    store = StoreCollector(app.extensions["argan"]["engine"], settings)

    @app.before_request
    def _started():
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _counted(response):
        endpoint = request.url_rule.rule if request.url_rule else "(unmatched)"
        metrics["requests"].labels(settings.service, request.method, endpoint,
                                   str(response.status_code)).inc()
        started = g.get("metrics_started")
        if started is not None:
            metrics["latency"].labels(settings.service, request.method, endpoint).observe(
                time.perf_counter() - started)
        return response

    @app.get("/metrics")
    @public
    def prometheus_metrics():
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            processes = CollectorRegistry()
            multiprocess.MultiProcessCollector(processes)
        else:
            processes = REGISTRY
        scraped = CollectorRegistry()
        scraped.register(store)
        body = generate_latest(processes) + generate_latest(scraped)
        return Response(body, content_type=CONTENT_TYPE_LATEST)
