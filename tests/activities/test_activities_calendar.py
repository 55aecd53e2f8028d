"""The month calendar: sessions day by day, previous and next months, the list's filters,
an empty state; the same month in the API. Sessions scheduled before the calendar existed
are there too (the migration fills its table from the event log)."""
import datetime as dt

from sqlalchemy import delete

from services.activities.calendar.projections import project_sessions, sessions
from shared.db import write_transaction
from tests.activities.conftest import plan_body


def planned(api, title, dates, **extra):
    activity = api.post("/activities", plan_body(title=title, **extra)).get_json()
    for version, day in enumerate(dates, start=1):
        api.post(f"/activities/{activity['id']}/sessions", {
            "expected_version": version, "date": day, "start": "09:00", "end": "12:00"})
    return activity["id"]


def test_a_month_shows_its_sessions_day_by_day_with_filters_and_neighbours(client, api):
    climate = planned(api, "Atelier climat Marseille", ["2026-12-03", "2026-12-17"])
    planned(api, "Formation OSIM Tiznit", ["2026-12-17", "2027-01-05"], kind="training",
            office="tiznit", programme="PRA-OSIM")
    page = client.get("/activities/calendar?month=2026-12").get_data(as_text=True)
    assert "décembre 2026" in page and "3 séances ce mois-ci" in page
    assert page.count(f'href="/activities/{climate}"') == 2
    assert "month=2026-11" in page and "month=2027-01" in page
    only = client.get("/activities/calendar?month=2026-12&office=tiznit").get_data(
        as_text=True)
    assert "Formation OSIM Tiznit" in only and "Atelier climat" not in only
    assert "office=tiznit" in only.split("Mois suivant")[0].rsplit("href=", 1)[1]
    january = client.get("/activities/calendar?month=2027-01&kind=training").get_data(
        as_text=True)
    assert "1 séance ce mois-ci" in january

    api_month = api.get("/calendar?month=2026-12&programme=PRA-OSIM").get_json()
    assert [(s["date"], s["title"]) for s in api_month["sessions"]] == [
        ("2026-12-17", "Formation OSIM Tiznit")]
    assert (api_month["previous"], api_month["next"]) == ("2026-11", "2027-01")
    assert api.get("/calendar?month=2026-13").status_code == 422


def test_an_empty_month_says_so_and_odd_filters_are_ignored(client, api):
    planned(api, "Webinaire", ["2026-12-09"], kind="webinar")
    empty = client.get("/activities/calendar?month=2031-02").get_data(as_text=True)
    assert "Aucune séance n’est prévue ce mois-ci." in empty
    filtered = client.get("/activities/calendar?month=2026-12&office=agadir").get_data(
        as_text=True)
    assert "Aucune séance de ce mois ne correspond à ces filtres." in filtered
    odd = client.get("/activities/calendar?month=someday&kind=party")
    assert odd.status_code == 200 and "ignorés" in odd.get_data(as_text=True)
    assert dt.date.today().strftime("%Y") in odd.get_data(as_text=True)


def test_the_calendar_table_is_restated_from_the_event_log(engine, store, api):
    activity = planned(api, "Forum des associations", ["2026-12-12"])
    with write_transaction(engine) as conn:
        conn.execute(delete(sessions))
        project_sessions(conn, list(store.read_after(0)))
        project_sessions(conn, list(store.read_after(0)))  # twice: still one row each
    found = api.get("/calendar?month=2026-12").get_json()["sessions"]
    assert [s["activity_id"] for s in found] == [activity]
