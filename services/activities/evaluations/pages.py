"""Evaluation pages: for staff, the summary with the links and their QR codes, and the
paper answers form; for participants, the public evaluation page of a link."""
from __future__ import annotations

from flask import Blueprint, g, make_response, url_for
from flask_babel import gettext, lazy_gettext as _l

from shared.access.roles import ACTIVITIES_WRITE
from shared.web.commands import FormSpec, form_command, form_view
from shared.web.wiring import engine as _engine, store as _store

from ..participants import web
from ..queries import get_activity
from . import handlers, queries, schemas
from .domain import KINDS, PURPOSE

T = "activities/evaluations/"
W = ACTIVITIES_WRITE
ITEM = "/<activity_id>/evaluations"

bp = Blueprint("evaluations", __name__, template_folder="templates")
public = Blueprint("evaluations_public", __name__, url_prefix="/evaluation",
                   template_folder="templates")


KIND_LABELS = {"immediate": _l("Right after the activity"),
               "follow_up": _l("Follow-up, some weeks later")}


@bp.app_context_processor
def _context():
    return {"evaluation_summary": lambda activity_id: queries.summary(_store(), activity_id,
                                                                      web.now()),
            "labels_evaluation": lambda kind: str(KIND_LABELS.get(kind, kind))}


# -- staff ---------------------------------------------------------------------------------

def _context_of(activity_id, **_):
    summary = queries.summary(_store(), activity_id, web.now())
    links = {}
    for kind in KINDS:
        if summary.get(kind) and summary[kind]["link_open"]:
            url = public_url(queries.load_evaluation(_store(), activity_id, kind))
            links[kind] = {"url": url, "qr": web.qr_svg(url)}
    activity = get_activity(_engine(), _store(), activity_id)
    return {"activity": activity, "summary": summary, "links": links,
            "people": [r for r in activity["registrations"] if r["status"] == "registered"]}


def public_url(evaluation) -> str:
    token = web.link_tokens().token(PURPOSE, evaluation.id, evaluation.nonce)
    return url_for("participants.evaluations_public.answer", token=token, _external=True)


def _to_evaluations(result, activity_id, **_) -> str:
    return url_for("evaluations.overview", activity_id=activity_id)


form_command(bp, ITEM, "overview", schemas.OpenEvaluation,
             lambda uow, activity_id, **c: handlers.open_evaluation(
                 uow, activity_id, now=web.now(), **c), W, FormSpec(
                 T + "overview.html", _to_evaluations, _l("The evaluation link is open."),
                 _context_of, lambda c: {"days": 14}))
form_command(bp, ITEM + "/<kind>/close", "close", schemas.CloseEvaluation,
             handlers.close_evaluation, W, web.close_link_form(
                 _to_evaluations, _l("The evaluation link is closed."), _context_of,
                 _l("Close the evaluation link?"),
                 _l("Participants will no longer be able to answer with it; "
                    "the answers already given are kept."),
                 "evaluations.overview"))
form_command(bp, ITEM + "/paper", "paper", schemas.PaperAnswer,
             lambda uow, activity_id, **c: handlers.record_paper_answer(
                 uow, activity_id, now=web.now(), **c), W, FormSpec(
                 T + "paper.html", lambda result, activity_id: url_for(
                     "evaluations.paper", activity_id=activity_id),
                 _l("The answer has been recorded."), _context_of,
                 lambda c: {"kind": "immediate"}))


# -- participants --------------------------------------------------------------------------

def _public_context(token, **_):
    evaluation, current = handlers.evaluation_of_token(g.uow, web.link_tokens(), token)
    if not current or not evaluation.link_open(web.now()):
        return make_response(web.notice(gettext("Evaluation closed"), gettext(
            "This evaluation link has expired. Thank you for your interest."), 410))
    return {"page": queries.public_page(_engine(), _store(), evaluation)}


public.add_url_rule("/<token>", "answer", web.participant_page(form_view(
    schemas.Answer, lambda uow, token, **c: handlers.answer(
        uow, token, now=web.now(), tokens=web.link_tokens(), **c),
    FormSpec(T + "answer.html", lambda result, token: url_for(".answer", token=token),
             _l("Thank you: your answer is recorded."), _public_context))),
    methods=["GET", "POST"])
