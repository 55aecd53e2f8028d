"""The JSON API: parse -> handler or query -> respond. No business rules here."""
from __future__ import annotations

from flask import current_app, g
from flask_smorest import Blueprint

from shared.access.roles import PEOPLE_READ, PEOPLE_WRITE
from shared.web.access import requires
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine

from . import handlers, queries, schemas

blp = Blueprint("people_api", __name__, url_prefix="/api/v1",
                description="People: registration, corrections, archiving.")


@blp.route("/people")
@requires(PEOPLE_READ)
@blp.arguments(schemas.PersonListArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.PersonPage)
def list_people(**filters):
    """List people (search by name or email, filter, sort, paginate)."""
    return queries.list_people(_engine(), **filters)


@blp.route("/people", methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(schemas.RegisterPerson)
@blp.response(201, schemas.Saved)
@blp.alt_response(422, schema=ErrorSchema, description="Invalid input, named by field")
def register_person(command):
    """Register a person."""
    person = handlers.register_person(g.uow, command)
    return {"id": person.id, "version": person.version}


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


@blp.route("/people/<person_id>/correct", methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(schemas.CorrectPerson)
@blp.response(200, schemas.Saved)
@blp.alt_response(409, schema=ErrorSchema, description="Stale expected_version")
@blp.alt_response(422, schema=ErrorSchema)
def correct_person(command, person_id):
    """Correct a person's details: send only the fields that change."""
    expected = command.pop("expected_version")
    person = handlers.correct_person(g.uow, person_id, expected, command)
    return {"id": person.id, "version": person.version}


@blp.route("/people/<person_id>/archive", methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(schemas.ArchivePerson)
@blp.response(200, schemas.Saved)
@blp.alt_response(409, schema=ErrorSchema, description="Stale expected_version")
def archive_person(command, person_id):
    """Archive a person; nothing can be changed afterwards."""
    person = handlers.archive_person(g.uow, person_id, command["expected_version"],
                                     command.get("reason"))
    return {"id": person.id, "version": person.version}
