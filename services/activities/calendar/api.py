"""The calendar in the JSON API."""
from __future__ import annotations

from flask_smorest import Blueprint

from shared.access.roles import ACTIVITIES_READ
from shared.web.access import requires
from shared.web.wiring import engine as _engine

from . import queries, schemas

blp = Blueprint("activity_calendar_api", __name__, url_prefix="/api/v1",
                description="Activities: the month calendar.")


@blp.route("/calendar")
@requires(ACTIVITIES_READ)
@blp.arguments(schemas.CalendarArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.CalendarMonth)
def calendar(**args):
    """The sessions of a month (this month if none), filtered by programme, kind, office
    and status, with the previous and next months."""
    return queries.month(_engine(), **args)
