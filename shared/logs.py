"""Structured logs: one JSON object a line, each carrying the correlation id of the work
under way (the web request's X-Request-Id, set by nginx; the same id travels in the events'
metadata to the consumers, which log under it while applying them).

No personal data goes in: messages name ids, positions and types, never values; SQL
parameters are hidden from errors (shared.db); an event's failure is logged (and
dead-lettered) with its values taken out of the error (`redact`); access lines carry the
path without query values and no client address. tests/production checks the logs of a whole run for the
names, e-mail and phone it registered.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import os
from contextlib import contextmanager
from typing import Iterator

correlation_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "correlation_id", default=None)

# What a LogRecord holds by itself; anything else came in `extra=` and is logged as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


REDACTED = "[…]"
_MIN_REDACTED = 3  # shorter values (codes, "MA") would blank ordinary words of the message


def redact(text: str, data) -> str:
    """`text` (an error raised about an event) without any of the text values of the
    event's `data`: a database error quoting a key, a message quoting a name."""
    values = sorted({v for v in _texts(data) if len(v) >= _MIN_REDACTED}, key=len, reverse=True)
    for value in values:
        text = text.replace(value, REDACTED)
    return text


def _texts(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)


@contextmanager
def correlated(value: str | None) -> Iterator[None]:
    """Log under `value` within the block (the consumer, applying one event)."""
    token = correlation_id.set(value)
    try:
        yield
    finally:
        correlation_id.reset(token)


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str | None = None):
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc)
            .isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if self.service:
            entry["service"] = self.service
        if (current := correlation_id.get()) is not None:
            entry["correlation_id"] = current
        entry.update({key: value for key, value in vars(record).items()
                      if key not in _STANDARD and not key.startswith("_")})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure(service: str | None = None, fmt: str | None = None) -> None:
    """The root logger of a process: JSON (production) or text (`LOG_FORMAT=text`, the
    embedded mode's default), at LOG_LEVEL."""
    fmt = fmt or os.environ.get("LOG_FORMAT", "json")
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(service) if fmt == "json" else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
    logging.getLogger("alembic").setLevel(logging.WARNING)
