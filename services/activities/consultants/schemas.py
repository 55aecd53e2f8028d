"""One marshmallow schema per command on terms of reference (JSON API and forms alike), and
what the API answers."""
from __future__ import annotations

import base64
import binascii
from pathlib import PurePath

from marshmallow import Schema, ValidationError, fields, post_load, validate

from shared.web.errors import N_

from ..schemas import REQUIRED, _Tidy, _version
from .domain import LONG_MAX, RATING_MAX, RATING_MIN, SCORE_MAX, SCORE_MIN, TEXT_MAX

_short = validate.Length(max=TEXT_MAX, error=N_("Must be 200 characters or fewer."))
_long = validate.Length(max=LONG_MAX, error=N_("Must be 4000 characters or fewer."))
_amount = validate.Range(min=0, min_inclusive=False, max=10_000_000,
                         error=N_("An amount more than zero."))


def _required(validator=_short, **kwargs) -> fields.String:
    return fields.String(required=True, error_messages=REQUIRED, validate=validator, **kwargs)


class _Versioned(_Tidy):
    expected_version = fields.Integer(load_default=None, allow_none=True, strict=False,
                                      validate=_version["validate"])


class Criterion(Schema):
    name = _required()
    weight = fields.Integer(required=True, strict=False, error_messages=REQUIRED,
                            validate=validate.Range(min=1, max=100, error=N_(
                                "A weight is from 1 to 100.")))


class DraftTerms(_Tidy):
    activity_id = _required(metadata={"description": "The activity the consultant works for"})
    title = _required()
    context = _required(_long)
    objectives = _required(_long)
    deliverables = fields.List(fields.String(validate=_short), required=True,
                               error_messages=REQUIRED, validate=validate.Length(
                                   min=1, max=30, error=N_("From 1 to 30 deliverables.")))
    start = fields.Date(required=True, error_messages=REQUIRED)
    end = fields.Date(required=True, error_messages=REQUIRED)
    budget = fields.Float(required=True, error_messages=REQUIRED, validate=_amount)
    currency = fields.String(load_default="EUR", validate=validate.OneOf(
        ("EUR", "MAD"), error=N_("EUR or MAD.")))
    criteria = fields.List(fields.Nested(Criterion), required=True, error_messages=REQUIRED,
                           validate=validate.Length(min=1, max=20, error=N_(
                               "From 1 to 20 criteria.")))


DOCUMENT_TYPES = {".pdf": "application/pdf", ".odt": "application/vnd.oasis.opendocument.text",
                  ".doc": "application/msword", ".docx": "application/vnd.openxmlformats-"
                  "officedocument.wordprocessingml.document"}
DOCUMENT_MAX = 5 * 1024 * 1024


class Document(Schema):
    """A proposal uploaded with the application: PDF, ODT or Word, 5 MB at most. Its type
    is taken from its name, never from what the sender says."""
    filename = _required()
    content = fields.String(required=True, error_messages=REQUIRED,
                            metadata={"description": "The file, base64-encoded"})

    @post_load
    def _decode(self, data, **kwargs):
        name = PurePath(data["filename"].replace("\\", "/")).name
        kind = DOCUMENT_TYPES.get(PurePath(name).suffix.lower())
        if not kind:
            raise ValidationError(N_("A PDF, ODT or Word document."), "filename")
        try:
            content = base64.b64decode(data["content"], validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError(N_("Not a readable file."), "content") from None
        if not content or len(content) > DOCUMENT_MAX:
            raise ValidationError(N_("A document of 5 MB at most."), "content")
        return {"filename": name[:TEXT_MAX], "content_type": kind, "content": content}


class ReceiveApplication(_Versioned):
    consultant_name = _required()
    organisation = fields.String(allow_none=True, validate=_short)
    email = fields.Email(allow_none=True, error_messages={"invalid": N_(
        "Not a valid email address.")})
    phone = fields.String(allow_none=True, validate=validate.Length(max=40))
    proposal_amount = fields.Float(required=True, error_messages=REQUIRED, validate=_amount)
    document = fields.Nested(Document, allow_none=True, load_default=None)


class Score(Schema):
    criterion = _required()
    score = fields.Integer(required=True, strict=False, error_messages=REQUIRED,
                           validate=validate.Range(min=SCORE_MIN, max=SCORE_MAX, error=N_(
                               "A score is from 0 to 10.")))


class ScoreApplication(_Versioned):
    scores = fields.List(fields.Nested(Score), required=True, error_messages=REQUIRED)


class ChooseConsultant(_Versioned):
    application_id = _required()
    reason = _required(_long)


class Rating(Schema):
    deliverable = _required()
    rating = fields.Integer(required=True, strict=False, error_messages=REQUIRED,
                            validate=validate.Range(min=RATING_MIN, max=RATING_MAX, error=N_(
                                "A rating is from 1 to 5.")))


class AssessWork(_Versioned):
    ratings = fields.List(fields.Nested(Rating), required=True, error_messages=REQUIRED)
    comment = fields.String(allow_none=True, validate=_long)


# -- answers -------------------------------------------------------------------------------

class ApplicationSaved(Schema):
    id = fields.String()
    version = fields.Integer()
    application_id = fields.String()


class ApplicationOut(Schema):
    id = fields.String()
    consultant_name = fields.String()
    organisation = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    proposal_amount = fields.Float()
    document = fields.String(allow_none=True)
    scores = fields.Dict(allow_none=True, metadata={"description": "{criterion: score}"})
    weighted_total = fields.Float(allow_none=True, metadata={
        "description": "Scores weighted by the criteria, on the 0-10 scale"})
    rank = fields.Integer(allow_none=True)
    outcome = fields.String(metadata={"description": "pending, selected or not_selected"})


class TermsOut(Schema):
    id = fields.String()
    version = fields.Integer()
    activity_id = fields.String()
    title = fields.String()
    context = fields.String()
    objectives = fields.String()
    deliverables = fields.List(fields.String())
    start = fields.Date()
    end = fields.Date()
    budget = fields.Float()
    currency = fields.String()
    criteria = fields.List(fields.Nested(Criterion))
    status = fields.String(metadata={"description": "drafted, receiving, chosen, assessed"})
    applications = fields.List(fields.Nested(ApplicationOut), metadata={
        "description": "Ranked by weighted total, best first"})
    chosen = fields.String(allow_none=True)
    choice_reason = fields.String(allow_none=True)
    assessment = fields.Dict(allow_none=True)


class TermsSummary(Schema):
    id = fields.String()
    version = fields.Integer()
    title = fields.String()
    status = fields.String()
    applications = fields.Integer()
