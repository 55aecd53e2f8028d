"""Erasure and the right of access in activities, with the real stakeholders app (its own
PostgreSQL database, over HTTP for the newcomer desk) and its real `person.erased`
delivered through activities' consumer apply as a CloudEvent: a newcomer who walked in,
signed in on their phone and wrote an evaluation is forgotten (no name, e-mail or phone
left in clear in any text or JSON column of the activities database), their attendance
still counts, the confirmation is recorded once; before that, an admin reads everything
activities holds about them, an officer may not."""
from __future__ import annotations

import datetime as dt
import json
import threading
import uuid

import pytest
from sqlalchemy import delete, insert, select, text
from werkzeug.serving import make_server

from services.activities import app as activities
from services.activities.domain import Session
from services.activities.policies import BINDINGS
from services.activities.self_sign_in.domain import half_day_window
from services.stakeholders import app as stakeholders
from services.stakeholders.domain import Person
from shared.db import write_transaction
from shared.eventstore import Metadata
from shared.eventstore.schema import dead_letters
from shared.privacy.erasure import FORGOTTEN
from shared.privacy.erasure import ERASED_BINDING
from shared.settings import Settings
from shared.testing.web import mounted_client, put_session, put_staff_member, sign_in_as
from tests.activities.conftest import Stakeholders, plan_body
from tests.activities.participants_helpers import PNG, UTC, link_in, post_form
from tests.activities.real_directory import Desk

GIVEN, FAMILY = "Zenobie", "Quatremaire-Xylophane"
EMAIL = "zenobie.qx.erasure@example.org"
PHONE_TYPED, PHONE = "0661234597", "+212661234597"  # as typed, as the directory keeps it
COMMENT = f"Merci ! Rappelez-moi au {PHONE} ou {EMAIL} (signe {GIVEN} {FAMILY})"
CANCELLED = f"{GIVEN} {FAMILY} a appelé du {PHONE} : empêchée"
CONFIRMED = "privacy.person_erased"


@pytest.fixture
def desk(make_database):
    """Real-directory desk (tests/activities/real_directory.py) run by an admin signed in
    to both services, and an officer's client for activities."""
    common = dict(secret_key="erasure-test-secret", service_token="erasure-token",
                  testing=True)
    people_settings = Settings(service="stakeholders",
                               database_url=make_database("stakeholders"), **common)
    stakeholders.migrate(people_settings)
    people_app = stakeholders.create_app(people_settings)
    server = make_server("127.0.0.1", 0, people_app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = Settings(service="activities", database_url=make_database("activities"),
                        base_url=f"http://127.0.0.1:{server.server_port}", **common)
    activities.migrate(settings)
    app = activities.create_app(settings)
    admin, officer = str(uuid.uuid4()), str(uuid.uuid4())
    for engine in (people_app.extensions["argan"]["engine"], app.extensions["argan"]["engine"]):
        put_staff_member(engine, ("admin",), admin, email="admin@erasure.test")
    put_staff_member(app.extensions["argan"]["engine"], ("officer",), officer,
                     email="officer@erasure.test")
    people, client = mounted_client(people_app, "/stakeholders"), mounted_client(app,
                                                                                 "/activities")
    desk = Desk(people_app, people, put_session(people, admin), app, client,
                put_session(client, admin))
    desk.officer = app.test_client()  # the app is mounted under /activities already
    put_session(desk.officer, officer)
    try:
        yield desk
    finally:
        server.shutdown()
        for each in (people_app, app):
            each.extensions["argan"]["store"].dispose()
            each.extensions["argan"]["engine"].dispose()


def erase_in_stakeholders(desk, person_id):
    """Stakeholders' own decision, recorded in its store (its relay publishes it)."""
    store = desk.people_store
    person = Person.rebuild(person_id, (store.registry.to_event(s.type, s.data)
                                        for s in store.load(person_id)))
    person.erase("Demande de la personne (art. 17)")
    with store.transaction() as conn:
        store.append(person_id, person.stream_type, person.decided_on, person.pending,
                     Metadata(actor="admin@erasure.test"), conn=conn)
        store.erase_subject(person_id, conn=conn)


def found_in_clear(engine, needles) -> dict[str, set[str]]:
    """Per needle, the table.column of every text, varchar and JSON column of the public
    schema holding it (as written, or as JSON escapes it)."""
    with engine.connect() as conn:
        columns = conn.execute(text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN "
            "('text', 'character varying', 'character', 'json', 'jsonb')")).all()
        assert len(columns) > 20  # every table of the service, not a few
        hits = {n: set() for n in needles}
        for table, column in columns:
            for needle in needles:
                forms = {needle, json.dumps(needle)[1:-1]}
                if any(conn.execute(text(f'SELECT 1 FROM "{table}" WHERE "{column}"::text '
                                         "ILIKE :n LIMIT 1"), {"n": f"%{f}%"}).first()
                       for f in forms):
                    hits[needle].add(f"{table}.{column}")
    return hits


