"""A segment's members for registering them elsewhere (activities): ids and names, in name
order, paginated; archived people left out; no consent filter; a reader may ask; an
unknown segment is a 404."""
from shared.testing.web import sign_in_as


def person(api, given, family, **more):
    response = api.post("/people", {"given_name": given, "family_name": family, **more})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_the_members_of_a_segment_by_name_without_contact_points(api, client,
                                                                 stakeholders_app):
    zaid = person(api, "Zaid", "Ouahbi", tags=["club-climat"], email="z@example.org")
    amal = person(api, "Amal", "Bakri", tags=["club-climat"])
    gone = person(api, "Nadia", "Archivée", tags=["club-climat"])
    person(api, "Autre", "Personne", tags=["autre"])
    api.post(f"/people/{gone['id']}/archive", {"expected_version": gone["version"]})
    segment = api.post("/segments", {"name": "Club climat",
                                     "tags": ["club-climat"]}).get_json()["id"]
    members = api.get(f"/segments/{segment}/members").get_json()
    assert [m["id"] for m in members["items"]] == [amal["id"], zaid["id"]]
    assert members["total"] == 2 and set(members["items"][0]) == {"id", "given_name",
                                                                  "family_name"}
    second = api.get(f"/segments/{segment}/members?per_page=1&page=2").get_json()
    assert [m["id"] for m in second["items"]] == [zaid["id"]]
    assert api.get("/segments/nope/members").status_code == 404
    assert api.get(f"/segments/{segment}/members?per_page=501").status_code == 422

    reader = stakeholders_app.test_client()
    sign_in_as(reader, roles=("communication",))
    assert reader.get(f"/stakeholders/api/v1/segments/{segment}/members").status_code == 200
    viewer = stakeholders_app.test_client()
    sign_in_as(viewer, roles=("viewer",))
    assert viewer.get(f"/stakeholders/api/v1/segments/{segment}/members").status_code == 403
