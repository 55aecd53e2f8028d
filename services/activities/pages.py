"""The web pages: queries render, commands go through shared.web.commands (their schema,
their handler, their template and one line of wiring each)."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext, lazy_gettext as _l
from marshmallow import ValidationError

from shared.access.roles import ACTIVITIES_READ, ACTIVITIES_WRITE
from shared.eventstore import NotFound
from shared.web.access import requires
from shared.web.auth import current_staff
from shared.web.commands import FormSpec, form_command, form_values
from shared.web.wiring import engine as _engine, store as _store

from . import handlers, labels, queries, schemas
from .domain import ATTENDANCE

bp = Blueprint("activities", __name__)
T = "activities/"
W = ACTIVITIES_WRITE


@bp.app_context_processor
def _context():
    return {"labels": labels, "may_write": _may_write}


def _may_write() -> bool:
    staff = current_staff()
    return bool(staff and staff.may(ACTIVITIES_WRITE))


@bp.get("/")
@requires(ACTIVITIES_READ)
def index():
    raw = request.args.to_dict()
    try:
        args = schemas.ActivityListArgs().load(raw)
    except ValidationError as exc:
        flash(gettext("Some filters were not understood and were ignored."), "warning")
        args = schemas.ActivityListArgs().load({k: v for k, v in raw.items()
                                                if k not in exc.messages})
    page = queries.list_activities(_engine(), **args)

    def page_url(number: int) -> str:
        return url_for("activities.index", **{**raw, "page": number})

    filtered = any(args.get(k) for k in ("q", "programme", "kind", "office", "status",
                                         "start", "end"))
    return render_template(T + "list.html", page=page, args=args, raw=raw, page_url=page_url,
                           filtered=filtered, programmes=queries.programmes_in_use(_engine()))


@bp.get("/<activity_id>")
@requires(ACTIVITIES_READ)
def detail(activity_id):
    activity = queries.get_activity(_engine(), _store(), activity_id)
    return render_template(T + "detail.html", activity=activity,
                           grid=queries.attendance_grid(activity),
                           history=queries.history(_engine(), _store(), activity_id))


# -- what the command forms show -----------------------------------------------------------

def _activity(activity_id, **_):
    return {"activity": queries.get_activity(_engine(), _store(), activity_id)}


def _versioned(context) -> dict:
    return {"expected_version": context["activity"]["version"]}


def _to_detail(result, activity_id=None, **_) -> str:
    return url_for("activities.detail", activity_id=activity_id or result.id)


def _choices():
    """What the activity form picks from: partner organisations and known programmes."""
    return {"organisations": queries.all_organisations(_engine()),
            "programmes": list(queries.known_programmes(_engine()).values())}


def _activity_values(form, schema):
    return form_values(form, schema, split=("facilitators",))


def session_context(activity_id, session_id, **_):
    """The attendance screen: the list, the marks as recorded (present where none is), the
    session's attendance history, and the people found for a walk-in (?q=)."""
    context = _activity(activity_id)
    session = next((s for s in context["activity"]["sessions"] if s["id"] == session_id), None)
    if session is None:
        raise NotFound("session", session_id)
    people = [r for r in context["activity"]["registrations"] if r["status"] == "registered"]
    recorded = {(m["person_id"], m["half_day"]): m["status"] for m in session["attendance"]}
    q = (request.args.get("q") or "").strip()
    return {**context, "session": session, "people": people, "statuses": ATTENDANCE,
            "recorded": {f"{p}:{h}": status for (p, h), status in recorded.items()},
            "unrecorded": {p["person_id"] for p in people for h in session["half_days"]
                           if (p["person_id"], h) not in recorded},
            "marks": {f"{p['person_id']}:{h}": recorded.get((p["person_id"], h), "present")
                      for p in people for h in session["half_days"]},
            "changes": queries.attendance_history(_engine(), _store(), activity_id,
                                                  session_id),
            "q": q, "found": queries.find_people(_engine(), q, per_page=20) if q else None}


def _attendance_initial(context) -> dict:
    """Everyone present unless marked otherwise: the officer changes only the exceptions."""
    return {"expected_version": context["activity"]["version"], "marks": context["marks"]}


def _attendance_values(form, schema) -> dict:
    """`mark:<person_id>:<half_day>` = status, for every line of the screen; the "all
    present" button (without JavaScript, a submit) marks every line present."""
    everyone = form.get("all") == "present"
    marks = [{"person_id": key.split(":")[1], "half_day": key.split(":")[2],
              "status": "present" if everyone else value}
             for key, value in form.items(multi=True) if key.startswith("mark:")
             and key.count(":") == 2]
    return {"expected_version": form.get("expected_version"), "attendance": marks,
            "marks": {f"{m['person_id']}:{m['half_day']}": m["status"] for m in marks}}


