"""Limits on what a request may carry, checked once for every service before a view reads it:
its size (413), its media type on the JSON API (415), the nesting of its JSON (400), and
characters no text may hold (422, naming the field)."""
from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, request
from flask_babel import gettext
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType

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
