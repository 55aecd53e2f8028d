"""Reading an uploaded spreadsheet into rows of command fields. Pure Python (no Flask).

CSV: UTF-8 with or without BOM, else Latin-1 (Windows-1252); `;`, `,` or tab sniffed.
XLSX: the first sheet, read with openpyxl in read-only mode, within bounds (see xlsx).
The first line holds the headers (French or English names); each row keeps its spreadsheet
line (header = line 1).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from functools import lru_cache
from typing import Any

from ..search import fold
from . import xlsx


def N_(message: str) -> str:
    return message


MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
KINDS = ("people", "organisations")


class ImportFileError(ValueError):
    """The file as a whole cannot be read; `message` is an English msgid, `params` its values."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


@lru_cache(maxsize=4096)  # the same headers and words on every row
def _key(header: Any) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(str(header or ""))).strip()


PEOPLE_HEADERS = {
    "given_name": ("prenom", "prenoms", "given name", "first name", "firstname", "given_name"),
    "family_name": ("nom", "nom de famille", "family name", "last name", "surname", "lastname",
                    "family_name"),
    "sex": ("sexe", "genre", "sex", "gender"),
    "birth_date": ("date de naissance", "naissance", "ne e le", "nee le", "ne le",
                   "birth date", "date of birth", "birthdate", "birth_date", "dob"),
    "nationality": ("nationalite", "nationality"),
    "residence_country": ("pays", "pays de residence", "country", "country of residence",
                          "residence country", "residence_country"),
    "residence_region": ("region", "residence region", "residence_region"),
    "residence_province": ("province", "departement", "province ou departement",
                           "residence province", "residence_province"),
    "residence_town": ("ville", "commune", "town", "city", "residence town", "residence_town"),
    "email": ("courriel", "email", "e mail", "mail", "adresse e mail", "adresse mail"),
    "phone": ("telephone", "tel", "phone", "portable", "mobile", "phone number"),
    "whatsapp": ("whatsapp",),
    "languages": ("langues", "langue", "languages", "language"),
    "roles": ("roles", "role"),
    "programmes": ("programmes", "programme", "programs", "program"),
    "tags": ("etiquettes", "etiquette", "tags", "tag", "mots cles"),
}
ORGANISATION_HEADERS = {
    "name": ("nom", "raison sociale", "nom de l organisation", "name", "organisation",
             "organization"),
    "kind": ("type", "categorie", "kind", "nature"),
    "siret": ("siret",), "rna": ("rna",), "ice": ("ice",),
    "country": ("pays", "country"),
    "region": ("region",),
    "province": ("province", "departement", "province ou departement"),
    "town": ("ville", "commune", "town", "city"),
    "email": ("courriel", "email", "e mail", "mail"),
    "phone": ("telephone", "tel", "phone"),
    "website": ("site web", "site internet", "site", "website", "web"),
    "approval_number": ("agrement", "numero d agrement", "approval number", "approval_number"),
    "approval_start": ("debut d agrement", "debut agrement", "approval start",
                       "approval_start"),
    "approval_end": ("fin d agrement", "fin agrement", "approval end", "approval_end"),
    "capacity": ("capacite", "capacity"),
    "programmes": ("programmes", "programme", "programs"),
    "tags": ("etiquettes", "etiquette", "tags"),
}
HEADERS = {"people": PEOPLE_HEADERS, "organisations": ORGANISATION_HEADERS}
LISTS = {"people": ("languages", "roles", "programmes", "tags"),
         "organisations": ("programmes", "tags")}
DATES = ("birth_date", "approval_start", "approval_end")
REQUIRED = {"people": ("given_name", "family_name"), "organisations": ("name", "kind")}

SEX = {"f": "female", "femme": "female", "female": "female", "feminin": "female",
       "w": "female", "h": "male", "m": "male", "homme": "male", "male": "male",
       "masculin": "male", "autre": "other", "other": "other", "inconnu": "unknown",
       "unknown": "unknown", "nsp": "unknown"}
COUNTRY = {"maroc": "MA", "morocco": "MA", "france": "FR", "espagne": "ES", "spain": "ES",
           "italie": "IT", "italy": "IT", "belgique": "BE", "belgium": "BE",
           "allemagne": "DE", "germany": "DE", "senegal": "SN", "algerie": "DZ",
           "tunisie": "TN", "marocaine": "MA", "francaise": "FR"}
LANGUAGE = {"francais": "fr", "french": "fr", "arabe": "ar", "arabic": "ar", "darija": "ar",
            "tamazight": "tzm", "amazigh": "tzm", "berbere": "tzm", "tachelhit": "tzm",
            "anglais": "en", "english": "en", "espagnol": "es", "spanish": "es",
            "italien": "it", "allemand": "de", "portugais": "pt"}
ROLE = {"jeune": "young_person", "young person": "young_person",
        "volontaire": "volunteer", "benevole": "volunteer", "volunteer": "volunteer",
        "membre d association": "association_member", "association member":
        "association_member", "consultant": "consultant_trainer", "formateur":
        "consultant_trainer", "formatrice": "consultant_trainer", "consultant formateur":
        "consultant_trainer", "consultant trainer": "consultant_trainer",
        "elu": "elected_official", "elue": "elected_official", "elu e": "elected_official",
        "elected official": "elected_official", "personnel partenaire": "partner_staff",
        "partner staff": "partner_staff", "autre": "other", "other": "other"}
