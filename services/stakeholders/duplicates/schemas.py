"""Schemas of the duplicate commands and answers (API and forms alike)."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from services.stakeholders import bounds  # absolute: this module may move to a subpackage
from shared.web.errors import N_

from ..domain import PERSON_FIELDS
from .domain import KEEP_CHOICES
from ..schemas import REQUIRED, Person

_version = {"required": True, "strict": False, "error_messages": REQUIRED,
            "validate": bounds.VERSION}
_id = validate.Length(min=1, max=36, error=N_("Not a valid identifier."))


class MergePeople(Schema):
    """Merge `merged_id` into the person of the URL (the survivor)."""
    expected_version = fields.Integer(**_version)
    merged_id = fields.String(required=True, error_messages=REQUIRED, validate=_id)
    merged_expected_version = fields.Integer(**_version)
    choices = fields.Dict(
        keys=fields.String(validate=validate.OneOf(PERSON_FIELDS, error=N_("Unknown field."))),
        values=fields.String(validate=validate.OneOf(
            KEEP_CHOICES, error=N_("Choose which value to keep."))),
        load_default=dict, metadata={
            "description": "Per field: survivor (default), merged, or union (list fields; "
                           "their default)", "example": {"email": "merged", "tags": "union"}})


class UnmergePerson(Schema):
    """Undo the merge of the person of the URL into the record it points to."""
    expected_version = fields.Integer(**_version)
    survivor_expected_version = fields.Integer(**_version)


class DismissDuplicate(Schema):
    person_ids = fields.List(fields.String(validate=_id), required=True,
                             error_messages=REQUIRED, validate=validate.Length(
                                 equal=2, error=N_("Choose two different people.")))
    reason = fields.String(allow_none=True, validate=validate.Length(
        max=500, error=N_("Must be 500 characters or fewer.")))


class Merged(Schema):
    id = fields.String()
    version = fields.Integer()
    other_id = fields.String()
    other_version = fields.Integer()


class PersonSummary(Schema):
    class Meta:
        unknown = EXCLUDE

    id = fields.String()
    version = fields.Integer()
    given_name = fields.String()
    family_name = fields.String()
    birth_date = fields.Date(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    whatsapp = fields.String(allow_none=True)
    residence_town = fields.String(allow_none=True)
    residence_country = fields.String(allow_none=True)


_reasons = fields.List(fields.String(), metadata={
    "description": "email, phone and/or name_birth_date"})


class Suggestion(Schema):
    person = fields.Nested(PersonSummary)
    reasons = _reasons


class SuggestedPair(Schema):
    a = fields.Nested(PersonSummary)
    b = fields.Nested(PersonSummary)
    reasons = _reasons


class SuggestedPairs(Schema):
    items = fields.List(fields.Nested(SuggestedPair))
    total = fields.Integer()
    limit = fields.Integer()


class PairArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    limit = fields.Integer(load_default=200, validate=validate.Range(min=1, max=1000))


__all__ = ["MergePeople", "UnmergePerson", "DismissDuplicate", "Merged", "Suggestion",
           "SuggestedPairs", "PairArgs", "Person"]
