"""Attendance certificates, read back from the PDF: the person's name and the hours they
really attended (present or late count a half-day's hours; absent and excused do not)."""
from shared.testing.web import sign_in_as
from tests.activities.documents import FUNDER, TITLE, pages_of, pdf_text, scenario  # noqa: F401


def certificate(scenario, key, client=None):
    return (client or scenario.client).get(
        scenario.api(f"/certificates/{scenario.people[key]}.pdf"))


def test_present_in_the_morning_only_counts_the_morning_hours(scenario):
    response = certificate(scenario, "A")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Amina Ouarzazi" in text and "ATTESTATION DE PRÉSENCE" in text
    assert TITLE in text and FUNDER in text and "PRAOSIM" in text
    assert "Heures suivies : 3 h sur 11 h dispensées." in text  # 09:00–12:00 of 8 h + 3 h
    assert "Total 3 h" in text and "Après-midi" not in text
    assert "Chaïma Berrada" not in text


def test_present_then_late_the_whole_day_and_the_next_morning(scenario):
    text = pdf_text(certificate(scenario, "C").data)
    assert "Chaïma Berrada" in text and "Association Tifawin" in text
    assert "Heures suivies : 11 h sur 11 h dispensées." in text
    assert "Matin, Après-midi 8 h" in text  # the full day: late counts its hours
    assert "du 18 mars 2025 au 19 mars 2025" in text and "Total 11 h" in text


def test_no_certificate_for_someone_who_attended_nothing(scenario):
    for key in ("D", "B", "E"):  # absent and excused, cancelled, waitlisted
        response = certificate(scenario, key)
        assert response.status_code == 404, key
        assert response.get_json()["code"] == "not_found"


def test_every_certificate_in_one_pdf_one_page_each(scenario):
    response = scenario.client.get(scenario.api("/certificates.pdf"))
    assert response.status_code == 200
    assert pages_of(response.data) == 2
    text = pdf_text(response.data)
    assert "Amina Ouarzazi" in text and "Chaïma Berrada" in text
    assert "Driss Lahlou" not in text


def test_the_page_links_each_certificate_and_the_roles_are_checked(scenario):
    page = scenario.client.get(f"/activities/{scenario.activity_id}").get_data(as_text=True)
    assert f"/certificates/{scenario.people['A']}.pdf" in page
    assert f"/certificates/{scenario.people['D']}.pdf" not in page
    assert "/certificates.pdf" in page
    client = scenario.app.test_client()
    assert certificate(scenario, "A", client).status_code == 401
    sign_in_as(client, roles=("viewer",))
    assert certificate(scenario, "A", client).status_code == 403
