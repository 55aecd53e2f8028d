"""Bad input on the staff pages, found by breaking them on purpose: a clear message naming
the field, never a 500 (PostgreSQL, the real app)."""
import re

from services.stakeholders.staff.schemas import OpenAccount
from shared.testing.web import csrf_token

GOOD = "Taliouine-safran-2026"


def text(response):
    return response.get_data(as_text=True)


def field_error(html: str, name: str) -> str:
    match = re.search(rf'id="{name}-error">([^<]+)<', html)
    return match[1] if match else ""


def open_form(client, csrf, **data):
    return client.post("/stakeholders/staff/new", data={
        "csrf_token": csrf, "name": "Samira Ouali", "email": "samira@argan.test",
        "office": "agadir", "roles": "viewer", "password": GOOD, **data})


def account_id_of(client, email):
    return re.search(r'/stakeholders/staff/([0-9a-f-]{36})"',
                     text(client.get(f"/stakeholders/staff/?q={email}")))[1]


def test_a_nul_character_is_a_field_error_not_a_500(client, csrf):
    """PostgreSQL refuses NUL in text: it used to end every such request in a 500."""
    page = open_form(client, csrf, name="Sam\x00ira")
    assert page.status_code == 422
    assert "« name »" in text(page)
    token = client.post("/stakeholders/me/tokens", data={"csrf_token": csrf, "name": "a\x00b"})
    assert token.status_code == 422
    assert client.get("/stakeholders/staff/?q=a%00b").status_code == 422
    assert client.get("/stakeholders/?q=a%00b").status_code == 422
    api = client.post("/stakeholders/api/v1/staff", headers={"X-CSRFToken": csrf}, json={
        "email": "x@argan.test", "name": "a\u0000b", "office": "agadir", "roles": ["viewer"]})
    assert api.status_code == 422 and api.get_json()["errors"] == {
        "name": ["Contient un caractère non autorisé."]}
    anonymous = client.application.test_client()
    form = csrf_token(text(anonymous.get("/stakeholders/sign-in")))
    assert anonymous.post("/stakeholders/sign-in", data={
        "csrf_token": form, "email": "a\x00b@argan.test", "password": "x"}).status_code == 422


def test_a_weak_password_is_said_with_the_other_field_errors(client, csrf):
    page = open_form(client, csrf, email="not-an-email", password="short")
    html = text(page)
    assert page.status_code == 422
    assert field_error(html, "email") == "Adresse de courriel invalide."
    assert "12 caractères" in field_error(html, "password")
    assert OpenAccount().validate({"name": "", "email": "x@argan.test", "office": "agadir",
                                   "roles": ["viewer"], "password": "short"}).keys() \
        == {"name", "password"}


def test_an_email_already_used_and_a_role_twice(client, csrf, engine):
    assert open_form(client, csrf, roles=["viewer", "viewer"]).status_code == 302
    detail = text(client.get(f"/stakeholders/staff/{account_id_of(client, 'samira')}"))
    assert detail.count("<strong>Lecteur·rice</strong>") == 1
    again = open_form(client, csrf, email=" SAMIRA@Argan.test ", name="Autre")
    assert again.status_code == 422
    assert field_error(text(again), "email") == "Un compte utilise déjà cette adresse de courriel."


def test_blank_fields_in_the_edit_form_are_required_not_nothing_changed(client, csrf):
    open_form(client, csrf)
    account_id = account_id_of(client, "samira")
    page = client.post(f"/stakeholders/staff/{account_id}/edit", data={
        "csrf_token": csrf, "expected_version": "2", "name": " ", "email": "", "office": ""})
    html = text(page)
    assert page.status_code == 422 and "Rien n’a changé" not in html
    for name in ("name", "email", "office"):
        assert field_error(html, name) == "Ce champ est obligatoire.", name


def test_stale_edit_form_in_a_second_tab_says_what_changed(client, csrf):
    open_form(client, csrf)
    account_id = account_id_of(client, "samira")
    url = f"/stakeholders/staff/{account_id}/edit"
    first = {"csrf_token": csrf, "expected_version": "2", "email": "samira@argan.test",
             "office": "agadir"}
    assert client.post(url, data={**first, "name": "Samira El Ouali"}).status_code == 302
    stale = client.post(url, data={**first, "name": "Samira Ouali", "office": "tiznit"})
    html = text(stale)
    assert stale.status_code == 409
    assert "Quelqu’un d’autre a modifié ce compte entre-temps" in html
    assert "Veuillez corriger les champs" not in html  # no field is marked: none to correct
    assert 'id="name-note"' in html and "Samira El Ouali" in html
    assert 'name="expected_version" value="3"' in html  # sending again is a deliberate choice


def test_a_tampered_hidden_version_is_said_on_top(client, csrf):
    open_form(client, csrf)
    account_id = account_id_of(client, "samira")
    page = client.post(f"/stakeholders/staff/{account_id}/roles/grant", data={
        "csrf_token": csrf, "expected_version": "abc", "role": "officer"})
    assert page.status_code == 422
    assert "Ce formulaire n’est plus à jour" in text(page)


def test_revoking_a_token_already_revoked_in_another_tab(client, csrf):
    client.post("/stakeholders/me/tokens", data={"csrf_token": csrf, "name": "export"})
    me = text(client.get("/stakeholders/me/"))
    revoke = re.search(r'href="(/stakeholders/me/tokens/[^"]+/revoke)"', me)[1]
    assert client.post(revoke, data={"csrf_token": csrf}).status_code == 302
    again = client.post(revoke, data={"csrf_token": csrf})
    assert again.status_code == 422
    assert "Ce jeton est déjà révoqué." in text(again)  # was hidden under a missing field
