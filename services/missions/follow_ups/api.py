"""The follow-up's JSON API: case notes and incidents need MISSIONS_FOLLOW_UP (programme
staff), trainings and the review MISSIONS_WRITE."""
from __future__ import annotations

import datetime as dt

from flask_smorest import Blueprint

from shared.access.roles import MISSIONS_FOLLOW_UP, MISSIONS_WRITE
from shared.web.access import requires
from shared.web.commands import Saved, api_command
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine, store as _store

from . import handlers, queries, schemas

blp = Blueprint("missions_follow_ups_api", __name__, url_prefix="/api/v1",
                description="Follow-up of missions: meetings and their schedule, incidents, "
                            "mandatory trainings, end-of-mission review.")
ITEM = "/missions/<mission_id>"
F = MISSIONS_FOLLOW_UP


@blp.route("/follow-ups/due")
@requires(F)
@blp.arguments(schemas.DueArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.Due)
def follow_ups_due(referent=None, on=None):
    """The follow-up meetings due this week and overdue (of one referent, if given), and
    the open serious incidents, as of `on` (default: today)."""
    return queries.due(_engine(), _store(), on=on or dt.date.today(), referent=referent)


@blp.route(ITEM + "/follow-ups")
@requires(F)
@blp.arguments(schemas.OnArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.MissionFollowUp)
@blp.alt_response(404, schema=ErrorSchema)
def mission_follow_up(mission_id, on=None):
    """A mission's schedule of meetings (with the state of each as of `on`), the meetings
    held with their notes, and its incidents."""
    return queries.mission_follow_up(_engine(), _store(), mission_id, on or dt.date.today())


api_command(blp, ITEM + "/follow-ups", schemas.RecordFollowUp, handlers.record_follow_up, F,
            status=201, response=schemas.FollowUpSaved)
api_command(blp, ITEM + "/incidents", schemas.ReportIncident, handlers.report_incident, F,
            status=201, response=schemas.IncidentSaved)
api_command(blp, ITEM + "/incidents/<incident_id>/resolve", schemas.ResolveIncident,
            handlers.resolve_incident, F)
api_command(blp, ITEM + "/trainings", schemas.RecordTraining, handlers.record_training,
            MISSIONS_WRITE, response=Saved)
api_command(blp, ITEM + "/review", schemas.ReviewMission, handlers.review_mission,
            MISSIONS_WRITE, response=Saved)
