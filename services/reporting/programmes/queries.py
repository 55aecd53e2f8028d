"""Read side of programmes: the logframe as pages and API show it."""
from __future__ import annotations

from sqlalchemy import Connection, select

from shared.eventstore import NotFound

from .projections import action_plan, indicators, programmes, submitted_reports


def list_programmes(conn: Connection) -> dict:
    items = [dict(r._mapping) for r in conn.execute(select(programmes)
                                                   .order_by(programmes.c.code))]
    return {"items": items, "total": len(items)}


def get_programme(conn: Connection, code: str) -> dict:
    row = conn.execute(select(programmes).where(programmes.c.code == code)).first()
    if row is None:
        raise NotFound("programme", code)
    return {**row._mapping,
            "indicators": [dict(r._mapping) for r in conn.execute(
                select(indicators).where(indicators.c.programme == code)
                .order_by(indicators.c.position))],
            "action_plan": [dict(r._mapping) for r in conn.execute(
                select(action_plan).where(action_plan.c.programme == code)
                .order_by(action_plan.c.year, action_plan.c.quarter, action_plan.c.office,
                          action_plan.c.kind))]}


def submitted(conn: Connection, code: str) -> list[dict]:
    return [dict(r._mapping) for r in conn.execute(
        select(submitted_reports.c.report_id, submitted_reports.c.period_from,
               submitted_reports.c.period_to, submitted_reports.c.as_of,
               submitted_reports.c.submitted_at)
        .where(submitted_reports.c.programme == code)
        .order_by(submitted_reports.c.submitted_at.desc()))]


def submitted_report(conn: Connection, code: str, report_id: str) -> dict:
    row = conn.execute(select(submitted_reports)
                       .where(submitted_reports.c.programme == code)
                       .where(submitted_reports.c.report_id == report_id)).first()
    if row is None:
        raise NotFound("report", report_id)
    return dict(row._mapping)
