"""The four services on their own PostgreSQL databases, talking through a real RabbitMQ and
reading each other's event feeds over HTTP, as `argan web` and `argan worker` run them: people
and a host registered in stakeholders, an activity and its attendance in activities, a
mission in missions, all through their APIs; reporting's dashboard and the funder report's
XLSX then show the figures, counted by hand here."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.system.four_services import ROOTS, four_services_running
from tests.system.test_people_reach_activities import wait_for

PERIOD = {"from": "2025-01-01", "to": "2025-12-31"}


@pytest.fixture
def four_services(make_database, amqp_url, unique_name):
    with four_services_running(make_database, amqp_url, unique_name("argan.events")) as running:
        yield running.clients


def test_what_staff_record_in_three_services_is_counted_in_the_funder_report(four_services):
    directory, events, follow, report = (four_services[n] for n in ROOTS)
    people = [directory.post("/people", {"given_name": given, "family_name": "Ait Baha",
                                         "sex": sex, "birth_date": born,
                                         "residence_country": "MA",
                                         "residence_region": "Souss-Massa"})
              for given, sex, born in (("Amina", "female", "2003-05-01"),
                                       ("Khadija", "female", "1990-02-11"),
                                       ("Youssef", "male", "2001-09-30"))]
    host = directory.post("/organisations", {
        "name": "Maison des jeunes de Marseille", "kind": "host_structure", "country": "FR",
        "approval_number": "PAC-013-22-00042", "approval_start": "2024-01-01",
        "approval_end": "2027-12-31", "capacity": 2})

    report.post("/programmes", {"code": "MTD2", "name": "Migrations et développement",
                                "starts_on": "2025-01-01", "ends_on": "2026-12-31"})
    for code, measure in (("REACH", "distinct_people_reached"), ("PRES", "participants_present"),
                          ("HELD", "activities_held"), ("VOL", "volunteers_in_mission")):
        report.post("/programmes/MTD2/indicators", {
            "code": code, "name": code, "measure": measure, "disaggregations": ["sex"],
            "targets": [{"period": "2025", "value": 10}]})

    # activities: a training of one full day; Youssef absent in the afternoon
    wait_for(lambda: events.get("/people?q=ait baha")["total"] == 3, "people in activities")
    activity = events.post("/activities", {"title": "Formation OSIM", "kind": "training",
                                           "office": "agadir", "programme": "MTD2",
                                           "capacity": 20})
    base = f"/activities/{activity['id']}"
    session = events.post(base + "/sessions", {"expected_version": 1, "date": "2025-06-12",
                                               "start": "09:00", "end": "17:00",
                                               "place": "Agadir"})
    events.post(base + "/open", {"expected_version": 2})
    events.post(base + "/registrations", {"person_ids": [p["id"] for p in people]})
    marks = [{"person_id": p["id"], "half_day": h, "status": "present"}
             for p in people for h in ("morning", "afternoon")]
    marks[-1]["status"] = "absent"
    events.post(base + f"/sessions/{session['id']}/attendance", {"attendance": marks})
    held = events.get(base)
    events.post(base + "/hold", {"expected_version": held["version"]})

    # missions: Amina starts a civic-service mission at the host
    def draft():
        made = follow.post("/missions", {
            "volunteer_id": people[0]["id"], "host_id": host["id"], "direction": "MA_to_FR",
            "scheme": "civic_service", "office": "marseille", "programme": "MTD2",
            "planned_start": "2025-09-01", "planned_end": "2026-02-28", "weekly_hours": 28},
            expect=(201, 422))
        return "id" in made and made
    mission = wait_for(draft, "the host in missions")
    path = f"/missions/{mission['id']}"
    follow.post(path + "/propose", {"expected_version": 1})
    follow.post(path + "/agree", {"expected_version": 2})
    follow.post(path + "/start", {"expected_version": 3, "started_on": "2025-09-01"})

    def reported():
        rows = {r["code"]: r for r in report.get("/programmes/MTD2/report?from=2025-01-01"
                                                 "&to=2025-12-31")["indicators"]}
        return rows if (rows["REACH"]["value"], rows["VOL"]["value"]) == (3, 1) else None
    rows = wait_for(reported, "the facts of three services in reporting", timeout=60)
    assert rows["PRES"]["value"] == 3           # one session, each present at least a half-day
    assert rows["HELD"]["value"] == 1
    assert {k: v["value"] for k, v in rows["REACH"]["disaggregations"]["sex"].items()} == {
        "female": 2, "male": 1}

    raw = report.client.get("/reporting/api/v1/programmes/MTD2/report.xlsx",
                            query_string=PERIOD)
    assert raw.status_code == 200
    book = load_workbook(io.BytesIO(raw.data))
    table = {r[0]: r for r in book.worksheets[0].iter_rows(values_only=True) if r[0] and r[1]}
    assert [table[code][4] for code in ("REACH", "PRES", "HELD", "VOL")] == [3, 3, 1, 1]
    [activity_row] = list(book.worksheets[1].iter_rows(values_only=True))[1:]
    assert activity_row[7:9] == (8.0, 3)        # hours delivered, participants
    names = " ".join(str(c) for sheet in book.worksheets for r in sheet.iter_rows(values_only=True)
                     for c in r)
    assert "Amina" not in names and "Ait Baha" not in names

    dashboard = report.client.get("/reporting/programmes/MTD2/dashboard",
                                  query_string=PERIOD)
    assert dashboard.status_code == 200
    assert "Migrations et développement" in dashboard.get_data(as_text=True)
