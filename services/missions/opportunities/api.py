"""The JSON API of mobility opportunities: the search, the counts per country (the map),
and the commands (one line of wiring each, shared.web.commands)."""
from __future__ import annotations

from flask_smorest import Blueprint

from shared.access.roles import MISSIONS_READ, MISSIONS_WRITE
from shared.web.access import requires
from shared.web.commands import api_command
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine, store as _store

from . import handlers, queries, schemas

blp = Blueprint("opportunities_api", __name__, url_prefix="/api/v1",
                description="Mobility opportunities: the legal routes to Europe for young "
                            "Moroccans, searchable by eligibility, counted per country.")
ITEM = "/opportunities/<opportunity_id>"
W = MISSIONS_WRITE


@blp.route("/opportunities")
@requires(MISSIONS_READ)
@blp.arguments(schemas.SearchArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.OpportunityPage)
def search_opportunities(**filters):
    """What is open to a young person: `age`, `education` (the level reached), `language`
    (spoken, repeatable); also by `scheme`, `country`, `q`; open on `on` (today) unless
    `closed=true`."""
    return queries.search(_engine(), **filters)


@blp.route("/opportunities/by-country")
@requires(MISSIONS_READ)
@blp.arguments(schemas.MapArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.MapOut)
def open_by_country(on=None):
    """The number of opportunities open on `on` (today) per destination country."""
    counts = queries.open_by_country(_engine(), on)
    return {"on": on or queries.today(), "countries": [
        {"country": c, "open": n} for c, n in sorted(counts.items())]}


@blp.route(ITEM)
@requires(MISSIONS_READ)
@blp.response(200, schemas.OpportunityOut)
@blp.alt_response(404, schema=ErrorSchema)
def get_opportunity(opportunity_id):
    """An opportunity, and the version to send back with a command."""
    return queries.get_opportunity(_store(), opportunity_id)


api_command(blp, "/opportunities", schemas.PublishOpportunity, handlers.publish_opportunity,
            W, status=201)
api_command(blp, ITEM + "/correct", schemas.CorrectOpportunity, handlers.correct_opportunity,
            W)
api_command(blp, ITEM + "/withdraw", schemas.Withdraw, handlers.withdraw_opportunity, W)
