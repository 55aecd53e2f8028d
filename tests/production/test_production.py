"""The production processes behind nginx: a write through the proxy reaches reporting's
projection; readiness follows the broker, and nothing is lost while it is cut; the metrics
count the run and stay internal; the logs are JSON, carry the correlation id from the
request to the consumers, and hold no personal data."""
from __future__ import annotations

import json
import re
import uuid

import requests
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from shared.settings import SERVICES
from shared.testing.processes import wait_for


def test_every_service_answers_through_the_proxy_and_is_ready(production):
    for service in SERVICES:
        assert production.get(f"/{service}/healthz").json()["status"] == "ok"
        assert production.get(f"/{service}/readyz").json()["checks"] == \
            {"database": "ok", "migrations": "ok", "broker": "ok"}
    assert production.get("/", allow_redirects=False).headers["Location"] == \
        production.url + "/stakeholders/"


def test_a_write_through_the_proxy_reaches_reportings_projection(production):
    before = production.reported_total()
    response = production.register(residence_region="Drâa-Tafilalet")
    assert response.headers["X-Request-Id"]      # nginx's id, the request's correlation id
    assert wait_for(lambda: production.reported_total() == before + 1, 15), production.explain()


def test_readiness_follows_the_broker_and_nothing_is_lost_while_it_is_cut(production):
    before = production.reported_total()
    production.proxy.cut()
    try:
        def all_unready():
            answers = production.readiness()
            return all(status == 503 for status, _ in answers.values()) and answers
        answers = wait_for(all_unready, 15)
        assert answers, production.readiness()
        for status, body in answers.values():
            assert body["status"] == "unready"
            assert body["checks"]["database"] == "ok" and body["checks"]["migrations"] == "ok"
            assert body["checks"]["broker"].startswith("unreachable")
        for _ in range(3):                       # writes go on: the relay keeps them
            production.register(residence_region="Souss-Massa")
    finally:
        production.proxy.restore()
    assert wait_for(lambda: all(status == 200 for status, _ in
                                production.readiness().values()), 20), production.readiness()
    assert wait_for(lambda: production.reported_total() == before + 3, 20), production.explain()
    with production.engines["stakeholders"].connect() as conn:
        cursor = conn.execute(text("SELECT position FROM relay_cursors")).scalar()
    assert wait_for(lambda: _relay_cursor(production) == production.last_position(), 10)
    assert cursor is not None


def _relay_cursor(production) -> int:
    with production.engines["stakeholders"].connect() as conn:
        return conn.execute(text("SELECT coalesce(max(position), 0) FROM relay_cursors")
                            ).scalar_one()


def _metrics(url: str) -> dict[tuple[str, tuple], float]:
    response = requests.get(url, timeout=10)
    assert response.status_code == 200, response.text
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text)
            for sample in family.samples}


def _value(metrics: dict, name: str, **labels) -> float:
    """The sum of the samples of `name` whose labels include `labels`."""
    return sum(value for (sample, sample_labels), value in metrics.items()
               if sample == name and labels.items() <= dict(sample_labels).items())


def test_metrics_count_the_run_internally_and_are_refused_through_the_proxy(production):
    production.register()

    def published():
        metrics = _metrics(f"{production.webs['stakeholders']}/stakeholders/metrics")
        return _value(metrics, "argan_relay_lag_events", service="stakeholders") == 0 \
            and _value(metrics, "argan_events_appended_total") == production.registered \
            and metrics
    people = wait_for(published, 10)
    assert people, production.explain()
    last = production.last_position()
    # Counted by two gunicorn processes, summed: every registration of this run.
    assert _value(people, "argan_http_requests_total", service="stakeholders", method="POST",
                  endpoint="/api/v1/people", status="201") == production.registered
    assert _value(people, "argan_http_request_duration_seconds_count",
                  endpoint="/api/v1/people", method="POST") >= production.registered
    assert _value(people, "argan_events_appended_total", service="stakeholders") == last
    assert _value(people, "argan_relay_lag_events", service="stakeholders") == 0

    def reporting_caught_up():
        metrics = _metrics(f"{production.webs['reporting']}/reporting/metrics")
        return _value(metrics, "argan_consumer_position", source="stakeholders") == last \
            and metrics
    reports = wait_for(reporting_caught_up, 15)
    assert reports, production.explain()
    assert _value(reports, "argan_dead_letters_total") == 0
    assert ("argan_consumer_lag_messages", (("queue", _queue(production, "reporting")),
                                            ("service", "reporting"))) in reports
    assert _value(reports, "argan_store_up") == 1

    for service in SERVICES:   # the public side refuses them, however the path is spelled
        for path in (f"/{service}/metrics", f"/{service}/%6Detrics", f"//{service}/metrics/"):
            assert production.get(path).status_code == 403, path


def _queue(production, service: str) -> str:
    return f"{production.env['ARGAN_QUEUE_PREFIX']}{service}.events"


def _log_lines(production) -> list[dict]:
    lines = []
    for path in production.logs.glob("*.log"):
        for line in path.read_text(errors="replace").splitlines():
            if line.strip():
                lines.append((path.name, line))
    return lines


def test_logs_are_json_with_the_correlation_id_and_no_personal_data(production):
    marker = uuid.uuid4().hex[:8]
    person = {"given_name": f"Zoubida{marker}", "family_name": f"Benslimane{marker}",
              "email": f"zoubida.{marker}@example.org", "phone": "+212612345678"}
    before = production.reported_total()
    response = production.register(**person)
    request_id = response.headers["X-Request-Id"]
    assert wait_for(lambda: production.reported_total() == before + 1, 15)
    with production.engines["stakeholders"].connect() as conn:
        metadata = conn.execute(text("SELECT metadata FROM events WHERE stream_id = :id"),
                                {"id": response.json()["id"]}).scalar_one()
    assert metadata["correlation_id"] == request_id

    def consumer_logged():
        return any(request_id in entry.get("correlation_ids", [])
                   for name, entry in _json_entries(production) if name == "reporting-worker.log")
    assert wait_for(consumer_logged, 10), production.explain()
    entries = _json_entries(production)
    assert any(entry.get("correlation_id") == request_id and entry.get("path") ==
               "/stakeholders/api/v1/people" for name, entry in entries
               if name == "stakeholders-web.log")
    assert any(entry.get("request_id") == request_id for name, entry in entries
               if name == "nginx-access.log")

    text_of_logs = "\n".join(line for _, line in _log_lines(production))
    for value in [*person.values(), "612345678"]:
        assert value not in text_of_logs, value
    assert not re.search(r"\b127\.0\.0\.1\b(?!:)", "\n".join(
        line for name, line in _log_lines(production) if name == "nginx-access.log"))


def _json_entries(production) -> list[tuple[str, dict]]:
    """Every line of every process's log, each one a JSON object."""
    entries = []
    for name, line in _log_lines(production):
        if name == "nginx-error.log":
            continue                                   # nginx's own, not ours
        try:
            entries.append((name, json.loads(line)))
        except ValueError:
            raise AssertionError(f"{name}: not a JSON line: {line[:300]}") from None
    return entries
