"""Evaluation commands: staff open (or close) the link of an evaluation and type paper
answers; a participant answers through the link."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from shared.eventstore import DomainError, UnitOfWork

from ..domain import N_, Activity
from ..participants.links import LinkTokens, by_token, get_or_start, new_nonce, retrying
from .domain import PURPOSE, Evaluation, check_kind, evaluation_id


def open_evaluation(uow: UnitOfWork, activity_id: str, *, kind: str, days: int,
                    now: dt.datetime) -> dict[str, Any]:
    """Open the link of an evaluation for `days` (a new one voids the one before)."""
    activity = uow.get(Activity, activity_id)
    evaluation = get_or_start(uow, Evaluation, evaluation_id(activity_id, kind))
    evaluation.open_link(activity_id, kind, activity.details["kind"], activity.status, now,
                         days, new_nonce())
    uow.save(evaluation)
    return {"id": evaluation.id, "version": evaluation.version, "kind": kind,
            "valid_until": evaluation.valid_until,
            "evaluation": evaluation}  # (for the link's address; not answered as such)


def close_evaluation(uow: UnitOfWork, activity_id: str, kind: str, **_) -> Evaluation:
    """Close an evaluation's link before it expires."""
    evaluation = uow.get(Evaluation, evaluation_id(activity_id, kind))
    evaluation.close_link()
    uow.save(evaluation)
    return evaluation


def record_paper_answer(uow: UnitOfWork, activity_id: str, *, kind: str, satisfaction: int,
                        now: dt.datetime, person_id: str | None = None,
                        comments: str | None = None) -> dict[str, Any]:
    """Type an answer from a paper form (the participant's name is optional)."""
    activity = uow.get(Activity, activity_id)
    check_kind(kind, activity.details["kind"], activity.status)
    evaluation = get_or_start(uow, Evaluation, evaluation_id(activity_id, kind))
    answer_id = str(uuid.uuid4())
    evaluation.answer(activity_id, kind, answer_id, person_id,
                      {r.person_id for r in activity.registered()}, satisfaction, comments,
                      "paper", now)
    uow.save(evaluation)
    return {"id": answer_id, "version": evaluation.version}


def evaluation_of_token(uow: UnitOfWork, tokens: LinkTokens, token: str
                        ) -> tuple[Evaluation, bool]:
    """The evaluation a token opens, and whether it is its current link."""
    return by_token(uow, Evaluation, tokens, PURPOSE, token)


def answer(uow: UnitOfWork, token: str, *, person_id: str, satisfaction: int,
           now: dt.datetime, tokens: LinkTokens, comments: str | None = None
           ) -> dict[str, Any]:
    """A participant answers through the link."""
    return retrying(lambda: _answer(uow, token, person_id, satisfaction, now, tokens,
                                    comments))


def _answer(uow, token, person_id, satisfaction, now, tokens, comments) -> dict[str, Any]:
    evaluation, current = evaluation_of_token(uow, tokens, token)
    if not current:
        raise DomainError(N_("This evaluation link is not open now."))
    activity = uow.get(Activity, evaluation.activity_id)
    answer_id = str(uuid.uuid4())
    evaluation.answer(evaluation.activity_id, evaluation.kind, answer_id, person_id,
                      {r.person_id for r in activity.registered()}, satisfaction, comments,
                      "participant", now)
    uow.save(evaluation)
    return {"id": answer_id, "version": evaluation.version, "person_id": person_id}
