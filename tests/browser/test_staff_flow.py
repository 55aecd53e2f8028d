"""Staff accounts end to end, in a real browser: the printed admin opens an account for a
communication officer; that person, in a second browser, first replaces the password the
admin chose (nothing else opens before), then gets exactly what the role allows; a copy of
her cookie stops working once she signs out;
creates a personal API token (shown once) that works against reporting's API; the admin
disables the account and within seconds the session and the token stop working in both
stakeholders and reporting.
"""
from __future__ import annotations

import re
import time

import requests
from playwright.sync_api import Page, expect

SUBMIT = "main form button[type=submit]"  # not the sign-out button in the top bar
EMAIL = "leila.benali@example.org"
PASSWORD = "Agadir-argan-2026!"       # chosen by the admin: temporary
OWN_PASSWORD = "Tiznit-amandier-2027"  # her own
INDICATOR = "/reporting/api/v1/indicators/people-by-sex-and-region"
SIGN_IN = re.compile(r"/stakeholders/sign-in(\?|$)")


def sign_in(page: Page, base: str, email: str, password: str, next_path: str,
            lands_on: str | None = None):
    page.goto(f"{base}{next_path}")
    expect(page).to_have_url(SIGN_IN)
    page.fill("#email", email)
    page.fill("#password", password)
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(re.escape(lands_on or next_path) + r"$"))


def watch_csp(page: Page) -> list[str]:
    """The Content-Security-Policy violations the page reports (there must be none)."""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text)
            if "Content Security Policy" in m.text else None)
    return seen


def wait_for(check, timeout: float = 5.0, step: float = 0.05):
    """Polls check() until it returns something truthy; (that value, seconds taken)."""
    started = time.monotonic()
    while True:
        value = check()
        if value or time.monotonic() - started > timeout:
            return value, time.monotonic() - started
        time.sleep(step)


def goto_status(page: Page, url: str) -> int:
    response = page.goto(url)
    return response.status if response else 0


