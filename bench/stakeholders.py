"""Stakeholders at NGO scale: 100,000 people, then the list, the name search and the CSV
export of a segment, each beside the plain SQL it amounts to, measured in the same run.

Loading: every person is decided by the real aggregate (Person.register, give_consent,
withdraw_consent). The first LOAD_REAL people go through the real handlers and UnitOfWork
(argan_append and every projector, one transaction per command); the others are written in
large transactions with COPY: their events exactly as the store appends them, their `people`
and `people_consents` rows built by the projectors' own functions (projections._columns and
_derived). A check compares both paths on the same person.
"""
from __future__ import annotations

import datetime as dt
import gc
import json
import os
import random
import resource
import statistics
import time
import tracemalloc
import uuid

import psycopg
from flask import g

from bench.common import RUNS, fresh_database, paired_rates, report
from services.stakeholders.app import create_app, migrate
from services.stakeholders.consent import handlers as consent_handlers
from services.stakeholders.domain import Person
from services.stakeholders.events import PROJECTORS
from services.stakeholders.handlers import register_person
from services.stakeholders.projections import _columns, _derived
from services.stakeholders.queries import list_people
from services.stakeholders.segments import handlers as segment_handlers
from services.stakeholders.segments.api import export_segment
from shared.eventstore import Metadata, UnitOfWork
from shared.settings import Settings

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "100000"))
LOAD_REAL = 200          # people registered through the real handlers and UnitOfWork
BATCH = 10_000           # people per COPY transaction
ACTOR = "bench-loader"
TODAY = dt.date(2026, 11, 1)

MA_GIVEN_F = ["Fatima", "Fatma", "Fatim-Zahra", "Khadija", "Khadidja", "Aïcha", "Aicha", "Aisha",
              "Zineb", "Zaynab", "Meryem", "Maryam", "Naïma", "Naima", "Hafsa", "Hafssa", "Salma",
              "Imane", "Iman", "Hanane", "Nadia", "Latifa", "Chaïma", "Shaima", "Souad", "Ikram",
              "Houda", "Rachida", "Malika", "Amina", "Samira", "Touria", "Yasmine", "Siham"]
MA_GIVEN_M = ["Mohamed", "Mohammed", "Mhamed", "M'hammed", "Muhammad", "Mohamad", "Youssef",
              "Youcef", "Yousef", "Hassan", "Hicham", "Hisham", "Rachid", "Rashid", "Abdelkader",
              "Abdel Kader", "Abderrahmane", "Abderahman", "Saïd", "Said", "Omar", "Oumar",
              "Brahim", "Ibrahim", "Lahcen", "Lhoucine", "Houcine", "Mustapha", "Moustafa",
              "Mostafa", "Karim", "Samir", "Soufiane", "Sofiane", "Ayoub", "Hamza", "Othmane",
              "Driss", "Khalid", "Noureddine", "Aziz", "Jamal", "Redouane", "Ilyas"]
FR_GIVEN_F = ["Marie", "Sophie", "Camille", "Léa", "Hélène", "Émilie", "Emilie", "Céline",
              "Chloé", "Manon", "Inès", "Julie", "Claire", "Anaïs", "Élodie", "Sarah", "Laura"]
FR_GIVEN_M = ["Jean", "Pierre", "François", "Jérôme", "Nicolas", "Julien", "Théo", "Lucas",
              "Noé", "Antoine", "Thomas", "Mathieu", "Benoît", "Grégoire", "Hugo", "Olivier"]
MA_FAMILY = ["Ait Lahcen", "Aït Lahcen", "Ait-Lahcen", "Ouarzazi", "Warzazi", "El Idrissi",
             "Idrissi", "Benali", "Ben Ali", "Amrani", "El Amrani", "Bennani", "Alaoui",
             "El Alaoui", "Tazi", "Chraibi", "Chraïbi", "Berrada", "Ait Baha", "Ouhammou",
             "Id Ahmed", "Boutaleb", "Ait Melloul", "Akhannouch", "Bouzid", "Lahlou", "Ziani",
             "El Fassi", "Haddad", "Naciri", "Nassiri", "Belkadi", "Oubella", "Ait Ouaziz",
             "Boukhris", "El Ouafi", "Amzil", "Ait Benhaddou", "Moutawakil", "Rahmouni",
             "Bouchaib", "Lamrani", "Zerouali", "Tahiri", "Ouchen", "Agouram", "Id Brahim"]
