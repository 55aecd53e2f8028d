"""Staff accounts through the real app on PostgreSQL: pages, API, sign-in, migration."""
import datetime as dt
import json
import re

import pytest
from sqlalchemy import select, text as sql

from services.stakeholders.accounts import (SignInRefused, authenticate, open_staff_account)
from services.stakeholders.app import MIGRATIONS
from services.stakeholders.events import PROJECTORS, registry
from services.stakeholders.staff import handlers
from services.stakeholders.staff.credentials import (FREE_FAILURES, SLOW_FROM, Credentials,
                                                     delay_after, hash_password,
                                                     sign_in_failures, staff_credentials)
from shared.access.tables import staff_members, staff_tokens
from shared.db import make_engine
from shared.eventstore import DomainError, EventStore, UnitOfWork
from shared.migrate import upgrade
from shared.testing.web import csrf_token

ADMIN = "officer@argan.test"  # the conftest's signed-in admin
GOOD = "Taliouine-safran-2026"


def text(response):
    return response.get_data(as_text=True)


def member(engine, email):
    with engine.connect() as conn:
        return conn.execute(select(staff_members).where(staff_members.c.email == email)
                            ).mappings().first()


def post_sign_in(client, email, password):
    token = csrf_token(text(client.get("/stakeholders/sign-in")))
    return client.post("/stakeholders/sign-in", data={"email": email, "password": password,
                                                      "csrf_token": token})


def all_stored_text(engine) -> str:
    """Every event's data and every credentials row, as one text to search in."""
    with engine.connect() as conn:
        events = conn.execute(sql("SELECT type, data, metadata FROM events")).all()
        creds = conn.execute(select(staff_credentials)).all()
        tokens = conn.execute(select(staff_tokens)).all()
    return json.dumps([list(map(str, row)) for row in [*events, *creds, *tokens]])


def open_via_api(api, **overrides):
    body = {"email": "samira@argan.test", "name": "Samira Ouali", "office": "agadir",
            "roles": ["officer"], "password": GOOD, **overrides}
    return api.post("/staff", body)


# -- admin: open, list, grant, revoke, history ------------------------------------------

def test_open_an_account_by_form_and_see_it_listed(client, csrf, engine):
    form = client.get("/stakeholders/staff/new")
    assert form.status_code == 200 and 'name="csrf_token"' in text(form)
    created = client.post("/stakeholders/staff/new", data={
        "csrf_token": csrf, "name": "Samira Ouali", "email": "Samira@Argan.test",
        "office": "agadir", "roles": ["officer", "communication"], "password": GOOD})
    assert created.status_code == 302
    row = member(engine, "samira@argan.test")
    assert row["roles"] == ["communication", "officer"] and row["office"] == "agadir"
    assert not row["disabled"]
    listing = text(client.get("/stakeholders/staff/?q=samira"))
    assert "Samira Ouali" in listing and "Agadir" in listing and f">{ADMIN}</td>" not in listing
    assert "Aucun compte" in text(client.get("/stakeholders/staff/?q=nobody-at-all"))
    assert post_sign_in(client.application.test_client(), "samira@argan.test",
                        GOOD).status_code == 302


def test_open_with_a_generated_password_shows_it_once(client, csrf, engine):
    page = client.post("/stakeholders/staff/new", data={
        "csrf_token": csrf, "name": "Omar", "email": "omar@argan.test", "office": "tiznit",
        "roles": ["viewer"], "password": ""})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    password = re.search(r'id="secret" type="text" readonly value="([^"]+)"', text(page))[1]
    assert post_sign_in(client.application.test_client(), "omar@argan.test",
                        password).status_code == 302
    account_id = member(engine, "omar@argan.test")["account_id"]
    assert password not in text(client.get(f"/stakeholders/staff/{account_id}"))
    assert password not in all_stored_text(engine)


