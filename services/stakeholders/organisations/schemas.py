"""One marshmallow schema per command, used by the JSON API and the web forms alike."""
from __future__ import annotations

import datetime as dt
from typing import Any

from marshmallow import (Schema, ValidationError, fields, pre_load, validate,
                         validates_schema)
from werkzeug.datastructures import MultiDict

from shared.web.errors import N_
from shared.web.schemas import ListArgs

from .. import bounds, phones, territories
from ..countries import NOT_A_COUNTRY, is_country
from ..schemas import REQUIRED
from .domain import (ICE, INTERACTION_KINDS, KINDS, RNA, compact, siret_ok)

_phone = validate.Length(max=40, error=N_("Not a valid phone number."))  # parsed with the country
_text = validate.Length(max=200, error=N_("Must be 200 characters or fewer."))
_code = validate.Length(min=1, max=40, error=N_("Each entry must be 40 characters or fewer."))
_website = validate.URL(schemes={"http", "https"}, require_tld=True,
                        error=N_("Not a valid web address (it starts with https://)."))
_kind = validate.OneOf(KINDS, error=N_("Choose a kind of organisation."))
_required_text = [validate.Length(min=1, error=N_("This field is required.")), _text]


def _country(value: str) -> None:
    """An ISO 3166 country ('XX' is none)."""
    if not is_country(value):
        raise ValidationError(NOT_A_COUNTRY)


def _siret(value: str) -> None:
    if not siret_ok(compact(value) or ""):
        raise ValidationError(N_("A SIRET has 14 digits and a valid check digit."))


def _rna(value: str) -> None:
    if not RNA.match(compact(value) or ""):
        raise ValidationError(N_("An RNA number is a W followed by 9 digits."))


def _ice(value: str) -> None:
    if not ICE.match(compact(value) or ""):
        raise ValidationError(N_("An ICE has 15 digits."))


def _optional(**kwargs) -> fields.String:
    return fields.String(allow_none=True, validate=kwargs.pop("validate", _text), **kwargs)


def _tidy(data: Any, upper: tuple[str, ...] = ()) -> Any:
    """Blank strings count as absent values (None); codes upper-cased."""
    if not isinstance(data, dict):
        return data
    out = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = value.strip()
            if key in upper:
                value = value.upper()
            if key == "email":
                value = value.lower()
            value = value or None
        out[key] = value
    return out


class _Organisation(Schema):
    class Meta:
        ordered = True

    name = fields.String(required=True, error_messages=REQUIRED, validate=_required_text)
    kind = fields.String(required=True, error_messages=REQUIRED, validate=_kind,
                         metadata={"enum": list(KINDS)})
    siret = _optional(validate=_siret, metadata={"description": "France: 14 digits (Luhn)",
                                                 "example": "73282932000074"})
    rna = _optional(validate=_rna, metadata={"description": "France: W + 9 digits",
                                             "example": "W133000000"})
    ice = _optional(validate=_ice, metadata={"description": "Morocco: 15 digits"})
    country = _optional(validate=_country, metadata={"description": "ISO 3166 alpha-2"})
    region = _optional(metadata={"description": "For FR and MA: a region of the reference "
                                                "list (GET .../territories)"})
    province = _optional(metadata={"description": "Province, prefecture or département"})
    town = _optional()
    email = fields.Email(allow_none=True, validate=_text)
    phone = _optional(validate=_phone)
    website = _optional(validate=[_text, _website])
    approval_number = _optional(metadata={"description": "Host structures: civic-service "
                                                         "approval (agrément)"})
    approval_start = fields.Date(allow_none=True)
    approval_end = fields.Date(allow_none=True)
    capacity = fields.Integer(allow_none=True, strict=False, validate=bounds.CAPACITY)
    programmes = fields.List(fields.String(validate=_code), load_default=list,
                             validate=bounds.ENTRIES)
    tags = fields.List(fields.String(validate=_code), load_default=list, validate=bounds.ENTRIES)

    @pre_load
    def _tidy(self, data, **kwargs):
        return _tidy(data, upper=("country",))

    @validates_schema(skip_on_field_errors=False)
    def _rules_across_fields(self, data, **kwargs):
        """The cross-field rules a form should show together with the others (the domain
        still decides)."""
        errors = territories.errors_in(data, "country", "region", "province")
        if "country" in data or isinstance(self, RegisterOrganisation):
            message = phones.problem(data.get("phone"), data.get("country"))
            if message:
                errors["phone"] = [message]
        start, end = data.get("approval_start"), data.get("approval_end")
        if start and end and end < start:
            errors["approval_end"] = [N_("The end date cannot be before the start date.")]
        if "kind" in data and data.get("kind") != "host_structure":
            given = [n for n in ("approval_number", "approval_start", "approval_end", "capacity")
                     if data.get(n) is not None]
            if given:
                errors[given[0]] = [N_("Only a host structure holds a civic-service approval.")]
        if errors:
            raise ValidationError(errors)


