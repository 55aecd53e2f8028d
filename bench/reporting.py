"""Reporting benchmark (not a test): live projection and rebuild rates, beside the raw read
rate of the same event table in the same run; the dashboard's p95 over many facts.

    .venv/bin/python -m bench.reporting
    (defaults BENCH_REPORTING_EVENTS=50000, BENCH_DASHBOARD_FACTS=200000,
     BENCH_DASHBOARD_RUNS=5, so that `make bench` stays short; the targets of issue 13 are
     at BENCH_REPORTING_EVENTS=1000000 and BENCH_DASHBOARD_FACTS=1000000: scale them up)

The projection is measured BENCH_REPORTING_RUNS times (default 3, each into a fresh
reporting database, the raw read just before it): medians, and the median of the ratios.
The dashboard's facts are copied into the fact tables and summed as a rebuild sums them
(presence.resum_all), so that it reads the presence sums the projectors keep.

The events are made by the activities aggregate (plan, two sessions, twenty registrations,
attendance, held: 27 events per activity) and stored in a real event store; the people by
stakeholders-shaped events. It creates and drops its own databases.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import os
import statistics
import time
import uuid

import psycopg
from sqlalchemy import select
from bench.common import fresh_database, rate, report
from services.activities.domain import Activity, registry as activity_registry
from services.reporting.app import migrate
from services.reporting.facts import presence
from services.reporting.facts.tables import activities, attendance, sessions
from services.reporting.programmes.domain import Programme, registry
from services.reporting.programmes.projections import PROJECTORS
from services.reporting.programmes.queries import get_programme
from services.reporting.projections import people
from services.reporting.rebuild import rebuild
from services.reporting.reports.dashboard import dashboard
from shared.db import make_engine
from shared.eventstore import EventStore, UnitOfWork
from shared.eventstore.schema import metadata as shared_metadata
from shared.messaging.consumer import Consumer
from shared.messaging.feed import LocalFeed
from shared.messaging.topology import Topology
from shared.settings import Settings

EVENTS = int(os.environ.get("BENCH_REPORTING_EVENTS", "50000"))
FACTS = int(os.environ.get("BENCH_DASHBOARD_FACTS", "200000"))
PEOPLE = 1000
DASHBOARD_RUNS = int(os.environ.get("BENCH_DASHBOARD_RUNS", "5"))
PROJECTION_RUNS = int(os.environ.get("BENCH_REPORTING_RUNS", "3"))


def fill_activities(store: EventStore, count: int) -> None:
    made, n = 0, 0
    while made < count:
        activity = Activity.plan(str(uuid.uuid4()), title="Atelier", kind="training",
                                 office="agadir", programme="BENCH", venue="Salle")
        day = dt.date(2026, 1, 1) + dt.timedelta(days=n % 360)
        ids = [str(uuid.uuid4()), str(uuid.uuid4())]
        activity.schedule_session(ids[0], day, dt.time(9), dt.time(12))
        activity.schedule_session(ids[1], day, dt.time(14), dt.time(17))
        who = [f"p{(n * 20 + i) % PEOPLE}" for i in range(20)]
        activity.register([(str(uuid.uuid4()), p) for p in who])
        activity.open_registration()
        for session, half in zip(ids, ("morning", "afternoon")):
            activity.record_attendance(session, [{"person_id": p, "half_day": half,
                                                  "status": "present"} for p in who])
        activity.mark_held()
        made += len(activity.pending)
        store.append(activity.id, "activity", 0, activity.pending)
        n += 1


def _analyzed(url: str) -> None:
    """VACUUM ANALYZE after the bulk load (its events numbered), as autovacuum would (it is
    off on this server): without statistics, or with statistics taken while the positions
    were still negative, the feed's check for events to number (`position < 0`) is planned
    as a scan of the whole table: 0.25 s per page of the feed at 1,000,000 events."""
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                         autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def raw_read(url: str) -> float:
    """The baseline: every row of the events table, keyset pages of 1,000, psycopg."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    start, rows, last = time.perf_counter(), 0, 0
    with psycopg.connect(dsn) as conn:
        while True:
            page = conn.execute("SELECT * FROM events WHERE position > %s ORDER BY position "
                                "LIMIT 1000", (last,)).fetchall()
            if not page:
                break
            rows, last = rows + len(page), page[-1][0]
    return rows / (time.perf_counter() - start)


def projection_rates() -> None:
    print(f"== reporting: projection of {EVENTS:,} activities events (events/s), "
          f"median of {PROJECTION_RUNS} ==")
    with fresh_database("rep_source") as source_url:
        source = make_engine(source_url)
        shared_metadata.create_all(source)
        store = EventStore(source, activity_registry)
        fill_activities(store, EVENTS)
        store.last_position()          # numbers the appended events (positions < 0 until)
        _analyzed(source_url)
        feeds = {"activities": LocalFeed(store, "activities")}
        runs = [_projection_run(source_url, store.last_position(), feeds)
                for _ in range(PROJECTION_RUNS)]
        store.dispose()
        source.dispose()
    for title, index, target in (("live projection (consumer, batches)", 1, ">= 2,000/s"),
                                 ("rebuild (feed replayed in one transaction)", 2,
                                  ">= 10,000/s")):
        report(title, statistics.median(r[index] for r in runs), "ev/s",
               statistics.median(r[0] for r in runs), target,
               ratio=statistics.median(r[index] / r[0] for r in runs))


