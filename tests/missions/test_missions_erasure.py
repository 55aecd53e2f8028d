"""Stakeholders erases a volunteer: missions destroys what it holds about them (names in the
replica, case notes, incidents, reasons, review, the mission's description), in its own
tables and in its events, keeps the facts of their missions under their id, and records
its confirmation once. The right of access lists what it held before."""
import dataclasses
import datetime as dt
import json
import uuid
from typing import ClassVar

import pytest
from sqlalchemy import func, select, text

from services.missions.app import PROJECTORS
from services.missions.follow_ups.domain import FollowUpRecorded
from services.missions.policies import policies
from services.missions.projections import missions
from services.stakeholders.domain import Person
from shared.db import write_transaction
from shared.eventstore import Metadata
from shared.eventstore.schema import events
from shared.messaging.envelope import ReceivedEvent
from shared.privacy.erasure import CONFIRMED
from shared.testing.web import sign_in_as
from tests.missions.conftest import Api, mission_body
from tests.missions.test_missions_replica import directory, host_body  # noqa: F401 (fixture)

GIVEN, FAMILY = "Zoubida", "Qaddouri-Fennane"
EMAIL, PHONE = "zoubida.qf@exemple.org", "06 41 27 93 58"
PHRASE = "craint le retour chez son oncle à Ouarzazate"
LEGACY = "dort mal depuis l'hiver tizi-n-test"        # a note sealed as before: mission's key
TUTOR_AS_WAS = "Mme Haddaoui-Tagmout (foyer)"          # a participant stored in clear, as before
INCIDENT = "chute dans l'escalier du foyer Lalla-Aicha"
REASON = "Zoubida reprend ses études de kinésithérapie"
SECRETS = (GIVEN, FAMILY, EMAIL, PHONE, PHRASE, LEGACY, INCIDENT, REASON, TUTOR_AS_WAS)
OTHER_NOTE = "Karim s'est bien installé à Tiznit"


@dataclasses.dataclass(frozen=True)
class LegacyFollowUp(FollowUpRecorded):
    """mission.follow_up_recorded as it was stored before it carried its volunteer: its
    notes sealed under the mission's own key, its participants in clear."""
    personal_data: ClassVar[tuple[str, ...]] = ("notes", "issues", "wellbeing")
    personal_subject: ClassVar[str | None] = None


def scan(engine, needle):
    """(table, column) of every text, varchar, json and jsonb column holding `needle`."""
    with engine.connect() as conn:
        columns = conn.execute(text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN "
            "('text', 'character varying', 'json', 'jsonb')")).all()
        return [(t, c) for t, c in columns if conn.execute(text(
            f'SELECT count(*) FROM "{t}" WHERE "{c}"::text ILIKE :n'),
            {"n": f"%{needle}%"}).scalar()]


def opened_events(store):
    """Every event of the store as it reads now (personal fields opened), as one text."""
    return json.dumps([{"data": s.data, "metadata": s.metadata} for s in store.read_after(0)],
                      ensure_ascii=False, default=str)


def facts(engine):
    with engine.connect() as conn:
        rows = conn.execute(select(missions).order_by(missions.c.id)).mappings().all()
        return [{k: v for k, v in r.items() if k != "updated_at"} for r in rows]


def erasure(person_id):
    return ReceivedEvent(id=str(uuid.uuid4()), source="stakeholders", type="person.erased",
                         stream_id=person_id, stream_type="person", version=9, position=1000,
                         data={"reason": "Demande de la personne"},
                         time=dt.datetime.now(dt.timezone.utc), actor="admin-1")


def version(api, mission_id):
    return api.get(f"/missions/{mission_id}").get_json()["version"]


def append_legacy_note(store, mission_id, current):
    """A follow-up note sealed as the store did before notes carried their volunteer."""
    note = LegacyFollowUp(follow_up_id=str(uuid.uuid4()), kind="ad_hoc",
                          date=dt.date(2025, 9, 20), notes=LEGACY,
                          participants=(f"{GIVEN} {FAMILY}", TUTOR_AS_WAS))
    with write_transaction(store.engine) as conn:
        stored = store.append(mission_id, "mission", current, [note], Metadata(actor="t"),
                              conn=conn)
        for project in PROJECTORS:
            project(conn, stored)


