import re

from sqlalchemy import select

from services.stakeholders.accounts import ensure_first_admin, create_admin
from services.stakeholders.staff.credentials import staff_credentials
from shared.testing.web import csrf_token


AMINA = {"given_name": "Amina", "family_name": "El Idrissi", "sex": "female",
         "email": "amina@example.org", "residence_country": "MA", "roles": ["volunteer"],
         "languages": ["ar", "tzm"], "birth_date": "2003-04-05"}


def text(response):
    return response.get_data(as_text=True)


# -- sign-in ------------------------------------------------------------------------

def test_everything_needs_sign_in(client):
    page = client.get("/stakeholders/people/new?x=1")
    assert page.status_code == 302
    assert page.headers["Location"] == "/stakeholders/sign-in?next=/stakeholders/people/new%3Fx%3D1"
    for path in ("/stakeholders/api/v1/people", "/stakeholders/api/openapi.json"):
        response = client.get(path)
        assert response.status_code == 401
        assert response.json["code"] == "unauthorized" and response.json["errors"] == {}
    assert client.get("/stakeholders/healthz").json["status"] == "ok"
    assert client.get("/stakeholders/sign-in").status_code == 200


def test_sign_in_with_right_and_wrong_password(client, engine):
    create_admin(engine, "chef@argan.test", "a very g00d password", "Cheffe")
    page = client.get("/stakeholders/sign-in?next=/stakeholders/people/new")
    token = csrf_token(text(page))
    wrong = client.post("/stakeholders/sign-in", data={
        "email": "chef@argan.test", "password": "nope", "csrf_token": token})
    assert wrong.status_code == 401 and "Courriel ou mot de passe incorrect" in text(wrong)
    assert client.get("/stakeholders/").status_code == 302
    right = client.post("/stakeholders/sign-in", data={
        "email": "Chef@Argan.test", "password": "a very g00d password", "csrf_token": token,
        "next": "/stakeholders/people/new"})
    assert right.status_code == 302 and right.headers["Location"] == "/stakeholders/people/new"
    home = client.get("/stakeholders/")
    assert home.status_code == 200
    assert "chef@argan.test" in text(client.get("/stakeholders/me/"))
    with engine.connect() as conn:
        row = conn.execute(select(staff_credentials)).mappings().one()
    assert row["password_hash"].startswith("$argon2") and row["last_sign_in_at"] is not None
    cookie = right.headers["Set-Cookie"]
    assert "argan_session=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Path=/;" in cookie and "Expires=" in cookie
    out = client.post("/stakeholders/sign-out", data={"csrf_token": csrf_token(text(home))})
    assert out.status_code == 302
    assert client.get("/stakeholders/").status_code == 302


def test_open_redirect_is_refused(client, engine):
    create_admin(engine, "chef@argan.test", "a very g00d password", "Cheffe")
    token = csrf_token(text(client.get("/stakeholders/sign-in")))
    response = client.post("/stakeholders/sign-in", data={
        "email": "chef@argan.test", "password": "a very g00d password", "csrf_token": token,
        "next": "//evil.example/"})
    assert response.headers["Location"] == "/stakeholders/"


def test_first_admin_only_once(engine):
    email, password = ensure_first_admin(engine)
    assert email == "admin@argan.local" and len(password) >= 16
    assert ensure_first_admin(engine) is None


def test_post_without_csrf_is_refused(client, csrf):
    response = client.post("/stakeholders/api/v1/people", json=AMINA)
    assert response.status_code == 400 and response.json["code"] == "csrf_failed"
    form = client.post("/stakeholders/people/new", data={"given_name": "A", "family_name": "B"})
    assert form.status_code == 400
    bearer = client.post("/stakeholders/api/v1/people", json=AMINA,
                         headers={"Authorization": "Bearer whatever"})
    assert bearer.status_code != 400  # exempt from CSRF (and answered by the sign-in guard)


# -- API ------------------------------------------------------------------------------

def test_register_read_correct_archive_via_api(api):
    created = api.post("/people", AMINA)
    assert created.status_code == 201
    person_id, version = created.json["id"], created.json["version"]
    assert version == 1
    person = api.get(f"/people/{person_id}").json
    assert person["version"] == 1 and person["birth_date"] == "2003-04-05"
    assert person["roles"] == ["volunteer"]
    corrected = api.post(f"/people/{person_id}/correct",
                         {"expected_version": 1, "email": "amina.e@example.org"})
    assert corrected.status_code == 200 and corrected.json["version"] == 2
    stale = api.post(f"/people/{person_id}/correct", {"expected_version": 1, "phone": "+33 6 11 22 33 44"})
    assert stale.status_code == 409
    assert stale.json["code"] == "conflict" and stale.json["current_version"] == 2
    archived = api.post(f"/people/{person_id}/archive", {"expected_version": 2, "reason": "doublon"})
    assert archived.json["version"] == 3
    after = api.post(f"/people/{person_id}/correct", {"expected_version": 3, "email": "x@example.org"})
    assert after.status_code == 422 and "_schema" in after.json["errors"]
    assert api.get("/people/unknown-id").status_code == 404
    assert api.get("/people/unknown-id").json["code"] == "not_found"


