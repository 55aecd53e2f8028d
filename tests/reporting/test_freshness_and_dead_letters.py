"""Freshness per source (head, projected position, lag in seconds) and the dead letters an
admin lists and retries."""
import datetime as dt

from sqlalchemy import insert, select

from services.reporting.facts.tables import follow_ups
from shared.eventstore.schema import dead_letters

API = "/reporting/api/v1"


def test_freshness_gives_each_source_its_head_position_and_lag(client, csrf, projected):
    items = {f["source"]: f for f in client.get(f"{API}/freshness").json["items"]}
    assert set(items) == {"stakeholders", "activities", "missions"}
    missions = projected["feeds"]["missions"]
    assert items["missions"]["source_position"] == missions.last_position()
    assert items["missions"]["applied_position"] == missions.last_position()
    assert items["missions"]["behind"] == 0 and items["missions"]["lag_seconds"] == 0


def test_a_source_ahead_shows_its_lag_in_seconds(projected):
    from services.reporting import queries
    from shared.messaging.feed import CachedLastPosition

    class Ahead:
        def last_position(self):
            return projected["feeds"]["missions"].last_position() + 3

    from shared.eventstore.schema import consumer_positions
    hour_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)
    with projected["engine"].begin() as conn:   # the projection last moved an hour ago
        conn.execute(consumer_positions.update().where(consumer_positions.c.source == "missions")
                     .values(updated_at=hour_ago))
        (lag,) = queries.freshness(conn, {"missions": CachedLastPosition(Ahead())})
    assert lag.behind == 3 and 3600 <= lag.lag_seconds < 3700


def _dead_letter(projected, event, error):
    with projected["engine"].begin() as conn:
        return conn.execute(insert(dead_letters).values(
            consumer="reporting", source=event.source, position=event.position,
            event_id=event.id, type=event.type, error=error,
            recorded_at=dt.datetime.now(dt.timezone.utc)).returning(dead_letters.c.id)).scalar()


def test_an_admin_retries_a_dead_letter(client, csrf, projected):
    feed = projected["feeds"]["missions"]
    event = feed.add("mission.follow_up_recorded", "m1", {
        "follow_up_id": "f-dead", "kind": "monthly", "date": "2026-03-01", "wellbeing": 5,
        "notes": ""})
    letter = _dead_letter(projected, event, "OperationalError: the database was away")
    page = client.get("/reporting/dead-letters").get_data(as_text=True)
    assert "the database was away" in page and "Relancer" in page
    assert client.post(f"/reporting/dead-letters/{letter}/retry").status_code == 400  # no CSRF
    done = client.post(f"/reporting/dead-letters/{letter}/retry", data={"csrf_token": csrf})
    assert done.status_code == 302
    with projected["engine"].connect() as conn:
        assert conn.execute(select(follow_ups.c.follow_up_id)
                            .where(follow_ups.c.follow_up_id == "f-dead")).scalar() == "f-dead"
        assert conn.execute(select(dead_letters.c.id).where(dead_letters.c.id == letter)).first() is None


def test_a_retry_that_fails_again_keeps_the_letter_with_its_new_error(client, csrf, projected):
    feed = projected["feeds"]["missions"]
    event = feed.add("mission.follow_up_recorded", "m-unknown", {"kind": "monthly"})  # no id
    letter = _dead_letter(projected, event, "first error")
    client.post(f"/reporting/dead-letters/{letter}/retry", data={"csrf_token": csrf})
    with projected["engine"].connect() as conn:
        error = conn.execute(select(dead_letters.c.error)
                             .where(dead_letters.c.id == letter)).scalar()
    assert error != "first error" and "follow_up_id" in error


def test_dead_letters_are_for_admins_only(app):
    from shared.testing.web import sign_in_as
    officer = app.test_client()
    sign_in_as(officer, roles=("officer",))
    assert officer.get("/reporting/dead-letters").status_code == 403

