"""Staff accounts reach every service through RabbitMQ: one sign-in and a personal API
token work in stakeholders, reporting and activities; a revoked token and a disabled
account stop working in all of them within a minute (measured, and printed)."""
from __future__ import annotations

import time

import pytest

from services.stakeholders.accounts import open_staff_account

SERVICES = ("stakeholders", "reporting", "activities")
DEADLINE = 60.0  # the promise: refused everywhere within a minute
PASSWORD = "a long and unguessable passphrase"


def protected(service: str) -> str:
    """A page of `service` any officer may open."""
    return {"stakeholders": "/stakeholders/api/v1/people",
            "reporting": "/reporting/api/v1/indicators/people-by-sex-and-region",
            "activities": "/activities/"}[service]


class Everywhere:
    def __init__(self, platform):
        self.platform = platform
        self.clients = {s: platform.apps[s].test_client() for s in SERVICES}

    def share_session(self, cookie_from) -> None:
        """The one shared cookie (path /, same secret) given to every service's client."""
        cookie = cookie_from.get_cookie("argan_session", path="/")
        for client in self.clients.values():
            client.set_cookie("argan_session", cookie.value, path="/")

    def statuses(self, token: str | None = None) -> dict[str, int]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return {s: c.get(protected(s), headers=headers).status_code
                for s, c in self.clients.items()}

    def refused(self, token: str | None = None) -> bool:
        """Refused by every service: 401, or the sign-in page for a page without a token."""
        return all(status in (401, 302) for status in self.statuses(token).values())

    def wait_until(self, condition, what: str) -> float:
        start = time.monotonic()
        while time.monotonic() - start < DEADLINE:
            if condition():
                return time.monotonic() - start
            time.sleep(0.05)
        pytest.fail(f"{what}: not within {DEADLINE:.0f} s")


def sign_in_page(client, email: str, password: str) -> str:
    from shared.testing.web import csrf_token
    page = client.get("/stakeholders/sign-in")
    response = client.post("/stakeholders/sign-in", data={
        "email": email, "password": password, "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 302, response.status_code
    return csrf_token(client.get("/stakeholders/sign-in", follow_redirects=True)
                      .get_data(as_text=True))


def test_a_disabled_account_and_a_revoked_token_are_refused_everywhere(platform):
    people_engine = platform.apps["stakeholders"].extensions["argan"]["engine"]
    account = open_staff_account(people_engine, "nadia@argan.test", PASSWORD, "Nadia Benali",
                                 roles=("officer",), office="agadir")
    everywhere = Everywhere(platform)
    officer = everywhere.clients["stakeholders"]
    csrf = sign_in_page(officer, "nadia@argan.test", PASSWORD)
    everywhere.share_session(officer)

    def new_token(name: str) -> str:
        response = officer.post("/stakeholders/api/v1/me/tokens", json={"name": name},
                                headers={"X-CSRFToken": csrf})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["token"]

    kept, revoked = new_token("export"), new_token("to revoke")
    opened = everywhere.wait_until(
        lambda: set(everywhere.statuses().values()) == {200}
        and set(everywhere.statuses(kept).values()) == {200}
        and set(everywhere.statuses(revoked).values()) == {200},
        "the account and its tokens known in every service")

    token_id = next(t["id"] for t in officer.get("/stakeholders/api/v1/me/tokens").get_json()
                    if t["name"] == "to revoke")
    response = officer.post(f"/stakeholders/api/v1/me/tokens/{token_id}/revoke", json={},
                            headers={"X-CSRFToken": csrf})
    assert response.status_code == 200, response.get_json()
    revocation = everywhere.wait_until(
        lambda: set(everywhere.statuses(revoked).values()) == {401},  # a token: never a redirect
        "the revoked token refused everywhere")
    assert set(everywhere.statuses(kept).values()) == {200}  # only that token

    account_now = platform.people.get(f"/stakeholders/api/v1/staff/{account}").get_json()
    response = platform.people.post(  # by the admin the platform signed in
        f"/stakeholders/api/v1/staff/{account}/disable",
        json={"expected_version": account_now["version"], "reason": "left the association"},
        headers={"X-CSRFToken": platform.people_csrf})
    assert response.status_code == 200, response.get_json()
    disabled_at = time.monotonic()
    refusal = everywhere.wait_until(
        lambda: everywhere.refused() and set(everywhere.statuses(kept).values()) == {401},
        "the disabled account's session and token refused everywhere")
    print(f"\naccount known everywhere after {opened:.3f} s; revoked token refused everywhere "
          f"after {revocation:.3f} s; disabled account refused everywhere after "
          f"{refusal:.3f} s (measured {time.monotonic() - disabled_at:.3f} s)")
    assert refusal < DEADLINE


def test_a_replayed_cookie_is_refused_everywhere_after_sign_out_and_after_a_reset(platform):
    """Through RabbitMQ: the copy of a cookie (stolen, or left on a shared computer) stops
    working in every service within seconds of the sign-out, and of a password reset."""
    people_engine = platform.apps["stakeholders"].extensions["argan"]["engine"]
    account = open_staff_account(people_engine, "karim@argan.test", PASSWORD, "Karim Alaoui",
                                 roles=("officer",), office="tiznit")
    everywhere = Everywhere(platform)
    browser = everywhere.clients["stakeholders"]
    csrf = sign_in_page(browser, "karim@argan.test", PASSWORD)
    stolen = browser.get_cookie("argan_session", path="/").value
    everywhere.share_session(browser)
    everywhere.wait_until(lambda: set(everywhere.statuses().values()) == {200},
                          "the account known in every service")

    def replayed(cookie: str) -> dict[str, int]:
        answers = {}
        for service in SERVICES:
            client = platform.apps[service].test_client()
            client.set_cookie("argan_session", cookie, path="/")
            answers[service] = client.get(protected(service)).status_code
        return answers

    assert set(replayed(stolen).values()) == {200}
    assert browser.post("/stakeholders/sign-out", data={"csrf_token": csrf}).status_code == 302
    after_sign_out = everywhere.wait_until(
        lambda: all(s in (302, 401) for s in replayed(stolen).values()),
        "the signed-out session refused everywhere")

    csrf = sign_in_page(browser, "karim@argan.test", PASSWORD)  # a new session
    second = browser.get_cookie("argan_session", path="/").value
    everywhere.wait_until(lambda: set(replayed(second).values()) == {200},
                          "the new session valid everywhere")
    version = platform.people.get(f"/stakeholders/api/v1/staff/{account}").get_json()["version"]
    reset = platform.people.post(f"/stakeholders/api/v1/staff/{account}/reset-password",
                                 json={"expected_version": version},
                                 headers={"X-CSRFToken": platform.people_csrf})
    assert reset.status_code == 200, reset.get_json()
    after_reset = everywhere.wait_until(
        lambda: all(s in (302, 401) for s in replayed(second).values()),
        "every session refused everywhere after the reset")
    assert set(replayed(stolen).values()) <= {302, 401}
    print(f"\nreplayed cookie refused everywhere {after_sign_out:.3f} s after the sign-out, "
          f"{after_reset:.3f} s after the reset")
