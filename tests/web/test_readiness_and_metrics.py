"""/readyz names the part that fails (database, migrations, broker) and answers 503 while one
does; /metrics counts requests per route and reads the store's figures. (Under gunicorn,
behind nginx, with the multiprocess counts: tests/production.)"""
from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from services.gunicorn_app import migrations_dir
from services.reporting import app as reporting
from shared.settings import Settings
from shared.testing.processes import free_port
from shared.web.health import install_readiness
from shared.web.metrics import install_metrics


def _app(database_url: str, amqp_url: str):
    settings = Settings(service="reporting", database_url=database_url, secret_key="s",
                        service_token="t", amqp_url=amqp_url, testing=True)
    app = reporting.create_app(settings, feeds={})
    install_readiness(app, settings, migrations_dir("reporting"))
    install_metrics(app, settings)
    return settings, app


def test_readyz_says_which_part_is_not_ready(make_database, amqp_url):
    settings, app = _app(make_database("ready"), amqp_url)
    client = app.test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"] == {"database": "ok", "broker": "ok",
                                       "migrations": "not applied (run argan migrate)"}
    reporting.migrate(settings)
    response = client.get("/readyz")
    assert (response.status_code, response.json["status"]) == (200, "ready")

    dead = f"amqp://guest:guest@127.0.0.1:{free_port()}//"   # nothing listens there
    _, cut = _app(settings.database_url, dead)
    response = cut.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["broker"].startswith("unreachable")
    assert "127.0.0.1" not in response.get_data(as_text=True)   # no address, no password
    app.extensions["argan"]["engine"].dispose()


def test_readyz_fails_when_the_database_is_away(amqp_url):
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/nowhere"
    _, app = _app(url, amqp_url)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["database"].startswith("unreachable")
    assert response.json["checks"]["migrations"] == "unknown"


def test_metrics_count_requests_per_route_and_the_store(make_database):
    settings, app = _app(make_database("metrics"), "memory://")
    reporting.migrate(settings)
    client = app.test_client()
    for _ in range(3):
        client.get("/healthz")
    body = client.get("/metrics").get_data(as_text=True)
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(body) for s in family.samples}
    key = ("argan_http_requests_total", (("endpoint", "/healthz"), ("method", "GET"),
                                         ("service", "reporting"), ("status", "200")))
    assert samples[key] >= 3          # the registry is the process's: other tests count too
    assert samples[("argan_events_appended_total", (("service", "reporting"),))] == 0
    assert samples[("argan_store_up", (("service", "reporting"),))] == 1
    app.extensions["argan"]["engine"].dispose()
