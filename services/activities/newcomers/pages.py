"""The new person form (from the registration page) and the walk-in forms (on the
attendance screen, which shows their errors)."""
from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_babel import lazy_gettext as _l

from shared.access.roles import ACTIVITIES_WRITE
from shared.web.commands import FormSpec, form_command
from shared.web.wiring import engine as _engine, store as _store

from .. import queries
from ..pages import session_context
from . import handlers, schemas

bp = Blueprint("activity_newcomers", __name__)
COUNTRY = {"marseille": "FR", "agadir": "MA", "taliouine": "MA", "tiznit": "MA"}


def _activity(activity_id, **_):
    return {"activity": queries.get_activity(_engine(), _store(), activity_id)}


def _new_person_initial(context) -> dict:
    a = context["activity"]
    return {"expected_version": a["version"], "residence_country": COUNTRY.get(a["office"])}


def _walk_in_context(activity_id, session_id, **_):
    """A walk-in is added from the attendance screen: that screen shows the form again."""
    if request.method == "GET":
        return redirect(url_for("activities.attendance", activity_id=activity_id,
                                session_id=session_id))
    context = session_context(activity_id, session_id)
    return {**context, "walk_in_open": True}


def _to_attendance(result, activity_id, session_id) -> str:
    return url_for("activities.attendance", activity_id=activity_id, session_id=session_id)


form_command(bp, "/<activity_id>/registrations/new-person", "register_new_person",
             schemas.RegisterNewPerson, handlers.register_new_person, ACTIVITIES_WRITE, FormSpec(
                 "activities/new_person.html",
                 lambda result, activity_id: url_for("activities.detail",
                                                     activity_id=activity_id),
                 lambda result: _l("Registered in the directory and to the activity.")
                 if result["status"] == "registered" else
                 _l("Registered in the directory; the activity is full: waitlisted."),
                 _activity, _new_person_initial))
form_command(bp, "/<activity_id>/sessions/<session_id>/walk-ins", "walk_in", schemas.WalkIn,
             handlers.add_walk_in, ACTIVITIES_WRITE, FormSpec(
                 "activities/attendance.html", _to_attendance,
                 _l("The walk-in is on the list, marked present."), _walk_in_context))
