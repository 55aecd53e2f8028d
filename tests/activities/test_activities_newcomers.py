"""People not yet known are created in the real stakeholders app through its HTTP API and
registered here by the id it gives (one record, not two); walk-ins, known or new, get a
place and are marked present; whatever the directory answers, the form says it (never a
500) and nothing is written twice."""
from tests.activities.real_directory import desk  # noqa: F401 (the fixture)


def registrations(desk, activity):
    return desk.get(f"/activities/{activity}")["registrations"]


def test_a_person_not_yet_known_is_created_in_the_directory_and_registered_by_its_id(desk):
    activity, _ = desk.opened(capacity=1)
    page = desk.client.get(f"/activities/{activity}/registrations/new-person")
    assert page.status_code == 200 and 'value="MA"' in page.get_data(as_text=True)
    saved = desk.form(f"/activities/{activity}/registrations/new-person",
                      given_name="Khadija", family_name="Oubella", sex="female",
                      residence_country="MA", phone="0612345678", expected_version="3")
    assert saved.status_code == 302, saved.get_data(as_text=True)
    (created,) = desk.people_named("Oubella")
    (registered,) = registrations(desk, activity)
    assert registered["person_id"] == created["id"] and registered["status"] == "registered"
    person = desk.directory(f"/people/{created['id']}")
    assert person["phone"] == "+212612345678"  # the directory's rules applied there

    answer = desk.post(f"/activities/{activity}/registrations/new-person",
                       {"given_name": "Brahim", "family_name": "Oubella"})
    assert answer.status_code == 201 and answer.get_json()["status"] == "waitlisted"
    desk.deliver()  # the replica catches up by the directory's events
    names = {r["name"]: r["status"] for r in registrations(desk, activity)}
    assert names == {"Khadija Oubella": "registered", "Brahim Oubella": "waitlisted"}
    assert len(desk.people_named("Oubella")) == 2  # one record each, in the directory
    assert desk.get("/people?q=oubella")["total"] == 2


def test_what_the_directory_refuses_is_shown_by_field_and_nothing_is_registered(desk):
    activity, _ = desk.opened()
    bad = desk.form(f"/activities/{activity}/registrations/new-person", given_name="Said",
                    family_name="Nait", residence_country="MA", phone="12", expected_version="3")
    assert bad.status_code == 422
    assert 'id="phone-error"' in bad.get_data(as_text=True)
    missing = desk.post(f"/activities/{activity}/registrations/new-person",
                        {"family_name": "Nait"})
    assert missing.status_code == 422 and "given_name" in missing.get_json()["errors"]
    assert registrations(desk, activity) == [] and desk.people_named("Nait") == []


def test_an_unreachable_directory_is_a_form_error_and_a_closed_activity_creates_no_one(desk):
    activity, _ = desk.opened()
    directory = desk.app.extensions["argan"]["directory"]
    base = directory.base
    directory.base = "http://127.0.0.1:9/stakeholders/api/v1"  # nothing listens there
    try:
        down = desk.form(f"/activities/{activity}/registrations/new-person",
                         given_name="Hassan", family_name="Unreachable", expected_version="3")
        api = desk.post(f"/activities/{activity}/registrations/new-person",
                        {"given_name": "Hassan", "family_name": "Unreachable"})
    finally:
        directory.base = base
    assert down.status_code == 422 and "annuaire" in down.get_data(as_text=True)
    assert api.status_code == 422 and api.get_json()["code"]
    cancelled = desk.post(f"/activities/{activity}/cancel", {"expected_version": 3,
                                                             "reason": "météo"})
    assert cancelled.status_code == 200
    refused = desk.post(f"/activities/{activity}/registrations/new-person",
                        {"given_name": "Hassan", "family_name": "Tard"})
    assert refused.status_code == 422
    assert desk.people_named("Unreachable") == [] and desk.people_named("Tard") == []


def test_walk_ins_known_or_new_are_added_from_the_attendance_screen_and_marked_present(desk):
    activity, session = desk.opened(capacity=1, full_day=True)
    known = desk.person("Nora", "Benali")["id"]
    first = desk.person("Ali", "Premier")["id"]
    desk.deliver()
    desk.post(f"/activities/{activity}/registrations", {"person_id": first})
    screen = f"/activities/{activity}/sessions/{session}/attendance"
    found = desk.client.get(f"{screen}?q=benali").get_data(as_text=True)
    assert "Nora Benali" in found and "walk-ins" in found

    added = desk.form(f"/activities/{activity}/sessions/{session}/walk-ins", person_id=known)
    assert added.status_code == 302 and added.headers["Location"].endswith(screen)
    new = desk.form(f"/activities/{activity}/sessions/{session}/walk-ins",
                    given_name="Yassine", family_name="Arrivé", half_days="afternoon")
    assert new.status_code == 302, new.get_data(as_text=True)
    twice = desk.form(f"/activities/{activity}/sessions/{session}/walk-ins", person_id=known)
    assert twice.status_code == 422 and "déjà sur la liste" in twice.get_data(as_text=True)
    nameless = desk.form(f"/activities/{activity}/sessions/{session}/walk-ins", given_name="X")
    assert nameless.status_code == 422 and 'id="family_name-error"' in nameless.get_data(
        as_text=True)

    desk.deliver()
    (yassine,) = desk.people_named("Arrivé")
    detail = desk.get(f"/activities/{activity}")
    assert {(r["name"], r["status"], r["walk_in"]) for r in detail["registrations"]} == {
        ("Ali Premier", "registered", False), ("Nora Benali", "registered", True),
        ("Yassine Arrivé", "registered", True)}  # beyond the capacity of 1: they came
    marks = {(m["person_id"], m["half_day"]): m["status"]
             for m in detail["sessions"][0]["attendance"]}
    assert marks == {(known, "morning"): "present", (known, "afternoon"): "present",
                     (yassine["id"], "afternoon"): "present"}
    api = desk.post(f"/activities/{activity}/sessions/{session}/walk-ins",
                    {"person_id": "not-a-person"})
    assert api.status_code == 422 and "person_id" in api.get_json()["errors"]
    assert desk.client.get(f"/activities/{activity}/sessions/{session}/walk-ins"
                           ).status_code == 302  # the form lives on the attendance screen
