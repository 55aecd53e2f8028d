"""One marshmallow schema per command, used by the JSON API and the forms alike."""
from __future__ import annotations

from marshmallow import Schema, fields, validate, validates_schema, ValidationError

from shared.web.schemas import CommandBody
from shared.web.errors import N_
from shared.web.schemas import ListArgs

from .domain import ATTENDANCE, CAPACITY_MAX, HALF_DAYS, KINDS, LONG_MAX, OFFICES, STATUSES, TEXT_MAX

REQUIRED = {"required": N_("This field is required."), "null": N_("This field is required.")}
_text = validate.Length(max=TEXT_MAX, error=N_("Must be 200 characters or fewer."))
_version = dict(strict=False, error_messages=REQUIRED, validate=validate.Range(min=1))


def _optional(**kwargs) -> fields.String:
    return fields.String(allow_none=True, validate=kwargs.pop("validate", _text), **kwargs)


_Tidy = CommandBody  # text trimmed, blank text absent (shared/web/schemas)


class _Activity(_Tidy):
    title = fields.String(required=True, error_messages=REQUIRED, validate=_text)
    kind = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        KINDS, error=N_("Choose a kind of activity from the list.")),
        metadata={"description": ", ".join(KINDS)})
    office = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        OFFICES, error=N_("Choose the organising office.")),
        metadata={"description": ", ".join(OFFICES)})
    programme = _optional(validate=validate.Length(max=40, error=N_(
        "A programme code has 40 characters or fewer.")),
        metadata={"description": "A programme code reporting has defined (any while none is)"})
    objectives = _optional(validate=validate.Length(max=LONG_MAX, error=N_(
        "Must be 2000 characters or fewer.")))
    venue = _optional()
    online_link = _optional(validate=[_text, validate.URL(error=N_("Not a valid web address."))])
    funder = _optional(metadata={"description": "The funder, as the sign-in sheet names it; "
                                           "by default the programme's funder"})
    partners = fields.List(fields.String(validate=_text), load_default=list,
                           metadata={"description": "Organisation ids (stakeholders)"})
    facilitators = fields.List(fields.String(validate=_text), load_default=list,
                               metadata={"description": "Names of staff or consultants"})
    capacity = fields.Integer(allow_none=True, strict=False, validate=[validate.Range(
        min=1, error=N_("The capacity is a number of places, at least 1.")), validate.Range(
        max=CAPACITY_MAX, error=N_("The capacity is at most 100,000 places."))],
        metadata={"description": "Places; none for no limit"})


class PlanActivity(_Activity):
    pass


class CorrectActivity(_Activity):
    """The fields given are the new values (null clears); the others stay as they are."""
    expected_version = fields.Integer(required=True, **_version)
    title = fields.String(error_messages=REQUIRED, validate=_text)
    kind = fields.String(validate=validate.OneOf(KINDS, error=N_(
        "Choose a kind of activity from the list.")))
    office = fields.String(validate=validate.OneOf(OFFICES, error=N_(
        "Choose the organising office.")))
    partners = fields.List(fields.String(validate=_text))
    facilitators = fields.List(fields.String(validate=_text))


class Transition(_Tidy):
    expected_version = fields.Integer(required=True, **_version)


class Cancel(Transition):
    reason = fields.String(required=True, error_messages=REQUIRED, validate=validate.Length(
        max=LONG_MAX, error=N_("Must be 2000 characters or fewer.")))


class ScheduleSession(_Tidy):
    expected_version = fields.Integer(required=True, **_version)
    date = fields.Date(required=True, error_messages=REQUIRED, metadata={"example": "2025-03-18"})
    start = fields.Time(required=True, error_messages=REQUIRED, metadata={"example": "09:00"})
    end = fields.Time(required=True, error_messages=REQUIRED, metadata={"example": "17:00"})
    place = _optional(metadata={"description": "Room and address; else the activity's venue"})
    online_link = _optional(validate=[_text, validate.URL(error=N_("Not a valid web address."))])

    @validates_schema
    def _ends_after_start(self, data, **kwargs):
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            raise ValidationError(N_("The session must end after it starts."), "end")


class Register(_Tidy):
    """One person (person_id) or a group (person_ids), in the order given."""
    expected_version = fields.Integer(allow_none=True, **_version)
    person_id = fields.String(allow_none=True, validate=validate.Length(max=36))
    person_ids = fields.List(fields.String(validate=validate.Length(max=36)), load_default=list,
                             validate=validate.Length(max=500))

    @validates_schema
    def _someone(self, data, **kwargs):
        if not data.get("person_id") and not data.get("person_ids"):
            raise ValidationError(N_("Choose at least one person."), "person_id")


