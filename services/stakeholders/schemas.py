"""One marshmallow schema per command, used by the JSON API and the web forms alike."""
from __future__ import annotations

import datetime as dt
from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_load, validate
from marshmallow import post_load, validates_schema
from werkzeug.datastructures import MultiDict

from shared.web.commands import Saved  # noqa: F401  (what every command answers)
from shared.web.errors import N_
from shared.web.schemas import ListArgs

from . import bounds, phones, territories
from .countries import NOT_A_COUNTRY, is_country
from .domain import LANGUAGE, ROLES, SEXES

REQUIRED = {"required": N_("This field is required."), "null": N_("This field is required.")}
_phone = validate.Length(max=40, error=N_("Not a valid phone number."))  # parsed in _rules
_text = validate.Length(max=200, error=N_("Must be 200 characters or fewer."))
_code = validate.Length(min=1, max=40, error=N_("Each entry must be 40 characters or fewer."))


def _country(value: str) -> None:
    """An ISO 3166 country ('XX' is none)."""
    if not is_country(value):
        raise ValidationError(NOT_A_COUNTRY)


def _birth_date(value: dt.date) -> None:
    """The domain's birth-date rule, checked with the other fields so that a form shows every
    problem at once (the domain still decides)."""
    if value > dt.date.today():
        raise ValidationError(N_("The birth date cannot be in the future."))
    if value.year < 1900:
        raise ValidationError(N_("The birth date is too far in the past."))


def _optional(**kwargs) -> fields.String:
    return fields.String(allow_none=True, validate=kwargs.pop("validate", _text), **kwargs)


class _Person(Schema):
    """The fields of a person; blank strings count as absent values."""

    class Meta:
        ordered = True

    given_name = fields.String(required=True, error_messages=REQUIRED, validate=[
        validate.Length(min=1, error=N_("This field is required.")), _text])
    family_name = fields.String(required=True, error_messages=REQUIRED, validate=[
        validate.Length(min=1, error=N_("This field is required.")), _text])
    sex = fields.String(load_default="unknown", validate=validate.OneOf(
        SEXES, error=N_("Choose female, male, other or unknown.")))
    birth_date = fields.Date(allow_none=True, validate=_birth_date,
                             metadata={"example": "2004-05-17"})
    nationality = _optional(validate=_country, metadata={"description": "ISO 3166 alpha-2"})
    residence_country = _optional(validate=_country)
    residence_region = _optional()
    residence_province = _optional()
    residence_town = _optional()
    email = fields.Email(allow_none=True, validate=_text)
    phone = _optional(validate=_phone)
    whatsapp = _optional(validate=_phone)
    languages = fields.List(fields.String(validate=validate.Regexp(
        LANGUAGE.pattern, error=N_("Use language codes such as fr, ar, tzm or en."))),
        load_default=list, validate=bounds.ENTRIES, metadata={"example": ["fr", "ar", "tzm"]})
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES, error=N_("Unknown role."))),
                        load_default=list, validate=bounds.ENTRIES)
    programmes = fields.List(fields.String(validate=_code), load_default=list,
                             validate=bounds.ENTRIES)
    tags = fields.List(fields.String(validate=_code), load_default=list, validate=bounds.ENTRIES)

    @pre_load
    def _tidy(self, data, **kwargs):
        if not isinstance(data, dict):
            return data
        out = {}
        for key, value in data.items():
            if isinstance(value, str):
                value = value.strip()
                if key in ("nationality", "residence_country"):
                    value = value.upper()
                if key == "email":
                    value = value.lower()
                value = value or None
                if value is None and key == "sex":
                    continue
            out[key] = value
        return out

    @validates_schema(skip_on_field_errors=False)
    def _rules(self, data, **kwargs):
        """France and Morocco: region and province from the reference data (territories);
        phone numbers read in the country of residence. A correction that does not give the
        country leaves these to the domain, which knows the record's."""
        errors = territories.errors_in(data, *_RESIDENCE)
        if "residence_country" in data or isinstance(self, RegisterPerson):
            for name in ("phone", "whatsapp"):
                message = phones.problem(data.get(name), data.get("residence_country"))
                if message:
                    errors[name] = [message]
        if errors:
            raise ValidationError(errors)

    @post_load
    def _spell_territory(self, data, **kwargs):
        return territories.spell_in(data, *_RESIDENCE)


_RESIDENCE = ("residence_country", "residence_region", "residence_province")


