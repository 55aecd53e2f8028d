"""Report pages: the funder report (page, XLSX, PDF), the facts behind each cell, the
submission that freezes it and what changed since, and the dashboard."""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from shared.access.roles import REPORTS_MANAGE, REPORTS_READ
from shared.eventstore import NotFound
from shared.web.access import requires
from shared.web.commands import FormSpec, form_command, form_values
from shared.web.wiring import engine as _engine

from .. import labels, queries as freshness_queries
from ..programmes import handlers, queries
from . import build, charts, export
from .args import FactArgs, ReportArgs, SubmitReport, resolve
from .dashboard import dashboard as dashboard_figures

bp = Blueprint("reports", __name__, url_prefix="/programmes/<code>")
T = "reporting/reports/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _args(schema=ReportArgs) -> tuple[dict, dict]:
    try:
        return schema().load(request.args.to_dict()), {}
    except ValidationError as exc:
        return {}, exc.messages


def report_for(code: str, args: dict) -> dict:
    with _engine().connect() as conn:
        programme = queries.get_programme(conn, code)
        start, end, as_of = resolve(args, programme)
        return build.funder_report(conn, code, start, end, as_of, args.get("office"))


@bp.get("/report")
@requires(REPORTS_READ)
def report(code):
    args, errors = _args()
    data = report_for(code, args)
    return render_template(T + "report.html", report=data, errors=errors, labels=labels,
                           query=request.args.to_dict(), submitted=None, changes=None)


@bp.get("/report.xlsx")
@requires(REPORTS_READ)
def report_xlsx(code):
    args, _ = _args()
    data = report_for(code, args)
    return Response(export.to_xlsx(data), mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="rapport-{code}.xlsx"'})


@bp.get("/report.pdf")
@requires(REPORTS_READ)
def report_pdf(code):
    args, _ = _args()
    return Response(export.to_pdf(report_for(code, args)), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="rapport-{code}.pdf"'})


@bp.get("/report/facts")
@requires(REPORTS_READ)
def facts(code):
    args, errors = _args(FactArgs)
    if errors:
        raise NotFound("indicator", request.args.get("indicator", ""))
    data = report_for(code, args)
    figure = build.cells(data).get((args["indicator"], args["cell"]))
    if figure is None:
        raise NotFound("indicator", args["indicator"])
    return render_template(T + "facts.html", report=data, figure=figure, args=args,
                           facts=[f.split(":") for f in figure["facts"]])


@bp.get("/reports/<report_id>")
@requires(REPORTS_READ)
def submitted(code, report_id):
    with _engine().connect() as conn:
        frozen = queries.submitted_report(conn, code, report_id)
    snapshot = frozen["snapshot"]
    now = report_for(code, {"start": frozen["period_from"], "end": frozen["period_to"]})
    return render_template(T + "report.html", report=snapshot, errors={}, labels=labels,
                           query={"from": snapshot["period"]["from"],
                                  "to": snapshot["period"]["to"], "as_of": snapshot["as_of"]},
                           submitted=frozen, changes=build.differences(snapshot, now))


@bp.get("/dashboard")
@requires(REPORTS_READ)
def dashboard(code):
    args, errors = _args()
    with _engine().connect() as conn:
        programme = queries.get_programme(conn, code)
        start, end, now = resolve({**args, "as_of": None}, programme)
        figures = dashboard_figures(conn, programme, start, end, args.get("office"), now)
        lag = freshness_queries.freshness(conn, _feeds())
    return render_template(T + "dashboard.html", programme=programme, figures=figures,
                           charts=charts, freshness=lag, errors=errors, labels=labels,
                           period=(start, end), office=args.get("office"))


def _feeds():
    from flask import current_app
    return current_app.extensions["argan"]["feeds"]


def _submit(uow, code, period_from, period_to, as_of=None):
    """Freeze the report as computed now for the period and moment asked."""
    args = {"start": period_from, "end": period_to, "as_of": as_of}
    snapshot = report_for(code, args)
    return handlers.submit_report(uow, code, period_from=period_from, period_to=period_to,
                                  as_of=build.parse_as_of(snapshot["as_of"]), snapshot=snapshot)


def _submit_context(code, **_):
    with _engine().connect() as conn:
        return {"programme": queries.get_programme(conn, code)}


form_command(bp, "/report/submit", "submit", SubmitReport, _submit, REPORTS_MANAGE, FormSpec(
    T + "submit.html",
    lambda result, code, **_: url_for("reports.submitted", code=code, report_id=result["id"]),
    _l("The report is submitted: it is frozen as it stands."), _submit_context,
    lambda c: {"from": request.args.get("from") or c["programme"]["starts_on"].isoformat(),
               "to": request.args.get("to") or c["programme"]["ends_on"].isoformat(),
               "as_of": request.args.get("as_of")},
    values=lambda form, schema: {k: form.get(k) for k in ("from", "to", "as_of")
                                 if form.get(k)}))