KIND = {"osim": "osim", "association de migrants": "osim", "structure d accueil":
        "host_structure", "host structure": "host_structure", "collectivite territoriale":
        "local_authority", "collectivite": "local_authority", "local authority":
        "local_authority", "commune": "local_authority", "institution publique":
        "public_institution", "public institution": "public_institution",
        "bailleur": "funder", "bailleur de fonds": "funder", "financeur": "funder",
        "funder": "funder", "association": "association", "societe civile": "association",
        "ecole": "school_university", "universite": "school_university",
        "ecole universite": "school_university", "school": "school_university",
        "university": "school_university", "entreprise": "company", "company": "company",
        "media": "media"}


# -- reading ---------------------------------------------------------------------------

def read_table(filename: str, content: bytes) -> list[list[Any]]:
    """The file's lines as lists of cells (CSV or XLSX, by name then by content)."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(N_("The file is too large (at most %(max)s MB)."), max=5)
    if not content.strip():
        raise ImportFileError(N_("The file is empty."))
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        return _read_xlsx(content)
    if filename.lower().endswith(".xls"):
        raise ImportFileError(N_("Save the file as XLSX or CSV first (the old XLS format is "
                                 "not read)."))
    return _read_csv(content)


def _read_csv(content: bytes) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # Latin-1 and its Windows variant
    first = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = max(";,\t", key=first.count)
    try:
        return [line for line in csv.reader(io.StringIO(text, newline=""),
                                            delimiter=delimiter)]
    except csv.Error:
        raise ImportFileError(N_("This file could not be read as CSV."))


def _read_xlsx(content: bytes) -> list[list[Any]]:
    try:
        return xlsx.read_rows(content, MAX_ROWS + 2)  # headers, and one row too many
    except xlsx.SpreadsheetError as exc:
        raise ImportFileError(exc.message, **exc.params)


# -- mapping ---------------------------------------------------------------------------

def map_headers(kind: str, headers: list[Any]) -> tuple[dict[int, str], list[str]]:
    """{column index: field}, and the headers not understood (their columns are ignored)."""
    known = {alias: name for name, aliases in HEADERS[kind].items() for alias in aliases}
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        field = known.get(_key(header))
        if field and field not in mapping.values():
            mapping[index] = field
        elif str(header or "").strip():
            ignored.append(str(header).strip())
    return mapping, ignored


def parse(kind: str, filename: str, content: bytes) -> dict[str, Any]:
    """{"mapping": {field: header}, "ignored": [headers], "rows": [{"line", "data"}]}."""
    if kind not in KINDS:
        raise ImportFileError(N_("Choose people or organisations."))
    lines = read_table(filename, content)
    while lines and not any(_blank(c) is not None for c in lines[0]):
        lines.pop(0)
    if not lines:
        raise ImportFileError(N_("The file is empty."))
    headers = lines[0]
    mapping, ignored = map_headers(kind, headers)
    missing = [f for f in REQUIRED[kind] if f not in mapping.values()]
    if missing:
        expected = {"people": "Prénom, Nom", "organisations": "Nom, Type"}[kind]
        raise ImportFileError(N_("The first line must hold the column names; these are "
                                 "missing: %(columns)s."), columns=expected)
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not any(_blank(c) is not None for c in line):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(N_("The file has too many rows (at most %(max)s)."),
                                  max=MAX_ROWS)
        data = {}
        for index, field in mapping.items():
            cell = line[index] if index < len(line) else None
            data[field] = convert(kind, field, cell)
        rows.append({"line": number, "data": data})
    if not rows:
        raise ImportFileError(N_("The file holds no row under its column names."))
    return {"mapping": {field: str(headers[i]).strip() for i, field in mapping.items()},
            "ignored": ignored, "rows": rows}


def _blank(cell: Any) -> Any:
    if cell is None:
        return None
    if isinstance(cell, str):
        return cell.strip() or None
    return cell


def _text(cell: Any) -> str | None:
    cell = _blank(cell)
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip() or None


def convert(kind: str, field: str, cell: Any) -> Any:
    """A cell -> the value the command schema loads (lists split, known words mapped to
    codes, dates to ISO); what cannot be understood is passed as typed, for the schema to
    name the field."""
    value = _text(cell)
    if field in LISTS[kind]:
        parts = [p.strip() for p in re.split(r"[,;/|]", value or "") if p.strip()]
        if field == "languages":
            return [LANGUAGE.get(_key(p), p.lower()) for p in parts]
        if field == "roles":
            return [ROLE.get(_key(p), p) for p in parts]
        return parts
    if value is None:
        return None
    if field in DATES:
        return date_text(value)
    if field == "sex":
        return SEX.get(_key(value), value)
    if field in ("residence_country", "nationality", "country"):
        return COUNTRY.get(_key(value), value)
    if field == "kind":
        code = _key(value).replace(" ", "_")
        return code if code in KIND.values() else KIND.get(_key(value), value)
    return value


def date_text(value: str) -> str:
    """'17/05/2004', '17-05-2004', '17.05.2004', '2004-05-17' -> '2004-05-17'."""
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return value
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?", value)
    return match.group(1) if match else value
