"""Segments on PostgreSQL: a run keeps exactly the people whose current consent covers the
purpose, says how many were left out and why; the exports (CSV with BOM, XLSX) are streamed,
contain exactly those people, and are recorded."""
import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from shared.testing.web import csrf_token, sign_in_as

BASE = {"residence_country": "MA", "residence_region": "Souss-Massa", "roles": ["volunteer"],
        "languages": ["ar", "fr"]}


def text(response):
    return response.get_data(as_text=True)


def register(api, given, family, **extra):
    body = {"given_name": given, "family_name": family, **BASE, **extra}
    created = api.post("/people", body)
    assert created.status_code == 201, created.get_json()
    return created.get_json()


def consent(api, person, kind, purpose, date="2024-01-15", method="paper_form"):
    field = "given_at" if kind == "give" else "withdrawn_at"
    response = api.post(f"/people/{person['id']}/consents/{kind}", {
        "expected_version": person["version"], "purpose": purpose, field: date,
        "method": method})
    assert response.status_code == 200, response.get_json()
    person["version"] = response.get_json()["version"]


@pytest.fixture
def people(api):
    """Who is who for the newsletter in Souss-Massa (volunteers):"""
    yes = register(api, "Amina", "Ait Baha", email="amina@example.org", phone="+212 612 34 56 78")
    consent(api, yes, "give", "newsletter")
    again = register(api, "Brahim", "Oufkir", email="brahim@example.org")
    consent(api, again, "give", "newsletter", "2023-01-01")
    consent(api, again, "withdraw", "newsletter", "2023-06-01")
    consent(api, again, "give", "newsletter", "2024-02-01")             # given again: kept
    withdrew = register(api, "Chaima", "Bennani", email="chaima@example.org")
    consent(api, withdrew, "give", "newsletter", "2023-01-01")
    consent(api, withdrew, "withdraw", "newsletter", "2024-03-01")      # withdrawn
    never = register(api, "Driss", "El Fassi", email="driss@example.org")  # never asked
    other = register(api, "Fatima", "Zahra", email="fatima@example.org")
    consent(api, other, "give", "photos")                               # other purpose only
    consent(api, other, "give", "event_invitations")
    other_withdrew = register(api, "Hassan", "Idrissi")
    consent(api, other_withdrew, "give", "photos")
    consent(api, other_withdrew, "withdraw", "photos", "2024-02-01")    # never for newsletter
    elsewhere = register(api, "Ilham", "Marseille", residence_country="FR",
                         residence_region="Provence-Alpes-Côte d'Azur")  # not in the segment
    consent(api, elsewhere, "give", "newsletter")
    archived = register(api, "Jamal", "Archive")
    consent(api, archived, "give", "newsletter")
    assert api.post(f"/people/{archived['id']}/archive",
                    {"expected_version": archived["version"]}).status_code == 200
    return {"yes": yes, "again": again, "withdrew": withdrew, "never": never, "other": other,
            "other_withdrew": other_withdrew, "elsewhere": elsewhere}


@pytest.fixture
def segment(api):
    created = api.post("/segments", {"name": "Volontaires Souss-Massa", "countries": ["MA"],
                                     "regions": ["souss-massa"], "roles": ["volunteer"],
                                     "purpose": "newsletter"})
    assert created.status_code == 201, created.get_json()
    return created.get_json()


def export(client, csrf, segment_id, fmt, purpose="newsletter"):
    return client.post(f"/stakeholders/api/v1/segments/{segment_id}/export",
                       json={"purpose": purpose, "format": fmt}, headers={"X-CSRFToken": csrf})


def test_a_run_keeps_the_consenting_and_says_who_was_left_out_and_why(api, people, segment):
    result = api.get(f"/segments/{segment['id']}/run?purpose=newsletter").get_json()
    assert result["matched"] == 6 and result["included"] == 2
    assert result["excluded"] == {"withdrawn": 1, "never_consented": 2, "other_purposes_only": 1}
    assert result["excluded_total"] == 4
    assert [p["family_name"] for p in result["preview"]] == ["Ait Baha", "Oufkir"]
    # the segment's own purpose is the default; another purpose changes who is kept
    assert api.get(f"/segments/{segment['id']}/run").get_json()["included"] == 2
    photos = api.get(f"/segments/{segment['id']}/run?purpose=photos").get_json()
    assert [p["given_name"] for p in photos["preview"]] == ["Fatima"]
    # Amina and Brahim gave the newsletter only; Chaima withdrew hers: never for photos
    assert photos["excluded"] == {"withdrawn": 1, "never_consented": 2, "other_purposes_only": 2}
    bad = api.get(f"/segments/{segment['id']}/run?purpose=spam")
    assert bad.status_code == 422 and "purpose" in bad.get_json()["errors"]


