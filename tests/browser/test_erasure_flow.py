"""The erasure of a person in a real browser, as the NGO's admin does it: from the person's
page, through the form (reason and confirmation, the inputs checked by the server), then the
erasure register with every service's confirmation, and the people list no longer finding
them. `argan run` serves the four services and their workers, as `make run` does."""
from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.browser.test_embedded_flow import SUBMIT, sign_in
from tests.browser.test_merge_flow import api_post
from tests.browser.test_staff_flow import goto_status
from tests.browser.test_staff_flow import sign_in as sign_in_landing

FAMILY = "Oufkirzouhri"
SERVICES = ("activities", "missions", "reporting")
OFFICER, TEMPORARY, OWN = "karim.officer@example.org", "Agadir-argan-2026!", "Tiznit-amandier-2027"


def without_browser_checks(page: Page) -> None:
    """Drop the `required` attributes so that the server's own checks answer."""
    page.evaluate("document.querySelectorAll('main form [required]')"
                  ".forEach(e => e.removeAttribute('required'))")


def search(page: Page, base: str, text: str):
    page.goto(f"{base}/stakeholders/")
    page.fill("#q", text)
    page.press("#q", "Enter")
    expect(page).to_have_url(re.compile(r"q=" + text))
    return page.locator("main table.list")


def confirmed_everywhere(page: Page, base: str, person_id: str, timeout: float = 30.0) -> float:
    """Reload the register until the three services have confirmed; the seconds it took."""
    started = time.monotonic()
    while True:
        page.goto(f"{base}/stakeholders/privacy/erasures")
        cells = page.locator(f'#erasures tr[data-person="{person_id}"] td[data-service]')
        pending = [c.get_attribute("data-service") for c in cells.all()
                   if "en attente" in c.inner_text()]
        if cells.count() == len(SERVICES) and not pending:
            return time.monotonic() - started
        assert time.monotonic() - started < timeout, f"still awaiting confirmation: {pending}"
        time.sleep(0.3)


def officer_page(new_context, base: str) -> Page:
    """The officer signed in, their temporary password replaced by their own."""
    page = new_context().new_page()
    sign_in_landing(page, base, OFFICER, TEMPORARY, "/stakeholders/",
                    lands_on="/stakeholders/me/password")
    page.fill("#current_password", TEMPORARY)
    page.fill("#password", OWN)
    page.fill("#password_confirmation", OWN)
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(r"/stakeholders/$"))
    return page


def test_admin_erases_a_person_through_the_page(argan, new_context):
    server = argan()
    email, password = server.credentials()
    base = server.base_url
    page = new_context().new_page()
    sign_in(page, base, email, password)
    person_id = api_post(page, base, "/people", {
        "given_name": "Zineb", "family_name": FAMILY, "email": "zineb.ouf@example.org",
        "phone": "+212612345678"})["id"]
    expect(search(page, base, FAMILY)).to_contain_text("OUFKIRZOUHRI")

    # an officer sees the person but neither the erasure nor the access export
    api_post(page, base, "/staff", {"email": OFFICER, "name": "Karim Officer",
                                    "office": "agadir", "roles": ["officer"],
                                    "password": TEMPORARY})
    officer = officer_page(new_context, base)
    officer.goto(f"{base}/stakeholders/people/{person_id}")
    expect(officer.locator("h1")).to_contain_text("OUFKIRZOUHRI")
    expect(officer.get_by_role("link", name="Effacer (droit à l’oubli)")).to_have_count(0)
    expect(officer.locator("#personal-data")).to_have_count(0)
    assert goto_status(officer, f"{base}/stakeholders/people/{person_id}/erase") == 403
    assert goto_status(officer, f"{base}/stakeholders/privacy/erasures") == 403

    page.goto(f"{base}/stakeholders/people/{person_id}")
    expect(page.locator("#personal-data a")).to_have_count(2)
    page.get_by_role("link", name="Effacer (droit à l’oubli)").click()
    expect(page).to_have_url(re.compile(rf"/people/{person_id}/erase$"))
    expect(page.locator(".flash-warning")).to_contain_text("L’effacement ne peut pas être annulé")

    # the server's checks: no reason and no confirmation, then a reason naming the person
    without_browser_checks(page)
    page.click(SUBMIT)
    expect(page.locator("main")).to_contain_text("Indiquez le motif de l’effacement")
    expect(page.locator("#confirm-error")).to_contain_text("Cochez la case pour confirmer")
    without_browser_checks(page)
    page.fill("#reason", f"Demande de Zineb {FAMILY}")
    page.check("input[name=confirm]")
    page.click(SUBMIT)
    expect(page.locator("main")).to_contain_text("Le motif ne doit ni nommer la personne")

    page.fill("#reason", "Demande écrite reçue le 01/12/2026")
    page.check("input[name=confirm]")
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(rf"/people/{person_id}$"))
    expect(page.locator(".flash-success")).to_contain_text("La personne a été effacée")
    expect(page.locator("h1")).to_contain_text("Personne effacée")
    expect(page.locator("main")).not_to_contain_text(FAMILY)
    expect(page.locator("main")).not_to_contain_text("zineb.ouf@example.org")

    seconds = confirmed_everywhere(page, base, person_id)
    row = page.locator(f'#erasures tr[data-person="{person_id}"]')
    expect(row).to_contain_text("confirmé partout")
    expect(row).to_contain_text("Demande écrite reçue le 01/12/2026")
    page.screenshot(path=str(server.logs / "erasure-register.png"), full_page=True)
    print(f"three confirmations within {seconds:.1f} s of the erasure")

    # the list no longer finds them, by name or by e-mail
    for text in (FAMILY, "zineb.ouf"):
        search(page, base, text)
        expect(page.locator("main table.list")).to_have_count(0)
        expect(page.locator("main")).to_contain_text("Personne ne correspond à ces filtres")
