"""The evaluations' JSON API: the summary of an activity, paper answers typed by staff,
and the link of an evaluation."""
from __future__ import annotations

from flask_smorest import Blueprint

from shared.access.roles import ACTIVITIES_READ, ACTIVITIES_WRITE
from shared.web.access import requires
from shared.web.commands import api_command
from shared.web.errors import ErrorSchema
from shared.web.wiring import store as _store

from ..participants import web
from . import handlers, pages, queries, schemas

blp = Blueprint("evaluations_api", __name__, url_prefix="/api/v1",
                description="Evaluations: satisfaction and comments of the participants.")
ITEM = "/activities/<activity_id>/evaluations"
W = ACTIVITIES_WRITE


@blp.route(ITEM + "/summary")
@requires(ACTIVITIES_READ)
@blp.response(200, schemas.Summary)
@blp.alt_response(404, schema=ErrorSchema)
def evaluation_summary(activity_id):
    """Right after and (for trainings) follow-up: count, average, distribution of the
    scores 1 to 5, and the comments."""
    return queries.summary(_store(), activity_id, web.now())


api_command(blp, ITEM + "/answers", schemas.PaperAnswer,
            lambda uow, activity_id, **c: handlers.record_paper_answer(
                uow, activity_id, now=web.now(), **c), W, status=201,
            endpoint="record_paper_answer", doc=handlers.record_paper_answer.__doc__)


def _open(uow, activity_id, **command):
    opened = handlers.open_evaluation(uow, activity_id, now=web.now(), **command)
    return {**opened, "url": pages.public_url(opened["evaluation"])}


api_command(blp, ITEM + "/links", schemas.OpenEvaluation, _open, W, status=201,
            response=schemas.EvaluationOpened, endpoint="open_evaluation",
            doc=handlers.open_evaluation.__doc__)
