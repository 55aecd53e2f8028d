"""One marshmallow schema per command on programmes, for the API and the forms alike."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.web.schemas import CommandBody
from shared.web.errors import N_

from .domain import ACTIVITY_KINDS, DISAGGREGATIONS, MEASURES, OFFICES, QUARTERS

REQUIRED = {"required": N_("This field is required."), "null": N_("This field is required.")}
_name = validate.Length(max=200, error=N_("Must be 200 characters or fewer."))
_code = validate.Length(max=40, error=N_("A programme code has 40 characters or fewer."))


_Tidy = CommandBody  # text trimmed, blank text absent (shared/web/schemas)


class DefineProgramme(_Tidy):
    code = fields.String(required=True, error_messages=REQUIRED, validate=_code)
    name = fields.String(required=True, error_messages=REQUIRED, validate=_name)
    funder_id = fields.String(allow_none=True, validate=validate.Length(max=64),
                              metadata={"description": "The funder: an organisation id"})
    starts_on = fields.Date(required=True, error_messages=REQUIRED)
    ends_on = fields.Date(required=True, error_messages=REQUIRED)
    offices = fields.List(fields.String(validate=validate.OneOf(
        OFFICES, error=N_("Choose offices from the list."))), load_default=list)


class Target(Schema):
    period = fields.String(required=True, error_messages=REQUIRED,
                           metadata={"description": "2026, 2026-Q2 or 2026-S1"})
    value = fields.Float(required=True, error_messages=REQUIRED,
                         validate=validate.Range(min=0, error=N_("A target is a number, 0 or more.")))


class Filters(Schema):
    kind = fields.String(allow_none=True, validate=validate.OneOf(
        ACTIVITY_KINDS, error=N_("Choose a kind of activity from the list.")))
    office = fields.String(allow_none=True, validate=validate.OneOf(
        OFFICES, error=N_("Choose the organising office.")))
    territory = fields.String(allow_none=True, validate=_name)
    role = fields.String(allow_none=True, validate=validate.Length(max=40))


class DefineIndicator(_Tidy):
    indicator_code = fields.String(required=True, data_key="code", error_messages=REQUIRED,
                                   validate=_code)
    name = fields.String(required=True, error_messages=REQUIRED, validate=_name)
    measure = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        MEASURES, error=N_("Choose a measure from the list.")),
        metadata={"description": ", ".join(MEASURES)})
    baseline = fields.Float(allow_none=True)
    targets = fields.List(fields.Nested(Target), load_default=list)
    disaggregations = fields.List(fields.String(validate=validate.OneOf(
        DISAGGREGATIONS, error=N_("Choose disaggregations from the list."))),
        load_default=list, metadata={"description": ", ".join(DISAGGREGATIONS)})
    filters = fields.Nested(Filters, load_default=dict)
    expected_version = fields.Integer(allow_none=True, strict=False)


class PlanActivities(_Tidy):
    year = fields.Integer(required=True, strict=False, error_messages=REQUIRED)
    quarter = fields.Integer(required=True, strict=False, error_messages=REQUIRED,
                             validate=validate.OneOf(QUARTERS, error=N_("A quarter is 1, 2, 3 or 4.")))
    kind = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        ACTIVITY_KINDS, error=N_("Choose a kind of activity from the list.")))
    office = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        OFFICES, error=N_("Choose the organising office.")))
    number = fields.Integer(required=True, strict=False, error_messages=REQUIRED,
                            validate=validate.Range(min=1, error=N_("Plan at least one activity.")))
    expected_version = fields.Integer(allow_none=True, strict=False)


class IndicatorOut(Schema):
    code = fields.String()
    name = fields.String()
    measure = fields.String()
    filters = fields.Dict()
    baseline = fields.Float(allow_none=True)
    targets = fields.List(fields.Dict())
    disaggregations = fields.List(fields.String())


class PlanLineOut(Schema):
    id = fields.String(attribute="line_id")
    year = fields.Integer()
    quarter = fields.Integer()
    kind = fields.String()
    office = fields.String()
    number = fields.Integer()


class ProgrammeOut(Schema):
    code = fields.String()
    version = fields.Integer()
    name = fields.String()
    funder_id = fields.String(allow_none=True)
    starts_on = fields.Date()
    ends_on = fields.Date()
    offices = fields.List(fields.String())
    indicators = fields.List(fields.Nested(IndicatorOut))
    action_plan = fields.List(fields.Nested(PlanLineOut))


class ProgrammeList(Schema):
    items = fields.List(fields.Nested(ProgrammeOut))
    total = fields.Integer()
