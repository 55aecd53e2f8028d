"""Certificates in the JSON API: one participant's, or everyone's in one PDF."""
from __future__ import annotations

import io

from flask import send_file
from flask_smorest import Blueprint

from shared.access.roles import ACTIVITIES_READ
from shared.eventstore import NotFound
from shared.web.access import requires
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine, store as _store

from . import queries
from .printing import certificates_pdf

blp = Blueprint("activity_certificates_api", __name__, url_prefix="/api/v1",
                description="Attendance certificates (attestations de présence), as PDF.")
ITEM = "/activities/<activity_id>"


def _pdf(statements: list[dict], name: str):
    return send_file(io.BytesIO(certificates_pdf(statements)), mimetype="application/pdf", download_name=name)


@blp.route(ITEM + "/certificates/<person_id>.pdf")
@requires(ACTIVITIES_READ)
@blp.alt_response(200, description="The certificate (application/pdf)")
@blp.alt_response(404, schema=ErrorSchema, description="No such activity, or the person "
                  "attended none of its half-days")
def certificate(activity_id, person_id):
    """The attendance certificate of a participant, with the hours attended."""
    statement = queries.certificate(_engine(), _store(), activity_id, person_id)
    return _pdf([statement], f"attestation-{person_id}.pdf")


@blp.route(ITEM + "/certificates.pdf")
@requires(ACTIVITIES_READ)
@blp.alt_response(200, description="Every participant's certificate, one page each")
@blp.alt_response(404, schema=ErrorSchema, description="No such activity, or no one attended")
def all_certificates(activity_id):
    """Every participant's attendance certificate in one PDF (one page each)."""
    statements = queries.certificates(_engine(), _store(), activity_id)
    if not statements:
        raise NotFound("certificate", activity_id)
    return _pdf(statements, f"attestations-{activity_id}.pdf")
