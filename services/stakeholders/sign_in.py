"""Sign-in and sign-out pages for the whole set of services (minimal for now)."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from shared.web.access import public
from shared.web.auth import current_staff, sign_in as start_session, sign_out as end_session

from .accounts import authenticate

bp = Blueprint("sign_in", __name__)


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    next_url = _safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_staff():
            return redirect(next_url or url_for("people.index"))
        return render_template("stakeholders/sign_in.html", next=next_url, email="")
    email = request.form.get("email", "")
    staff = authenticate(current_app.extensions["argan"]["engine"], email,
                         request.form.get("password", ""))
    if staff is None:
        return render_template("stakeholders/sign_in.html", next=next_url, email=email,
                               error=gettext("Incorrect email or password.")), 401
    start_session(staff)
    flash(gettext("Welcome, %(name)s.", name=staff["name"]), "success")
    return redirect(next_url or url_for("people.index"))


@bp.post("/sign-out")
@public  # an expired session can still sign out
def sign_out():
    end_session()
    flash(gettext("You are signed out."), "info")
    return redirect(url_for("sign_in.sign_in"))
