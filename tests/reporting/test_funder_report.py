"""The funder report of the fixed history: JSON, XLSX and PDF, the facts behind each cell,
"as of" a past moment, and a submitted report frozen while its differences are shown."""
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from services.reporting.app import create_app
from shared.db import make_engine
from shared.testing.web import mounted_client, sign_in_as

from tests.reporting import history as h
from tests.reporting.conftest import SOURCES, activities_engine, consumer, reporting_settings

API = "/reporting/api/v1"
PERIOD = {"from": "2026-01-01", "to": "2026-06-30"}
INDICATORS = [
    {"code": "REACH", "name": "Jeunes touchés", "measure": "distinct_people_reached",
     "targets": [{"period": "2026-S1", "value": 8}], "disaggregations": ["sex", "age_band"]},
    {"code": "PRES", "name": "=Participations", "measure": "participants_present",
     "targets": [{"period": "2026", "value": 20}], "disaggregations": ["age_band"]},
    {"code": "VOL", "name": "Volontaires", "measure": "volunteers_in_mission"},
]


def define(client, csrf):
    post = lambda path, body: client.post(API + path, json=body, headers={"X-CSRFToken": csrf})
    assert post("/programmes", {"code": "MTD2", "name": "Migrations, Territoires et Développement II",
                                "starts_on": "2026-01-01", "ends_on": "2027-12-31"}).status_code == 201
    for body in INDICATORS:
        assert post("/programmes/MTD2/indicators", body).status_code == 201
    assert post("/programmes/MTD2/action-plan", {"year": 2026, "quarter": 1, "kind": "training",
                                                 "office": "agadir", "number": 3}).status_code == 201
    return post


@pytest.fixture(scope="module")
def reported(projected, client, csrf):
    define(client, csrf)
    return client


def by_code(report):
    return {row["code"]: row for row in report["indicators"]}


def test_the_report_has_targets_disaggregations_activities_and_missions(reported):
    report = reported.get(f"{API}/programmes/MTD2/report", query_string=PERIOD).json
    rows = by_code(report)
    assert (rows["REACH"]["value"], rows["REACH"]["target"], rows["REACH"]["progress"]) == (4, 8, 50.0)
    assert rows["PRES"]["target"] == 20   # the year's target contains the half-year
    assert {k: v["value"] for k, v in rows["PRES"]["disaggregations"]["age_band"].items()} == {
        "18-25": 2, "26-35": 1, "36-50": 1, "unknown": 1}
    assert rows["VOL"]["value"] == 2
    assert [(a["kind"], a["hours"], a["participants"]) for a in report["activities"]] == [
        ("training", 8.0, 3), ("workshop", 3.0, 2), ("workshop", 3.0, 0)]
    assert report["activities"][2]["status"] == "cancelled"
    assert report["missions"]["missions_completed"] == 1
    assert report["missions"]["missions_interrupted"] == 1
    assert report["accompaniments"]["projects"] == 3


def test_a_report_as_of_a_past_moment_leaves_out_later_facts(reported, projected):
    as_of = projected["before_correction"].isoformat()
    past = reported.get(f"{API}/programmes/MTD2/report", query_string={**PERIOD, "as_of": as_of})
    assert by_code(past.json)["REACH"]["value"] == 3
    again = reported.get(f"{API}/programmes/MTD2/report", query_string={**PERIOD, "as_of": as_of})
    assert again.json == past.json   # reproducible


def test_bad_report_arguments_are_a_422(reported):
    response = reported.get(f"{API}/programmes/MTD2/report",
                            query_string={"from": "2026-06-30", "to": "2026-01-01"})
    assert response.status_code == 422 and "to" in response.json["errors"]
    assert reported.get(f"{API}/programmes/MTD2/report",
                        query_string={"as_of": "yesterday"}).status_code == 422


def test_the_xlsx_holds_the_indicator_table(reported):
    response = reported.get(f"{API}/programmes/MTD2/report.xlsx", query_string=PERIOD)
    book = load_workbook(io.BytesIO(response.data))
    rows = [r for r in book.worksheets[0].iter_rows(values_only=True)]
    reach = next(r for r in rows if r[0] == "REACH" and r[1])
    assert reach[3:5] == (8, 4)
    assert ("'=Participations" in [r[1] for r in rows])   # a formula is written as text
    assert any(r[5] == "Tranche d’âge" and r[6] == "26-35" and r[7] == 1 for r in rows)
    assert len(list(book.worksheets[1].iter_rows())) == 4   # header and three activities


