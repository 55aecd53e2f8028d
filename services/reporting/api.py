"""Reporting's JSON API (thin: query and respond)."""
from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from shared.access.roles import REPORTS_READ
from shared.web.access import requires

from . import queries

blp = Blueprint("reporting_api", __name__, url_prefix="/api/v1",
                description="Indicators computed from the projections")


class TotalsSchema(Schema):
    """People counted by sex (the keys of domain.SEXES) and in all."""
    female = fields.Integer()
    male = fields.Integer()
    other = fields.Integer()
    unknown = fields.Integer()
    total = fields.Integer()


class RegionRowSchema(TotalsSchema):
    country = fields.String(allow_none=True)
    region = fields.String(allow_none=True)


class FreshnessSchema(Schema):
    source = fields.String()
    applied_position = fields.Integer()
    source_position = fields.Integer(allow_none=True)
    behind = fields.Integer(allow_none=True)
    lag_seconds = fields.Float(allow_none=True)
    updated_at = fields.String(allow_none=True)


class PeopleBySexAndRegionSchema(Schema):
    items = fields.List(fields.Nested(RegionRowSchema))
    totals = fields.Nested(TotalsSchema)
    freshness = fields.List(fields.Nested(FreshnessSchema))


@blp.route("/indicators/people-by-sex-and-region")
@requires(REPORTS_READ)
@blp.response(200, PeopleBySexAndRegionSchema)
def people_by_sex_and_region():
    """Active people by region of residence and by sex, with the projection's lag."""
    wiring = current_app.extensions["argan"]
    with wiring["engine"].connect() as conn:
        figures = queries.people_by_sex_and_region(conn)
        lag = queries.freshness(conn, wiring["feeds"])
    return {**figures, "freshness": [f.as_dict() for f in lag]}


class FreshnessList(Schema):
    items = fields.List(fields.Nested(FreshnessSchema))


@blp.route("/freshness")
@requires(REPORTS_READ)
@blp.response(200, FreshnessList)
def freshness():
    """Each source's head position, the projection's position and the lag in seconds (the
    heads are asked of the sources at most every few seconds, not on every request)."""
    wiring = current_app.extensions["argan"]
    with wiring["engine"].connect() as conn:
        return {"items": [f.as_dict() for f in queries.freshness(conn, wiring["feeds"])]}
