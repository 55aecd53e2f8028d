"""Sessions end server-side in every service (issue 8.3), and a temporary password is
replaced before anything else (issue 7). Accounts are opened and changed in stakeholders
through its pages and API; their events reach the other services as their consumers apply
them (forwarded here from stakeholders' own log, in order)."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from services.stakeholders.accounts import open_staff_account
from shared.access.identity import from_token
from shared.access.projection import apply_received_staff_event
from shared.access.tables import staff_tokens
from shared.messaging.envelope import ReceivedEvent
from shared.settings import SERVICES
from shared.testing.web import app_engine, csrf_token, put_session

ADMIN_EMAIL, ADMIN_PASSWORD = "cheffe@argan.test", "Une phrase de passe 2026"
PASSWORD = "Taliouine-safran-2026"
PAGE = {"stakeholders": "/stakeholders/", "activities": "/activities/",
        "missions": "/missions/", "reporting": "/reporting/"}


class Platform:
    """The four apps; stakeholders' staff events forwarded to the others on demand."""

    def __init__(self, apps):
        self.apps = apps
        self.store = apps["stakeholders"].extensions["argan"]["store"]
        self.position = self.store.last_position()

    def forward(self) -> None:
        for stored in self.store.read_after(self.position):
            self.position = stored.position
            if stored.stream_type != "staff_account":
                continue
            event = ReceivedEvent(id=stored.id, source="stakeholders", type=stored.type,
                                  stream_id=stored.stream_id, stream_type=stored.stream_type,
                                  version=stored.version, position=stored.position,
                                  data=stored.data, time=stored.recorded_at)
            for service in SERVICES[1:]:
                with app_engine(self.apps[service]).begin() as conn:
                    apply_received_staff_event(conn, event)

    def client(self, service="stakeholders"):
        return self.apps[service].test_client()

    def sign_in(self, email, password):
        """A browser signed in through the sign-in page: (client, csrf, the cookie value)."""
        client = self.client()
        token = csrf_token(client.get("/stakeholders/sign-in").get_data(as_text=True))
        response = client.post("/stakeholders/sign-in", data={
            "email": email, "password": password, "csrf_token": token})
        assert response.status_code == 302, response.status_code
        csrf = csrf_token(client.get("/stakeholders/sign-in",
                                     follow_redirects=True).get_data(as_text=True))
        return client, csrf, client.get_cookie("argan_session").value

    def statuses(self, cookie: str) -> dict[str, int]:
        """What each service answers a browser replaying `cookie` on one of its pages."""
        answers = {}
        for service in SERVICES:
            client = self.client(service)
            client.set_cookie("argan_session", cookie, path="/")
            answers[service] = client.get(PAGE[service]).status_code
        return answers


@pytest.fixture
def platform(apps):
    platform = Platform(apps)
    engine = app_engine(apps["stakeholders"])
    if not _has(engine, ADMIN_EMAIL):  # the apps live for the module
        open_staff_account(engine, ADMIN_EMAIL, ADMIN_PASSWORD, "Cheffe", roles=("admin",))
    platform.forward()
    return platform


def _has(engine, email):
    from sqlalchemy import select
    from shared.access.tables import staff_members
    with engine.connect() as conn:
        return conn.execute(select(staff_members.c.account_id)
                            .where(staff_members.c.email == email)).first() is not None


def open_officer(platform, email, password=PASSWORD) -> str:
    account_id = open_staff_account(app_engine(platform.apps["stakeholders"]), email, password,
                                    "Nadia Benali", roles=("officer", "viewer"))
    platform.forward()
    return account_id


def everywhere(status: int) -> dict[str, int]:
    return {service: status for service in SERVICES}


