"""The read side of terms of reference: a ToR folded from its stream (with its applications
ranked), and the ToRs of an activity (from the projection)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from shared.access.tables import staff_members
from shared.eventstore import NotFound

from ..domain import registry
from .domain import TermsOfReference
from .projections import documents, terms_table


def load(store, terms_id: str) -> TermsOfReference:
    stored = store.load(terms_id)
    if not stored or stored[0].stream_type != TermsOfReference.stream_type:
        raise NotFound(TermsOfReference.stream_type, terms_id)
    return TermsOfReference.rebuild(terms_id, (registry.to_event(s.type, s.data)
                                               for s in stored))


def get_terms(store, terms_id: str) -> dict[str, Any]:
    terms = load(store, terms_id)
    d = terms.details
    applications = []
    for rank, (application, total) in enumerate(terms.ranking(), start=1):
        outcome = ("pending" if terms.chosen is None else
                   "selected" if application.id == terms.chosen else "not_selected")
        applications.append({
            "id": application.id, "consultant_name": application.consultant_name,
            "organisation": application.organisation, "email": application.email,
            "phone": application.phone, "proposal_amount": application.proposal_amount,
            "document": application.document, "scores": application.scores,
            "weighted_total": total, "rank": rank if total is not None else None,
            "outcome": outcome})
    return {"id": terms.id, "version": terms.version, "activity_id": d["activity_id"],
            "title": d["title"], "context": d["context"], "objectives": d["objectives"],
            "deliverables": d["deliverables"], "start": d["start"], "end": d["end"],
            "budget": d["budget"], "currency": d["currency"], "criteria": d["criteria"],
            "status": terms.status, "applications": applications, "chosen": terms.chosen,
            "choice_reason": terms.choice_reason, "assessment": terms.assessment}


def terms_of_activity(engine: Engine, activity_id: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(terms_table).where(terms_table.c.activity_id == activity_id)
                            .order_by(terms_table.c.updated_at.desc())).mappings().all()
    return [dict(r) for r in rows]


def facilitators(engine: Engine) -> dict[str, list[str]]:
    """Who may facilitate an activity: the staff (accounts not disabled) and the consultants
    chosen through terms of reference, by name."""
    with engine.connect() as conn:
        staff = conn.execute(select(staff_members.c.name).where(~staff_members.c.disabled)
                             .order_by(staff_members.c.name)).scalars().all()
        consultants = conn.execute(select(terms_table.c.consultant).distinct()
                                   .where(terms_table.c.consultant.is_not(None))
                                   .order_by(terms_table.c.consultant)).scalars().all()
    return {"staff": list(staff), "consultants": list(consultants)}


def document_of(engine: Engine, terms_id: str, application_id: str) -> dict[str, Any]:
    """The proposal uploaded with an application: {filename, content_type, content}."""
    with engine.connect() as conn:
        row = conn.execute(select(documents.c.filename, documents.c.content_type,
                                  documents.c.content)
                           .where(documents.c.terms_id == terms_id,
                                  documents.c.application_id == application_id)
                           ).mappings().first()
    if row is None:
        raise NotFound("document", application_id)
    return dict(row)
