"""The evaluation summary of an activity (for its page and the API) and what the public
evaluation page shows (first names and initials only)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine

from ..participants.queries import load, load_activity, short_names
from .domain import FOLLOW_UP_FOR, KINDS, Evaluation, evaluation_id, registry


def load_evaluation(store, activity_id: str, kind: str) -> Evaluation | None:
    return load(store, Evaluation, registry, evaluation_id(activity_id, kind))


def summary(store, activity_id: str, now: dt.datetime | None = None) -> dict[str, Any]:
    """Per kind: count, average, distribution, comments, and the link's state; the
    follow-up only for trainings (None otherwise)."""
    activity = load_activity(store, activity_id)
    out: dict[str, Any] = {"activity_id": activity_id}
    for kind in KINDS:
        if kind == "follow_up" and activity.details["kind"] not in FOLLOW_UP_FOR:
            out[kind] = None
            continue
        evaluation = load_evaluation(store, activity_id, kind) or Evaluation(
            evaluation_id(activity_id, kind))
        out[kind] = {**evaluation.summary(),
                     "link_open": bool(now and evaluation.link_open(now)),
                     "valid_until": evaluation.valid_until if evaluation.nonce else None}
    return out


def public_page(engine: Engine, store, evaluation: Evaluation) -> dict[str, Any]:
    activity = load_activity(store, evaluation.activity_id)
    registered = [r.person_id for r in activity.registered()]
    names = short_names(engine, registered)
    answered = {a.person_id for a in evaluation.answers}
    people = sorted(({"person_id": p, "name": names.get(p, "?"), "answered": p in answered}
                     for p in registered), key=lambda p: p["name"].casefold())
    return {"title": activity.details["title"], "kind": evaluation.kind, "people": people}
