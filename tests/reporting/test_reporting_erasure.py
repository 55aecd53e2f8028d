"""Stakeholders' person.erased in reporting (issue 15): anonymous counts only.

On the fixed history of tests/reporting/history.py plus a person with a distinctive name,
e-mail, phone and birth date (26 on 21 March 2026, between her two participations), present
at two MTD2 activities, volunteer of one mission, counted in a submitted report: every
figure is the same after her erasure, and nothing of hers is left in any text or JSON
column of reporting's database (nor her birth date in a date column)."""
import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select, text

from services.reporting.app import create_app
from services.reporting.facts.tables import attendance, missions, presence_sums
from services.reporting.measures.compute import MEASURES, compute
from services.reporting.measures.sums import summed
from services.reporting.measures.units import Scope
from services.reporting.privacy.domain import pseudonym
from services.reporting.privacy.projections import erased_people
from services.reporting.programmes.projections import submitted_reports
from services.reporting.projections import apply_event, people
from services.reporting.queries import people_by_sex_and_region
from services.reporting.rebuild import TABLES
from shared.db import make_engine, write_transaction
from shared.eventstore import EventStore
from shared.eventstore.schema import dead_letters, events, personal_keys
from shared.privacy import erasure
from shared.testing.web import mounted_client, sign_in_as

from tests.reporting.test_presence_sums import kept
from tests.reporting import history as h
from tests.reporting.conftest import SOURCES, activities_engine, consumer, reporting_settings

API = "/reporting/api/v1"
PERIOD = {"from": "2026-01-01", "to": "2026-06-30"}
DIMS = ["sex", "age_band", "territory", "office"]
NOW = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
GIVEN, FAMILY = "Zéphyrine", "Quintal-Brossard"
EMAIL, PHONE, BIRTH = "zephyrine.quintal@exemple-unique.fr", "+33671829304", "2000-03-21"


def shred(feed, person_id):
    """Stakeholders' feed after the erasure: her events read back with placeholders."""
    for i, event in enumerate(feed.events):
        if event.stream_id == person_id and event.type == "person.registered":
            feed.events[i] = dataclasses.replace(event, data={
                **event.data, "given_name": "[effacé]", "family_name": "[effacé]",
                "email": "[effacé]", "phone": "[effacé]", "birth_date": None})


@pytest.fixture
def world(make_database):
    source = activities_engine(make_database)
    history = h.build(source)
    x = str(uuid.uuid4())
    history["stakeholders"].add("person.registered", x, {
        "given_name": GIVEN, "family_name": FAMILY, "email": EMAIL, "phone": PHONE,
        "sex": "female", "birth_date": BIRTH, "residence_country": "MA",
        "residence_region": "Souss-Massa", "roles": ["young_person"]})
    acts = history["acts"]
    acts.held("MTD2", "training", "agadir", h.D(2026, 3, 2), h.T(9), h.T(12), [x],
              {(x, "morning"): "present"})
    acts.held("MTD2", "workshop", "tiznit", h.D(2026, 4, 2), h.T(14), h.T(17), [x],
              {(x, "afternoon"): "present"})
    feed = history["missions"]
    feed.add("mission.drafted", "mx", {
        "volunteer_id": x, "host_id": "host-1", "direction": "MA_to_FR",
        "scheme": "civic_service", "programme": "MTD2", "office": "agadir",
        "planned_start": "2026-03-01", "planned_end": "2026-12-31", "weekly_hours": 24},
        h.at("2026-02-01"))
    feed.add("mission.agreed", "mx", {}, h.at("2026-02-02"))
    feed.add("mission.started", "mx", {"started_on": "2026-03-01"}, h.at("2026-03-01"))
    settings = reporting_settings(make_database)
    engine = make_engine(settings.database_url)
    feeds = {s: history[s] for s in SOURCES}
    consumer(engine, feeds).catch_up()
    app = create_app(settings, feeds=feeds)
    client = mounted_client(app, "/reporting")
    csrf = sign_in_as(client, roles=("admin",))
    post = lambda path, body: client.post(API + path, json=body, headers={"X-CSRFToken": csrf})
    assert post("/programmes", {"code": "MTD2", "name": "MTD II", "starts_on": "2026-01-01",
                                "ends_on": "2027-12-31"}).status_code == 201
    for measure in sorted(MEASURES):
        assert post("/programmes/MTD2/indicators", {
            "code": measure[:40], "name": measure, "measure": measure,
            "disaggregations": DIMS}).status_code == 201
    submitted = post("/programmes/MTD2/reports", PERIOD)
    assert submitted.status_code == 201, submitted.json
    yield {**history, "x": x, "engine": engine, "feeds": feeds, "client": client, "app": app,
           "report": submitted.json["id"]}
    for e in (engine, app.extensions["argan"]["engine"], source):
        e.dispose()
    app.extensions["argan"]["store"].dispose()
    history["acts"].store.dispose()