class RegisterOrganisation(_Organisation):
    pass


class CorrectOrganisation(_Organisation):
    """The fields given are the new values (null clears); the others stay as they are."""
    expected_version = fields.Integer(required=True, strict=False, error_messages=REQUIRED,
                                      validate=bounds.VERSION)
    name = fields.String(error_messages=REQUIRED, validate=_required_text)
    kind = fields.String(error_messages=REQUIRED, validate=_kind)
    programmes = fields.List(fields.String(validate=_code), validate=bounds.ENTRIES)
    tags = fields.List(fields.String(validate=_code), validate=bounds.ENTRIES)


class ArchiveOrganisation(Schema):
    expected_version = fields.Integer(required=True, strict=False, error_messages=REQUIRED,
                                      validate=bounds.VERSION)
    reason = fields.String(allow_none=True, validate=validate.Length(
        max=500, error=N_("Must be 500 characters or fewer.")))


class AddAffiliation(Schema):
    expected_version = fields.Integer(allow_none=True, strict=False,
                                      validate=bounds.VERSION,
                                      metadata={"description": "Optional: the organisation's "
                                                               "version it was decided on"})
    person_id = fields.String(required=True, error_messages={
        "required": N_("Choose a person."), "null": N_("Choose a person.")},
        validate=validate.Length(min=1, max=64, error=N_("Choose a person.")))
    role = fields.String(required=True, error_messages=REQUIRED, validate=[
        validate.Length(min=1, error=N_("This field is required.")),
        validate.Length(max=100, error=N_("Must be 100 characters or fewer."))],
        metadata={"example": "Présidente"})
    start = fields.Date(required=True, error_messages=REQUIRED)
    end = fields.Date(allow_none=True)

    @pre_load
    def _tidy(self, data, **kwargs):
        return _tidy(data)

    @validates_schema
    def _dates(self, data, **kwargs):
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError({"end": [N_("The end date cannot be before the start date.")]})


class EndAffiliation(Schema):
    expected_version = fields.Integer(allow_none=True, strict=False,
                                      validate=bounds.VERSION)
    end = fields.Date(required=True, error_messages=REQUIRED)

    @pre_load
    def _tidy(self, data, **kwargs):
        return _tidy(data)


class RemoveAffiliation(Schema):
    expected_version = fields.Integer(allow_none=True, strict=False,
                                      validate=bounds.VERSION)
    reason = fields.String(allow_none=True, validate=validate.Length(
        max=500, error=N_("Must be 500 characters or fewer.")))

    @pre_load
    def _tidy(self, data, **kwargs):
        return _tidy(data)


class RemoveInteraction(Schema):
    reason = fields.String(allow_none=True, validate=validate.Length(
        max=500, error=N_("Must be 500 characters or fewer.")))