def test_staff_flow(argan, new_context):
    server = argan()
    admin_email, admin_password = server.credentials()
    base = server.base_url
    admin = new_context().new_page()
    admin_violations = watch_csp(admin)
    sign_in(admin, base, admin_email, admin_password, "/stakeholders/staff/")
    # the region field follows the country (territory.js, a static file under the CSP)
    admin.goto(f"{base}/stakeholders/people/new")
    admin.select_option("#residence_country", "FR")
    expect(admin.locator("select#residence_region")).to_be_visible()
    expect(admin.locator("select#residence_region")).to_contain_text("Provence-Alpes-Côte d'Azur")
    admin.select_option("#residence_country", "SN")
    expect(admin.locator("input#residence_region")).to_be_visible()
    assert admin_violations == [], admin_violations
    admin.goto(f"{base}/stakeholders/staff/")
    # an admin reaches staff administration and their own account from the top bar
    expect(admin.locator("nav.mainnav a[href='/stakeholders/staff/']")).to_have_text("Personnel")
    expect(admin.locator(".tools a[href='/stakeholders/me/']")).to_have_text("Mon compte")
    admin.click("text=Ouvrir un compte")
    expect(admin.locator("h1")).to_have_text("Ouvrir un compte")

    # (a) a weak password: the form comes back with a French message on the password field
    admin.fill("#name", "Leïla Benali")
    admin.fill("#email", EMAIL)
    admin.select_option("#office", "agadir")
    admin.uncheck("input[name=roles][value=officer]")
    admin.check("input[name=roles][value=communication]")
    admin.fill("#password", "argan2026")
    with admin.expect_response(lambda r: r.request.method == "POST") as posted:
        admin.click(SUBMIT)
    assert posted.value.status == 422
    expect(admin.locator("#password-error")).to_contain_text("12 caractères")
    expect(admin.locator("#password")).to_have_attribute("aria-invalid", "true")
    expect(admin.locator("#password")).to_have_value("")  # never sent back
    expect(admin.locator("#name")).to_have_value("Leïla Benali")
    expect(admin.locator("#office")).to_have_value("agadir")
    expect(admin.locator("input[name=roles][value=communication]")).to_be_checked()
    expect(admin.locator("input[name=roles][value=officer]")).not_to_be_checked()

    # (b) a strong one: the account page, with its history
    admin.fill("#password", PASSWORD)
    admin.click(SUBMIT)
    expect(admin).to_have_url(re.compile(r"/stakeholders/staff/[0-9a-f-]{36}$"))
    account_url = admin.url
    expect(admin.locator("h1")).to_contain_text("Leïla Benali")
    expect(admin.locator(".subtitle")).to_contain_text("Agadir")
    expect(admin.locator(".timeline")).to_contain_text(f"Compte ouvert par {admin_email}")

    # (c) the communication officer, in a second browser
    leila_context = new_context()
    leila = leila_context.new_page()
    violations = watch_csp(leila)
    sign_in(leila, base, EMAIL, PASSWORD, "/stakeholders/", lands_on="/stakeholders/me/password")
    expect(leila.locator("main .flash-warning")).to_contain_text("temporaire")
    leila.goto(f"{base}/stakeholders/me/")  # nothing else opens before
    expect(leila).to_have_url(re.compile(r"/stakeholders/me/password$"))
    leila.screenshot(path=str(server.logs / "forced-password.png"), full_page=True)
    leila.fill("#current_password", PASSWORD)
    leila.fill("#password", OWN_PASSWORD)
    leila.fill("#password_confirmation", OWN_PASSWORD)
    leila.click(SUBMIT)
    expect(leila).to_have_url(re.compile(r"/stakeholders/$"))
    expect(leila.locator(".flash-success")).to_contain_text("mot de passe a été modifié")
    expect(leila.locator("h1")).to_have_text("Personnes")  # the people list
    expect(leila.locator("nav.mainnav a[href='/stakeholders/staff/']")).to_have_count(0)
    expect(leila.locator(".tools a[href='/stakeholders/me/']")).to_be_visible()
    assert goto_status(leila, f"{base}/stakeholders/people/new") == 403
    expect(leila.locator("main h1")).to_have_text("403")
    expect(leila.locator("main")).to_contain_text("Vous n’êtes pas autorisé·e à faire cela.")
    assert goto_status(leila, f"{base}/stakeholders/staff/") == 403
    expect(leila.locator("main")).to_contain_text("Vous n’êtes pas autorisé·e")
    # reporting learns the account from its events: allow it a moment
    status, _ = wait_for(lambda: goto_status(leila, f"{base}/reporting/") == 200)
    assert status, "reporting never let the communication officer in"
    expect(leila.locator("h1")).to_contain_text("Personnes par sexe et par région")

    # (d) a personal API token: shown once
    leila.goto(f"{base}/stakeholders/me/")
    expect(leila.locator("h1")).to_have_text("Mon compte")
    leila.fill("#name", "Export mensuel")
    leila.click("main form[action$='/me/tokens'] button[type=submit]")
    expect(leila.locator("h1")).to_have_text("Jeton d’API créé")
    token = leila.locator("#secret").input_value()
    assert token.startswith("argan_") and len(token) > 30
    leila.reload()  # the browser posts the form again: the token is not shown again
    assert token not in leila.content()
    leila.goto(f"{base}/stakeholders/me/")
    expect(leila.locator("main table.list")).to_contain_text("Export mensuel")
    assert token not in leila.content()
    bearer = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    def token_answers() -> int:
        return requests.get(f"{base}{INDICATOR}", headers=bearer, timeout=5).status_code

    works, _ = wait_for(lambda: token_answers() == 200)
    assert works, f"the token is refused by reporting ({token_answers()})"
    assert isinstance(requests.get(f"{base}{INDICATOR}", headers=bearer, timeout=5).json(),
                      (dict, list))

    # (d2) a copy of her cookie (a shared computer, a thief) dies with her sign-out
    thief_context = new_context()
    thief_context.add_cookies(leila_context.cookies())
    thief = thief_context.new_page()
    assert goto_status(thief, f"{base}/reporting/") == 200 and not SIGN_IN.search(thief.url)
    leila.goto(f"{base}/stakeholders/")
    leila.click("header form[action='/stakeholders/sign-out'] button")
    expect(leila).to_have_url(SIGN_IN)
    expect(leila.locator(".flash-info")).to_contain_text("déconnecté")
    leila.screenshot(path=str(server.logs / "signed-out.png"), full_page=True)
    replayed, _ = wait_for(lambda: (thief.goto(f"{base}/reporting/"),
                                    SIGN_IN.search(thief.url))[1], timeout=10.0)
    assert replayed, f"the copied cookie still opens reporting ({thief.url})"
    sign_in(leila, base, EMAIL, OWN_PASSWORD, "/reporting/")
    assert violations == [], violations

    # (e) the admin disables the account, after a confirmation step
    admin.goto(account_url)
    admin.click("main a.btn-danger:has-text('Désactiver')")
    expect(admin.locator("h1")).to_contain_text("Désactiver le compte de Leïla Benali")
    admin.fill("#reason", "Fin de contrat")
    admin.click(SUBMIT)
    expect(admin.locator(".flash-success")).to_contain_text("Le compte a été désactivé.")
    disabled_at = time.monotonic()
    expect(admin.locator("h1 .tag")).to_have_text("désactivé")
    expect(admin.locator(".timeline")).to_contain_text("Motif : Fin de contrat")

    # ... and within a few seconds her browser and her token are refused everywhere
    def refused_in_reporting() -> bool:
        leila.goto(f"{base}/reporting/")
        return bool(SIGN_IN.search(leila.url))

    refused, reporting_delay = wait_for(refused_in_reporting, timeout=10.0)
    assert refused, f"reporting still served the disabled account ({leila.url})"
    leila.goto(f"{base}/stakeholders/")
    expect(leila).to_have_url(SIGN_IN)
    stakeholders_delay = time.monotonic() - disabled_at
    token_refused, token_delay = wait_for(lambda: token_answers() == 401, timeout=10.0)
    assert token_refused, f"the token still answers {token_answers()}"
    token_delay = time.monotonic() - disabled_at
    print(f"\ndisable -> refused: reporting page {reporting_delay:.3f} s, stakeholders page "
          f"{stakeholders_delay:.3f} s, token {token_delay:.3f} s")
    assert reporting_delay < 5.0 and token_delay < 5.0
    # and signing in again is refused too
    leila.fill("#email", EMAIL)
    leila.fill("#password", OWN_PASSWORD)
    leila.click(SUBMIT)
    expect(leila).to_have_url(SIGN_IN)
    expect(leila.locator("#password")).to_be_visible()
