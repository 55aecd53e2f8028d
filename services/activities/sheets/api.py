"""Sign-in sheets in the JSON API: the printable PDF of a session, its attached scans."""
from __future__ import annotations

import io

from flask import send_file
from flask_smorest import Blueprint

from shared.access.roles import ACTIVITIES_READ
from shared.web.access import requires
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine, store as _store

from ..queries import load
from . import queries, schemas
from .printing import sheet_pdf

blp = Blueprint("activity_sheets_api", __name__, url_prefix="/api/v1",
                description="Sign-in sheets: the printable PDF of a session, the signed scans.")
SESSION = "/activities/<activity_id>/sessions/<session_id>"


@blp.route(SESSION + "/sign-in-sheet.pdf")
@requires(ACTIVITIES_READ)
@blp.alt_response(200, description="The sign-in sheet (application/pdf)")
@blp.alt_response(404, schema=ErrorSchema)
def sign_in_sheet(activity_id, session_id):
    """The sign-in sheet (feuille d'émargement) of a session, to print: one line per
    registered person with a signature cell per half-day, blank lines for walk-ins."""
    sheet = queries.sign_in_sheet(_engine(), _store(), activity_id, session_id)
    return send_file(io.BytesIO(sheet_pdf(sheet)), mimetype="application/pdf",
                     download_name=f"emargement-{sheet['date'].isoformat()}.pdf")


@blp.route(SESSION + "/signed-sheets")
@requires(ACTIVITIES_READ)
@blp.response(200, schemas.SignedSheetOut(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def signed_sheets(activity_id, session_id):
    """The scans of the signed sheet attached to a session, oldest first."""
    activity, _ = load(_store(), activity_id)
    queries.session_of(activity, session_id)
    return queries.signed_sheets_of(_engine(), activity_id).get(session_id, [])


@blp.route(SESSION + "/signed-sheets/<file_id>")
@requires(ACTIVITIES_READ)
@blp.alt_response(200, description="The scan as it was attached (PDF, JPEG or PNG)")
@blp.alt_response(404, schema=ErrorSchema)
def signed_sheet(activity_id, session_id, file_id):
    """One attached scan, as a download."""
    row = queries.signed_sheet(_engine(), activity_id, session_id, file_id)
    return send_file(io.BytesIO(row["content"]), mimetype=row["content_type"],
                     as_attachment=True, download_name=row["name"])
