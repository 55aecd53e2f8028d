"""The group registration command, used by the API and the form alike."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from shared.web.errors import N_

from ..schemas import Registered, _Tidy, _version

SOURCES = ("person_ids", "organisation_id", "segment_id")
_id = validate.Length(max=36)


class RegisterGroup(_Tidy):
    """One source: the people picked (in order), an organisation's current members, or a
    segment's members (both in name order)."""
    expected_version = fields.Integer(allow_none=True, **_version)
    person_ids = fields.List(fields.String(validate=_id), load_default=list,
                             validate=validate.Length(max=500))
    organisation_id = fields.String(allow_none=True, validate=_id)
    segment_id = fields.String(allow_none=True, validate=_id)

    @validates_schema
    def _one_source(self, data, **kwargs):
        given = [name for name in SOURCES if data.get(name)]
        if not given:
            raise ValidationError(N_("Choose the people, an organisation or a segment."),
                                  "person_ids")
        if len(given) > 1:
            raise ValidationError(N_("Choose only one of: the people, an organisation, a "
                                     "segment."), given[1])


class GroupRegistered(Registered):
    skipped = fields.List(fields.String(), metadata={
        "description": "Ids of the people skipped: registered or waitlisted already"})


class OrganisationOut(Schema):
    id = fields.String()
    name = fields.String()
    members = fields.Integer()
