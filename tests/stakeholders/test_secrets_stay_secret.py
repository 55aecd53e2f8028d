"""Passwords and tokens never show in clear in the logs, the event store or later pages."""
import logging

from sqlalchemy import text as sql

from shared.testing.web import DEFAULT_PASSWORD

NEW_PASSWORD = "Agadir-argan-oil-2026"


def test_passwords_and_tokens_stay_out_of_logs_events_and_pages(client, engine, csrf, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, every level
    headers = {"X-CSRFToken": csrf}
    wrong = client.post("/stakeholders/sign-in", data={
        "email": "officer@argan.test", "password": "Wrong-guess-123456", "csrf_token": csrf})
    assert wrong.status_code in (401, 422) and "Wrong-guess" not in wrong.get_data(as_text=True)
    created = client.post("/stakeholders/api/v1/me/tokens", json={"name": "script"},
                          headers=headers)
    assert created.status_code == 201
    token = created.get_json()["token"]
    assert client.get("/stakeholders/api/v1/people",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200
    me = client.get("/stakeholders/api/v1/me").get_json()
    changed = client.post("/stakeholders/api/v1/me/password", headers=headers, json={
        "expected_version": me["version"], "current_password": DEFAULT_PASSWORD,
        "password": NEW_PASSWORD})
    assert changed.status_code == 200, changed.get_json()
    later_pages = "".join(client.get(path).get_data(as_text=True) for path in (
        "/stakeholders/me/", "/stakeholders/api/v1/me/tokens", "/stakeholders/api/v1/me",
        f"/stakeholders/api/v1/staff/{me['id']}/history", f"/stakeholders/staff/{me['id']}"))
    with engine.connect() as conn:
        events = " ".join(str(row) for row in conn.execute(sql("SELECT data, metadata FROM events")))
    for secret in (DEFAULT_PASSWORD, NEW_PASSWORD, "Wrong-guess-123456", token):
        assert secret not in caplog.text
        assert secret not in events
        assert secret not in later_pages
    assert token[len("argan_"):][:12] not in events  # not even a prefix of the token
