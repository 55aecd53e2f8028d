"""One function per command on terms of reference: load, decide, append.

Called as handler(uow, **path arguments, **command) by shared.web.commands. A command may
leave out expected_version: it is then decided on the current version (the append still
refuses a stream that moved meanwhile).
"""
from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert

from shared.eventstore import UnitOfWork

from ..domain import Activity
from .domain import TermsOfReference
from .projections import documents


def _new_id() -> str:
    return str(uuid.uuid4())


def draft_terms(uow: UnitOfWork, *, activity_id: str, **terms: Any) -> TermsOfReference:
    """Draft the terms of reference for hiring a consultant for an activity."""
    uow.get(Activity, activity_id)  # a ToR belongs to an activity that exists
    drafted = TermsOfReference.draft(_new_id(), activity_id=activity_id, **terms)
    uow.save(drafted)
    return drafted


def _decide(uow: UnitOfWork, terms_id: str, expected_version: int | None,
            decide) -> TermsOfReference:
    terms = uow.get(TermsOfReference, terms_id, expected_version)
    decide(terms)
    uow.save(terms)
    return terms


def receive_application(uow: UnitOfWork, terms_id: str, *,
                        expected_version: int | None = None, document: dict | None = None,
                        **application: Any) -> dict[str, Any]:
    """Record an application received (the consultant, their proposal, optionally its
    document: {filename, content_type, content}, kept in the same transaction)."""
    application_id = _new_id()
    terms = uow.get(TermsOfReference, terms_id, expected_version)
    terms.receive_application(application_id, document=document and document["filename"],
                              **application)
    uow.save(terms, also=document and (lambda conn: conn.execute(insert(documents).values(
        application_id=application_id, terms_id=terms_id, **document))))
    return {"id": terms.id, "version": terms.version, "application_id": application_id}


def score_application(uow: UnitOfWork, terms_id: str, application_id: str, *,
                      scores: list[dict], expected_version: int | None = None
                      ) -> TermsOfReference:
    """Score an application against every criterion of the terms of reference."""
    return _decide(uow, terms_id, expected_version, lambda t: t.score(application_id, scores))


def choose_consultant(uow: UnitOfWork, terms_id: str, *, application_id: str, reason: str,
                      expected_version: int | None = None) -> TermsOfReference:
    """Choose one application, saying why; the others are recorded as not selected."""
    return _decide(uow, terms_id, expected_version,
                   lambda t: t.choose(application_id, reason))


def assess_work(uow: UnitOfWork, terms_id: str, *, ratings: list[dict],
                comment: str | None = None, expected_version: int | None = None
                ) -> TermsOfReference:
    """Assess the consultant's work: a rating 1-5 per deliverable and a comment."""
    return _decide(uow, terms_id, expected_version, lambda t: t.assess(ratings, comment))
