"""The right of access, as each service serves its part of it.

`GET /<service>/api/v1/privacy/people/<person_id>` answers everything this service holds
about the person, as sections a person can read:

    {"service": "activities", "person_id": "...",
     "sections": [{"title": "Inscriptions", "rows": [{"Activité": "...", ...}, ...]}, ...]}

Titles and column names are in French (the export is written for the person, DOMAIN.md).
Stakeholders gathers every service's answer into one PDF and one JSON document, calling
each with the admin's own credentials: the route asks for PRIVACY_MANAGE like any other.
"""
from __future__ import annotations

from typing import Any, Callable

from flask_smorest import Blueprint
from sqlalchemy import Connection

from shared.access.roles import PRIVACY_MANAGE
from shared.web.access import requires
from shared.web.wiring import engine as _engine

Section = dict[str, Any]  # {"title": str, "rows": [dict[str, Any]]}
Gather = Callable[[Connection, str], list[Section]]


def access_blueprint(service: str, gather: Gather) -> Blueprint:
    """The service's right-of-access route; `gather(conn, person_id)` lists its sections
    (an empty list when it holds nothing about the person)."""
    blp = Blueprint(f"{service}_privacy_api", __name__, url_prefix="/api/v1",
                    description="What this service holds about a person (right of access).")

    @blp.route("/privacy/people/<person_id>")
    @requires(PRIVACY_MANAGE)
    @blp.alt_response(200, description="{service, person_id, sections: [{title, rows}]}")
    def personal_data(person_id):
        """Everything this service holds about the person, for the right of access."""
        with _engine().connect() as conn:
            sections = [s for s in gather(conn, person_id) if s.get("rows")]
        return {"service": service, "person_id": person_id, "sections": sections}

    return blp
