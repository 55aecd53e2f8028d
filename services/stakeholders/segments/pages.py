"""Segment pages: the list, the form (new / edit / delete), the run page and the exports."""
from __future__ import annotations

from flask import (Blueprint, current_app, flash, g, redirect, render_template, request,
                   url_for)
from flask_babel import gettext
from marshmallow import ValidationError

from shared.access.roles import PEOPLE_EXPORT, PEOPLE_READ
from shared.eventstore import ConcurrencyError, DomainError
from shared.web.access import requires
from shared.web.errors import field_errors
from shared.web.wiring import engine as _engine

from ..consent import labels as consent_labels
from . import handlers, queries, schemas
from .api import export_segment
from .domain import LIST_CRITERIA

bp = Blueprint("segments", __name__, url_prefix="/segments")
T = "stakeholders/segments/"


def _form(values: dict, errors: dict, segment, status: int = 200):
    from ..organisations import labels as organisation_labels
    return render_template(
        T + "form.html", values=values, errors=errors, segment=segment,
        organisation_kinds=organisation_labels.kind_choices(),
        organisations=queries.organisation_choices(_engine(), values.get("organisation_ids")),
        organisation_limit=queries.ORGANISATION_CHOICES), status


def _errors(exc: Exception) -> dict[str, list[str]]:
    if isinstance(exc, ValidationError):
        errors = field_errors(exc.messages)
        if errors.pop("expected_version", None):  # a hidden field: no one can correct it
            errors.setdefault("_schema", []).append(gettext(
                "This form is out of date; open the page again and retry."))
        return errors
    if isinstance(exc, DomainError):
        return {exc.field or "_schema": [gettext(exc.message)]}
    return {"_schema": [gettext("Someone else changed this segment meanwhile; check it and "
                                "save again.")]}


@bp.get("/")
@requires(PEOPLE_READ)
def index():
    try:
        args = schemas.SegmentListArgs().load(request.args.to_dict())
    except ValidationError:
        flash(gettext("Some filters were not understood and were ignored."), "warning")
        args = schemas.SegmentListArgs().load({})
    page = queries.list_segments(_engine(), **args)

    def page_url(number: int) -> str:
        return url_for("segments.index", **{**request.args.to_dict(), "page": number})

    return render_template(T + "list.html", page=page, page_url=page_url)


@bp.route("/new", methods=["GET", "POST"])
@requires(PEOPLE_EXPORT)
def new():
    if request.method == "GET":
        return _form({}, {}, None)
    values = schemas.form_data(request.form, schemas.SaveSegment())
    try:
        segment = handlers.save_segment(g.uow, schemas.SaveSegment().load(values))
    except (ValidationError, DomainError) as exc:
        return _form(values, _errors(exc), None, 422)
    flash(gettext("The segment has been saved."), "success")
    return redirect(url_for("segments.run", segment_id=segment.id))


@bp.route("/<segment_id>/edit", methods=["GET", "POST"])
@requires(PEOPLE_EXPORT)
def edit(segment_id):
    segment = queries.get_segment(_engine(), segment_id)
    if request.method == "GET":
        return _form({**segment, "expected_version": segment["version"]}, {}, segment)
    values = schemas.form_data(request.form, schemas.ChangeSegment())
    try:
        command = schemas.ChangeSegment().load(values)
        expected = command.pop("expected_version")
        handlers.change_segment(g.uow, segment_id, expected, command)
    except (ValidationError, DomainError, ConcurrencyError) as exc:
        if isinstance(exc, ConcurrencyError):
            values["expected_version"] = exc.actual
        status = 409 if isinstance(exc, ConcurrencyError) else 422
        return _form(values, _errors(exc), segment, status)
    flash(gettext("The changes have been saved."), "success")
    return redirect(url_for("segments.run", segment_id=segment_id))


