"""The follow-up's pages: the follow-ups due and overdue, and one form per command."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from shared.access.roles import MISSIONS_FOLLOW_UP, MISSIONS_WRITE
from shared.eventstore import NotFound
from shared.web.access import requires
from shared.web.auth import current_staff
from shared.web.commands import FormSpec, form_command, form_values
from shared.web.wiring import engine as _engine, store as _store

from .. import queries as mission_queries
from ..pages import mission_context, to_detail
from . import handlers, queries, schemas

bp = Blueprint("missions_follow_ups", __name__)
T = "missions/follow_ups/"
F = MISSIONS_FOLLOW_UP


@bp.get("/follow-ups/due")
@requires(F)
def follow_ups_due():
    """Mine by default (the signed-in referent); everyone's with ?referent=all."""
    raw = request.args.to_dict()
    try:
        args = schemas.DueArgs().load(raw)
    except ValidationError:
        args = {"on": None, "referent": None}
    staff = current_staff()
    referent = None if raw.get("referent") == "all" else args["referent"] or staff.id
    due = queries.due(_engine(), _store(), on=args["on"] or dt.date.today(), referent=referent)
    return render_template(T + "due.html", due=due, referent=referent,
                           referents=mission_queries.referents(_engine()))


def _with_today(name):
    return lambda c: {"expected_version": c["mission"]["version"],
                      name: dt.date.today().isoformat()}


def _lists(commas=(), lines=()):
    """Lists typed in one box: names separated by commas, sentences one a line."""
    def values(form, schema):
        data = form_values(form, schema, split=commas)
        for name in lines:
            data[name] = [line.strip() for value in form.getlist(name)
                          for line in value.splitlines() if line.strip()]
        return data
    return values


def _incident(mission_id, incident_id, **_):
    context = mission_context(mission_id)
    mission, _ = mission_queries.load(_store(), mission_id)
    incident = mission.incidents.get(incident_id)
    if incident is None:
        raise NotFound("incident", incident_id)
    return {**context, "incident": incident}


def _form(template, message, initial, values=form_values, context=mission_context):
    return FormSpec(T + template, to_detail, message, context, initial, values=values)


form_command(bp, "/<mission_id>/follow-ups/new", "record_follow_up", schemas.RecordFollowUp,
             handlers.record_follow_up, F, _form(
                 "follow_up_form.html", _l("The meeting has been recorded."),
                 _with_today("date"), _lists(commas=("participants",), lines=("issues",))))
form_command(bp, "/<mission_id>/incidents/new", "report_incident", schemas.ReportIncident,
             handlers.report_incident, F, _form(
                 "incident_form.html", _l("The incident has been reported."),
                 _with_today("reported_on")))
form_command(bp, "/<mission_id>/incidents/<incident_id>/resolve", "resolve_incident",
             schemas.ResolveIncident, handlers.resolve_incident, F, _form(
                 "resolve_form.html", _l("The incident is resolved."),
                 _with_today("resolved_on"), context=_incident))
form_command(bp, "/<mission_id>/trainings/new", "record_training", schemas.RecordTraining,
             handlers.record_training, MISSIONS_WRITE, _form(
                 "training_form.html", _l("The training has been recorded."),
                 _with_today("start")))
form_command(bp, "/<mission_id>/review", "review", schemas.ReviewMission,
             handlers.review_mission, MISSIONS_WRITE, _form(
                 "review_form.html", _l("The end-of-mission review has been saved."),
                 lambda c: {"expected_version": c["mission"]["version"],
                            **(c["mission"]["review"] or {})}, _lists(lines=("skills_gained",))))
