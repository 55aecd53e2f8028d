"""How a service other than stakeholders learns the staff accounts: a consumer of the
`stakeholders.staff_account.*` events writing this service's staff_members / staff_tokens."""
from __future__ import annotations

from typing import Callable, Iterable, Mapping

from sqlalchemy import Engine

from shared.messaging.consumer import Apply, Consumer
from shared.messaging.feed import HttpFeed
from shared.messaging.wiring import consumer_for
from shared.settings import Settings

from .projection import BINDING, apply_received_staff_event

SOURCE = "stakeholders"  # the service that owns the accounts


def staff_feeds(settings: Settings) -> dict:
    """The feed that fills gaps in the account events (stakeholders', over HTTP)."""
    return {SOURCE: HttpFeed(settings.feed_url(SOURCE), settings.service_token)}


def with_staff_events(apply: Apply | None = None) -> Apply:
    """A consumer's apply: staff account events to the access tables, the rest to `apply`."""

    def apply_event(conn, event) -> None:
        if not apply_received_staff_event(conn, event) and apply is not None:
            apply(conn, event)

    return apply_event


def staff_aware_consumer(settings: Settings, engine: Engine, feeds: Mapping,
                         apply: Callable | None = None, bindings: Iterable[str] = ()) -> Consumer:
    """The service's consumer, also bound to the account events (one queue, one position
    per source, so staff and other events of stakeholders are applied in their order)."""
    return consumer_for(settings, engine, with_staff_events(apply), [BINDING, *bindings], feeds)
