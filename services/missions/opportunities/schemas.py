"""One marshmallow schema per command, used by the JSON API and the forms alike; and the
search's arguments ("what is open to a 22-year-old with a bachelor's degree who speaks
French?": age=22&education=bachelor&language=fr)."""
from __future__ import annotations

from marshmallow import Schema, fields, pre_load, validate, validates_schema, ValidationError

from shared.web.schemas import CommandBody

from shared.web.errors import N_
from shared.web.schemas import ListArgs

from .domain import (AGE_MAX, AGE_MIN, EDUCATION_LEVELS, EUROPE, LINK_MAX, LONG_MAX, SCHEMES,
                     TEXT_MAX)

REQUIRED = {"required": N_("This field is required."), "null": N_("This field is required.")}
_text = validate.Length(max=TEXT_MAX, error=N_("Must be 200 characters or fewer."))
_version = dict(strict=False, error_messages=REQUIRED, validate=validate.Range(min=1))
_age = dict(allow_none=True, strict=False, validate=validate.Range(
    min=AGE_MIN, max=AGE_MAX, error=N_("An age between 14 and 99.")))
_scheme = validate.OneOf(SCHEMES, error=N_("Choose a scheme: study, work, volunteering, "
                                           "training or exchange."))
_country = validate.OneOf(EUROPE, error=N_("Choose a destination country in Europe."))
_education = validate.OneOf(EDUCATION_LEVELS, error=N_("Choose an education level from the "
                                                       "list."))
_language = validate.Length(equal=2, error=N_("Languages are ISO 639-1 codes, e.g. fr, en, de."))


class _Tidy(CommandBody):
    @pre_load
    def _country_in_capitals(self, data, **kwargs):
        if isinstance(data, dict) and isinstance(data.get("country"), str):
            return {**data, "country": data["country"].upper()}
        return data


class _Opportunity(_Tidy):
    title = fields.String(required=True, error_messages=REQUIRED, validate=_text)
    scheme = fields.String(required=True, error_messages=REQUIRED, validate=_scheme,
                           metadata={"description": ", ".join(SCHEMES)})
    country = fields.String(required=True, error_messages=REQUIRED, validate=_country,
                            metadata={"description": "ISO 3166-1 alpha-2, in Europe"})
    min_age = fields.Integer(**_age)
    max_age = fields.Integer(**_age)
    education_level = fields.String(allow_none=True, validate=_education, metadata={
        "description": "The minimum asked: " + " < ".join(EDUCATION_LEVELS)})
    languages = fields.List(fields.String(validate=_language), load_default=list,
                            validate=validate.Length(max=10, error=N_("At most 10 languages.")),
                            metadata={"description": "ISO 639-1 codes; any one suffices"})
    opens_on = fields.Date(allow_none=True)
    deadline = fields.Date(allow_none=True)
    partner = fields.String(allow_none=True, validate=_text,
                            metadata={"description": "The partner organisation"})
    link = fields.String(allow_none=True, validate=[
        validate.Length(max=LINK_MAX), validate.URL(error=N_("Not a valid web address."))])
    description = fields.String(allow_none=True, validate=validate.Length(
        max=LONG_MAX, error=N_("Must be 4000 characters or fewer.")))

    @validates_schema
    def _ranges(self, data, **kwargs):
        if data.get("min_age") and data.get("max_age") and data["max_age"] < data["min_age"]:
            raise ValidationError(N_("The maximum age cannot be below the minimum age."),
                                  "max_age")
        if data.get("opens_on") and data.get("deadline") and data["deadline"] < data["opens_on"]:
            raise ValidationError(N_("The deadline cannot be before the opening date."),
                                  "deadline")


class PublishOpportunity(_Opportunity):
    pass


class CorrectOpportunity(_Opportunity):
    """The fields given are the new values (null clears); the others stay as they are."""
    expected_version = fields.Integer(required=True, **_version)
    title = fields.String(error_messages=REQUIRED, validate=_text)
    scheme = fields.String(validate=_scheme)
    country = fields.String(validate=_country)
    languages = fields.List(fields.String(validate=_language),
                            validate=validate.Length(max=10, error=N_("At most 10 languages.")))


class Withdraw(_Tidy):
    expected_version = fields.Integer(required=True, **_version)
    reason = fields.String(required=True, error_messages=REQUIRED, validate=_text)


# -- queries -------------------------------------------------------------------------------

class SearchArgs(ListArgs):
    """Who asks (age, education, languages spoken: any one may match) and what (scheme,
    country); only what is open on `on` (today by default) unless `closed` is true."""
    age = fields.Integer(validate=validate.Range(min=AGE_MIN, max=AGE_MAX, error=N_(
        "An age between 14 and 99.")))
    education = fields.String(validate=_education, metadata={
        "description": " < ".join(EDUCATION_LEVELS)})
    language = fields.List(fields.String(validate=_language), metadata={
        "description": "Languages spoken (repeat the parameter for several)"})
    scheme = fields.String(validate=_scheme)
    country = fields.String(validate=_country)
    q = fields.String(validate=_text)
    on = fields.Date(metadata={"description": "The day the opportunity must be open on"})
    closed = fields.Boolean(load_default=False, metadata={
        "description": "Include the closed and withdrawn ones"})

    @pre_load
    def _tidy_query(self, data, **kwargs):
        data = dict(data)
        if isinstance(data.get("language"), str):  # one language given as a plain value
            data["language"] = [data["language"]]
        if isinstance(data.get("country"), str):
            data["country"] = data["country"].upper()
        return data


class MapArgs(Schema):
    on = fields.Date()


class OpportunityOut(Schema):
    id = fields.String()
    version = fields.Integer()
    title = fields.String()
    scheme = fields.String()
    country = fields.String()
    min_age = fields.Integer(allow_none=True)
    max_age = fields.Integer(allow_none=True)
    education_level = fields.String(allow_none=True)
    languages = fields.List(fields.String())
    opens_on = fields.Date(allow_none=True)
    deadline = fields.Date(allow_none=True)
    partner = fields.String(allow_none=True)
    link = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    withdrawn = fields.Boolean()
    is_open = fields.Boolean()


class OpportunityPage(Schema):
    items = fields.List(fields.Nested(OpportunityOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class CountryCount(Schema):
    country = fields.String()
    open = fields.Integer()


class MapOut(Schema):
    on = fields.Date()
    countries = fields.List(fields.Nested(CountryCount))