def test_bad_input_names_the_fields(api):
    response = api.post("/people", {"given_name": "", "email": "nope", "birth_date": "2999-01-01",
                                    "roles": ["wizard"]})
    assert response.status_code == 422
    body = response.json
    assert set(body) >= {"code", "message", "errors"}
    assert {"given_name", "family_name", "email", "roles"} <= set(body["errors"])
    assert body["errors"]["family_name"] == ["Ce champ est obligatoire."]
    future = api.post("/people", {**AMINA, "birth_date": "2999-01-01"})
    assert future.status_code == 422 and list(future.json["errors"]) == ["birth_date"]
    unknown = api.post("/people", {**AMINA, "shoe_size": 42})
    assert unknown.status_code == 422 and "shoe_size" in unknown.json["errors"]
    nothing = api.post(f"/people/{api.post('/people', AMINA).json['id']}/correct",
                       {"expected_version": 1, "email": "amina@example.org"})
    assert nothing.status_code == 422 and nothing.json["errors"] == {"_schema": ["Rien n’a changé."]}
    bad_query = api.get("/people?per_page=1000")
    assert bad_query.status_code == 422 and "per_page" in bad_query.json["errors"]


def test_list_search_filter_sort_and_paginate(api):
    people = [
        {"given_name": "Aïcha", "family_name": "Benali", "sex": "female", "residence_country": "MA",
         "roles": ["young_person"]},
        {"given_name": "Élodie", "family_name": "Martin", "sex": "female", "residence_country": "FR",
         "email": "elodie@asso.fr", "roles": ["partner_staff", "volunteer"]},
        {"given_name": "Omar", "family_name": "Amrani", "sex": "male", "residence_country": "MA",
         "roles": ["volunteer"]},
    ]
    ids = [api.post("/people", p).json["id"] for p in people]

    def names(query):
        return [p["family_name"] for p in api.get(f"/people{query}").json["items"]]

    assert names("") == ["Amrani", "Benali", "Martin"]
    assert names("?sort=recent") == ["Amrani", "Martin", "Benali"]
    assert names("?q=aicha") == ["Benali"]          # accents stripped
    assert names("?q=ELODIE") == ["Martin"]
    assert names("?q=asso.fr") == ["Martin"]        # by email
    assert names("?sex=male") == ["Amrani"]
    assert names("?country=ma&role=volunteer") == ["Amrani"]
    assert names("?role=volunteer") == ["Amrani", "Martin"]
    page = api.get("/people?per_page=2&page=2").json
    assert (page["total"], page["page"], page["per_page"]) == (3, 2, 2)
    assert [p["family_name"] for p in page["items"]] == ["Martin"]
    api.post(f"/people/{ids[0]}/archive", {"expected_version": 1})
    assert names("") == ["Amrani", "Martin"]
    assert names("?status=archived") == ["Benali"]


def test_openapi_lists_the_people_paths(client, csrf):
    spec = client.get("/stakeholders/api/openapi.json")
    assert spec.status_code == 200
    assert spec.json["openapi"] == "3.0.3"
    paths = spec.json["paths"]
    assert {"/api/v1/people", "/api/v1/people/{person_id}", "/api/v1/people/{person_id}/correct",
            "/api/v1/people/{person_id}/archive"} <= set(paths)
    assert "RegisterPerson" in spec.json["components"]["schemas"]


def test_the_feed_is_registered(client, api):
    api.post("/people", AMINA)
    assert client.get("/stakeholders/api/v1/events").status_code == 401
    feed = client.get("/stakeholders/api/v1/events?after=0",
                      headers={"Authorization": "Bearer service-token"})
    assert feed.status_code == 200
    types = [item["type"] for item in feed.json["items"]]
    # the signed-in admin's account events come first: the feed carries them to every service
    assert types == ["stakeholders.staff_account.opened", "stakeholders.staff_account.password_set",
                     "stakeholders.person.registered"]


# -- pages ----------------------------------------------------------------------------

def test_register_via_form_and_see_history(client, csrf):
    form = client.get("/stakeholders/people/new")
    assert form.status_code == 200 and 'name="csrf_token"' in text(form)
    response = client.post("/stakeholders/people/new", data={
        "csrf_token": csrf, "given_name": "Youssef", "family_name": "Aït Saïd", "sex": "male",
        "birth_date": "2001-09-30", "email": "youssef@example.ma", "residence_country": "MA",
        "languages": ["ar", "tzm"], "roles": ["volunteer", "young_person"],
        "tags": "climat, agadir"})
    assert response.status_code == 302
    detail = client.get(response.headers["Location"])
    page = text(detail)
    assert "Youssef" in page and "Volontaire" in page and "Tamazight" in page
    assert re.search(r"Inscrit·e par officer@argan\.test le \d\d/\d\d/\d{4} à \d\d:\d\d", page)
    assert "climat" in page


