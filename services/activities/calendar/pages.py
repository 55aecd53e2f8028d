"""The month calendar page."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext
from marshmallow import ValidationError

from shared.access.roles import ACTIVITIES_READ
from shared.web.access import requires
from shared.web.wiring import engine as _engine

from .. import queries as activity_queries
from . import queries, schemas

bp = Blueprint("activity_calendar", __name__)
FILTERS = ("programme", "kind", "office", "status")


@bp.get("/calendar")
@requires(ACTIVITIES_READ)
def month():
    raw = request.args.to_dict()
    try:
        args = schemas.CalendarArgs().load(raw)
    except ValidationError as exc:
        flash(gettext("Some filters were not understood and were ignored."), "warning")
        args = schemas.CalendarArgs().load({k: v for k, v in raw.items()
                                            if k not in exc.messages})
    shown = queries.month(_engine(), **args)
    filters = {k: args[k] for k in FILTERS if args.get(k)}

    def month_url(value: str) -> str:
        return url_for("activity_calendar.month", month=value, **filters)

    return render_template("activities/calendar.html", shown=shown, args=args,
                           filters=filters, month_url=month_url, today=dt.date.today(),
                           weeks=queries.weeks(shown["first"], shown["sessions"]),
                           programmes=activity_queries.programmes_in_use(_engine()))