class CancelRegistration(_Tidy):
    expected_version = fields.Integer(allow_none=True, **_version)
    reason = fields.String(required=True, error_messages=REQUIRED, validate=_text)


class Mark(Schema):
    person_id = fields.String(required=True, error_messages=REQUIRED)
    half_day = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        HALF_DAYS, error=N_("Choose morning or afternoon.")))
    status = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        ATTENDANCE, error=N_("Choose present, absent, excused or late.")))


class RecordAttendance(Schema):
    expected_version = fields.Integer(allow_none=True, **_version)
    attendance = fields.List(fields.Nested(Mark), required=True, error_messages=REQUIRED,
                             validate=validate.Length(min=1, max=2000, error=N_(
                                 "Mark at least one person.")))


class ActivityListArgs(ListArgs):
    q = fields.String(load_default=None, metadata={"description": "Words of the title"})
    programme = fields.String(load_default=None)
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    office = fields.String(load_default=None, validate=validate.OneOf(OFFICES))
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    start = fields.Date(load_default=None, data_key="from",
                        metadata={"description": "Sessions on or after this date"})
    end = fields.Date(load_default=None, data_key="to",
                      metadata={"description": "Sessions on or before this date"})
    sort = fields.String(load_default="date", validate=validate.OneOf(("date", "title",
                                                                      "recent")))


class PersonSearchArgs(ListArgs):
    q = fields.String(load_default=None)


# -- responses ---------------------------------------------------------------------------

class Saved(Schema):
    id = fields.String()
    version = fields.Integer()


class SessionSaved(Saved):
    activity_id = fields.String()


class RegistrationAnswer(Schema):
    id = fields.String()
    person_id = fields.String()
    status = fields.String(metadata={"description": "registered or waitlisted"})


class Registered(Saved):
    status = fields.String(metadata={"description": "Of the first person: registered or "
                                                    "waitlisted"})
    registration_id = fields.String()
    registrations = fields.List(fields.Nested(RegistrationAnswer))


class ActivitySummary(Schema):
    id = fields.String()
    version = fields.Integer()
    title = fields.String()
    kind = fields.String()
    programme = fields.String(allow_none=True)
    office = fields.String()
    status = fields.String()
    capacity = fields.Integer(allow_none=True)
    registered = fields.Integer()
    waitlisted = fields.Integer()
    first_date = fields.Date(allow_none=True)
    last_date = fields.Date(allow_none=True)


class ActivityPage(Schema):
    items = fields.List(fields.Nested(ActivitySummary))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class SessionOut(Schema):
    id = fields.String()
    date = fields.Date()
    start = fields.String()
    end = fields.String()
    place = fields.String(allow_none=True)
    online_link = fields.String(allow_none=True)
    half_days = fields.List(fields.String())
    hours = fields.Float()
    attendance = fields.List(fields.Nested(Mark))


class RegistrationOut(Schema):
    id = fields.String()
    person_id = fields.String()
    name = fields.String()
    organisation = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "registered, waitlisted or cancelled"})
    waitlist_position = fields.Integer(allow_none=True)
    cancel_reason = fields.String(allow_none=True)
    hours_attended = fields.Float()
    walk_in = fields.Boolean(metadata={"description": "Came without registering"})


class ActivityOut(ActivitySummary):
    objectives = fields.String(allow_none=True)
    venue = fields.String(allow_none=True)
    online_link = fields.String(allow_none=True)
    funder = fields.String(allow_none=True)
    partners = fields.List(fields.String())
    facilitators = fields.List(fields.String())
    cancel_reason = fields.String(allow_none=True)
    hours_delivered = fields.Float()
    sessions = fields.List(fields.Nested(SessionOut))
    registrations = fields.List(fields.Nested(RegistrationOut))


class PersonOut(Schema):
    id = fields.String()
    name = fields.String()
    organisation = fields.String(allow_none=True)


class PersonPage(Schema):
    items = fields.List(fields.Nested(PersonOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class AttendanceChange(Schema):
    at = fields.DateTime()
    actor = fields.String(allow_none=True)
    person_id = fields.String()
    name = fields.String()
    half_day = fields.String()
    before = fields.String(allow_none=True, metadata={"description": "None: first record"})
    status = fields.String()


class HistoryEntry(Schema):
    version = fields.Integer()
    type = fields.String()
    at = fields.DateTime()
    actor = fields.String(allow_none=True)
    summary = fields.String()
