"""The self sign-in commands' schemas (forms and API alike)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.web.errors import N_

from ..domain import HALF_DAYS
from .domain import SIGNATURE_MAX

REQUIRED = {"required": N_("This field is required."), "null": N_("This field is required.")}


class OpenSelfSignIn(Schema):
    half_day = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        HALF_DAYS, error=N_("Choose morning or afternoon.")))


class CloseSelfSignIn(Schema):
    pass


class Sign(Schema):
    """`signature`: the PNG data URL of the signature drawn; else `confirm` ticked."""
    person_id = fields.String(required=True, validate=validate.Length(max=36), error_messages={
        "required": N_("Choose your name in the list."),
        "null": N_("Choose your name in the list.")})
    signature = fields.String(load_default=None, allow_none=True, validate=validate.Length(
        max=SIGNATURE_MAX, error=N_("The signature is too large; clear it and sign again.")))
    confirm = fields.Boolean(load_default=False, truthy={"on", "1", "true", "yes"})


class SelfSignInOpened(Schema):
    id = fields.String()
    version = fields.Integer()
    half_day = fields.String()
    valid_from = fields.DateTime()
    valid_until = fields.DateTime()
    url = fields.String(metadata={"description": "The link to show in the room"})


class SignatureOut(Schema):
    person_id = fields.String()
    name = fields.String()
    signed_at = fields.DateTime()
    drawn = fields.Function(lambda s: bool(s.get("signature")),
                            metadata={"description": "Signed on the canvas (else ticked)"})


class HalfDayOut(Schema):
    half_day = fields.String()
    state = fields.String(metadata={"description": "never, not_yet, open or over"})
    valid_from = fields.DateTime(allow_none=True)
    valid_until = fields.DateTime(allow_none=True)
    signatures = fields.List(fields.Nested(SignatureOut))


class SelfSignInState(Schema):
    registered = fields.Integer()
    half_days = fields.List(fields.Nested(HalfDayOut))
