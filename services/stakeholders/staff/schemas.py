"""One marshmallow schema per staff command, used by the JSON API and the web forms alike."""
from __future__ import annotations

from marshmallow import (Schema, ValidationError, fields, pre_load, validate,
                         validates_schema)

from shared.access.roles import OFFICES, ROLES
from shared.eventstore import DomainError
from shared.web.errors import N_
from shared.web.schemas import ListArgs

from .. import bounds
from ..schemas import REQUIRED, HistoryEntry, Saved, form_data  # noqa: F401  (shared with people)
from .credentials import check_password

_required_text = [validate.Length(min=1, error=N_("This field is required.")),
                  validate.Length(max=200, error=N_("Must be 200 characters or fewer."))]
_office = validate.OneOf(OFFICES, error=N_("Choose Marseille, Agadir, Taliouine or Tiznit."))
_role = validate.OneOf(ROLES, error=N_("Unknown role."))


def _version(required: bool = True) -> fields.Integer:
    if required:
        return fields.Integer(required=True, strict=False, error_messages=REQUIRED,
                              validate=bounds.VERSION)
    return fields.Integer(load_default=None, strict=False, validate=bounds.VERSION)


class _Tidy(Schema):
    """Trims text; blank text counts as absent."""

    class Meta:
        ordered = True

    @pre_load
    def _tidy(self, data, **kwargs):
        if not isinstance(data, dict):
            return data
        out = {}
        for key, value in data.items():
            if isinstance(value, str) and "password" not in key:
                value = value.strip()
                if key == "email":
                    value = value.lower()
            if value in ("", None):
                continue
            out[key] = value
        return out


def _policy(password: str | None, email: str | None, field: str = "password") -> None:
    """The domain's password policy, checked with the other fields so a form shows every
    problem at once (the handler still decides)."""
    if password is None:
        return
    try:
        check_password(password, email)
    except DomainError as exc:
        raise ValidationError(exc.message, field) from None


class OpenAccount(_Tidy):
    email = fields.Email(required=True, error_messages=REQUIRED,
                         validate=validate.Length(max=254))
    name = fields.String(required=True, error_messages=REQUIRED, validate=_required_text)
    office = fields.String(required=True, error_messages=REQUIRED, validate=_office)
    roles = fields.List(fields.String(validate=_role), required=True, error_messages=REQUIRED,
                        validate=[validate.Length(min=1, error=N_("Choose at least one role.")),
                                  bounds.ENTRIES], metadata={"example": ["officer"]})
    password = fields.String(load_default=None, load_only=True, metadata={
        "description": "The first password; leave it out to get a temporary one back"})

    @validates_schema(skip_on_field_errors=False)  # a weak password is said with the rest
    def _password(self, data, **kwargs):
        _policy(data.get("password"), data.get("email"))


class ChangeDetails(_Tidy):
    expected_version = _version()
    email = fields.Email(validate=validate.Length(max=254))
    name = fields.String(validate=_required_text)
    office = fields.String(validate=_office)


class ChangeDetailsForm(ChangeDetails):
    """The web form shows all three fields: one left blank is missing, not unchanged."""
    email = fields.Email(required=True, error_messages=REQUIRED,
                         validate=validate.Length(max=254))
    name = fields.String(required=True, error_messages=REQUIRED, validate=_required_text)
    office = fields.String(required=True, error_messages=REQUIRED, validate=_office)


class GrantRole(_Tidy):
    expected_version = _version()
    role = fields.String(required=True, error_messages=REQUIRED, validate=_role)


class RevokeRole(GrantRole):
    pass


class DisableAccount(_Tidy):
    expected_version = _version()
    reason = fields.String(load_default=None, validate=validate.Length(
        max=500, error=N_("Must be 500 characters or fewer.")))


class EnableAccount(_Tidy):
    expected_version = _version()


class ResetPassword(_Tidy):
    expected_version = _version()


class SignOutEverywhere(_Tidy):
    expected_version = _version()


class ChangePassword(_Tidy):
    expected_version = _version(required=False)
    current_password = fields.String(required=True, error_messages=REQUIRED, load_only=True)
    password = fields.String(required=True, error_messages=REQUIRED, load_only=True,
                             metadata={"description": "The new password"})
    password_confirmation = fields.String(load_default=None, load_only=True, metadata={
        "description": "Optional; if given, must equal password"})

    @validates_schema
    def _confirmation(self, data, **kwargs):
        confirmation = data.get("password_confirmation")
        if confirmation is not None and confirmation != data.get("password"):
            raise ValidationError(N_("The two passwords differ."), "password_confirmation")


class CreateToken(_Tidy):
    expected_version = _version(required=False)
    name = fields.String(required=True, error_messages=REQUIRED, validate=[
        validate.Length(min=1, error=N_("This field is required.")),
        validate.Length(max=100, error=N_("Must be 100 characters or fewer."))],
        metadata={"example": "Monthly export script"})
    expires_in_days = fields.Integer(load_default=None, strict=False, validate=validate.Range(
        min=1, max=366, error=N_("Between 1 and 366 days, or none.")), metadata={
        "description": "The token stops working after this many days; none: until revoked"})


class RevokeToken(_Tidy):
    expected_version = _version(required=False)


class AccountListArgs(ListArgs):
    q = fields.String(load_default=None, metadata={"description": "Name or email"})
    role = fields.String(load_default=None, validate=_role)
    status = fields.String(load_default="all",
                           validate=validate.OneOf(("all", "active", "disabled")))


# -- responses -------------------------------------------------------------------------

class Token(Schema):
    id = fields.String()
    name = fields.String()
    created_at = fields.DateTime()
    revoked = fields.Boolean()
    expires_at = fields.DateTime(allow_none=True, metadata={"description": "None: until revoked"})
    expired = fields.Boolean()
    last_used_at = fields.DateTime(allow_none=True, metadata={
        "description": "Last use in stakeholders (at most a minute off)"})


class Account(Schema):
    class Meta:
        ordered = True

    id = fields.String()
    version = fields.Integer()
    email = fields.String()
    name = fields.String()
    office = fields.String(allow_none=True)
    roles = fields.List(fields.String())
    disabled = fields.Boolean()
    last_sign_in_at = fields.DateTime(allow_none=True)
    must_change_password = fields.Boolean(metadata={
        "description": "A temporary password, to be replaced before anything else"})
    tokens = fields.List(fields.Nested(Token))


class AccountSummary(Schema):
    class Meta:
        ordered = True

    id = fields.String()
    email = fields.String()
    name = fields.String()
    office = fields.String(allow_none=True)
    roles = fields.List(fields.String())
    disabled = fields.Boolean()
    last_sign_in_at = fields.DateTime(allow_none=True)


class AccountPage(Schema):
    items = fields.List(fields.Nested(AccountSummary))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class Opened(Saved):
    temporary_password = fields.String(allow_none=True, metadata={
        "description": "Only when no password was given: shown once, never again"})


class PasswordWasReset(Saved):
    temporary_password = fields.String(metadata={"description": "Shown once, never again"})


class TokenWasCreated(Saved):
    token_id = fields.String()
    token = fields.String(metadata={"description": "The token: shown once, never again"})
