"""The participant pages' common ground: their blueprint (layout, styles, error pages in the
participant's language), the clock and tokens the composition root provides, QR codes."""
from __future__ import annotations

import datetime as dt

import segno
from flask import Blueprint, current_app, render_template, url_for
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from werkzeug.exceptions import NotFound, TooManyRequests

from shared.eventstore import NotFound as StreamNotFound
from shared.web.access import participant_facing
from shared.web.commands import FormSpec
from shared.web.limits import rate_limited

from .links import LinkTokens

T = "activities/participants/"
LANGUAGES = (("fr", "Français"), ("ar", "العربية"), ("en", "English"))
# Per client address, generous: a whole room on one Wi-Fi signs within minutes.
PAGE_LIMIT = (300, 60)


def participant_page(view):
    """A public, token-guarded, rate-limited page in the participant's language."""
    return participant_facing(rate_limited("participants", *PAGE_LIMIT)(view))


def now() -> dt.datetime:
    """The time links are checked against (the composition root may set another clock)."""
    clock = current_app.extensions["argan"].get("clock")
    return clock() if clock else dt.datetime.now(dt.timezone.utc)


def link_tokens() -> LinkTokens:
    return current_app.extensions["argan"]["link_tokens"]


def qr_svg(url: str) -> Markup:
    """The QR code of `url` as inline SVG (drawn here: nothing fetched)."""
    return Markup(segno.make(url, error="m").svg_inline(scale=8, border=2))


def notice(title: str, message: str, status: int):
    """A page that says why the link cannot be used (before, after, unknown...)."""
    return render_template(T + "notice.html", title=title, message=message), status


def not_valid():
    return notice(gettext("Link not valid"), gettext(
        "This link is not valid. Check that it was copied whole, or scan the QR code again."),
        404)


def close_link_form(done, success, context, title, explanation, back: str) -> FormSpec:
    """The staff's form that closes a participants' link; `back`: the endpoint to return to
    (given the activity's id)."""
    return FormSpec("activities/participants/close_link.html", done, success, context, extra={
        "title": title, "explanation": explanation,
        "back": lambda activity: url_for(back, activity_id=activity["id"])})


def blueprint(*children: Blueprint) -> Blueprint:
    """The public pages under /p/ (one per app: a blueprint's children are fixed once it is
    registered)."""
    bp = Blueprint("participants", __name__, url_prefix="/p", static_folder="static",
                   template_folder="templates")
    bp.register_error_handler(NotFound, lambda exc: not_valid())
    bp.register_error_handler(StreamNotFound, lambda exc: not_valid())
    bp.register_error_handler(TooManyRequests, _too_many)
    bp.register_error_handler(CSRFError, lambda exc: notice(
        gettext("Please try again"),
        gettext("The page has expired. Open the link again and retry."), 400))
    bp.app_context_processor(lambda: {"participant_languages": LANGUAGES})
    for child in children:
        bp.register_blueprint(child)
    return bp


def _too_many(exc):
    page, status = notice(gettext("Please wait"), gettext(
        "Too many requests; please wait a moment and try again."), 429)
    return page, status, {"Retry-After": str(getattr(exc, "retry_after", None) or 60)}
