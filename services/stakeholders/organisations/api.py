"""The JSON API of organisations, affiliations and interactions: parse -> handler or query ->
respond. No business rules here. Interactions (their notes) need PEOPLE_NOTES."""
from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from shared.access.roles import PEOPLE_NOTES, PEOPLE_READ, PEOPLE_WRITE
from shared.eventstore import NotFound
from shared.web.access import requires
from shared.web.commands import api_command, positional, result_of
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine

from .. import queries as people_queries
from .. import territories
from ..schemas import HistoryEntry
from . import handlers, queries, schemas

blp = Blueprint("organisations_api", __name__, url_prefix="/api/v1",
                description="Organisations, affiliations of people to them, and interactions "
                            "with people and organisations.")


# -- organisations -----------------------------------------------------------------------

@blp.route("/organisations")
@requires(PEOPLE_READ)
@blp.arguments(schemas.OrganisationListArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.OrganisationPage)
def list_organisations(**filters):
    """List organisations (search by name, filter by kind, territory, programme; sort;
    paginate)."""
    return queries.list_organisations(_engine(), **filters)


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


# -- affiliations ------------------------------------------------------------------------

@blp.route("/organisations/<organisation_id>/affiliations")
@requires(PEOPLE_READ)
@blp.response(200, schemas.AffiliationOut(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def organisation_affiliations(organisation_id):
    """The people of an organisation, with their roles and dates (current ones first)."""
    queries.get_organisation(_engine(), organisation_id)
    return queries.affiliations_of(_engine(), organisation_id=organisation_id)


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


@blp.route("/organisations/<organisation_id>/interactions")
@requires(PEOPLE_NOTES)
@blp.response(200, schemas.InteractionOut(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def organisation_interactions(organisation_id):
    """Meetings, calls, visits and representations with an organisation, newest first."""
    return _interactions("organisation", organisation_id)


@blp.route("/people/<person_id>/interactions")
@requires(PEOPLE_NOTES)
@blp.response(200, schemas.InteractionOut(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def person_interactions(person_id):
    """Meetings, calls, visits and representations with a person, newest first."""
    return _interactions("person", person_id)


# -- the commands ----------------------------------------------------------------------

ORG, AFF = "/organisations/<organisation_id>", "/affiliations/<affiliation_id>"
W, NOTES = PEOPLE_WRITE, PEOPLE_NOTES
api_command(blp, "/organisations", schemas.RegisterOrganisation,
            positional(handlers.register_organisation, "**"), W, status=201,
            doc="Register an organisation.")
api_command(blp, ORG + "/correct", schemas.CorrectOrganisation,
            positional(handlers.correct_organisation, "organisation_id expected_version **"),
            W,
            doc="Correct an organisation's details: send only the fields that change.")
api_command(blp, ORG + "/archive", schemas.ArchiveOrganisation,
            positional(handlers.archive_organisation, "organisation_id expected_version reason"),
            W, doc="Archive an organisation; nothing can be changed afterwards.")
api_command(blp, ORG + "/affiliations", schemas.AddAffiliation, positional(
    handlers.add_affiliation, "organisation_id expected_version person_id role start end"),
            W, status=201, response=schemas.AffiliationSaved,
            answer=lambda done: {**result_of(done[0]), "affiliation_id": done[1]},
            doc="Affiliate a person to the organisation with a role, from a date (optionally "
                "until one).")
api_command(blp, ORG + AFF + "/end", schemas.EndAffiliation, positional(
    handlers.end_affiliation, "organisation_id expected_version affiliation_id end"),
            W, doc="End an affiliation on a date.")
api_command(blp, ORG + AFF + "/remove", schemas.RemoveAffiliation, positional(
    handlers.remove_affiliation, "organisation_id expected_version affiliation_id reason"),
            W, doc="Remove an affiliation recorded by mistake (the "
                                   "organisation's history keeps it).")
api_command(blp, ORG + "/interactions", schemas.RecordInteraction,
            lambda uow, organisation_id, **command: handlers.record_interaction(
                uow, "organisation", organisation_id, command),
            NOTES, status=201, endpoint="record_organisation_interaction",
            doc="Record an interaction with an organisation (its author: the caller).")
api_command(blp, "/people/<person_id>/interactions", schemas.RecordInteraction,
            lambda uow, person_id, **command: handlers.record_interaction(
                uow, "person", person_id, command),
            NOTES, status=201, endpoint="record_person_interaction",
            doc="Record an interaction with a person (its author: the caller).")
api_command(blp, "/interactions/<interaction_id>/remove", schemas.RemoveInteraction,
            positional(handlers.remove_interaction, "interaction_id reason"), NOTES, doc="Remove an interaction recorded by mistake.")


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
