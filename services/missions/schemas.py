"""One marshmallow schema per command, used by the JSON API and the forms alike."""
from __future__ import annotations

import datetime as dt

from marshmallow import Schema, fields, validate

from shared.web.schemas import CommandBody
from shared.web.errors import N_
from shared.web.schemas import ListArgs

from .domain import (DIRECTIONS, LONG_MAX, MAX_WEEKLY_HOURS, OFFICES, SCHEMES, STATUSES,
                     TEXT_MAX)

REQUIRED = {"required": N_("This field is required."), "null": N_("This field is required.")}
_text = validate.Length(max=TEXT_MAX, error=N_("Must be 200 characters or fewer."))
_long = validate.Length(max=LONG_MAX, error=N_("Must be 4000 characters or fewer."))
_id = validate.Length(max=36, error=N_("Not a known record."))
_version = dict(strict=False, error_messages=REQUIRED, validate=validate.Range(min=1))
# dates the NGO could mean (and that calendar arithmetic cannot overflow)
_year = validate.Range(min=dt.date(2000, 1, 1), max=dt.date(2100, 12, 31),
                       error=N_("Give a date between 2000 and 2100."))


def date_field(metadata=None, **kwargs) -> fields.Date:
    return fields.Date(validate=_year, metadata={"example": "2025-09-01", **(metadata or {})},
                       **kwargs)


Tidy = CommandBody  # text trimmed, blank text absent (shared/web/schemas)


def _choice(values, error, **kwargs):
    return fields.String(validate=validate.OneOf(values, error=error),
                         metadata={"description": ", ".join(values)}, **kwargs)


class _Mission(Tidy):
    volunteer_id = fields.String(required=True, error_messages=REQUIRED, validate=_id,
                                 metadata={"description": "A person id (stakeholders)"})
    host_id = fields.String(required=True, error_messages=REQUIRED, validate=_id,
                            metadata={"description": "An organisation id (stakeholders)"})
    direction = _choice(DIRECTIONS, N_("Choose the direction: Morocco to France or France to "
                                       "Morocco."), required=True, error_messages=REQUIRED)
    scheme = _choice(SCHEMES, N_("Choose the scheme from the list."),
                     load_default="civic_service")
    programme = fields.String(allow_none=True, validate=validate.Length(max=40, error=N_(
        "A programme code has 40 characters or fewer.")))
    office = _choice(OFFICES, N_("Choose the office that follows the mission."), required=True,
                     error_messages=REQUIRED)
    planned_start = date_field(required=True, error_messages=REQUIRED)
    planned_end = date_field(required=True, error_messages=REQUIRED)
    weekly_hours = fields.Integer(required=True, strict=False, error_messages=REQUIRED,
                                  validate=validate.Range(min=1, max=MAX_WEEKLY_HOURS, error=N_(
                                      "Weekly hours are a whole number between 1 and 48.")))
    referent = fields.String(allow_none=True, validate=validate.Length(max=64),
                             metadata={"description": "The staff account id of the referent"})
    tutor = fields.String(allow_none=True, validate=_text,
                          metadata={"description": "The tutor's name at the host"})
    description = fields.String(allow_none=True, validate=_long)


class DraftMission(_Mission):
    pass


class CorrectMission(_Mission):
    """The fields given are the new values (null clears); the others stay as they are."""
    expected_version = fields.Integer(required=True, **_version)
    volunteer_id = fields.String(validate=_id)
    host_id = fields.String(validate=_id)
    direction = _choice(DIRECTIONS, N_("Choose the direction: Morocco to France or France to "
                                       "Morocco."))
    scheme = _choice(SCHEMES, N_("Choose the scheme from the list."))
    office = _choice(OFFICES, N_("Choose the office that follows the mission."))
    planned_start = date_field()
    planned_end = date_field()
    weekly_hours = fields.Integer(strict=False, validate=validate.Range(
        min=1, max=MAX_WEEKLY_HOURS, error=N_("Weekly hours are a whole number between 1 and "
                                              "48.")))


class Transition(Tidy):
    expected_version = fields.Integer(required=True, **_version)


class Start(Transition):
    started_on = date_field(required=True, error_messages=REQUIRED)


class Complete(Transition):
    completed_on = date_field(required=True, error_messages=REQUIRED)


class Interrupt(Transition):
    interrupted_on = date_field(required=True, error_messages=REQUIRED)
    reason = fields.String(required=True, error_messages=REQUIRED, validate=_long)


class Cancel(Transition):
    reason = fields.String(required=True, error_messages=REQUIRED, validate=_long)


class Extend(Transition):
    planned_end = date_field(required=True, error_messages=REQUIRED)
    reason = fields.String(required=True, error_messages=REQUIRED, validate=_long)


class MissionListArgs(ListArgs):
    q = fields.String(load_default=None, validate=_text,
                      metadata={"description": "Words of the volunteer's or host's name"})
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    direction = fields.String(load_default=None, validate=validate.OneOf(DIRECTIONS))
    scheme = fields.String(load_default=None, validate=validate.OneOf(SCHEMES))
    programme = fields.String(load_default=None, validate=validate.Length(max=40))
    office = fields.String(load_default=None, validate=validate.OneOf(OFFICES))
    host_id = fields.String(load_default=None, validate=_id)
    volunteer_id = fields.String(load_default=None, validate=_id)
    referent = fields.String(load_default=None, validate=validate.Length(max=64))
    sort = fields.String(load_default="start", validate=validate.OneOf(("start", "recent")))


class PersonSearchArgs(ListArgs):
    q = fields.String(load_default=None, validate=_text)


# -- responses ---------------------------------------------------------------------------

class MissionSummary(Schema):
    id = fields.String()
    version = fields.Integer()
    volunteer_id = fields.String()
    volunteer_name = fields.String()
    host_id = fields.String()
    host_name = fields.String()
    direction = fields.String()
    scheme = fields.String()
    programme = fields.String(allow_none=True)
    office = fields.String()
    referent = fields.String(allow_none=True)
    status = fields.String()
    planned_start = fields.Date()
    planned_end = fields.Date()
    started_on = fields.Date(allow_none=True)
    ended_on = fields.Date(allow_none=True)


class MissionPage(Schema):
    items = fields.List(fields.Nested(MissionSummary))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class Extension(Schema):
    planned_end = fields.Date()
    reason = fields.String()


class TrainingOut(Schema):
    training = fields.String()
    start = fields.Date()
    end = fields.Date()
    provider = fields.String(allow_none=True)


class ReviewOut(Schema):
    skills_gained = fields.List(fields.String())
    volunteer_satisfaction = fields.Integer(allow_none=True)
    host_satisfaction = fields.Integer(allow_none=True)
    next_step = fields.String(allow_none=True)
    comments = fields.String(allow_none=True)


class MissionOut(MissionSummary):
    weekly_hours = fields.Integer()
    tutor = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    end_reason = fields.String(allow_none=True)
    extensions = fields.List(fields.Nested(Extension))
    trainings = fields.List(fields.Nested(TrainingOut))
    missing_trainings = fields.List(fields.String())
    review = fields.Nested(ReviewOut, allow_none=True)


class PersonOut(Schema):
    id = fields.String()
    name = fields.String()


class PersonPage(Schema):
    items = fields.List(fields.Nested(PersonOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class HistoryEntry(Schema):
    version = fields.Integer()
    type = fields.String()
    at = fields.DateTime()
    actor = fields.String(allow_none=True)
    summary = fields.String()
