"""Group registration in the JSON API: one line of wiring."""
from __future__ import annotations

from flask_smorest import Blueprint

from shared.access.roles import ACTIVITIES_READ, ACTIVITIES_WRITE
from shared.web.access import requires
from shared.web.commands import api_command
from shared.web.wiring import engine as _engine

from . import handlers, queries, schemas

blp = Blueprint("activity_groups_api", __name__, url_prefix="/api/v1",
                description="Activities: registering a whole group at once.")


@blp.route("/organisations")
@requires(ACTIVITIES_READ)
@blp.response(200, schemas.OrganisationOut(many=True))
def organisations():
    """The organisations with current members known here (a group to register)."""
    return queries.organisations_with_members(_engine())


api_command(blp, "/activities/<activity_id>/registrations/group", schemas.RegisterGroup,
            handlers.register_group, ACTIVITIES_WRITE, status=201,
            response=schemas.GroupRegistered)
