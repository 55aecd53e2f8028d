"""The sign-in sheet PDF of a session, read back: who is on it (and who is not), what it
says of the activity, and who may print it."""
from shared.testing.web import sign_in_as
from tests.activities.documents import FUNDER, TITLE, pages_of, pdf_text, scenario  # noqa: F401


def sheet(scenario, session_id, client=None):
    return (client or scenario.client).get(
        scenario.api(f"/sessions/{session_id}/sign-in-sheet.pdf"))


def test_the_sheet_of_a_full_day_has_every_registered_person_and_two_half_days(scenario):
    response = sheet(scenario, scenario.full_day)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    for name in ("Amina Ouarzazi", "Chaïma Berrada", "Driss Lahlou"):
        assert name in text, name
    assert text.count("Association Tifawin") == 2  # Amina's and Chaïma's lines
    for absent in ("Brahim Chraibi", "Élodie Mercier"):  # cancelled, waitlisted
        assert absent not in text, absent
    for said in (TITLE, "Migrations & Développement", "Bureau : Agadir", "PRAOSIM", FUNDER,
                 "mardi 18 mars 2025", "09:00–17:00", "Matin 09:00–12:00",
                 "Après-midi 12:00–17:00", "Samira Idrissi", "Karim Benali",
                 "Feuille d’émargement"):
        assert said in text, said
    # one signature cell per half-day, in the header of both tables
    assert text.count("Signature Matin") == 2 and text.count("Signature Après-midi") == 2
    # the lines follow family names: Berrada, Lahlou, Ouarzazi; then the blank lines
    assert text.index("Chaïma Berrada") < text.index("Driss Lahlou") < text.index("Amina Ouarzazi")
    assert "3 inscrit·es" in text
    # the stylesheet applied: its footer names the document and counts the pages
    assert text.endswith("Migrations & Développement — Feuille d’émargement 1 / 1")


def test_the_sheet_of_a_morning_session_has_one_half_day(scenario):
    text = pdf_text(sheet(scenario, scenario.morning).data)
    assert "mercredi 19 mars 2025" in text and "Signature Matin 09:00–12:00" in text
    assert "Après-midi" not in text


def test_forty_people_run_onto_several_pages_with_the_header_repeated(scenario):
    from services.activities.sheets import queries  # the sheet's context, made larger
    from services.activities.sheets.printing import sheet_pdf
    app = scenario.app
    with app.test_request_context("/"):
        context = queries.sign_in_sheet(app.extensions["argan"]["engine"],
                                        app.extensions["argan"]["store"],
                                        scenario.activity_id, scenario.full_day)
        context["lines"] = [{"name": f"Participant {i:02d}", "organisation": "Org"}
                            for i in range(40)]
        data = sheet_pdf(context)
    assert pages_of(data) >= 2
    text = pdf_text(data)
    assert all(f"Participant {i:02d}" in text for i in range(40))
    assert text.count("Nom et prénom") == pages_of(data)  # the table's head on every page


def test_an_unknown_session_or_activity_is_a_404(scenario):
    missing = sheet(scenario, "00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and missing.get_json()["code"] == "not_found"


def test_anonymous_and_roles_without_activities_are_refused(scenario):
    client = scenario.app.test_client()
    assert sheet(scenario, scenario.full_day, client).status_code == 401
    sign_in_as(client, roles=("viewer",))
    assert sheet(scenario, scenario.full_day, client).status_code == 403
    sign_in_as(client, roles=("communication",))  # activities read-only: may print
    assert sheet(scenario, scenario.full_day, client).status_code == 200


def test_the_activity_page_links_to_the_sheet(scenario):
    page = scenario.client.get(f"/activities/{scenario.activity_id}").get_data(as_text=True)
    assert f"/sessions/{scenario.full_day}/sign-in-sheet.pdf" in page
    assert f"/sessions/{scenario.full_day}/signed-sheets/new" in page
