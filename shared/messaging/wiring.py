"""Building a service's relay and consumers from its settings (used by the composition roots)."""
from __future__ import annotations

from typing import Callable, Iterable, Mapping

from sqlalchemy import Engine

from shared.settings import SERVICES, Settings

from .consumer import Consumer
from .relay import Relay
from .topology import Topology


def relay_for(settings: Settings, store) -> Relay:
    return Relay(store, settings.service, settings.amqp_url, Topology.from_settings(settings),
                 signing_key=settings.message_key(settings.service))


def consumer_for(settings: Settings, engine: Engine, apply: Callable,
                 bindings: Iterable[str], feeds: Mapping) -> Consumer:
    return Consumer(settings.service, engine, apply, bindings, feeds, settings.amqp_url,
                    Topology.from_settings(settings), max_attempts=settings.max_attempts,
                    keys={service: settings.message_key(service) for service in SERVICES})
