"""The page of the upload command: its schema, its handler, its template, one line."""
from __future__ import annotations

from flask import Blueprint, request, url_for
from flask_babel import lazy_gettext as _l

from shared.access.roles import ACTIVITIES_WRITE
from shared.eventstore import NotFound
from shared.web.commands import FormSpec, form_command
from shared.web.wiring import engine as _engine, store as _store

from ..queries import get_activity
from . import handlers, queries, schemas

bp = Blueprint("activity_sheets", __name__)


def _context(activity_id, session_id, **_):
    activity = get_activity(_engine(), _store(), activity_id)
    session = next((s for s in activity["sessions"] if s["id"] == session_id), None)
    if session is None:
        raise NotFound("session", session_id)
    return {"activity": activity, "session": session,
            "scans": queries.signed_sheets_of(_engine(), activity_id).get(session_id, [])}


def _values(form, schema) -> dict:
    return {"file": request.files.get("file")}


def _to_detail(result, activity_id, **_) -> str:
    return url_for("activities.detail", activity_id=activity_id) + "#sessions"


form_command(bp, "/<activity_id>/sessions/<session_id>/signed-sheets/new", "upload",
             schemas.UploadSignedSheet, handlers.upload_signed_sheet, ACTIVITIES_WRITE,
             FormSpec("activities/sheets/upload.html", _to_detail,
                      _l("The signed sheet has been attached to the session."), _context,
                      values=_values))


@bp.app_context_processor
def _scans():
    """The activity's page lists each session's scans (read when the page asks)."""
    return {"signed_sheets_of": lambda activity_id: queries.signed_sheets_of(_engine(),
                                                                              activity_id)}
