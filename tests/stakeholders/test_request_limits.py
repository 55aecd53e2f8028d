"""What a request may carry, on the real app and PostgreSQL: size (413), JSON nesting (400),
characters PostgreSQL refuses (422 naming the field), media type (415), page numbers (422
on the API, the "filters not understood" message on pages)."""
import pytest

from shared.web.limits import MAX_CONTENT_LENGTH

PEOPLE = "/stakeholders/api/v1/people"
HUGE_PAGES = ("99999999999999999999", "9223372036854775807", "10001")


def test_a_20_mb_body_is_refused_with_413_in_the_shared_shape(client, csrf):
    body = b"x" * (20 * 1024 * 1024)
    response = client.post(PEOPLE, data=body, content_type="application/json",
                           headers={"X-CSRFToken": csrf})
    assert response.status_code == 413
    assert response.json["code"] == "too_large"
    assert "8 Mo" in response.json["message"]
    assert set(response.json) == {"code", "message", "errors"}
    assert MAX_CONTENT_LENGTH < len(body)


def test_json_nested_5000_deep_is_refused_with_400(client, csrf):
    body = '{"given_name": ' + "[" * 5000 + "]" * 5000 + ', "family_name": "Ait"}'
    response = client.post(PEOPLE, data=body, content_type="application/json",
                           headers={"X-CSRFToken": csrf})
    assert response.status_code == 400
    assert response.json["code"] == "bad_request"
    assert "imbriqu" in response.json["message"]


def test_json_within_the_depth_bound_still_reaches_the_schema(client, csrf):
    body = '{"given_name": ' + "[" * 20 + "]" * 20 + ', "family_name": "Ait"}'
    response = client.post(PEOPLE, data=body, content_type="application/json",
                           headers={"X-CSRFToken": csrf})
    assert response.status_code == 422
    assert "given_name" in response.json["errors"]


@pytest.mark.parametrize("value", ["\ud800", "Amina\udfff", "\ud83d"])
def test_a_lone_surrogate_is_refused_with_422_naming_the_field(api, value):
    response = api.post("/people", {"given_name": "Amina", "family_name": "Ait",
                                    "residence_town": value})
    assert response.status_code == 422, response.json
    assert list(response.json["errors"]) == ["residence_town"]
    assert "residence_town" in response.json["message"]


def test_a_lone_surrogate_in_a_list_or_a_key_is_refused(api):
    response = api.post("/segments", {"name": "Jeunes", "roles": ["young_person", "\udc00"]})
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["roles"]
    response = api.post("/people", {"given_name": "Amina", "family_name": "Ait",
                                    "\ud800": "x"})
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["\ud800"]


def test_a_nul_in_the_query_string_is_still_refused(api):
    response = api.get("/people?q=Ami%00na")
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["q"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "application/xml"])
def test_a_body_that_is_not_json_is_refused_with_415(client, csrf, content_type):
    response = client.post(PEOPLE, data="given_name=Amina&family_name=Ait",
                           content_type=content_type, headers={"X-CSRFToken": csrf})
    assert response.status_code == 415
    assert response.json["code"] == "unsupported_media_type"
    assert "JSON" in response.json["message"]


def test_the_import_upload_still_takes_its_multipart_form(api, client, csrf):
    response = client.post("/stakeholders/api/v1/imports", data="kind=people",
                           content_type="text/plain", headers={"X-CSRFToken": csrf})
    assert response.status_code == 415
    response = client.post("/stakeholders/api/v1/imports", data={"kind": "people"},
                           content_type="multipart/form-data", headers={"X-CSRFToken": csrf})
    assert response.status_code == 422  # no file: the view itself answers
    assert list(response.json["errors"]) == ["file"]


@pytest.mark.parametrize("page", HUGE_PAGES)
@pytest.mark.parametrize("path", ["/people", "/organisations", "/segments", "/staff"])
def test_every_api_list_answers_a_huge_page_with_422(api, path, page):
    response = api.get(f"{path}?page={page}")
    assert response.status_code == 422, response.json
    assert list(response.json["errors"]) == ["page"]


@pytest.mark.parametrize("page", HUGE_PAGES)
@pytest.mark.parametrize("path", ["/", "/organisations/", "/segments/", "/staff/"])
def test_every_list_page_says_a_huge_page_was_not_understood(client, csrf, path, page):
    response = client.get(f"/stakeholders{path}?page={page}")
    assert response.status_code == 200
    assert "Certains filtres n’ont pas été compris" in response.get_data(as_text=True)


def test_the_last_allowed_page_is_an_empty_page(api):
    response = api.get("/people?page=10000&per_page=100")
    assert response.status_code == 200
    assert response.json["items"] == []
