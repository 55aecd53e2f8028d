"""The calendar's arguments (the list's filters and a month) and its answer."""
from __future__ import annotations

import datetime as dt

from marshmallow import Schema, ValidationError, fields, validate

from shared.web.errors import N_
from shared.web.schemas import QueryArgs

from ..domain import KINDS, OFFICES, STATUSES


class Month(fields.Field):
    """"2026-12" -> date(2026, 12, 1)."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            year, month = (int(part) for part in str(value).split("-"))
            if 2000 <= year <= 2100:
                return dt.date(year, month, 1)
        except (TypeError, ValueError):
            pass
        raise ValidationError(N_("A month such as 2026-12."))

    def _serialize(self, value, attr, obj, **kwargs):
        return value.strftime("%Y-%m") if value else None


class CalendarArgs(QueryArgs):
    month = Month(load_default=None, metadata={"description": "YYYY-MM; this month if none",
                                               "example": "2026-12"})
    programme = fields.String(load_default=None, validate=validate.Length(max=40))
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    office = fields.String(load_default=None, validate=validate.OneOf(OFFICES))
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))


class CalendarSession(Schema):
    session_id = fields.String()
    activity_id = fields.String()
    date = fields.Date()
    start = fields.String()
    end = fields.String()
    title = fields.String()
    kind = fields.String()
    office = fields.String()
    programme = fields.String(allow_none=True)
    status = fields.String()


class CalendarMonth(Schema):
    month = fields.String(metadata={"example": "2026-12"})
    previous = fields.String()
    next = fields.String()
    sessions = fields.List(fields.Nested(CalendarSession))
