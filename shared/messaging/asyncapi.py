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
    hints = typing.get_type_hints(cls)
    properties = {}
    for f in dataclasses.fields(cls):
        schema = _json_schema(hints[f.name])
        if f.name in cls.personal_data:
            schema = {**schema, "x-personal-data": True}
        properties[f.name] = schema
    return {"type": "object", "properties": properties}


def catalogue(service: str, registry: EventRegistry, exchange: str = "argan.events") -> dict:
    channels, messages = {}, {}
    for cls in registry.classes():
        key = routing_key(service, cls.type)
        name = key.replace(".", "_")
        messages[name] = {
            "name": key, "title": cls.__name__, "contentType": CONTENT_TYPE,
            "x-schema-version": cls.schema_version,
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