@pytest.fixture
def admin(client):
    """A second client of the app already mounted under /missions, signed in as admin."""
    own = client.application.test_client()
    return Api(own, sign_in_as(own, roles=("admin",)))


@pytest.fixture
def volunteer(api, stakeholders, store):
    """A volunteer with a mission followed (notes, incident, extension, review) and a
    cancelled one; another volunteer with a note of her own."""
    person = stakeholders.person(GIVEN, FAMILY)
    host = stakeholders.host(capacity=5)
    made = api.ok("/missions", mission_body(
        person, host, description=f"Accueil de {GIVEN} {FAMILY} au centre social"), 201)
    item = f"/missions/{made['id']}"
    for number, command in enumerate(("propose", "agree"), start=1):
        api.ok(f"{item}/{command}", {"expected_version": number})
    api.ok(item + "/start", {"expected_version": 3, "started_on": "2025-09-01"})
    api.ok(item + "/follow-ups", {
        "kind": "arrival", "date": "2025-09-10", "wellbeing": 2,
        "participants": [f"{GIVEN} {FAMILY}", "Claire Martin"],
        "notes": f"{PHRASE} ; la joindre au {PHONE} ou à {EMAIL}",
        "issues": [f"Logement : {PHRASE}"]}, 201)
    append_legacy_note(store, made["id"], version(api, made["id"]))
    incident = api.ok(item + "/incidents", {"kind": "accident", "severity": "serious",
                                            "reported_on": "2025-10-02",
                                            "description": INCIDENT}, 201)
    api.ok(item + f"/incidents/{incident['incident_id']}/resolve", {
        "resolved_on": "2025-10-05", "resolution": f"{GIVEN} soignée, {INCIDENT}"})
    api.ok(item + "/extend", {"expected_version": version(api, made["id"]),
                              "planned_end": "2026-05-31", "reason": REASON})
    api.ok(item + "/complete", {"expected_version": version(api, made["id"]),
                                "completed_on": "2026-05-31"})
    api.ok(item + "/review", {"skills_gained": [f"Animation ({GIVEN})"],
                              "volunteer_satisfaction": 5, "comments": PHRASE})
    cancelled = api.ok("/missions", mission_body(person, host, planned_start="2026-09-01",
                                                 planned_end="2027-03-31"), 201)
    api.ok(f"/missions/{cancelled['id']}/cancel", {"expected_version": 1, "reason": REASON})

    other = stakeholders.person("Karim", "Bennani")
    kept = api.ok("/missions", mission_body(other, host, planned_start="2025-10-01"), 201)
    for number, command in enumerate(("propose", "agree"), start=1):
        api.ok(f"/missions/{kept['id']}/{command}", {"expected_version": number})
    api.ok(f"/missions/{kept['id']}/start", {"expected_version": 3, "started_on": "2025-10-01"})
    api.ok(f"/missions/{kept['id']}/follow-ups", {"kind": "arrival", "date": "2025-10-10",
                                                  "notes": OTHER_NOTE}, 201)
    return {"id": person, "mission": made["id"], "cancelled": cancelled["id"],
            "other_mission": kept["id"]}


