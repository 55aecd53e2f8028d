"""The JSON API: parse -> handler or query -> respond. No business rules here; every
command is one line of wiring (shared.web.commands)."""
from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from shared.access.roles import PEOPLE_READ, PEOPLE_WRITE
from shared.web.access import requires
from shared.web.commands import api_command, positional
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine

from . import handlers, queries, schemas

blp = Blueprint("people_api", __name__, url_prefix="/api/v1",
                description="People: registration, corrections, archiving.")
ITEM, W = "/people/<person_id>", PEOPLE_WRITE


@blp.route("/people")
@requires(PEOPLE_READ)
@blp.arguments(schemas.PersonListArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.PersonPage)
def list_people(**filters):
    """List people (search by name or email, filter, sort, paginate)."""
    return queries.list_people(_engine(), **filters)


@blp.route("/people/<person_id>")
@requires(PEOPLE_READ)
@blp.response(200, schemas.Person)
@blp.alt_response(404, schema=ErrorSchema)
def get_person(person_id):
    """A person, with the version to send back with a command."""
    return queries.get_person(_engine(), person_id)


@blp.route("/people/<person_id>/history")
@requires(PEOPLE_READ)
@blp.response(200, schemas.HistoryEntry(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def person_history(person_id):
    """Every change of a person, newest first, with who made it."""
    return queries.person_history(current_app.extensions["argan"]["store"], person_id)


api_command(blp, "/people", schemas.RegisterPerson, positional(handlers.register_person, "**"),
            W, status=201, doc="Register a person.")
api_command(blp, ITEM + "/correct", schemas.CorrectPerson,
            positional(handlers.correct_person, "person_id expected_version **"), W,
            doc="Correct a person's details: send only the fields that change.")
api_command(blp, ITEM + "/archive", schemas.ArchivePerson,
            positional(handlers.archive_person, "person_id expected_version reason"), W,
            doc="Archive a person; nothing can be changed afterwards.")
