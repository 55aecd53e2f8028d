"""A room signs at once: every signature is kept (decided again on a version that moved),
and a signature and its attendance are written together or not at all (real PostgreSQL)."""
import datetime as dt
import threading

import pytest

from services.activities.domain import Activity
from services.activities.handlers import ActivitiesWork
from services.activities.projections import PROJECTORS
from services.activities.self_sign_in import handlers
from services.activities.self_sign_in.domain import PURPOSE, SelfSignIn, sheet_id
from shared.eventstore import ConcurrencyError, Metadata
from tests.activities.participants_helpers import UTC, setup_activity

NOW = dt.datetime(2026, 3, 18, 9, 0, tzinfo=UTC)


def work(store):
    return ActivitiesWork(store, PROJECTORS, Metadata(), people=lambda ids: set(ids))


def test_a_room_signing_at_once_loses_no_signature(activities_app, api, stakeholders, store):
    path, session_id, people = setup_activity(api, stakeholders)
    more = [stakeholders.person(f"Participant{i}", "Souss") for i in range(6)]
    assert api.post(path + "/registrations", {"person_ids": more}).status_code == 201
    tokens = activities_app.extensions["argan"]["link_tokens"]
    opened = handlers.open_self_sign_in(work(store), path.rsplit("/", 1)[1], session_id,
                                        half_day="morning", now=NOW - dt.timedelta(hours=2))
    sheet = work(store).get(SelfSignIn, opened["id"])
    token = tokens.token(PURPOSE, sheet.id, sheet.nonce)

    start, errors = threading.Barrier(len(more)), []

    def sign(person_id):
        start.wait()
        try:
            handlers.sign(work(store), token, person_id=person_id, now=NOW, tokens=tokens,
                          confirm=True)
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=sign, args=(p,)) for p in more]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors  # each round one of the racing wins; the others try again
    signed = set(work(store).get(SelfSignIn, sheet.id).signatures)
    present = {who for (who, _), status in work(store).get(Activity, path.rsplit("/", 1)[1])
               .attendance[session_id].items() if status == "present"}
    assert signed == present  # each signature with its attendance, never one without
    assert signed == set(more)


def test_a_signature_is_not_kept_when_its_attendance_cannot_be_written(
        activities_app, api, stakeholders, store):
    path, session_id, people = setup_activity(api, stakeholders)
    activity_id = path.rsplit("/", 1)[1]
    tokens = activities_app.extensions["argan"]["link_tokens"]
    handlers.open_self_sign_in(work(store), activity_id, session_id, half_day="morning",
                               now=NOW)
    uow = work(store)
    sheet = uow.get(SelfSignIn, sheet_id(session_id, "morning"))
    activity = uow.get(Activity, activity_id)
    sheet.sign(people["aicha"], {people["aicha"]}, NOW, None, True)
    activity.record_attendance(session_id, [{"person_id": people["aicha"],
                                             "half_day": "morning", "status": "present"}])
    # meanwhile, staff record the attendance of someone else
    api.post(path + f"/sessions/{session_id}/attendance", {"attendance": [
        {"person_id": people["youssef"], "half_day": "morning", "status": "absent"}]})
    with pytest.raises(ConcurrencyError):
        uow.save(sheet, activity)
    assert work(store).get(SelfSignIn, sheet.id).signatures == {}
    assert tokens.matches(tokens.token(PURPOSE, sheet.id, sheet.nonce), PURPOSE, sheet.id,
                          sheet.nonce)
