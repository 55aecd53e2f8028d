"""The group registration form: an organisation's members or a segment (the people picked
one by one are the registration page's)."""
from __future__ import annotations

from flask import Blueprint, g, url_for
from flask_babel import gettext

from shared.access.roles import ACTIVITIES_WRITE
from shared.web.commands import FormSpec, form_command
from shared.web.wiring import engine as _engine, store as _store

from .. import queries as activity_queries
from ..directory import DirectoryError
from . import handlers, queries, schemas

bp = Blueprint("activity_groups", __name__)


def _context(activity_id, **_):
    try:
        segments, unreachable = g.uow.directory.segments(), False
    except DirectoryError:
        segments, unreachable = [], True
    return {"activity": activity_queries.get_activity(_engine(), _store(), activity_id),
            "organisations": queries.organisations_with_members(_engine()),
            "segments": segments, "segments_unreachable": unreachable}


def _message(result) -> str:
    waiting = sum(1 for r in result["registrations"] if r["status"] == "waitlisted")
    message = gettext("%(done)s registered, %(waiting)s waitlisted.",
                      done=len(result["registrations"]) - waiting, waiting=waiting)
    if result["skipped"]:
        names = activity_queries.people_by_id(_engine(), result["skipped"])
        message += " " + gettext("Already registered or waitlisted, skipped: %(names)s.", names=", ".join(
            (names.get(p) or {}).get("name") or p for p in result["skipped"]))
    return message


form_command(bp, "/<activity_id>/registrations/group", "register_group",
             schemas.RegisterGroup, handlers.register_group, ACTIVITIES_WRITE, FormSpec(
                 "activities/register_group.html",
                 lambda result, activity_id: url_for("activities.detail",
                                                     activity_id=activity_id),
                 _message, _context,
                 lambda c: {"expected_version": c["activity"]["version"]}))
