"""Organisations, affiliations and interactions through the API and the forms, on PostgreSQL."""
import datetime as dt
import re

TODAY = dt.date.today().isoformat()
SIRET = "73282932000074"
TIFAWIN = {"name": "Association Tifawin", "kind": "osim", "country": "FR",
           "region": "Provence-Alpes-Côte d'Azur", "province": "Bouches-du-Rhône",
           "town": "Marseille", "siret": SIRET, "rna": "W133000000", "programmes": ["PRA"],
           "email": "contact@tifawin.org", "website": "https://tifawin.org"}
HOST = {"name": "Maison des jeunes de Tiznit", "kind": "host_structure", "country": "MA",
        "region": "Souss-Massa", "province": "Tiznit", "approval_number": "NA-013-22-00042",
        "approval_start": "2023-01-01", "approval_end": "2026-01-01", "capacity": 4,
        "programmes": ["SCR"]}
AMINA = {"given_name": "Amina", "family_name": "El Idrissi", "sex": "female"}


def text(response):
    return response.get_data(as_text=True)


def other_client(client, engine, sign_in, role):
    colleague = client.application.test_client()
    token = sign_in(colleague, engine, f"{role}.colleague@argan.test", "a long enough password",
                    roles=(role,))
    return colleague, token


# -- API --------------------------------------------------------------------------------

def test_register_read_correct_archive_via_api(api):
    created = api.post("/organisations", TIFAWIN)
    assert created.status_code == 201 and created.json["version"] == 1
    org_id = created.json["id"]
    org = api.get(f"/organisations/{org_id}").json
    assert org["siret"] == SIRET and org["programmes"] == ["PRA"] and org["version"] == 1
    corrected = api.post(f"/organisations/{org_id}/correct",
                         {"expected_version": 1, "town": "Aubagne"})
    assert corrected.status_code == 200 and corrected.json["version"] == 2
    stale = api.post(f"/organisations/{org_id}/correct", {"expected_version": 1, "town": "Nice"})
    assert stale.status_code == 409 and stale.json["current_version"] == 2
    history = api.get(f"/organisations/{org_id}/history").json
    assert [h["type"] for h in history] == ["organisation.corrected", "organisation.registered"]
    assert api.post(f"/organisations/{org_id}/archive",
                    {"expected_version": 2, "reason": "dissoute"}).json["version"] == 3
    after = api.post(f"/organisations/{org_id}/correct", {"expected_version": 3, "town": "X"})
    assert after.status_code == 422 and "_schema" in after.json["errors"]
    assert api.get("/organisations/nobody").status_code == 404


def test_bad_input_names_the_fields(api):
    response = api.post("/organisations", {"name": "", "kind": "club", "siret": "73282932000075",
                                           "rna": "123", "ice": "12", "website": "tifawin",
                                           "capacity": 0})
    assert response.status_code == 422
    errors = response.json["errors"]
    assert {"name", "kind", "siret", "rna", "ice", "website", "capacity"} <= set(errors)
    assert errors["siret"] == ["Un SIRET compte 14 chiffres et une clé de contrôle valide."]
    territory = api.post("/organisations", {**TIFAWIN, "province": "Tiznit"})
    assert territory.status_code == 422 and list(territory.json["errors"]) == ["province"]
    region = api.post("/organisations", {**HOST, "region": "Atlantide"})
    assert region.status_code == 422 and list(region.json["errors"]) == ["region"]
    not_host = api.post("/organisations", {**HOST, "kind": "funder"})
    assert not_host.status_code == 422 and "approval_number" in not_host.json["errors"]
    dates = api.post("/organisations", {**HOST, "approval_end": "2020-01-01"})
    assert dates.status_code == 422 and list(dates.json["errors"]) == ["approval_end"]
    wrong_country = api.post("/organisations", {**TIFAWIN, "country": "MA", "region": None,
                                                "province": None})
    assert wrong_country.status_code == 422 and "siret" in wrong_country.json["errors"]
    unknown = api.post("/organisations", {**TIFAWIN, "colour": "red"})
    assert unknown.status_code == 422 and "colour" in unknown.json["errors"]


