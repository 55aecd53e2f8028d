"""The JSON API of duplicates: suggestions, merge, un-merge, dismissal."""
from __future__ import annotations

from flask_smorest import Blueprint

from shared.access.roles import PEOPLE_READ, PEOPLE_WRITE
from shared.web.access import requires
from shared.web.commands import api_command, positional
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


def _both(pair) -> dict:
    """The two people a merge or an un-merge changed, each with its version."""
    one, other = pair
    return {"id": one.id, "version": one.version, "other_id": other.id,
            "other_version": other.version}


def _merge(uow, person_id, **command):
    queries.get_person(_engine(), person_id)  # 404 before anything else
    return merge_handlers.merge_people(uow, person_id, command["expected_version"],
                                       command["merged_id"], command["merged_expected_version"],
                                       command["choices"])


api_command(blp, "/people/<person_id>/merge", schemas.MergePeople, _merge, PEOPLE_WRITE,
            response=schemas.Merged, answer=_both, endpoint="merge",
            doc="Merge `merged_id` into this person, keeping for each field the value chosen.")
api_command(blp, "/people/<person_id>/unmerge", schemas.UnmergePerson, positional(
    merge_handlers.unmerge_person, "person_id expected_version survivor_expected_version"),
            PEOPLE_WRITE, response=schemas.Merged, answer=_both, endpoint="unmerge",
            doc="Undo the merge of this person into the record it points to: both are "
                "restored.")
api_command(blp, "/duplicates/dismiss", schemas.DismissDuplicate,
            lambda uow, person_ids, reason=None: merge_handlers.dismiss_duplicate(
                uow, *person_ids, reason),
            PEOPLE_WRITE, status=201, response=schemas.Merged, endpoint="dismiss",
            doc="Record that two suggested people are not the same person.")
