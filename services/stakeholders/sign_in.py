"""Sign-in and sign-out pages for the whole set of services."""
from __future__ import annotations

import time

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import format_time, gettext

from shared.web.access import public
from shared.eventstore import ConcurrencyError
from shared.web.auth import current_staff, session_id, sign_in as start_session
from shared.web.auth import sign_out as end_session
from shared.web.redirects import safe_next

from .accounts import SignInRefused, authenticate
from .staff import handlers

bp = Blueprint("sign_in", __name__)


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_staff():
            return redirect(next_url or url_for("people.index"))
        return render_template("stakeholders/sign_in.html", next=next_url, email="")
    email = request.form.get("email", "")
    argan = current_app.extensions["argan"]
    try:
        account_id = authenticate(argan["engine"], email, request.form.get("password", ""),
                                  request.remote_addr, sleep=argan.get("sleep", time.sleep))
    except SignInRefused as exc:
        if exc.disabled:
            error = gettext("This account is disabled. Ask an administrator.")
        else:
            error = gettext("Too many failed sign-ins. Try again after %(time)s.",
                            time=format_time(exc.until, "medium"))
        return _page(next_url, email, error, 429 if not exc.disabled else 403)
    if account_id is None:
        return _page(next_url, email, gettext("Incorrect email or password."), 401)
    # The session holds {"id", "sid", "iat"}: every service resolves email, name, roles and
    # whether the account or this session is over from its own copy of the accounts.
    start_session(account_id)
    flash(gettext("You are signed in."), "success")
    return redirect(next_url or url_for("people.index"))


def _end_for_good(account_id: str, sid: str) -> None:
    """The session ends in every service, not only in this browser (an event)."""
    for _ in range(3):  # another change of the account at the same instant: once more
        try:
            handlers.sign_out(g.uow, account_id, sid)
            return
        except ConcurrencyError:
            continue


def _page(next_url, email, error, status):
    return render_template("stakeholders/sign_in.html", next=next_url, email=email,
                           error=error), status


@bp.post("/sign-out")
@public  # an expired session can still sign out
def sign_out():
    staff, sid = current_staff(), session_id()
    if staff is not None and staff.via == "session" and sid:
        _end_for_good(staff.id, sid)
    end_session()
    flash(gettext("You are signed out."), "info")
    return redirect(url_for("sign_in.sign_in"))
