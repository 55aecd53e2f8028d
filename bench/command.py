"""The command path against the store and a peer library, head to head in one run.

Each case registers PER_ROUND new people (one command each, a ~300-byte record, one
writer), in alternating rounds after one warm-up round each; every round (and the warm-up)
is on people not seen before, the same for every case of the round (no cache of a phone
number parsed in an earlier round); every ratio is the median of the per-round ratios, so
that a drift of the machine weighs on both sides of it:
- raw: a plain psycopg INSERT of the same event row, autocommit (the baseline, 1x);
- append: `EventStore.append` of the PersonRegistered event, on its own;
- command: the real `register_person` through a `UnitOfWork` with every stakeholders
  projector, in one transaction (what a web request or an import row costs);
- eventsourcing: the `eventsourcing` library's `Application.save` of a new aggregate with
  the same fields, on PostgreSQL (the `bench` extra).
Then the command path with 4 writers against 1, and an import of IMPORT_ROWS people
through the real import path (preview checks, then one command per row with progress).
"""
from __future__ import annotations

import csv
import io
import os
import random
import statistics
import threading
import time
import uuid
from typing import Callable

import psycopg

from bench.common import RUNS, fresh_database
from bench.stakeholders import person_details
from services.stakeholders.app import create_app, migrate
from services.stakeholders.domain import PersonRegistered
from services.stakeholders.events import PROJECTORS
from services.stakeholders.handlers import register_person
from services.stakeholders.imports import service as import_service
from services.stakeholders.imports import tables as import_tables
from shared.eventstore import Metadata, UnitOfWork
from shared.settings import Settings

PER_ROUND = int(os.environ.get("BENCH_COMMANDS", "1000"))
WRITERS = 4
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
ACTOR = "bench"

RAW_TABLE = """
CREATE TABLE raw_events (LIKE events INCLUDING ALL);
ALTER TABLE raw_events ALTER COLUMN position ADD GENERATED ALWAYS AS IDENTITY;
"""
RAW_INSERT = """INSERT INTO raw_events (id, stream_id, stream_type, version, type,
    schema_version, data, metadata, recorded_at)
    VALUES (%s, %s, 'person', 1, 'person.registered', 1, %s, %s, now())"""


def people(seed: int, count: int) -> list[dict]:
    rnd = random.Random(seed)
    return [person_details(rnd, seed * 1_000_000 + n) for n in range(count)]


