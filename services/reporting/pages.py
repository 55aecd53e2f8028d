"""Reporting's pages (thin: query and render)."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template

from shared.access.roles import REPORTS_READ
from shared.web.access import requires

from . import queries

bp = Blueprint("reporting", __name__)


@bp.get("/")
@requires(REPORTS_READ)
def dashboard():
    wiring = current_app.extensions["argan"]
    with wiring["engine"].connect() as conn:
        figures = queries.people_by_sex_and_region(conn)
        lag = queries.freshness(conn, wiring["feeds"])
    return render_template("reporting/dashboard.html", figures=figures, freshness=lag)
