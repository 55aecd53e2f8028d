"""What the accompaniment pages call things: programmes, stages, kinds of documents."""
from __future__ import annotations

import datetime as dt

from flask_babel import format_date, format_decimal, gettext, lazy_gettext as _l

PROGRAMME = {"PRA": "PRA/OSIM", "GENCLIMAT": "Génération Climat"}
OFFICE = {"marseille": "Marseille", "agadir": "Agadir", "taliouine": "Taliouine",
          "tiznit": "Tiznit"}
STAGE = {"idea": _l("Idea"), "structuring": _l("Structuring"), "submitted": _l("Submitted"),
         "selected": _l("Selected"), "not_selected": _l("Not selected"),
         "under_way": _l("Under way"), "final_report": _l("Final report"),
         "closed": _l("Closed")}
DOCUMENT = {"budget": _l("Budget"), "application": _l("Application file"),
            "interim_report": _l("Interim report"), "final_report": _l("Final report"),
            "receipts": _l("Receipts"), "other": _l("Other document")}


def choices(table: dict) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in table.items()]


def show(table: dict, code) -> str:
    return str(table.get(code, code or "—"))


def euros(amount) -> str:
    """12000.0 -> '12 000 €' (as staff in Marseille and Agadir write it)."""
    if amount is None:
        return "—"
    return f"{format_decimal(amount, format='#,##0.##')}\u00a0€"


def document_label(document: dict) -> str:
    """The label typed, else the kind's name (the domain stores the kind as the label)."""
    label = document.get("label")
    return show(DOCUMENT, document["kind"]) if not label or label == document["kind"] else label


def _day(value) -> str:
    return format_date(dt.date.fromisoformat(value), "short") if value else "—"


def event_line(event_type: str, data: dict) -> str:
    """One history line for a stored event of an accompaniment (no coaching notes: the
    history is shown to everyone who may read the project)."""
    kind = event_type.split(".", 1)[1]
    if kind == "opened":
        return gettext("Accompaniment opened")
    if kind == "stage_changed":
        return gettext("Stage: %(stage)s on %(day)s", stage=show(STAGE, data.get("stage")),
                       day=_day(data.get("on")))
    if kind == "decided":
        return (gettext("Selected by the committee, %(amount)s granted",
                        amount=euros(data.get("budget_granted"))) if data.get("selected")
                else gettext("Not selected by the committee"))
    if kind == "coaching_recorded":
        return gettext("Coaching session on %(day)s (%(hours)s h)", day=_day(data.get("date")),
                       hours=data.get("hours"))
    if kind == "document_expected":
        return gettext("Document expected by %(day)s: %(document)s", day=_day(data.get("due_on")),
                       document=document_label(data))
    if kind == "document_received":
        return gettext("Document received on %(day)s", day=_day(data.get("received_on")))
    return event_type