def in_threads(writers: int, work: Callable[[int], None]) -> None:
    threads = [threading.Thread(target=work, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


# -- the four cases ------------------------------------------------------------------------

def raw_case(dsn: str, details: list[dict]):
    import json
    meta = json.dumps(Metadata(actor=ACTOR).as_dict())
    rows = [json.dumps(PersonRegistered(**d).to_data()) for d in details]

    def run():
        with psycopg.connect(dsn, autocommit=True) as conn:
            for data in rows:
                conn.execute(RAW_INSERT, (str(uuid.uuid4()), str(uuid.uuid4()), data, meta))
    return run


def append_case(store, details: list[dict]):
    meta = Metadata(actor=ACTOR)
    events = [PersonRegistered(**d) for d in details]

    def run():
        for event in events:
            store.append(str(uuid.uuid4()), "person", 0, [event], meta)
    return run


def command_case(store, details: list[dict], writers: int = 1):
    def work(w: int):
        uow = UnitOfWork(store, PROJECTORS, Metadata(actor=ACTOR))
        for d in details[w::writers]:
            register_person(uow, dict(d))

    def run():
        if writers == 1:
            work(0)
        else:
            in_threads(writers, work)
    return run


def eventsourcing_case(url: str):
    from eventsourcing.application import Application
    from eventsourcing.domain import Aggregate, event

    class EsPerson(Aggregate):
        @event("Registered")
        def __init__(self, given_name, family_name, sex, birth_date, nationality,
                     residence_country, residence_region, residence_province, residence_town,
                     email, phone, whatsapp, languages, roles, programmes, tags):
            self.given_name, self.family_name, self.sex = given_name, family_name, sex
            self.birth_date, self.nationality = birth_date, nationality
            self.residence = (residence_country, residence_region, residence_province,
                              residence_town)
            self.email, self.phone, self.whatsapp = email, phone, whatsapp
            self.languages, self.roles = list(languages), list(roles)
            self.programmes, self.tags = list(programmes), list(tags)

    database = url.rsplit("/", 1)[1]
    app = Application(env={"PERSISTENCE_MODULE": "eventsourcing.postgres",
                           "POSTGRES_DBNAME": database, "POSTGRES_HOST": "127.0.0.1",
                           "POSTGRES_PORT": "5432", "POSTGRES_USER": "postgres",
                           "POSTGRES_PASSWORD": "", "CREATE_TABLE": "y"})

    def make(details: list[dict]):
        rows = [{**d, "birth_date": d["birth_date"] and d["birth_date"].isoformat(),
                 "languages": list(d["languages"]), "roles": list(d["roles"]),
                 "programmes": list(d["programmes"]), "tags": list(d["tags"])}
                for d in details]

        def run():
            for row in rows:
                app.save(EsPerson(**row))
        return run
    return make, app


# -- measuring ----------------------------------------------------------------------------

def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def rounds(cases: dict[str, tuple[int, Callable]], runs: int,
           workload: Callable[[int], list[dict]]) -> dict[str, list[float]]:
    """Rates (operations/s) of each case per round, after a warm-up round; the cases
    alternate within a round. `make(details)` of each case prepares its run on the round's
    new people, `workload(round)`, before it is timed."""
    rates: dict[str, list[float]] = {name: [] for name in cases}
    for round_ in range(runs + 1):
        details = workload(round_)
        for name, (count, make) in cases.items():
            rate = count / timed(make(details))
            if round_:  # 0: the warm-up
                rates[name].append(rate)
    return rates


def ratios(ours: list[float], base: list[float]) -> tuple[float, float, float]:
    """Median, lowest and highest of the per-round ratios."""
    each = [o / b for o, b in zip(ours, base)]
    return statistics.median(each), min(each), max(each)


def line(title: str, rate: list[float], unit: str, vs: str = "", ratio=None,
         target: float | None = None) -> None:
    text = f"{title:<44} {statistics.median(rate):>8,.0f} {unit}"
    text += f" (rounds {min(rate):,.0f}-{max(rate):,.0f})"
    if ratio is not None:
        median, low, high = ratio
        text += f"   {median:5.2f}x {vs} (rounds {low:.2f}-{high:.2f})"
        if target is not None:
            text += f"   target >= {target}x: {'met' if median >= target else 'NOT MET'}"
    print(text, flush=True)


def main() -> None:
    print(f"== command path: {PER_ROUND:,} new people per round, {RUNS} paired rounds "
          f"(one writer) ==", flush=True)
    with fresh_database("command") as url:
        settings = Settings(service="stakeholders", database_url=url, secret_key="bench",
                            service_token="bench", testing=True)
        migrate(settings)
        app = create_app(settings)
        store = app.extensions["argan"]["store"]
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(RAW_TABLE)
        es_make, es_app = eventsourcing_case(url)
        try:
            rates = rounds({"raw": (PER_ROUND, lambda d: raw_case(dsn, d)),
                            "append": (PER_ROUND, lambda d: append_case(store, d)),
                            "command": (PER_ROUND, lambda d: command_case(store, d)),
                            "eventsourcing": (PER_ROUND, es_make)}, RUNS,
                           lambda r: people(10 + r, PER_ROUND))
        finally:
            es_app.close()
        line("raw psycopg INSERT, autocommit", rates["raw"], "/s")
        line("EventStore.append", rates["append"], "/s", "raw",
             ratios(rates["append"], rates["raw"]), 0.6)
        line("eventsourcing Application.save", rates["eventsourcing"], "/s", "raw",
             ratios(rates["eventsourcing"], rates["raw"]))
        line("register_person, every projector", rates["command"], "/s", "raw",
             ratios(rates["command"], rates["raw"]), 0.25)
        line("  the same, against eventsourcing", rates["command"], "/s", "eventsourcing",
             ratios(rates["command"], rates["eventsourcing"]), 2)

        print(f"== command path: {WRITERS} writers against 1 ==", flush=True)
        rates = rounds({"1": (PER_ROUND, lambda d: command_case(store, d[:PER_ROUND])),
                        "n": (WRITERS * PER_ROUND,
                              lambda d: command_case(store, d[PER_ROUND:], WRITERS))}, RUNS,
                       lambda r: people(100 + r, (WRITERS + 1) * PER_ROUND))
        line("register_person, 1 writer", rates["1"], "/s")
        line(f"register_person, {WRITERS} writers", rates["n"], "/s", "1 writer",
             ratios(rates["n"], rates["1"]), 1.5)

        import_people(app, IMPORT_ROWS)
        app.extensions["argan"]["engine"].dispose()
        store.dispose()


# -- the import ----------------------------------------------------------------------------

IMPORT_HEADERS = ["Prénom", "Nom", "Sexe", "Date de naissance", "Nationalité", "Pays",
                  "Région", "Province", "Ville", "Courriel", "Téléphone", "Langues", "Rôles",
                  "Programmes", "Étiquettes"]
IMPORT_FIELDS = ["given_name", "family_name", "sex", "birth_date", "nationality",
                 "residence_country", "residence_region", "residence_province",
                 "residence_town", "email", "phone", "languages", "roles", "programmes",
                 "tags"]


def spreadsheet(rows: int) -> bytes:
    """A CSV as staff export it from a spreadsheet: French headers, `;`, dd/mm/yyyy."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(IMPORT_HEADERS)
    for d in people(3, rows):
        values = []
        for name in IMPORT_FIELDS:
            value = d.get(name)
            if name == "birth_date":
                value = value.strftime("%d/%m/%Y") if value else ""
            elif isinstance(value, tuple):
                value = ", ".join(value)
            values.append(value or "")
        writer.writerow(values)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def import_people(app, rows: int) -> None:
    print(f"== import: {rows:,} people through the import path ==", flush=True)
    content = spreadsheet(rows)
    engine = app.extensions["argan"]["engine"]
    with app.test_request_context("/"):
        start = time.perf_counter()
        import_id = import_service.preview("people", "personnes.csv", content, ACTOR)
        previewed = time.perf_counter()
        import_service.start(import_id, False, ACTOR)
        while (state := import_tables.state(engine, import_id))["status"] == "running":
            time.sleep(0.2)  # as the progress bar polls
        finished = time.perf_counter()
    assert state["status"] == "done", state["status"]
    total = finished - start
    imported = finished - previewed
    print(f"{'preview (parse, checks, duplicates)':<44} {previewed - start:8.1f} s", flush=True)
    print(f"{'import (' + format(state['done'], ',') + ' done, ' + format(state['failed'], ',') + ' skipped)':<44} "
          f"{imported:8.1f} s   ({rows / imported:,.0f} rows/s)", flush=True)
    print(f"{'import of ' + format(rows, ',') + ' people, in all':<44} {total:8.1f} s   "
          f"target <= 20 s: {'met' if total <= 20 else 'NOT MET'}", flush=True)


if __name__ == "__main__":
    main()