def facts(desk, activity):
    """What counts: registrations, attendance marks and the list's counts."""
    detail = desk.get(f"/activities/{activity}")
    listed = [a for a in desk.get("/activities")["items"] if a["id"] == activity]
    return ({(r["person_id"], r["status"], r["walk_in"]) for r in detail["registrations"]},
            {(m["person_id"], m["half_day"], m["status"])
             for s in detail["sessions"] for m in s["attendance"]},
            [(a["registered"], a["waitlisted"]) for a in listed])


def walk_in_who_signs_and_evaluates(desk):
    """The newcomer walks in for the afternoon (created in the directory from the desk),
    signs in on their phone for the morning and answers the evaluation on paper; their
    registration to another activity is cancelled with a note."""
    activity, session = desk.opened(full_day=True)
    added = desk.form(f"/activities/{activity}/sessions/{session}/walk-ins",
                      given_name=GIVEN, family_name=FAMILY, email=EMAIL, phone=PHONE_TYPED,
                      residence_country="MA", half_days="afternoon")
    assert added.status_code == 302, added.get_data(as_text=True)
    desk.deliver()
    (person,) = desk.people_named(FAMILY)
    assert desk.directory(f"/people/{person['id']}")["phone"] == PHONE

    clock = {"at": dt.datetime(2026, 12, 10, 6, 0, tzinfo=UTC)}
    desk.app.extensions["argan"]["clock"] = lambda: clock["at"]
    opened = desk.form(f"/activities/{activity}/sessions/{session}/self-sign-in",
                       half_day="morning")
    assert opened.status_code == 302, opened.get_data(as_text=True)
    link = link_in(desk.client.get(opened.headers["Location"]).get_data(as_text=True))
    start, _ = half_day_window(Session(session, dt.date(2026, 12, 10), dt.time(9),
                                       dt.time(17)), "morning", "agadir")
    clock["at"] = start + dt.timedelta(minutes=45)
    phone = desk.app.test_client()
    signed = post_form(phone, link, {"person_id": person["id"], "signature": PNG})
    assert signed.status_code == 302, signed.get_data(as_text=True)

    answered = desk.post(f"/activities/{activity}/evaluations/answers", {
        "kind": "immediate", "person_id": person["id"], "satisfaction": 4, "comments": COMMENT})
    assert answered.status_code == 201, answered.get_json()

    other, _ = desk.opened()
    made = desk.post(f"/activities/{other}/registrations", {"person_id": person["id"]})
    assert made.status_code == 201, made.get_json()
    cancelled = desk.post(f"/activities/{other}/registrations/"
                          f"{made.get_json()['registration_id']}/cancel", {"reason": CANCELLED})
    assert cancelled.status_code == 200, cancelled.get_json()
    return activity, person["id"]