def test_bad_input_names_the_field(client, csrf, api):
    weak = open_via_api(api, password="samira-2026-x")
    assert weak.status_code == 422 and "password" in weak.json["errors"]
    bad = open_via_api(api, email="nope", office="paris", roles=[])
    assert bad.status_code == 422
    assert {"email", "office", "roles"} <= set(bad.json["errors"])
    assert open_via_api(api).status_code == 201
    taken = open_via_api(api, email="SAMIRA@argan.test")
    assert taken.status_code == 422 and "email" in taken.json["errors"]
    form = client.post("/stakeholders/staff/new", data={
        "csrf_token": csrf, "name": "X", "email": "x@argan.test", "office": "agadir",
        "roles": ["viewer"], "password": "abcdefghijklmnop"})
    assert form.status_code == 422 and 'id="password-error"' in text(form)
    assert "abcdefghijklmnop" not in text(form)  # never sent back


def test_grant_and_revoke_roles_with_history(client, csrf, api, engine):
    created = open_via_api(api).json
    account_id = created["id"]
    assert created["version"] == 2
    granted = api.post(f"/staff/{account_id}/grant-role", {"expected_version": 2,
                                                            "role": "viewer"})
    assert granted.status_code == 200 and granted.json["version"] == 3
    stale = api.post(f"/staff/{account_id}/revoke-role", {"expected_version": 2,
                                                          "role": "viewer"})
    assert stale.status_code == 409
    not_held = api.post(f"/staff/{account_id}/revoke-role", {"expected_version": 3,
                                                             "role": "admin"})
    assert not_held.status_code == 422 and "role" in not_held.json["errors"]
    assert member(engine, "samira@argan.test")["roles"] == ["officer", "viewer"]
    revoked = client.post(f"/stakeholders/staff/{account_id}/roles/revoke", data={
        "csrf_token": csrf, "expected_version": 3, "role": "officer"})
    assert revoked.status_code == 302
    assert member(engine, "samira@argan.test")["roles"] == ["viewer"]
    page = text(client.get(f"/stakeholders/staff/{account_id}"))
    assert re.search(r"Rôle Lecteur·rice accordé par officer@argan\.test le "
                     r"\d\d/\d\d/\d{4} à \d\d:\d\d", page), page
    assert "Rôle Chargé·e de programme retiré par officer@argan.test" in page
    history = api.get(f"/staff/{account_id}/history").json
    assert [h["type"] for h in history][:2] == ["staff_account.role_revoked",
                                                "staff_account.role_granted"]


def test_disable_refuses_sign_in_and_enable_restores_it(client, csrf, api, engine):
    account_id = open_via_api(api).json["id"]
    confirm = client.get(f"/stakeholders/staff/{account_id}/disable")
    assert confirm.status_code == 200 and 'name="expected_version" value="2"' in text(confirm)
    done = client.post(f"/stakeholders/staff/{account_id}/disable", data={
        "csrf_token": csrf, "expected_version": 2, "reason": "a quitté l'association"})
    assert done.status_code == 302 and member(engine, "samira@argan.test")["disabled"]
    other = client.application.test_client()
    refused = post_sign_in(other, "samira@argan.test", GOOD)
    assert refused.status_code == 403 and "désactivé" in text(refused)
    again = api.post(f"/staff/{account_id}/disable", {"expected_version": 3})
    assert again.status_code == 422
    assert api.post(f"/staff/{account_id}/enable", {"expected_version": 3}).status_code == 200
    assert post_sign_in(other, "samira@argan.test", GOOD).status_code == 302


def test_an_admin_cannot_disable_themself(client, csrf, api, engine):
    mine = member(engine, ADMIN)["account_id"]
    response = api.post(f"/staff/{mine}/disable", {"expected_version": 2})
    assert response.status_code == 422
    revoke = api.post(f"/staff/{mine}/revoke-role", {"expected_version": 2, "role": "admin"})
    assert revoke.status_code == 422 and "role" in revoke.json["errors"]


# -- passwords -------------------------------------------------------------------------------

