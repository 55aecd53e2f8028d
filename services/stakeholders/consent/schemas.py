"""One marshmallow schema per consent command, used by the JSON API and the forms alike."""
from __future__ import annotations

import datetime as dt

from marshmallow import Schema, ValidationError, fields, pre_load, validate

from shared.web.errors import N_

from .. import bounds
from ..schemas import REQUIRED
from .domain import METHODS, NOTE_MAX, PURPOSES


def _not_future(value: dt.date) -> None:
    if value > dt.date.today():
        raise ValidationError(N_("The date cannot be in the future."))
    if value.year < 1900:
        raise ValidationError(N_("The date is too far in the past."))


class _Consent(Schema):
    class Meta:
        ordered = True

    expected_version = fields.Integer(required=True, strict=False, error_messages=REQUIRED,
                                      validate=bounds.VERSION)
    purpose = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        PURPOSES, error=N_("Choose a purpose from the list.")),
        metadata={"description": "newsletter, event_invitations, photos, data_processing"})
    method = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        METHODS, error=N_("Choose how it was recorded: paper form, online, oral or email.")),
        metadata={"description": "paper_form, online, oral, email"})
    note = fields.String(allow_none=True, validate=validate.Length(
        max=NOTE_MAX, error=N_("Must be 500 characters or fewer.")))

    @pre_load
    def _blank_is_absent(self, data, **kwargs):
        if not isinstance(data, dict):
            return data
        return {k: (v.strip() or None) if isinstance(v, str) else v for k, v in data.items()}


class GiveConsent(_Consent):
    given_at = fields.Date(required=True, error_messages=REQUIRED, validate=_not_future,
                           metadata={"example": "2024-03-18"})


class WithdrawConsent(_Consent):
    withdrawn_at = fields.Date(required=True, error_messages=REQUIRED, validate=_not_future,
                               metadata={"example": "2024-09-02"})


# -- responses -------------------------------------------------------------------------

class ConsentNow(Schema):
    purpose = fields.String()
    status = fields.String(metadata={"description": "given, withdrawn or never"})
    since = fields.Date(allow_none=True)
    method = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    recorded_by = fields.String(allow_none=True)
    recorded_by_email = fields.String(allow_none=True)


class ConsentEntry(Schema):
    version = fields.Integer()
    purpose = fields.String()
    status = fields.String(metadata={"description": "given or withdrawn"})
    date = fields.Date()
    method = fields.String()
    note = fields.String(allow_none=True)
    recorded_by = fields.String(allow_none=True)
    recorded_by_email = fields.String(allow_none=True)
    recorded_at = fields.DateTime()
    source_id = fields.String(allow_none=True, metadata={
        "description": "the record merged into this one the statement was recorded on "
                       "(null: on this record)"})
    source_name = fields.String(allow_none=True)


class Consents(Schema):
    current = fields.List(fields.Nested(ConsentNow))
    history = fields.List(fields.Nested(ConsentEntry))
