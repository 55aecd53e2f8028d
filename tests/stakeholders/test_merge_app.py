"""Merge two people field by field, recorded on both; un-merge restores both exactly."""
import pytest

from services.stakeholders.duplicates import domain as merging
from services.stakeholders.domain import Person
from shared.eventstore import DomainError
from shared.testing.web import sign_in_as

DETAIL_KEYS_THAT_MOVE = ("version", "updated_at")


def register(api, given, family, **extra):
    response = api.post("/people", {"given_name": given, "family_name": family, **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def detail(api, person_id):
    person = api.get(f"/people/{person_id}").get_json()
    return {k: v for k, v in person.items() if k not in DETAIL_KEYS_THAT_MOVE}


def version(api, person_id):
    return api.get(f"/people/{person_id}").get_json()["version"]


@pytest.fixture
def pair(api):
    survivor = register(api, "Mohammed", "Ouarzazi", sex="male", birth_date="2001-02-03",
                        email="m.ouarzazi@example.org", languages=["ar"], roles=["volunteer"],
                        tags=["agadir"])
    merged = register(api, "Mhamed", "Warzazi", sex="male", birth_date="2001-02-03",
                      phone="+212 6 12 34 56 78", residence_town="Tiznit",
                      languages=["fr", "ar"], roles=["young_person"], tags=["tiznit"])
    return survivor, merged


def merge(api, survivor, merged, choices=None, **versions):
    if "expected_version" not in versions:
        versions["expected_version"] = version(api, survivor)
    if "merged_expected_version" not in versions:
        versions["merged_expected_version"] = version(api, merged)
    return api.post(f"/people/{survivor}/merge", {**versions, "merged_id": merged,
                                                  "choices": choices or {}})


def test_merge_then_unmerge_restores_both_exactly(api, pair):
    survivor, merged = pair
    before = {survivor: detail(api, survivor), merged: detail(api, merged)}
    response = merge(api, survivor, merged, {"given_name": "merged", "phone": "merged",
                                             "residence_town": "merged", "tags": "survivor"})
    assert response.status_code == 200, response.get_json()
    kept = api.get(f"/people/{survivor}").get_json()
    assert kept["given_name"] == "Mhamed" and kept["family_name"] == "Ouarzazi"
    assert kept["phone"] == "+212612345678" and kept["residence_town"] == "Tiznit"
    assert kept["email"] == "m.ouarzazi@example.org"
    assert kept["languages"] == ["ar", "fr"] and kept["roles"] == ["volunteer", "young_person"]
    assert kept["tags"] == ["agadir"] and kept["merged_into"] is None
    gone = api.get(f"/people/{merged}").get_json()
    assert gone["merged_into"] == survivor
    # the merged person is out of lists, search and suggestions
    listed = [p["id"] for p in api.get("/people", query_string={"status": "all"})
              .get_json()["items"]]
    assert survivor in listed and merged not in listed
    assert [p["id"] for p in api.get("/people", query_string={"q": "warzazi"})
            .get_json()["items"]] == [survivor]
    assert api.get(f"/people/{survivor}/duplicates").get_json() == []
    # and read-only
    stale = api.post(f"/people/{merged}/correct", {"expected_version": gone["version"],
                                                   "email": "x@example.org"})
    assert stale.status_code == 422

    undo = api.post(f"/people/{merged}/unmerge", {
        "expected_version": gone["version"], "survivor_expected_version": kept["version"]})
    assert undo.status_code == 200, undo.get_json()
    assert detail(api, survivor) == before[survivor]
    assert detail(api, merged) == before[merged]

    types = {pid: [e["type"] for e in api.get(f"/people/{pid}/history").get_json()]
             for pid in pair}
    assert types[survivor][:2] == ["person.absorption_undone", "person.absorbed"]
    assert types[merged][:2] == ["person.unmerged", "person.merged_into"]


def test_the_events_on_both_records(api, client, pair):
    survivor, merged = pair
    merge(api, survivor, merged, {"email": "survivor", "phone": "merged"})
    store = client.application.extensions["argan"]["store"]
    absorbed = store.load(survivor)[-1]
    merged_into = store.load(merged)[-1]
    assert merged_into.type == "person.merged_into"
    assert merged_into.data == {"survivor_id": survivor, "merge_id": absorbed.data["merge_id"]}
    assert absorbed.type == "person.absorbed" and absorbed.data["merged_id"] == merged
    assert absorbed.data["changes"]["phone"] == "+212612345678"
    assert absorbed.data["previous"]["phone"] is None
    assert absorbed.data["changes"]["languages"] == ["ar", "fr"]
    assert absorbed.data["previous"]["languages"] == ["ar"]
    assert "email" not in absorbed.data["changes"]


def test_stale_versions_are_a_conflict_and_nothing_is_written(api, pair):
    survivor, merged = pair
    before = {pid: api.get(f"/people/{pid}").get_json() for pid in pair}
    for versions in ({"expected_version": 0 + 1, "merged_expected_version": 1},):
        api.post(f"/people/{merged}/correct", {"expected_version": 1, "email": "w@example.org"})
        response = merge(api, survivor, merged, **versions)
        assert response.status_code == 409
        assert response.get_json()["code"] == "conflict"
    assert api.get(f"/people/{survivor}").get_json() == before[survivor]
    assert api.get(f"/people/{merged}").get_json()["merged_into"] is None
    stale_survivor = merge(api, survivor, merged, expected_version=5)
    assert stale_survivor.status_code == 409
    ok = merge(api, survivor, merged)
    assert ok.status_code == 200
    undo = api.post(f"/people/{merged}/unmerge", {"expected_version": ok.get_json()["other_version"],
                                                  "survivor_expected_version": 1})
    assert undo.status_code == 409
    assert api.get(f"/people/{merged}").get_json()["merged_into"] == survivor


def test_merge_rules_name_the_field(api, pair):
    survivor, merged = pair
    assert merge(api, survivor, survivor).status_code == 422
    bad_choice = merge(api, survivor, merged, {"email": "both"})
    assert bad_choice.status_code == 422 and "choices" in str(bad_choice.get_json()["errors"])
    union_on_text = merge(api, survivor, merged, {"email": "union"})
    assert union_on_text.status_code == 422
    assert "email" in union_on_text.get_json()["errors"]
    missing = api.post(f"/people/{survivor}/merge", {})
    assert missing.status_code == 422
    assert {"expected_version", "merged_id", "merged_expected_version"} <= set(
        missing.get_json()["errors"])
    unknown = merge(api, survivor, "00000000-0000-0000-0000-000000000000",
                    expected_version=1, merged_expected_version=1)
    assert unknown.status_code == 422 and "merged_id" in unknown.get_json()["errors"]
    assert api.post("/people/00000000-0000-0000-0000-000000000000/merge", {
        "expected_version": 1, "merged_id": merged, "merged_expected_version": 1}
    ).status_code == 404
    not_merged = api.post(f"/people/{merged}/unmerge", {"expected_version": 1,
                                                        "survivor_expected_version": 1})
    assert not_merged.status_code == 422


def test_a_merged_person_cannot_be_merged_again(api, pair):
    survivor, merged = pair
    third = register(api, "Karim", "Tazi")
    assert merge(api, survivor, merged).status_code == 200
    assert merge(api, third, merged).status_code == 422
    assert merge(api, merged, third).status_code == 422


def test_a_correction_after_the_merge_survives_the_unmerge():
    survivor = Person.register("s", given_name="Amina", family_name="Benali", email="a@x.org")
    merged = Person.register("m", given_name="Amina", family_name="Ben Ali", email="b@x.org",
                             phone="+212612345678")
    merging.merge(survivor, merged, {"email": "merged", "phone": "merged"})
    survivor.correct({"email": "new@x.org"})
    merging.unmerge(merged, survivor)
    assert survivor.details["email"] == "new@x.org"   # corrected since: kept
    assert survivor.details["phone"] is None           # restored
    assert merged.merged_into is None
    with pytest.raises(DomainError):
        merging.unmerge(merged, survivor)


def test_merge_and_unmerge_pages(client, api, csrf, pair):
    survivor, merged = pair
    page = client.get(f"/stakeholders/people/{survivor}/merge/{merged}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Fusionner deux fiches" in html
    assert 'name="keep_phone"' in html and 'value="union"' in html
    form = {"csrf_token": csrf, "expected_version": 1, "merged_expected_version": 1,
            "keep_phone": "merged", "keep_given_name": "survivor"}
    api.post(f"/people/{merged}/correct", {"expected_version": 1, "email": "w@example.org"})
    stale = client.post(f"/stakeholders/people/{survivor}/merge/{merged}", data=form)
    assert stale.status_code == 409
    assert "modifiée entre-temps" in stale.get_data(as_text=True)
    done = client.post(f"/stakeholders/people/{survivor}/merge/{merged}",
                       data={**form, "merged_expected_version": 2})
    assert done.status_code == 302
    shown = client.get(f"/stakeholders/people/{merged}").get_data(as_text=True)
    assert "Cette fiche a été fusionnée" in shown and f"/people/{survivor}" in shown
    kept = client.get(f"/stakeholders/people/{survivor}").get_data(as_text=True)
    assert "Fusionnée avec un doublon" in kept
    assert client.get(f"/stakeholders/people/{merged}/edit").status_code == 302
    confirm = client.get(f"/stakeholders/people/{merged}/unmerge")
    assert confirm.status_code == 200
    undone = client.post(f"/stakeholders/people/{merged}/unmerge", data={
        "csrf_token": csrf, "expected_version": 3, "survivor_expected_version": 2})
    assert undone.status_code == 302
    assert api.get(f"/people/{merged}").get_json()["merged_into"] is None
    bad = client.post(f"/stakeholders/people/{survivor}/merge/{merged}",
                      data={"csrf_token": csrf, "expected_version": "x"})
    assert bad.status_code == 422


def test_permissions(stakeholders_app, pair):
    survivor, merged = pair
    client = stakeholders_app.test_client()  # already mounted under /stakeholders
    csrf = sign_in_as(client, roles=("communication",))
    assert client.get(f"/stakeholders/api/v1/people/{survivor}/duplicates").status_code == 200
    refused = client.post(f"/stakeholders/api/v1/people/{survivor}/merge", json={
        "expected_version": 1, "merged_id": merged, "merged_expected_version": 1},
        headers={"X-CSRFToken": csrf})
    assert refused.status_code == 403
    assert client.get(f"/stakeholders/people/{survivor}/merge/{merged}").status_code == 403