def test_change_own_password(client, csrf, engine):
    form = client.post("/stakeholders/me/password", data={
        "csrf_token": csrf, "current_password": "wrong", "password": "Nouveau-mot-2026",
        "password_confirmation": "Nouveau-mot-2026"})
    assert form.status_code == 422 and 'id="current_password-error"' in text(form)
    weak = client.post("/stakeholders/me/password", data={
        "csrf_token": csrf, "current_password": "correct horse battery staple",
        "password": "officer-2026-x", "password_confirmation": "officer-2026-x"})
    assert weak.status_code == 422 and 'id="password-error"' in text(weak)
    done = client.post("/stakeholders/me/password", data={
        "csrf_token": csrf, "current_password": "correct horse battery staple",
        "password": "Nouveau-mot-2026", "password_confirmation": "Nouveau-mot-2026"})
    assert done.status_code == 302
    other = client.application.test_client()
    assert post_sign_in(other, ADMIN, "correct horse battery staple").status_code == 401
    assert post_sign_in(other, ADMIN, "Nouveau-mot-2026").status_code == 302
    assert "Nouveau-mot-2026" not in all_stored_text(engine)


def test_reset_password_shows_a_temporary_one_once(client, csrf, api, engine):
    account_id = open_via_api(api).json["id"]
    page = client.post(f"/stakeholders/staff/{account_id}/reset-password", data={
        "csrf_token": csrf, "expected_version": 2})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    temporary = re.search(r'readonly value="([^"]+)"', text(page))[1]
    other = client.application.test_client()
    assert post_sign_in(other, "samira@argan.test", GOOD).status_code == 401
    assert post_sign_in(other, "samira@argan.test", temporary).status_code == 302
    via_api = api.post(f"/staff/{account_id}/reset-password", {"expected_version": 3})
    assert via_api.status_code == 200 and via_api.json["temporary_password"] != temporary
    assert temporary not in text(client.get(f"/stakeholders/staff/{account_id}"))
    assert temporary not in all_stored_text(engine)


# -- throttling ------------------------------------------------------------------------------

def test_failed_sign_ins_from_one_address_are_delayed_then_the_right_one_passes(client, csrf,
                                                                             engine):
    open_staff_account(engine, "rachid@argan.test", GOOD, "Rachid")
    other = client.application.test_client()
    for attempt in range(FREE_FAILURES):
        assert post_sign_in(other, "rachid@argan.test", "wrong").status_code == 401
    refused = post_sign_in(other, "rachid@argan.test", GOOD)  # within the delay: not checked
    assert refused.status_code == 429 and "Trop de tentatives" in text(refused)
    # another account from the same address is not held up
    assert post_sign_in(other, ADMIN, "correct horse battery staple").status_code == 302


def test_delays_grow_and_the_right_password_clears_them(engine, csrf):
    open_staff_account(engine, "leila@argan.test", GOOD, "Leila")
    start = dt.datetime.now(dt.timezone.utc)
    at = start
    for i in range(FREE_FAILURES):
        assert authenticate(engine, "leila@argan.test", "bad", "10.0.0.1", at=at) is None
    waits = []
    for failures in range(FREE_FAILURES, FREE_FAILURES + 4):
        with pytest.raises(SignInRefused) as refused:
            authenticate(engine, "leila@argan.test", GOOD, "10.0.0.1", at=at)
        waits.append(refused.value.until - at)
        at = refused.value.until  # waited: one more wrong attempt is checked
        assert authenticate(engine, "leila@argan.test", "bad", "10.0.0.1", at=at) is None
    assert waits == [dt.timedelta(seconds=s) for s in (1, 2, 4, 8)]
    assert delay_after(40) == dt.timedelta(minutes=15)  # capped
    # from another address, the right password is not refused
    assert authenticate(engine, "leila@argan.test", GOOD, "10.0.0.2", at=at) is not None
    with pytest.raises(SignInRefused):
        authenticate(engine, "leila@argan.test", GOOD, "10.0.0.1", at=at)
    later = at + dt.timedelta(seconds=16)
    assert authenticate(engine, "leila@argan.test", GOOD, "10.0.0.1", at=later) is not None
    assert authenticate(engine, "leila@argan.test", "bad", "10.0.0.1", at=later) is None
    assert authenticate(engine, "leila@argan.test", GOOD, "10.0.0.1", at=later) is not None