def test_the_csv_export_holds_exactly_the_consenting_people(client, csrf, api, people, segment):
    response = export(client, csrf, segment["id"], "csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="segment-volontaires-souss-massa-')
    assert disposition.endswith('.csv"')
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Prénom", "Nom", "Courriel", "Téléphone", "WhatsApp", "Langues", "Pays",
                       "Région", "Commune", "Rôles"]
    assert [(r[0], r[1]) for r in rows[1:]] == [("Amina", "Ait Baha"), ("Brahim", "Oufkir")]
    amina = rows[1]
    assert amina[2] == "amina@example.org" and amina[3] == "+212 6 12 34 56 78"
    assert amina[5] == "Arabe, Français" and amina[6] == "Maroc" and amina[7] == "Souss-Massa"
    assert amina[9] == "Volontaire"


def test_the_xlsx_export_holds_exactly_the_same_people(client, csrf, people, segment):
    response = export(client, csrf, segment["id"], "xlsx")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:2] == ["Prénom", "Nom"]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("Amina", "Ait Baha", "amina@example.org"), ("Brahim", "Oufkir", "brahim@example.org")]


def test_every_export_is_recorded(client, csrf, api, people, segment, engine):
    export(client, csrf, segment["id"], "csv").get_data()
    export(client, csrf, segment["id"], "xlsx", purpose="photos").get_data()
    trail = api.get(f"/segments/{segment['id']}/exports").get_json()
    assert [(e["purpose"], e["count"], e["format"]) for e in trail] == [
        ("photos", 1, "xlsx"), ("newsletter", 2, "csv")]
    assert trail[0]["actor_email"] == "officer@argan.test"
    store = client.application.extensions["argan"]["store"]
    events = [e for e in store.load(segment["id"]) if e.type == "segment.exported"]
    assert [e.data for e in events] == [{"purpose": "newsletter", "count": 2, "format": "csv"},
                                        {"purpose": "photos", "count": 1, "format": "xlsx"}]
    assert all(e.metadata["actor"] for e in events)
    assert api.get(f"/segments/{segment['id']}").get_json()["export_count"] == 2


def test_the_export_streams_from_a_server_side_cursor(stakeholders_app, api, people, segment):
    from services.stakeholders.segments import queries
    engine = stakeholders_app.extensions["argan"]["engine"]
    got = queries.get_segment(engine, segment["id"])
    rows = queries.iter_included(engine, got, "newsletter", batch=1)
    assert next(rows)["given_name"] == "Amina"  # a generator: nothing fetched ahead
    assert [r["given_name"] for r in rows] == ["Brahim"]


def test_export_input_errors_are_named(client, csrf, api, segment):
    bad = export(client, csrf, segment["id"], "pdf")
    assert bad.status_code == 422 and "format" in bad.get_json()["errors"]
    no_purpose = api.post("/segments", {"name": "Sans objet"}).get_json()
    missing = client.post(f"/stakeholders/api/v1/segments/{no_purpose['id']}/export",
                          json={"format": "csv"}, headers={"X-CSRFToken": csrf})
    assert missing.status_code == 422 and "purpose" in missing.get_json()["errors"]
    unknown = export(client, csrf, "00000000-0000-0000-0000-000000000000", "csv")
    assert unknown.status_code == 404


def test_segment_criteria_over_lists(api):
    a = register(api, "Nadia", "Tags", tags=["climat", "génération"], programmes=["GC"],
                 languages=["tzm"], sex="female")
    b = register(api, "Omar", "Other", tags=["climate"], programmes=["MTD2"], sex="male")
    for p in (a, b):
        consent(api, p, "give", "newsletter")
    def kept(**criteria):
        s = api.post("/segments", {"name": "t", **criteria}).get_json()
        run = api.get(f"/segments/{s['id']}/run?purpose=newsletter").get_json()
        return sorted(p["given_name"] for p in run["preview"])
    assert kept(tags=["climat"]) == ["Nadia"]            # a whole tag, not a prefix
    assert kept(tags=["génération"]) == ["Nadia"]        # non-ASCII in the stored JSON
    assert kept(programmes=["GC", "MTD2"]) == ["Nadia", "Omar"]
    assert kept(languages=["tzm"]) == ["Nadia"]
    assert kept(sexes=["male"]) == ["Omar"]
    assert kept(tags=["100%_"]) == []


