"""Reading spreadsheets: CSV (; or , with BOM, Latin-1), XLSX, French headers, dates."""
import datetime as dt
import io

import pytest
from openpyxl import Workbook

from services.stakeholders.imports.parsing import MAX_ROWS, ImportFileError, parse

FRENCH = "Prénom;Nom;Sexe;Date de naissance;Pays;Région;Province;Courriel;Téléphone;Langues;Rôles\n" \
         "Amina;El Idrissi;F;17/05/2004;Maroc;Souss-Massa;Tiznit;Amina@Example.ma;0612345678;" \
         "français, arabe, tamazight;jeune, volontaire\n"


def test_semicolon_csv_with_bom_and_french_headers():
    parsed = parse("people", "liste.csv", ("\ufeff" + FRENCH).encode("utf-8"))
    assert parsed["mapping"]["given_name"] == "Prénom" and parsed["ignored"] == []
    row = parsed["rows"][0]
    assert row["line"] == 2
    assert row["data"] == {
        "given_name": "Amina", "family_name": "El Idrissi", "sex": "female",
        "birth_date": "2004-05-17", "residence_country": "MA", "residence_region": "Souss-Massa",
        "residence_province": "Tiznit", "email": "Amina@Example.ma", "phone": "0612345678",
        "languages": ["fr", "ar", "tzm"], "roles": ["young_person", "volunteer"]}


def test_comma_csv_english_headers_iso_dates_and_blank_lines():
    text = "Given name,Family name,Sex,Birth date,Email\n\nYoussef,Ait Baha,male,2001-02-03,\n" \
           "Sara,Benali,Homme,,sara@example.fr\n"
    parsed = parse("people", "people.csv", text.encode("utf-8"))
    assert [r["line"] for r in parsed["rows"]] == [3, 4]  # the spreadsheet's own lines
    assert parsed["rows"][0]["data"]["birth_date"] == "2001-02-03"
    assert parsed["rows"][0]["data"]["email"] is None
    assert parsed["rows"][1]["data"]["sex"] == "male"


def test_latin1_csv_falls_back():
    parsed = parse("people", "vieux.csv", FRENCH.replace("Amina", "Aïcha").encode("latin-1"))
    assert parsed["rows"][0]["data"]["given_name"] == "Aïcha"
    assert parsed["mapping"]["family_name"] == "Nom"


def test_xlsx_with_dates_and_numbers():
    book = Workbook()
    sheet = book.active
    sheet.append(["Nom", "Type", "SIRET", "Pays", "Capacité", "Début d'agrément"])
    sheet.append(["Tifawin", "OSIM", 73282932000074, "France", 4.0, dt.datetime(2023, 1, 1)])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Maison des jeunes", "Structure d'accueil", None, "Maroc", None, "01/02/2023"])
    out = io.BytesIO()
    book.save(out)
    parsed = parse("organisations", "orgs.xlsx", out.getvalue())
    first, second = parsed["rows"]
    assert first["line"] == 2 and second["line"] == 4
    assert first["data"]["siret"] == "73282932000074" and first["data"]["kind"] == "osim"
    assert first["data"]["capacity"] == "4" and first["data"]["country"] == "FR"
    assert first["data"]["approval_start"] == "2023-01-01"
    assert second["data"]["kind"] == "host_structure"
    assert second["data"]["approval_start"] == "2023-02-01"


@pytest.mark.parametrize("content, message", [
    (b"", "empty"), (b"Colour;Size\nred;2\n", "missing"), (b"Prenom;Nom\n", "no row"),
    (b"PK\x03\x04 not really a workbook", "XLSX"),
])
def test_unreadable_files_say_why(content, message):
    with pytest.raises(ImportFileError) as caught:
        parse("people", "x.csv", content)
    assert message in str(caught.value)


def test_size_and_row_limits():
    with pytest.raises(ImportFileError, match="too large"):
        parse("people", "big.csv", b"Prenom;Nom\n" + b"a;b\n" * (2 * 1024 * 1024))
    with pytest.raises(ImportFileError, match="too many rows"):
        parse("people", "long.csv", b"Prenom;Nom\n" + b"a;b\n" * (MAX_ROWS + 1))