def test_bad_form_input_is_shown_again(client, csrf):
    response = client.post("/stakeholders/people/new", data={
        "csrf_token": csrf, "given_name": "", "family_name": "Benali", "email": "pas-un-courriel",
        "birth_date": "2999-01-01"})
    assert response.status_code == 422
    page = text(response)
    assert "Ce champ est obligatoire." in page and "Adresse de courriel invalide." in page
    assert 'value="Benali"' in page   # the input is kept
    future = client.post("/stakeholders/people/new", data={
        "csrf_token": csrf, "given_name": "A", "family_name": "B", "birth_date": "2999-01-01"})
    assert future.status_code == 422
    assert "La date de naissance ne peut pas être dans le futur." in text(future)
    garbage = client.post("/stakeholders/people/new", data={
        "csrf_token": csrf, "given_name": "A", "family_name": "B", "birth_date": "demain"})
    assert garbage.status_code == 422 and "Date invalide." in text(garbage)


def test_edit_with_stale_version_shows_who_changed_what(client, csrf, api, engine, sign_in):
    person_id = api.post("/people", AMINA).json["id"]
    edit = client.get(f"/stakeholders/people/{person_id}/edit")
    assert 'name="expected_version" value="1"' in text(edit)
    # a colleague corrects the email meanwhile
    colleague = client.application.test_client()
    other_csrf = sign_in(colleague, engine, "collegue@argan.test", "another long password")
    colleague.post(f"/stakeholders/api/v1/people/{person_id}/correct",
                   json={"expected_version": 1, "email": "amina.new@example.org"},
                   headers={"X-CSRFToken": other_csrf})
    data = {"csrf_token": csrf, "expected_version": "1", "given_name": "Amina",
            "family_name": "El Idrissi", "sex": "female", "phone": "+212 612 345 678",
            "email": "amina@example.org"}
    conflict = client.post(f"/stakeholders/people/{person_id}/edit", data=data)
    assert conflict.status_code == 409
    page = text(conflict)
    assert "Entre-temps, collegue@argan.test a modifié : Courriel (amina.new@example.org)." in page
    assert 'name="expected_version" value="2"' in page and "+212 612 345 678" in page
    saved = client.post(f"/stakeholders/people/{person_id}/edit", data={**data, "expected_version": "2",
                                                                      "email": "amina.new@example.org"})
    assert saved.status_code == 302
    detail = text(client.get(f"/stakeholders/people/{person_id}"))
    assert "Courriel modifié : amina@example.org → amina.new@example.org" in detail
    assert "Téléphone modifié : — → +212 6 12 34 56 78" in detail


def test_archive_with_confirmation(client, csrf, api):
    person_id = api.post("/people", AMINA).json["id"]
    confirm = client.get(f"/stakeholders/people/{person_id}/archive")
    assert confirm.status_code == 200 and "Oui, archiver" in text(confirm)
    done = client.post(f"/stakeholders/people/{person_id}/archive",
                       data={"csrf_token": csrf, "expected_version": "1", "reason": "doublon"})
    assert done.status_code == 302
    page = text(client.get(f"/stakeholders/people/{person_id}"))
    assert "Archivé·e par officer@argan.test" in page and "Motif : doublon" in page
    assert client.get(f"/stakeholders/people/{person_id}/edit").status_code == 302


def test_list_page_search_filters_pagination_and_empty_state(client, api):
    assert "Personne n’est encore inscrit." in text(client.get("/stakeholders/"))
    for i in range(23):
        api.post("/people", {"given_name": f"Prénom{i:02}", "family_name": "Nom", "sex": "female"})
    first = text(client.get("/stakeholders/"))
    assert "23 personnes" in first and "Page 1 sur 2" in first and "Prénom19" in first
    second = text(client.get("/stakeholders/?page=2"))
    assert "Prénom22" in second and "Prénom00" not in second
    assert "Personne ne correspond" in text(client.get("/stakeholders/?q=zzz"))
    assert "1 personne" in text(client.get("/stakeholders/?q=prenom07"))
    assert client.get("/stakeholders/?page=abc").status_code == 200  # bad filters ignored


def test_french_by_default_english_on_request(client, csrf):
    assert "Nouvelle personne" in text(client.get("/stakeholders/"))
    english = text(client.get("/stakeholders/?lang=en"))
    assert "New person" in english and '<html lang="en">' in english
    assert "New person" in text(client.get("/stakeholders/"))  # remembered in the session
    assert "Nouvelle personne" in text(client.get("/stakeholders/?lang=fr"))


def test_unknown_page_is_an_html_404(client, csrf):
    response = client.get("/stakeholders/people/nobody")
    assert response.status_code == 404 and "<html" in text(response)


def test_english_pages_write_dates_day_first(client, api):
    created = api.post("/people", {"given_name": "Samir", "family_name": "Haddad",
                                   "birth_date": "2001-04-17"}).get_json()
    english = client.get(f"/stakeholders/people/{created['id']}?lang=en").get_data(as_text=True)
    assert "17/04/2001" in english and '<html lang="en">' in english
    french = client.get(f"/stakeholders/people/{created['id']}?lang=fr").get_data(as_text=True)
    assert "17/04/2001" in french and '<html lang="fr">' in french
