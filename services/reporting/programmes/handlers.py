"""One function per command on programmes: load, decide, append (with the read tables, in
one transaction). Called as handler(uow, **path arguments, **command)."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from shared.eventstore import ConcurrencyError, DomainError, UnitOfWork

from .domain import N_, Programme


def define_programme(uow: UnitOfWork, *, code: str, name: str, starts_on: dt.date,
                     ends_on: dt.date, funder_id: str | None = None, offices=()) -> Programme:
    """Define a programme (its code is its identifier, for good)."""
    programme = Programme.define(code, name, starts_on, ends_on, funder_id, offices)
    try:
        uow.save(programme)
    except ConcurrencyError:
        raise DomainError(N_("A programme with this code exists already."), "code") from None
    return programme


def define_indicator(uow: UnitOfWork, code: str, *, indicator_code: str, name: str,
                     measure: str, baseline: float | None = None, targets=(),
                     disaggregations=(), filters=None,
                     expected_version: int | None = None) -> dict[str, Any]:
    """Add an indicator to the programme's logframe: what it counts, its targets, and how
    it is disaggregated."""
    programme = uow.get(Programme, code, expected_version)
    programme.define_indicator(indicator_code, name, measure, baseline, targets,
                               disaggregations, filters)
    uow.save(programme)
    return {"id": indicator_code, "programme": code, "version": programme.version}


def plan_activities(uow: UnitOfWork, code: str, *, year: int, quarter: int, kind: str,
                    office: str, number: int, expected_version: int | None = None
                    ) -> dict[str, Any]:
    """Add a line to the programme's action plan."""
    programme = uow.get(Programme, code, expected_version)
    line_id = str(uuid.uuid4())
    programme.plan_activities(line_id, year, quarter, kind, office, number)
    uow.save(programme)
    return {"id": line_id, "programme": code, "version": programme.version}


def submit_report(uow: UnitOfWork, code: str, *, period_from: dt.date, period_to: dt.date,
                  as_of: dt.datetime, snapshot: dict) -> dict[str, Any]:
    """Freeze the funder report as sent (the snapshot is computed by the caller)."""
    programme = uow.get(Programme, code)
    report_id = str(uuid.uuid4())
    programme.submit_report(report_id, period_from, period_to, as_of, snapshot)
    uow.save(programme)
    return {"id": report_id, "programme": code, "version": programme.version}
