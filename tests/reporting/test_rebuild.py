"""`argan rebuild reporting`: the tables emptied and replayed from every source's feed come
out identical to the live ones, table by table; an event arriving during the rebuild is
applied once, by the live consumer, after it (PostgreSQL row locks, real consumer code)."""
import io
import threading

import pytest
from sqlalchemy import select

from services.reporting.rebuild import TABLES, rebuild, text_progress
from shared.db import make_engine

from tests.reporting import history as h
from tests.reporting.conftest import SOURCES, activities_engine, consumer, reporting_settings


def dump(engine) -> dict:
    with engine.connect() as conn:
        return {t.name: sorted(tuple(str(v) for v in row) for row in conn.execute(select(t)))
                for t in TABLES}


@pytest.fixture
def live(make_database):
    source = activities_engine(make_database)
    history = h.build(source)
    engines = []

    def projected():
        engine = make_engine(reporting_settings(make_database).database_url)
        engines.append(engine)
        consumer(engine, feeds).catch_up()
        return engine

    feeds = {s: history[s] for s in SOURCES}
    yield history, feeds, projected
    for engine in engines:
        engine.dispose()
    history["acts"].store.dispose()
    source.dispose()


def test_a_rebuild_equals_the_live_tables(live):
    history, feeds, projected = live
    engine = projected()
    before = dump(engine)
    assert sum(len(rows) for rows in before.values()) >= 50
    out = io.StringIO()
    replayed = rebuild(engine, feeds, text_progress(out), page=7)
    assert dump(engine) == before
    assert replayed == {s: feeds[s].last_position() for s in SOURCES}
    assert "activities" in out.getvalue() and "#" * 30 in out.getvalue()


def test_a_rebuild_equals_the_live_tables_with_an_erasure_in_the_history(live):
    """p1 (whose age band changes between her marks) and v1 (missions) erased after their
    facts, one more mark of p1 recorded after: the rebuild, which replays the erasures
    before every fact and reads their registrations without a birth date, comes out equal."""
    from services.reporting.privacy.projections import erased_people
    from tests.reporting.test_reporting_erasure import shred
    history, feeds, projected = live
    engine = projected()
    for person_id in ("p1", "v1"):
        history["stakeholders"].add("person.erased", person_id, {"reason": "Demande"})
        shred(history["stakeholders"], person_id)
    history["acts"].held("MTD2", "workshop", "agadir", h.D(2026, 5, 4), h.T(9), h.T(12),
                         ["p1"], {("p1", "morning"): "present"})
    consumer(engine, feeds).catch_up()
    before = dump(engine)
    assert not {"p1", "v1"} & {v for rows in before.values() for row in rows for v in row}
    with engine.connect() as conn:
        kept = conn.execute(select(erased_people)).all()
    assert len(kept) == 2
    rebuild(engine, feeds, page=7)
    assert dump(engine) == before
    with engine.connect() as conn:
        assert conn.execute(select(erased_people)).all() == kept


def test_an_event_arriving_during_a_rebuild_is_applied_once_after_it(live):
    history, feeds, projected = live
    engine = projected()
    catching_up = []

    def meanwhile(source, done, until):
        if catching_up:
            return
        h.correct_p3(history)                              # a new activities event
        history["missions"].add("mission.follow_up_recorded", "m2", {
            "follow_up_id": "f2", "kind": "monthly", "date": "2026-05-20", "wellbeing": 3,
            "notes": ""})
        thread = threading.Thread(target=consumer(engine, feeds).catch_up)
        thread.start()                                     # waits for the rebuild's locks
        catching_up.append(thread)

    rebuild(engine, feeds, meanwhile, page=5)
    catching_up[0].join(timeout=30)
    assert not catching_up[0].is_alive()
    assert dump(engine) == dump(projected())               # as if projected from scratch
    with engine.connect() as conn:
        from services.reporting.facts.tables import attendance, follow_ups
        assert conn.execute(select(follow_ups.c.follow_up_id)).scalars().all().count("f2") == 1
        marks = conn.execute(select(attendance).where(attendance.c.person_id == "p3")
                             .where(attendance.c.half_day == "morning")
                             .where(attendance.c.session_id == history["s1"])).all()
        assert [m.status for m in sorted(marks, key=lambda m: m.version)] == ["absent", "present"]
