"""The JSON API of organisations, affiliations and interactions: parse -> handler or query ->
respond. No business rules here. Interactions (their notes) need PEOPLE_NOTES."""
from __future__ import annotations

from flask import current_app, g
from flask_smorest import Blueprint

from shared.access.roles import PEOPLE_NOTES, PEOPLE_READ, PEOPLE_WRITE
from shared.eventstore import NotFound
from shared.web.access import requires
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine

from .. import queries as people_queries
from .. import territories
from ..schemas import HistoryEntry, Saved
from . import handlers, queries, schemas

blp = Blueprint("organisations_api", __name__, url_prefix="/api/v1",
                description="Organisations, affiliations of people to them, and interactions "
                            "with people and organisations.")


def _saved(organisation) -> dict:
    return {"id": organisation.id, "version": organisation.version}


# -- organisations -----------------------------------------------------------------------

@blp.route("/organisations")
@requires(PEOPLE_READ)
@blp.arguments(schemas.OrganisationListArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.OrganisationPage)
def list_organisations(**filters):
    """List organisations (search by name, filter by kind, territory, programme; sort;
    paginate)."""
    return queries.list_organisations(_engine(), **filters)


@blp.route("/organisations", methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(schemas.RegisterOrganisation)
@blp.response(201, Saved)
@blp.alt_response(422, schema=ErrorSchema, description="Invalid input, named by field")
def register_organisation(command):
    """Register an organisation."""
    return _saved(handlers.register_organisation(g.uow, command))


@blp.route("/organisations/<organisation_id>")
@requires(PEOPLE_READ)
@blp.response(200, schemas.Organisation)
@blp.alt_response(404, schema=ErrorSchema)
def get_organisation(organisation_id):
    """An organisation, with the version to send back with a command."""
    return queries.get_organisation(_engine(), organisation_id)


@blp.route("/organisations/<organisation_id>/history")
@requires(PEOPLE_READ)
@blp.response(200, HistoryEntry(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def organisation_history(organisation_id):
    """Every change of an organisation (affiliations included), newest first."""
    return queries.organisation_history(current_app.extensions["argan"]["store"],
                                        organisation_id)


@blp.route("/organisations/<organisation_id>/correct", methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(schemas.CorrectOrganisation)
@blp.response(200, Saved)
@blp.alt_response(409, schema=ErrorSchema, description="Stale expected_version")
@blp.alt_response(422, schema=ErrorSchema)
def correct_organisation(command, organisation_id):
    """Correct an organisation's details: send only the fields that change."""
    expected = command.pop("expected_version")
    return _saved(handlers.correct_organisation(g.uow, organisation_id, expected, command))


@blp.route("/organisations/<organisation_id>/archive", methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(schemas.ArchiveOrganisation)
@blp.response(200, Saved)
@blp.alt_response(409, schema=ErrorSchema, description="Stale expected_version")
def archive_organisation(command, organisation_id):
    """Archive an organisation; nothing can be changed afterwards."""
    return _saved(handlers.archive_organisation(g.uow, organisation_id,
                                                command["expected_version"],
                                                command.get("reason")))


# -- affiliations ------------------------------------------------------------------------

@blp.route("/organisations/<organisation_id>/affiliations")
@requires(PEOPLE_READ)
@blp.response(200, schemas.AffiliationOut(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def organisation_affiliations(organisation_id):
    """The people of an organisation, with their roles and dates (current ones first)."""
    queries.get_organisation(_engine(), organisation_id)
    return queries.affiliations_of(_engine(), organisation_id=organisation_id)


@blp.route("/organisations/<organisation_id>/affiliations", methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(schemas.AddAffiliation)
@blp.response(201, schemas.AffiliationSaved)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Stale expected_version")
@blp.alt_response(422, schema=ErrorSchema)
def add_affiliation(command, organisation_id):
    """Affiliate a person to the organisation with a role, from a date (optionally until
    one)."""
    organisation, affiliation_id = handlers.add_affiliation(
        g.uow, organisation_id, command.get("expected_version"), command["person_id"],
        command["role"], command["start"], command.get("end"))
    return {**_saved(organisation), "affiliation_id": affiliation_id}


@blp.route("/organisations/<organisation_id>/affiliations/<affiliation_id>/end",
           methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(schemas.EndAffiliation)
@blp.response(200, Saved)
@blp.alt_response(409, schema=ErrorSchema, description="Stale expected_version")
@blp.alt_response(422, schema=ErrorSchema)
def end_affiliation(command, organisation_id, affiliation_id):
    """End an affiliation on a date."""
    return _saved(handlers.end_affiliation(g.uow, organisation_id,
                                           command.get("expected_version"), affiliation_id,
                                           command["end"]))


@blp.route("/organisations/<organisation_id>/affiliations/<affiliation_id>/remove",
           methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(schemas.RemoveAffiliation)
@blp.response(200, Saved)
@blp.alt_response(409, schema=ErrorSchema, description="Stale expected_version")
@blp.alt_response(422, schema=ErrorSchema)
def remove_affiliation(command, organisation_id, affiliation_id):
    """Remove an affiliation recorded by mistake (the organisation's history keeps it)."""
    return _saved(handlers.remove_affiliation(g.uow, organisation_id,
                                              command.get("expected_version"), affiliation_id,
                                              command.get("reason")))


@blp.route("/people/<person_id>/affiliations")
@requires(PEOPLE_READ)
@blp.response(200, schemas.AffiliationOut(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def person_affiliations(person_id):
    """The organisations of a person, with their roles and dates (current ones first)."""
    people_queries.get_person(_engine(), person_id)
    return queries.affiliations_of(_engine(), person_id=person_id)


# -- interactions (notes: PEOPLE_NOTES) ------------------------------------------------------

def _interactions(subject_type: str, subject_id: str):
    if not queries.subject_exists(_engine(), subject_type, subject_id):
        raise NotFound(subject_type, subject_id)
    return queries.interactions_with(_engine(), subject_type, subject_id)


def _record(subject_type: str, subject_id: str, command: dict):
    interaction = handlers.record_interaction(g.uow, subject_type, subject_id, command)
    return {"id": interaction.id, "version": interaction.version}


@blp.route("/organisations/<organisation_id>/interactions")
@requires(PEOPLE_NOTES)
@blp.response(200, schemas.InteractionOut(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def organisation_interactions(organisation_id):
    """Meetings, calls, visits and representations with an organisation, newest first."""
    return _interactions("organisation", organisation_id)


@blp.route("/organisations/<organisation_id>/interactions", methods=["POST"])
@requires(PEOPLE_NOTES)
@blp.arguments(schemas.RecordInteraction)
@blp.response(201, Saved)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema)
def record_organisation_interaction(command, organisation_id):
    """Record an interaction with an organisation (its author: the caller)."""
    return _record("organisation", organisation_id, command)


@blp.route("/people/<person_id>/interactions")
@requires(PEOPLE_NOTES)
@blp.response(200, schemas.InteractionOut(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def person_interactions(person_id):
    """Meetings, calls, visits and representations with a person, newest first."""
    return _interactions("person", person_id)


@blp.route("/people/<person_id>/interactions", methods=["POST"])
@requires(PEOPLE_NOTES)
@blp.arguments(schemas.RecordInteraction)
@blp.response(201, Saved)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema)
def record_person_interaction(command, person_id):
    """Record an interaction with a person (its author: the caller)."""
    return _record("person", person_id, command)


@blp.route("/interactions/<interaction_id>/remove", methods=["POST"])
@requires(PEOPLE_NOTES)
@blp.arguments(schemas.RemoveInteraction)
@blp.response(200, Saved)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema)
def remove_interaction(command, interaction_id):
    """Remove an interaction recorded by mistake."""
    interaction = handlers.remove_interaction(g.uow, interaction_id, command.get("reason"))
    return {"id": interaction.id, "version": interaction.version}


# -- reference data ----------------------------------------------------------------------

@blp.route("/territories")
@requires(PEOPLE_READ)
@blp.response(200, schemas.Territories(many=True))
def list_territories():
    """The regions and provinces or départements of France and Morocco, as the forms list
    them (Provence-Alpes-Côte d'Azur and Souss-Massa first): the values region and
    province accept for these countries."""
    return [{"country": code, "regions": [{"name": name, "subdivisions": [s for _, s in subs]}
                                          for name, subs in regions]}
            for code, regions in territories.COUNTRIES.items()]
