"""The web pages: queries render, commands go through shared.web.commands (their schema,
their handler, their template and one line of wiring each)."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext, lazy_gettext as _l
from marshmallow import ValidationError

from shared.access.roles import MISSIONS_FOLLOW_UP, MISSIONS_READ, MISSIONS_WRITE
from shared.web.access import requires
from shared.web.auth import current_staff
from shared.web.commands import FormSpec, form_command
from shared.web.wiring import engine as _engine, store as _store

from . import handlers, labels, queries, schemas
from .follow_ups.queries import follow_up_of

bp = Blueprint("missions", __name__)
T = "missions/"
W = MISSIONS_WRITE


@bp.app_context_processor
def _context():
    return {"labels": labels, "may_write": lambda: _may(MISSIONS_WRITE),
            "may_follow": lambda: _may(MISSIONS_FOLLOW_UP)}


def _may(permission: str) -> bool:
    staff = current_staff()
    return bool(staff and staff.may(permission))


@bp.get("/")
@requires(MISSIONS_READ)
def index():
    raw = request.args.to_dict()
    try:
        args = schemas.MissionListArgs().load(raw)
    except ValidationError as exc:
        flash(gettext("Some filters were not understood and were ignored."), "warning")
        args = schemas.MissionListArgs().load({k: v for k, v in raw.items()
                                               if k not in exc.messages})
    page = queries.list_missions(_engine(), **args)

    def page_url(number: int) -> str:
        return url_for("missions.index", **{**raw, "page": number})

    filtered = any(args.get(k) for k in ("q", "status", "direction", "scheme", "office",
                                         "programme", "host_id", "volunteer_id", "referent"))
    return render_template(T + "list.html", page=page, args=args, page_url=page_url,
                           filtered=filtered)


@bp.get("/<mission_id>")
@requires(MISSIONS_READ)
def detail(mission_id):
    mission, _ = queries.load(_store(), mission_id)
    return render_template(T + "detail.html", mission=queries.mission_view(_engine(), mission),
                           follow=detail_follow_up(mission),
                           history=queries.history(_engine(), _store(), mission_id,
                                                   case_notes=_may(MISSIONS_FOLLOW_UP)))


def detail_follow_up(mission):
    """The follow-up sections of the page, for programme staff only (case notes)."""
    if not _may(MISSIONS_FOLLOW_UP):
        return None
    return follow_up_of(mission, dt.date.today())


# -- what the command forms show -----------------------------------------------------------

def mission_context(mission_id, **_):
    return {"mission": queries.get_mission(_engine(), _store(), mission_id)}


def _versioned(context) -> dict:
    return {"expected_version": context["mission"]["version"]}


def to_detail(result, mission_id=None, **_) -> str:
    return url_for("missions.detail", mission_id=mission_id or result.id)


def _choices(**_):
    """(value, label) of the people, hosts (with their approval) and referents to pick, and
    the programmes reporting has defined."""
    engine = _engine()
    return {"programmes": list(queries.known_programmes(engine).values()),
            "people": [(p["id"], p["name"]) for p in
                       queries.find_people(engine, None, per_page=1000)["items"]],
            "hosts": [(h["id"], _host_label(h)) for h in queries.hosts(engine)],
            "referents": [(r["id"], r["name"]) for r in queries.referents(engine)]}


def _host_label(host: dict) -> str:
    if not host["approval_number"]:
        return host["name"]
    return gettext("%(name)s — approval %(number)s, %(places)s places", name=host["name"],
                   number=host["approval_number"], places=host["capacity"] or "∞")


def _today(name):
    return lambda c: {**_versioned(c), name: dt.date.today().isoformat()}


def _confirm(command, title, button, message, initial=_versioned, danger=False):
    return FormSpec(T + "confirm.html", to_detail, message, mission_context, initial,
                    extra={"command": command, "title": title, "button": button,
                           "danger": danger})


# -- the commands: one line each -----------------------------------------------------------

form_command(bp, "/new", "new", schemas.DraftMission, handlers.draft_mission, W, FormSpec(
    T + "form.html", to_detail, _l("The mission has been drafted."),
    lambda **_: {"mission": None, **_choices()},
    lambda c: {"scheme": "civic_service", "weekly_hours": 24}))
form_command(bp, "/<mission_id>/edit", "edit", schemas.CorrectMission, handlers.correct_mission,
             W, FormSpec(T + "form.html", to_detail, _l("The changes have been saved."),
                         lambda mission_id: {**mission_context(mission_id), **_choices()},
                         lambda c: {**c["mission"], "expected_version": c["mission"]["version"]}))
form_command(bp, "/<mission_id>/propose", "propose", schemas.Transition, handlers.propose, W,
             _confirm("propose", _l("Propose the mission?"), _l("Yes, propose it"),
                      _l("The mission is proposed.")))
form_command(bp, "/<mission_id>/agree", "agree", schemas.Transition, handlers.agree, W,
             _confirm("agree", _l("Is the agreement signed?"), _l("Yes, it is signed"),
                      _l("The mission is agreed.")))
form_command(bp, "/<mission_id>/start", "start", schemas.Start, handlers.start, W,
             _confirm("start", _l("Start the mission"), _l("Record the start"),
                      _l("The mission is under way."), _today("started_on")))
form_command(bp, "/<mission_id>/complete", "complete", schemas.Complete, handlers.complete, W,
             _confirm("complete", _l("Complete the mission"), _l("Record the end"),
                      _l("The mission is completed."), _today("completed_on")))
form_command(bp, "/<mission_id>/interrupt", "interrupt", schemas.Interrupt, handlers.interrupt,
             W, _confirm("interrupt", _l("Interrupt the mission"), _l("Interrupt"),
                         _l("The mission has been interrupted."), _today("interrupted_on"),
                         danger=True))
form_command(bp, "/<mission_id>/cancel", "cancel", schemas.Cancel, handlers.cancel, W,
             _confirm("cancel", _l("Cancel the mission?"), _l("Yes, cancel the mission"),
                      _l("The mission has been cancelled."), danger=True))
form_command(bp, "/<mission_id>/extend", "extend", schemas.Extend, handlers.extend, W,
             _confirm("extend", _l("Extend the mission"), _l("Extend"),
                      _l("The mission has been extended."),
                      lambda c: {**_versioned(c), "planned_end": c["mission"]["planned_end"]}))
