"""A whole group at once, from the real stakeholders app: an association's current members
(the replica's affiliations), a segment (its members read from stakeholders' API), people
picked; capacity applies, the rest are waitlisted in order, the registered are skipped and
named. An un-merge in stakeholders gives the merged registrations back."""
from tests.activities.real_directory import desk  # noqa: F401 (the fixture)


def statuses(desk, activity):
    return [(r["name"], r["status"]) for r in desk.get(f"/activities/{activity}")
            ["registrations"]]


def test_an_associations_current_members_are_registered_in_name_order(desk):
    association = desk.directory("/organisations", {"name": "Association Tamount",
                                                    "kind": "osim"})["id"]
    members = {name: desk.person("Membre", name)["id"]
               for name in ("Zaki", "Amrani", "Bennani", "Chraibi", "Ancien")}
    for name, person in members.items():
        affiliation = {"person_id": person, "role": "member", "start": "2024-01-01"}
        if name == "Ancien":
            affiliation["end"] = "2024-06-30"
        desk.directory(f"/organisations/{association}/affiliations", affiliation)
    desk.deliver()
    listed = {o["id"]: o["members"] for o in desk.get("/organisations")}
    assert listed[association] == 4

    activity, _ = desk.opened(capacity=3)
    desk.post(f"/activities/{activity}/registrations", {"person_id": members["Bennani"]})
    answer = desk.post(f"/activities/{activity}/registrations/group",
                       {"organisation_id": association})
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["skipped"] == [members["Bennani"]]
    assert statuses(desk, activity) == [
        ("Membre Bennani", "registered"), ("Membre Amrani", "registered"),
        ("Membre Chraibi", "registered"), ("Membre Zaki", "waitlisted")]
    again = desk.post(f"/activities/{activity}/registrations/group",
                      {"organisation_id": association})
    assert again.status_code == 422 and "person_ids" in again.get_json()["errors"]

    page = desk.client.get(f"/activities/{activity}/registrations/group")
    assert page.status_code == 200 and "Association Tamount" in page.get_data(as_text=True)
    shown = desk.form(f"/activities/{activity}/registrations/group",
                      organisation_id=association)
    assert shown.status_code == 422
    assert "Toutes les personnes choisies sont déjà inscrites." in shown.get_data(as_text=True)


def test_a_segment_is_registered_through_the_directory_and_the_form_reports_the_skipped(desk):
    people = [desk.person("Élève", f"Classe3B-{i}", tags=["classe-3b"])["id"]
              for i in range(4)]
    segment = desk.directory("/segments", {"name": "Classe de 3e B",
                                           "tags": ["classe-3b"]})["id"]
    desk.deliver()
    activity, _ = desk.opened(capacity=2)
    desk.post(f"/activities/{activity}/registrations", {"person_id": people[2]})
    page = desk.client.get(f"/activities/{activity}/registrations/group")
    assert "Classe de 3e B" in page.get_data(as_text=True)
    saved = desk.form(f"/activities/{activity}/registrations/group", segment_id=segment)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    flashed = desk.client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Élève Classe3B-2" in flashed  # named as skipped
    assert statuses(desk, activity) == [
        ("Élève Classe3B-2", "registered"), ("Élève Classe3B-0", "registered"),
        ("Élève Classe3B-1", "waitlisted"), ("Élève Classe3B-3", "waitlisted")]
    unknown = desk.form(f"/activities/{activity}/registrations/group", segment_id="nope")
    assert unknown.status_code == 422 and 'id="segment_id-error"' in unknown.get_data(
        as_text=True)
    both = desk.post(f"/activities/{activity}/registrations/group",
                     {"segment_id": segment, "organisation_id": "x"})
    assert both.status_code == 422
    none = desk.post(f"/activities/{activity}/registrations/group", {})
    assert none.status_code == 422 and "person_ids" in none.get_json()["errors"]


def test_people_picked_are_registered_as_a_group_and_unknown_ones_refused(desk):
    picked = [desk.person("Jeune", f"Liste-{i}")["id"] for i in range(3)]
    desk.deliver()
    activity, _ = desk.opened()
    desk.post(f"/activities/{activity}/registrations", {"person_id": picked[0]})
    answer = desk.post(f"/activities/{activity}/registrations/group", {"person_ids": picked})
    assert answer.get_json()["skipped"] == [picked[0]]
    assert [r["status"] for r in answer.get_json()["registrations"]] == ["registered"] * 2
    ghost = desk.post(f"/activities/{activity}/registrations/group",
                      {"person_ids": [picked[1], "ghost"]})
    assert ghost.status_code == 422
    assert desk.get(f"/activities/{activity}")["registered"] == 3


def test_an_unmerge_in_stakeholders_gives_the_registrations_back(desk):
    survivor = desk.person("Youssef", "Amrani-Unmerge")
    absorbed = desk.person("Youssef", "Amrany-Unmerge")
    desk.deliver()
    activity, session = desk.opened(capacity=5)
    both, _ = desk.opened(capacity=1)
    registered = desk.post(f"/activities/{activity}/registrations",
                           {"person_id": absorbed["id"]}).get_json()
    desk.post(f"/activities/{activity}/sessions/{session}/attendance", {"attendance": [
        {"person_id": absorbed["id"], "half_day": "morning", "status": "late"}]})
    desk.post(f"/activities/{both}/registrations",
              {"person_ids": [survivor["id"], absorbed["id"]]})
    merged = desk.directory(f"/people/{survivor['id']}/merge", {
        "expected_version": survivor["version"], "merged_id": absorbed["id"],
        "merged_expected_version": absorbed["version"]})
    desk.deliver()
    moved = desk.get(f"/activities/{activity}")["registrations"]
    assert [(r["id"], r["person_id"]) for r in moved] == [(registered["registration_id"],
                                                           survivor["id"])]

    before_unmerge = desk.delivered
    desk.directory(f"/people/{absorbed['id']}/unmerge", {
        "expected_version": merged["other_version"],
        "survivor_expected_version": merged["version"]})
    desk.deliver()
    back = desk.get(f"/activities/{activity}")
    assert [(r["id"], r["person_id"], r["status"]) for r in back["registrations"]] == [
        (registered["registration_id"], absorbed["id"], "registered")]
    assert back["sessions"][0]["attendance"] == [
        {"person_id": absorbed["id"], "half_day": "morning", "status": "late"}]
    assert back["registrations"][0]["name"] == "Youssef Amrany-Unmerge"
    kept = {r["person_id"]: r["status"] for r in desk.get(f"/activities/{both}")
            ["registrations"]}
    assert kept == {survivor["id"]: "registered", absorbed["id"]: "waitlisted"}
    history = [h["type"] for h in desk.get(f"/activities/{activity}/history")]
    assert history[0] == "activity.registration_given_back"
    version = back["version"]
    desk.delivered = before_unmerge  # the un-merge delivered again: nothing moves twice
    desk.deliver()
    assert desk.get(f"/activities/{activity}")["version"] == version
