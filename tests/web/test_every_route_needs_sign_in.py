"""Every route of every service, enumerated from the apps, is closed to anonymous callers."""
import pytest

from services.catalogue import composition_root
from shared.settings import SERVICES, Settings
from shared.testing.web import mounted_client

# Views that answer without a signed-in staff member, and what they answer anonymously
# (the sign-in form posted without its CSRF token is refused; the feed wants a service token).
PUBLIC = {("healthz", "GET"): 200, ("sign_in.sign_in", "GET"): 200,
          ("sign_in.sign_in", "POST"): 400, ("sign_in.sign_out", "POST"): 400,
          ("feed.events", "GET"): 401}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _apps(tmp_path):
    for service in SERVICES:
        settings = Settings(service=service, database_url=f"sqlite:///{tmp_path / service}.db",
                            secret_key="s", service_token="t", testing=True)
        root = composition_root(service)
        root.migrate(settings)
        yield service, root.create_app(settings)


def _url(rule) -> str:
    return rule.build({arg: "00000000-0000-0000-0000-000000000000" for arg in rule.arguments},
                      append_unknown=False)[1]


def test_anonymous_callers_are_refused_everywhere(tmp_path):
    checked = 0
    for service, app in _apps(tmp_path):
        client = mounted_client(app, f"/{service}")
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
                continue
            for method in sorted(rule.methods & set(METHODS)):
                path = f"/{service}{_url(rule)}"
                response = client.open(path, method=method)
                checked += 1
                if (rule.endpoint, method) in PUBLIC:
                    assert response.status_code == PUBLIC[rule.endpoint, method], (method, path)
                elif "/api/" in path:
                    assert response.status_code == 401, (method, path, response.status_code)
                    assert response.get_json()["code"]
                else:
                    assert response.status_code == 302, (method, path, response.status_code)
                    assert response.headers["Location"].startswith("/stakeholders/sign-in?next=")
    assert checked > 20  # the enumeration really saw the routes


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_answers_its_health_check(tmp_path, service):
    apps = dict(_apps(tmp_path))
    response = mounted_client(apps[service], f"/{service}").get(f"/{service}/healthz")
    assert response.status_code == 200 and response.get_json()["service"] == service