FR_FAMILY = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
             "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Lefebvre", "Michel", "Garcia",
             "Faure", "Rousseau", "Blanc", "Guérin", "Girard", "Bonnet", "Mercier", "Chevalier",
             "Roux", "Fontaine", "Gauthier", "Mathieu", "Perrin", "Morel", "Clément", "Giraud"]
MA_PLACES = [("Souss-Massa", "Agadir Ida-Outanane", "Agadir"),
             ("Souss-Massa", "Inezgane Aït Melloul", "Inezgane"),
             ("Souss-Massa", "Inezgane Aït Melloul", "Aït Melloul"),
             ("Souss-Massa", "Chtouka Aït Baha", "Biougra"),
             ("Souss-Massa", "Taroudant", "Taroudant"), ("Souss-Massa", "Tiznit", "Tiznit"),
             ("Souss-Massa", "Tata", "Tata"), ("Casablanca-Settat", "Casablanca", "Casablanca"),
             ("Rabat-Salé-Kénitra", "Rabat", "Rabat"), ("Marrakech-Safi", "Marrakech", "Marrakech"),
             ("Drâa-Tafilalet", "Ouarzazate", "Ouarzazate")]
FR_PLACES = [("Provence-Alpes-Côte d'Azur", "Bouches-du-Rhône", "Marseille"),
             ("Provence-Alpes-Côte d'Azur", "Alpes-Maritimes", "Nice"),
             ("Provence-Alpes-Côte d'Azur", "Var", "Toulon"),
             ("Provence-Alpes-Côte d'Azur", "Vaucluse", "Avignon"),
             ("Île-de-France", "Paris", "Paris"), ("Occitanie", "Hérault", "Montpellier"),
             ("Auvergne-Rhône-Alpes", "Rhône", "Lyon")]
ROLES = ["young_person", "volunteer", "association_member", "consultant_trainer",
         "elected_official", "partner_staff", "other"]
ROLE_WEIGHTS = [40, 25, 15, 5, 3, 8, 4]
PROGRAMMES = ["service-civique", "erasmus-plus", "jeunesse-souss", "chantiers", "mobilite-sud"]
TAGS = ["mentor", "formation-2025", "formation-2026", "ambassadeur", "alumni", "presse", "ces"]
DOMAINS = ["gmail.com", "yahoo.fr", "hotmail.com", "outlook.fr", "menara.ma", "orange.fr"]


def ascii_local(text: str) -> str:
    import unicodedata
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(c for c in bare if c.isalnum())


# The pairs of digits after "6" that are allocated to mobiles (phonenumbers refuses others).
MOBILE_PAIRS = {"MA": [d for d in range(100) if d not in (83, 85, 86)],
                "FR": [d for d in range(10, 90) if d != 39]}


def mobile(country: str, n: int, rnd: random.Random) -> str:
    """A valid mobile number, distinct for each n (below a million or so)."""
    pairs = MOBILE_PAIRS["MA" if country == "MA" else "FR"]
    first, rest = pairs[n % len(pairs)], n // len(pairs)
    code = "+212" if country == "MA" else "+33"
    return f"{code} 6 {first:02d} {rest % 100:02d} {rest // 100 % 100:02d} {rnd.randrange(100):02d}"