def test_many_failures_slow_the_check_but_never_refuse_it(engine, csrf):
    open_staff_account(engine, "leila@argan.test", GOOD, "Leila")
    start = dt.datetime.now(dt.timezone.utc)
    slept = []
    for i in range(SLOW_FROM["address"]):  # one office behind one NAT, many mistakes
        authenticate(engine, f"x{i}@argan.test", "bad", "10.9.9.9", sleep=slept.append,
                     at=start + dt.timedelta(seconds=i))
    assert authenticate(engine, "leila@argan.test", GOOD, "10.9.9.9", sleep=slept.append,
                        at=start + dt.timedelta(minutes=1)) is not None
    assert slept  # slowed, not refused
    with engine.connect() as conn:
        keys = [r.key for r in conn.execute(select(sign_in_failures.c.key))]
    assert keys.count("address:10.9.9.9") == SLOW_FROM["address"]


# -- API tokens ------------------------------------------------------------------------------

def test_a_token_is_shown_once_and_stored_as_a_hash(client, csrf, engine):
    empty = client.get("/stakeholders/me/")
    assert empty.status_code == 200 and ADMIN in text(empty)
    blank = client.post("/stakeholders/me/tokens", data={"csrf_token": csrf, "name": " "})
    assert blank.status_code == 422 and 'id="name-error"' in text(blank)
    shown = client.post("/stakeholders/me/tokens", data={"csrf_token": csrf,
                                                         "name": "export mensuel"})
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    token = re.search(r'readonly value="(argan_[^"]+)"', text(shown))[1]
    assert "ne sera plus jamais affiché" in text(shown)
    with engine.connect() as conn:
        row = conn.execute(select(staff_tokens)).mappings().one()
    assert row["name"] == "export mensuel" and not row["revoked"] and len(row["token_hash"]) == 64
    assert token not in all_stored_text(engine)
    mine = member(engine, ADMIN)["account_id"]
    for path in ("/stakeholders/me/", f"/stakeholders/staff/{mine}",
                 "/stakeholders/api/v1/me", "/stakeholders/api/v1/me/tokens",
                 f"/stakeholders/api/v1/staff/{mine}/history"):
        page = client.get(path)
        assert page.status_code == 200 and token not in text(page), path
    assert "export mensuel" in text(client.get("/stakeholders/me/"))
    confirm = client.get(f"/stakeholders/me/tokens/{row['token_id']}/revoke")
    assert confirm.status_code == 200 and "export mensuel" in text(confirm)
    revoked = client.post(f"/stakeholders/me/tokens/{row['token_id']}/revoke",
                          data={"csrf_token": csrf})
    assert revoked.status_code == 302
    with engine.connect() as conn:
        assert conn.execute(select(staff_tokens.c.revoked)).scalar_one() is True


def test_tokens_through_the_api(api, engine):
    created = api.post("/me/tokens", {"name": "script"})
    assert created.status_code == 201 and created.json["token"].startswith("argan_")
    assert created.headers["Cache-Control"] == "no-store"
    listed = api.get("/me/tokens").json
    assert [t["name"] for t in listed] == ["script"] and "token" not in listed[0]
    token_id = created.json["token_id"]
    assert api.post(f"/me/tokens/{token_id}/revoke", {}).status_code == 200
    assert api.post(f"/me/tokens/{token_id}/revoke", {}).status_code == 422
    assert api.post("/me/tokens", {}).json["errors"].keys() == {"name"}
    assert created.json["token"] not in all_stored_text(engine)


# -- the event store never holds a secret ------------------------------------------------------

