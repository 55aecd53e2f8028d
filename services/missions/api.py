"""The JSON API: parse -> handler or query -> respond. Every command is one line of wiring
(shared.web.commands); the app's error handlers answer 404, 409 and 422."""
from __future__ import annotations

from flask_smorest import Blueprint

from shared.access.roles import MISSIONS_FOLLOW_UP, MISSIONS_READ, MISSIONS_WRITE
from shared.web.access import requires
from shared.web.auth import current_staff
from shared.web.commands import api_command
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine, store as _store

from . import handlers, queries, schemas

blp = Blueprint("missions_api", __name__, url_prefix="/api/v1",
                description="Volunteer missions: life cycle, follow-up, incidents, trainings, "
                            "review.")
ITEM = "/missions/<mission_id>"
W = MISSIONS_WRITE


@blp.route("/missions")
@requires(MISSIONS_READ)
@blp.arguments(schemas.MissionListArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.MissionPage)
def list_missions(**filters):
    """List missions (filter by status, direction, scheme, programme, office, host,
    volunteer, referent; search the names; paginate)."""
    return queries.list_missions(_engine(), **filters)


@blp.route(ITEM)
@requires(MISSIONS_READ)
@blp.response(200, schemas.MissionOut)
@blp.alt_response(404, schema=ErrorSchema)
def get_mission(mission_id):
    """A mission with its dates, extensions, trainings and review, and the version to send
    back with a command (follow-up notes and incidents: see /follow-ups and /incidents)."""
    return queries.get_mission(_engine(), _store(), mission_id)


@blp.route(ITEM + "/history")
@requires(MISSIONS_READ)
@blp.response(200, schemas.HistoryEntry(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def mission_history(mission_id):
    """Every change of a mission, newest first, with who made it (meetings and incidents
    only for programme staff)."""
    staff = current_staff()
    return queries.history(_engine(), _store(), mission_id,
                           case_notes=bool(staff and staff.may(MISSIONS_FOLLOW_UP)))


@blp.route("/people")
@requires(MISSIONS_READ)
@blp.arguments(schemas.PersonSearchArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.PersonPage)
def find_people(q=None, page=1, per_page=20):
    """People known to missions (from stakeholders) whose names contain the words typed."""
    return queries.find_people(_engine(), q, page, per_page)


api_command(blp, "/missions", schemas.DraftMission, handlers.draft_mission, W, status=201)
api_command(blp, ITEM + "/correct", schemas.CorrectMission, handlers.correct_mission, W)
api_command(blp, ITEM + "/propose", schemas.Transition, handlers.propose, W)
api_command(blp, ITEM + "/agree", schemas.Transition, handlers.agree, W)
api_command(blp, ITEM + "/start", schemas.Start, handlers.start, W)
api_command(blp, ITEM + "/complete", schemas.Complete, handlers.complete, W)
api_command(blp, ITEM + "/interrupt", schemas.Interrupt, handlers.interrupt, W)
api_command(blp, ITEM + "/cancel", schemas.Cancel, handlers.cancel, W)
api_command(blp, ITEM + "/extend", schemas.Extend, handlers.extend, W)
