"""Consent in the JSON API: the current state and timeline, and the two commands."""
from __future__ import annotations

from flask import current_app, g
from flask_smorest import Blueprint

from shared.access.roles import PEOPLE_READ, PEOPLE_WRITE
from shared.web.access import requires
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine

from .. import queries as people_queries
from ..schemas import Saved
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


@blp.route("/people/<person_id>/consents/give", methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(schemas.GiveConsent)
@blp.response(200, Saved)
@blp.alt_response(409, schema=ErrorSchema, description="Stale expected_version")
@blp.alt_response(422, schema=ErrorSchema)
def give(command, person_id):
    """Record that a person gave their consent for a purpose (you are the recorder)."""
    expected = command.pop("expected_version")
    person = handlers.give_consent(g.uow, person_id, expected, **command)
    return {"id": person.id, "version": person.version}


@blp.route("/people/<person_id>/consents/withdraw", methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(schemas.WithdrawConsent)
@blp.response(200, Saved)
@blp.alt_response(409, schema=ErrorSchema, description="Stale expected_version")
@blp.alt_response(422, schema=ErrorSchema)
def withdraw(command, person_id):
    """Record that a person withdrew their consent for a purpose."""
    expected = command.pop("expected_version")
    person = handlers.withdraw_consent(g.uow, person_id, expected, **command)
    return {"id": person.id, "version": person.version}