def erase(world) -> str:
    event = world["stakeholders"].add("person.erased", world["x"],
                                      {"reason": "Demande de la personne"})
    shred(world["stakeholders"], world["x"])
    consumer(world["engine"], world["feeds"]).catch_up()
    return event.id


def figures(world) -> dict:
    """Every measure, filtered and disaggregated, over a few periods: values, and the facts
    counted (the ids in them as they are named)."""
    out = {}
    with world["engine"].connect() as conn:
        for measure in sorted(MEASURES):
            for filters in ({}, {"office": "tiznit"}, {"territory": "Souss-Massa"},
                            {"role": "young_person"}, {"kind": "training"}):
                for start in (dt.date(2026, 1, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1)):
                    scope = Scope("MTD2", start, dt.date(2026, 6, 30), NOW, filters)
                    key = (measure, tuple(filters.items()), start)
                    out[key] = compute(conn, measure, scope, DIMS)
                    for current in (False, True):
                        out[key + (current,)] = summed(conn, measure, scope, DIMS,
                                                       current=current)
        out["people"] = people_by_sex_and_region(conn)
        out["presence_sums"] = sorted(tuple(map(str, r))
                                      for r in conn.execute(select(presence_sums)))
    report = world["client"].get(f"{API}/programmes/MTD2/report", query_string=PERIOD).json
    out["report"] = {k: report[k] for k in ("indicators", "activities", "missions",
                                            "accompaniments")}
    return out


