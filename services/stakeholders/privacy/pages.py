"""Pages of the privacy desk (admins): the erasure register, the people proposed for
erasure. The right-of-access document is a button of the person's page (the API's PDF)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from marshmallow import ValidationError

from shared.access.roles import PRIVACY_MANAGE
from shared.web.access import requires
from shared.web.schemas import ListArgs
from shared.web.wiring import engine as _engine

from . import queries, schemas, service

bp = Blueprint("privacy", __name__)


def _args(schema):
    """The query string, what is not understood dropped (and said)."""
    given = request.args.to_dict()
    try:
        return schema.load(given)
    except ValidationError as exc:
        flash(gettext("Some filters were not understood and were ignored."), "warning")
        return schema.load({k: v for k, v in given.items() if k not in exc.messages})


def _page_url(endpoint: str):
    return lambda number: url_for(endpoint, **{**request.args.to_dict(), "page": number})


@bp.get("/privacy/")
@requires(PRIVACY_MANAGE)
def desk():
    return redirect(url_for("privacy.erasures"))


@bp.get("/privacy/erasures")
@requires(PRIVACY_MANAGE)
def erasures():
    args = _args(ListArgs())
    page = queries.list_erasures(_engine(), **args)
    return render_template("stakeholders/privacy/erasures.html", page=page,
                           page_url=_page_url("privacy.erasures"))


@bp.get("/privacy/retention")
@requires(PRIVACY_MANAGE)
def retention():
    args = _args(schemas.RetentionArgs())
    page = service.retention(**args)
    return render_template("stakeholders/privacy/retention.html", page=page,
                           page_url=_page_url("privacy.retention"))