def test_erasing_a_volunteer_leaves_nothing_of_them_readable_and_keeps_their_missions(
        volunteer, api, engine, store):
    person = volunteer["id"]
    readable = opened_events(store)
    for secret in SECRETS:
        assert secret in readable, secret
    for secret in (PHRASE, LEGACY, INCIDENT, EMAIL, PHONE):
        assert not scan(engine, secret), secret      # sealed in the events, never in clear
    assert ("missions_people", "family_name") in scan(engine, FAMILY)
    assert scan(engine, TUTOR_AS_WAS) == [("events", "data")]     # in clear, as it was
    before = facts(engine)
    listed = api.get(f"/missions?volunteer_id={person}").get_json()["total"]

    apply, event = policies(store, PROJECTORS), erasure(person)
    for _ in range(2):                               # the consumer's replay changes nothing
        with write_transaction(engine) as conn:
            apply(conn, event)

    for secret in SECRETS:
        assert scan(engine, secret) == [], secret
    readable = opened_events(store)
    for secret in SECRETS:
        assert secret not in readable, secret
    assert OTHER_NOTE in readable                    # the other volunteer's notes stay
    assert facts(engine) == before                   # host, dates, status, incidents count
    assert api.get(f"/missions?volunteer_id={person}").get_json()["total"] == listed == 2

    follow_up = api.get(f"/missions/{volunteer['mission']}/follow-ups").get_json()
    assert [f["notes"] for f in follow_up["follow_ups"]] == [None, None]
    assert follow_up["follow_ups"][0]["issues"] == []
    assert follow_up["follow_ups"][0]["wellbeing"] is None
    assert [(i["description"], i["resolution"], i["severity"])
            for i in follow_up["incidents"]] == [(None, None, "serious")]
    mission = api.get(f"/missions/{volunteer['mission']}").get_json()
    assert mission["status"] == "completed" and mission["description"] is None
    assert mission["extensions"][0]["reason"] == "[effacé]"
    assert api.get(f"/missions/{volunteer['cancelled']}").get_json()["end_reason"] == "[effacé]"
    other = api.get(f"/missions/{volunteer['other_mission']}/follow-ups").get_json()
    assert other["follow_ups"][0]["notes"] == OTHER_NOTE
    for mission_id in (volunteer["mission"], volunteer["cancelled"]):   # the pages still show
        page = api.client.get(f"/missions/{mission_id}")
        assert page.status_code == 200
        shown = page.get_data(as_text=True)
        assert "Association Tiwizi" in shown and not any(s in shown for s in SECRETS)

    with engine.connect() as conn:
        confirmed = conn.execute(select(events.c.data).where(events.c.type == CONFIRMED)
                                 ).scalars().all()
    assert confirmed == [{"person_id": person, "erasure_id": event.id}]


