"""What the privacy desk's API takes and answers."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.web.errors import N_
from shared.web.schemas import ListArgs

from .queries import SORTS


class RetentionArgs(ListArgs):
    sort = fields.String(load_default="oldest", validate=validate.OneOf(
        SORTS, error=N_("Sort by oldest or newest last activity.")),
        metadata={"description": "By last activity: oldest (first) or newest"})


class Confirmation(Schema):
    service = fields.String()
    confirmed_at = fields.DateTime(allow_none=True, metadata={
        "description": "When the service confirmed; null while pending"})


class Erasure(Schema):
    erasure_id = fields.String()
    person_id = fields.String()
    recorded_at = fields.DateTime()
    actor = fields.String(allow_none=True)
    actor_email = fields.String(allow_none=True)
    reason = fields.String()
    confirmations = fields.List(fields.Nested(Confirmation))
    complete = fields.Boolean(metadata={"description": "Every service has confirmed"})


class ErasurePage(Schema):
    items = fields.List(fields.Nested(Erasure))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class Candidate(Schema):
    id = fields.String()
    given_name = fields.String()
    family_name = fields.String()
    archived = fields.Boolean()
    registered_at = fields.DateTime()
    last_activity = fields.DateTime()
    days_inactive = fields.Integer()


class RetentionPage(Schema):
    items = fields.List(fields.Nested(Candidate))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    sort = fields.String()
    today = fields.Date()
    inactive_days = fields.Integer()
    archived_days = fields.Integer()
