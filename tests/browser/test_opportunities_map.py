"""The map of legal routes to Europe in a real browser: countries are coloured by their
open opportunities, and a click on a country lands on its opportunities."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_embedded_flow import sign_in

ROUTES = [("Master en France", "FR"), ("Service civique en France", "FR"),
          ("Corps européen de solidarité", "ES")]


def test_the_map_leads_to_a_countrys_opportunities(argan, new_context):
    server = argan()
    email, password = server.credentials()
    base = server.base_url
    page = new_context().new_page()
    sign_in(page, base, email, password, "/missions/opportunities/")

    page.goto(f"{base}/missions/opportunities/new")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    for title, country in ROUTES:
        response = page.request.post(f"{base}/missions/api/v1/opportunities",
                                     data={"title": title, "scheme": "study", "country": country},
                                     headers={"X-CSRFToken": token})
        assert response.status == 201, response.text()

    page.goto(f"{base}/missions/opportunities/map")
    france = page.locator('a[data-country="FR"]')
    expect(france).to_have_attribute("data-open", "2")
    expect(page.locator('a[data-country="ES"]')).to_have_attribute("data-open", "1")
    expect(page.locator('a[data-country="DE"]')).to_have_attribute("data-open", "0")
    assert france.locator("path").get_attribute("data-shade") == "4"
    assert page.locator('a[data-country="ES"] path').get_attribute("data-shade") == "2"

    france.locator("path").click()
    expect(page).to_have_url(re.compile(r"/missions/opportunities/\?country=FR$"))
    rows = page.locator("#opportunities tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#opportunities")).to_contain_text("Master en France")
    expect(page.locator("#opportunities")).not_to_contain_text("Corps européen")
    expect(page.locator("#country")).to_have_value("FR")