class Territories(Schema):
    country = fields.String()
    regions = fields.List(fields.Dict(), metadata={
        "description": "[{name, subdivisions: [province or département]}] in form order"})


def _not_in_future(value: dt.date) -> None:
    if value > dt.date.today():
        raise ValidationError(N_("An interaction is recorded once it has taken place: the "
                                 "date cannot be in the future."))


class RecordInteraction(Schema):
    kind = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        INTERACTION_KINDS, error=N_("Choose meeting, call, visit or representation.")),
        metadata={"enum": list(INTERACTION_KINDS)})
    date = fields.Date(required=True, error_messages=REQUIRED, validate=_not_in_future)
    summary = fields.String(required=True, error_messages=REQUIRED, validate=[
        validate.Length(min=1, error=N_("This field is required.")),
        validate.Length(max=500, error=N_("Must be 500 characters or fewer."))])
    notes = fields.String(allow_none=True, validate=validate.Length(
        max=10000, error=N_("Must be 10,000 characters or fewer.")))

    @pre_load
    def _tidy(self, data, **kwargs):
        return _tidy(data)


class OrganisationListArgs(ListArgs):
    q = fields.String(load_default=None, metadata={"description": "Name, town, email or "
                                                                  "identifier"})
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    country = fields.String(load_default=None)
    region = fields.String(load_default=None)
    programme = fields.String(load_default=None)
    status = fields.String(load_default="active",
                           validate=validate.OneOf(("active", "archived", "all")))
    sort = fields.String(load_default="name", validate=validate.OneOf(("name", "recent")))


# -- responses -------------------------------------------------------------------------

class Organisation(Schema):
    class Meta:
        ordered = True

    id = fields.String()
    version = fields.Integer()
    name = fields.String()
    kind = fields.String()
    siret = fields.String(allow_none=True)
    rna = fields.String(allow_none=True)
    ice = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    province = fields.String(allow_none=True)
    town = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    approval_number = fields.String(allow_none=True)
    approval_start = fields.Date(allow_none=True)
    approval_end = fields.Date(allow_none=True)
    capacity = fields.Integer(allow_none=True)
    programmes = fields.List(fields.String())
    tags = fields.List(fields.String())
    archived = fields.Boolean()
    archived_reason = fields.String(allow_none=True)
    registered_at = fields.DateTime()
    updated_at = fields.DateTime()


class OrganisationPage(Schema):
    items = fields.List(fields.Nested(Organisation))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class AffiliationOut(Schema):
    id = fields.String()
    organisation_id = fields.String()
    organisation_name = fields.String(allow_none=True)
    person_id = fields.String()
    person_name = fields.String(allow_none=True)
    role = fields.String()
    start = fields.Date()
    end = fields.Date(allow_none=True)
    current = fields.Boolean()


class AffiliationSaved(Schema):
    id = fields.String(metadata={"description": "The organisation"})
    version = fields.Integer()
    affiliation_id = fields.String()


class InteractionOut(Schema):
    id = fields.String()
    subject_type = fields.String()
    subject_id = fields.String()
    kind = fields.String()
    date = fields.Date()
    author_id = fields.String(allow_none=True)
    author_email = fields.String(allow_none=True)
    summary = fields.String()
    notes = fields.String(allow_none=True)
    recorded_at = fields.DateTime()


SPLIT_INPUTS = ("programmes", "tags")  # typed as "a, b" in forms


def form_data(form: MultiDict, schema: Schema) -> dict[str, Any]:
    """request.form -> the dict the command schema loads (lists typed with commas)."""
    data: dict[str, Any] = {}
    for name, field in schema.fields.items():
        if name not in form and not isinstance(field, fields.List):
            continue
        if isinstance(field, fields.List):
            values = [part for v in form.getlist(name) for part in v.split(",")]
            data[name] = [v.strip() for v in values if v.strip()]
        else:
            data[name] = form.get(name)
    return data