def test_list_search_filters_sort_and_pagination(api):
    ids = {o["name"]: api.post("/organisations", o).json["id"] for o in (
        TIFAWIN, HOST,
        {"name": "Commune d'Agadir", "kind": "local_authority", "country": "MA",
         "province": "agadir ida outanane", "programmes": ["MTD2", "SCR"]},
        {"name": "Écoles sans frontières", "kind": "school_university", "country": "FR"})}

    def names(query=""):
        return [o["name"] for o in api.get(f"/organisations{query}").json["items"]]

    assert names() == ["Association Tifawin", "Commune d'Agadir", "Écoles sans frontières",
                       "Maison des jeunes de Tiznit"]
    assert names("?q=ecoles") == ["Écoles sans frontières"]
    assert names(f"?q={SIRET}") == ["Association Tifawin"]
    assert names("?kind=host_structure") == ["Maison des jeunes de Tiznit"]
    assert names("?country=ma&region=Souss-Massa") == ["Commune d'Agadir",
                                                        "Maison des jeunes de Tiznit"]
    assert names("?programme=SCR") == ["Commune d'Agadir", "Maison des jeunes de Tiznit"]
    assert names("?sort=recent")[0] == "Écoles sans frontières"
    page = api.get("/organisations?per_page=3&page=2").json
    assert (page["total"], page["page"], len(page["items"])) == (4, 2, 1)
    agadir = api.get(f"/organisations/{ids['Commune d%sAgadir' % chr(39)]}").json
    assert (agadir["region"], agadir["province"]) == ("Souss-Massa", "Agadir Ida-Outanane")
    api.post(f"/organisations/{ids['Association Tifawin']}/archive", {"expected_version": 1})
    assert "Association Tifawin" not in names()
    assert names("?status=archived") == ["Association Tifawin"]
    assert api.get("/organisations?kind=club").status_code == 422


def test_affiliations_on_both_sides(api):
    org_id = api.post("/organisations", TIFAWIN).json["id"]
    person_id = api.post("/people", AMINA).json["id"]
    added = api.post(f"/organisations/{org_id}/affiliations",
                     {"person_id": person_id, "role": "Présidente", "start": "2022-09-01"})
    assert added.status_code == 201 and added.json["version"] == 2
    affiliation_id = added.json["affiliation_id"]
    (member,) = api.get(f"/organisations/{org_id}/affiliations").json
    assert member["person_name"] == "Amina EL IDRISSI" and member["current"] is True
    (membership,) = api.get(f"/people/{person_id}/affiliations").json
    assert membership["organisation_name"] == "Association Tifawin"
    bad = api.post(f"/organisations/{org_id}/affiliations",
                   {"person_id": person_id, "role": "Membre", "start": "2022-09-01",
                    "end": "2022-01-01"})
    assert bad.status_code == 422 and list(bad.json["errors"]) == ["end"]
    nobody = api.post(f"/organisations/{org_id}/affiliations",
                      {"person_id": "nobody", "role": "Membre", "start": "2022-09-01"})
    assert nobody.status_code == 422 and list(nobody.json["errors"]) == ["person_id"]
    stale = api.post(f"/organisations/{org_id}/affiliations",
                     {"expected_version": 1, "person_id": person_id, "role": "Membre",
                      "start": "2022-09-01"})
    assert stale.status_code == 409
    ended = api.post(f"/organisations/{org_id}/affiliations/{affiliation_id}/end",
                     {"end": "2024-06-30"})
    assert ended.status_code == 200
    assert api.get(f"/people/{person_id}/affiliations").json[0]["end"] == "2024-06-30"
    assert api.post(f"/organisations/{org_id}/affiliations/{affiliation_id}/remove",
                    {"reason": "erreur"}).status_code == 200
    assert api.get(f"/organisations/{org_id}/affiliations").json == []
    gone = api.post(f"/organisations/{org_id}/affiliations/{affiliation_id}/end",
                    {"end": "2024-06-30"})
    assert gone.status_code == 422 and "affiliation_id" in gone.json["errors"]
    assert api.get("/people/nobody/affiliations").status_code == 404


