"""The period, the moment and the office a report or a dashboard is asked for."""
from __future__ import annotations

import datetime as dt

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from shared.web.errors import N_

from ..programmes.domain import OFFICES
from .build import parse_as_of


class AsOf(fields.Field):
    """A date (its end, UTC) or a date and time."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return parse_as_of(value)
        except (TypeError, ValueError):
            raise ValidationError(N_("Not a valid date.")) from None


class ReportArgs(Schema):
    start = fields.Date(data_key="from", load_default=None)
    end = fields.Date(data_key="to", load_default=None)
    as_of = AsOf(load_default=None, metadata={"description": "YYYY-MM-DD or a date-time"})
    office = fields.String(load_default=None, validate=validate.OneOf(
        OFFICES, error=N_("Choose the organising office.")))

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError(N_("The period must end after it starts."), "to")


def resolve(args: dict, programme: dict) -> tuple[dt.date, dt.date, dt.datetime]:
    """The programme's own dates unless a period is given; now unless a moment is."""
    return (args.get("start") or programme["starts_on"], args.get("end") or programme["ends_on"],
            args.get("as_of") or parse_as_of(None))


class FactArgs(ReportArgs):
    indicator = fields.String(required=True)
    cell = fields.String(load_default="total")


class SubmitReport(Schema):
    period_from = fields.Date(required=True, data_key="from", error_messages={
        "required": N_("This field is required."), "null": N_("This field is required.")})
    period_to = fields.Date(required=True, data_key="to", error_messages={
        "required": N_("This field is required."), "null": N_("This field is required.")})
    as_of = AsOf(load_default=None, allow_none=True)

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("period_from") and data.get("period_to") \
                and data["period_to"] < data["period_from"]:
            raise ValidationError(N_("The period must end after it starts."), "to")