def _register_context(activity_id, **_):
    q = (request.values.get("q") or "").strip()
    return {**_activity(activity_id), "q": q,
            "found": queries.find_people(_engine(), q, per_page=50) if q else None}


def _registered_message(result) -> str:
    waitlisted = sum(1 for r in result["registrations"] if r["status"] == "waitlisted")
    done = len(result["registrations"]) - waitlisted
    if waitlisted and not done:
        return gettext("The activity is full: waitlisted.")
    if waitlisted:
        return gettext("%(done)s registered, %(waiting)s waitlisted.", done=done,
                       waiting=waitlisted)
    return gettext("Registered.")


def _register_values(form, schema):
    return {"person_ids": [p for p in form.getlist("person_ids") if p.strip()],
            "expected_version": form.get("expected_version")}


def _registration_context(activity_id, registration_id, **_):
    context = _activity(activity_id)
    registration = next((r for r in context["activity"]["registrations"]
                         if r["id"] == registration_id), None)
    if registration is None:
        raise NotFound("registration", registration_id)
    return {**context, "registration": registration}


def _confirm(command, title, button, message, danger=False):
    return FormSpec(T + "confirm.html", _to_detail, message, _activity, _versioned,
                    extra={"command": command, "title": title, "button": button,
                           "danger": danger})


# -- the commands: one line each -----------------------------------------------------------

form_command(bp, "/new", "new", schemas.PlanActivity, handlers.plan_activity, W, FormSpec(
    T + "form.html", _to_detail, _l("The activity has been planned."),
    lambda **_: {"activity": None, **_choices()},
    lambda c: {"capacity": None}, values=_activity_values))
form_command(bp, "/<activity_id>/edit", "edit", schemas.CorrectActivity,
             handlers.correct_activity, W, FormSpec(
                 T + "form.html", _to_detail, _l("The changes have been saved."),
                 lambda activity_id: {**_activity(activity_id), **_choices()},
                 lambda c: {**c["activity"], "expected_version": c["activity"]["version"]},
                 values=_activity_values))
form_command(bp, "/<activity_id>/open", "open", schemas.Transition, handlers.open_registration,
             W, _confirm("open", _l("Open for registration?"), _l("Yes, open"),
                         _l("The activity is open for registration.")))
form_command(bp, "/<activity_id>/hold", "hold", schemas.Transition, handlers.mark_held, W,
             _confirm("hold", _l("Mark as held?"), _l("Yes, it was held"),
                      _l("The activity is marked as held.")))
form_command(bp, "/<activity_id>/close", "close", schemas.Transition, handlers.close, W,
             _confirm("close", _l("Close the activity?"), _l("Yes, close"),
                      _l("The activity is closed.")))
form_command(bp, "/<activity_id>/cancel", "cancel", schemas.Cancel, handlers.cancel, W,
             _confirm("cancel", _l("Cancel the activity?"), _l("Yes, cancel the activity"),
                      _l("The activity has been cancelled."), danger=True))
form_command(bp, "/<activity_id>/sessions/new", "new_session", schemas.ScheduleSession,
             handlers.schedule_session, W, FormSpec(
                 T + "session_form.html", _to_detail, _l("The session has been scheduled."),
                 _activity, lambda c: {**_versioned(c), "date": dt.date.today().isoformat(),
                                       "start": "09:00", "end": "12:30"}))
form_command(bp, "/<activity_id>/registrations/new", "register", schemas.Register,
             handlers.register, W, FormSpec(
                 T + "register.html", _to_detail, _registered_message, _register_context,
                 _versioned, values=_register_values))
form_command(bp, "/<activity_id>/registrations/<registration_id>/cancel", "cancel_registration",
             schemas.CancelRegistration, handlers.cancel_registration, W, FormSpec(
                 T + "cancel_registration.html", _to_detail,
                 _l("The registration has been cancelled."), _registration_context, _versioned))
form_command(bp, "/<activity_id>/sessions/<session_id>/attendance", "attendance",
             schemas.RecordAttendance, handlers.record_attendance, W, FormSpec(
                 T + "attendance.html", _to_detail, _l("The attendance has been recorded."),
                 session_context, _attendance_initial, values=_attendance_values))
