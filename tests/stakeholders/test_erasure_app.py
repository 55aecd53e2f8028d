"""Erasure of a person on PostgreSQL: the command (API and page, admins only), and that
afterwards none of their personal data is left in clear in any table of the stakeholders
database, while their facts stay and every list, segment and export leaves them out."""
import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select, text as sql

from services.stakeholders.duplicates.projections import dismissals
from services.stakeholders.imports import runner
from shared.eventstore.schema import personal_keys

TODAY = dt.date.today().isoformat()
GIVEN, FAMILY = "Zorglubine", "Quetzalvert"
EMAIL, PHONE = "zorglubine.quetzalvert@exemple.org", "+33 6 47 28 19 53"
TWIN_EMAIL = "zq.ancienne@exemple.org"  # the address of a duplicate merged into her record
NEEDLES = (GIVEN.lower(), FAMILY.lower(), EMAIL, TWIN_EMAIL, "647281953", "6 47 28 19 53")
PERSON = {"given_name": GIVEN, "family_name": FAMILY, "sex": "female", "email": EMAIL,
          "phone": PHONE, "whatsapp": PHONE, "birth_date": "2001-09-17",
          "residence_country": "MA", "residence_region": "Souss-Massa",
          "residence_town": "Tafraout", "roles": ["volunteer"], "tags": ["tafraout-2024"]}
OTHER = {"given_name": "Brahim", "family_name": "Oufkir", "email": "brahim@example.org",
         "residence_country": "MA", "residence_region": "Souss-Massa", "roles": ["volunteer"]}
CSV_HEADER = "Prénom;Nom;Sexe;Date de naissance;Courriel;Téléphone;Pays;Région;Rôles\n"
CSV_ROW = f"{GIVEN};{FAMILY};F;17/09/2001;{EMAIL};06 47 28 19 53;MA;Souss-Massa;volontaire\n"
TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb")


def text(response):
    return response.get_data(as_text=True)


