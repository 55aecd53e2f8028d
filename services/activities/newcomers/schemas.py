"""A new person's fields (what stakeholders needs to register them), a walk-in."""
from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from shared.web.errors import N_

from ..domain import HALF_DAYS
from ..schemas import Registered, _Tidy, _optional, _text, _version

SEXES = ("female", "male", "other", "unknown")
NEW_PERSON = ("given_name", "family_name", "sex", "email", "phone", "residence_country")


class _NewPerson(_Tidy):
    given_name = fields.String(allow_none=True, validate=_text)
    family_name = fields.String(allow_none=True, validate=_text)
    sex = fields.String(allow_none=True, validate=validate.OneOf(SEXES, error=N_(
        "Choose female, male, other or unknown.")))
    email = fields.Email(allow_none=True, validate=_text,
                         error_messages={"invalid": N_("Not a valid email address.")})
    phone = _optional(validate=validate.Length(max=40))
    residence_country = _optional(validate=validate.Regexp(r"^[A-Za-z]{2}$", error=N_(
        "A country code of two letters, such as MA or FR.")))

    def _named(self, data):
        errors = {name: [N_("This field is required.")]
                  for name in ("given_name", "family_name") if not data.get(name)}
        if errors:
            raise ValidationError(errors)


class RegisterNewPerson(_NewPerson):
    """A person not yet in the directory: registered there, then here, in one go."""
    expected_version = fields.Integer(allow_none=True, **_version)

    @validates_schema
    def _names(self, data, **kwargs):
        self._named(data)


class WalkIn(_NewPerson):
    """A known person (person_id) or a new one (their names), present for the half-days
    given (all the session's if none)."""
    expected_version = fields.Integer(allow_none=True, **_version)
    person_id = fields.String(allow_none=True, validate=validate.Length(max=36))
    half_days = fields.List(fields.String(validate=validate.OneOf(HALF_DAYS, error=N_(
        "Choose morning or afternoon."))), load_default=list, validate=validate.Length(max=2))

    @validates_schema
    def _someone(self, data, **kwargs):
        if not data.get("person_id"):
            self._named(data)


class WalkInAdded(Registered):
    pass
