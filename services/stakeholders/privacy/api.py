"""The JSON API of the privacy desk: the erasure register, the right of access (JSON and
PDF), the people proposed for erasure. Admins only (PRIVACY_MANAGE)."""
from __future__ import annotations

from flask import Response, jsonify
from flask_smorest import Blueprint

from shared.access.roles import PRIVACY_MANAGE
from shared.privacy.access import access_blueprint
from shared.web.access import requires
from shared.web.errors import ErrorSchema
from shared.web.schemas import ListArgs
from shared.web.wiring import engine as _engine

from . import queries, schemas, service
from .personal_data import gather_own

blp = Blueprint("privacy_api", __name__, url_prefix="/api/v1",
                description="Privacy: erasures and their confirmations, right of access, "
                            "retention.")
# stakeholders' own part of the right of access, as every service serves its own
own_part = access_blueprint("stakeholders", gather_own)


@blp.route("/privacy/erasures")
@requires(PRIVACY_MANAGE)
@blp.arguments(ListArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.ErasurePage)
def erasures(page, per_page):
    """Erasures, newest first, with the time each service confirmed (null: pending)."""
    return queries.list_erasures(_engine(), page=page, per_page=per_page)


@blp.route("/privacy/erasures/<person_id>")
@requires(PRIVACY_MANAGE)
@blp.response(200, schemas.Erasure)
@blp.alt_response(404, schema=ErrorSchema)
def erasure(person_id):
    """The erasure of a person and each service's confirmation."""
    return queries.get_erasure(_engine(), person_id)


@blp.route("/privacy/retention")
@requires(PRIVACY_MANAGE)
@blp.arguments(schemas.RetentionArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.RetentionPage)
def retention(**args):
    """People without activity for the retention period, proposed for erasure (nothing is
    erased automatically)."""
    return service.retention(**args)


@blp.route("/people/<person_id>/personal-data.json")
@requires(PRIVACY_MANAGE)
@blp.alt_response(200, description="{person_id, name, generated_at, services: [{service, "
                                   "title, status, error?, sections: [{title, rows}]}]}")
@blp.alt_response(404, schema=ErrorSchema)
def personal_data_json(person_id):
    """Everything the services hold about the person (right of access), as JSON; a service
    that cannot be reached is marked `unreachable`."""
    # a file to keep (the button downloads it, as the PDF), not a page of raw JSON
    response = jsonify(service.personal_data(person_id))
    response.headers["Content-Disposition"] = (
        f'attachment; filename="donnees-personnelles-{person_id}.json"')
    return response


@blp.route("/people/<person_id>/personal-data.pdf")
@requires(PRIVACY_MANAGE)
@blp.alt_response(200, description="The right-of-access document, in French",
                  content_type="application/pdf")
@blp.alt_response(404, schema=ErrorSchema)
def personal_data_pdf(person_id):
    """The same document as a readable PDF, in French."""
    pdf = service.personal_data_pdf(service.personal_data(person_id))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="donnees-personnelles-{person_id}.pdf"'})
