"""Segment pages: the list, the form (new / edit / delete), the run page and the exports."""
from __future__ import annotations

from flask import (Blueprint, current_app, flash, g, redirect, render_template, request,
                   url_for)
from flask_babel import gettext, lazy_gettext as _l
from marshmallow import ValidationError

from shared.access.roles import PEOPLE_EXPORT, PEOPLE_READ
from shared.eventstore import ConcurrencyError, DomainError
from shared.web.access import requires
from shared.web.commands import FormSpec, errors_of, form_command, positional
from shared.web.errors import field_errors
from shared.web.wiring import engine as _engine

from ..consent import labels as consent_labels
from . import handlers, queries, schemas
from .api import export_segment
from .domain import LIST_CRITERIA

bp = Blueprint("segments", __name__, url_prefix="/segments")
T = "stakeholders/segments/"


def _choices(segment=None) -> dict:
    """What the form offers: organisation kinds, and the organisations chosen or to choose."""
    from ..organisations import labels as organisation_labels
    chosen = (request.form.getlist("organisation_ids") if request.method == "POST"
              else (segment or {}).get("organisation_ids"))
    return {"segment": segment, "organisation_kinds": organisation_labels.kind_choices(),
            "organisations": queries.organisation_choices(_engine(), chosen),
            "organisation_limit": queries.ORGANISATION_CHOICES}


def _form(values: dict, errors: dict, segment, status: int = 200):
    return render_template(T + "form.html", values=values, errors=errors,
                           **_choices(segment)), status


def _stale() -> str:
    return gettext("Someone else changed this segment meanwhile; check it and save again.")


def _to_run(segment, segment_id=None) -> str:
    return url_for("segments.run", segment_id=segment_id or segment.id)


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
        return _form(values, errors_of(exc, _stale()), segment, status)
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
        errors = errors_of(exc)
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


# -- the commands: one line each -----------------------------------------------------------

form_command(bp, "/new", "new", schemas.SaveSegment, positional(handlers.save_segment, "**"),
             PEOPLE_EXPORT, FormSpec(T + "form.html", _to_run, _l("The segment has been saved."),
                                     _choices, lambda c: {}, values=schemas.form_data))
form_command(bp, "/<segment_id>/edit", "edit", schemas.ChangeSegment,
             positional(handlers.change_segment, "segment_id expected_version **"),
             PEOPLE_EXPORT, FormSpec(
                 T + "form.html", _to_run, _l("The changes have been saved."),
                 lambda segment_id: _choices(queries.get_segment(_engine(), segment_id)),
                 lambda c: {**c["segment"], "expected_version": c["segment"]["version"]},
                 values=schemas.form_data,
                 conflict=lambda exc: {"errors": errors_of(exc, _stale())}))


@bp.app_context_processor
def _segment_helpers():
    return {"purpose_label": consent_labels.purpose, "PEOPLE_EXPORT": PEOPLE_EXPORT}