def test_an_erased_newcomer_leaves_no_name_or_contact_and_their_attendance_still_counts(
        desk):
    assert "stakeholders.person.*" in BINDINGS or ERASED_BINDING in BINDINGS
    activity, person_id = walk_in_who_signs_and_evaluates(desk)
    with write_transaction(desk.engine) as conn:  # consumer errors, one quoting the person
        for n, error in enumerate((f"bad name {FAMILY!r} for {person_id}",
                                   f"timeout; {FAMILY}s not {GIVEN.lower()}x")):
            conn.execute(insert(dead_letters).values(
                consumer="activities", source="stakeholders", position=n, event_id=f"e-{n}",
                type="person.corrected", error=error, recorded_at=dt.datetime.now(UTC)))
    before = facts(desk, activity)
    assert (person_id, "morning", "present") in before[1]
    assert (person_id, "afternoon", "present") in before[1]
    assert (person_id, "registered", True) in before[0]
    needles = (GIVEN, FAMILY, EMAIL, PHONE)
    held = found_in_clear(desk.engine, needles)
    assert "activities_people.family_name" in held[FAMILY]
    assert "dead_letters.error" in held[FAMILY]
    # the comment and the signature are sealed in the events: never in clear, even before
    assert not held[EMAIL] and not held[PHONE]
    summary = desk.get(f"/activities/{activity}/evaluations/summary")["immediate"]
    assert [c["text"] for c in summary["comments"]] == [COMMENT]

    erase_in_stakeholders(desk, person_id)
    desk.deliver()

    with desk.engine.connect() as conn:  # every error quoting them is blanked (the kit
        # errs on the side of forgetting: a name inside a longer word goes too)
        assert conn.execute(select(dead_letters.c.error).order_by(dead_letters.c.position)
                            ).scalars().all() == [FORGOTTEN, FORGOTTEN]
        conn.execute(delete(dead_letters))
        conn.commit()
    assert found_in_clear(desk.engine, needles) == {n: set() for n in needles}
    assert facts(desk, activity) == before
    summary = desk.get(f"/activities/{activity}/evaluations/summary")["immediate"]
    assert summary["comments"] == []  # the comment reads as none: only the score counts
    assert summary["count"] == 1 and summary["average"] == 4
    (signature,) = [e for e in desk.store.read_after(0) if e.type == "self_sign_in.signed"]
    assert signature.data["signature"] is None
    assert signature.data["person_id"] == person_id  # the fact stays under the id
    (confirmed,) = [e for e in desk.store.read_after(0) if e.type == CONFIRMED]
    assert confirmed.data["person_id"] == person_id
    assert confirmed.metadata["causation_id"]  # stakeholders' person.erased

    desk.delivered = 0  # every stakeholders event again: nothing comes back, nothing twice
    desk.deliver()
    assert [e.id for e in desk.store.read_after(0) if e.type == CONFIRMED] == [confirmed.id]
    assert found_in_clear(desk.engine, needles) == {n: set() for n in needles}
    assert facts(desk, activity) == before
    channels = desk.client.get("/activities/api/asyncapi.json").get_json()["channels"]
    assert "activities.privacy.person_erased" in channels


def sections_of(response) -> dict[str, list[dict]]:
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return {s["title"]: s["rows"] for s in body["sections"]}


def test_an_admin_reads_everything_activities_holds_about_a_person_an_officer_may_not(desk):
    activity, person_id = walk_in_who_signs_and_evaluates(desk)
    path = f"/activities/api/v1/privacy/people/{person_id}"

    assert desk.officer.get(path).status_code == 403
    sections = sections_of(desk.client.get(path))
    title = "Journée d'information mobilité légale"
    assert sections["Fiche (copie de l'annuaire)"] == [{
        "Identifiant": person_id, "Prénom": GIVEN, "Nom": FAMILY, "Archivée": "non",
        "Fusionnée dans": None}]
    assert sorted(sections["Inscriptions"], key=lambda r: r["Statut"]) == [{
        "Activité": title, "Du": "2026-12-10", "Au": "2026-12-10", "Statut": status,
        "Motif d'annulation": reason, "Reprise d'une fiche fusionnée": None}
        for status, reason in (("annulée", CANCELLED), ("inscrit·e", None))]
    assert sections["Présences par demi-journée"] == [
        {"Activité": title, "Date": "2026-12-10", "Demi-journée": half, "Statut": "présent·e"}
        for half in ("matin", "après-midi")]
    assert sections["Attestations de présence"] == [
        {"Activité": title, "Séances suivies": "2026-12-10", "Heures": 8.0}]
    assert sections["Venues sans inscription préalable"] == [
        {"Activité": title, "Du": "2026-12-10"}]
    (signed,) = sections["Émargements en ligne"]
    assert signed["Activité"] == title and signed["Demi-journée"] == "matin"
    assert signed["Signature"] == PNG
    (evaluation,) = sections["Évaluations"]
    assert evaluation["Commentaires"] == COMMENT and evaluation["Satisfaction (1 à 5)"] == 4
    assert evaluation["Évaluation"] == "à chaud" and evaluation["Source"] == "formulaire papier"
    types = [e["Type"] for e in sections["Événements enregistrés par les activités qui vous "
                                          "nomment"]]
    assert types == ["activity.person_registered", "activity.attendance_recorded",
                     "self_sign_in.signed", "activity.attendance_recorded",
                     "evaluation.answered", "activity.person_registered",
                     "activity.registration_cancelled"]

    nobody = desk.client.get(f"/activities/api/v1/privacy/people/{uuid.uuid4()}").get_json()
    assert nobody["sections"] == [] and nobody["service"] == "activities"

    erase_in_stakeholders(desk, person_id)
    desk.deliver()
    after = sections_of(desk.client.get(path))
    assert after["Fiche (copie de l'annuaire)"][0]["Prénom"] == "[effacé]"
    assert after["Évaluations"][0]["Commentaires"] is None
    assert {r["Motif d'annulation"] for r in after["Inscriptions"]} == {None, "[effacé]"}
    assert after["Émargements en ligne"][0]["Signature"] == "[effacé]"
    assert len(after["Présences par demi-journée"]) == 2  # the facts, anonymised
    assert FAMILY not in json.dumps(after, ensure_ascii=False)


