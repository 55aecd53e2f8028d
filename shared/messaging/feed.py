"""The event feed every service serves, and the clients consumers read it with.

`GET /api/v1/events?after=<position>&limit=<n>` answers CloudEvents in position
order, for the service token only. Consumers use it to fill gaps and to catch up.
"""
from __future__ import annotations

import hmac
import threading
import time

import requests
from flask import Blueprint, jsonify, request

from shared.web.access import public

from .envelope import ReceivedEvent, from_cloudevent, to_cloudevent

MAX_LIMIT = 1000


def feed_blueprint(store, service: str, service_token: str) -> Blueprint:
    bp = Blueprint("feed", __name__)

    @bp.get("/api/v1/events")
    @public  # not for staff: the service token is checked below
    def events():
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {service_token}".encode()):
            return jsonify(code="unauthorized", message="A service token is required.",
                           errors={}), 401
        errors = {}
        after = _int_arg("after", 0, errors)
        limit = _int_arg("limit", 100, errors)
        if limit is not None and not 1 <= limit <= MAX_LIMIT:
            errors["limit"] = [f"Must be between 1 and {MAX_LIMIT}."]
        if after is not None and after < 0:
            errors["after"] = ["Must be 0 or more."]
        if errors:
            return jsonify(code="bad_request", message="Invalid feed parameters.",
                           errors=errors), 400
        registry = getattr(store, "registry", None)  # minimised as the relay publishes
        items = [to_cloudevent(s, service, registry) for s in store.read_after(after, limit)]
        return jsonify(items=items, last_position=store.last_position())

    return bp


def _int_arg(name: str, default: int, errors: dict) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        errors[name] = ["Must be a whole number."]
        return None


class HttpFeed:
    """Reads another service's feed over HTTP with the service token."""

    def __init__(self, url: str, token: str, timeout: float = 10.0):
        self.url = url
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def read_after(self, position: int, limit: int = 500) -> list[ReceivedEvent]:
        response = self.session.get(self.url, params={"after": position, "limit": limit},
                                    timeout=self.timeout)
        response.raise_for_status()
        return [from_cloudevent(item) for item in response.json()["items"]]

    def last_position(self) -> int:
        response = self.session.get(self.url, params={"after": 0, "limit": 1},
                                    timeout=self.timeout)
        response.raise_for_status()
        return int(response.json()["last_position"])


class LocalFeed:
    """The same feed read in-process, for the embedded mode (one process, many services)."""

    def __init__(self, store, service: str):
        self.store = store
        self.service = service

    def read_after(self, position: int, limit: int = 500) -> list[ReceivedEvent]:
        registry = getattr(self.store, "registry", None)
        return [from_cloudevent(to_cloudevent(s, self.service, registry))
                for s in self.store.read_after(position, limit)]

    def last_position(self) -> int:
        return self.store.last_position()


class CachedLastPosition:
    """A feed whose `last_position` is asked of the source at most once per `ttl` seconds
    (a page showing freshness must not make an HTTP call to every source per request).
    A failure is remembered as long, so that a source down does not slow every page."""

    def __init__(self, feed, ttl: float = 5.0, clock=time.monotonic):
        self.feed = feed
        self.ttl = ttl
        self.clock = clock
        self._lock = threading.Lock()
        self._until = float("-inf")
        self._value: int | None = None
        self._error: Exception | None = None

    def read_after(self, position: int, limit: int = 500) -> list[ReceivedEvent]:
        return self.feed.read_after(position, limit)

    def last_position(self) -> int:
        with self._lock:
            if self.clock() >= self._until:
                try:
                    self._value, self._error = self.feed.last_position(), None
                except Exception as exc:
                    self._value, self._error = None, exc
                self._until = self.clock() + self.ttl
            if self._error is not None:
                raise self._error
            return self._value
