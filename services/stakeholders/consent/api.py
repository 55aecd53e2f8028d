"""Consent in the JSON API: the current state and timeline, and the two commands."""
from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from shared.access.roles import PEOPLE_READ, PEOPLE_WRITE
from shared.web.access import requires
from shared.web.commands import api_command
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine

from .. import queries as people_queries
from . import handlers, queries, schemas

blp = Blueprint("consent_api", __name__, url_prefix="/api/v1",
                description="Consent per purpose: given or withdrawn, when, how, by whom.")


@blp.route("/people/<person_id>/consents")
@requires(PEOPLE_READ)
@blp.response(200, schemas.Consents)
@blp.alt_response(404, schema=ErrorSchema)
def consents(person_id):
    """A person's current consent per purpose (given, withdrawn, never) and its history."""
    people_queries.get_person(_engine(), person_id)
    return {"current": queries.current_consents(_engine(), person_id),
            "history": queries.consent_history(current_app.extensions["argan"]["store"],
                                               person_id)}


api_command(blp, "/people/<person_id>/consents/give", schemas.GiveConsent,
            handlers.give_consent, PEOPLE_WRITE, endpoint="give",
            doc="Record that a person gave their consent for a purpose (you are the recorder).")
api_command(blp, "/people/<person_id>/consents/withdraw", schemas.WithdrawConsent,
            handlers.withdraw_consent, PEOPLE_WRITE,
            endpoint="withdraw", doc="Record that a person withdrew their consent for a purpose.")
