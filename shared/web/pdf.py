"""PDF documents (sign-in sheets, certificates, terms of reference, funder reports).

HTML rendered by a template becomes a PDF with WeasyPrint. The fonts are the project's own
(static/fonts, DejaVu: Latin and Arabic), declared here, and every URL a document names is
refused unless it is one of our files: a document never fetches anything from the network.
"""
from __future__ import annotations

from pathlib import Path

from flask import render_template
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher
from weasyprint.text.fonts import FontConfiguration

FONTS = Path(__file__).parent / "static" / "fonts"
BASE_CSS = f"""
@font-face {{ font-family: "Argan Sans"; src: url("{(FONTS / 'DejaVuSans.ttf').as_uri()}"); }}
@font-face {{ font-family: "Argan Sans"; font-weight: bold;
             src: url("{(FONTS / 'DejaVuSans-Bold.ttf').as_uri()}"); }}
@page {{ size: A4; margin: 15mm 12mm; }}
html {{ font-family: "Argan Sans", sans-serif; font-size: 10pt; }}
"""


class LocalFiles(URLFetcher):
    """Only files of the project itself (fonts, a logo) and data: URLs (a QR code)."""

    ROOT = Path(__file__).resolve().parents[2]

    def __init__(self):
        super().__init__(allowed_protocols=("file", "data"))

    def fetch(self, url, headers=None):
        if url.startswith("file:") and not Path(url[7:].split("?")[0]).resolve() \
                .is_relative_to(self.ROOT):
            raise ValueError(f"a PDF may not read {url!r}")
        return super().fetch(url, headers)


def html_to_pdf(html: str, *, landscape: bool = False) -> bytes:
    fonts = FontConfiguration()
    sheets = [CSS(string=BASE_CSS, font_config=fonts)]
    if landscape:
        sheets.append(CSS(string="@page { size: A4 landscape; }", font_config=fonts))
    return HTML(string=html, url_fetcher=LocalFiles(), base_url=str(FONTS)).write_pdf(
        stylesheets=sheets, font_config=fonts)


def render_pdf(template: str, *, landscape: bool = False, **context) -> bytes:
    """A Jinja template (in the app's template folders) rendered as a PDF."""
    return html_to_pdf(render_template(template, **context), landscape=landscape)
