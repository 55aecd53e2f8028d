"""Self sign-in on a phone, in a real browser: the officer opens the half-day's link (QR code
page), a participant opens it on a small screen, switches to Arabic (right to left), picks
their name, signs with a finger on the canvas; the officer sees the signature and its time.
Data is put in through the APIs with the signed-in browser's cookie."""
from __future__ import annotations

import datetime as dt
import re
import time
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser.test_embedded_flow import sign_in

PHONE = {"width": 360, "height": 740}


def api(page: Page, base: str, service: str, path: str, body: dict | None = None) -> dict:
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    url = f"{base}/{service}/api/v1{path}"
    response = (page.request.post(url, data=body, headers={"X-CSRFToken": token})
                if body is not None else page.request.get(url))
    assert response.ok, (path, response.status, response.text())
    return response.json()


def session_around_now() -> dict:
    """A session on one half-day of today in Marseille, under way now."""
    now = dt.datetime.now(ZoneInfo("Europe/Paris"))
    lo, hi = (dt.time(0, 0), dt.time(11, 59)) if now.hour < 12 else (dt.time(12, 0),
                                                                      dt.time(23, 59))
    start = max(lo, (now - dt.timedelta(hours=1)).time() if now.hour >= 1 else lo)
    end = min(hi, (now + dt.timedelta(hours=1)).time() if now.hour < 23 else hi)
    return {"date": now.date().isoformat(), "start": start.strftime("%H:%M"),
            "end": end.strftime("%H:%M"), "place": "Salle Tamount, Marseille",
            "half_day": "morning" if now.hour < 12 else "afternoon"}


def wait_for_people(page: Page, base: str, name: str, count: int, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = api(page, base, "activities", f"/people?q={name}")["items"]
        if len(found) >= count:
            return found
        time.sleep(0.2)
    raise AssertionError(f"the replica of activities did not receive {name}")


def test_a_participant_signs_in_on_a_phone(argan, new_context, browser):
    server = argan()
    email, password = server.credentials()
    base = server.base_url
    staff = new_context().new_page()
    sign_in(staff, base, email, password)
    for given, family in (("Amina", "Ouali"), ("Brahim", "Ouali")):
        api(staff, base, "stakeholders", "/people", {"given_name": given, "family_name": family,
                                                    "email": f"{given.lower()}@example.org"})
    staff.goto(f"{base}/activities/")
    people = wait_for_people(staff, base, "Ouali", 2)
    activity = api(staff, base, "activities", "/activities", {
        "title": "Journée d’information mobilité légale", "kind": "information_day",
        "office": "marseille"})["id"]
    slot = session_around_now()
    half_day = slot.pop("half_day")
    api(staff, base, "activities", f"/activities/{activity}/sessions",
        {"expected_version": 1, **slot})
    api(staff, base, "activities", f"/activities/{activity}/open", {"expected_version": 2})
    api(staff, base, "activities", f"/activities/{activity}/registrations",
        {"person_ids": [p["id"] for p in people]})
    session = api(staff, base, "activities", f"/activities/{activity}")["sessions"][0]["id"]

    # the officer opens the link of the half-day: the QR code page, to project
    staff.goto(f"{base}/activities/{activity}/sessions/{session}/self-sign-in")
    staff.get_by_role("button", name="Ouvrir le lien d’émargement").click()
    expect(staff).to_have_url(re.compile(rf"/self-sign-in/{half_day}$"))
    expect(staff.locator(".p-projection svg")).to_be_visible()
    link = staff.locator(".p-url a").get_attribute("href")

    # a participant, on a phone, with no account
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                locale="fr-FR", device_scale_factor=2)
    try:
        page = phone.new_page()
        page.set_default_timeout(10_000)
        page.goto(link)
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        expect(page.get_by_text("Trouvez votre nom")).to_be_visible()
        page.get_by_role("link", name="العربية").click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("html")).to_have_attribute("lang", "ar")
        expect(page.get_by_text("ابحث عن اسمك")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        expect(page.locator("main")).not_to_contain_text("example.org")
        expect(page.locator("main")).not_to_contain_text("Ouali")

        page.get_by_label("Amina O.").check()
        box = page.locator("canvas.p-signature").bounding_box()
        page.mouse.move(box["x"] + 20, box["y"] + 40)
        page.mouse.down()
        for step in range(1, 12):
            page.mouse.move(box["x"] + 20 + step * 20, box["y"] + 40 + (step % 3) * 25)
        page.mouse.up()
        page.screenshot(path=str(server.logs / "phone-sign-in-ar.png"), full_page=True)
        page.get_by_role("button", name="أوقّع على الحضور").click()
        expect(page.locator(".p-flash")).to_contain_text("شكراً")
        expect(page.locator(".p-flash")).to_contain_text("Amina O.")
        expect(page.get_by_text("Amina O. — وقّع")).to_be_visible()
    finally:
        phone.close()

    # the officer sees it: present, signed, with the drawn signature and its time
    staff.goto(f"{base}/activities/{activity}/sessions/{session}/self-sign-in")
    signed = staff.locator("table.list tbody tr")
    expect(signed).to_have_count(1)
    expect(signed).to_contain_text("Amina Ouali")
    expect(signed).to_contain_text(dt.datetime.now(ZoneInfo("Europe/Paris")).strftime("%d/%m/%Y"))
    expect(signed.locator("img")).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    marks = api(staff, base, "activities", f"/activities/{activity}")["sessions"][0]["attendance"]
    amina = next(p["id"] for p in people if p["name"].startswith("Amina"))
    assert marks == [{"person_id": amina, "half_day": half_day, "status": "present"}]
