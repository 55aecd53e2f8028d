"""What the accompaniment pages call things: programmes, stages, kinds of documents."""
from __future__ import annotations

from flask_babel import format_decimal, lazy_gettext as _l

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
