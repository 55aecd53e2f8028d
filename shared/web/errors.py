"""One error shape for every service: {"code", "message", "errors": {field: [messages]}}.

JSON for API paths (containing /api/), an HTML page otherwise. Never a traceback.
"""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from shared.eventstore import ConcurrencyError, DomainError, NotFound

from .validation_messages import translate


def N_(message: str) -> str:
    """Marks a message for extraction; translated where it is shown."""
    return message


# marshmallow's own messages, so that they are extracted and translated too
MARSHMALLOW_MESSAGES = (
    N_("Missing data for required field."), N_("Field may not be null."),
    N_("Not a valid email address."), N_("Not a valid date."), N_("Not a valid integer."),
    N_("Not a valid string."), N_("Not a valid list."), N_("Unknown field."),
    N_("Invalid input type."), N_("Not a valid number."),
)

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large",
         415: "unsupported_media_type", 422: "invalid", 429: "too_many_requests",
         500: "internal_error"}


class ErrorSchema(ma.Schema):
    """The error payload, for the OpenAPI description."""
    code = ma.fields.String(metadata={"description": "Machine-readable error code"})
    message = ma.fields.String(metadata={"description": "Human-readable message"})
    errors = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()),
                            metadata={"description": "Messages per field"})
    current_version = ma.fields.Integer(metadata={"description": "On 409: the current version"})


def wants_json() -> bool:
    return "/api/" in request.path or request.path.endswith("/api")


def field_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Flatten marshmallow/webargs messages into {field: [translated messages]}."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key in ("json", "query", "form", "files", "headers", "cookies",
                       "view_args", "path") and not prefix and isinstance(value, dict):
                name = ""  # webargs location level
            else:
                name = f"{prefix}.{key}" if prefix and not isinstance(key, int) else (
                    prefix if isinstance(key, int) else str(key))
            for field, msgs in field_errors(value, name).items():
                out.setdefault(field, []).extend(m for m in msgs if m not in out.get(field, []))
    elif isinstance(messages, (list, tuple)):
        for item in messages:
            if isinstance(item, (dict, list, tuple)):
                for field, msgs in field_errors(item, prefix).items():
                    out.setdefault(field, []).extend(msgs)
            else:
                out.setdefault(prefix or "_schema", []).append(translate(str(item)))
    else:
        out.setdefault(prefix or "_schema", []).append(translate(str(messages)))
    return out


def error_response(status: int, message: str, errors: dict | None = None, **extra):
    payload = {"code": extra.pop("code", None) or CODES.get(status, "error"),
               "message": message, "errors": errors or {}, **extra}
    if wants_json():
        return make_response(jsonify(payload), status)
    try:
        return make_response(render_template("error.html", status=status, **payload), status)
    except Exception:  # the error page itself must not fail
        current_app.logger.exception("error page failed")
        return make_response(f"{status} — {message}", status,
                             {"Content-Type": "text/plain; charset=utf-8"})


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ma.ValidationError)
    def _validation(exc: ma.ValidationError):
        return error_response(422, gettext("Some fields are invalid."),
                              field_errors(exc.messages))

    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):
        message = gettext(exc.message)
        return error_response(422, message, {exc.field or "_schema": [message]})

    @app.errorhandler(NotFound)
    def _not_found(exc: NotFound):
        return error_response(404, gettext("Not found."))

    @app.errorhandler(ConcurrencyError)
    def _conflict(exc: ConcurrencyError):
        return error_response(
            409, gettext("Someone else changed this record meanwhile (version %(version)s); "
                         "reload it and try again.", version=exc.actual),
            current_version=exc.actual)

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):
        return error_response(400, gettext("The form has expired or its security token is "
                                           "missing; please try again."), code="csrf_failed")

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        data = getattr(exc, "data", None) or {}
        if exc.code == 422 and "messages" in data:  # webargs (flask-smorest) parse errors
            return error_response(422, gettext("Some fields are invalid."),
                                  field_errors(data["messages"]))
        if exc.code >= 500:
            return _server_error(exc)
        message = data.get("message") or _http_message(exc)
        response = error_response(exc.code, message, field_errors(data.get("errors") or {}))
        if getattr(exc, "valid_methods", None):
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _server_error(exc: Exception):
        current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, gettext("Something went wrong on our side. The error has "
                                           "been logged; please try again later."))


def _http_message(exc: HTTPException) -> str:
    return {
        400: gettext("The request is not valid."),
        401: gettext("Please sign in."),
        403: gettext("You are not allowed to do this."),
        404: gettext("This page does not exist."),
        405: gettext("This method is not allowed here."),
        409: gettext("This conflicts with the current state."),
        413: gettext("The request is too large (at most %(max)s MB).",
                     max=(current_app.config.get("MAX_CONTENT_LENGTH") or 0) // 2**20),
        415: gettext("This type of content is not accepted here (the API takes JSON: "
                     "Content-Type: application/json)."),
    }.get(exc.code, exc.description or exc.name)
