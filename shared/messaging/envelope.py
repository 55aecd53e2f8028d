"""CloudEvents 1.0 structured JSON envelopes for stored events."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from shared.eventstore import EventRegistry, StoredEvent
from shared.privacy.minimise import minimised

CONTENT_TYPE = "application/cloudevents+json"
_SNAKE = re.compile(r"[^a-z0-9.]+")


def routing_key(service: str, event_type: str) -> str:
    """`stakeholders` + `person.registered` -> `stakeholders.person.registered`."""
    return _SNAKE.sub("_", f"{service}.{event_type}".lower())


def to_cloudevent(stored: StoredEvent, service: str,
                  registry: EventRegistry | None = None) -> dict[str, Any]:
    """The message of `stored` as it leaves `service`: with `registry`, its data keeps only
    the personal fields some consumer needs (shared.privacy.minimise)."""
    meta = stored.metadata or {}
    data = minimised(registry.class_of(stored.type), stored.data) if registry else stored.data
    body = {
        "specversion": "1.0",
        "id": stored.id,
        "source": f"/argan/{service}",
        "type": routing_key(service, stored.type),
        "subject": stored.stream_id,
        "time": stored.recorded_at.isoformat(),
        "datacontenttype": "application/json",
        "data": data,
        "sequence": stored.version,
        "position": stored.position,
        "streamtype": stored.stream_type,
        "schemaversion": stored.schema_version,
    }
    for attribute, key in (("actor", "actor"), ("correlationid", "correlation_id"),
                           ("causationid", "causation_id")):
        if meta.get(key):
            body[attribute] = str(meta[key])
    return body


@dataclass(frozen=True)
class ReceivedEvent:
    """An event of another service as a consumer sees it."""

    id: str
    source: str          # the service name, e.g. "stakeholders"
    type: str            # the event type within the service, e.g. "person.registered"
    stream_id: str
    stream_type: str
    version: int
    position: int
    data: dict[str, Any]
    time: dt.datetime
    actor: str | None = None
    correlation_id: str | None = None
    body: dict[str, Any] | None = field(default=None, repr=False, compare=False)  # as received

    @property
    def routing_key(self) -> str:
        return routing_key(self.source, self.type)


def from_cloudevent(body: dict[str, Any]) -> ReceivedEvent:
    source = body["source"].rsplit("/", 1)[-1]
    return ReceivedEvent(
        id=body["id"],
        source=source,
        type=body["type"][len(source) + 1:],
        stream_id=body["subject"],
        stream_type=body.get("streamtype", ""),
        version=int(body["sequence"]),
        position=int(body["position"]),
        data=body.get("data") or {},
        time=dt.datetime.fromisoformat(body["time"]),
        actor=body.get("actor"),
        correlation_id=body.get("correlationid"),
        body=body,
    )
