"""Sessions and personal API tokens against each service's own copy of the accounts, kept
by the staff account events (applied here as a consumer or the local projector would)."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest

from shared.access.identity import TOKEN_PREFIX, token_hash
from shared.access.projection import apply_received_staff_event
from shared.messaging.envelope import ReceivedEvent
from shared.settings import SERVICES
from shared.testing.web import app_engine, grant_token, put_session, sign_in_as

PEOPLE = "/stakeholders/api/v1/people"
INDICATOR = "/reporting/api/v1/indicators/people-by-sex-and-region"


class Accounts:
    """Publishes staff account events to every service's tables, as the consumers do."""

    def __init__(self, apps):
        self.apps = apps
        self.positions = {}

    def publish(self, event_type: str, account_id: str, **data) -> None:
        for service, app in self.apps.items():
            position = self.positions[service] = self.positions.get(service, 0) + 1
            event = ReceivedEvent(id=str(uuid.uuid4()), source="stakeholders",
                                  type=f"staff_account.{event_type}", stream_id=account_id,
                                  stream_type="staff_account", version=position,
                                  position=position, data=data,
                                  time=dt.datetime.now(dt.timezone.utc))
            with app_engine(app).begin() as conn:
                assert apply_received_staff_event(conn, event)

    def open(self, *roles: str) -> str:
        account_id = str(uuid.uuid4())
        self.publish("opened", account_id, email=f"{account_id[:8]}@argan.test",
                     name="Nadia Benali", office="agadir", roles=list(roles))
        return account_id

    def token(self, account_id: str) -> tuple[str, str]:
        """(token_id, token in clear) of a new token of `account_id`."""
        token_id, token = str(uuid.uuid4()), TOKEN_PREFIX + uuid.uuid4().hex * 2
        self.publish("token_created", account_id, token_id=token_id, name="script",
                     token_hash=token_hash(token))
        return token_id, token


@pytest.fixture
def accounts(apps):
    return Accounts(apps)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def home(service: str) -> str:
    return f"/{service}/"


def test_a_token_works_in_every_service_and_a_revoked_one_nowhere(accounts, client_of):
    account = accounts.open("officer")
    token_id, token = accounts.token(account)
    for service in SERVICES:
        response = client_of(service).get(home(service), headers=bearer(token))
        assert response.status_code == 200, (service, response.status_code)
    assert client_of("reporting").get(INDICATOR, headers=bearer(token)).status_code == 200
    accounts.publish("token_revoked", account, token_id=token_id)
    for service in SERVICES:
        response = client_of(service).get(f"/{service}/api/openapi.json", headers=bearer(token))
        assert response.status_code == 401, service
        assert client_of(service).get(home(service), headers=bearer(token)).status_code == 401


def test_a_disabled_account_is_refused_and_its_session_cleared(accounts, client_of):
    account = accounts.open("admin")
    _, token = accounts.token(account)
    clients = {service: client_of(service) for service in SERVICES}
    for service, client in clients.items():
        put_session(client, account)
        assert client.get(home(service)).status_code == 200, service
    accounts.publish("disabled", account, reason="left the association")
    for service, client in clients.items():
        page = client.get(home(service))
        assert page.status_code == 302 and "/stakeholders/sign-in?next=" in page.location
        with client.session_transaction() as session:
            assert "staff" not in session  # the cookie no longer names the account
        assert client_of(service).get(home(service), headers=bearer(token)).status_code == 401
    accounts.publish("enabled", account)
    assert client_of("reporting").get(INDICATOR, headers=bearer(token)).status_code == 200


def test_a_session_of_an_account_not_known_here_yet_is_kept(client_of):
    """Its opening event may still be on its way: refuse, but do not sign out everywhere,
    and do not send the browser to the sign-in page, which would bounce straight back."""
    client = client_of("activities")
    put_session(client, str(uuid.uuid4()))
    page = client.get("/activities/")
    assert page.status_code == 503 and page.headers["Retry-After"] == "2"
    assert 'http-equiv="refresh"' in page.get_data(as_text=True)
    assert "pas encore reçu votre compte" in page.get_data(as_text=True)
    assert client.get("/activities/api/openapi.json").status_code == 401
    with client.session_transaction() as session:
        assert "staff" in session


def test_a_role_change_applies_without_signing_in_again(accounts, client_of):
    account = accounts.open()
    people, reports = client_of("stakeholders"), client_of("reporting")
    for client in (people, reports):
        put_session(client, account)
    assert reports.get(INDICATOR).status_code == 403
    accounts.publish("role_granted", account, role="viewer")
    assert reports.get(INDICATOR).status_code == 200
    assert people.get(PEOPLE).status_code == 403
    accounts.publish("role_granted", account, role="officer")
    assert people.get(PEOPLE).status_code == 200
    accounts.publish("role_revoked", account, role="officer")
    assert people.get(PEOPLE).status_code == 403
    assert reports.get(INDICATOR).status_code == 200


def test_a_token_carries_its_owner_current_roles(accounts, client_of):
    account = accounts.open("viewer")
    _, token = accounts.token(account)
    assert client_of("stakeholders").get(PEOPLE, headers=bearer(token)).status_code == 403
    accounts.publish("role_granted", account, role="communication")
    assert client_of("stakeholders").get(PEOPLE, headers=bearer(token)).status_code == 200


def test_forms_need_their_csrf_token_and_bearer_api_calls_none(apps, client_of):
    client = client_of("stakeholders")
    csrf = sign_in_as(client, roles=("officer",))
    assert client.post("/stakeholders/people/new", data={"given_name": "Amina"}).status_code == 400
    with_token = client.post("/stakeholders/people/new",
                             data={"given_name": "Amina", "csrf_token": csrf})
    assert with_token.status_code == 422  # past the CSRF check: the form says what is missing
    assert client.post(PEOPLE, json={}).status_code == 400
    assert client.post(PEOPLE, json={}, headers={"X-CSRFToken": csrf}).status_code == 422
    token = grant_token(apps["stakeholders"], ["officer"])
    response = client_of("stakeholders").post(PEOPLE, headers=bearer(token), json={
        "given_name": "Amina", "family_name": "Ait Lahcen", "sex": "female"})
    assert response.status_code == 201, response.get_json()


def test_the_feed_answers_the_service_token_and_refuses_a_staff_token(apps, client_of,
                                                                   service_token):
    staff_token = grant_token(apps["stakeholders"], ["admin"])
    feed = "/stakeholders/api/v1/events?after=0"
    refused = client_of("stakeholders").get(feed, headers=bearer(staff_token))
    assert refused.status_code == 401 and refused.get_json()["code"] == "unauthorized"
    served = client_of("stakeholders").get(feed, headers=bearer(service_token))
    assert served.status_code == 200 and "items" in served.get_json()
    # and the service token is no staff member: it opens nothing else
    assert client_of("stakeholders").get(PEOPLE, headers=bearer(service_token)).status_code == 401


def test_the_api_descriptions_are_for_any_signed_in_staff(apps, client_of):
    for path in ("/stakeholders/api/openapi.json", "/stakeholders/api/asyncapi.json",
                 "/reporting/api/openapi.json"):
        service = path.split("/")[1]
        assert client_of(service).get(path).status_code == 401
        token = grant_token(apps[service], ["viewer"])
        assert client_of(service).get(path, headers=bearer(token)).status_code == 200