@pytest.fixture
def on_sqlite(tmp_path):
    """Activities as `make run` keeps it: its own SQLite file (WAL)."""
    settings = Settings(service="activities",
                        database_url=f"sqlite:///{tmp_path / 'activities.db'}",
                        secret_key="erasure-test-secret", service_token="t", testing=True)
    activities.migrate(settings)
    app = activities.create_app(settings)
    yield app, tmp_path / "activities.db"
    app.extensions["argan"]["store"].dispose()
    app.extensions["argan"]["engine"].dispose()


def test_on_sqlite_the_erasure_leaves_no_name_or_note_in_any_text_column(on_sqlite):
    app, _ = on_sqlite
    engine, store = app.extensions["argan"]["engine"], app.extensions["argan"]["store"]
    client = mounted_client(app, "/activities")
    csrf = sign_in_as(client, roles=("admin",))

    def post(path, body):
        response = client.post(f"/activities/api/v1{path}", json=body,
                               headers={"X-CSRFToken": csrf})
        assert response.status_code in (200, 201), response.get_json()
        return response.get_json()

    directory = Stakeholders(engine, store)  # stakeholders' events, as the consumer applies
    person_id = directory.person(GIVEN, FAMILY)
    activity = post("/activities", plan_body(kind="training"))["id"]
    session = post(f"/activities/{activity}/sessions", {
        "expected_version": 1, "date": "2026-03-18", "start": "09:00", "end": "12:00"})["id"]
    post(f"/activities/{activity}/open", {"expected_version": 2})
    registration = post(f"/activities/{activity}/registrations", {"person_id": person_id})
    post(f"/activities/{activity}/sessions/{session}/attendance", {"attendance": [
        {"person_id": person_id, "half_day": "morning", "status": "present"}]})
    post(f"/activities/{activity}/evaluations/answers", {
        "kind": "immediate", "person_id": person_id, "satisfaction": 5, "comments": COMMENT})
    other = post("/activities", plan_body())["id"]
    post(f"/activities/{other}/open", {"expected_version": 1})
    made = post(f"/activities/{other}/registrations", {"person_id": person_id})
    post(f"/activities/{other}/registrations/{made['registration_id']}/cancel",
         {"reason": CANCELLED})
    path = f"/activities/api/v1/privacy/people/{person_id}"
    assert sections_of(client.get(path))["Évaluations"][0]["Commentaires"] == COMMENT
    needles = (GIVEN, FAMILY, EMAIL, PHONE)
    held = sqlite_columns_holding(engine, needles)
    assert held[FAMILY] == {"activities_people.family_name", "activities_people.search"}
    assert not held[EMAIL] and not held[PHONE]  # sealed in the events

    for _ in range(2):  # a replay finds it done
        directory.send("person.erased", person_id, {"reason": "Demande de la personne"},
                       stream_type="person")
    assert sqlite_columns_holding(engine, needles) == {n: set() for n in needles}
    assert [e.type for e in store.read_after(0)].count(CONFIRMED) == 1
    marks = client.get(f"/activities/api/v1/activities/{activity}").get_json()
    assert marks["registrations"][0]["id"] == registration["registration_id"]
    assert marks["sessions"][0]["attendance"] == [
        {"person_id": person_id, "half_day": "morning", "status": "present"}]
    after = sections_of(client.get(path))
    assert after["Évaluations"][0]["Commentaires"] is None
    assert FAMILY not in json.dumps(after, ensure_ascii=False)


def sqlite_columns_holding(engine, needles) -> dict[str, set[str]]:
    """Per needle, the table.column of every text-like column of the SQLite file holding
    it (JSON is text there)."""
    hits = {n: set() for n in needles}
    with engine.connect() as conn:
        tables = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")
                              ).scalars().all()
        for table in tables:
            for column in conn.execute(text(f'PRAGMA table_info("{table}")')).mappings():
                if not any(t in column["type"].upper() for t in ("CHAR", "TEXT", "JSON",
                                                                  "CLOB")):
                    continue
                for needle in needles:
                    forms = (needle, json.dumps(needle)[1:-1])
                    if any(conn.execute(text(f'SELECT 1 FROM "{table}" WHERE "{column["name"]}"'
                                             " LIKE :n LIMIT 1"), {"n": f"%{f}%"}).first()
                           for f in forms):
                        hits[needle].add(f"{table}.{column['name']}")
    return hits