def test_api_save_change_delete(api):
    bad = api.post("/segments", {"name": "", "roles": ["king"], "purpose": "spam"})
    assert bad.status_code == 422
    assert {"name", "roles", "purpose"} <= set(bad.get_json()["errors"])
    s = api.post("/segments", {"name": "Jeunes", "roles": ["young_person"]}).get_json()
    changed = api.post(f"/segments/{s['id']}/change", {"expected_version": 1, "tags": ["x"]})
    assert changed.status_code == 200 and changed.get_json()["version"] == 2
    stale = api.post(f"/segments/{s['id']}/change", {"expected_version": 1, "name": "y"})
    assert stale.status_code == 409
    assert api.get(f"/segments/{s['id']}").get_json()["tags"] == ["x"]
    assert api.post(f"/segments/{s['id']}/delete", {"expected_version": 2}).status_code == 200
    assert api.get(f"/segments/{s['id']}").status_code == 404
    assert api.get("/segments").get_json()["total"] == 0


# -- pages -------------------------------------------------------------------------------

def test_the_pages_save_run_and_export(client, csrf, api, people):
    form = client.get("/stakeholders/segments/new")
    assert form.status_code == 200 and "Nouveau segment" in text(form)
    token = csrf_token(text(form))
    bad = client.post("/stakeholders/segments/new", data={"csrf_token": token, "name": "",
                                                          "countries": "Maroc"})
    assert bad.status_code == 422
    assert 'id="name-error"' in text(bad) and 'id="countries-error"' in text(bad)
    saved = client.post("/stakeholders/segments/new", data={
        "csrf_token": token, "name": "Bénévoles Maroc", "countries": "ma", "roles": "volunteer",
        "regions": "Souss-Massa", "purpose": "newsletter"})
    assert saved.status_code == 302
    run = client.get(saved.headers["Location"])
    html = text(run)
    assert run.status_code == 200
    assert "2 personnes retenues" in html and "6 personnes correspondent aux critères" in html
    assert "consentement retiré : 1" in html and "jamais consenti : 2" in html
    assert "consenti à d’autres finalités seulement : 1" in html
    assert "Chaima" not in html and "Amina" in html
    segment_id = saved.headers["Location"].rstrip("/").split("/")[-1]
    download = client.post(f"/stakeholders/segments/{segment_id}/export", data={
        "csrf_token": token, "purpose": "newsletter", "format": "csv"})
    assert download.status_code == 200 and download.is_streamed
    assert download.get_data().decode("utf-8-sig").count("\r\n") == 3
    assert "officer@argan.test a exporté 2 personnes" in text(client.get(
        f"/stakeholders/segments/{segment_id}"))
    listed = client.get("/stakeholders/segments/")
    assert "Bénévoles Maroc" in text(listed)
    edit = client.get(f"/stakeholders/segments/{segment_id}/edit")
    assert edit.status_code == 200 and 'value="Bénévoles Maroc"' in text(edit)
    changed = client.post(f"/stakeholders/segments/{segment_id}/edit", data={
        "csrf_token": token, "expected_version": "1", "name": "Bénévoles", "countries": "MA",
        "purpose": "photos"})
    assert changed.status_code == 302
    stale = client.post(f"/stakeholders/segments/{segment_id}/edit", data={
        "csrf_token": token, "expected_version": "1", "name": "Autre"})
    assert stale.status_code == 409
    bad_purpose = client.get(f"/stakeholders/segments/{segment_id}?purpose=spam")
    assert bad_purpose.status_code == 422 and 'id="purpose-error"' in text(bad_purpose)
    bad_export = client.post(f"/stakeholders/segments/{segment_id}/export", data={
        "csrf_token": token, "purpose": "newsletter", "format": "pdf"})
    assert bad_export.status_code == 422 and "Choisissez CSV ou XLSX." in text(bad_export)
    deleted = client.post(f"/stakeholders/segments/{segment_id}/delete", data={
        "csrf_token": token, "expected_version": "3"})
    assert deleted.status_code == 302
    assert client.get(f"/stakeholders/segments/{segment_id}").status_code == 404


# -- permissions ---------------------------------------------------------------------------

