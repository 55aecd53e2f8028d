"""Limits on what a request may carry, checked once for every service before a view reads it:
its size (413), its media type on the JSON API (415), the nesting of its JSON (400), and
characters no text may hold (422, naming the field). And how often a client may call the
few public pages (`rate_limited`, 429)."""
from __future__ import annotations

import functools
import json
import re
import threading
import time
from collections import deque
from typing import Any, Callable

from flask import Flask, current_app, request
from flask_babel import gettext
from werkzeug.exceptions import RequestEntityTooLarge, TooManyRequests, UnsupportedMediaType

from .errors import error_response, wants_json

# The largest body: an import file (5 MB, services/stakeholders/imports) and its envelope.
MAX_CONTENT_LENGTH = 8 * 1024 * 1024
# Deeper than any document of the API (a segment's criteria are three levels down); the
# JSON decoder itself recurses, and fails with a RecursionError a thousand levels down.
MAX_JSON_DEPTH = 32
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# NUL and lone surrogates: PostgreSQL refuses both in text (and no one types them), so a
# field holding one would end in a 500 at the first query or append.
FORBIDDEN = re.compile("[\x00\ud800-\udfff]")


def install(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = MAX_CONTENT_LENGTH
    app.before_request(check_request)


def check_request():
    """None if the request is within bounds; else the refusal."""
    if request.content_length is not None and request.content_length > MAX_CONTENT_LENGTH:
        raise RequestEntityTooLarge()
    body = None
    if request.method in BODY_METHODS and _has_body():
        if wants_json() and request.mimetype not in _accepted_types() and not request.is_json:
            raise UnsupportedMediaType()
        if request.is_json:
            try:
                body = json.loads(request.get_data(cache=True))
            except RecursionError:
                return _too_deep()
            except ValueError:
                body = None  # not JSON: the schema's parser answers 400
            if _depth(body) > MAX_JSON_DEPTH:
                return _too_deep()
    name = _field_with_forbidden(body)
    if name is not None:
        message = gettext("The field “%(field)s” contains a character that is not allowed.",
                          field=name)
        return error_response(422, message, {name: [gettext(
            "Contains a character that is not allowed.")]})
    return None


def _has_body() -> bool:
    return bool(request.content_length) or "chunked" in request.headers.get(
        "Transfer-Encoding", "").lower()


def _accepted_types() -> set[str]:
    """The media types the view documents for its body (flask-smorest's doc); JSON else."""
    from flask import current_app
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    doc = getattr(view, "_apidoc", None) or {}
    content = doc.get("manual_doc", {}).get("requestBody", {}).get("content")
    return set(content) if content else {"application/json"}


def _too_deep():
    return error_response(400, gettext("The JSON data is nested too deeply (at most "
                                       "%(max)s levels).", max=MAX_JSON_DEPTH))


def _depth(value: Any) -> int:
    """How deep lists and objects nest in `value` (walked without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else (
            item if isinstance(item, list) else None)
        if children is None:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest


def _field_with_forbidden(body: Any) -> str | None:
    """The name of the first path, query, form, file or JSON field holding NUL or a lone
    surrogate."""
    sources = [request.view_args or {}, request.args]
    if request.method in BODY_METHODS:
        sources.append(request.form)
        sources.append({name: file.filename or "" for name, file in request.files.items()})
        sources.append({"": body})
    for source in sources:
        items = source.items(multi=True) if hasattr(source, "getlist") else source.items()
        for key, value in items:
            found = key if FORBIDDEN.search(str(key)) else _forbidden_in(key, value)
            if found is not None:
                return found
    return None


def _forbidden_in(path: str, value: Any) -> str | None:
    stack = [(path, value)]
    while stack:
        name, item = stack.pop()
        if isinstance(item, str):
            if FORBIDDEN.search(item):
                return name or "_schema"
        elif isinstance(item, dict):
            for key, child in item.items():
                child_name = f"{name}.{key}" if name else str(key)
                if FORBIDDEN.search(str(key)):
                    return child_name
                stack.append((child_name, child))
        elif isinstance(item, list):
            stack.extend((name, child) for child in reversed(item))
    return None


# -- how often a client may call a public page -------------------------------------------

class RateLimits:
    """Sliding windows of recent calls per (group, client address), in this process: enough
    to slow down someone guessing tokens or flooding a public form. (A room of participants
    on one Wi-Fi shares an address: the limits of the groups leave room for a full room.)"""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._calls: dict[tuple[str, str], deque] = {}
        self._lock = threading.Lock()

    def hit(self, key: tuple[str, str], count: int, seconds: float) -> float | None:
        """Record a call; None if within `count` calls per `seconds`, else the seconds to
        wait."""
        now = self.clock()
        with self._lock:
            calls = self._calls.setdefault(key, deque())
            while calls and calls[0] <= now - seconds:
                calls.popleft()
            if len(calls) >= count:
                return calls[0] + seconds - now if calls else seconds
            calls.append(now)
            if len(self._calls) > 10_000:  # forget the idle clients
                for idle in [k for k, v in self._calls.items() if not v]:
                    del self._calls[idle]
            return None


def rate_limited(group: str, count: int, seconds: float):
    """At most `count` calls per `seconds` from one client address to the views of `group`
    (else 429 with Retry-After). The app's config may lower it for a group:
    ARGAN_RATE_LIMITS = {group: (count, seconds)}."""

    def decorate(view):
        @functools.wraps(view)
        def limited(*args, **kwargs):
            limits = current_app.extensions.setdefault("argan_rate_limits", RateLimits())
            allowed, window = current_app.config.get("ARGAN_RATE_LIMITS", {}).get(
                group, (count, seconds))
            wait = limits.hit((group, request.remote_addr or "?"), allowed, window)
            if wait is not None:
                raise TooManyRequests(gettext("Too many requests; please wait a moment and "
                                              "try again."), retry_after=int(wait) + 1)
            return view(*args, **kwargs)

        return limited

    return decorate
