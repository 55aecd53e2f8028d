"""One marshmallow schema per follow-up command, and the answers of its queries."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.web.errors import N_
from shared.web.schemas import QueryArgs

from ..schemas import REQUIRED, Tidy, date_field
from .domain import (FOLLOW_UP_KINDS, INCIDENT_KINDS, LONG_MAX, MAX_ITEMS, NEXT_STEPS,
                     SEVERITIES, TEXT_MAX, TRAININGS)

_text = validate.Length(max=TEXT_MAX, error=N_("Must be 200 characters or fewer."))
_long = validate.Length(max=LONG_MAX, error=N_("Must be 4000 characters or fewer."))
_items = validate.Length(max=MAX_ITEMS, error=N_("20 entries at most."))
_mark = validate.Range(min=1, max=5, error=N_("A mark from 1 to 5."))
# commands on the follow-up may leave out expected_version (decided on the current one)
_version = dict(allow_none=True, strict=False, validate=validate.Range(min=1))


def _choice(values, error, **kwargs):
    return fields.String(validate=validate.OneOf(values, error=error),
                         metadata={"description": ", ".join(values)}, **kwargs)


def _list():
    return fields.List(fields.String(validate=_text), load_default=list, validate=_items)


class RecordFollowUp(Tidy):
    expected_version = fields.Integer(**_version)
    kind = _choice(FOLLOW_UP_KINDS, N_("Choose the kind of meeting from the list."),
                   required=True, error_messages=REQUIRED)
    date = date_field(required=True, error_messages=REQUIRED)
    participants = _list()
    wellbeing = fields.Integer(allow_none=True, strict=False, validate=validate.Range(
        min=1, max=5, error=N_("Wellbeing is a mark from 1 (bad) to 5 (very good).")),
        metadata={"description": "The volunteer's wellbeing, 1 (bad) to 5 (very good)"})
    notes = fields.String(allow_none=True, validate=_long)
    issues = _list()


class ReportIncident(Tidy):
    expected_version = fields.Integer(**_version)
    kind = _choice(INCIDENT_KINDS, N_("Choose the kind of incident from the list."),
                   required=True, error_messages=REQUIRED)
    severity = _choice(SEVERITIES, N_("Choose the severity: low, medium or serious."),
                       required=True, error_messages=REQUIRED)
    reported_on = date_field(required=True, error_messages=REQUIRED)
    description = fields.String(allow_none=True, validate=_long)


class ResolveIncident(Tidy):
    expected_version = fields.Integer(**_version)
    resolved_on = date_field(required=True, error_messages=REQUIRED)
    resolution = fields.String(allow_none=True, validate=_long)


class RecordTraining(Tidy):
    expected_version = fields.Integer(**_version)
    training = _choice(TRAININGS, N_("Choose the training: civic and citizen training or "
                                     "first aid."), required=True, error_messages=REQUIRED)
    start = date_field(required=True, error_messages=REQUIRED)
    end = date_field(allow_none=True)
    provider = fields.String(allow_none=True, validate=_text)


class ReviewMission(Tidy):
    expected_version = fields.Integer(**_version)
    skills_gained = _list()
    volunteer_satisfaction = fields.Integer(allow_none=True, strict=False, validate=_mark)
    host_satisfaction = fields.Integer(allow_none=True, strict=False, validate=_mark)
    next_step = _choice(NEXT_STEPS, N_("Choose what comes next from the list."),
                        allow_none=True)
    comments = fields.String(allow_none=True, validate=_long)


class OnArgs(QueryArgs):
    on = date_field(load_default=None, metadata={"description": "The day (default: today)"})


class DueArgs(OnArgs):
    referent = fields.String(load_default=None, validate=validate.Length(max=64),
                             metadata={"description": "A referent's staff account id"})


# -- answers -----------------------------------------------------------------------------

class Saved(Schema):
    id = fields.String()
    version = fields.Integer()


class FollowUpSaved(Saved):
    follow_up_id = fields.String()


class IncidentSaved(Saved):
    incident_id = fields.String()


class ScheduledMeeting(Schema):
    kind = fields.String()
    due_on = fields.Date()
    done_on = fields.Date(allow_none=True)
    state = fields.String(metadata={"description": "done, overdue, due_this_week, upcoming, "
                                                   "not_due"})


class FollowUpOut(Schema):
    id = fields.String()
    kind = fields.String()
    date = fields.Date()
    participants = fields.List(fields.String())
    wellbeing = fields.Integer(allow_none=True)
    notes = fields.String(allow_none=True)
    issues = fields.List(fields.String())


class IncidentOut(Schema):
    id = fields.String()
    kind = fields.String()
    severity = fields.String()
    reported_on = fields.Date()
    description = fields.String(allow_none=True)
    resolved_on = fields.Date(allow_none=True)
    resolution = fields.String(allow_none=True)
    open = fields.Boolean()


class MissionFollowUp(Schema):
    id = fields.String()
    version = fields.Integer()
    status = fields.String()
    on = fields.Date()
    schedule = fields.List(fields.Nested(ScheduledMeeting))
    follow_ups = fields.List(fields.Nested(FollowUpOut))
    incidents = fields.List(fields.Nested(IncidentOut))
    open_serious_incidents = fields.Integer()


class _DueHead(Schema):
    mission_id = fields.String()
    volunteer_id = fields.String()
    volunteer_name = fields.String()
    host_id = fields.String()
    host_name = fields.String()
    referent = fields.String(allow_none=True)


class DueMeeting(_DueHead):
    kind = fields.String()
    due_on = fields.Date()
    state = fields.String()
    days_late = fields.Integer()


class DueIncident(_DueHead):
    incident_id = fields.String()
    kind = fields.String()
    reported_on = fields.Date()


class Due(Schema):
    on = fields.Date()
    week_start = fields.Date()
    week_end = fields.Date()
    referent = fields.String(allow_none=True)
    overdue = fields.List(fields.Nested(DueMeeting))
    due_this_week = fields.List(fields.Nested(DueMeeting))
    serious_incidents = fields.List(fields.Nested(DueIncident))