def tables_holding(engine, needles=NEEDLES) -> dict[str, set[str]]:
    """{table.column: the needles found} over every text and JSON column of every table
    (JSON read back through jsonb, so that escaped non-ASCII text is compared decoded)."""
    found: dict[str, set[str]] = {}
    with engine.connect() as conn:
        columns = conn.execute(sql(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type = ANY(:types)"),
            {"types": list(TEXT_TYPES)}).all()
        assert len(columns) > 50  # every table is scanned, not a chosen few
        for table, column, kind in columns:
            value = f'"{column}"::jsonb::text' if kind == "json" else f'"{column}"::text'
            for needle in needles:
                hit = conn.execute(sql(f'SELECT 1 FROM "{table}" WHERE lower({value}) '
                                       f"LIKE :needle LIMIT 1"), {"needle": f"%{needle}%"}).first()
                if hit:
                    found.setdefault(f"{table}.{column}", set()).add(needle)
    return found


def upload(client, csrf, content):
    return client.post("/stakeholders/api/v1/imports", data={
        "kind": "people", "file": (io.BytesIO(("\ufeff" + content).encode()), "liste.csv")},
        headers={"X-CSRFToken": csrf}, content_type="multipart/form-data")


@pytest.fixture
def her(stakeholders_app, client, csrf, api):
    """Zorglubine, imported from a spreadsheet, with everything stakeholders can hold about
    her: consents with notes, interactions, an affiliation, a dismissed duplicate suggestion,
    a duplicate record merged into hers, and a second upload of her row never imported."""
    stakeholders_app.extensions["argan"]["import_runner"] = runner.synchronously
    preview = upload(client, csrf, CSV_HEADER + CSV_ROW).json
    run = client.post(f"/stakeholders/api/v1/imports/{preview['id']}/run",
                      json={"skip_duplicates": False}, headers={"X-CSRFToken": csrf})
    assert run.status_code == 202
    (person_id,) = api.get(f"/imports/{preview['id']}").json["report"]["imported_ids"]
    again = upload(client, csrf, CSV_HEADER + CSV_ROW)  # a preview only, never imported
    assert again.status_code == 201
    version = api.get(f"/people/{person_id}").json["version"]
    corrected = api.post(f"/people/{person_id}/correct", {
        "expected_version": version, "whatsapp": PHONE, "residence_town": "Tafraout",
        "tags": ["tafraout-2024"]})
    assert corrected.status_code == 200, corrected.json
    version = corrected.json["version"]
    for kind, field in (("give", "given_at"), ("withdraw", "withdrawn_at")):
        done = api.post(f"/people/{person_id}/consents/{kind}", {
            "expected_version": version, "purpose": "photos", field: TODAY,
            "method": "oral", "note": f"Dit par {GIVEN} {FAMILY} au téléphone"})
        assert done.status_code == 200, done.json
        version = done.json["version"]
    done = api.post(f"/people/{person_id}/consents/give", {
        "expected_version": version, "purpose": "newsletter", "given_at": TODAY,
        "method": "email", "note": f"Réponse de {EMAIL}"})
    version = done.json["version"]
    interaction = api.post(f"/people/{person_id}/interactions", {
        "kind": "call", "date": TODAY, "summary": f"Appel de {GIVEN}",
        "notes": f"{GIVEN} {FAMILY} joignable au {PHONE}"})
    assert interaction.status_code == 201
    org_id = api.post("/organisations", {"name": "Association Tifawin", "kind": "osim"}).json["id"]
    assert api.post(f"/organisations/{org_id}/affiliations", {
        "person_id": person_id, "role": "Trésorière", "start": TODAY}).status_code == 201
    other = api.post("/people", OTHER).json
    dismissed = api.post("/duplicates/dismiss", {"person_ids": [person_id, other["id"]],
                                                 "reason": "motif-de-rejet-7781"})
    assert dismissed.status_code == 201
    twin = api.post("/people", {**PERSON, "email": TWIN_EMAIL}).json
    merged = api.post(f"/people/{person_id}/merge", {
        "expected_version": version, "merged_id": twin["id"],
        "merged_expected_version": twin["version"]})
    assert merged.status_code == 200, merged.json
    return {"id": person_id, "version": merged.json["version"], "twin": twin["id"],
            "other": other["id"], "organisation": org_id, "imports": (preview["id"],
                                                                      again.json["id"])}


def test_erasure_leaves_nothing_of_her_in_any_table(client, api, engine, her):
    before = tables_holding(engine)
    # the positive control: the scan finds her where stakeholders keeps her in clear
    assert {"people.given_name", "people.family_name", "people.email", "people.phone",
            "people.whatsapp", "people.search", "people.sort_name",
            "interactions.summary", "interactions.notes", "people_consents.note",
            "consent_sources.note", "imports.rows"} <= set(before), before
    assert TWIN_EMAIL in before["people.email"]
    erased = api.post(f"/people/{her['id']}/erase",
                      {"expected_version": her["version"], "reason": "Demande écrite du 3/12"})
    assert erased.status_code == 200, erased.json
    assert erased.json == {"id": her["id"], "version": her["version"] + 1}
    assert tables_holding(engine) == {}
    with engine.connect() as conn:
        keys = dict(conn.execute(select(personal_keys.c.subject_id, personal_keys.c.key)
                                 .where(personal_keys.c.subject_id.in_(
                                     [her["id"], her["twin"]]))).all())
        reason = conn.execute(select(dismissals.c.reason)).scalar_one()
    assert keys == {her["id"]: None, her["twin"]: None}  # both records' keys destroyed
    assert reason is None
    # her facts stay, anonymous: the row, her affiliation, her interaction
    person = api.get(f"/people/{her['id']}").json
    assert person["erased"] and person["archived"] and person["given_name"] == "[effacé]"
    assert person["email"] is None and person["phone"] is None and person["birth_date"] is None
    assert person["roles"] == ["volunteer"] and person["residence_country"] == "MA"
    assert api.get(f"/people/{her['twin']}").json["erased"]
    (item,) = api.get(f"/people/{her['id']}/interactions").json
    assert item["summary"] == "[effacé]" and item["notes"] is None
    assert api.get(f"/organisations/{her['organisation']}/affiliations").json == []
    for import_id in her["imports"]:  # the uploads still show, without her row's values
        page = client.get(f"/stakeholders/imports/{import_id}", follow_redirects=True)
        assert page.status_code == 200 and GIVEN not in text(page)


def test_her_events_read_back_with_placeholders(stakeholders_app, client, api, her):
    api.post(f"/people/{her['id']}/erase",
             {"expected_version": her["version"], "reason": "Demande du 3/12"})
    store = stakeholders_app.extensions["argan"]["store"]
    registered = store.load(her["id"])[0]
    assert registered.data["given_name"] == "[effacé]" and registered.data["email"] is None
    feed = client.get("/stakeholders/api/v1/events?after=0&limit=1000",
                      headers={"Authorization": "Bearer service-token"}).json["items"]
    body = str(feed).lower()
    assert not [n for n in NEEDLES if n in body]
    mine = [item for item in feed if item["subject"] == her["id"]]
    assert mine[-1]["type"] == "stakeholders.person.erased"
    assert mine[-1]["data"] == {"reason": "Demande du 3/12"}
    assert [i["data"]["given_name"] for i in mine if i["type"].endswith("registered")] == ["[effacé]"]
    erased_twin = [i for i in feed if i["subject"] == her["twin"]][-1]
    assert erased_twin["type"] == "stakeholders.person.erased"
    history = api.get(f"/people/{her['id']}/history").json
    assert history[0]["type"] == "person.erased" and "Demande du 3/12" in history[0]["changes"][0]
    assert not [n for n in NEEDLES if n in str(history).lower()]


def test_lists_segments_and_exports_leave_her_out(client, csrf, api, her):
    segment = api.post("/segments", {"name": "Volontaires", "countries": ["MA"],
                                     "roles": ["volunteer"], "purpose": "newsletter"}).json
    other = api.get(f"/people/{her['other']}").json
    api.post(f"/people/{her['other']}/consents/give", {
        "expected_version": other["version"], "purpose": "newsletter", "given_at": TODAY,
        "method": "oral"})

    def exported():
        response = client.post(f"/stakeholders/api/v1/segments/{segment['id']}/export",
                               json={"purpose": "newsletter", "format": "csv"},
                               headers={"X-CSRFToken": csrf})
        rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")),
                               delimiter=";"))
        return [r[0] for r in rows[1:]]

    assert exported() == ["Brahim", GIVEN]  # the positive control
    api.post(f"/people/{her['id']}/erase", {"expected_version": her["version"],
                                           "reason": "Demande du 3/12"})
    assert exported() == ["Brahim"]
    run = api.get(f"/segments/{segment['id']}/run").json
    assert run["matched"] == 1 and run["included"] == 1
    assert [m["id"] for m in api.get(f"/segments/{segment['id']}/members").json["items"]] \
        == [her["other"]]
    for status in ("active", "archived", "all"):
        listed = api.get(f"/people?status={status}&per_page=100").json["items"]
        assert her["id"] not in [p["id"] for p in listed], status
    for q in ("effac", GIVEN, EMAIL):
        found = api.get(f"/people?q={q}&status=all").json["items"]
        assert her["id"] not in [p["id"] for p in found], q
    page = text(client.get("/stakeholders/?status=all"))
    assert "[effacé]" not in page and "Brahim" in page


