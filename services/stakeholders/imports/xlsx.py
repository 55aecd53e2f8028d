"""Reading an XLSX upload without letting it take the server down.

An XLSX file is a zip of XML parts, and a few kilobytes may unpack into millions of shared
strings or cells, each costing openpyxl time and memory. So, before openpyxl sees the file:
the zip directory bounds the number of parts and the unpacked size of each and of all
(zipfile never unpacks more than a part's declared size), then the shared strings, the
cells and the columns are counted in every unpacked part. Only then is the first sheet read,
in a child process bounded in memory and time, which is killed once the time is up.
"""
from __future__ import annotations

import io
import multiprocessing
import re
import zipfile
from typing import Any


def N_(message: str) -> str:
    return message


MAX_PARTS = 200
MAX_PART_BYTES = 20 * 1024 * 1024      # unpacked; 5,000 rows of 50 cells are ~9 MB
MAX_UNPACKED_BYTES = 2 * MAX_PART_BYTES  # all parts together
MAX_CELLS = 500_000                    # per sheet: 5,000 rows of 100 columns
MAX_SHARED_STRINGS = MAX_CELLS
MAX_COLUMNS = 250                      # column IV; a people import has 16
TIME_LIMIT = 10.0                      # seconds of reading in the child process
MEMORY_LIMIT = 1024 * 1024 * 1024      # bytes of address space of the child process

_PREFIX = re.compile(rb"xmlns:([A-Za-z_][\w.-]*)\s*=")
_CELL_COLUMN = re.compile(rb"\sr\s*=\s*[\"']([A-Za-z]+)[0-9]")  # <c r="XFD2">


class SpreadsheetError(ValueError):
    """The file is refused; `message` is an English msgid, `params` its values."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def read_rows(content: bytes, max_rows: int, time_limit: float | None = None) -> list[list]:
    """The first sheet's lines (at most max_rows), once the file has passed check()."""
    check(content)
    return _in_child(content, max_rows, TIME_LIMIT if time_limit is None else time_limit)


def check(content: bytes) -> None:
    """Refuses, from the zip directory and a count over the unpacked XML, a file whose
    reading would cost more than any import of the NGO."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SpreadsheetError(N_("This file could not be read as an XLSX spreadsheet."))
    if len(parts) > MAX_PARTS:
        raise SpreadsheetError(N_("The spreadsheet holds too many parts (at most %(max)s)."),
                               max=MAX_PARTS)
    if any(part.file_size > MAX_PART_BYTES for part in parts) or sum(
            part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(N_("The spreadsheet is too large once unpacked (at most "
                                  "%(max)s MB per part, %(total)s MB in all)."),
                               max=MAX_PART_BYTES // 2**20, total=MAX_UNPACKED_BYTES // 2**20)
    # Every part, whatever its name: openpyxl finds the sheets and the shared strings by
    # the types [Content_Types].xml gives them, not by their usual names.
    for part in parts:
        _check_part(_unpack(archive, part))


def _check_part(xml: bytes) -> None:
    if _count(xml, b"si") > MAX_SHARED_STRINGS:
        raise SpreadsheetError(N_("The spreadsheet holds too many texts (at most %(max)s)."),
                               max=MAX_SHARED_STRINGS)
    if _count(xml, b"c") > MAX_CELLS:
        raise SpreadsheetError(N_("The spreadsheet has too many cells (at most %(max)s)."),
                               max=MAX_CELLS)
    letters = set(_CELL_COLUMN.findall(xml))
    if letters and max(_column_number(c) for c in letters) > MAX_COLUMNS:
        raise SpreadsheetError(N_("The spreadsheet has too many columns (at most %(max)s)."),
                               max=MAX_COLUMNS)


def _count(xml: bytes, name: bytes) -> int:
    """How many elements `name` (<c …>, <x:c …>) the XML holds, give or take the few other
    elements whose name starts alike (<col>, <cfRule>: formatting, not data): one
    bytes.count per prefix, as millions of regex matches would themselves take seconds."""
    prefixes = set(_PREFIX.findall(xml[:4096]))  # declared on the root element
    return xml.count(b"<" + name) + sum(xml.count(b"<" + p + b":" + name) for p in prefixes)


def _unpack(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bytes:
    try:
        with archive.open(part) as file:
            return file.read(MAX_PART_BYTES + 1)  # never more than declared, checked above
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, RuntimeError):
        raise SpreadsheetError(N_("This file could not be read as an XLSX spreadsheet."))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number


# -- the bounded reading -----------------------------------------------------------------

def _context():
    """Children forked from a small server process that has openpyxl loaded already, rather
    than from the web process and its threads (or re-importing everything for each)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["openpyxl", __name__])
    return context


def _in_child(content: bytes, max_rows: int, time_limit: float) -> list[list]:
    context = _context()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, content, max_rows, time_limit),
                            daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(time_limit):
            raise SpreadsheetError(N_("Reading the spreadsheet took too long (more than "
                                      "%(max)s seconds): save it as CSV, or split it."),
                                   max=f"{time_limit:g}")
        outcome, value = receive.recv()
    except EOFError:  # the child died: out of memory or of CPU time
        outcome, value = "refused", None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome != "rows":
        raise SpreadsheetError(N_("This file could not be read as an XLSX spreadsheet."))
    return value


def _child(send, content: bytes, max_rows: int, time_limit: float) -> None:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    cpu = int(time_limit) + 2  # a backstop: the parent kills the child first
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    try:
        send.send(("rows", _read(content, max_rows)))
    except Exception:  # not a workbook: zip errors, XML errors…
        send.send(("refused", None))
    finally:
        send.close()


def _read(content: bytes, max_rows: int) -> list[list]:
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        # the <dimension> a file declares would pad every row to its width: rows are taken
        # as long as their cells instead
        sheet.reset_dimensions()
        lines = []
        for row in sheet.iter_rows(values_only=True):
            lines.append(list(row))
            if len(lines) >= max_rows:
                break
        return lines
    finally:
        book.close()