def person_details(rnd: random.Random, n: int) -> dict:
    moroccan = rnd.random() < 0.68
    female = rnd.random() < 0.52
    if moroccan:
        given = rnd.choice(MA_GIVEN_F if female else MA_GIVEN_M)
        family = rnd.choice(MA_FAMILY)
    else:
        given = rnd.choice(FR_GIVEN_F if female else FR_GIVEN_M)
        family = rnd.choice(FR_FAMILY if rnd.random() < 0.85 else MA_FAMILY)
    r = rnd.random()
    country = ("MA" if moroccan else "FR") if r < 0.93 else rnd.choice(["BE", "ES", "SN", "FR"])
    places = MA_PLACES if country == "MA" else FR_PLACES if country == "FR" else None
    region, province, town = rnd.choice(places) if places else (None, None, None)
    roles = tuple(dict.fromkeys(rnd.choices(ROLES, ROLE_WEIGHTS, k=rnd.choice((1, 1, 1, 2)))))
    details = {
        "given_name": given, "family_name": family,
        "sex": "female" if female else ("male" if rnd.random() < 0.98 else "unknown"),
        "birth_date": (dt.date(1955, 1, 1) + dt.timedelta(days=rnd.randrange(18_000))
                       if rnd.random() < 0.9 else None),
        "nationality": "MA" if moroccan else ("FR" if rnd.random() < 0.9 else "BE"),
        "residence_country": country, "residence_region": region,
        "residence_province": province, "residence_town": town,
        "email": (f"{ascii_local(given)}.{ascii_local(family)}{n}@{rnd.choice(DOMAINS)}"
                  if rnd.random() < 0.85 else None),
        "phone": mobile(country, n, rnd) if rnd.random() < 0.8 else None,
        "languages": tuple(["ar", "fr", "tzm"][:rnd.randint(1, 3)] if moroccan
                           else ["fr"] + (["en"] if rnd.random() < 0.4 else [])),
        "roles": roles,
        "programmes": tuple(rnd.sample(PROGRAMMES, rnd.choice((0, 1, 1, 2)))),
        "tags": tuple(rnd.sample(TAGS, rnd.choice((0, 0, 1, 2)))),
    }
    details["whatsapp"] = details["phone"] if details["phone"] and rnd.random() < 0.5 else None
    return details


def decide(rnd: random.Random, person: Person) -> None:
    """Consents as staff record them: data processing for everyone at registration, the
    newsletter for most (some withdrew), photos and invitations for some."""
    start = TODAY - dt.timedelta(days=rnd.randrange(30, 1500))
    method = rnd.choice(("paper_form", "online", "oral", "email"))
    person.give_consent("data_processing", start, method, today=TODAY)
    if rnd.random() < 0.6:
        person.give_consent("newsletter", start, method, today=TODAY)
        if rnd.random() < 0.08:
            person.withdraw_consent("newsletter", start + dt.timedelta(days=20), "email",
                                    today=TODAY)
    if rnd.random() < 0.3:
        person.give_consent("photos", start, "paper_form", today=TODAY)
    if rnd.random() < 0.4:
        person.give_consent("event_invitations", start, method, today=TODAY)


# -- loading ---------------------------------------------------------------------------

def load_real(store, rnd: random.Random, count: int, first: int) -> None:
    """Through the real handlers: one UnitOfWork transaction per command."""
    uow = UnitOfWork(store, PROJECTORS, Metadata(actor=ACTOR))
    for n in range(first, first + count):
        person = register_person(uow, person_details(rnd, n))
        probe = Person.rebuild(person.id, [])  # the consents decided as in load_bulk
        decide(rnd, probe)
        for event in probe.pending:
            if event.type == "person.consent_given":
                person = consent_handlers.give_consent(
                    uow, person.id, person.version, purpose=event.purpose,
                    given_at=event.given_at, method=event.method)
            else:
                person = consent_handlers.withdraw_consent(
                    uow, person.id, person.version, purpose=event.purpose,
                    withdrawn_at=event.withdrawn_at, method=event.method)


def _copy_rows(cur, table: str, columns: list[str], rows: list[tuple]) -> None:
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


PEOPLE_COLUMNS = ["id", "version", "given_name", "family_name", "sex", "birth_date",
                  "nationality", "residence_country", "residence_region", "residence_province",
                  "residence_town", "email", "phone", "whatsapp", "languages", "roles",
                  "programmes", "tags", "roles_text", "search", "sort_name", "archived",
                  "registered_at", "updated_at", "given_key", "family_key", "name_keys",
                  "phone_key", "whatsapp_key"]
