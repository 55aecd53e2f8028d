"""The opportunity pages: the search with its form, the map of Europe, an opportunity; the
commands through shared.web.commands (schema, handler, template, one line of wiring)."""
from __future__ import annotations

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext, lazy_gettext as _l
from marshmallow import ValidationError

from shared.access.roles import MISSIONS_READ, MISSIONS_WRITE
from shared.web.access import requires
from shared.web.auth import current_staff
from shared.web.commands import FormSpec, form_command, form_values
from shared.web.wiring import engine as _engine, store as _store

from . import handlers, labels, queries, schemas
from .domain import EUROPE
from .map import SHADES, atlas, legend, shade

bp = Blueprint("opportunities", __name__, url_prefix="/opportunities",
               template_folder="templates")
T = "opportunities/"
W = MISSIONS_WRITE
FILTERS = ("age", "education", "language", "scheme", "country", "q", "on", "closed")


@bp.context_processor
def _context():
    return {"labels": labels, "may_write": _may_write}


def _may_write() -> bool:
    staff = current_staff()
    return bool(staff and staff.may(MISSIONS_WRITE))


def _query() -> dict:
    raw = {k: v for k, v in request.args.to_dict().items() if k != "language"}
    return {**raw, "language": [v for v in request.args.getlist("language") if v.strip()]}


@bp.get("/")
@requires(MISSIONS_READ)
def index():
    raw = _query()
    try:
        args = schemas.SearchArgs().load(raw)
    except ValidationError as exc:
        flash(gettext("Some filters were not understood and were ignored."), "warning")
        args = schemas.SearchArgs().load({k: v for k, v in raw.items() if k not in exc.messages})
    page = queries.search(_engine(), **args)

    def page_url(number: int) -> str:
        return url_for("opportunities.index", **{**raw, "page": number})

    return render_template(T + "search.html", page=page, args=args, page_url=page_url,
                           filtered=any(args.get(k) for k in FILTERS))


@bp.get("/map")
@requires(MISSIONS_READ)
def map_of_europe():
    counts = queries.open_by_country(_engine())
    most = max(counts.values(), default=0)
    return render_template(T + "map.html", atlas=atlas(), counts=counts, most=most,
                           shades=SHADES, shade=shade, legend=legend(most),
                           destinations=set(EUROPE))


@bp.get("/<opportunity_id>")
@requires(MISSIONS_READ)
def detail(opportunity_id):
    return render_template(T + "detail.html", o=queries.get_opportunity(_store(), opportunity_id),
                           history=queries.history(_engine(), _store(), opportunity_id))


# -- what the command forms show -----------------------------------------------------------

def _opportunity(opportunity_id, **_):
    return {"o": queries.get_opportunity(_store(), opportunity_id)}


def _to_detail(result, opportunity_id=None, **_) -> str:
    return url_for("opportunities.detail", opportunity_id=opportunity_id or result.id)


def _values(form, schema):
    """Languages come as ticked boxes and a free "other codes" box ("pl, ro")."""
    values = form_values(form, schema)
    values["languages"] = [*values.get("languages", ()),
                           *(c.strip() for c in form.get("other_languages", "").split(",")
                             if c.strip())]
    if "other_languages" in form:
        values["other_languages"] = form["other_languages"]
    return values


def _edit_initial(context) -> dict:
    o = context["o"]
    common = [c for c in o["languages"] if c in labels.COMMON_LANGUAGES]
    return {**{k: o.get(k) for k in ("title", "scheme", "country", "min_age", "max_age",
                                     "education_level", "opens_on", "deadline", "partner",
                                     "link", "description")},
            "languages": common,
            "other_languages": ", ".join(c for c in o["languages"] if c not in common),
            "expected_version": o["version"]}


# -- the commands: one line each -----------------------------------------------------------

form_command(bp, "/new", "new", schemas.PublishOpportunity, handlers.publish_opportunity, W,
             FormSpec(T + "form.html", _to_detail, _l("The opportunity has been published."),
                      lambda **_: {"o": None}, lambda c: {"languages": []}, values=_values))
form_command(bp, "/<opportunity_id>/edit", "edit", schemas.CorrectOpportunity,
             handlers.correct_opportunity, W, FormSpec(
                 T + "form.html", _to_detail, _l("The changes have been saved."), _opportunity,
                 _edit_initial, values=_values))
form_command(bp, "/<opportunity_id>/withdraw", "withdraw", schemas.Withdraw,
             handlers.withdraw_opportunity, W, FormSpec(
                 T + "withdraw.html", _to_detail, _l("The opportunity has been withdrawn."),
                 _opportunity, lambda c: {"expected_version": c["o"]["version"]}))
