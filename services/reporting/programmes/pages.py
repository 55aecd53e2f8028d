"""Programme pages (French first): the list, a programme's logframe and action plan, and
the forms that define them (one line of wiring per command)."""
from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import lazy_gettext as _l

from shared.access.roles import REPORTS_MANAGE, REPORTS_READ
from shared.web.access import requires
from shared.web.auth import current_staff
from shared.web.commands import FormSpec, form_command, form_values
from shared.web.wiring import engine as _engine

from .. import labels
from . import handlers, queries, schemas
from .domain import DISAGGREGATIONS

bp = Blueprint("programmes", __name__, url_prefix="/programmes")
T = "reporting/programmes/"
M = REPORTS_MANAGE
TARGET_LINES = 4


@bp.app_context_processor
def _context():
    staff = current_staff()
    return {"labels": labels, "may_manage": bool(staff and staff.may(REPORTS_MANAGE))}


@bp.get("/")
@requires(REPORTS_READ)
def index():
    with _engine().connect() as conn:
        page = queries.list_programmes(conn)
    return render_template(T + "list.html", page=page)


@bp.get("/<code>")
@requires(REPORTS_READ)
def detail(code):
    with _engine().connect() as conn:
        programme = queries.get_programme(conn, code)
        reports = queries.submitted(conn, code)
    return render_template(T + "detail.html", programme=programme, reports=reports)


def _programme(code, **_):
    with _engine().connect() as conn:
        return {"programme": queries.get_programme(conn, code)}


def _to_programme(result, code=None, **_):
    return url_for("programmes.detail", code=code or result["programme"] if isinstance(
        result, dict) else result.id)


def _indicator_values(form, schema) -> dict:
    """The form's target lines and filter fields as the schema's nested shapes."""
    targets = [{"period": p.strip(), "value": v.strip()} for p, v in
               zip(form.getlist("target_period"), form.getlist("target_value"))
               if p.strip() or v.strip()]
    filters = {k: form.get(f"filter_{k}") for k in ("kind", "office", "territory", "role")
               if (form.get(f"filter_{k}") or "").strip()}
    values = {k: form.get(k) for k in ("code", "name", "measure", "baseline") if form.get(k)}
    return {**values, "targets": targets, "filters": filters,
            "disaggregations": form.getlist("disaggregations")}


form_command(bp, "/new", "new", schemas.DefineProgramme, handlers.define_programme, M,
             FormSpec(T + "form.html", lambda result, **_: url_for("programmes.detail",
                                                                   code=result.id),
                      _l("The programme has been defined."), lambda **_: {}))
form_command(bp, "/<code>/indicators/new", "new_indicator", schemas.DefineIndicator,
             handlers.define_indicator, M, FormSpec(
                 T + "indicator_form.html", _to_programme, _l("The indicator has been added."),
                 _programme, lambda c: {"targets": [], "filters": {},
                                        "disaggregations": list(DISAGGREGATIONS)},
                 values=_indicator_values, extra={"target_lines": TARGET_LINES}))
form_command(bp, "/<code>/action-plan/new", "plan", schemas.PlanActivities,
             handlers.plan_activities, M, FormSpec(
                 T + "plan_form.html", _to_programme, _l("The action plan has been completed."),
                 _programme, lambda c: {"year": c["programme"]["starts_on"].year, "number": 1},
                 values=form_values))
