"""Words that fit what they describe: an organisation is "Enregistrée", a withdrawal is not
"Recueilli", and a segment's Criteria card says what it is meant for."""
import re


def text(response):
    return response.get_data(as_text=True)


def test_an_organisation_history_speaks_of_an_organisation(api, client):
    organisation = api.post("/organisations", {"name": "Tifawin", "kind": "osim"}).get_json()
    api.post(f"/organisations/{organisation['id']}/correct",
             {"expected_version": 1, "name": "Association Tifawin"})
    api.post(f"/organisations/{organisation['id']}/archive", {"expected_version": 2})
    page = text(client.get(f"/stakeholders/organisations/{organisation['id']}"))
    assert re.search(r"Enregistrée par officer@argan\.test le \d\d/\d\d/\d{4}", page)
    assert "Modifiée par" in page and "Archivée par" in page
    assert "Inscrit·e" not in page and "Modifié·e" not in page and "Archivé·e" not in page


def test_a_withdrawal_is_not_said_to_be_collected(api, client):
    person = api.post("/people", {"given_name": "Amina", "family_name": "Ouali"}).get_json()
    api.post(f"/people/{person['id']}/consents/give", {
        "expected_version": 1, "purpose": "newsletter", "method": "paper_form",
        "given_at": "2024-01-15"})
    api.post(f"/people/{person['id']}/consents/withdraw", {
        "expected_version": 2, "purpose": "newsletter", "method": "online",
        "withdrawn_at": "2024-03-01"})
    page = text(client.get(f"/stakeholders/people/{person['id']}"))
    assert "Recueilli" not in page
    assert "Canal : En ligne — enregistré par officer@argan.test" in page
    assert "Canal : Formulaire papier" in page


def test_the_criteria_card_shows_the_segment_purpose(api, client):
    segment = api.post("/segments", {"name": "Lettre", "roles": ["volunteer"],
                                     "purpose": "newsletter"}).get_json()
    page = text(client.get(f"/stakeholders/segments/{segment['id']}"))
    card = page[page.index("Critères"):page.index("Personnes archivées")]
    assert "<dt>Finalité</dt><dd>Lettre d’information</dd>" in card, card