def test_no_password_or_token_in_any_event(client, csrf, api, engine):
    secrets_used = ["correct horse battery staple", GOOD]
    account_id = open_via_api(api).json["id"]
    secrets_used.append(api.post(f"/staff/{account_id}/reset-password",
                                 {"expected_version": 2}).json["temporary_password"])
    secrets_used.append(api.post("/me/tokens", {"name": "t"}).json["token"])
    api.post("/me/password", {"current_password": "correct horse battery staple",
                              "password": "Encore-un-autre-2026"})
    secrets_used.append("Encore-un-autre-2026")
    with engine.connect() as conn:
        events = conn.execute(sql("SELECT type, data FROM events")).all()
    assert {t for t, _ in events} >= {"staff_account.opened", "staff_account.password_set",
                                      "staff_account.token_created"}
    for event_type, data in events:
        blob = json.dumps(data)
        assert not any(secret in blob for secret in secrets_used), event_type
        assert "password_hash" not in blob and "$argon2" not in blob


# -- the former table ---------------------------------------------------------------------------

def test_the_migration_converts_old_accounts(make_database):
    engine = make_engine(make_database("old_accounts"))
    try:
        upgrade(engine, MIGRATIONS, "0001")
        old_hash = hash_password("an old password 1")
        with engine.begin() as conn:
            conn.execute(sql(
                "INSERT INTO staff_accounts (id, email, name, password_hash, roles, created_at)"
                " VALUES ('old-1', 'ancien@argan.test', 'Ancien', :hash, '[\"admin\"]', now())"
            ), {"hash": old_hash})
        upgrade(engine, MIGRATIONS)
        with engine.connect() as conn:
            events = conn.execute(sql("SELECT stream_id, type, data FROM events "
                                      "ORDER BY stream_id, version")).all()
            tables = set(conn.execute(sql("SELECT tablename FROM pg_tables "
                                          "WHERE schemaname = 'public'")).scalars())
        assert [(s, t) for s, t, _ in events] == [("old-1", "staff_account.opened"),
                                                  ("old-1", "staff_account.password_set")]
        assert events[0][2]["roles"] == ["admin"] and old_hash not in json.dumps(events[1][2])
        assert "staff_accounts" not in tables
        assert member(engine, "ancien@argan.test")["roles"] == ["admin"]
        assert authenticate(engine, "ancien@argan.test", "an old password 1") == "old-1"
    finally:
        engine.dispose()


def test_a_token_acts_for_its_owner_until_revoked(client, api, engine, sign_in, stakeholders_app):
    open_staff_account(engine, "viewer@argan.test", GOOD, "Vera", roles=("viewer",))
    viewer = stakeholders_app.test_client()
    viewer_csrf = sign_in(viewer, engine, "viewer@argan.test", GOOD)
    assert viewer.get("/stakeholders/staff/").status_code == 403  # not an admin
    assert viewer.get("/stakeholders/me/").status_code == 200
    created = viewer.post("/stakeholders/api/v1/me/tokens", json={"name": "script"},
                          headers={"X-CSRFToken": viewer_csrf}).json
    bearer = {"Authorization": f"Bearer {created['token']}"}
    script = stakeholders_app.test_client()
    me = script.get("/stakeholders/api/v1/me", headers=bearer)
    assert me.status_code == 200 and me.json["email"] == "viewer@argan.test"
    assert script.get("/stakeholders/api/v1/staff", headers=bearer).status_code == 403
    viewer.post(f"/stakeholders/api/v1/me/tokens/{created['token_id']}/revoke", json={},
                headers={"X-CSRFToken": viewer_csrf})
    assert script.get("/stakeholders/api/v1/me", headers=bearer).status_code == 401


def test_two_accounts_opened_at_once_with_one_email_are_refused_by_the_projection(engine):
    """The read-before-write check can be raced; the unique email of staff_members cannot."""
    def open_(name):
        uow = UnitOfWork(EventStore(engine, registry), PROJECTORS)
        return handlers.open_account(uow, Credentials(engine), {
            "email": "twin@argan.test", "name": name, "office": "tiznit", "roles": ("viewer",),
            "password": "Tiznit-2026-long-enough"})  # email_in_use left blind, as in a race

    open_("First")
    with pytest.raises(DomainError) as refused:
        open_("Second")
    assert refused.value.field == "email"
    assert member(engine, "twin@argan.test")["name"] == "First"
