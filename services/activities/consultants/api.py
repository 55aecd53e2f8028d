"""Terms of reference in the JSON API: draft, applications, scores, the choice, the
assessment, and the ToR as a PDF. Every command is one line of wiring (shared.web.commands).

Applications carry consultants' contact details and bids: reading a ToR with them needs
ACTIVITIES_WRITE (programme staff); the ToR document itself, ACTIVITIES_READ."""
from __future__ import annotations

from flask_smorest import Blueprint

from shared.access.roles import ACTIVITIES_READ, ACTIVITIES_WRITE
from shared.web.access import requires
from shared.web.commands import api_command
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine, store as _store

from . import handlers, queries, schemas
from .document import document_response, terms_pdf

blp = Blueprint("consultants_api", __name__, url_prefix="/api/v1",
                description="Consultants: terms of reference, applications scored against "
                            "criteria, the choice, the assessment of the work.")
TOR, W = "/terms-of-reference/<terms_id>", ACTIVITIES_WRITE


@blp.route(TOR)
@requires(ACTIVITIES_WRITE)
@blp.response(200, schemas.TermsOut)
@blp.alt_response(404, schema=ErrorSchema)
def get_terms(terms_id):
    """A ToR with its applications ranked by weighted total, and the version to send back."""
    return queries.get_terms(_store(), terms_id)


@blp.route(TOR + ".pdf")
@requires(ACTIVITIES_READ)
@blp.alt_response(200, description="The terms of reference (application/pdf)")
@blp.alt_response(404, schema=ErrorSchema)
def terms_document(terms_id):
    """The terms of reference as a PDF, to send to consultants."""
    return terms_pdf(queries.get_terms(_store(), terms_id))


@blp.route(TOR + "/applications/<application_id>/document")
@requires(ACTIVITIES_WRITE)
@blp.alt_response(200, description="The proposal uploaded with the application")
@blp.alt_response(404, schema=ErrorSchema)
def proposal(terms_id, application_id):
    """The document a consultant sent with their application, as it came."""
    return document_response(queries.document_of(_engine(), terms_id, application_id))


@blp.route("/activities/<activity_id>/terms-of-reference")
@requires(ACTIVITIES_READ)
@blp.response(200, schemas.TermsSummary(many=True))
def terms_of_activity(activity_id):
    """The terms of reference drafted for an activity, latest first."""
    return queries.terms_of_activity(_engine(), activity_id)


api_command(blp, "/terms-of-reference", schemas.DraftTerms, handlers.draft_terms, W, status=201)
api_command(blp, TOR + "/applications", schemas.ReceiveApplication,
            handlers.receive_application, W, status=201, response=schemas.ApplicationSaved)
api_command(blp, TOR + "/applications/<application_id>/scores", schemas.ScoreApplication,
            handlers.score_application, W)
api_command(blp, TOR + "/choose", schemas.ChooseConsultant, handlers.choose_consultant, W)
api_command(blp, TOR + "/assessment", schemas.AssessWork, handlers.assess_work, W)
