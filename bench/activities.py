"""Activities' documents: the sign-in sheet of a 40-person full-day session (the query of
the activity and its people, then WeasyPrint), beside a trivial PDF rendered by the same
WeasyPrint in the same run (what any PDF costs: fonts, layout, writing)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from flask import g

from bench.common import RUNS, fresh_database, report
from bench.stakeholders import paired_ms
from services.activities import handlers
from services.activities.app import create_app, migrate
from services.activities.policies import policies
from services.activities.projections import PROJECTORS
from services.activities.queries import active_people
from services.activities.sheets import queries as sheet_queries
from services.activities.sheets.printing import sheet_pdf
from shared.db import write_transaction
from shared.eventstore import Metadata
from shared.messaging.envelope import ReceivedEvent
from shared.settings import Settings
from shared.web.pdf import html_to_pdf

PEOPLE = 40
GIVEN = ["Amina", "Youssef", "Khadija", "Lahcen", "Zineb", "Brahim", "Meryem", "Omar"]
FAMILY = ["Ait Lahcen", "Ouarzazi", "El Idrissi", "Bennani", "Amzil", "Oubella", "Tazi"]


def received(position: int, type_: str, stream_id: str, data: dict) -> ReceivedEvent:
    return ReceivedEvent(id=str(uuid.uuid4()), source="stakeholders", type=type_,
                         stream_id=stream_id, stream_type=type_.split(".")[0], version=1,
                         position=position, data=data, time=dt.datetime.now(dt.timezone.utc))


def replica(engine, store) -> list[str]:
    """40 people and their associations, as stakeholders' events leave them here."""
    apply, events, people = policies(store, PROJECTORS), [], []
    for n in range(PEOPLE):
        person, organisation = str(uuid.uuid4()), str(uuid.uuid4())
        people.append(person)
        events += [received(0, "person.registered", person, {
                       "given_name": GIVEN[n % len(GIVEN)], "sex": "female",
                       "family_name": f"{FAMILY[n % len(FAMILY)]} {n:02d}"}),
                   received(0, "organisation.registered", organisation,
                            {"name": f"Association des jeunes de Tiznit {n:02d}"}),
                   received(0, "organisation.affiliation_added", organisation,
                            {"affiliation_id": str(uuid.uuid4()), "person_id": person})]
    with write_transaction(engine) as conn:
        for position, event in enumerate(events, start=1):
            apply(conn, dataclasses.replace(event, position=position))
    return people


def activity_with_a_full_day(engine, store, people: list[str]) -> tuple[str, str]:
    g.uow = handlers.ActivitiesWork(store, PROJECTORS, Metadata(actor="bench"),
                                    people=lambda ids: active_people(engine, ids))
    activity = handlers.plan_activity(
        g.uow, title="Formation des associations de migrants au montage de projets",
        kind="training", office="tiznit", programme="PRAOSIM", capacity=PEOPLE,
        funder="Agence française de développement", venue="Maison des associations, Tiznit",
        facilitators=("Samira Idrissi", "Karim Benali"))
    session = handlers.schedule_session(g.uow, activity.id, 1, date=dt.date(2026, 3, 18),
                                        start=dt.time(9), end=dt.time(17))
    handlers.open_registration(g.uow, activity.id, 2)
    handlers.register(g.uow, activity.id, person_ids=people)
    return activity.id, session["id"]


def main() -> None:
    print(f"== activities: sign-in sheet of a {PEOPLE}-person full-day session ==", flush=True)
    with fresh_database("activities") as url:
        settings = Settings(service="activities", database_url=url, secret_key="bench",
                            service_token="bench", testing=True)
        migrate(settings)
        app = create_app(settings)
        engine, store = app.extensions["argan"]["engine"], app.extensions["argan"]["store"]
        with app.test_request_context("/"):
            activity_id, session_id = activity_with_a_full_day(engine, store,
                                                               replica(engine, store))

            def sheet() -> bytes:  # what the route does: read, then render
                context = sheet_queries.sign_in_sheet(engine, store, activity_id, session_id)
                assert len(context["lines"]) == PEOPLE
                return sheet_pdf(context)

            base, ours, ratio = paired_ms(lambda: html_to_pdf("<p>Feuille</p>"), sheet,
                                          max(RUNS, 5))
            report(f"sign-in sheet: {PEOPLE} people, full day ({len(sheet()) // 1024} KiB)",
                   ours, "ms", base, "< 2,000 ms", ratio)
        engine.dispose()
        store.dispose()


if __name__ == "__main__":
    main()