def test_communication_runs_and_exports_a_viewer_is_refused(stakeholders_app, client, api,
                                                            people, segment):
    comm = stakeholders_app.test_client()
    token = sign_in_as(comm, roles=("communication",))
    sid = segment["id"]
    assert comm.get("/stakeholders/segments/").status_code == 200
    assert comm.get(f"/stakeholders/segments/{sid}").status_code == 200
    assert comm.get(f"/stakeholders/api/v1/segments/{sid}/run").status_code == 200
    response = comm.post(f"/stakeholders/segments/{sid}/export", data={
        "csrf_token": token, "purpose": "newsletter", "format": "xlsx"})
    assert response.status_code == 200 and response.is_streamed
    created = comm.post("/stakeholders/api/v1/segments", json={"name": "Mine"},
                        headers={"X-CSRFToken": token})
    assert created.status_code == 201
    # communication does not record consent (PEOPLE_WRITE)
    person = people["never"]
    refused = comm.post(f"/stakeholders/api/v1/people/{person['id']}/consents/give", json={
        "expected_version": person["version"], "purpose": "newsletter",
        "given_at": "2024-01-01", "method": "oral"}, headers={"X-CSRFToken": token})
    assert refused.status_code == 403

    viewer = stakeholders_app.test_client()
    token = sign_in_as(viewer, roles=("viewer",))
    for path in ("/stakeholders/segments/", f"/stakeholders/segments/{sid}",
                 f"/stakeholders/api/v1/segments/{sid}/run", "/stakeholders/api/v1/segments"):
        assert viewer.get(path).status_code == 403, path
    assert viewer.post(f"/stakeholders/segments/{sid}/export", data={
        "csrf_token": token, "purpose": "newsletter", "format": "csv"}).status_code == 403
    assert viewer.post(f"/stakeholders/api/v1/segments/{sid}/export", json={
        "purpose": "newsletter", "format": "csv"}, headers={"X-CSRFToken": token}
    ).status_code == 403


def test_a_large_export_comes_in_many_chunks_and_formulas_stay_text(client, csrf, api, engine):
    """450 consenting people put straight into the read tables: the CSV arrives in several
    chunks (written as the cursor goes), every one of them in it; a name that a spreadsheet
    would take for a formula is kept as text in both formats."""
    import datetime as dt
    from sqlalchemy import insert
    from services.stakeholders.consent.projections import people_consents
    from services.stakeholders.projections import people as people_table
    now = dt.datetime.now(dt.timezone.utc)
    rows, consents = [], []
    for i in range(450):
        given = "=HYPERLINK(\"http://x\")" if i == 0 else f"Person{i:03d}"
        rows.append({"id": f"00000000-0000-0000-0000-{i:012d}", "version": 2,
                     "given_name": given, "family_name": "Bulk", "sex": "unknown",
                     "residence_country": "MA", "languages": [], "roles": [], "programmes": [],
                     "tags": ["bulk"], "roles_text": "  ", "search": "bulk",
                     "sort_name": f"bulk {i:03d}", "archived": False, "registered_at": now,
                     "updated_at": now})
        consents.append({"person_id": rows[-1]["id"], "purpose": "newsletter",
                         "status": "given", "since": dt.date(2024, 1, 1), "method": "online",
                         "version": 2, "recorded_at": now})
    with engine.begin() as conn:
        conn.execute(insert(people_table), rows)
        conn.execute(insert(people_consents), consents)
    segment = api.post("/segments", {"name": "Bulk", "tags": ["bulk"]}).get_json()
    response = export(client, csrf, segment["id"], "csv")
    assert response.is_streamed and response.headers["X-Export-Count"] == "450"
    chunks = list(response.response)
    assert len(chunks) >= 3
    lines = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig")), delimiter=";"))
    assert len(lines) == 451
    assert lines[1][0] == "'=HYPERLINK(\"http://x\")" and lines[2][:2] == ["Person001", "Bulk"]
    from openpyxl import load_workbook
    workbook = load_workbook(io.BytesIO(export(client, csrf, segment["id"], "xlsx").get_data()))
    sheet = workbook.active
    assert sheet.max_row == 451
    assert sheet["A2"].value == "=HYPERLINK(\"http://x\")" and sheet["A2"].data_type == "s"