def _projection_run(source_url: str, total: int, feeds) -> tuple[float, float, float]:
    """(raw read, live projection, rebuild) rates into a fresh reporting database."""
    with fresh_database("rep") as url:
        migrate(Settings(service="reporting", database_url=url, secret_key="b",
                         service_token="b"))
        engine = make_engine(url)
        baseline = raw_read(source_url)
        consumer = Consumer("reporting", engine, _apply(), [], feeds, "memory://", Topology())
        live = rate(total, consumer.catch_up)
        rebuilt = rate(total, lambda: rebuild(engine, feeds))
        print(f"   run: raw read {baseline:,.0f}  live {live:,.0f}  rebuild {rebuilt:,.0f} ev/s",
              flush=True)
        engine.dispose()
    return baseline, live, rebuilt


def _apply():
    from services.reporting.projections import apply_event
    return apply_event


def _copy(conn, table, rows) -> None:
    columns = [c.name for c in table.columns]
    names = ", ".join(f'"{c}"' for c in columns)
    with conn.cursor().copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row.get(c) for c in columns])


def fill_facts(url: str, count: int) -> None:
    """`count` attendance marks (100 per session, two sessions per activity) and people."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    per_session, n_sessions = 100, max(count // 100, 1)
    with psycopg.connect(dsn) as conn:
        _copy(conn, people, ({"person_id": f"p{i}", "sex": ("female", "male")[i % 2],
                              "birth_date": dt.date(1990 + i % 20, 1 + i % 12, 1),
                              "region": ("Souss-Massa", "PACA")[i % 2], "roles": "[]",
                              "archived": False, "version": 1} for i in range(PEOPLE)))
        _copy(conn, activities, ({"activity_id": f"a{i}", "kind": "training",
                                  "programme": "BENCH", "office": ("agadir", "tiznit")[i % 2],
                                  "status": "held", "held_at": now, "recorded_at": now}
                                 for i in range(n_sessions // 2 + 1)))
        _copy(conn, sessions, ({"session_id": f"s{i}", "activity_id": f"a{i // 2}",
                                "date": dt.date(2026, 1, 1) + dt.timedelta(days=i % 360),
                                "start": "09:00", "end": "12:00", "hours": 3.0,
                                "recorded_at": now} for i in range(n_sessions)))
        _copy(conn, attendance, ({"session_id": f"s{i // per_session}",
                                  "person_id": f"p{(i * 7) % PEOPLE}", "half_day": "morning",
                                  "version": 1, "activity_id": f"a{i // per_session // 2}",
                                  "date": dt.date(2026, 1, 1) + dt.timedelta(
                                      days=(i // per_session) % 360),
                                  "status": "present", "hours": 3.0, "recorded_at": now}
                                 for i in range(count)))
        conn.commit()
    engine = make_engine(url)
    with engine.begin() as conn:   # the presence sums, as a rebuild sums them
        presence.resum_all(conn)
    engine.dispose()
    _analyzed(url)


def p95(times: list[float]) -> float:
    """The nearest-rank 95th percentile (never beyond the slowest run)."""
    ordered = sorted(times)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def raw_facts_ms(conn) -> float:
    """The baseline: every attendance fact read into Python once (what the measures did)."""
    start = time.perf_counter()
    conn.execute(select(attendance)).all()
    return (time.perf_counter() - start) * 1000


def dashboard_p95() -> None:
    print(f"== reporting: dashboard of a programme over {FACTS:,} attendance facts ==")
    with fresh_database("rep_dash") as url:
        migrate(Settings(service="reporting", database_url=url, secret_key="b",
                         service_token="b"))
        fill_facts(url, FACTS)
        engine = make_engine(url)
        uow = UnitOfWork(EventStore(engine, registry), PROJECTORS)
        programme = Programme.define("BENCH", "Bench", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        for code, measure in (("REACH", "distinct_people_reached"),
                              ("PRES", "participants_present"), ("HELD", "activities_held"),
                              ("HOURS", "training_hours_delivered")):
            programme.define_indicator(code, code, measure, targets=[{"period": "2026",
                                                                      "value": 100}],
                                       disaggregations=["sex", "age_band"])
        uow.save(programme)
        with engine.connect() as conn:
            figures = get_programme(conn, "BENCH")
            times = []
            for _ in range(DASHBOARD_RUNS):
                start = time.perf_counter()
                dashboard(conn, figures, dt.date(2026, 1, 1), dt.date(2026, 12, 31), None,
                          dt.datetime.now(dt.timezone.utc))
                times.append((time.perf_counter() - start) * 1000)
            baseline = raw_facts_ms(conn)
        report(f"dashboard p95 ({len(times)} runs)", p95(times), "ms", baseline,
               target="<= 300 ms")
        engine.dispose()


def main() -> None:
    projection_rates()
    dashboard_p95()


if __name__ == "__main__":
    main()
