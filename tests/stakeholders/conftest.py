import pytest

from services.stakeholders.app import create_app, migrate
from shared.settings import Settings
from shared.testing.web import mounted_client, sign_in


@pytest.fixture
def stakeholders_app(make_database):
    settings = Settings(service="stakeholders", database_url=make_database("stakeholders"),
                        secret_key="test-secret", service_token="service-token", testing=True)
    migrate(settings)
    app = create_app(settings)
    yield app
    app.extensions["argan"]["engine"].dispose()


@pytest.fixture
def engine(stakeholders_app):
    return stakeholders_app.extensions["argan"]["engine"]


@pytest.fixture
def client(stakeholders_app):
    return mounted_client(stakeholders_app, "/stakeholders")


@pytest.fixture
def csrf(client, engine):
    """Signs the client in as officer@argan.test; the CSRF token for API calls."""
    return sign_in(client, engine)


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
