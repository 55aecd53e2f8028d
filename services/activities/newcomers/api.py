"""Newcomers in the JSON API: one line of wiring each."""
from __future__ import annotations

from flask_smorest import Blueprint

from shared.access.roles import ACTIVITIES_WRITE
from shared.web.commands import api_command

from . import handlers, schemas

blp = Blueprint("activity_newcomers_api", __name__, url_prefix="/api/v1",
                description="Activities: people not yet known, walk-ins.")
ITEM = "/activities/<activity_id>"

api_command(blp, ITEM + "/registrations/new-person", schemas.RegisterNewPerson,
            handlers.register_new_person, ACTIVITIES_WRITE, status=201,
            response=schemas.Registered)
api_command(blp, ITEM + "/sessions/<session_id>/walk-ins", schemas.WalkIn,
            handlers.add_walk_in, ACTIVITIES_WRITE, status=201, response=schemas.WalkInAdded)
