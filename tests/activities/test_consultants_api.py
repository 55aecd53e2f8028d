"""Hiring a consultant through the JSON API on PostgreSQL: terms of reference, applications,
scores, the choice, the assessment; roles; bad input; the ToR read back from its PDF."""
import io

from pypdf import PdfReader

from shared.testing.web import sign_in_as
from tests.activities.conftest import plan_body

TERMS = {"title": "Évaluation finale du projet PRA/OSIM", "context": "Appui aux OSIM.",
         "objectives": "Mesurer les effets du projet sur les associations partenaires.",
         "deliverables": ["Note de cadrage", "Rapport final d'évaluation"],
         "start": "2025-04-01", "end": "2025-06-30", "budget": 14500, "currency": "EUR",
         "criteria": [{"name": "Expérience", "weight": 3}, {"name": "Méthodologie", "weight": 2}]}


def drafted(api):
    activity = api.post("/activities", plan_body()).get_json()
    response = api.post("/terms-of-reference", {**TERMS, "activity_id": activity["id"]})
    assert response.status_code == 201, response.get_json()
    return activity["id"], response.get_json()


def test_round_trip_from_terms_to_assessment(api):
    activity_id, terms = drafted(api)
    tor = f"/terms-of-reference/{terms['id']}"
    ids = []
    for name, amount in (("Nadia Benali", 14000), ("Youssef Amrani", 12500)):
        received = api.post(tor + "/applications", {
            "consultant_name": name, "organisation": "Cabinet Atlas",
            "email": "contact@example.org", "proposal_amount": amount})
        assert received.status_code == 201, received.get_json()
        ids.append(received.get_json()["application_id"])
    refused = api.post(tor + "/choose", {"application_id": ids[0], "reason": "Trop tôt"})
    assert refused.status_code == 422 and "application_id" in refused.get_json()["errors"]
    api.post(tor + f"/applications/{ids[0]}/scores", {"scores": [
        {"criterion": "Expérience", "score": 6}, {"criterion": "Méthodologie", "score": 9}]})
    scored = api.post(tor + f"/applications/{ids[1]}/scores", {"scores": [
        {"criterion": "Expérience", "score": 9}, {"criterion": "Méthodologie", "score": 5}]})
    assert scored.status_code == 200, scored.get_json()
    read = api.get(tor).get_json()
    assert [(a["consultant_name"], a["weighted_total"], a["rank"])
            for a in read["applications"]] == [("Youssef Amrani", 7.4, 1),
                                               ("Nadia Benali", 7.2, 2)]
    chosen = api.post(tor + "/choose", {"application_id": ids[1], "reason": "Meilleur score",
                                        "expected_version": read["version"]})
    assert chosen.status_code == 200, chosen.get_json()
    again = api.post(tor + "/choose", {"application_id": ids[0], "reason": "Changement"})
    assert again.status_code == 422
    assessed = api.post(tor + "/assessment", {"comment": "Travail solide", "ratings": [
        {"deliverable": "Note de cadrage", "rating": 4},
        {"deliverable": "Rapport final d'évaluation", "rating": 5}]})
    assert assessed.status_code == 200, assessed.get_json()
    final = api.get(tor).get_json()
    assert final["status"] == "assessed" and final["chosen"] == ids[1]
    assert {a["id"]: a["outcome"] for a in final["applications"]} == {
        ids[1]: "selected", ids[0]: "not_selected"}
    listed = api.get(f"/activities/{activity_id}/terms-of-reference").get_json()
    assert [(t["id"], t["status"], t["applications"]) for t in listed] == [
        (terms["id"], "assessed", 2)]


def test_bad_input_names_the_field_and_a_stale_version_is_409(api):
    activity_id, terms = drafted(api)
    tor = f"/terms-of-reference/{terms['id']}"
    bad = api.post("/terms-of-reference", {**TERMS, "activity_id": activity_id,
                                           "budget": -3, "criteria": []})
    assert bad.status_code == 422
    assert {"budget", "criteria"} <= set(bad.get_json()["errors"])
    unknown = api.post("/terms-of-reference", {**TERMS, "activity_id": "nope"})
    assert unknown.status_code == 404
    received = api.post(tor + "/applications", {"consultant_name": "Nadia",
                                                "proposal_amount": 9000}).get_json()
    out_of_bounds = api.post(tor + f"/applications/{received['application_id']}/scores", {
        "scores": [{"criterion": "Expérience", "score": 11},
                   {"criterion": "Méthodologie", "score": 5}]})
    assert out_of_bounds.status_code == 422
    stale = api.post(tor + "/applications", {"consultant_name": "Claire",
                                             "proposal_amount": 9000, "expected_version": 1})
    assert stale.status_code == 409
    assert api.post(tor + "/assessment", {"ratings": [
        {"deliverable": "Note de cadrage", "rating": 4}]}).status_code == 422


def test_the_pdf_holds_title_objectives_deliverables_and_budget(api, client):
    _, terms = drafted(api)
    response = api.get(f"/terms-of-reference/{terms['id']}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(" ".join(page.extract_text().replace("\u202f", " ").split())
                    for page in PdfReader(io.BytesIO(response.data)).pages)
    for expected in (TERMS["title"], TERMS["objectives"], *TERMS["deliverables"],
                     "14 500 EUR"):
        assert expected in text, (expected, text)


def test_roles_a_viewer_reads_no_bids_and_writes_nothing(client, api):
    _, terms = drafted(api)
    csrf = sign_in_as(client, roles=("communication",))
    tor = f"/activities/api/v1/terms-of-reference/{terms['id']}"
    assert client.get(tor).status_code == 403
    assert client.post(tor + "/applications", json={"consultant_name": "X",
                                                    "proposal_amount": 1},
                       headers={"X-CSRFToken": csrf}).status_code == 403
    assert client.get(tor + ".pdf").status_code == 200


def test_a_proposal_uploaded_with_the_application_is_kept_and_sent_back(api):
    import base64
    _, terms = drafted(api)
    tor = f"/terms-of-reference/{terms['id']}"
    content = b"%PDF-1.4 proposition technique et financiere"
    wrong = api.post(tor + "/applications", {
        "consultant_name": "Nadia", "proposal_amount": 9000,
        "document": {"filename": "offre.exe", "content": base64.b64encode(b"MZ").decode()}})
    assert wrong.status_code == 422 and "document.filename" in wrong.get_json()["errors"]
    assert api.get(tor).get_json()["applications"] == []  # nothing half-written
    sent = api.post(tor + "/applications", {
        "consultant_name": "Nadia", "proposal_amount": 9000,
        "document": {"filename": "C:\\offres\\Offre Nadia.pdf",
                     "content": base64.b64encode(content).decode()}})
    assert sent.status_code == 201, sent.get_json()
    application = api.get(tor).get_json()["applications"][0]
    assert application["document"] == "Offre Nadia.pdf"
    back = api.get(tor + f"/applications/{application['id']}/document")
    assert back.status_code == 200 and back.data == content
    assert back.mimetype == "application/pdf"
    assert back.headers["Content-Disposition"].startswith("attachment")
    assert api.get(tor + "/applications/unknown/document").status_code == 404