def test_a_replayed_cookie_is_refused_everywhere_after_sign_out(platform):
    open_officer(platform, "nadia.out@argan.test")
    browser, csrf, stolen = platform.sign_in("nadia.out@argan.test", PASSWORD)
    assert platform.statuses(stolen) == everywhere(200)
    other_browser, _, kept = platform.sign_in("nadia.out@argan.test", PASSWORD)
    signed_out = browser.post("/stakeholders/sign-out", data={"csrf_token": csrf})
    assert signed_out.status_code == 302
    platform.forward()
    assert platform.statuses(stolen) == everywhere(302)  # to the sign-in page
    assert platform.statuses(kept) == everywhere(200)   # only that session ended


@pytest.mark.parametrize("how", ["reset-password", "sign-out-everywhere", "disable-enable", "change"])
def test_every_session_ends_everywhere_when_the_account_says_so(platform, how):
    email = f"nadia.{how}@argan.test"
    account_id = open_officer(platform, email)
    _, _, stolen = platform.sign_in(email, PASSWORD)
    owner, owner_csrf, _ = platform.sign_in(email, PASSWORD)
    assert platform.statuses(stolen) == everywhere(200)
    admin, admin_csrf, _ = platform.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)

    def command(name):
        version = admin.get(f"/stakeholders/api/v1/staff/{account_id}").get_json()["version"]
        response = admin.post(f"/stakeholders/api/v1/staff/{account_id}/{name}",
                              json={"expected_version": version},
                              headers={"X-CSRFToken": admin_csrf})
        assert response.status_code == 200, response.get_json()

    if how == "change":  # by the owner: their other sessions end, this one goes on
        response = owner.post("/stakeholders/api/v1/me/password", json={
            "current_password": PASSWORD, "password": "Agadir-argan-2027-y"},
            headers={"X-CSRFToken": owner_csrf})
        assert response.status_code == 200, response.get_json()
        platform.forward()
        assert platform.statuses(owner.get_cookie("argan_session").value) == everywhere(200)
        again = owner.post("/stakeholders/api/v1/me/tokens", json={"name": "after"},
                           headers={"X-CSRFToken": owner_csrf})  # the same CSRF token
        assert again.status_code == 201, again.get_json()
    elif how == "disable-enable":
        command("disable")
        command("enable")  # enabled again: the sessions from before stay over
    else:
        command(how)
    platform.forward()
    assert platform.statuses(stolen) == everywhere(302)


def test_a_session_ends_after_its_lifetime_and_when_idle(platform, apps):
    account_id = open_officer(platform, "nadia.time@argan.test")
    client = platform.client("reporting")
    put_session(client, account_id)
    assert client.get("/reporting/").status_code == 200
    with client.session_transaction() as session:  # started 12 h and a minute ago
        session["staff"] = {**session["staff"], "iat": time.time() - 12 * 3600 - 60}
    assert client.get("/reporting/").status_code == 302
    app = apps["activities"]
    idle = app.permanent_session_lifetime
    assert idle == dt.timedelta(minutes=120)
    app.permanent_session_lifetime = dt.timedelta(seconds=1)
    try:
        client = platform.client("activities")
        put_session(client, account_id)
        assert client.get("/activities/").status_code == 200
        time.sleep(2.1)
        assert client.get("/activities/").status_code == 302  # idle too long
    finally:
        app.permanent_session_lifetime = idle


def test_a_cookie_of_the_former_shape_is_refused(platform):
    account_id = open_officer(platform, "nadia.old@argan.test")
    client = platform.client("reporting")
    with client.session_transaction() as session:
        session["staff"] = {"id": account_id}  # no session id, no start: never valid
        session.permanent = True
    assert client.get("/reporting/").status_code == 302


