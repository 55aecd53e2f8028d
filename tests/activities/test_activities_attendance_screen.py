"""The attendance screen: the whole list on one screen, everyone present then the
exceptions, corrected later with its history (who changed what, when), on the page and in
the API; what cannot be so is refused and nothing is written."""
import re

from tests.activities.conftest import plan_body


def opened_with(api, stakeholders, count, capacity=None):
    activity = api.post("/activities", plan_body(capacity=capacity)).get_json()["id"]
    session = api.post(f"/activities/{activity}/sessions", {
        "expected_version": 1, "date": "2026-12-08", "start": "09:00",
        "end": "17:00"}).get_json()["id"]
    api.post(f"/activities/{activity}/open", {"expected_version": 2})
    people = [stakeholders.person("Participant", f"N{i:02d}") for i in range(count)]
    api.post(f"/activities/{activity}/registrations", {"person_ids": people})
    return activity, session, people


def marks_of(api, activity):
    session = api.get(f"/activities/{activity}").get_json()["sessions"][0]
    return {(m["person_id"], m["half_day"]): m["status"] for m in session["attendance"]}


def test_everyone_present_then_exceptions_then_a_correction_with_its_history(
        client, csrf, api, stakeholders):
    activity, session, people = opened_with(api, stakeholders, 6)
    url = f"/activities/{activity}/sessions/{session}/attendance"
    html = client.get(url).get_data(as_text=True)
    assert html.count('type="radio"') == 6 * 2 * 4 and "Tout le monde présent" in html
    lines = dict.fromkeys(re.findall(r'name="(mark:[^"]+)" value="present"', html), "present")
    everyone = client.post(url, data={"csrf_token": csrf, "expected_version": "9",
                                      "all": "present", **{k: "absent" for k in lines}})
    assert everyone.status_code == 302  # the button marks every line present
    assert set(marks_of(api, activity).values()) == {"present"}
    assert len(marks_of(api, activity)) == 12

    exceptions = {**lines, f"mark:{people[1]}:morning": "late",
                  f"mark:{people[4]}:afternoon": "excused"}
    saved = client.post(url, data={"csrf_token": csrf, "expected_version": "10", **exceptions})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    marks = marks_of(api, activity)
    assert marks[(people[1], "morning")] == "late"
    assert marks[(people[4], "afternoon")] == "excused"
    assert sum(1 for status in marks.values() if status == "present") == 10

    fixed = api.post(f"/activities/{activity}/sessions/{session}/attendance", {
        "attendance": [{"person_id": people[4], "half_day": "afternoon",
                        "status": "present"}]})
    assert fixed.status_code == 200
    history = api.get(f"/activities/{activity}/sessions/{session}/attendance/history").get_json()
    assert (history[0]["person_id"], history[0]["half_day"], history[0]["before"],
            history[0]["status"]) == (people[4], "afternoon", "excused", "present")
    assert history[0]["actor"].endswith("@argan.test") and history[0]["at"]
    assert len(history) == 12 + 2 + 1 and history[-1]["before"] is None
    screen = client.get(url).get_data(as_text=True)
    assert "Historique des présences" in screen and "corrigé" in screen
    assert "Excusé·e → " in screen or "Excusé → " in screen


def test_what_cannot_be_so_is_refused_and_nothing_is_written(client, csrf, api, stakeholders):
    activity, session, people = opened_with(api, stakeholders, 2)
    url = f"/activities/{activity}/sessions/{session}/attendance"
    version = api.get(f"/activities/{activity}").get_json()["version"]
    bad = client.post(url, data={"csrf_token": csrf, "expected_version": str(version),
                                 f"mark:{people[0]}:morning": "asleep"})
    assert bad.status_code == 422
    stranger = client.post(url, data={"csrf_token": csrf, "expected_version": str(version),
                                      "mark:someone-else:morning": "present"})
    assert stranger.status_code == 422
    assert "Seules les personnes inscrites" in stranger.get_data(as_text=True)
    assert api.get(f"/activities/{activity}").get_json()["version"] == version
    assert api.get(f"/activities/{activity}/sessions/nope/attendance/history").status_code == 404
    assert client.get(f"/activities/{activity}/sessions/nope/attendance").status_code == 404


def test_the_activity_page_shows_attendance_per_session_and_half_day_and_hours(
        client, api, stakeholders):
    activity, session, people = opened_with(api, stakeholders, 3, capacity=2)
    api.post(f"/activities/{activity}/sessions/{session}/attendance", {"attendance": [
        {"person_id": people[0], "half_day": "morning", "status": "present"},
        {"person_id": people[0], "half_day": "afternoon", "status": "absent"},
        {"person_id": people[1], "half_day": "morning", "status": "late"},
        {"person_id": people[1], "half_day": "afternoon", "status": "present"}]})
    page = client.get(f"/activities/{activity}").get_data(as_text=True)
    assert "Présence par séance et demi-journée" in page
    grid = page.split("Présence par séance et demi-journée")[1].split("</table>")[0]
    assert grid.count("<tr>") == 1 + 2 + 1  # head, the two registered, the counts
    assert 'class="st st-absent"' in grid and 'class="st st-late"' in grid
    assert '<td class="num">3 h</td>' in grid and '<td class="num">8 h</td>' in grid
    assert "2 / 2" in grid and "1 / 2" in grid  # present per half-day