def test_interactions_via_api_with_their_author(api):
    org_id = api.post("/organisations", TIFAWIN).json["id"]
    person_id = api.post("/people", AMINA).json["id"]
    for path in (f"/organisations/{org_id}", f"/people/{person_id}"):
        created = api.post(f"{path}/interactions", {"kind": "visit", "date": TODAY,
                                                    "summary": "Visite", "notes": "Confidentiel"})
        assert created.status_code == 201
        (item,) = api.get(f"{path}/interactions").json
        assert item["author_email"] == "officer@argan.test" and item["notes"] == "Confidentiel"
    bad = api.post(f"/people/{person_id}/interactions", {"kind": "lunch", "date": "2999-01-01"})
    assert bad.status_code == 422 and {"kind", "date", "summary"} <= set(bad.json["errors"])
    assert api.get("/people/nobody/interactions").status_code == 404
    removed = api.post(f"/interactions/{created.json['id']}/remove", {})
    assert removed.status_code == 200
    assert api.get(f"/people/{person_id}/interactions").json == []


def test_territories_reference(api):
    france, morocco = api.get("/territories").json
    assert france["country"] == "FR" and france["regions"][0]["name"].startswith("Provence")
    assert morocco["regions"][0]["subdivisions"][:2] == ["Agadir Ida-Outanane",
                                                         "Inezgane-Aït Melloul"]


def test_person_territory_is_checked_for_france_and_morocco(api):
    bad = api.post("/people", {**AMINA, "residence_country": "MA",
                               "residence_region": "Souss-Massa",
                               "residence_province": "Bouches-du-Rhône"})
    assert bad.status_code == 422 and list(bad.json["errors"]) == ["residence_province"]
    good = api.post("/people", {**AMINA, "residence_country": "MA",
                                "residence_province": "chtouka ait baha"})
    person = api.get(f"/people/{good.json['id']}").json
    assert (person["residence_region"], person["residence_province"]) == (
        "Souss-Massa", "Chtouka-Aït Baha")
    elsewhere = api.post("/people", {**AMINA, "residence_country": "SN",
                                     "residence_region": "Dakar"})
    assert elsewhere.status_code == 201


# -- permissions ----------------------------------------------------------------------------

def test_communication_reads_organisations_but_not_interaction_notes(client, engine, api, sign_in):
    org_id = api.post("/organisations", TIFAWIN).json["id"]
    person_id = api.post("/people", AMINA).json["id"]
    api.post(f"/organisations/{org_id}/interactions",
             {"kind": "call", "date": TODAY, "summary": "Appel", "notes": "Secret des notes"})
    comm, token = other_client(client, engine, sign_in, "communication")
    assert comm.get(f"/stakeholders/api/v1/organisations/{org_id}").status_code == 200
    for path in (f"/organisations/{org_id}/interactions", f"/people/{person_id}/interactions"):
        refused = comm.get(f"/stakeholders/api/v1{path}")
        assert refused.status_code == 403 and refused.json["code"] == "forbidden"
        assert comm.post(f"/stakeholders/api/v1{path}", json={"kind": "call", "date": TODAY,
                                                              "summary": "x"},
                         headers={"X-CSRFToken": token}).status_code == 403
    assert comm.get(f"/stakeholders/organisations/{org_id}/interactions/new").status_code == 403
    page = text(comm.get(f"/stakeholders/organisations/{org_id}"))
    assert "Association Tifawin" in page and "Secret des notes" not in page
    assert "Interactions" not in page and "Corriger" not in page
    person_page = text(comm.get(f"/stakeholders/people/{person_id}"))
    assert "Organisations" in person_page and "Interactions" not in person_page
    assert comm.post(f"/stakeholders/api/v1/organisations", json=TIFAWIN,
                     headers={"X-CSRFToken": token}).status_code == 403


def test_viewer_cannot_read_organisations(client, engine, sign_in):
    viewer, _ = other_client(client, engine, sign_in, "viewer")
    assert viewer.get("/stakeholders/api/v1/organisations").status_code == 403
    assert viewer.get("/stakeholders/organisations/").status_code == 403
    assert viewer.get("/stakeholders/api/v1/territories").status_code == 403


# -- pages ----------------------------------------------------------------------------------