def test_every_text_column_of_both_exports_is_kept_from_being_a_formula(client, csrf, api,
                                                                        engine):
    """An e-mail address, a region, a town or a phone that a spreadsheet would run as a
    formula is text in both formats (whatever let it in); a phone number stays as it is."""
    import datetime as dt
    from sqlalchemy import insert
    from services.stakeholders.consent.projections import people_consents
    from services.stakeholders.projections import people as people_table
    now = dt.datetime.now(dt.timezone.utc)
    payload = {"email": "=cmd|'/Ccalc'!A0@x.org", "whatsapp": "-2+3+cmd|'/Ccalc'!A0",
               "residence_region": "@SUM(1+1)*cmd|'/Ccalc'!A0", "residence_town": "+cmd|' /C'!A0"}
    row = {"id": "00000000-0000-0000-0000-00000000f001", "version": 2, "given_name": "Amina",
           "family_name": "Formule", "sex": "female", "phone": "+212 612 34 56 78",
           "residence_country": "MA", "languages": [], "roles": [], "programmes": [],
           "tags": ["formula"], "roles_text": "  ", "search": "formule", "sort_name": "formule",
           "archived": False, "registered_at": now, "updated_at": now, **payload}
    with engine.begin() as conn:
        conn.execute(insert(people_table), [row])
        conn.execute(insert(people_consents), [{
            "person_id": row["id"], "purpose": "newsletter", "status": "given",
            "since": dt.date(2024, 1, 1), "method": "online", "version": 2,
            "recorded_at": now}])
    segment = api.post("/segments", {"name": "Formules", "tags": ["formula"]}).get_json()
    lines = list(csv.reader(io.StringIO(export(client, csrf, segment["id"], "csv")
                                        .get_data().decode("utf-8-sig")), delimiter=";"))
    assert lines[1] == ["Amina", "Formule", "'=cmd|'/Ccalc'!A0@x.org", "+212 6 12 34 56 78",
                        "'-2+3+cmd|'/Ccalc'!A0", "", "Maroc", "'@SUM(1+1)*cmd|'/Ccalc'!A0",
                        "'+cmd|' /C'!A0", ""]
    sheet = load_workbook(io.BytesIO(export(client, csrf, segment["id"], "xlsx")
                                     .get_data())).active
    formulas = [sheet.cell(2, column) for column in (3, 5, 8, 9)]
    assert [c.value for c in formulas] == [payload[k] for k in (
        "email", "whatsapp", "residence_region", "residence_town")]
    assert all(c.data_type == "s" and c.quotePrefix for c in formulas)
    assert sheet["D2"].value == "+212 6 12 34 56 78" and not sheet["D2"].quotePrefix
    assert not sheet["A2"].quotePrefix

# -- affiliation criteria ------------------------------------------------------------------

def organisation(api, name, kind, **extra):
    created = api.post("/organisations", {"name": name, "kind": kind, **extra})
    assert created.status_code == 201, created.get_json()
    return created.get_json()["id"]


def affiliate(api, org_id, person, start="2022-01-01", end=None):
    added = api.post(f"/organisations/{org_id}/affiliations",
                     {"person_id": person["id"], "role": "Membre", "start": start, "end": end})
    assert added.status_code == 201, added.get_json()
    return added.get_json()["affiliation_id"]


@pytest.fixture
def affiliated(api):
    """Who is affiliated to what, today:"""
    import datetime as dt
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    osim = organisation(api, "Association Tifawin", "osim")
    osim2 = organisation(api, "Amicale des Marocains", "osim")
    funder = organisation(api, "Fondation Argane", "funder")
    gone = organisation(api, "Association dissoute", "osim")
    who = {name: register(api, name, "Test") for name in (
        "Current", "Ends", "Ended", "Funded", "Other", "Archived", "Nobody")}
    affiliate(api, osim, who["Current"])                           # no end: current
    affiliate(api, osim2, who["Ends"], end=tomorrow)                # ends later: current
    affiliate(api, osim, who["Ended"], end="2023-12-31")            # ended: left out
    affiliate(api, funder, who["Funded"])                           # another kind
    affiliate(api, funder, who["Other"])
    affiliate(api, osim, who["Other"], end="2023-12-31")            # ended at the OSIM
    affiliate(api, gone, who["Archived"])                           # archived organisation
    version = api.get(f"/organisations/{gone}").get_json()["version"]
    assert api.post(f"/organisations/{gone}/archive",
                    {"expected_version": version}).status_code == 200
    for person in who.values():
        consent(api, person, "give", "newsletter")
    return {"osim": osim, "osim2": osim2, "funder": funder, "gone": gone}


