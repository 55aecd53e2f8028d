"""XLSX uploads that would cost the server minutes are refused in well under a second, with
422 naming the file, before openpyxl reads them; a sound XLSX still imports, read in a child
process that is stopped once its time is up. The files are built here, part by part."""
import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from services.stakeholders.imports import xlsx

UPLOAD = "/stakeholders/api/v1/imports"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
    'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships"><sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets>'
    '</workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>')
SHEET_START = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
               'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_END = "</sheetData></worksheet>"
HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Prénom</t></is></c>'
              '<c r="B1" t="inlineStr"><is><t>Nom</t></is></c></row>')


def workbook(sheet_data: bytes, shared_strings: bytes = b"", dimension: str = "",
             strings_part: str = "sharedStrings.xml") -> bytes:
    """A minimal XLSX file: its parts written one by one, deflated; the sheet claims to span
    `dimension` if given; the shared strings are in xl/`strings_part`."""
    start = SHEET_START.replace("<sheetData>", f'<dimension ref="{dimension}"/><sheetData>'
                                ) if dimension else SHEET_START
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml",
                         CONTENT_TYPES.replace("sharedStrings.xml", strings_part))
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels",
                         WORKBOOK_RELS.replace("sharedStrings.xml", strings_part))
        archive.writestr("xl/worksheets/sheet1.xml",
                         start.encode() + sheet_data + SHEET_END.encode())
        archive.writestr(f"xl/{strings_part}",
                         b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                         b'openxmlformats.org/spreadsheetml/2006/main">' + shared_strings
                         + b"</sst>")
    return out.getvalue()


def shared_strings_bomb(element: bytes = b"<si><t>a</t></si>", **options) -> bytes:
    return workbook(HEADER_ROW.encode(), element * 2_000_000, **options)


def wide_sheet(cell: bytes = b'<c t="n"><v>1</v></c>') -> bytes:
    rows = b"".join(b'<row r="%d">' % r + cell * 16_384 + b"</row>" for r in range(2, 202))
    return workbook(HEADER_ROW.encode() + rows)


def upload(client, csrf, content, filename="liste.xlsx"):
    return client.post(UPLOAD, data={"kind": "people", "file": (io.BytesIO(content), filename)},
                       headers={"X-CSRFToken": csrf}, content_type="multipart/form-data")


def refused_quickly(client, csrf, content) -> str:
    started = time.perf_counter()
    response = upload(client, csrf, content)
    elapsed = time.perf_counter() - started
    assert response.status_code == 422, response.json
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert list(response.json["errors"]) == ["file"]
    return response.json["errors"]["file"][0]


@pytest.mark.parametrize("element, message", [
    (b"<si><t>a</t></si>", "trop volumineux une fois décompressé"),  # 34 MB unpacked
    (b"<si/>", "trop de textes"),                                  # 10 MB, 2 million texts
])
def test_two_million_shared_strings_are_refused_in_under_a_second(client, csrf, element,
                                                                   message):
    content = shared_strings_bomb(element)
    assert len(content) < 100_000  # ~88 KB, as the report had it
    assert message in refused_quickly(client, csrf, content)


def test_shared_strings_under_another_name_are_counted_too(client, csrf):
    content = shared_strings_bomb(b"<si/>", strings_part="media/image1.png")
    assert "trop de textes" in refused_quickly(client, csrf, content)


@pytest.mark.parametrize("cell, message", [
    (b'<c t="n"><v>1</v></c>', "trop volumineux une fois décompressé"),  # 66 MB unpacked
    (b"<c/>", "trop de cellules"),                                       # 13 MB, 3.3 M cells
])
def test_200_rows_of_16384_columns_are_refused_in_under_a_second(client, csrf, cell, message):
    assert message in refused_quickly(client, csrf, wide_sheet(cell))


def test_a_cell_far_to_the_right_is_refused_for_its_columns(client, csrf):
    far = b'<row r="2"><c r="A2" t="inlineStr"><is><t>Amina</t></is></c>' \
          b'<c r="XFD2" t="n"><v>1</v></c></row>'
    message = refused_quickly(client, csrf, workbook(HEADER_ROW.encode() + far))
    assert "trop de colonnes (250 au plus)" in message


def test_a_sound_spreadsheet_is_still_read_even_with_a_lying_dimension(client, csrf):
    rows = (b'<row r="2"><c r="A2" t="inlineStr"><is><t>Amina</t></is></c>'
            b'<c r="B2" t="inlineStr"><is><t>Ait Baha</t></is></c></row>')
    content = workbook(HEADER_ROW.encode() + rows, dimension="A1:XFD1048576")
    response = upload(client, csrf, content)
    assert response.status_code == 201, response.json
    assert response.json["total"] == 1 and response.json["counts"]["good"] == 1


def test_reading_stops_when_its_time_is_up(client, csrf, monkeypatch):
    book = Workbook()
    book.active.append(["Prénom", "Nom"])
    book.active.append(["Amina", "Ait Baha"])
    out = io.BytesIO()
    book.save(out)
    monkeypatch.setattr(xlsx, "TIME_LIMIT", 0.0)  # the child cannot be done before it
    message = refused_quickly(client, csrf, out.getvalue())
    assert "trop de temps" in message
    monkeypatch.setattr(xlsx, "TIME_LIMIT", 10.0)
    response = upload(client, csrf, out.getvalue())
    assert response.status_code == 201 and response.json["counts"]["good"] == 1

