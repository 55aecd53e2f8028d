"""The terms of reference pages, in French: drafted from the activity, a bad form shown
again with its fields named, then applications scored, the choice and the assessment, each
through its form."""
import io

from tests.activities.conftest import plan_body


def post(client, url, csrf, **data):
    return client.post(url, data={"csrf_token": csrf, **data})


def test_from_draft_to_assessment_through_the_forms(client, csrf):
    planned = post(client, "/activities/new", csrf, **plan_body())
    activity_id = planned.headers["Location"].rsplit("/", 1)[1]
    page = client.get(f"/activities/{activity_id}").get_data(as_text=True)
    assert "Rédiger des termes de référence" in page

    draft = {"activity_id": activity_id, "title": "Animation d'ateliers climat",
             "context": "Génération Climat en PACA.", "objectives": "Animer six ateliers.",
             "deliverables": "Programme des ateliers\nCompte rendu", "start": "2025-05-01",
             "end": "2025-04-01", "budget": "3000", "currency": "EUR",
             "criterion_name": ["Expérience", "Prix"], "criterion_weight": ["2", "1"]}
    bad = post(client, "/activities/terms-of-reference/new", csrf, **draft)
    assert bad.status_code == 422
    assert "La fin ne peut pas précéder le début." in bad.get_data(as_text=True)
    saved = post(client, "/activities/terms-of-reference/new", csrf,
                 **{**draft, "end": "2025-06-30"})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    tor = saved.headers["Location"]
    assert "Réception" not in client.get(tor).get_data(as_text=True)

    wrong = client.post(tor + "/applications/new", data={
        "csrf_token": csrf, "consultant_name": "Nadia Benali", "proposal_amount": "2800",
        "document": (io.BytesIO(b"MZ..."), "offre.exe")}, content_type="multipart/form-data")
    assert wrong.status_code == 422
    assert "Un document PDF, ODT ou Word." in wrong.get_data(as_text=True)
    for name, amount in (("Nadia Benali", "2800"), ("Youssef Amrani", "2500")):
        received = client.post(tor + "/applications/new", data={
            "csrf_token": csrf, "consultant_name": name, "proposal_amount": amount,
            "document": (io.BytesIO(b"%PDF-1.4 offre"), f"Offre {name}.pdf")},
            content_type="multipart/form-data")
        assert received.status_code == 302, received.get_data(as_text=True)
    api = client.get("/activities/api/v1" + tor.removeprefix("/activities")).get_json()
    first, second = api["applications"]
    out_of_bounds = post(client, tor + f"/applications/{first['id']}/scores", csrf,
                         **{"score:Expérience": "12", "score:Prix": "5"})
    assert out_of_bounds.status_code == 422
    assert "Une note va de 0 à 10." in out_of_bounds.get_data(as_text=True)
    for application, (experience, price) in ((first, ("9", "4")), (second, ("6", "9"))):
        scored = post(client, tor + f"/applications/{application['id']}/scores", csrf,
                      **{"score:Expérience": experience, "score:Prix": price})
        assert scored.status_code == 302, scored.get_data(as_text=True)
    page = client.get(tor).get_data(as_text=True)
    assert "7.33 / 10" in page and "7.00 / 10" in page and "Offre Nadia Benali.pdf" in page
    proposal = client.get(tor + f"/applications/{first['id']}/document")
    assert proposal.status_code == 200 and proposal.data == b"%PDF-1.4 offre"

    no_reason = post(client, tor + "/choose", csrf, application_id=first["id"], reason="")
    assert no_reason.status_code == 422
    chose = post(client, tor + "/choose", csrf, application_id=first["id"],
                 reason="Meilleure expérience")
    assert chose.status_code == 302
    assessed = post(client, tor + "/assessment", csrf, comment="Très bien",
                    **{"rating:Programme des ateliers": "5", "rating:Compte rendu": "4"})
    assert assessed.status_code == 302, assessed.get_data(as_text=True)
    page = client.get(tor).get_data(as_text=True)
    assert "Travail évalué" in page and "Non retenue" in page and "Compte rendu : 4/5" in page
    pdf = client.get(tor + ".pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")

    # the consultant chosen, and the staff, are now offered as the activity's facilitators
    edit = client.get(f"/activities/{activity_id}/edit").get_data(as_text=True)
    assert '<option value="Nadia Benali">' in edit and '<option value="Test Officer">' in edit
    version = client.get(f"/activities/api/v1/activities/{activity_id}").get_json()["version"]
    corrected = post(client, f"/activities/{activity_id}/edit", csrf, expected_version=version,
                     facilitators=["Nadia Benali", "Test Officer", "Ali Ouali, Sara Lamrani"])
    assert corrected.status_code == 302, corrected.get_data(as_text=True)
    activity = client.get(f"/activities/api/v1/activities/{activity_id}").get_json()
    assert activity["facilitators"] == ["Nadia Benali", "Test Officer", "Ali Ouali",
                                        "Sara Lamrani"]
    edit = client.get(f"/activities/{activity_id}/edit").get_data(as_text=True)
    assert '<option value="Nadia Benali" selected>' in edit
    assert 'value="Ali Ouali, Sara Lamrani"' in edit
