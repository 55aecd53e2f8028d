"""The funder report in the JSON API (with its XLSX and PDF variants) and its submission."""
from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from shared.access.roles import REPORTS_MANAGE, REPORTS_READ
from shared.web.access import requires
from shared.web.commands import api_command
from shared.web.errors import ErrorSchema

from . import export
from .args import ReportArgs, SubmitReport
from .pages import XLSX, _submit, report_for

blp = Blueprint("reports_api", __name__, url_prefix="/api/v1",
                description="Funder reports: indicators with targets and disaggregations.")
ITEM = "/programmes/<code>"


class ReportOut(Schema):
    programme = fields.Dict()
    period = fields.Dict()
    as_of = fields.String()
    office = fields.String(allow_none=True)
    indicators = fields.List(fields.Dict(), metadata={
        "description": "code, name, measure, baseline, target, value, facts, progress, "
                       "disaggregations {dimension: {category: {value, facts}}}"})
    activities = fields.List(fields.Dict())
    missions = fields.Dict()
    accompaniments = fields.Dict()


class Submitted(Schema):
    id = fields.String()
    programme = fields.String()
    version = fields.Integer()


@blp.route(ITEM + "/report")
@requires(REPORTS_READ)
@blp.arguments(ReportArgs, location="query")
@blp.response(200, ReportOut)
@blp.alt_response(404, schema=ErrorSchema)
def report(args, code):
    """The funder report for a period (from, to; the programme's by default) as of a date
    (facts recorded later are left out)."""
    return report_for(code, args)


@blp.route(ITEM + "/report.xlsx")
@requires(REPORTS_READ)
@blp.arguments(ReportArgs, location="query")
@blp.response(200, description="The report as an XLSX workbook")
def report_xlsx(args, code):
    """The same report as an XLSX workbook."""
    return Response(export.to_xlsx(report_for(code, args)), mimetype=XLSX)


@blp.route(ITEM + "/report.pdf")
@requires(REPORTS_READ)
@blp.arguments(ReportArgs, location="query")
@blp.response(200, description="The report as a PDF")
def report_pdf(args, code):
    """The same report as a PDF."""
    return Response(export.to_pdf(report_for(code, args)), mimetype="application/pdf")


api_command(blp, ITEM + "/reports", SubmitReport, _submit, REPORTS_MANAGE, status=201,
            response=Submitted, endpoint="submit_report",
            doc="Mark the report of a period as submitted: it is frozen as it stands.")
