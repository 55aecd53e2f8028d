"""Reporting's pages (thin: query and render)."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext

from shared.access.roles import REPORTS_READ, STAFF_MANAGE
from shared.eventstore import NotFound
from shared.web.access import requires
from shared.web.auth import current_staff

from . import deadletters, queries

bp = Blueprint("reporting", __name__)


@bp.app_context_processor
def _context():
    staff = current_staff()
    return {"may_admin": bool(staff and staff.may(STAFF_MANAGE))}


@bp.get("/")
@requires(REPORTS_READ)
def dashboard():
    wiring = current_app.extensions["argan"]
    with wiring["engine"].connect() as conn:
        figures = queries.people_by_sex_and_region(conn)
        lag = queries.freshness(conn, wiring["feeds"])
    return render_template("reporting/dashboard.html", figures=figures, freshness=lag)


@bp.get("/dead-letters")
@requires(STAFF_MANAGE)
def dead_letters():
    with current_app.extensions["argan"]["engine"].connect() as conn:
        letters = queries.dead_lettered(conn)
    return render_template("reporting/dead_letters.html", letters=letters)


@bp.post("/dead-letters/<letter_id>/retry")
@requires(STAFF_MANAGE)
def retry_dead_letter(letter_id):
    wiring = current_app.extensions["argan"]
    if not letter_id.isdigit():
        raise NotFound("dead_letter", letter_id)
    if deadletters.retry(wiring["engine"], wiring["feeds"], int(letter_id)):
        flash(gettext("The event has been applied."), "success")
    else:
        flash(gettext("The event failed again; its error is shown below."), "error")
    return redirect(url_for("reporting.dead_letters"))