def test_every_other_command_on_her_is_refused_in_french(api, her):
    api.post(f"/people/{her['id']}/erase", {"expected_version": her["version"],
                                           "reason": "Demande du 3/12"})
    v = her["version"] + 1
    refusal = "Cette personne a été effacée"
    attempts = [
        (f"/people/{her['id']}/correct", {"expected_version": v, "email": "x@example.org"}),
        (f"/people/{her['id']}/archive", {"expected_version": v}),
        (f"/people/{her['id']}/consents/withdraw", {"expected_version": v, "purpose":
                                                     "newsletter", "withdrawn_at": TODAY,
                                                     "method": "oral"}),
        (f"/people/{her['id']}/consents/give", {"expected_version": v, "purpose": "photos",
                                                 "given_at": TODAY, "method": "oral"}),
        (f"/people/{her['other']}/merge", {"expected_version": 1, "merged_id": her["id"],
                                           "merged_expected_version": v}),
        (f"/people/{her['id']}/interactions", {"kind": "call", "date": TODAY,
                                               "summary": "Appel"}),
        (f"/organisations/{her['organisation']}/affiliations", {
            "person_id": her["id"], "role": "Membre", "start": TODAY}),
        ("/duplicates/dismiss", {"person_ids": [her["id"], her["other"]]}),
        (f"/people/{her['twin']}/unmerge", {"expected_version": 3,
                                            "survivor_expected_version": v}),
    ]
    for path, body in attempts:
        response = api.post(path, body)
        assert response.status_code == 422, (path, response.json)
        assert refusal in str(response.json), (path, response.json)
    again = api.post(f"/people/{her['id']}/erase", {"expected_version": v, "reason": "encore"})
    assert again.status_code == 422 and "déjà été effacée" in again.json["message"] + str(
        again.json["errors"])