def test_the_right_of_access_lists_what_missions_holds_about_the_person(
        volunteer, admin, api, engine, store):
    path = f"/privacy/people/{volunteer['id']}"
    assert api.get(path).status_code == 403          # an officer may not
    response = admin.get(path)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["service"] == "missions" and body["person_id"] == volunteer["id"]
    sections = {s["title"]: s["rows"] for s in body["sections"]}
    assert sections["Fiche de la personne (copie de l’annuaire)"][0]["Nom"] == FAMILY
    assert [(m["Mission"], m["Statut"]) for m in sections["Missions"]] == [
        (volunteer["mission"], "Terminée"), (volunteer["cancelled"], "Annulée")]
    assert sections["Missions"][0]["Structure d’accueil"] == "Association Tiwizi"
    assert sections["Missions"][0]["Fin effective"] == "2026-05-31"
    assert sections["Missions"][1]["Motif de fin"] == REASON
    notes = [m["Notes"] for m in sections["Rencontres de suivi"]]
    assert PHRASE in notes[0] and notes[1] == LEGACY
    assert sections["Incidents"][0]["Description"] == INCIDENT
    assert sections["Bilans de fin de mission"][0]["Commentaires"] == PHRASE
    named = sections["Événements enregistrés qui la concernent"]
    assert {e["Dossier"] for e in named} == {volunteer["mission"], volunteer["cancelled"]}
    assert any(PHONE in e["Contenu"] for e in named)
    assert OTHER_NOTE not in json.dumps(body, ensure_ascii=False)

    with write_transaction(engine) as conn:
        policies(store, PROJECTORS)(conn, erasure(volunteer["id"]))
    after = admin.get(path).get_json()
    dumped = json.dumps(after, ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in dumped, secret
    titles = [s["title"] for s in after["sections"]]
    assert "Missions" in titles and CONFIRMED in dumped   # the facts, and the confirmation


def test_a_volunteers_case_notes_are_sealed_under_their_own_key(volunteer, engine):
    with engine.connect() as conn:
        rows = conn.execute(select(events.c.type, events.c.data).where(
            events.c.stream_id == volunteer["mission"])).all()
        keys = conn.execute(select(func.count()).select_from(text("personal_keys"))).scalar()
    subjects = {t: d["_personal"]["s"] for t, d in rows if "_personal" in d}
    assert subjects["mission.incident_reported"] == volunteer["id"]
    assert subjects["mission.reviewed"] == volunteer["id"]
    assert subjects["mission.extended"] == volunteer["id"]
    assert subjects["mission.drafted"] == volunteer["mission"]    # the description
    assert {d["_personal"]["s"] for t, d in rows if t == "mission.follow_up_recorded"} == {
        volunteer["id"], volunteer["mission"]}                   # new, and as before
    assert keys >= 3


def test_erasing_a_survivor_destroys_the_notes_recorded_under_the_record_merged_into_it(
        api, stakeholders, store, engine):
    absorbed = stakeholders.person(GIVEN, FAMILY)
    survivor = stakeholders.person(GIVEN, "Qaddouri")
    made = api.ok("/missions", mission_body(absorbed, stakeholders.host()), 201)
    item = f"/missions/{made['id']}"
    for number, command in enumerate(("propose", "agree"), start=1):
        api.ok(f"{item}/{command}", {"expected_version": number})
    api.ok(item + "/start", {"expected_version": 3, "started_on": "2025-09-01"})
    api.ok(item + "/follow-ups", {"kind": "arrival", "date": "2025-09-10", "notes": PHRASE},
           201)
    stakeholders.send("person.merged_into", absorbed, {"survivor_id": survivor})
    assert api.get(item).get_json()["volunteer_id"] == survivor
    api.ok(item + "/incidents", {"kind": "health", "severity": "low",
                                 "reported_on": "2025-10-02", "description": INCIDENT}, 201)

    with write_transaction(engine) as conn:
        policies(store, PROJECTORS)(conn, erasure(survivor))
    readable = opened_events(store)
    assert PHRASE not in readable and INCIDENT not in readable
    follow_up = api.get(item + "/follow-ups").get_json()
    assert follow_up["follow_ups"][0]["notes"] is None
    assert follow_up["incidents"][0]["description"] is None


def test_stakeholders_real_erasure_reaches_missions_through_the_consumer(directory, api, engine,
                                                                         store):
    """The person registered, then erased, by stakeholders' own aggregate and store; its
    events delivered as CloudEvents through the consumer's apply (staff events aside)."""
    person = directory.post("/people", {"given_name": GIVEN, "family_name": FAMILY,
                                        "email": EMAIL, "residence_country": "MA"})
    host = directory.post("/organisations", host_body(capacity=3))
    directory.deliver()
    made = api.ok("/missions", mission_body(person["id"], host["id"]), 201)
    item = f"/missions/{made['id']}"
    for number, command in enumerate(("propose", "agree"), start=1):
        api.ok(f"{item}/{command}", {"expected_version": number})
    api.ok(item + "/start", {"expected_version": 3, "started_on": "2025-09-01"})
    api.ok(item + "/follow-ups", {"kind": "arrival", "date": "2025-09-10", "notes": PHRASE},
           201)
    assert scan(engine, FAMILY)
    before = facts(engine)

    people = directory.people_store
    found = Person.rebuild(person["id"], (people.registry.to_event(s.type, s.data)
                                          for s in people.load(person["id"])))
    found.erase("Demande de la personne")
    people.append(found.id, found.stream_type, found.decided_on, found.pending,
                  Metadata(actor="admin-1"))
    directory.deliver()
    directory.delivered = 0                                   # every event delivered again
    directory.deliver()

    for secret in (GIVEN, FAMILY, EMAIL, PHRASE):
        assert scan(engine, secret) == [], secret
        assert secret not in opened_events(store), secret
    assert facts(engine) == before
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).where(events.c.type == CONFIRMED)
                            ).scalar() == 1
