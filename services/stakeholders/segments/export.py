"""Exports of a segment run, written row by row as they come from the cursor.

CSV: UTF-8 with a BOM and `;` between fields, as French spreadsheet programs expect.
XLSX: openpyxl's write-only workbook keeps the rows in a temporary file, not in memory;
the finished file is then sent in chunks.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
import unicodedata
from typing import Callable, Iterable, Iterator

from flask_babel import gettext

from ..labels import LANGUAGE, ROLE, country_name
from ..phones import display

BOM = "\ufeff"
CHUNK = 64 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Digits, spaces and + - . ( ): a phone number such as +212 612 34 56 78. A spreadsheet may
# compute it, but it can call nothing: it is left as it is.
PLAIN_NUMBER = re.compile(r"[0-9 +().-]*\Z")
MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def headers() -> list[str]:
    return [gettext("Given name"), gettext("Family name"), gettext("Email"), gettext("Phone"),
            gettext("WhatsApp"), gettext("Languages"), gettext("Country"), gettext("Region"),
            gettext("Town"), gettext("Roles")]


class Labels:
    """The labels of an export, translated once per export rather than once per cell (a
    lazy gettext costs a locale lookup each time: most of the time of a large export)."""

    def __init__(self):
        self.languages = {code: str(label) for code, label in LANGUAGE.items()}
        self.roles = {code: str(label) for code, label in ROLE.items()}
        self.countries: dict[str | None, str] = {}

    def country(self, code: str | None) -> str:
        name = self.countries.get(code)
        if name is None:
            name = self.countries[code] = country_name(code)
        return name


def cells(person: dict, labels: Labels | None = None) -> list[str]:
    # numbers in international format: dialled from any country, and with their spaces a
    # spreadsheet keeps them as text (an E.164 '+212…' would become a number)
    """A person as the columns of an export, labels in the interface's language."""
    labels = labels or Labels()
    return [person.get("given_name") or "", person.get("family_name") or "",
            person.get("email") or "", display(person.get("phone")),
            display(person.get("whatsapp")),
            ", ".join(labels.languages.get(v, v) for v in person.get("languages") or ()),
            labels.country(person.get("residence_country")),
            person.get("residence_region") or "", person.get("residence_town") or "",
            ", ".join(labels.roles.get(v, v) for v in person.get("roles") or ())]


def _formula_like(value: str) -> bool:
    """Whether a spreadsheet would take the cell for a formula (=cmd|'/Ccalc'!A0@x.org)."""
    return value.startswith(FORMULA_START) and not PLAIN_NUMBER.match(value)


def _safe(value: str) -> str:
    """A CSV cell a spreadsheet would take for a formula is kept as text."""
    return "'" + value if _formula_like(value) else value


def csv_chunks(rows: Iterable[dict], batch: int = 200) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(headers())
    labels = Labels()
    pending = 0
    for person in rows:
        # every column: an e-mail address or a label may start with = as well as a name
        writer.writerow([_safe(value) for value in cells(person, labels)])
        pending += 1
        if pending >= batch:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue().encode("utf-8")


def xlsx_chunks(rows: Iterable[dict], title: str) -> Iterator[bytes]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.append(headers())
    labels = Labels()
    for person in rows:
        row = []
        for value in cells(person, labels):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text, never a formula
            # and still text once edited in the spreadsheet (Excel's leading apostrophe)
            cell.quotePrefix = _formula_like(value)
            row.append(cell)
        sheet.append(row)
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(CHUNK):
            yield chunk


def _sheet_title(name: str) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31]
    return title or "Segment"


def slug(text: str) -> str:
    bare = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")[:60] or "segment"


def filename(segment_name: str, format: str, today: dt.date | None = None) -> str:
    return f"segment-{slug(segment_name)}-{(today or dt.date.today()).isoformat()}.{format}"


def chunks(format: str, rows: Iterable[dict], title: str) -> Iterator[bytes]:
    producers: dict[str, Callable[[], Iterator[bytes]]] = {
        "csv": lambda: csv_chunks(rows), "xlsx": lambda: xlsx_chunks(rows, title)}
    return producers[format]()


def export_response(format: str, rows: Iterable[dict], segment_name: str, count: int):
    """The streamed download (the request context is kept for the labels' translations)."""
    from flask import Response, stream_with_context

    response = Response(stream_with_context(chunks(format, rows, segment_name)),
                        mimetype=MIMETYPES[format])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{filename(segment_name, format)}"')
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Export-Count"] = str(count)
    return response