EVENT_COLUMNS = ["position", "id", "stream_id", "stream_type", "version", "type",
                 "schema_version", "data", "metadata", "recorded_at"]
CONSENT_COLUMNS = ["person_id", "purpose", "status", "since", "method", "note", "recorded_by",
                   "version", "recorded_at"]


def bulk_rows(rnd: random.Random, n: int, position: int, now: dt.datetime):
    """One person decided by the aggregate: its event rows (as argan_append writes them,
    numbered as argan_sequence would), its people row (as project_people writes it) and its
    people_consents rows (as project_consents leaves them)."""
    person = Person.register(str(uuid.uuid4()), today=TODAY, **person_details(rnd, n))
    decide(rnd, person)
    meta = json.dumps(Metadata(actor=ACTOR).as_dict())
    events, consents = [], {}
    for version, event in enumerate(person.pending, start=1):
        data = event.to_data()
        events.append((position + version, str(uuid.uuid4()), person.id, "person", version,
                       event.type, event.schema_version, json.dumps(data), meta, now))
        if event.type != "person.registered":
            status, date_field = (("given", "given_at") if event.type == "person.consent_given"
                                  else ("withdrawn", "withdrawn_at"))
            consents[data["purpose"]] = (person.id, data["purpose"], status, data[date_field],
                                         data["method"], data.get("note"), ACTOR, version, now)
    registered = person.pending[0]
    row = _columns(registered.to_data())
    row["birth_date"] = registered.birth_date
    row.update(_derived(row))
    values = {**row, "id": person.id, "version": len(events), "archived": False,
              "registered_at": now, "updated_at": now}
    people_row = tuple(json.dumps(values[c]) if c in ("languages", "roles", "programmes", "tags")
                       else values[c] for c in PEOPLE_COLUMNS)
    return events, people_row, list(consents.values())


def load_bulk(dsn: str, rnd: random.Random, first: int, count: int) -> None:
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT coalesce(max(position), 0) FROM events")
        position = cur.fetchone()[0]
        for start in range(first, first + count, BATCH):
            events, rows, consents = [], [], []
            now = dt.datetime.now(dt.timezone.utc)
            for n in range(start, min(start + BATCH, first + count)):
                e, p, c = bulk_rows(rnd, n, position + len(events), now)
                events.extend(e)
                rows.append(p)
                consents.extend(c)
            position += len(events)
            _copy_rows(cur, "events", EVENT_COLUMNS, events)
            _copy_rows(cur, "people", PEOPLE_COLUMNS, rows)
            _copy_rows(cur, "people_consents", CONSENT_COLUMNS, consents)
            conn.commit()
        conn.autocommit = True
        cur.execute("VACUUM ANALYZE")  # as autovacuum would after such a load
        conn.commit()


def print_counts(dsn: str) -> None:
    with psycopg.connect(dsn) as conn:
        counts = conn.execute("SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM "
                              "events), (SELECT count(*) FROM people_consents)").fetchone()
    print(f"loaded: {counts[0]:,} people, {counts[1]:,} events, {counts[2]:,} consents",
          flush=True)


def verify_projection(store, dsn: str) -> None:
    """Replay one bulk-written person's events through the real projectors in a scratch
    transaction and compare the rows they write with the bulk rows."""
    from sqlalchemy import text
    with psycopg.connect(dsn) as conn:
        pid = conn.execute("SELECT id FROM people ORDER BY registered_at DESC LIMIT 1"
                           ).fetchone()[0]
    stored = store.load(pid)
    cols = ", ".join(PEOPLE_COLUMNS[1:])
    with store.engine.connect() as conn:
        bulk = conn.execute(text(f"SELECT {cols} FROM people WHERE id = :id"), {"id": pid}).one()
        bulk_c = conn.execute(text("SELECT purpose, status, since, method, version FROM "
                                   "people_consents WHERE person_id = :id ORDER BY purpose"),
                              {"id": pid}).all()

        conn.execute(text("DELETE FROM people_consents WHERE person_id = :id"), {"id": pid})
        conn.execute(text("DELETE FROM people WHERE id = :id"), {"id": pid})
        for project in PROJECTORS:
            project(conn, stored)
        real = conn.execute(text(f"SELECT {cols} FROM people WHERE id = :id"), {"id": pid}).one()
        real_c = conn.execute(text("SELECT purpose, status, since, method, version FROM "
                                   "people_consents WHERE person_id = :id ORDER BY purpose"),
                              {"id": pid}).all()
        conn.rollback()
    diff = [PEOPLE_COLUMNS[1:][i] for i, (a, b) in enumerate(zip(bulk, real)) if a != b]
    assert not diff, f"bulk rows differ from the projectors' on {diff}"
    assert bulk_c == real_c, (bulk_c, real_c)


