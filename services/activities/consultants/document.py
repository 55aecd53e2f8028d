"""The terms of reference as a PDF (shared.web.pdf: WeasyPrint, our fonts, nothing fetched),
and a proposal uploaded with an application, sent back as it came."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from flask import Response

from shared.web.pdf import render_pdf

STYLE = (Path(__file__).parent / "terms.css").as_uri()  # a file of ours: no inline style


def terms_pdf(terms: dict) -> Response:
    pdf = render_pdf("activities/consultants/terms.pdf.html", terms=terms, stylesheet=STYLE)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="termes-de-reference-{terms["id"][:8]}.pdf"'})


def document_response(document: dict) -> Response:
    """A download, never shown inline: the file is what a consultant sent."""
    name = quote(document["filename"])
    return Response(document["content"], mimetype=document["content_type"], headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{name}",
        "X-Content-Type-Options": "nosniff"})