def test_the_pdf_reads_back(reported):
    response = reported.get("/reporting/programmes/MTD2/report.pdf", query_string=PERIOD)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Jeunes touchés" in text and "Tranche d’âge" in text


def test_every_cell_links_to_the_facts_it_counts(reported):
    page = reported.get("/reporting/programmes/MTD2/report", query_string=PERIOD)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-cell="PRES:age_band:26-35"' in html
    facts = reported.get("/reporting/programmes/MTD2/report/facts",
                         query_string={**PERIOD, "indicator": "REACH", "cell": "sex:female"})
    listed = facts.get_data(as_text=True)
    assert facts.status_code == 200
    assert "/stakeholders/people/p1" in listed and "/stakeholders/people/p3" in listed
    assert "/stakeholders/people/p2" not in listed
    assert reported.get("/reporting/programmes/MTD2/report/facts",
                        query_string={**PERIOD, "indicator": "NOPE"}).status_code == 404


def test_the_dashboard_shows_targets_plan_missions_and_participation(reported):
    page = reported.get("/reporting/programmes/MTD2/dashboard", query_string=PERIOD)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count("<svg") >= 4 and "Tableau de bord" in html
    assert "1 mission en cours" in html and "1 suivi en retard" in html
    plan = html[html.index('id="planned-done"'):]
    assert "2026 T1" in plan and "<td class=\"num\">3</td><td class=\"num\">1</td>" in plan
    assert 'id="dashboard-indicators"' in html and "dashboard-no-indicators" not in html


def test_the_dashboard_of_a_programme_without_indicators_says_so(reported, csrf):
    assert reported.post(API + "/programmes", json={
        "code": "BARE", "name": "Programme sans indicateur", "starts_on": "2026-01-01",
        "ends_on": "2026-12-31"}, headers={"X-CSRFToken": csrf}).status_code == 201
    html = reported.get("/reporting/programmes/BARE/dashboard",
                        query_string=PERIOD).get_data(as_text=True)
    empty = html[html.index('id="dashboard-no-indicators"'):]
    assert 'id="dashboard-indicators"' not in html
    assert "Ce programme n’a encore aucun indicateur à suivre." in empty
    assert 'href="/reporting/programmes/BARE"' in empty
    assert "Ouvrir le cadre logique de Programme sans indicateur" in empty


@pytest.fixture
def fresh(make_database):
    """Another history, projected before its late correction: for the submitted report."""
    source = activities_engine(make_database)
    history = h.build(source)
    settings = reporting_settings(make_database)
    engine = make_engine(settings.database_url)
    feeds = {s: history[s] for s in SOURCES}
    consumer(engine, feeds).catch_up()
    app = create_app(settings, feeds=feeds)
    client = mounted_client(app, "/reporting")
    csrf = sign_in_as(client, roles=("officer",))
    yield {**history, "engine": engine, "client": client, "csrf": csrf, "feeds": feeds}
    for e in (engine, app.extensions["argan"]["engine"], source):
        e.dispose()
    app.extensions["argan"]["store"].dispose()
    history["acts"].store.dispose()


def test_a_submitted_report_stays_frozen_and_shows_what_changed(fresh):
    client, csrf = fresh["client"], fresh["csrf"]
    post = define(client, csrf)
    submitted = post("/programmes/MTD2/reports", PERIOD)
    assert submitted.status_code == 201, submitted.json
    url = f"/reporting/programmes/MTD2/reports/{submitted.json['id']}"
    before = client.get(url).get_data(as_text=True)
    assert "Rien n’a changé depuis." in before
    h.correct_p3(fresh)                                   # later, p3 was present after all
    consumer(fresh["engine"], fresh["feeds"]).catch_up()
    live = client.get(f"{API}/programmes/MTD2/report", query_string=PERIOD).json
    assert by_code(live)["REACH"]["value"] == 4
    after = client.get(url).get_data(as_text=True)
    table = after[after.index('id="indicator-table"'):after.index('id="changes"')]
    assert 'data-cell="REACH:total">3<' in table          # the frozen figures
    changes = after[after.index('id="changes"'):]
    assert "REACH" in changes and "sex:female" in changes and "age_band:36-50" in changes
    assert f"attendance:{fresh['s1']}:p3" in changes      # the fact behind the change
    assert "Rien n’a changé depuis." not in after