# -- measuring ---------------------------------------------------------------------------

def median_ms(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def paired_ms(baseline, ours, runs: int) -> tuple[float, float, float]:
    """Medians (ms) of the baseline and of ours, alternating, and the median ratio."""
    baseline(), ours()
    pairs = []
    for _ in range(runs):
        t0 = time.perf_counter()
        baseline()
        t1 = time.perf_counter()
        ours()
        t2 = time.perf_counter()
        pairs.append(((t1 - t0) * 1000, (t2 - t1) * 1000))
    return (statistics.median(b for b, _ in pairs), statistics.median(o for _, o in pairs),
            statistics.median(o / b for b, o in pairs))


LIST_SQL = """SELECT id, version, given_name, family_name, sex, birth_date, nationality,
    residence_country, residence_region, residence_province, residence_town, email, phone,
    whatsapp, languages, roles, programmes, tags, archived, archived_reason, registered_at,
    updated_at, merged_into FROM people
    WHERE merged_into IS NULL AND residence_country = %s AND roles_text LIKE %s
      AND archived = false
    ORDER BY sort_name, id LIMIT 20 OFFSET %s"""
LIST_COUNT = """SELECT count(*) FROM people WHERE merged_into IS NULL AND residence_country = %s
    AND roles_text LIKE %s AND archived = false"""
SEARCH_SQL = """SELECT id, given_name, family_name, email FROM people
    WHERE merged_into IS NULL AND archived = false AND {where}
    ORDER BY sort_name, id LIMIT 20"""
SEARCH_COUNT = "SELECT count(*) FROM people WHERE merged_into IS NULL AND archived = false AND {where}"


def plain_list(conn, page: int):
    conn.execute(LIST_COUNT, ("MA", "% volunteer %")).fetchone()
    return conn.execute(LIST_SQL, ("MA", "% volunteer %", (page - 1) * 20)).fetchall()


def plain_search(conn, words: list[str]):
    where = " AND ".join(["(given_name || ' ' || family_name || ' ' || coalesce(email, '')) "
                          "ILIKE %s"] * len(words))
    params = [f"%{w}%" for w in words]
    conn.execute(SEARCH_COUNT.format(where=where), params).fetchone()
    return conn.execute(SEARCH_SQL.format(where=where), params).fetchall()


def export_through_app(app, store, segment_id: str) -> tuple[int, int]:
    """The export as the HTTP response streams it: count, record, then every chunk."""
    with app.test_request_context("/"):
        g.uow = UnitOfWork(store, PROJECTORS, Metadata(actor=ACTOR))
        response = export_segment(segment_id, "data_processing", "csv")
        size = lines = 0
        for chunk in response.response:
            size += len(chunk)
            lines += chunk.count(b"\n")
        response.close()
    return size, lines - 1  # the header line


def copy_baseline(dsn: str) -> int:
    size = 0
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        with cur.copy("""COPY (SELECT p.given_name, p.family_name, p.email, p.phone, p.whatsapp,
                p.languages, p.residence_country, p.residence_region, p.residence_town, p.roles
            FROM people p JOIN people_consents c ON c.person_id = p.id
                 AND c.purpose = 'data_processing' AND c.status = 'given'
            WHERE p.archived = false ORDER BY p.sort_name, p.id)
            TO STDOUT WITH (FORMAT csv, DELIMITER ';', HEADER)""") as copy:
            for block in copy:
                size += len(block)
    return size


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    print(f"== stakeholders: {PEOPLE:,} people (list, search, CSV export) ==", flush=True)
    runs = max(RUNS, 7)
    with fresh_database("people") as url:
        settings = Settings(service="stakeholders", database_url=url, secret_key="bench",
                            service_token="bench", testing=True)
        migrate(settings)
        app = create_app(settings)
        store = app.extensions["argan"]["store"]
        engine = app.extensions["argan"]["engine"]
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        rnd = random.Random(4)

        start = time.perf_counter()
        load_real(store, rnd, LOAD_REAL, 0)
        real_s = time.perf_counter() - start
        report(f"load: {LOAD_REAL} people via handlers + UnitOfWork", LOAD_REAL / real_s,
               "people/s")
        start = time.perf_counter()
        load_bulk(dsn, rnd, LOAD_REAL, PEOPLE - LOAD_REAL)
        bulk_s = time.perf_counter() - start
        report(f"load: {PEOPLE - LOAD_REAL:,} people by COPY (aggregate-decided)",
               (PEOPLE - LOAD_REAL) / bulk_s, "people/s")
        print(f"load time: {real_s + bulk_s:.1f} s in all "
              f"({real_s:.1f} s handlers, {bulk_s:.1f} s bulk)", flush=True)
        verify_projection(store, dsn)
        print_counts(dsn)

        with psycopg.connect(dsn, autocommit=True) as conn:
            # (a) filtered, paginated list
            base, ours, ratio = paired_ms(
                lambda: plain_list(conn, 50),
                lambda: list_people(engine, country="MA", role="volunteer", sort="name",
                                    page=50), runs)
            total = list_people(engine, country="MA", role="volunteer", page=50)["total"]
            report(f"list: MA volunteers by name, page 50 ({total:,})", ours, "ms", base,
                   "< 50 ms", ratio)
            base, ours, ratio = paired_ms(
                lambda: plain_list(conn, 1),
                lambda: list_people(engine, country="MA", role="volunteer", page=1), runs)
            report("list: MA volunteers by name, page 1", ours, "ms", base, "< 50 ms", ratio)
            # (b) name search
            for q in ("mohamed", "ait lahcen"):
                found = list_people(engine, q=q)
                base, ours, ratio = paired_ms(lambda: plain_search(conn, q.split()),
                                              lambda: list_people(engine, q=q), runs)
                report(f"search: q={q!r} ({found['total']:,} found)", ours, "ms", base,
                       "< 100 ms", ratio)

        # (c) the CSV export of a segment matching everyone, for data processing
        with app.test_request_context("/"):
            uow = UnitOfWork(store, PROJECTORS, Metadata(actor=ACTOR))
            segment = segment_handlers.save_segment(uow, {"name": "Tout le monde",
                                                          "purpose": "data_processing"})
        export_runs = 3
        times, copies = [], []
        size = lines = 0
        for i in range(export_runs + 1):
            t0 = time.perf_counter()
            copy_size = copy_baseline(dsn)
            t1 = time.perf_counter()
            size, lines = export_through_app(app, store, segment.id)
            t2 = time.perf_counter()
            if i:  # the first pair warms up
                copies.append(t1 - t0)
                times.append(t2 - t1)
        report(f"export: CSV of {lines:,} rows ({size / 2**20:.1f} MiB)",
               statistics.median(times) * 1000, "ms", statistics.median(copies) * 1000,
               "< 5,000 ms", statistics.median(t / c for t, c in zip(times, copies)))
        print(f"   (COPY baseline wrote {copy_size / 2**20:.1f} MiB)", flush=True)

        # (d) the memory the export used
        gc.collect()
        rss_before = rss_mb()
        tracemalloc.start()
        export_through_app(app, store, segment.id)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = rss_mb()
        report("export: Python memory peak (tracemalloc)", peak / 2**10, "KiB",
               target=f"streams: << the {size / 2**10:,.0f} KiB file")
        report("export: RSS growth", max(rss_after - rss_before, 0) * 1024, "KiB")
        engine.dispose()
        store.dispose()


if __name__ == "__main__":
    main()