def kept_by(api, **criteria):
    saved = api.post("/segments", {"name": "t", "purpose": "newsletter", **criteria})
    assert saved.status_code == 201, saved.get_json()
    run = api.get(f"/segments/{saved.get_json()['id']}/run").get_json()
    names = sorted(p["given_name"] for p in run["preview"])
    assert run["matched"] == len(names)
    return names


def test_a_segment_by_organisation_kind_keeps_the_currently_affiliated(api, affiliated):
    assert kept_by(api, organisation_kinds=["osim"]) == ["Current", "Ends"]
    assert kept_by(api, organisation_kinds=["funder"]) == ["Funded", "Other"]
    assert kept_by(api, organisation_kinds=["osim", "funder"]) == [
        "Current", "Ends", "Funded", "Other"]
    assert kept_by(api, organisation_kinds=["media"]) == []
    assert kept_by(api, organisation_kinds=["osim"], tags=["x"]) == []   # criteria combine


def test_a_segment_by_organisation_keeps_the_currently_affiliated(api, affiliated):
    assert kept_by(api, organisation_ids=[affiliated["osim"]]) == ["Current"]
    assert kept_by(api, organisation_ids=[affiliated["osim"], affiliated["funder"]]) == [
        "Current", "Funded", "Other"]
    assert kept_by(api, organisation_ids=[affiliated["osim2"]],
                   organisation_kinds=["osim"]) == ["Ends"]


def test_unknown_kinds_and_organisations_are_named(api, affiliated):
    kind = api.post("/segments", {"name": "t", "organisation_kinds": ["club"]})
    assert kind.status_code == 422 and list(kind.get_json()["errors"]) == ["organisation_kinds"]
    unknown = api.post("/segments", {"name": "t", "organisation_ids": [
        "00000000-0000-0000-0000-000000000000"]})
    assert unknown.status_code == 422
    assert list(unknown.get_json()["errors"]) == ["organisation_ids"]
    archived = api.post("/segments", {"name": "t", "organisation_ids": [affiliated["gone"]]})
    assert archived.status_code == 422
    assert list(archived.get_json()["errors"]) == ["organisation_ids"]
    s = api.post("/segments", {"name": "t", "organisation_kinds": ["osim"]}).get_json()
    changed = api.post(f"/segments/{s['id']}/change", {
        "expected_version": 1, "organisation_ids": [affiliated["funder"]]})
    assert changed.status_code == 200
    read = api.get(f"/segments/{s['id']}").get_json()
    assert read["organisation_kinds"] == ["osim"]
    assert read["organisation_ids"] == [affiliated["funder"]]
    bad = api.post(f"/segments/{s['id']}/change", {"expected_version": 2,
                                                   "organisation_ids": ["nobody"]})
    assert bad.status_code == 422 and list(bad.get_json()["errors"]) == ["organisation_ids"]


def test_the_form_offers_organisations_and_the_run_page_shows_them(client, csrf, api,
                                                                   affiliated):
    form = client.get("/stakeholders/segments/new")
    html = text(form)
    assert "Association Tifawin" in html and "Association dissoute" not in html
    token = csrf_token(html)
    bad = client.post("/stakeholders/segments/new", data={
        "csrf_token": token, "name": "OSIM", "organisation_kinds": "club",
        "organisation_ids": "nobody"})
    assert bad.status_code == 422 and 'id="organisation_kinds-error"' in text(bad)
    missing = client.post("/stakeholders/segments/new", data={
        "csrf_token": token, "name": "OSIM", "organisation_ids": "nobody"})
    assert missing.status_code == 422 and 'id="organisation_ids-error"' in text(missing)
    saved = client.post("/stakeholders/segments/new", data={
        "csrf_token": token, "name": "OSIM", "organisation_kinds": "osim",
        "organisation_ids": [affiliated["osim"], affiliated["funder"]],
        "purpose": "newsletter"})
    assert saved.status_code == 302
    run = text(client.get(saved.headers["Location"]))
    assert "Association Tifawin, Fondation Argane" in run
    assert "Actuellement affilié à une organisation de type" in run
    assert "OSIM / association de migrants" in run
    assert "1 personne retenue" in run and "Current" in run
    segment_id = saved.headers["Location"].rstrip("/").split("/")[-1]
    edit = text(client.get(f"/stakeholders/segments/{segment_id}/edit"))
    assert f'value="{affiliated["osim"]}" selected' in edit
    assert 'value="osim" checked' in edit
