"""Programmes and their logframe in the JSON API: one line of wiring per command."""
from __future__ import annotations

from flask_smorest import Blueprint

from shared.access.roles import REPORTS_MANAGE, REPORTS_READ
from shared.web.access import requires
from shared.web.commands import api_command
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine

from . import handlers, queries, schemas

blp = Blueprint("programmes_api", __name__, url_prefix="/api/v1",
                description="Programmes, their indicators, targets and action plan.")
ITEM = "/programmes/<code>"
M = REPORTS_MANAGE


@blp.route("/programmes")
@requires(REPORTS_READ)
@blp.response(200, schemas.ProgrammeList)
def list_programmes():
    """Every programme, by code."""
    with _engine().connect() as conn:
        return queries.list_programmes(conn)


@blp.route(ITEM)
@requires(REPORTS_READ)
@blp.response(200, schemas.ProgrammeOut)
@blp.alt_response(404, schema=ErrorSchema)
def get_programme(code):
    """A programme with its logframe (indicators, targets) and its action plan."""
    with _engine().connect() as conn:
        return queries.get_programme(conn, code)


api_command(blp, "/programmes", schemas.DefineProgramme, handlers.define_programme, M,
            status=201)
api_command(blp, ITEM + "/indicators", schemas.DefineIndicator, handlers.define_indicator, M,
            status=201)
api_command(blp, ITEM + "/action-plan", schemas.PlanActivities, handlers.plan_activities, M,
            status=201)
