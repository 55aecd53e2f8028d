"""The presence sums kept incrementally by the projectors (facts/presence.py) equal, after
every kind of event that changes units, the sums counted afresh from the marks; a unit
taken away leaves no empty row; the figures are the hand-counted ones."""
import datetime as dt
import itertools
import uuid

import pytest
from sqlalchemy import select

from services.reporting.app import migrate
from services.reporting.facts.presence import resum_all
from services.reporting.facts.tables import presence_sums
from services.reporting.projections import apply_event
from shared.db import make_engine
from shared.messaging.envelope import ReceivedEvent
from shared.settings import Settings

_positions = itertools.count(1)
_versions: dict[str, itertools.count] = {}


@pytest.fixture
def engine(make_database):
    settings = Settings(service="reporting", database_url=make_database("reporting"),
                        secret_key="s", service_token="t")
    migrate(settings)
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


def apply(engine, source, type_, stream_id, data):
    version = next(_versions.setdefault(stream_id, itertools.count(1)))
    event = ReceivedEvent(id=str(uuid.uuid4()), source=source, type=type_,
                          stream_id=stream_id, stream_type=type_.split(".")[0],
                          version=version, position=next(_positions), data=data,
                          time=dt.datetime.now(dt.timezone.utc))
    with engine.begin() as conn:
        apply_event(conn, event)


def marks(engine, session, *marks):
    apply(engine, "activities", "activity.attendance_recorded", "a1", {
        "session_id": session, "marks": [{"person_id": p, "half_day": h, "status": s}
                                         for p, h, s in marks]})


def kept(engine) -> dict:
    """The sums as kept, checked against the sums counted afresh (then rolled back)."""
    columns = [c for c in presence_sums.c if c.name != "units"]
    with engine.connect() as conn:
        def rows():
            return {tuple(r[:-1]): r[-1] for r in conn.execute(
                select(*columns, presence_sums.c.units))}
        incremental = rows()
        resum_all(conn)
        assert rows() == incremental
        conn.rollback()
    assert all(units > 0 for units in incremental.values())
    return {(k[0], k[1], str(k[3]), k[4], k[5], k[6]): v for k, v in incremental.items()}


def test_sums_kept_incrementally_equal_sums_counted_afresh(engine):
    tag = uuid.uuid4().hex[:6]                  # stream ids unique to this test's run
    p1, p2, p3, a1 = f"p1{tag}", f"p2{tag}", f"p3{tag}", "a1"
    _versions.pop(a1, None)
    apply(engine, "stakeholders", "person.registered", p1, {
        "sex": "female", "birth_date": "2000-03-15", "residence_region": "Souss-Massa"})
    apply(engine, "stakeholders", "person.registered", p2, {
        "sex": "male", "birth_date": "2008-01-01", "residence_region": "PACA"})
    apply(engine, "stakeholders", "person.registered", p3, {
        "sex": "male", "birth_date": "1990-06-01", "residence_region": "PACA"})
    apply(engine, "activities", "activity.planned", a1, {
        "kind": "training", "programme": "P", "office": "agadir"})
    for session, day in (("s1", "2026-03-01"), ("s2", "2026-03-02")):
        apply(engine, "activities", "activity.session_scheduled", a1, {
            "session_id": session, "date": day, "start": "09:00", "end": "17:00"})
    marks(engine, "s1", (p1, "morning", "present"), (p1, "afternoon", "present"),
          (p2, "morning", "absent"))
    assert kept(engine) == {("P", "agadir", "2026-03-01", "female", "18-25", "Souss-Massa"): 1}

    # a correction: p2 was there, p1 only in the afternoon (still one unit each)
    marks(engine, "s1", (p2, "morning", "present"), (p1, "morning", "absent"))
    marks(engine, "s2", (p1, "morning", "late"), (p2, "morning", "present"))
    assert kept(engine) == {
        ("P", "agadir", "2026-03-01", "female", "18-25", "Souss-Massa"): 1,
        ("P", "agadir", "2026-03-01", "male", "18-25", "PACA"): 1,
        ("P", "agadir", "2026-03-02", "female", "18-25", "Souss-Massa"): 1,
        ("P", "agadir", "2026-03-02", "male", "18-25", "PACA"): 1}

    # p1 absent all day at s1: her unit goes, and its row with it
    marks(engine, "s1", (p1, "afternoon", "absent"))
    assert ("P", "agadir", "2026-03-01", "female", "18-25", "Souss-Massa") not in kept(engine)

    # two people reporting knows nothing of (no territory): one row, added to
    marks(engine, "s2", (f"p4{tag}", "morning", "present"))
    marks(engine, "s2", (f"p5{tag}", "afternoon", "present"))
    assert kept(engine)[("P", "agadir", "2026-03-02", "unknown", "unknown", None)] == 2

    # a person corrected, an activity moved, a registration transferred
    apply(engine, "stakeholders", "person.corrected", p2, {
        "changed": ["sex", "birth_date"], "sex": "female", "birth_date": "1970-01-01"})
    assert kept(engine)[("P", "agadir", "2026-03-01", "female", "51+", "PACA")] == 1
    apply(engine, "activities", "activity.corrected", a1, {
        "changed": ["programme", "office"], "programme": "Q", "office": "tiznit"})
    assert {k[:2] for k in kept(engine)} == {("Q", "tiznit")}
    apply(engine, "activities", "activity.registration_transferred", a1, {
        "from_person_id": p2, "to_person_id": p3})
    assert kept(engine) == {
        ("Q", "tiznit", "2026-03-01", "male", "26-35", "PACA"): 1,
        ("Q", "tiznit", "2026-03-02", "female", "18-25", "Souss-Massa"): 1,
        ("Q", "tiznit", "2026-03-02", "male", "26-35", "PACA"): 1,
        ("Q", "tiznit", "2026-03-02", "unknown", "unknown", None): 2}
