"""Erasure in the JSON API: one command, for administrators only (PRIVACY_MANAGE)."""
from __future__ import annotations

from flask_smorest import Blueprint

from shared.access.roles import PRIVACY_MANAGE
from shared.web.commands import api_command, positional

from . import handlers, schemas

blp = Blueprint("erasure_api", __name__, url_prefix="/api/v1",
                description="Erasure of a person (right to be forgotten).")

api_command(blp, "/people/<person_id>/erase", schemas.ErasePerson,
            positional(handlers.erase_person, "person_id expected_version reason"),
            PRIVACY_MANAGE, doc="Erase a person: their names, contact points and notes are "
            "destroyed in every service (person.erased); this cannot be undone. Their facts "
            "(attendance, missions) stay, anonymous.")
