"""The terms of reference as a PDF (shared.web.pdf: WeasyPrint, our fonts, nothing fetched)."""
from __future__ import annotations

from flask import Response

from shared.web.pdf import render_pdf


def terms_pdf(terms: dict) -> Response:
    pdf = render_pdf("activities/consultants/terms.pdf.html", terms=terms)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="termes-de-reference-{terms["id"][:8]}.pdf"'})