def test_the_api_command_answers_and_refuses(client, engine, sign_in, api):
    person = api.post("/people", PERSON).json
    path = f"/people/{person['id']}/erase"
    missing = api.post(path, {"expected_version": 1})
    assert missing.status_code == 422 and list(missing.json["errors"]) == ["reason"]
    blank = api.post(path, {"expected_version": 1, "reason": "   "})
    assert blank.status_code == 422 and "reason" in blank.json["errors"]
    naming = api.post(path, {"expected_version": 1, "reason": f"Courriel de {GIVEN}"})
    assert naming.status_code == 422
    assert "ne doit ni nommer la personne" in naming.json["errors"]["reason"][0]
    no_version = api.post(path, {"reason": "Demande"})
    assert no_version.status_code == 422 and "expected_version" in no_version.json["errors"]
    assert api.post("/people/00000000-0000-0000-0000-000000000000/erase",
                    {"expected_version": 1, "reason": "Demande"}).status_code == 404
    api.post(f"/people/{person['id']}/correct", {"expected_version": 1, "tags": ["x"]})
    stale = api.post(path, {"expected_version": 1, "reason": "Demande"})
    assert stale.status_code == 409 and stale.json["current_version"] == 2
    officer = client.application.test_client()  # another browser, an officer's
    token = sign_in(officer, engine, "officer-erase@argan.test", "a long password for tests",
                    roles=("officer",))
    refused = officer.post(f"/stakeholders/api/v1{path}", json={
        "expected_version": 2, "reason": "Demande"}, headers={"X-CSRFToken": token})
    assert refused.status_code == 403
    assert f"/people/{person['id']}/erase" not in text(
        officer.get(f"/stakeholders/people/{person['id']}"))
    assert officer.get(f"/stakeholders/people/{person['id']}/erase").status_code == 403
    assert api.get(f"/people/{person['id']}").json["erased"] is False
    done = api.post(path, {"expected_version": 2, "reason": "Demande"})
    assert done.status_code == 200 and done.json["version"] == 3
    paths = client.get("/stakeholders/api/openapi.json").json["paths"]
    assert "/api/v1/people/{person_id}/erase" in paths


def test_the_page_warns_asks_a_reason_and_a_confirmation(client, csrf, api):
    person = api.post("/people", PERSON).json
    detail = text(client.get(f"/stakeholders/people/{person['id']}"))
    url = f"/stakeholders/people/{person['id']}/erase"
    assert f'href="{url}"' in detail  # the admin's button
    form = client.get(url)
    assert form.status_code == 200
    page = text(form)
    assert "ne peut pas être annulé" in page and 'name="confirm"' in page
    assert 'name="reason"' in page and 'name="csrf_token"' in page
    no_csrf = client.post(url, data={"expected_version": "1", "reason": "Demande",
                                     "confirm": "1"})
    assert no_csrf.status_code in (400, 403)
    missing = client.post(url, data={"csrf_token": csrf, "expected_version": "1"})
    assert missing.status_code == 422
    shown = text(missing)
    assert "Ce champ est obligatoire." in shown  # the reason
    assert "Cochez la case pour confirmer" in shown
    unconfirmed = client.post(url, data={"csrf_token": csrf, "expected_version": "1",
                                         "reason": "Demande du 3/12"})
    assert unconfirmed.status_code == 422 and "Demande du 3/12" in text(unconfirmed)
    assert api.get(f"/people/{person['id']}").json["erased"] is False
    api.post(f"/people/{person['id']}/correct", {"expected_version": 1, "tags": ["x"]})
    stale = client.post(url, data={"csrf_token": csrf, "expected_version": "1",
                                   "reason": "Demande du 3/12", "confirm": "1"})
    assert stale.status_code == 409 and "modifié cette personne entre-temps" in text(stale)
    assert 'name="expected_version" value="2"' in text(stale)
    done = client.post(url, data={"csrf_token": csrf, "expected_version": "2",
                                  "reason": "Demande du 3/12", "confirm": "1"})
    assert done.status_code == 302
    after = text(client.get(done.headers["Location"]))
    # the heading says what the record is, not the "[effacé]" placeholder of its names
    assert "<h1>Personne effacée" in after and "[effacé]" not in after and GIVEN not in after
    assert f'href="{url}"' not in after and "/edit" not in after and "/archive" not in after
    assert "/consents/" not in after and "/interactions" not in after
    assert client.get(url).status_code == 302  # erased already: back to the page
    for form in ("edit", "archive", "consents/give", "consents/withdraw", "interactions/new"):
        refused = client.get(f"/stakeholders/people/{person['id']}/{form}")
        assert refused.status_code == 302, form
        assert "effacée : plus rien" in text(client.get(refused.headers["Location"])), form
