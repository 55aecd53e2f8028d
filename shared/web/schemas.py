"""Marshmallow pieces every service's query strings share."""
from __future__ import annotations

from collections.abc import Mapping

from marshmallow import EXCLUDE, Schema, fields, pre_load, validate

from .errors import N_

# Far beyond any list of the NGO (a million rows at 100 a page), and far below the 64-bit
# OFFSET a larger number would overflow in PostgreSQL.
MAX_PAGE = 10_000


class QueryArgs(Schema):
    """Arguments of a query string: unknown ones are ignored, blank ones are absent (so
    an empty filter box of a form means "no filter", not an invalid value)."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _blank_is_absent(self, data, **kwargs):
        if not isinstance(data, Mapping):
            return data
        return {k: v for k, v in data.items() if v not in ("", None)}


class ListArgs(QueryArgs):
    """A page of a list (DESIGN: lists take `page` and `per_page`)."""

    page = fields.Integer(load_default=1, validate=validate.Range(
        min=1, max=MAX_PAGE, error=N_("There is no page of that number.")))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class CommandBody(Schema):
    """The body of a command (JSON or a form): text trimmed, blank text a missing value
    (None), fields in their declared order (the OpenAPI and the error lists follow it)."""

    class Meta:
        ordered = True

    @pre_load
    def _blank_is_none(self, data, **kwargs):
        if not isinstance(data, Mapping):
            return data
        return {k: (v.strip() or None) if isinstance(v, str) else v for k, v in data.items()}
