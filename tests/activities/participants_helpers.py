"""What the tests of the participant pages share: an activity with registered people, a
settable clock, a public client with no account, and reading tokens out of pages."""
from __future__ import annotations

import base64
import datetime as dt
import re
import uuid

import pytest

from shared.testing.web import csrf_token

from tests.activities.conftest import plan_body

UTC = dt.timezone.utc
# A 1x1 PNG, as a phone's canvas would send (only smaller)
PNG = "data:image/png;base64," + base64.b64encode(
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82").decode()
LINK = re.compile(r"http://localhost/activities/p/(sign-in|evaluation)/([A-Za-z0-9_-]{46})")


class Clock:
    def __init__(self, app, at: dt.datetime):
        self.at = at
        app.extensions["argan"]["clock"] = lambda: self.at

    def set(self, *args):
        self.at = dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def clock(activities_app):
    """The app's clock, at 07:00 UTC on the day of the sessions."""
    return Clock(activities_app, dt.datetime(2026, 3, 18, 7, 0, tzinfo=UTC))


@pytest.fixture
def public(activities_app, client):
    """A phone with no account (`client` mounts the app under /activities)."""
    return activities_app.test_client()


def setup_activity(api, stakeholders, *, kind="training", office="marseille",
                   date="2026-03-18", start="09:00", end="17:00", status="open"):
    """A full-day session; Aïcha Bennani (of an association) and Youssef El Amrani
    registered. Returns (activity path, session id, {name: person id})."""
    aicha = stakeholders.person("Aïcha", "Bennani")
    youssef = stakeholders.person("Youssef", "El Amrani")
    organisation = str(uuid.uuid4())
    stakeholders.send("organisation.registered", organisation,
                      {"name": "Association Tamount Souss"})
    stakeholders.send("organisation.affiliation_added", organisation,
                      {"affiliation_id": str(uuid.uuid4()), "person_id": aicha})
    created = api.post("/activities", plan_body(kind=kind, office=office, capacity=10)).get_json()
    path = f"/activities/{created['id']}"
    assert api.post(path + "/sessions", {"expected_version": 1, "date": date, "start": start,
                                         "end": end}).status_code == 201
    assert api.post(path + "/open", {"expected_version": 2}).status_code == 200
    assert api.post(path + "/registrations", {"person_ids": [aicha, youssef]}).status_code == 201
    if status == "held":
        version = api.get(path).get_json()["version"]
        assert api.post(path + "/hold", {"expected_version": version}).status_code == 200
    session_id = api.get(path).get_json()["sessions"][0]["id"]
    return path, session_id, {"aicha": aicha, "youssef": youssef}


def link_in(html: str) -> str:
    """The public path of the link a staff page shows."""
    match = LINK.search(html)
    assert match, "no participant link in the page"
    return f"/activities/p/{match.group(1)}/{match.group(2)}"


def post_form(client, path: str, data: dict, page: str | None = None):
    """POST a public form with the CSRF token of its page (GET first if not given)."""
    page = page or client.get(path).get_data(as_text=True)
    return client.post(path, data={"csrf_token": csrf_token(page), **data})
