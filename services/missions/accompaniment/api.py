"""The JSON API of project accompaniment: parse -> handler or query -> respond. Every command
is one line of wiring (shared.web.commands); the app's error handlers answer 404, 409, 422."""
from __future__ import annotations

from flask_smorest import Blueprint

from shared.access.roles import MISSIONS_FOLLOW_UP, MISSIONS_READ, MISSIONS_WRITE
from shared.web.access import requires
from shared.web.auth import current_staff
from shared.web.commands import api_command
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine, store as _store

from . import handlers, queries, schemas

blp = Blueprint("accompaniment_api", __name__, url_prefix="/api/v1",
                description="Project accompaniment (PRA/OSIM, Génération Climat): stages, "
                            "the committee's decision, coaching, expected documents.")
ITEM = "/accompaniments/<accompaniment_id>"
W = MISSIONS_WRITE


def may_read_notes() -> bool:
    """Coaching notes are case notes: officers and admins only."""
    staff = current_staff()
    return bool(staff and staff.may(MISSIONS_FOLLOW_UP))


@blp.route("/accompaniments")
@requires(MISSIONS_READ)
@blp.arguments(schemas.AccompanimentListArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.AccompanimentPage)
def list_accompaniments(**filters):
    """List accompaniments (filter by programme, stage, office; search in titles)."""
    return queries.list_accompaniments(_engine(), **filters)


@blp.route("/accompaniments/late-documents")
@requires(MISSIONS_READ)
@blp.arguments(schemas.LateArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.LatePage)
def late_documents(**filters):
    """The expected documents past their due date and not received (projects not closed)."""
    return queries.late_documents(_engine(), **filters)


@blp.route(ITEM)
@requires(MISSIONS_READ)
@blp.response(200, schemas.AccompanimentOut)
@blp.alt_response(404, schema=ErrorSchema)
def get_accompaniment(accompaniment_id):
    """An accompaniment with its stages, decision, coaching sessions (notes for officers
    and admins) and documents, and the version to send back with a command."""
    return queries.get_accompaniment(_engine(), _store(), accompaniment_id,
                                     with_notes=may_read_notes())


api_command(blp, "/accompaniments", schemas.OpenAccompaniment, handlers.open_accompaniment, W,
            status=201)
api_command(blp, ITEM + "/stage", schemas.ChangeStage, handlers.change_stage, W)
api_command(blp, ITEM + "/decision", schemas.Decide, handlers.decide, W)
api_command(blp, ITEM + "/coaching", schemas.RecordCoaching, handlers.record_coaching, W,
            status=201, response=schemas.CoachingSaved)
api_command(blp, ITEM + "/documents", schemas.ExpectDocument, handlers.expect_document, W,
            status=201, response=schemas.DocumentSaved)
api_command(blp, ITEM + "/documents/<document_id>/received", schemas.ReceiveDocument,
            handlers.receive_document, W)
