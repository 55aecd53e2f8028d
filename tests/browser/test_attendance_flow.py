"""The attendance of a list of 30, recorded in a few clicks in a real browser on `argan
run` (the embedded mode: one process, its in-memory broker): everyone present, two
exceptions, saved; the marks are read back through the API; a correction shows in the
history; a walk-in not yet known is created in the directory (stakeholders' HTTP API, in
the same process) and marked present from the same screen."""
from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.test_embedded_flow import sign_in

SHOTS = Path("/tmp/argan-browser-shots")


def _api(page, base, csrf):
    def post(path, body):
        response = page.request.post(f"{base}{path}", data=body,
                                     headers={"X-CSRFToken": csrf})
        assert response.status in (200, 201), (path, response.status, response.text())
        return response.json()
    return post


def _wait(what, check, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{what}: not within {timeout} s")


def test_attendance_of_thirty_in_a_few_clicks(argan, new_context):
    server = argan()
    email, password = server.credentials()
    base = server.base_url
    page = new_context().new_page()
    sign_in(page, base, email, password)
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
    post = _api(page, base, csrf)

    people = [post("/stakeholders/api/v1/people", {"given_name": "Élève",
                                                    "family_name": f"Numéro {i:02d}"})["id"]
              for i in range(1, 31)]
    activity = post("/activities/api/v1/activities", {
        "title": "Atelier climat Génération Climat", "kind": "climate_animation",
        "office": "marseille", "capacity": 30, "venue": "Lycée Victor Hugo, Marseille"})["id"]
    item = f"/activities/api/v1/activities/{activity}"
    session = post(item + "/sessions", {"expected_version": 1, "date": "2026-12-08",
                                        "start": "09:00", "end": "16:30"})["id"]
    post(item + "/open", {"expected_version": 2})
    _wait("the 30 people in the activities replica", lambda: page.request.get(
        f"{base}/activities/api/v1/people?q=eleve").json()["total"] == 30)
    post(item + "/registrations", {"person_ids": people})

    screen = f"{base}/activities/{activity}/sessions/{session}/attendance"
    page.goto(screen)
    rows = page.locator("#attendance-form tbody tr")
    expect(rows).to_have_count(30)
    # the clicks: everyone present, two exceptions, save
    page.get_by_role("button", name="Tout le monde présent").click()
    rows.filter(has_text="Numéro 03").locator('[data-half-day="morning"] .mark-absent').click()
    rows.filter(has_text="Numéro 17").locator('[data-half-day="afternoon"] .mark-excused').click()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "attendance-screen.png"), full_page=True)
    page.get_by_role("button", name="Enregistrer la présence").click()
    expect(page).to_have_url(re.compile(rf"/activities/{activity}$"))
    expect(page.locator(".flash-success")).to_contain_text("La présence a été enregistrée.")

    detail = page.request.get(f"{base}{item}").json()
    marks = {(m["person_id"], m["half_day"]): m["status"]
             for m in detail["sessions"][0]["attendance"]}
    assert len(marks) == 60
    assert {k: v for k, v in marks.items() if v != "present"} == {
        (people[2], "morning"): "absent", (people[16], "afternoon"): "excused"}
    hours = {r["person_id"]: r["hours_attended"] for r in detail["registrations"]}
    assert hours[people[2]] == 4.5 and hours[people[16]] == 3.0 and hours[people[0]] == 7.5
    grid = page.locator("table.grid-attendance")
    expect(grid.locator("tfoot")).to_contain_text("29 / 30")
    page.screenshot(path=str(SHOTS / "activity-page.png"), full_page=True)

    # a correction later: the history says who changed what
    page.goto(screen)
    rows.filter(has_text="Numéro 03").locator('[data-half-day="morning"] .mark-late').click()
    page.get_by_role("button", name="Enregistrer la présence").click()
    page.goto(screen)
    history = page.locator("section", has_text="Historique des présences")
    expect(history.locator("tbody tr").first).to_contain_text("Absent·e → En retard")
    expect(history.locator("tbody tr").first).to_contain_text(email)

    # a walk-in nobody knew: recorded in the directory, on the list, present
    page.locator("details summary").click()
    walk_in = page.locator("#walk-ins details form")
    walk_in.locator("#given_name").fill("Inès")
    walk_in.locator("#family_name").fill("Surplace")
    walk_in.get_by_role("button", name="Enregistrer dans l’annuaire et ajouter, présent·e").click()
    expect(page.locator(".flash-success")).to_contain_text("marquée présente")
    expect(rows).to_have_count(31)
    found = page.request.get(f"{base}/stakeholders/api/v1/people?q=surplace").json()
    assert found["total"] == 1  # one record, the directory's
    after = page.request.get(f"{base}{item}").json()
    walked = [r for r in after["registrations"] if r["person_id"] == found["items"][0]["id"]]
    assert walked and walked[0]["walk_in"] and walked[0]["hours_attended"] == 7.5
    page.screenshot(path=str(SHOTS / "attendance-after-walk-in.png"), full_page=True)
