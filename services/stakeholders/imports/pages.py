"""Import pages: upload, preview, progress (refreshing itself) and report."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from shared.access.roles import PEOPLE_WRITE
from shared.eventstore import DomainError
from shared.web.access import requires
from shared.web.auth import signed_in_actor

from . import parsing, service, tables
from .service import _argan

bp = Blueprint("imports", __name__, url_prefix="/imports")
T = "stakeholders/imports/"


@bp.route("/new", methods=["GET", "POST"])
@requires(PEOPLE_WRITE)
def new():
    kind = request.values.get("kind") or "people"
    if request.method == "GET":
        return render_template(T + "new.html", kind=kind, errors={})
    upload = request.files.get("file")
    errors: dict[str, list[str]] = {}
    if upload is None or not upload.filename:
        errors["file"] = [gettext("Choose a CSV or XLSX file.")]
    else:
        content = upload.stream.read(parsing.MAX_BYTES + 1)
        try:
            import_id = service.preview(kind, upload.filename, content, signed_in_actor())
        except DomainError as exc:
            errors[exc.field or "_schema"] = [gettext(exc.message)]
        else:
            return redirect(url_for("imports.preview", import_id=import_id))
    return render_template(T + "new.html", kind=kind, errors=errors), 422


@bp.get("/<import_id>")
@requires(PEOPLE_WRITE)
def preview(import_id):
    record = tables.get(_argan()["engine"], import_id)
    if record["status"] != "previewed":
        return redirect(url_for("imports.progress", import_id=import_id))
    return render_template(T + "preview.html", record=record, content=record["rows"])


@bp.post("/<import_id>/run")
@requires(PEOPLE_WRITE)
def run(import_id):
    skip = request.form.get("skip_duplicates") == "1"
    try:
        service.start(import_id, skip, signed_in_actor())
    except DomainError as exc:
        flash(gettext(exc.message), "info")
    return redirect(url_for("imports.progress", import_id=import_id))


@bp.get("/<import_id>/progress")
@requires(PEOPLE_WRITE)
def progress(import_id):
    record = tables.state(_argan()["engine"], import_id)
    if record["status"] == "previewed":
        return redirect(url_for("imports.preview", import_id=import_id))
    return render_template(T + "progress.html", record=record, mapping=record["mapping"] or {})
