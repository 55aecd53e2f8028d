"""The evaluation commands' schemas (forms and API alike) and the summary's shape."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.web.schemas import CommandBody
from shared.web.errors import N_

from ..domain import LONG_MAX
from .domain import DAYS_MAX, KINDS

REQUIRED = {"required": N_("This field is required."), "null": N_("This field is required.")}
_kind = dict(required=True, error_messages=REQUIRED, validate=validate.OneOf(
    KINDS, error=N_("Choose right after or follow-up.")),
    metadata={"description": "immediate (à chaud) or follow_up (à froid, trainings only)"})
_score = dict(required=True, strict=False, error_messages={
    **REQUIRED, "invalid": N_("Choose a satisfaction from 1 to 5.")},
    validate=validate.Range(min=1, max=5, error=N_("Choose a satisfaction from 1 to 5.")))
_comments = dict(load_default=None, allow_none=True, validate=validate.Length(
    max=LONG_MAX, error=N_("Must be 2000 characters or fewer.")))


_Tidy = CommandBody  # text trimmed, blank text absent (shared/web/schemas)


class OpenEvaluation(_Tidy):
    kind = fields.String(**_kind)
    days = fields.Integer(load_default=14, strict=False, validate=validate.Range(
        min=1, max=DAYS_MAX, error=N_("Between 1 and 90 days.")),
        metadata={"description": "How long the link stays valid"})


class CloseEvaluation(Schema):
    pass


class PaperAnswer(_Tidy):
    """An answer typed from a paper form; the participant's name is optional."""
    kind = fields.String(**_kind)
    person_id = fields.String(load_default=None, allow_none=True,
                              validate=validate.Length(max=36))
    satisfaction = fields.Integer(**_score)
    comments = fields.String(**_comments)


class Answer(_Tidy):
    person_id = fields.String(required=True, validate=validate.Length(max=36), error_messages={
        "required": N_("Choose your name in the list."),
        "null": N_("Choose your name in the list.")})
    satisfaction = fields.Integer(**_score)
    comments = fields.String(**_comments)


class Comment(Schema):
    text = fields.String()
    satisfaction = fields.Integer()
    source = fields.String(metadata={"description": "participant (by the link) or paper"})
    answered_at = fields.DateTime()


class KindSummary(Schema):
    count = fields.Integer()
    average = fields.Float(allow_none=True)
    distribution = fields.Dict(keys=fields.String(), values=fields.Integer(),
                               metadata={"description": "Answers per score, '1' to '5'"})
    comments = fields.List(fields.Nested(Comment))
    link_open = fields.Boolean()
    valid_until = fields.DateTime(allow_none=True)


class Summary(Schema):
    activity_id = fields.String()
    immediate = fields.Nested(KindSummary, metadata={"description": "Right after (à chaud)"})
    follow_up = fields.Nested(KindSummary, allow_none=True,
                              metadata={"description": "Weeks later (à froid): trainings "
                                                       "only, else null"})


class EvaluationOpened(Schema):
    id = fields.String()
    version = fields.Integer()
    kind = fields.String()
    valid_until = fields.DateTime()
    url = fields.String(metadata={"description": "The link to give the participants"})