class RegisterPerson(_Person):
    pass


class CorrectPerson(_Person):
    """The fields given are the new values (null clears); the others stay as they are."""
    expected_version = fields.Integer(required=True, strict=False, error_messages=REQUIRED,
                                      validate=bounds.VERSION)
    given_name = fields.String(error_messages=REQUIRED, validate=[
        validate.Length(min=1, error=N_("This field is required.")), _text])
    family_name = fields.String(error_messages=REQUIRED, validate=[
        validate.Length(min=1, error=N_("This field is required.")), _text])
    sex = fields.String(validate=validate.OneOf(SEXES, error=N_("Choose female, male, other or "
                                                                 "unknown.")))
    languages = fields.List(fields.String(validate=validate.Regexp(
        LANGUAGE.pattern, error=N_("Use language codes such as fr, ar, tzm or en."))),
        validate=bounds.ENTRIES)
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES, error=N_("Unknown role."))),
                        validate=bounds.ENTRIES)
    programmes = fields.List(fields.String(validate=_code), validate=bounds.ENTRIES)
    tags = fields.List(fields.String(validate=_code), validate=bounds.ENTRIES)


class ArchivePerson(Schema):
    expected_version = fields.Integer(required=True, error_messages=REQUIRED,
                                      validate=bounds.VERSION)
    reason = fields.String(allow_none=True, validate=validate.Length(
        max=500, error=N_("Must be 500 characters or fewer.")))


class PersonListArgs(ListArgs):
    q = fields.String(load_default=None, metadata={"description": "Name or email"})
    sex = fields.String(load_default=None, validate=validate.OneOf(SEXES))
    country = fields.String(load_default=None, metadata={"description": "Residence country"})
    role = fields.String(load_default=None, validate=validate.OneOf(ROLES))
    status = fields.String(load_default="active",
                           validate=validate.OneOf(("active", "archived", "all")))
    sort = fields.String(load_default="name", validate=validate.OneOf(("name", "recent")))


# -- responses -------------------------------------------------------------------------

class Person(Schema):
    class Meta:
        ordered = True

    id = fields.String()
    version = fields.Integer()
    given_name = fields.String()
    family_name = fields.String()
    sex = fields.String()
    birth_date = fields.Date(allow_none=True)
    nationality = fields.String(allow_none=True)
    residence_country = fields.String(allow_none=True)
    residence_region = fields.String(allow_none=True)
    residence_province = fields.String(allow_none=True)
    residence_town = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    whatsapp = fields.String(allow_none=True)
    languages = fields.List(fields.String())
    roles = fields.List(fields.String())
    programmes = fields.List(fields.String())
    tags = fields.List(fields.String())
    archived = fields.Boolean()
    archived_reason = fields.String(allow_none=True)
    merged_into = fields.String(allow_none=True, metadata={
        "description": "The record this person was merged into, if any (read-only then)"})
    erased = fields.Boolean(metadata={
        "description": "Erased at their request: names read '[effacé]', nothing else is kept"})
    erased_at = fields.DateTime(allow_none=True)
    registered_at = fields.DateTime()
    updated_at = fields.DateTime()


class PersonPage(Schema):
    items = fields.List(fields.Nested(Person))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class HistoryEntry(Schema):
    version = fields.Integer()
    type = fields.String()
    at = fields.DateTime()
    actor = fields.String(allow_none=True)
    actor_email = fields.String(allow_none=True)
    summary = fields.String()
    changes = fields.List(fields.String())
    other = fields.String(allow_none=True, metadata={
        "description": "a merge's other record (survivor or merged)"})
    other_name = fields.String(allow_none=True)


LIST_INPUTS = ("languages", "roles", "programmes", "tags")
SPLIT_INPUTS = ("programmes", "tags")  # typed as "a, b" in forms


def form_data(form: MultiDict, schema: Schema) -> dict[str, Any]:
    """request.form -> the dict the command schema loads (repeated fields via getlist)."""
    data: dict[str, Any] = {}
    for name, field in schema.fields.items():
        if name not in form and not isinstance(field, fields.List):
            continue
        if isinstance(field, fields.List):
            values = form.getlist(name)
            if name in SPLIT_INPUTS:
                values = [part for v in values for part in v.split(",")]
            data[name] = [v.strip() for v in values if v.strip()]
        else:
            data[name] = form.get(name)
    return data
