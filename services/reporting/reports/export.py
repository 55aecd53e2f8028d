"""The funder report as an XLSX workbook (openpyxl) and as a PDF (shared.web.pdf)."""
from __future__ import annotations

import io
from pathlib import Path

from flask_babel import gettext

from shared.web.pdf import render_pdf

from .. import labels

_FORMULA = ("=", "+", "-", "@", "\t", "\r")
STYLESHEET = (Path(__file__).parent / "static" / "report_pdf.css").as_uri()


def _safe(value):
    """Text a spreadsheet would run as a formula is written as text."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def to_xlsx(report: dict) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = gettext("Indicators")[:31]
    p = report["programme"]
    sheet.append([_safe(p["name"]), p["code"]])
    sheet.append([gettext("Period"), report["period"]["from"], report["period"]["to"]])
    sheet.append([gettext("As of"), report["as_of"]])
    sheet.append([])
    sheet.append([gettext("Code"), gettext("Indicator"), gettext("Baseline"), gettext("Target"),
                  gettext("Value"), gettext("Disaggregation"), gettext("Category"),
                  gettext("Value")])
    for row in report["indicators"]:
        sheet.append([_safe(row["code"]), _safe(row["name"]), row["baseline"], row["target"],
                      row["value"]])
        for dimension, categories in row["disaggregations"].items():
            for category, figure in categories.items():
                sheet.append([_safe(row["code"]), None, None, None, None,
                              labels.show(labels.DISAGGREGATION, dimension),
                              labels.value_label(dimension, category), figure["value"]])
    acts = book.create_sheet(gettext("Activities")[:31])
    acts.append([gettext("Activity"), gettext("Kind"), gettext("Office"), gettext("Status"),
                 gettext("First session"), gettext("Last session"), gettext("Sessions"),
                 gettext("Hours"), gettext("Participants")])
    for a in report["activities"]:
        acts.append([a["activity_id"], labels.show(labels.KIND, a["kind"]),
                     labels.show(labels.OFFICE, a["office"]), a["status"], a["first_date"],
                     a["last_date"], a["sessions"], a["hours"], a["participants"]])
    summary = book.create_sheet(gettext("Missions")[:31])
    for key, value in report["missions"].items():
        summary.append([labels.show(labels.MEASURE, key), value])
    summary.append([gettext("Projects accompanied"), report["accompaniments"]["projects"]])
    summary.append([gettext("Organisations accompanied"),
                    report["accompaniments"]["organisations"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(report: dict) -> bytes:
    return render_pdf("reporting/report_pdf.html", landscape=True, report=report,
                      labels=labels, stylesheet=STYLESHEET)
