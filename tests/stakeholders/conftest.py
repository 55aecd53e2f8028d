import pytest
from sqlalchemy import select

from services.stakeholders.accounts import open_staff_account
from services.stakeholders.app import create_app, migrate
from shared.access.tables import staff_members
from shared.settings import Settings
from shared.testing.web import DEFAULT_EMAIL, DEFAULT_PASSWORD, csrf_token, mounted_client


@pytest.fixture
def stakeholders_app(make_database):
    settings = Settings(service="stakeholders", database_url=make_database("stakeholders"),
                        secret_key="test-secret", service_token="service-token", testing=True)
    migrate(settings)
    app = create_app(settings)
    app.extensions["argan"]["sleep"] = lambda seconds: None  # throttling without waiting
    yield app
    app.extensions["argan"]["engine"].dispose()


@pytest.fixture
def engine(stakeholders_app):
    return stakeholders_app.extensions["argan"]["engine"]


@pytest.fixture
def client(stakeholders_app):
    return mounted_client(stakeholders_app, "/stakeholders")


def sign_in_staff(client, engine, email=DEFAULT_EMAIL, password=DEFAULT_PASSWORD, *,
                  name="Test Officer", roles=("admin",), office="marseille") -> str:
    """Open the account if missing, sign in through the sign-in page; the CSRF token."""
    with engine.connect() as conn:
        exists = conn.execute(select(staff_members.c.account_id)
                              .where(staff_members.c.email == email.lower())).first()
    if not exists:
        open_staff_account(engine, email, password, name, roles, office)
    page = client.get("/stakeholders/sign-in")
    response = client.post("/stakeholders/sign-in", data={
        "email": email, "password": password, "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 302, f"sign-in failed ({response.status_code})"
    return csrf_token(client.get("/stakeholders/sign-in", follow_redirects=True)
                      .get_data(as_text=True))


@pytest.fixture
def sign_in():
    """sign_in(client, engine, email, password, roles=...) -> CSRF token (see sign_in_staff)."""
    return sign_in_staff


@pytest.fixture
def csrf(client, engine):
    """Signs the client in as officer@argan.test (admin); the CSRF token for API calls."""
    return sign_in_staff(client, engine)


@pytest.fixture
def api(client, csrf):
    """POST/GET helpers on /stakeholders/api/v1 with the CSRF header."""
    class Api:
        def get(self, path, **kw):
            return client.get(f"/stakeholders/api/v1{path}", **kw)

        def post(self, path, json):
            return client.post(f"/stakeholders/api/v1{path}", json=json,
                               headers={"X-CSRFToken": csrf})
    return Api()
