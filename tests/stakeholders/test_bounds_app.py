"""Values no one at the NGO could mean are refused, naming the field (422 in the API, the
form shown again with its message in French): a country that is not one, a region without
its country, thousands of tags, a host capacity of 10¹², a version beyond any record's."""
import pytest

from shared.testing.web import csrf_token

from services.stakeholders.bounds import MAX_ENTRIES

PERSON = {"given_name": "Amina", "family_name": "Ouali"}
HOST = {"name": "Maison des jeunes", "kind": "host_structure", "country": "MA"}


def refused(response, field):
    assert response.status_code == 422, response.get_json()
    return response.get_json()["errors"][field]


@pytest.mark.parametrize("extra, field, message", [
    ({"nationality": "XX"}, "nationality", "Choisissez un pays de la liste"),
    ({"residence_country": "ZZ"}, "residence_country", "Choisissez un pays de la liste"),
    ({"residence_region": "Souss-Massa"}, "residence_region", "Choisissez d’abord le pays"),
    ({"residence_country": None, "residence_province": "Tiznit"}, "residence_province",
     "Choisissez d’abord le pays"),
    ({"tags": [f"t{i}" for i in range(5000)]}, "tags", "50 valeurs au maximum"),
    ({"languages": ["fr"] * (MAX_ENTRIES + 1)}, "languages", "50 valeurs au maximum"),
])
def test_a_person_with_values_beyond_reason_is_refused(api, extra, field, message):
    messages = refused(api.post("/people", {**PERSON, **extra}), field)
    assert any(m.startswith(message) for m in messages), messages


def test_the_limits_themselves_are_accepted(api):
    response = api.post("/people", {**PERSON, "nationality": "ma", "residence_country": "MA",
                                    "residence_region": "Souss-Massa",
                                    "tags": [f"t{i}" for i in range(MAX_ENTRIES)]})
    assert response.status_code == 201, response.get_json()


def test_a_correction_is_bounded_too(api):
    person = api.post("/people", PERSON).get_json()
    path = f"/people/{person['id']}/correct"
    assert refused(api.post(path, {"expected_version": 1, "nationality": "XX"}), "nationality")
    # the region alone: the record has no country, the domain says so
    assert refused(api.post(path, {"expected_version": 1, "residence_region": "Bretagne"}),
                   "residence_region")
    assert refused(api.post(path, {"expected_version": 10**20, "tags": ["a"]}),
                   "expected_version") == ["Numéro de version invalide."]


@pytest.mark.parametrize("extra, field", [
    ({"capacity": 10**12}, "capacity"), ({"capacity": 10_001}, "capacity"),
    ({"country": "XX"}, "country"), ({"country": None, "region": "Souss-Massa"}, "region"),
    ({"tags": ["x"] * 5000}, "tags"),
])
def test_an_organisation_with_values_beyond_reason_is_refused(api, extra, field):
    refused(api.post("/organisations", {**HOST, **extra}), field)


def test_a_big_but_real_capacity_is_accepted(api):
    response = api.post("/organisations", {**HOST, "capacity": 10_000})
    assert response.status_code == 201, response.get_json()


def test_a_segment_country_must_be_a_country(api):
    refused(api.post("/segments", {"name": "Lettre", "countries": ["MA", "XX"]}), "countries")


def test_the_form_is_shown_again_with_the_field_message(client, csrf):
    page = client.post("/stakeholders/people/new", data={
        "csrf_token": csrf, **PERSON, "nationality": "XX", "residence_country": "",
        "residence_region": "Bretagne",
        "tags": ", ".join(f"t{i}" for i in range(60))})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "Choisissez un pays de la liste" in html
    assert "Choisissez d’abord le pays" in html and "50 valeurs au maximum." in html
    assert 'value="Amina"' in html  # what was typed is kept


def test_the_country_lists_are_iso_3166_in_french(client, csrf):
    html = client.get("/stakeholders/people/new").get_data(as_text=True)
    assert '<option value="MA">Maroc</option>' in html
    assert '<option value="DE">Allemagne</option>' in html
    assert 'value="XK"' not in html and 'value="EU"' not in html  # not ISO 3166-1 codes