def test_a_temporary_password_is_replaced_before_anything_else(platform):
    admin, admin_csrf, _ = platform.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
    opened = admin.post("/stakeholders/api/v1/staff", headers={"X-CSRFToken": admin_csrf}, json={
        "email": "samira.temp@argan.test", "name": "Samira Ouali", "office": "agadir",
        "roles": ["officer"]})
    assert opened.status_code == 201
    temporary, account_id = opened.get_json()["temporary_password"], opened.get_json()["id"]
    platform.forward()
    user, csrf, cookie = platform.sign_in("samira.temp@argan.test", temporary)
    for service in SERVICES:  # every page leads to the password form, every API says why
        client = platform.client(service)
        client.set_cookie("argan_session", cookie, path="/")
        page = client.get(PAGE[service])
        assert page.status_code == 302, service
        assert page.headers["Location"] == "/stakeholders/me/password"
        api = client.get(f"/{service}/api/openapi.json")
        assert api.status_code == 403 and api.get_json()["code"] == "password_change_required"
    tokens = user.post("/stakeholders/api/v1/me/tokens", json={"name": "x"},
                       headers={"X-CSRFToken": csrf})
    assert tokens.status_code == 403
    form = user.get("/stakeholders/me/password")
    assert form.status_code == 200 and "temporaire" in form.get_data(as_text=True)
    changed = user.post("/stakeholders/me/password", data={
        "csrf_token": csrf, "current_password": temporary, "password": "Mon-propre-mot-2026",
        "password_confirmation": "Mon-propre-mot-2026"})
    assert changed.status_code == 302 and changed.headers["Location"] == "/stakeholders/"
    platform.forward()
    mine = user.get_cookie("argan_session").value
    assert platform.statuses(mine) == everywhere(200)
    assert platform.statuses(cookie) == everywhere(302)  # the session of the temporary one
    # an admin's reset makes it temporary again
    version = admin.get(f"/stakeholders/api/v1/staff/{account_id}").get_json()["version"]
    reset = admin.post(f"/stakeholders/api/v1/staff/{account_id}/reset-password",
                       json={"expected_version": version}, headers={"X-CSRFToken": admin_csrf})
    platform.forward()
    again, _, _ = platform.sign_in("samira.temp@argan.test", reset.get_json()["temporary_password"])
    assert again.get("/stakeholders/").headers["Location"] == "/stakeholders/me/password"


def test_tokens_expire_and_show_when_they_were_last_used(platform):
    open_officer(platform, "nadia.token@argan.test")
    owner, csrf, _ = platform.sign_in("nadia.token@argan.test", PASSWORD)
    created = owner.post("/stakeholders/api/v1/me/tokens", headers={"X-CSRFToken": csrf},
                         json={"name": "export", "expires_in_days": 30})
    assert created.status_code == 201, created.get_json()
    token = created.get_json()["token"]
    bad = owner.post("/stakeholders/api/v1/me/tokens", headers={"X-CSRFToken": csrf},
                     json={"name": "forever", "expires_in_days": 5000})
    assert bad.status_code == 422 and "expires_in_days" in bad.get_json()["errors"]
    platform.forward()
    listed = owner.get("/stakeholders/api/v1/me/tokens").get_json()[0]
    assert listed["last_used_at"] is None
    expires = dt.datetime.fromisoformat(listed["expires_at"])
    assert dt.timedelta(days=29) < expires - dt.datetime.now(dt.timezone.utc) <= dt.timedelta(days=30)
    bearer = {"Authorization": f"Bearer {token}"}
    for service in SERVICES:
        assert platform.client(service).get(PAGE[service], headers=bearer).status_code == 200
    listed = owner.get("/stakeholders/api/v1/me/tokens").get_json()[0]
    assert listed["last_used_at"] is not None and not listed["expired"]
    page = owner.get("/stakeholders/me/").get_data(as_text=True)
    assert "Dernière utilisation" in page
    for service in SERVICES:  # a month and a day later, nowhere
        engine = app_engine(platform.apps[service])
        with engine.connect() as conn:
            later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=31)
            assert from_token(conn, token, at=later) is None
            assert from_token(conn, token) is not None
            with_last_use = conn.execute(staff_tokens.select()).mappings().all()
        assert any(row["last_used_at"] for row in with_last_use), service
