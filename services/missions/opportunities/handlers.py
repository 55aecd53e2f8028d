"""One function per command: load, decide, append (with the projections, in one
transaction). Called as handler(uow, **path arguments, **command) by shared.web.commands."""
from __future__ import annotations

import uuid
from typing import Any

from shared.eventstore import UnitOfWork

from .domain import Opportunity


def publish_opportunity(uow: UnitOfWork, **details: Any) -> Opportunity:
    """Publish a mobility opportunity (a legal route to a European country)."""
    opportunity = Opportunity.publish(str(uuid.uuid4()), **details)
    uow.save(opportunity)
    return opportunity


def correct_opportunity(uow: UnitOfWork, opportunity_id: str, expected_version: int,
                        **changes: Any) -> Opportunity:
    """Correct an opportunity: send only the fields that change."""
    opportunity = uow.get(Opportunity, opportunity_id, expected_version)
    opportunity.correct(changes)
    uow.save(opportunity)
    return opportunity


def withdraw_opportunity(uow: UnitOfWork, opportunity_id: str, expected_version: int, *,
                         reason: str) -> Opportunity:
    """Withdraw an opportunity no longer offered, saying why."""
    opportunity = uow.get(Opportunity, opportunity_id, expected_version)
    opportunity.withdraw(reason)
    uow.save(opportunity)
    return opportunity
