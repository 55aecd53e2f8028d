"""The pages in French: list with filters and empty state, forms through the shared command
flow (errors by field, a stale form shown again with its version), the attendance screen
for a whole list in one submit."""
import re

from shared.testing.web import sign_in_as
from tests.activities.conftest import plan_body


def form(client, url, csrf, **data):
    return client.post(url, data={"csrf_token": csrf, **data})


def plan(client, csrf, **extra):
    response = form(client, "/activities/new", csrf, **{**plan_body(), **extra})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def test_the_list_has_an_empty_state_filters_and_pagination(client, csrf):
    page = client.get("/activities/").get_data(as_text=True)
    assert "Aucune activité n’est encore prévue." in page
    for i in range(22):
        plan(client, csrf, title=f"Webinaire {i:02d}", kind="webinar")
    plan(client, csrf, title="Formation OSIM", kind="training", office="tiznit")
    listed = client.get("/activities/?sort=title").get_data(as_text=True)
    assert "23 activités" in listed and "Page 1 sur 2" in listed
    only = client.get("/activities/?kind=training&office=tiznit").get_data(as_text=True)
    assert "Formation OSIM" in only and "Webinaire 01" not in only
    none = client.get("/activities/?office=agadir").get_data(as_text=True)
    assert "Aucune activité ne correspond à ces filtres." in none
    odd = client.get("/activities/?kind=party")
    assert odd.status_code == 200 and "ignorés" in odd.get_data(as_text=True)


def test_a_bad_form_is_shown_again_with_the_fields_named(client, csrf):
    response = form(client, "/activities/new", csrf, title="", kind="", office="agadir",
                    capacity="0")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="title-error"' in html and 'id="capacity-error"' in html
    assert 'value="agadir" selected' in html


def test_a_stale_form_is_shown_again_with_the_current_version(client, csrf):
    activity_id = plan(client, csrf)
    assert form(client, f"/activities/{activity_id}/edit", csrf, expected_version="1",
                title="Atelier climat, édition 2", kind="workshop",
                office="marseille").status_code == 302
    stale = form(client, f"/activities/{activity_id}/edit", csrf, expected_version="1",
                 title="Autre", kind="workshop", office="marseille")
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert 'name="expected_version" value="2"' in html and 'value="Autre"' in html


def test_cancelling_asks_for_confirmation_and_a_reason(client, csrf):
    activity_id = plan(client, csrf)
    page = client.get(f"/activities/{activity_id}/cancel").get_data(as_text=True)
    assert "Annuler l’activité ?" in page
    assert form(client, f"/activities/{activity_id}/cancel", csrf, expected_version="1",
                reason="").status_code == 422
    done = form(client, f"/activities/{activity_id}/cancel", csrf, expected_version="1",
                reason="Intempéries")
    assert done.status_code == 302
    detail = client.get(f"/activities/{activity_id}").get_data(as_text=True)
    assert "Intempéries" in detail and "Annulée" in detail


def test_register_a_group_found_by_name_then_record_attendance_in_one_submit(
        client, csrf, stakeholders):
    activity_id = plan(client, csrf, capacity="3")
    assert form(client, f"/activities/{activity_id}/sessions/new", csrf, expected_version="1",
                date="2025-03-18", start="09:00", end="17:00").status_code == 302
    assert form(client, f"/activities/{activity_id}/open", csrf,
                expected_version="2").status_code == 302
    people = [stakeholders.person("Fatima", f"Ait {i}") for i in range(4)]
    found = client.get(f"/activities/{activity_id}/registrations/new?q=fatima")
    assert found.get_data(as_text=True).count('name="person_ids"') == 4
    registered = client.post(f"/activities/{activity_id}/registrations/new",
                             data={"csrf_token": csrf, "expected_version": "3",
                                   "person_ids": people})
    assert registered.status_code == 302
    flashed = client.get(f"/activities/{activity_id}").get_data(as_text=True)
    assert "3 inscrit·es, 1 en liste d’attente." in flashed

    session_id = re.search(r"/sessions/([0-9a-f-]{36})/attendance", flashed).group(1)
    screen = client.get(f"/activities/{activity_id}/sessions/{session_id}/attendance")
    html = screen.get_data(as_text=True)
    assert html.count('value="present" checked') == 6  # 3 registered x 2 half-days
    marks = {m: "present" for m in re.findall(r'name="(mark:[^"]+)" value="present"', html)}
    marks[f"mark:{people[0]}:afternoon"] = "absent"
    saved = client.post(f"/activities/{activity_id}/sessions/{session_id}/attendance",
                        data={"csrf_token": csrf, "expected_version": "7", **marks})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    detail = client.get(f"/activities/{activity_id}").get_data(as_text=True)
    assert "La présence a été enregistrée." in detail
    assert "<td>3 h</td>" in detail and detail.count("<td>8 h</td>") == 2  # hours attended


def test_communication_sees_no_write_buttons(client, csrf, activities_app):
    activity_id = plan(client, csrf)
    reader = activities_app.test_client()
    sign_in_as(reader, roles=("communication",))
    page = reader.get(f"/activities/{activity_id}").get_data(as_text=True)
    assert "Corriger" not in page
    assert reader.get(f"/activities/{activity_id}/edit").status_code == 403
