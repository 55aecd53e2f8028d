"""The sign-in sheet as a PDF: its template and its stylesheet (a file beside the
template, as no template carries an inline style), rendered by shared.web.pdf."""
from __future__ import annotations

from pathlib import Path

from shared.web.pdf import render_pdf

TEMPLATE = "activities/sheets/sign_in_sheet.pdf.html"
STYLESHEET = (Path(__file__).parents[1] / "templates" / "activities" / "sheets"
              / "sign_in_sheet.css").as_uri()


def sheet_pdf(sheet: dict) -> bytes:
    """`sheet`: what queries.sign_in_sheet gives. Needs an app (request) context."""
    return render_pdf(TEMPLATE, sheet=sheet, stylesheet=STYLESHEET)