@bp.post("/<segment_id>/delete")
@requires(PEOPLE_EXPORT)
def delete(segment_id):
    segment = queries.get_segment(_engine(), segment_id)
    try:
        command = schemas.DeleteSegment().load({"expected_version":
                                                request.form.get("expected_version")})
        handlers.delete_segment(g.uow, segment_id, command["expected_version"])
    except (ValidationError, DomainError, ConcurrencyError) as exc:
        values = {**segment, "expected_version": segment["version"]}
        status = 409 if isinstance(exc, ConcurrencyError) else 422
        return _form(values, _errors(exc), segment, status)
    flash(gettext("The segment has been deleted."), "success")
    return redirect(url_for("segments.index"))


@bp.get("/<segment_id>")
@requires(PEOPLE_EXPORT)
def run(segment_id):
    segment = queries.get_segment(_engine(), segment_id)
    errors, result = {}, None
    try:
        purpose = schemas.RunArgs().load(request.args.to_dict())["purpose"]
    except ValidationError as exc:
        purpose, errors = None, field_errors(exc.messages)
    purpose = purpose or (segment["purpose"] if not errors else None)
    if purpose:
        result = queries.run(_engine(), segment, purpose)
    exports = queries.exports_of(current_app.extensions["argan"]["store"], segment_id)
    return render_template(T + "run.html", segment=segment, purpose=purpose, result=result,
                           errors=errors, exports=exports[:20],
                           criteria=_criteria_lines(segment)), 422 if errors else 200


@bp.post("/<segment_id>/export")
@requires(PEOPLE_EXPORT)
def export(segment_id):
    segment = queries.get_segment(_engine(), segment_id)
    try:
        command = schemas.ExportSegment().load({k: request.form.get(k)
                                                for k in ("purpose", "format")})
        return export_segment(segment_id, command.get("purpose"), command["format"])
    except (ValidationError, DomainError) as exc:
        errors = _errors(exc)
        if "format" in errors:  # a hidden input: said at the top of the page
            errors.setdefault("_schema", []).extend(errors.pop("format"))
        exports = queries.exports_of(current_app.extensions["argan"]["store"], segment_id)
        return render_template(T + "run.html", segment=segment, purpose=None, result=None,
                               errors=errors, exports=exports[:20],
                               criteria=_criteria_lines(segment)), 422


def _criteria_lines(segment: dict) -> list[tuple[str, str]]:
    """(label, values) of the criteria given, as staff read them."""
    from .. import labels
    from ..organisations import labels as organisation_labels
    names_of = queries.organisation_names(_engine(), segment.get("organisation_ids"))
    shown = {"roles": lambda v: labels.show("roles", v),
             "languages": lambda v: labels.show("languages", v),
             "sexes": lambda v: ", ".join(str(labels.SEX.get(x, x)) for x in v),
             "countries": lambda v: ", ".join(labels.country_name(x) for x in v),
             "organisation_kinds": lambda v: ", ".join(
                 str(organisation_labels.KIND.get(x, x)) for x in v),
             "organisation_ids": lambda v: ", ".join(names_of.get(x, x) for x in v)}
    names = {"roles": gettext("Roles"), "programmes": gettext("Programmes"),
             "tags": gettext("Tags"), "sexes": gettext("Sex"),
             "countries": gettext("Country of residence"), "regions": gettext("Region"),
             "languages": gettext("Languages"),
             "organisation_kinds": gettext("Currently affiliated to an organisation of kind"),
             "organisation_ids": gettext("Currently affiliated to")}
    lines = []
    for name in LIST_CRITERIA:
        if segment.get(name):
            lines.append((names[name], shown.get(name, ", ".join)(segment[name])))
    if segment.get("purpose"):  # what the segment is meant for: its runs default to it
        lines.append((gettext("Purpose"), consent_labels.purpose(segment["purpose"])))
    return lines


@bp.app_context_processor
def _segment_helpers():
    return {"purpose_label": consent_labels.purpose, "PEOPLE_EXPORT": PEOPLE_EXPORT}
