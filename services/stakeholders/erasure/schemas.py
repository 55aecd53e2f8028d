"""The erasure command's input: the JSON API's, and the page's (which asks to confirm)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.web.errors import N_

from .. import bounds
from ..schemas import REQUIRED


class ErasePerson(Schema):
    expected_version = fields.Integer(required=True, error_messages=REQUIRED,
                                      validate=bounds.VERSION)
    reason = fields.String(required=True, error_messages=REQUIRED, validate=validate.Length(
        min=1, max=500, error=N_("Give the reason for the erasure (500 characters at most).")),
        metadata={"description": "Why (the request, its date): kept in the audit trail, "
                                 "so it must not name the person"})


class ErasePersonForm(ErasePerson):
    confirm = fields.Boolean(required=True, error_messages={
        "required": N_("Tick the box to confirm that the erasure cannot be undone."),
        "null": N_("Tick the box to confirm that the erasure cannot be undone.")},
        validate=validate.Equal(True, error=N_(
            "Tick the box to confirm that the erasure cannot be undone.")))
