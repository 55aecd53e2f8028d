"""Terms of reference pages: the ToR with its ranked applications, and one form per command
(one line of wiring each, shared.web.commands). Bids and consultants' contact details are
for programme staff: every page here needs ACTIVITIES_WRITE."""
from __future__ import annotations

import base64

from flask import Blueprint, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from shared.access.roles import ACTIVITIES_WRITE as W
from shared.web.access import requires
from shared.web.commands import FormSpec, form_command, form_values
from shared.web.wiring import engine as _engine, store as _store

from .. import queries as activity_queries
from . import handlers, queries, schemas
from .document import document_response, terms_pdf

bp = Blueprint("consultants", __name__, url_prefix="/terms-of-reference")
T = "activities/consultants/"
CRITERIA_ROWS = 6  # blank criterion rows on the draft form


@bp.app_context_processor
def _context():
    return {"terms_of_activity": lambda activity_id: queries.terms_of_activity(
        _engine(), activity_id), "facilitator_choices": lambda: queries.facilitators(_engine())}


@bp.get("/<terms_id>")
@requires(W)
def detail(terms_id):
    terms = queries.get_terms(_store(), terms_id)
    activity = activity_queries.get_activity(_engine(), _store(), terms["activity_id"])
    return render_template(T + "detail.html", terms=terms, activity=activity)


@bp.get("/<terms_id>.pdf")
@requires(W)
def document(terms_id):
    return terms_pdf(queries.get_terms(_store(), terms_id))


@bp.get("/<terms_id>/applications/<application_id>/document")
@requires(W)
def proposal(terms_id, application_id):
    return document_response(queries.document_of(_engine(), terms_id, application_id))


# -- what the forms show and read ----------------------------------------------------------

def _terms(terms_id: str, **_) -> dict:
    return {"terms": queries.get_terms(_store(), terms_id)}


def _versioned(context: dict) -> dict:
    return {"expected_version": context["terms"]["version"]}


def _to_terms(result, terms_id=None, **_) -> str:
    return url_for("consultants.detail", terms_id=terms_id or result.id)


def _draft_context() -> dict:
    activity_id = request.values.get("activity_id", "")
    return {"activity": activity_queries.get_activity(_engine(), _store(), activity_id),
            "rows": CRITERIA_ROWS}


def _draft_values(form, schema) -> dict:
    """Deliverables one per line; criteria as rows of name and weight (blank rows left)."""
    values = form_values(form, schema)
    values["deliverables"] = [line.strip() for line in form.get("deliverables", "").splitlines()
                              if line.strip()]
    values["criteria"] = [{"name": n.strip(), "weight": w.strip()} for n, w in zip(
        form.getlist("criterion_name"), form.getlist("criterion_weight")) if n.strip()]
    return values


def _application_values(form, schema) -> dict:
    """The form's fields, and the proposal uploaded (if any) as the API takes it."""
    values = form_values(form, schema)
    upload = request.files.get("document")
    if upload is not None and upload.filename:
        content = upload.stream.read(schemas.DOCUMENT_MAX + 1)
        values["document"] = {"filename": upload.filename,
                              "content": base64.b64encode(content).decode()}
    return values


def _keyed(prefix: str, key: str, value: str):
    """`<prefix>:<name>` inputs -> [{key: name, value: ...}] (score:<criterion>, ...)."""
    def read(form, schema) -> dict:
        items = [{key: name[len(prefix) + 1:], value: v} for name, v in form.items()
                 if name.startswith(prefix + ":") and v.strip()]
        return {**form_values(form, schema), prefix + "s": items}
    return read


# -- the commands: one line each -----------------------------------------------------------

form_command(bp, "/new", "new", schemas.DraftTerms, handlers.draft_terms, W, FormSpec(
    T + "draft.html", _to_terms, _l("The terms of reference have been drafted."),
    _draft_context, lambda c: {"activity_id": c["activity"]["id"], "currency": "EUR"},
    values=_draft_values))
form_command(bp, "/<terms_id>/applications/new", "receive", schemas.ReceiveApplication,
             handlers.receive_application, W, FormSpec(
                 T + "application.html", _to_terms, _l("The application has been recorded."),
                 _terms, _versioned, values=_application_values))
form_command(bp, "/<terms_id>/applications/<application_id>/scores", "score",
             schemas.ScoreApplication, handlers.score_application, W, FormSpec(
                 T + "score.html", _to_terms, _l("The application has been scored."),
                 _terms, _versioned, values=_keyed("score", "criterion", "score")))
form_command(bp, "/<terms_id>/choose", "choose", schemas.ChooseConsultant,
             handlers.choose_consultant, W, FormSpec(
                 T + "choose.html", _to_terms, _l("The choice has been recorded."),
                 _terms, _versioned))
form_command(bp, "/<terms_id>/assessment", "assess", schemas.AssessWork, handlers.assess_work,
             W, FormSpec(T + "assess.html", _to_terms, _l("The assessment has been recorded."),
                         _terms, _versioned, values=_keyed("rating", "deliverable", "rating")))
