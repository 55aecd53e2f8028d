"""The embedded mode end to end, in a real browser, as a newcomer and the staff use it.

`argan run` is started as a subprocess on a temporary var/ folder; Chromium signs in
with the printed first-admin account, registers a person through the form, sees them
counted by reporting within a second, gets clear field errors for bad input, and finds
everything again after a restart (with no new admin account printed).
"""
from __future__ import annotations

import datetime as dt
import re
import time

from playwright.sync_api import Page, expect

SUBMIT = "main form button[type=submit]"  # not the sign-out button in the top bar
REGION = "Souss-Massa"


def sign_in(page: Page, base: str, email: str, password: str, next_path: str = "/stakeholders/"):
    page.goto(f"{base}{next_path}")
    expect(page).to_have_url(re.compile(r"/stakeholders/sign-in"))
    page.fill("#email", email)
    page.fill("#password", password)
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(re.escape(next_path) + r"$"))


def reporting_totals(page: Page, base: str) -> dict[str, str] | None:
    """The people-by-region table's total cell and the row for REGION, or None if empty."""
    page.goto(f"{base}/reporting/")
    table = page.locator("#people-by-region")
    if table.count() == 0:
        return None
    total = table.locator("tfoot th").last.inner_text().strip()
    row = table.locator("tbody tr", has_text=REGION)
    return {"total": total, "row": row.first.inner_text() if row.count() else ""}


def test_embedded_flow(argan, new_context):
    server = argan()
    credentials = server.credentials()
    assert credentials, f"no first admin account printed:\n{server.output()}"
    email, password = credentials
    base = server.base_url
    page = new_context().new_page()

    # (a) anonymous: reporting leads to the sign-in page, which will bring us back
    page.goto(f"{base}/reporting/")
    expect(page).to_have_url(re.compile(r"/stakeholders/sign-in\?next=(/|%2F)reporting(/|%2F)"))
    expect(page.locator("#password")).to_be_visible()

    # (b) sign in with the printed credentials; we land on the page we asked for
    page.fill("#email", email)
    page.fill("#password", password)
    page.click(SUBMIT)
    expect(page).to_have_url(f"{base}/reporting/")
    expect(page.locator("h1")).to_contain_text("Personnes par sexe et par région")
    assert reporting_totals(page, base) is None, "reporting counts someone before anyone exists"

    # (c) register a person with the form; their detail page shows
    page.goto(f"{base}/stakeholders/people/new")
    page.fill("#given_name", "Amina")
    page.fill("#family_name", "El Idrissi")
    page.select_option("#sex", "female")
    page.fill("#birth_date", "2001-04-17")
    page.select_option("#residence_country", "MA")
    page.select_option("#residence_region", REGION)  # a select for MA and FR
    page.fill("#residence_town", "Agadir")
    page.fill("#email", "amina.elidrissi@example.org")
    page.check("input[name=languages][value=fr]")
    page.check("input[name=roles][value=young_person]")
    submitted = time.monotonic()
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(r"/stakeholders/people/[0-9a-f-]{36}$"))
    registered = time.monotonic()
    detail_url = page.url
    expect(page.locator("h1")).to_contain_text("Amina EL IDRISSI")
    expect(page.locator("dl.details")).to_contain_text("amina.elidrissi@example.org")
    expect(page.locator(".timeline")).to_contain_text(email)

    # (d) reporting counts her within a second of the registration
    report = page.context.new_page()
    counted = None
    while time.monotonic() - submitted < 5.0:
        figures = reporting_totals(report, base)
        if figures and figures["total"] == "1":
            counted = time.monotonic()
            break
        time.sleep(0.02)
    assert counted is not None, "reporting never counted the registered person"
    delay, delay_from_click = counted - registered, counted - submitted
    print(f"\nregistration -> reporting: {delay:.3f} s after the detail page "
          f"({delay_from_click:.3f} s after the click on Register)")
    assert delay < 1.0, f"reporting took {delay:.3f} s to count the person"
    assert re.search(r"\b1\b", figures["row"]), figures
    expect(report.locator("#freshness")).to_contain_text("À jour")

    # (e) bad input: the form comes back with messages naming the fields, never a 500
    page.goto(f"{base}/stakeholders/people/new")
    page.fill("#given_name", "Youssef")
    page.fill("#family_name", "Ait Benali")
    page.fill("#email", "not-an-email")
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    page.fill("#birth_date", future)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.click(SUBMIT)
    response = posted.value
    assert response.status == 422, f"bad input answered {response.status}"
    expect(page.locator("h1")).to_contain_text("Nouvelle personne")
    expect(page.locator(".flash-error")).to_contain_text("Veuillez corriger les champs")
    expect(page.locator("#email-error")).to_contain_text("courriel")
    expect(page.locator("#birth_date-error")).to_contain_text("futur")
    expect(page.locator("#email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#birth_date")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#given_name")).to_have_value("Youssef")  # input kept
    page.goto(f"{base}/stakeholders/")
    expect(page.locator(".count")).to_have_text("1 personne")  # nothing half-written

    # (f) stop (Ctrl+C to our pid) and start again on the same var/ folder
    server.stop()
    assert server.proc.returncode is not None
    again = argan(var=server.var)
    assert again.credentials() is None, f"a new admin account was printed:\n{again.output()}"
    assert "First admin account" not in again.output()
    base = again.base_url
    page = new_context().new_page()
    sign_in(page, base, email, password)  # the account survived the restart
    expect(page.locator(".count")).to_have_text("1 personne")
    expect(page.locator("table.list")).to_contain_text("EL IDRISSI")
    page.goto(detail_url.replace(server.base_url, base))
    expect(page.locator("h1")).to_contain_text("Amina EL IDRISSI")
    deadline = time.monotonic() + 5.0
    while True:  # consumers catch up at start; the count must stay 1, not 0 and not 2
        figures = reporting_totals(page, base)
        if figures and figures["total"] == "1" or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert figures and figures["total"] == "1", f"reporting after restart: {figures}"
    time.sleep(0.5)  # and it does not double-count once the relay has replayed
    assert reporting_totals(page, base)["total"] == "1"
