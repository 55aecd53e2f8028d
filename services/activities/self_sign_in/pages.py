"""Self sign-in pages: for staff, the links of a session's half-days, the page projected in
the room (QR code) and who signed; for participants, the public sign-in page of a link."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, g, make_response, redirect, render_template, url_for
from flask_babel import format_date, format_time, gettext, lazy_gettext as _l

from shared.access.roles import ACTIVITIES_WRITE
from shared.web.access import requires
from shared.web.commands import FormSpec, form_command, form_view
from shared.web.wiring import engine as _engine, store as _store

from ..participants import web
from . import handlers, queries, schemas
from .domain import OFFICE_TIMEZONES, PURPOSE

T = "activities/self_sign_in/"
W = ACTIVITIES_WRITE
SESSION = "/<activity_id>/sessions/<session_id>/self-sign-in"

bp = Blueprint("self_sign_in", __name__, template_folder="templates")
public = Blueprint("self_sign_in_public", __name__, url_prefix="/sign-in",
                   template_folder="templates")


@bp.app_context_processor
def _context():
    return {"local_time": local_time, "self_signed_at": _signed_at}


def local_time(value: dt.datetime | None, office: str | None = None, *,
               with_date: bool = True) -> str:
    """A UTC instant as the hour it was where the activity takes place."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(OFFICE_TIMEZONES.get(office or "", "Europe/Paris")))
    time = format_time(local.time(), "short")
    if not with_date:
        return time
    return gettext("%(date)s at %(time)s", date=format_date(local.date(), "short"), time=time)


def _signed_at(session: dict) -> dict:
    """For the attendance screen: {(person_id, half_day): when they signed}."""
    return queries.signed_at(_store(), session["id"], session["half_days"])


# -- staff ---------------------------------------------------------------------------------

def _session_context(activity_id, session_id, **_):
    view = queries.staff_view(_engine(), _store(), activity_id, session_id, web.now())
    return {**view, "office": view["activity"]["office"]}


def _projection_url(result, activity_id, session_id, **_) -> str:
    return url_for("self_sign_in.projection", activity_id=activity_id, session_id=session_id,
                   half_day=result["half_day"])


def _to_session(result, activity_id, session_id, **_) -> str:
    return url_for("self_sign_in.session", activity_id=activity_id, session_id=session_id)


def public_url(sheet) -> str:
    token = web.link_tokens().token(PURPOSE, sheet.id, sheet.nonce)
    return url_for("participants.self_sign_in_public.sign", token=token, _external=True)


@bp.get(SESSION + "/<half_day>")
@requires(W)
def projection(activity_id, session_id, half_day):
    """The page shown full-screen in the room: the QR code of the half-day's link."""
    context = _session_context(activity_id, session_id)
    line = next((h for h in context["half_days"] if h["half_day"] == half_day), None)
    if line is None or line["sheet"] is None or line["state"] == "over":
        return _redirect_to_session(activity_id, session_id)
    url = public_url(line["sheet"])
    return render_template(T + "projection.html", line=line, url=url, qr=web.qr_svg(url),
                           **context)


def _redirect_to_session(activity_id, session_id):
    flash(gettext("This half-day has no open sign-in link: open one."), "warning")
    return redirect(url_for("self_sign_in.session", activity_id=activity_id,
                            session_id=session_id))


form_command(bp, SESSION, "session", schemas.OpenSelfSignIn,
             lambda uow, activity_id, session_id, **c: handlers.open_self_sign_in(
                 uow, activity_id, session_id, now=web.now(), **c), W, FormSpec(
                 T + "session.html", _projection_url, _l("The sign-in link is open."),
                 _session_context))
form_command(bp, SESSION + "/<half_day>/close", "close", schemas.CloseSelfSignIn,
             handlers.close_self_sign_in, W, web.close_link_form(
                 _to_session, _l("The sign-in link is closed."), _session_context,
                 _l("Close the sign-in link?"),
                 _l("Participants will no longer be able to sign with it; "
                    "the signatures already made are kept."),
                 "activities.detail"))


# -- participants --------------------------------------------------------------------------

def _public_context(token, **_):
    sheet, current = handlers.sheet_of_token(g.uow, web.link_tokens(), token)
    activity = queries.load_activity(_store(), sheet.activity_id)
    office = activity.details["office"]
    state = sheet.state_at(web.now()) if current else "over"
    if state == "not_yet":
        return make_response(web.notice(gettext("Not open yet"), gettext(
            "This sign-in opens on %(when)s.", when=local_time(sheet.valid_from, office)),
            403))
    if state == "over":
        return make_response(web.notice(gettext("Sign-in closed"), gettext(
            "This sign-in link has expired: the half-day is over, or the team opened another "
            "link. Ask the team in the room."), 410))
    return {"page": queries.public_page(_engine(), _store(), sheet), "office": office}


def _signed_message(result) -> str:
    name = queries.short_names(_engine(), [result["person_id"]]).get(result["person_id"], "")
    # the name isolated from the text around it (a Latin name in an Arabic sentence)
    return gettext("Thank you, %(name)s: your presence is recorded (%(time)s).",
                   name=f"\u2068{name}\u2069",
                   time=local_time(result["signed_at"], result["office"], with_date=False))


def _again(result, token, **_) -> str:
    return url_for(".sign", token=token)


public.add_url_rule("/<token>", "sign", web.participant_page(form_view(
    schemas.Sign, lambda uow, token, **c: handlers.sign(
        uow, token, now=web.now(), tokens=web.link_tokens(), **c),
    FormSpec(T + "sign.html", _again, _signed_message, _public_context))),
    methods=["GET", "POST"])
