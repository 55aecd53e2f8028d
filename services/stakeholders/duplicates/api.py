"""The JSON API of duplicates: suggestions, merge, un-merge, dismissal."""
from __future__ import annotations

from flask import g
from flask_smorest import Blueprint

from shared.access.roles import PEOPLE_READ, PEOPLE_WRITE
from shared.web.access import requires
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine

from .. import queries
from . import handlers as merge_handlers, queries as duplicates, schemas

blp = Blueprint("duplicates_api", __name__, url_prefix="/api/v1",
                description="Duplicates: suggestions, merge and un-merge of people.")


@blp.route("/people/<person_id>/duplicates")
@requires(PEOPLE_READ)
@blp.response(200, schemas.Suggestion(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def person_duplicates(person_id):
    """People who may be the same as this one (same email, phone, or close names with the
    same birth date), with the reasons; dismissed pairs are left out."""
    return duplicates.suggestions_for(_engine(), person_id)


@blp.route("/duplicates")
@requires(PEOPLE_READ)
@blp.arguments(schemas.PairArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.SuggestedPairs)
def suggested_pairs(limit):
    """Suggested pairs of duplicates over the whole directory."""
    return duplicates.suggested_pairs(_engine(), limit)


@blp.route("/people/<person_id>/merge", methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(schemas.MergePeople)
@blp.response(200, schemas.Merged)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(409, schema=ErrorSchema, description="A stale version of either person")
@blp.alt_response(422, schema=ErrorSchema)
def merge(command, person_id):
    """Merge `merged_id` into this person, keeping for each field the value chosen."""
    queries.get_person(_engine(), person_id)  # 404 before anything else
    survivor, merged = merge_handlers.merge_people(
        g.uow, person_id, command["expected_version"], command["merged_id"],
        command["merged_expected_version"], command["choices"])
    return {"id": survivor.id, "version": survivor.version, "other_id": merged.id,
            "other_version": merged.version}


@blp.route("/people/<person_id>/unmerge", methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(schemas.UnmergePerson)
@blp.response(200, schemas.Merged)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(409, schema=ErrorSchema, description="A stale version of either person")
@blp.alt_response(422, schema=ErrorSchema)
def unmerge(command, person_id):
    """Undo the merge of this person into the record it points to: both are restored."""
    merged, survivor = merge_handlers.unmerge_person(
        g.uow, person_id, command["expected_version"], command["survivor_expected_version"])
    return {"id": merged.id, "version": merged.version, "other_id": survivor.id,
            "other_version": survivor.version}


@blp.route("/duplicates/dismiss", methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(schemas.DismissDuplicate)
@blp.response(201, schemas.Merged)
@blp.alt_response(422, schema=ErrorSchema)
def dismiss(command):
    """Record that two suggested people are not the same person."""
    a, b = command["person_ids"]
    pair = merge_handlers.dismiss_duplicate(g.uow, a, b, command.get("reason"))
    return {"id": pair.id, "version": pair.version}