def test_register_via_form_list_and_detail(client, csrf):
    empty = text(client.get("/stakeholders/organisations/"))
    assert "Aucune organisation n’est encore enregistrée." in empty
    form = text(client.get("/stakeholders/organisations/new"))
    assert 'name="csrf_token"' in form and "Souss-Massa" in form and "13 Bouches-du-Rhône" in form
    response = client.post("/stakeholders/organisations/new", data={
        "csrf_token": csrf, "name": "Maison des jeunes", "kind": "host_structure",
        "country": "MA", "region": "Souss-Massa", "province": "Tiznit", "town": "Tiznit",
        "approval_number": "NA-1", "approval_start": "2023-01-01", "approval_end": "2025-12-31",
        "capacity": "3", "programmes": "SCR, MTD2", "tags": ""})
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Maison des jeunes" in page and "Structure d’accueil" in page and "NA-1" in page
    assert re.search(r"Enregistrée par officer@argan\.test le \d\d/\d\d/\d{4}", page)
    listing = text(client.get("/stakeholders/organisations/?region=Souss-Massa"))
    assert "1 organisation" in listing and "Maison des jeunes" in listing
    assert "Aucune organisation ne correspond" in text(
        client.get("/stakeholders/organisations/?q=zzz"))
    assert client.get("/stakeholders/organisations/?page=abc").status_code == 200
    assert "Organisations" in text(client.get("/stakeholders/"))  # reachable from people


def test_bad_form_input_is_shown_again_with_field_errors(client, csrf):
    response = client.post("/stakeholders/organisations/new", data={
        "csrf_token": csrf, "name": "", "kind": "association", "country": "FR",
        "region": "Bretagne", "province": "Var", "siret": "123", "capacity": "deux"})
    assert response.status_code == 422
    page = text(response)
    assert "Ce champ est obligatoire." in page
    assert "Un SIRET compte 14 chiffres" in page
    assert "Ce département ou cette province n’est pas dans la région choisie." in page
    assert 'value="Bretagne" selected' in page  # the input is kept, in the French selects
    host = client.post("/stakeholders/organisations/new", data={
        "csrf_token": csrf, "name": "Mairie", "kind": "local_authority",
        "approval_number": "NA-2"})
    assert host.status_code == 422
    assert "Seule une structure d’accueil détient un agrément de service civique." in text(host)


def test_edit_with_stale_version_then_archive(client, csrf, api, engine, sign_in):
    org_id = api.post("/organisations", TIFAWIN).json["id"]
    edit = text(client.get(f"/stakeholders/organisations/{org_id}/edit"))
    assert 'name="expected_version" value="1"' in edit
    colleague, token = other_client(client, engine, sign_in, "officer")
    colleague.post(f"/stakeholders/api/v1/organisations/{org_id}/correct",
                   json={"expected_version": 1, "town": "Aubagne"}, headers={"X-CSRFToken": token})
    data = {"csrf_token": csrf, "expected_version": "1", "name": "Association Tifawin",
            "kind": "osim", "country": "FR", "region": TIFAWIN["region"],
            "province": TIFAWIN["province"], "town": "Marseille", "phone": "+33 4 91 00 00 00"}
    conflict = client.post(f"/stakeholders/organisations/{org_id}/edit", data=data)
    assert conflict.status_code == 409
    page = text(conflict)
    assert "Entre-temps, officer.colleague@argan.test a modifié : Commune (Aubagne)." in page
    assert 'name="expected_version" value="2"' in page and "+33 4 91 00 00 00" in page
    saved = client.post(f"/stakeholders/organisations/{org_id}/edit",
                        data={**data, "expected_version": "2"})
    assert saved.status_code == 302
    detail = text(client.get(f"/stakeholders/organisations/{org_id}"))
    assert "Téléphone : — → +33 4 91 00 00 00" in detail
    confirm = client.get(f"/stakeholders/organisations/{org_id}/archive")
    assert "Oui, archiver" in text(confirm)
    stale = client.post(f"/stakeholders/organisations/{org_id}/archive",
                        data={"csrf_token": csrf, "expected_version": "1"})
    assert stale.status_code == 409
    done = client.post(f"/stakeholders/organisations/{org_id}/archive",
                       data={"csrf_token": csrf, "expected_version": "3", "reason": "dissoute"})
    assert done.status_code == 302
    assert "Motif : dissoute" in text(client.get(f"/stakeholders/organisations/{org_id}"))
    assert client.get(f"/stakeholders/organisations/{org_id}/edit").status_code == 302