def values(figures: dict) -> dict:
    """The figures without the facts they list."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "facts"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return strip(figures)


def text_columns(conn):
    return conn.execute(text(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND data_type IN "
        "('text', 'character varying', 'character', 'json', 'jsonb') ORDER BY 1, 2")).all()


# What the erasure contract keeps under the id: the key's tombstone and the confirmation.
EXEMPT = {"personal_keys": "FALSE", "events": "stream_type <> 'erasure'"}


def holding(engine, needles: dict[str, str]) -> dict[str, set[str]]:
    """{needle's label: {table.column holding it}} over every text and JSON column, and every
    date column for the birth date."""
    found: dict[str, set[str]] = {}
    with engine.connect() as conn:
        for table, column in text_columns(conn):
            where = EXEMPT.get(table, "TRUE")
            for label, needle in needles.items():
                if conn.execute(text(f'SELECT count(*) FROM "{table}" WHERE ({where}) AND '
                                     f'CAST("{column}" AS text) LIKE :p'),
                                {"p": f"%{needle}%"}).scalar():
                    found.setdefault(label, set()).add(f"{table}.{column}")
        dates = conn.execute(text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type = 'date'")).all()
        for table, column in dates:
            if conn.execute(text(f'SELECT count(*) FROM "{table}" WHERE "{column}" = :d'),
                            {"d": dt.date.fromisoformat(BIRTH)}).scalar():
                found.setdefault("birth date", set()).add(f"{table}.{column}")
    return found


def needles(world) -> dict[str, str]:
    return {"id": world["x"], "given name": GIVEN, "family name": FAMILY, "email": EMAIL,
            "phone": PHONE, "birth date": BIRTH}


def test_every_figure_is_unchanged_and_nothing_of_the_person_is_left(world):
    x, engine = world["x"], world["engine"]
    before = figures(world)
    with write_transaction(engine) as conn:   # an event of hers that failed, quoting her id
        conn.execute(dead_letters.insert().values(
            consumer="reporting", source="activities", position=999, event_id="e-dead",
            type="activity.attendance_recorded", error=f"KeyError('{x}')",
            recorded_at=NOW))
    held = holding(engine, needles(world))
    # the positive control: her id in the people, marks, missions, the submitted report and
    # the dead letter
    assert {"reporting_people.person_id", "rep_attendance.person_id",
            "rep_missions.volunteer_id", "rep_submitted_reports.snapshot", "events.data",
            "dead_letters.error"} <= held["id"]
    assert held["birth date"] == {"reporting_people.birth_date"}
    assert set(held) == {"id", "birth date"}   # names and contact points never came in
    # p1, p2, p4 and her (p3 is absent until the late correction, not made here)
    assert before[("distinct_people_reached", (), dt.date(2026, 1, 1))]["value"] == 4

    erasure_id = erase(world)
    after = figures(world)
    assert values(after) == values(before)
    # the same facts, hers under the pseudonym
    name = pseudonym(erasure_id)
    assert repr(after) == repr(before).replace(x, name)
    assert holding(engine, needles(world)) == {}
    with engine.connect() as conn:
        # the erasure contract: her key's tombstone and the one confirmation
        assert conn.execute(select(personal_keys.c.key).where(
            personal_keys.c.subject_id == x)).one() == (None,)
        confirmations = conn.execute(select(events.c.data).where(
            events.c.type == erasure.CONFIRMED)).scalars().all()
        assert confirmations == [{"person_id": x, "erasure_id": erasure_id}]
        assert conn.execute(select(dead_letters.c.error)).scalars().all() == [
            f"KeyError('{name}')"]   # kept, naming the pseudonym; nothing dead-lettered
    # the report submitted before still shows no change (its facts renamed as the live ones)
    page = world["client"].get(f"/reporting/programmes/MTD2/reports/{world['report']}")
    assert "Rien n’a changé depuis." in page.get_data(as_text=True)


def dump(engine) -> dict:
    with engine.connect() as conn:
        tables = {t.name: sorted(tuple(str(v) for v in row) for row in conn.execute(select(t)))
                  for t in (*TABLES, erased_people, submitted_reports, personal_keys)}
        tables["events"] = sorted(str(tuple(r)) for r in conn.execute(
            select(events.c.stream_id, events.c.type, events.c.data)))
        return tables


def test_a_replayed_erasure_and_replayed_facts_change_nothing(world):
    x = world["x"]
    erase(world)
    before = dump(world["engine"])
    with write_transaction(world["engine"]) as conn:
        for source in SOURCES:   # every event again, the erasure and her facts among them
            for event in world["feeds"][source].read_after(0, 1000):
                apply_event(conn, event)
    assert dump(world["engine"]) == before
    kept(world["engine"])  # the presence sums kept equal the sums counted afresh
    with world["engine"].connect() as conn:
        assert conn.execute(select(func.count()).select_from(attendance)
                            .where(attendance.c.person_id == x)).scalar() == 0
        assert conn.execute(select(people.c.person_id)
                            .where(people.c.person_id == x)).first() is None


def test_a_fact_arriving_after_the_erasure_is_counted_under_the_pseudonym(world):
    x = world["x"]
    erasure_id = erase(world)
    # activities keeps her marks under her id: a later record still names it
    world["acts"].held("MTD2", "workshop", "agadir", h.D(2026, 5, 4), h.T(9), h.T(12), [x],
                       {(x, "morning"): "present"})
    world["missions"].add("mission.corrected", "mx", {"weekly_hours": 20,
                                                      "changed": ["weekly_hours"]})
    consumer(world["engine"], world["feeds"]).catch_up()
    name = pseudonym(erasure_id)
    with world["engine"].connect() as conn:
        marks = conn.execute(select(attendance.c.person_id, attendance.c.date)
                             .where(attendance.c.person_id.in_([x, name]))).all()
        assert sorted(marks) == [(name, h.D(2026, 3, 2)), (name, h.D(2026, 4, 2)),
                                 (name, h.D(2026, 5, 4))]
        assert conn.execute(select(missions.c.volunteer_id, missions.c.weekly_hours)
                            .where(missions.c.mission_id == "mx")).one() == (name, 20)
    assert holding(world["engine"], needles(world)) == {}


def test_other_services_confirmations_are_not_dead_letters(world):
    x = world["x"]
    erasure_id = erase(world)
    confirmation = erasure.PersonDataErased(person_id=x, erasure_id=erasure_id)
    EventStore(world["acts"].store.engine, erasure.registry).append(
        erasure.erasure_stream(x), erasure.STREAM_TYPE, 0, [confirmation])
    world["missions"].add(erasure.CONFIRMED, erasure.erasure_stream(x), confirmation.to_data(),
                          stream_type=erasure.STREAM_TYPE)
    before = dump(world["engine"])
    consumer(world["engine"], world["feeds"]).catch_up()
    positions = consumer(world["engine"], world["feeds"]).positions()
    assert positions == {s: world["feeds"][s].last_position() for s in SOURCES}
    with world["engine"].connect() as conn:
        assert conn.execute(select(func.count()).select_from(dead_letters)).scalar() == 0
    assert dump(world["engine"]) == before


def test_the_right_of_access_lists_what_reporting_holds_for_admins_only(world):
    x, client = world["x"], world["client"]
    answer = client.get(f"{API}/privacy/people/{x}")
    assert answer.status_code == 200, answer.json
    assert answer.json["service"] == "reporting" and answer.json["person_id"] == x
    sections = {s["title"]: s["rows"] for s in answer.json["sections"]}
    assert sections["Statistiques : attributs retenus"] == [{
        "Sexe": "femme", "Date de naissance": BIRTH, "Pays de résidence": "MA",
        "Région de résidence": "Souss-Massa", "Rôles": "young_person", "Archivée": "non"}]
    marks = sections["Statistiques : présences comptées"]
    assert [(m["Date"], m["Demi-journée"], m["Statut"], m["Programme"]) for m in marks] == [
        ("2026-03-02", "morning", "present", "MTD2"),
        ("2026-04-02", "afternoon", "present", "MTD2")]
    assert [(m["Mission"], m["Commencée le"]) for m in sections[
        "Statistiques : missions comptées"]] == [("mx", "2026-03-01")]
    assert [r["Rapport"] for r in sections["Rapports aux bailleurs qui vous comptent"]] == [
        world["report"]]
    officer = world["app"].test_client()
    sign_in_as(officer, roles=("officer",))
    assert officer.get(f"{API}/privacy/people/{x}").status_code == 403
    erase(world)
    assert client.get(f"{API}/privacy/people/{x}").json["sections"] == []


def test_erasing_a_person_reporting_never_knew_changes_no_count(world):
    before = values(figures(world))
    event = world["stakeholders"].add("person.erased", "never-here", {"reason": "Demande"})
    consumer(world["engine"], world["feeds"]).catch_up()
    assert values(figures(world)) == before
    with world["engine"].connect() as conn:
        assert conn.execute(select(events.c.data).where(events.c.type == erasure.CONFIRMED)
                            ).scalars().all() == [{"person_id": "never-here",
                                                   "erasure_id": event.id}]
