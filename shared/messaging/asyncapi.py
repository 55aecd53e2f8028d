"""The catalogue of events a service publishes, as an AsyncAPI 2.6 document.

Derived from the service's EventRegistry, so that it cannot drift from the code.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from typing import Any

from flask import Blueprint, jsonify

from shared.access.roles import API_DOCS
from shared.eventstore import EventRegistry
from shared.web.access import requires

from shared.privacy.minimise import needed_by, withheld

from .envelope import CONTENT_TYPE, routing_key


def _json_schema(hint: Any) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        schema = _json_schema(inner[0]) if len(inner) == 1 else {}
        return {**schema, "nullable": True}
    if origin in (tuple, list):
        args = [a for a in typing.get_args(hint) if a is not Ellipsis]
        return {"type": "array", "items": _json_schema(args[0]) if args else {}}
    if hint is dt.datetime:
        return {"type": "string", "format": "date-time"}
    if hint is dt.date:
        return {"type": "string", "format": "date"}
    return {str: {"type": "string"}, int: {"type": "integer"}, bool: {"type": "boolean"},
            float: {"type": "number"}}.get(hint, {})


def payload_schema(cls) -> dict[str, Any]:
    """The data a message carries: a field withheld from the bus (minimisation) is not in
    it; a personal one says so (`x-personal-data`) with the consumers that need it."""
    hints = typing.get_type_hints(cls)
    gone = {path[0] for path in withheld(cls) if len(path) == 1}
    needs = needed_by(cls)
    properties = {}
    for f in dataclasses.fields(cls):
        if f.name in gone:
            continue
        schema = _json_schema(hints[f.name])
        if f.name in cls.personal_data:
            schema = {**schema, "x-personal-data": True}
        consumers = needs.get(f.name) or sorted(
            {c for name, cs in needs.items() if name.startswith(f.name + ".") for c in cs})
        if consumers:
            schema = {**schema, "x-needed-by": list(consumers)}
        properties[f.name] = schema
    return {"type": "object", "properties": properties}


def personal_data_note(cls, service: str) -> dict[str, Any]:
    """The message's personal data: what it carries and for whom, what stays behind."""
    kept = [".".join(path) for path in withheld(cls)]
    note: dict[str, Any] = {"carried": {k: list(v) for k, v in needed_by(cls).items()},
                            "withheld": kept}
    parts = [f"{name} (for {', '.join(consumers)})" for name, consumers in needed_by(cls).items()]
    text = f"Personal data carried: {'; '.join(parts)}." if parts else \
        "No personal data carried."
    if kept:
        text += f" Never leaves {service}: {', '.join(kept)}."
    note["description"] = text
    return note


def catalogue(service: str, registry: EventRegistry, exchange: str = "argan.events") -> dict:
    channels, messages = {}, {}
    for cls in registry.classes():
        key = routing_key(service, cls.type)
        name = key.replace(".", "_")
        messages[name] = {
            "name": key, "title": cls.__name__, "contentType": CONTENT_TYPE,
            "x-schema-version": cls.schema_version,
            "description": personal_data_note(cls, service)["description"],
            "x-personal-data": personal_data_note(cls, service),
            "payload": {"type": "object", "required": ["specversion", "id", "source", "type",
                                                       "subject", "time", "data"],
                        "properties": {"data": payload_schema(cls)}},
        }
        channels[key] = {"subscribe": {"message": {"$ref": f"#/components/messages/{name}"}},
                         "bindings": {"amqp": {"is": "routingKey",
                                               "exchange": {"name": exchange, "type": "topic"}}}}
    return {"asyncapi": "2.6.0",
            "info": {"title": f"Argan {service} events", "version": "1"},
            "defaultContentType": CONTENT_TYPE,
            "channels": channels, "components": {"messages": messages}}


def catalogue_blueprint(service: str, registry: EventRegistry, exchange: str) -> Blueprint:
    """Serves the catalogue at /api/asyncapi.json (for any signed-in staff, like the OpenAPI)."""
    bp = Blueprint("asyncapi", __name__)

    @bp.get("/api/asyncapi.json")
    @requires(API_DOCS)
    def asyncapi():
        return jsonify(catalogue(service, registry, exchange))

    return bp