def test_affiliation_and_interaction_forms(client, csrf, api):
    org_id = api.post("/organisations", TIFAWIN).json["id"]
    person_id = api.post("/people", AMINA).json["id"]
    search = text(client.get(f"/stakeholders/organisations/{org_id}/affiliations/new?q=amina"))
    assert "Amina EL IDRISSI" in search and f'value="{person_id}"' in search
    missing = client.post(f"/stakeholders/organisations/{org_id}/affiliations/new",
                          data={"csrf_token": csrf, "q": "amina", "role": "", "start": TODAY})
    assert missing.status_code == 422
    assert "Choisissez une personne." in text(missing) and "Amina EL IDRISSI" in text(missing)
    added = client.post(f"/stakeholders/organisations/{org_id}/affiliations/new",
                        data={"csrf_token": csrf, "person_id": person_id, "role": "Trésorière",
                              "start": "2023-01-15"})
    assert added.status_code == 302
    org_page = text(client.get(f"/stakeholders/organisations/{org_id}"))
    assert "Trésorière" in org_page and "depuis le 15/01/2023" in org_page
    person_page = text(client.get(f"/stakeholders/people/{person_id}"))
    assert "Association Tifawin" in person_page and "Trésorière" in person_page
    (affiliation,) = api.get(f"/organisations/{org_id}/affiliations").json
    end_url = f"/stakeholders/organisations/{org_id}/affiliations/{affiliation['id']}/end"
    too_early = client.post(end_url, data={"csrf_token": csrf, "end": "2022-01-01"})
    assert too_early.status_code == 422
    assert "La date de fin ne peut pas précéder la date de début." in text(too_early)
    assert client.post(end_url, data={"csrf_token": csrf, "end": "2024-01-01"}).status_code == 302
    assert "du 15/01/2023 au 01/01/2024" in text(client.get(f"/stakeholders/people/{person_id}"))
    # interactions, from the person's page
    assert "Consigner une interaction" in person_page
    form_url = f"/stakeholders/people/{person_id}/interactions/new"
    bad = client.post(form_url, data={"csrf_token": csrf, "kind": "meeting", "date": "2999-01-01",
                                      "summary": ""})
    assert bad.status_code == 422 and "Ce champ est obligatoire." in text(bad)
    ok = client.post(form_url, data={"csrf_token": csrf, "kind": "meeting", "date": TODAY,
                                     "summary": "Préparation du départ", "notes": "Visa en cours"})
    assert ok.status_code == 302
    page = text(client.get(f"/stakeholders/people/{person_id}"))
    assert "Préparation du départ" in page and "Visa en cours" in page and "Rencontre" in page
    remove_url = f"/stakeholders/organisations/{org_id}/affiliations/{affiliation['id']}/remove"
    assert "Oui, retirer" in text(client.get(remove_url))
    assert client.post(remove_url, data={"csrf_token": csrf}).status_code == 302
    assert "Trésorière" not in text(client.get(f"/stakeholders/people/{person_id}"))


def test_person_form_offers_the_territories(client, csrf, api):
    form = text(client.get("/stakeholders/people/new"))
    assert "Inezgane-Aït Melloul" in form and "13 Bouches-du-Rhône" in form
    response = client.post("/stakeholders/people/new", data={
        "csrf_token": csrf, "given_name": "Omar", "family_name": "Amrani",
        "residence_country": "MA", "residence_region": "Souss-Massa",
        "residence_province": "Var"})
    assert response.status_code == 422
    assert "Ce département ou cette province n’existe pas dans ce pays." in text(response)
    legacy = api.post("/people", {**AMINA, "residence_country": "SN", "residence_region": "Thiès"})
    edit = text(client.get(f"/stakeholders/people/{legacy.json['id']}/edit"))
    assert 'value="Thiès"' in edit   # free text for other countries
