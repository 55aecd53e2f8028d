"""The JSON API: parse -> handler or query -> respond. Every command is one line of wiring
(shared.web.commands); the app's error handlers answer 404, 409 and 422."""
from __future__ import annotations

from flask_smorest import Blueprint

from shared.access.roles import ACTIVITIES_READ, ACTIVITIES_WRITE
from shared.web.access import requires
from shared.web.commands import api_command
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine, store as _store

from . import handlers, queries, schemas

blp = Blueprint("activities_api", __name__, url_prefix="/api/v1",
                description="Activities: life cycle, sessions, registrations, attendance.")
ITEM = "/activities/<activity_id>"
W = ACTIVITIES_WRITE


@blp.route("/activities")
@requires(ACTIVITIES_READ)
@blp.arguments(schemas.ActivityListArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.ActivityPage)
def list_activities(**filters):
    """List activities (filter by programme, kind, office, status, period; search; sort;
    paginate)."""
    return queries.list_activities(_engine(), **filters)


@blp.route(ITEM)
@requires(ACTIVITIES_READ)
@blp.response(200, schemas.ActivityOut)
@blp.alt_response(404, schema=ErrorSchema)
def get_activity(activity_id):
    """An activity with its sessions, registrations, attendance and hours, and the version
    to send back with a command."""
    return queries.get_activity(_engine(), _store(), activity_id)


@blp.route(ITEM + "/history")
@requires(ACTIVITIES_READ)
@blp.response(200, schemas.HistoryEntry(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def activity_history(activity_id):
    """Every change of an activity, newest first, with who made it."""
    return queries.history(_engine(), _store(), activity_id)


@blp.route(ITEM + "/sessions/<session_id>/attendance/history")
@requires(ACTIVITIES_READ)
@blp.response(200, schemas.AttendanceChange(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def attendance_history(activity_id, session_id):
    """Every attendance mark of a session, newest first: who recorded or corrected what,
    when, and what it was before."""
    return queries.attendance_history(_engine(), _store(), activity_id, session_id)


@blp.route("/people")
@requires(ACTIVITIES_READ)
@blp.arguments(schemas.PersonSearchArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.PersonPage)
def find_people(q=None, page=1, per_page=20):
    """People known to activities (from stakeholders) whose names contain the words typed."""
    return queries.find_people(_engine(), q, page, per_page)


api_command(blp, "/activities", schemas.PlanActivity, handlers.plan_activity, W, status=201)
api_command(blp, ITEM + "/correct", schemas.CorrectActivity, handlers.correct_activity, W)
api_command(blp, ITEM + "/open", schemas.Transition, handlers.open_registration, W)
api_command(blp, ITEM + "/hold", schemas.Transition, handlers.mark_held, W)
api_command(blp, ITEM + "/close", schemas.Transition, handlers.close, W)
api_command(blp, ITEM + "/cancel", schemas.Cancel, handlers.cancel, W)
api_command(blp, ITEM + "/sessions", schemas.ScheduleSession, handlers.schedule_session, W,
            status=201, response=schemas.SessionSaved)
api_command(blp, ITEM + "/registrations", schemas.Register, handlers.register, W,
            status=201, response=schemas.Registered)
api_command(blp, ITEM + "/registrations/<registration_id>/cancel",
            schemas.CancelRegistration, handlers.cancel_registration, W)
api_command(blp, ITEM + "/sessions/<session_id>/attendance", schemas.RecordAttendance,
            handlers.record_attendance, W)
