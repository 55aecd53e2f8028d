"""The merge screen in a real browser: two records of one person, the richer and older one
proposed as survivor, what each holds shown, the merge confirmed; the absorbed record is
then read-only and the survivor answers for the consent, the organisation and the
interaction. Data is put in through the API with the signed-in browser's cookie."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.test_embedded_flow import SUBMIT, sign_in


def api_post(page: Page, base: str, path: str, body: dict) -> dict:
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    response = page.request.post(f"{base}/stakeholders/api/v1{path}", data=body,
                                 headers={"X-CSRFToken": token})
    assert response.ok, (path, response.status, response.text())
    return response.json()


def test_merge_screen(argan, new_context):
    server = argan()
    email, password = server.credentials()
    base = server.base_url
    page = new_context().new_page()
    sign_in(page, base, email, password)

    older = api_post(page, base, "/people", {
        "given_name": "Fatima", "family_name": "Ait Lahcen", "birth_date": "1998-05-04",
        "email": "fatima@example.org"})["id"]
    api_post(page, base, f"/people/{older}/consents/give", {
        "expected_version": 1, "purpose": "newsletter", "given_at": "2024-01-10",
        "method": "paper_form"})
    organisation = api_post(page, base, "/organisations", {"name": "Association Tiwizi",
                                                           "kind": "osim"})["id"]
    api_post(page, base, f"/organisations/{organisation}/affiliations",
             {"person_id": older, "role": "Trésorière", "start": "2023-09-01"})
    api_post(page, base, f"/people/{older}/interactions",
             {"kind": "call", "date": "2024-02-02", "summary": "Appel pour le forum"})
    newer = api_post(page, base, "/people", {
        "given_name": "Fatima", "family_name": "Ait-Lahcen", "birth_date": "1998-05-04",
        "email": "fatima@example.org"})["id"]

    # from the suggestions, the richer and older record comes on the left
    page.goto(f"{base}/stakeholders/duplicates")
    page.get_by_role("link", name="Comparer et fusionner").first.click()
    expect(page).to_have_url(re.compile(rf"/people/{older}/merge/{newer}$"))
    holds = page.locator("#holdings")
    expect(holds).to_contain_text("Association Tiwizi — Trésorière")
    expect(holds).to_contain_text("Donné depuis le 10/01/2024")
    expect(holds).to_contain_text("1 interaction")
    expect(page.locator("#proposal")).to_have_count(0)

    # keeping the other one instead is possible; the screen then advises against it
    page.get_by_role("link", name="Conserver plutôt l’autre fiche").click()
    expect(page).to_have_url(re.compile(rf"/people/{newer}/merge/{older}$"))
    expect(page.locator("#proposal")).to_contain_text("Nous vous suggérons")
    page.locator("#proposal a").click()
    expect(page).to_have_url(re.compile(rf"/people/{older}/merge/{newer}$"))

    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(rf"/people/{older}$"))
    expect(page.locator("#affiliations")).to_contain_text("Association Tiwizi")
    expect(page.locator("#consent")).to_contain_text("Donné depuis le 10/01/2024")
    expect(page.locator("#interactions")).to_contain_text("Appel pour le forum")

    # the absorbed record: read-only, no action offered, pointing to the survivor by name
    page.goto(f"{base}/stakeholders/people/{newer}")
    expect(page.locator(".flash-warning")).to_contain_text("Cette fiche a été fusionnée")
    expect(page.locator(".page-head .actions")).to_have_count(0)
    expect(page.get_by_role("link", name="Enregistrer un consentement")).to_have_count(0)
    expect(page.get_by_role("link", name="Fatima AIT LAHCEN")).to_have_count(1)
    page.screenshot(path=str(server.logs / "absorbed.png"), full_page=True)
