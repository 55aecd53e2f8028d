"""What the pages and the API of the privacy desk share: the settings and clock they read,
the document gathered from every service."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import force_locale

from shared.eventstore import NotFound
from shared.web.pdf import render_pdf
from shared.web.wiring import engine as _engine

from . import queries
from .personal_data import document, person_exists, text

# beside the template: no template carries an inline style (the security headers' rule)
STYLESHEET = (Path(__file__).parents[1] / "templates" / "stakeholders" / "privacy"
              / "personal_data.css").as_uri()


def _argan() -> dict:
    return current_app.extensions["argan"]


def today() -> dt.date:
    """The day (tests fix it with extensions["argan"]["today"])."""
    return _argan().get("today", dt.date.today)()


def retention(**args) -> dict[str, Any]:
    settings = _argan()["settings"]
    return queries.retention_candidates(
        _engine(), today=today(), inactive_days=settings.retention_inactive_days,
        archived_days=settings.retention_archived_days, **args)


def personal_data(person_id: str) -> dict[str, Any]:
    """The right-of-access document (404 for an unknown person, before any call out)."""
    with _engine().connect() as conn:
        if not person_exists(conn, person_id):
            raise NotFound("person", person_id)
    others = _argan()["personal_data_client"].parts(person_id)
    with _engine().connect() as conn:
        return document(conn, person_id, others)


def personal_data_pdf(doc: dict[str, Any]) -> bytes:
    with force_locale("fr"):
        generated = text(dt.datetime.fromisoformat(doc["generated_at"]))
    parts = [{**part, "sections": [{**s, "columns": _columns(s["rows"])}
                                   for s in part["sections"]]} for part in doc["services"]]
    return render_pdf("stakeholders/privacy/personal_data.pdf.html", stylesheet=STYLESHEET,
                      doc={**doc, "services": parts}, generated=generated)


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    """Every column of a section's rows, in the order they first appear."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)
