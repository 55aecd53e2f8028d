"""One marshmallow schema per segment command, used by the JSON API and the forms alike."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, pre_load, validate

from shared.web.errors import N_
from shared.web.schemas import ListArgs, QueryArgs

from .. import bounds
from ..consent.domain import PURPOSES
from ..countries import NOT_A_COUNTRY, is_country
from ..domain import LANGUAGE, ROLES, SEXES
from ..organisations.domain import KINDS as ORGANISATION_KINDS
from ..schemas import REQUIRED
from .domain import FORMATS

_text = validate.Length(max=200, error=N_("Must be 200 characters or fewer."))
_code = validate.Length(min=1, max=40, error=N_("Each entry must be 40 characters or fewer."))
_purpose = validate.OneOf(PURPOSES, error=N_("Choose a purpose from the list."))
_many = validate.Length(max=50, error=N_("At most 50 values."))
_kind = validate.OneOf(ORGANISATION_KINDS, error=N_("Choose a kind of organisation."))
_org_id = validate.Length(min=1, max=36, error=N_("This organisation is not known."))
KINDS_HELP = {"description": "People with a current affiliation to an organisation of one of "
              "these kinds: " + ", ".join(ORGANISATION_KINDS)}
IDS_HELP = {"description": "People with a current affiliation to one of these organisations "
            "(ids; archived organisations match no one)"}
PURPOSE_HELP = {"description": "newsletter, event_invitations, photos or data_processing"}


def _country(value: str) -> None:
    """An ISO 3166 country, in either case ('ma' is Morocco, 'XX' is none)."""
    if not is_country(value):
        raise ValidationError(NOT_A_COUNTRY)


def _list(inner, **kwargs):
    return fields.List(inner, validate=_many, **kwargs)


class _Segment(Schema):
    class Meta:
        ordered = True

    name = fields.String(required=True, error_messages=REQUIRED, validate=[
        validate.Length(min=1, error=N_("This field is required.")), _text])
    description = fields.String(allow_none=True, validate=validate.Length(
        max=1000, error=N_("Must be 1000 characters or fewer.")))
    roles = _list(fields.String(validate=validate.OneOf(ROLES, error=N_("Unknown role."))),
                  load_default=list)
    programmes = _list(fields.String(validate=_code), load_default=list)
    tags = _list(fields.String(validate=_code), load_default=list)
    sexes = _list(fields.String(validate=validate.OneOf(
        SEXES, error=N_("Choose female, male, other or unknown."))), load_default=list)
    countries = _list(fields.String(validate=_country), load_default=list)
    regions = _list(fields.String(validate=[validate.Length(min=1), _text]), load_default=list)
    languages = _list(fields.String(validate=validate.Regexp(
        LANGUAGE.pattern, error=N_("Use language codes such as fr, ar, tzm or en."))),
        load_default=list)
    organisation_kinds = _list(fields.String(validate=_kind), load_default=list,
                               metadata=KINDS_HELP)
    organisation_ids = _list(fields.String(validate=_org_id), load_default=list,
                             metadata=IDS_HELP)
    purpose = fields.String(allow_none=True, load_default=None, validate=_purpose,
                            metadata={**PURPOSE_HELP, "description": "The consent the segment "
                                      "is meant for: its runs default to it"})

    @pre_load
    def _tidy(self, data, **kwargs):
        if not isinstance(data, dict):
            return data
        return {k: (v.strip() or None) if isinstance(v, str) else v for k, v in data.items()}


class SaveSegment(_Segment):
    pass


class ChangeSegment(_Segment):
    """The fields given are the new values; the others stay as they are."""
    expected_version = fields.Integer(required=True, strict=False, error_messages=REQUIRED,
                                      validate=bounds.VERSION)
    name = fields.String(error_messages=REQUIRED, validate=[
        validate.Length(min=1, error=N_("This field is required.")), _text])
    roles = _list(fields.String(validate=validate.OneOf(ROLES, error=N_("Unknown role."))))
    programmes = _list(fields.String(validate=_code))
    tags = _list(fields.String(validate=_code))
    sexes = _list(fields.String(validate=validate.OneOf(
        SEXES, error=N_("Choose female, male, other or unknown."))))
    countries = _list(fields.String(validate=_country))
    regions = _list(fields.String(validate=[validate.Length(min=1), _text]))
    languages = _list(fields.String(validate=validate.Regexp(
        LANGUAGE.pattern, error=N_("Use language codes such as fr, ar, tzm or en."))))
    organisation_kinds = _list(fields.String(validate=_kind), metadata=KINDS_HELP)
    organisation_ids = _list(fields.String(validate=_org_id), metadata=IDS_HELP)
    purpose = fields.String(allow_none=True, validate=_purpose, metadata=PURPOSE_HELP)


class DeleteSegment(Schema):
    expected_version = fields.Integer(required=True, strict=False, error_messages=REQUIRED,
                                      validate=bounds.VERSION)


class RunArgs(QueryArgs):
    purpose = fields.String(load_default=None, validate=_purpose, metadata=PURPOSE_HELP)


class ExportSegment(Schema):
    purpose = fields.String(load_default=None, validate=_purpose, metadata=PURPOSE_HELP)
    format = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        FORMATS, error=N_("Choose CSV or XLSX.")))

    @pre_load
    def _blank_is_absent(self, data, **kwargs):
        if not isinstance(data, dict):
            return data
        return {k: v for k, v in data.items() if v not in ("", None)}


class SegmentListArgs(ListArgs):
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class MembersArgs(ListArgs):
    per_page = fields.Integer(load_default=500, validate=validate.Range(min=1, max=500))


# -- responses -------------------------------------------------------------------------

class SegmentOut(Schema):
    class Meta:
        ordered = True

    id = fields.String()
    version = fields.Integer()
    name = fields.String()
    description = fields.String(allow_none=True)
    roles = fields.List(fields.String())
    programmes = fields.List(fields.String())
    tags = fields.List(fields.String())
    sexes = fields.List(fields.String())
    countries = fields.List(fields.String())
    regions = fields.List(fields.String())
    languages = fields.List(fields.String())
    organisation_kinds = fields.List(fields.String())
    organisation_ids = fields.List(fields.String())
    purpose = fields.String(allow_none=True)
    export_count = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    last_exported_at = fields.DateTime(allow_none=True)


class SegmentPage(Schema):
    items = fields.List(fields.Nested(SegmentOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class Excluded(Schema):
    withdrawn = fields.Integer(metadata={"description": "Consent withdrawn for the purpose"})
    never_consented = fields.Integer(metadata={"description": "Never gave any consent for it"})
    other_purposes_only = fields.Integer(metadata={"description": "Consented to other "
                                                   "purposes only"})


class PersonRow(Schema):
    id = fields.String()
    given_name = fields.String()
    family_name = fields.String()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    whatsapp = fields.String(allow_none=True)
    languages = fields.List(fields.String())
    residence_country = fields.String(allow_none=True)
    residence_region = fields.String(allow_none=True)
    residence_town = fields.String(allow_none=True)
    roles = fields.List(fields.String())


class Member(Schema):
    id = fields.String()
    given_name = fields.String()
    family_name = fields.String()


class MemberPage(Schema):
    items = fields.List(fields.Nested(Member))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class RunResult(Schema):
    segment_id = fields.String()
    purpose = fields.String()
    matched = fields.Integer(metadata={"description": "People matching the criteria"})
    included = fields.Integer(metadata={"description": "Of them, whose consent covers the "
                                        "purpose"})
    excluded = fields.Nested(Excluded)
    excluded_total = fields.Integer()
    preview = fields.List(fields.Nested(PersonRow))
    preview_limit = fields.Integer()


class ExportEntry(Schema):
    at = fields.DateTime()
    actor = fields.String(allow_none=True)
    actor_email = fields.String(allow_none=True)
    purpose = fields.String()
    count = fields.Integer()
    format = fields.String()


SPLIT_INPUTS = ("programmes", "tags", "regions", "countries")  # typed as "a, b" in forms


def form_data(form, schema: Schema) -> dict:
    """request.form -> the dict the command schema loads (repeated fields via getlist)."""
    data: dict = {}
    for name, field in schema.fields.items():
        if isinstance(field, fields.List):
            values = form.getlist(name)
            if name in SPLIT_INPUTS:
                values = [part for v in values for part in v.split(",")]
            data[name] = [v.strip() for v in values if v.strip()]
        elif name in form:
            data[name] = form.get(name)
    return data
