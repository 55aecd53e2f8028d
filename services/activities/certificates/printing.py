"""Certificates as a PDF, one page each: their template and their stylesheet (a file beside
the template, as no template carries an inline style), rendered by shared.web.pdf."""
from __future__ import annotations

from pathlib import Path

from shared.web.pdf import render_pdf

TEMPLATE = "activities/certificates/certificate.pdf.html"
STYLESHEET = (Path(__file__).parents[1] / "templates" / "activities" / "certificates"
              / "certificate.css").as_uri()


def certificates_pdf(statements: list[dict]) -> bytes:
    """`statements`: what queries.certificate(s) give. Needs an app (request) context."""
    return render_pdf(TEMPLATE, certificates=statements, stylesheet=STYLESHEET)
