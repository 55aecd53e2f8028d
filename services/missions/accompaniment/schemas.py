"""One marshmallow schema per command, used by the JSON API and the forms alike."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.web.schemas import CommandBody
from shared.web.errors import N_
from shared.web.schemas import ListArgs

from .domain import (BUDGET_MAX, COACHING_HOURS_MAX, DOCUMENT_KINDS, LONG_MAX, OFFICES, STAGES,
                     TEXT_MAX)

REQUIRED = {"required": N_("This field is required."), "null": N_("This field is required.")}
PROGRAMMES = ("PRA", "GENCLIMAT")  # PRA/OSIM, Génération Climat: the codes the directory uses
_text = validate.Length(max=TEXT_MAX, error=N_("Must be 200 characters or fewer."))
_id = validate.Length(max=36, error=N_("Not a valid identifier."))
_version = dict(strict=False, error_messages=REQUIRED, validate=validate.Range(min=1))
_budget = dict(allow_none=True, allow_nan=False, validate=validate.Range(
    min=0, max=BUDGET_MAX, error=N_("A budget is an amount in euros between 0 and "
                                    "10,000,000.")), metadata={"description": "Euros"})


_Tidy = CommandBody  # text trimmed, blank text absent (shared/web/schemas)


class OpenAccompaniment(_Tidy):
    """The project of an association (organisation_id, from stakeholders) or of a youth
    group (group_name): one of the two."""
    title = fields.String(required=True, error_messages=REQUIRED, validate=_text)
    programme = fields.String(required=True, error_messages=REQUIRED, validate=validate.Length(
        max=40, error=N_("Choose the programme.")), metadata={"description": (
            "A programme reporting has defined; while it has defined none, PRA (PRA/OSIM) "
            "or GENCLIMAT (Génération Climat)")})
    office = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        OFFICES, error=N_("Choose the office that follows the project.")),
        metadata={"description": ", ".join(OFFICES)})
    organisation_id = fields.String(allow_none=True, validate=_id)
    group_name = fields.String(allow_none=True, validate=_text)
    budget_requested = fields.Float(**_budget)


class ChangeStage(_Tidy):
    expected_version = fields.Integer(required=True, **_version)
    stage = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        STAGES, error=N_("Choose a stage from the list.")),
        metadata={"description": ", ".join(STAGES)})
    on = fields.Date(required=True, error_messages=REQUIRED, metadata={"example": "2026-03-18"})


class Decide(_Tidy):
    expected_version = fields.Integer(required=True, **_version)
    selected = fields.Boolean(required=True, error_messages=REQUIRED)
    budget_granted = fields.Float(**_budget)
    on = fields.Date(required=True, error_messages=REQUIRED)


class RecordCoaching(_Tidy):
    expected_version = fields.Integer(allow_none=True, **_version)
    date = fields.Date(required=True, error_messages=REQUIRED)
    hours = fields.Float(required=True, allow_nan=False, error_messages=REQUIRED,
                         validate=validate.Range(min=0, min_inclusive=False,
                                                 max=COACHING_HOURS_MAX, error=N_(
                             "A coaching session lasts more than 0 and at most 12 hours.")))
    activity_id = fields.String(allow_none=True, validate=_id, metadata={
        "description": "The coaching workshop, an activity of the activities service"})
    notes = fields.String(allow_none=True, validate=validate.Length(
        max=LONG_MAX, error=N_("Must be 4000 characters or fewer.")))


class ExpectDocument(_Tidy):
    expected_version = fields.Integer(allow_none=True, **_version)
    kind = fields.String(required=True, error_messages=REQUIRED, validate=validate.OneOf(
        DOCUMENT_KINDS, error=N_("Choose a kind of document from the list.")),
        metadata={"description": ", ".join(DOCUMENT_KINDS)})
    label = fields.String(allow_none=True, validate=_text)
    due_on = fields.Date(required=True, error_messages=REQUIRED)


class ReceiveDocument(_Tidy):
    expected_version = fields.Integer(allow_none=True, **_version)
    received_on = fields.Date(required=True, error_messages=REQUIRED)


# -- queries -------------------------------------------------------------------------------

class AccompanimentListArgs(ListArgs):
    q = fields.String(validate=_text)
    programme = fields.String(validate=validate.Length(max=40))
    stage = fields.String(validate=validate.OneOf(STAGES))
    office = fields.String(validate=validate.OneOf(OFFICES))


class LateArgs(ListArgs):
    on = fields.Date(metadata={"description": "The day (today by default)"})
    office = fields.String(validate=validate.OneOf(OFFICES))


class AccompanimentSummary(Schema):
    id = fields.String()
    version = fields.Integer()
    title = fields.String()
    organisation_id = fields.String(allow_none=True)
    group_name = fields.String(allow_none=True)
    holder = fields.String(metadata={"description": "The association's or group's name"})
    programme = fields.String()
    office = fields.String()
    stage = fields.String()
    budget_requested = fields.Float(allow_none=True)
    budget_granted = fields.Float(allow_none=True)
    coaching_hours = fields.Float()
    late_documents = fields.Integer()


class AccompanimentPage(Schema):
    items = fields.List(fields.Nested(AccompanimentSummary))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class StageOut(Schema):
    stage = fields.String()
    on = fields.Date(allow_none=True)


class CoachingOut(Schema):
    id = fields.String()
    date = fields.Date()
    hours = fields.Float()
    activity_id = fields.String(allow_none=True)
    notes = fields.String(allow_none=True)


class DocumentOut(Schema):
    id = fields.String()
    accompaniment_id = fields.String()
    title = fields.String()
    kind = fields.String()
    label = fields.String()
    due_on = fields.Date()
    received_on = fields.Date(allow_none=True)
    late = fields.Boolean()


class DecisionOut(Schema):
    selected = fields.Boolean()
    budget_granted = fields.Float(allow_none=True)
    on = fields.Date()


class AccompanimentOut(AccompanimentSummary):
    stages = fields.List(fields.Nested(StageOut))
    decision = fields.Nested(DecisionOut, allow_none=True)
    coachings = fields.List(fields.Nested(CoachingOut))
    documents = fields.List(fields.Nested(DocumentOut))
    next_stages = fields.List(fields.String())


class LatePage(Schema):
    items = fields.List(fields.Nested(DocumentOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class CoachingSaved(Schema):
    id = fields.String()
    version = fields.Integer()
    coaching_id = fields.String()


class DocumentSaved(Schema):
    id = fields.String()
    version = fields.Integer()
    document_id = fields.String()
