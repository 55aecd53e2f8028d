"""The accompaniment pages: queries render, commands go through shared.web.commands (their
schema, their handler, their template and one line of wiring each)."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext, lazy_gettext as _l
from marshmallow import ValidationError

from shared.access.roles import MISSIONS_READ, MISSIONS_WRITE
from shared.eventstore import NotFound
from shared.web.access import requires
from shared.web.auth import current_staff
from shared.web.commands import FormSpec, form_command
from shared.web.wiring import engine as _engine, store as _store

from .. import queries as mission_queries
from . import handlers, labels, queries, schemas
from .api import may_read_notes
from .domain import DECIDED

bp = Blueprint("accompaniment", __name__, url_prefix="/accompaniments",
               template_folder="templates")
T = "accompaniment/"
W = MISSIONS_WRITE


@bp.context_processor
def _context():
    return {"labels": labels, "may_write": _may_write}


def _may_write() -> bool:
    staff = current_staff()
    return bool(staff and staff.may(MISSIONS_WRITE))


def _args(schema, raw: dict) -> dict:
    """The filters understood; the others are ignored with a word of warning."""
    try:
        return schema.load(raw)
    except ValidationError as exc:
        flash(gettext("Some filters were not understood and were ignored."), "warning")
        return schema.load({k: v for k, v in raw.items() if k not in exc.messages})


@bp.get("/")
@requires(MISSIONS_READ)
def index():
    raw = request.args.to_dict()
    args = _args(schemas.AccompanimentListArgs(), raw)
    page = queries.list_accompaniments(_engine(), **args)

    def page_url(number: int) -> str:
        return url_for("accompaniment.index", **{**raw, "page": number})

    filtered = any(args.get(k) for k in ("q", "programme", "stage", "office"))
    return render_template(T + "list.html", page=page, args=args, page_url=page_url,
                           filtered=filtered)


@bp.get("/late-documents")
@requires(MISSIONS_READ)
def late():
    raw = request.args.to_dict()
    args = _args(schemas.LateArgs(), raw)
    page = queries.late_documents(_engine(), **args)

    def page_url(number: int) -> str:
        return url_for("accompaniment.late", **{**raw, "page": number})

    return render_template(T + "late.html", page=page, args=args, page_url=page_url)


@bp.get("/<accompaniment_id>")
@requires(MISSIONS_READ)
def detail(accompaniment_id):
    accompaniment = queries.get_accompaniment(_engine(), _store(), accompaniment_id,
                                              with_notes=may_read_notes())
    return render_template(T + "detail.html", a=accompaniment, notes_shown=may_read_notes(),
                           history=queries.history(_engine(), _store(), accompaniment_id))


# -- what the command forms show -----------------------------------------------------------

def _accompaniment(accompaniment_id, **_):
    return {"a": queries.get_accompaniment(_engine(), _store(), accompaniment_id)}


def _versioned(context) -> dict:
    return {"expected_version": context["a"]["version"]}


def _dated(context) -> dict:
    return {**_versioned(context), "on": dt.date.today().isoformat()}


def _to_detail(result, accompaniment_id=None, **_) -> str:
    return url_for("accompaniment.detail", accompaniment_id=accompaniment_id or result.id)


def _new_context(**_):
    """The form's choices: associations, and the programmes reporting has defined (the
    directory's two codes while it has defined none)."""
    known = mission_queries.known_programmes(_engine())
    programmes = ([(p["code"], f"{p['code']} — {p['name']}") for p in known.values()]
                  or labels.choices(labels.PROGRAMME))
    return {"a": None, "programmes": programmes,
            "organisations": [(o["id"], o["name"]) for o in queries.all_organisations(_engine())]}


def _stage_context(accompaniment_id, **_):
    context = _accompaniment(accompaniment_id)
    return {**context, "stages": [(s, labels.show(labels.STAGE, s))
                                  for s in context["a"]["next_stages"] if s not in DECIDED]}


def _document_context(accompaniment_id, document_id, **_):
    context = _accompaniment(accompaniment_id)
    document = next((d for d in context["a"]["documents"] if d["id"] == document_id), None)
    if document is None:
        raise NotFound("document", document_id)
    return {**context, "document": document}


# -- the commands: one line each -----------------------------------------------------------

form_command(bp, "/new", "new", schemas.OpenAccompaniment, handlers.open_accompaniment, W,
             FormSpec(T + "form.html", _to_detail, _l("The accompaniment has been opened."),
                      _new_context))
form_command(bp, "/<accompaniment_id>/stage", "stage", schemas.ChangeStage,
             handlers.change_stage, W, FormSpec(
                 T + "stage.html", _to_detail, _l("The project has moved to its next stage."),
                 _stage_context, _dated))
form_command(bp, "/<accompaniment_id>/decision", "decision", schemas.Decide, handlers.decide,
             W, FormSpec(T + "decision.html", _to_detail,
                         _l("The committee's decision has been recorded."), _accompaniment,
                         _dated))
form_command(bp, "/<accompaniment_id>/coaching", "coaching", schemas.RecordCoaching,
             handlers.record_coaching, W, FormSpec(
                 T + "coaching.html", _to_detail, _l("The coaching session has been recorded."),
                 _accompaniment, lambda c: {**_versioned(c), "date": dt.date.today().isoformat()}))
form_command(bp, "/<accompaniment_id>/documents/new", "expect_document",
             schemas.ExpectDocument, handlers.expect_document, W, FormSpec(
                 T + "document.html", _to_detail, _l("The document is expected."),
                 _accompaniment, _versioned))
form_command(bp, "/<accompaniment_id>/documents/<document_id>/received", "receive_document",
             schemas.ReceiveDocument, handlers.receive_document, W, FormSpec(
                 T + "received.html", _to_detail, _l("The document has been received."),
                 _document_context, lambda c: {**_versioned(c),
                                               "received_on": dt.date.today().isoformat()}))
