"""The rules of an activity: life cycle, sessions and half-days, registrations (capacity,
waitlist order, promotion, no double registration, none once finished, groups), attendance
per half-day and its correction, hours, merges."""
import datetime as dt

import pytest

from services.activities.domain import (Activity, ActivityCorrected, AttendanceRecorded,
                                        PromotedFromWaitlist, RegistrationCancelled,
                                        RegistrationTransferred, Session)
from shared.eventstore import DomainError

DAY = dt.date(2025, 3, 18)


def plan(**details):
    return Activity.plan("a1", **{"title": "Journée d'information mobilité", "kind":
                                  "information_day", "office": "agadir", **details})


def t(text):
    return dt.time.fromisoformat(text)


def opened(capacity=None, full_day=True):
    activity = plan(capacity=capacity, venue="Salle des fêtes, Tiznit")
    activity.schedule_session("s1", DAY, t("09:00"), t("17:00") if full_day else t("12:00"))
    activity.open_registration()
    return activity


def register(activity, *people):
    return activity.register([(f"r-{p}", p) for p in people])


def statuses(activity):
    return {r.person_id: r.status for r in activity.registrations.values()}


def test_an_activity_is_planned_with_every_field():
    activity = plan(programme="GENCLIMAT", objectives="Comprendre", venue="Agadir",
                    online_link="https://visio.example.org/x", partners=["o1", "o1", "o2"],
                    facilitators=["Samira", " Paul  Martin "], capacity=20)
    assert activity.status == "planned"
    assert activity.details["partners"] == ("o1", "o2")
    assert activity.details["facilitators"] == ("Samira", "Paul Martin")
    assert activity.details["capacity"] == 20


@pytest.mark.parametrize("details, field", [
    ({"title": " "}, "title"), ({"kind": "party"}, "kind"), ({"office": "paris"}, "office"),
    ({"capacity": 0}, "capacity"), ({"title": "x" * 201}, "title")])
def test_planning_refuses_bad_fields_naming_them(details, field):
    with pytest.raises(DomainError) as exc:
        plan(**details)
    assert exc.value.field == field


def test_the_life_cycle_goes_planned_open_held_closed_and_no_other_way():
    activity = plan()
    with pytest.raises(DomainError):
        activity.mark_held()
    activity.open_registration()
    with pytest.raises(DomainError):
        activity.mark_held()  # no session yet
    activity.schedule_session("s1", DAY, t("09:00"), t("12:00"), "Agadir")
    activity.mark_held()
    with pytest.raises(DomainError):
        activity.cancel("trop tard")
    activity.close()
    assert activity.status == "closed"
    with pytest.raises(DomainError):
        activity.correct({"title": "Autre"})


def test_cancelling_needs_a_reason():
    activity = plan()
    with pytest.raises(DomainError) as exc:
        activity.cancel("  ")
    assert exc.value.field == "reason"
    activity.cancel("Intempéries")
    assert (activity.status, activity.cancel_reason) == ("cancelled", "Intempéries")


def test_a_correction_carries_only_the_changed_fields():
    activity = plan(capacity=10)
    activity.correct({"title": "Journée d'information mobilité", "capacity": 12})
    (event,) = [e for e in activity.pending if isinstance(e, ActivityCorrected)]
    assert event.changes() == {"capacity": 12}
    with pytest.raises(DomainError):
        activity.correct({"capacity": 12})


@pytest.mark.parametrize("start, end, half_days, hours", [
    ("09:00", "12:00", ("morning",), 3.0), ("14:00", "17:30", ("afternoon",), 3.5),
    ("09:00", "17:00", ("morning", "afternoon"), 8.0),   # spans noon
    ("11:00", "13:00", ("morning", "afternoon"), 2.0),   # spans noon, short
    ("13:00", "18:00", ("morning", "afternoon"), 5.0)])  # longer than a half-day
def test_half_days_follow_from_the_hours(start, end, half_days, hours):
    session = Session("s", DAY, t(start), t(end))
    assert session.half_days == half_days
    assert session.hours == hours
    assert sum(session.hours_of(h) for h in half_days) == hours


def test_a_session_needs_a_place_ends_after_it_starts_and_does_not_overlap():
    activity = plan()
    with pytest.raises(DomainError) as exc:
        activity.schedule_session("s1", DAY, t("09:00"), t("12:00"))
    assert exc.value.field == "place"
    with pytest.raises(DomainError) as exc:
        activity.schedule_session("s1", DAY, t("12:00"), t("09:00"), "Agadir")
    assert exc.value.field == "end"
    activity.schedule_session("s1", DAY, t("09:00"), t("12:00"), "Agadir")
    with pytest.raises(DomainError):
        activity.schedule_session("s2", DAY, t("11:00"), t("13:00"), "Agadir")
    assert activity.hours_delivered() == 3.0


def test_beyond_capacity_people_are_waitlisted_in_order():
    activity = opened(capacity=2)
    made = register(activity, "p1", "p2", "p3", "p4")
    assert [r.status for r in made] == ["registered", "registered", "waitlisted", "waitlisted"]
    assert [r.person_id for r in activity.waitlist()] == ["p3", "p4"]


def test_a_freed_place_goes_to_the_first_waitlisted():
    activity = opened(capacity=2)
    register(activity, "p1", "p2", "p3", "p4")
    activity.cancel_registration("r-p1", "malade")
    assert statuses(activity) == {"p1": "cancelled", "p2": "registered", "p3": "registered",
                                  "p4": "waitlisted"}
    assert isinstance(activity.pending[-1], PromotedFromWaitlist)
    activity.cancel_registration("r-p4", "désistement")  # a waitlisted one: no promotion
    assert [r.person_id for r in activity.registered()] == ["p2", "p3"]
    with pytest.raises(DomainError):
        activity.cancel_registration("r-p4", "encore")


def test_raising_the_capacity_promotes_and_lowering_it_below_the_registered_is_refused():
    activity = opened(capacity=1)
    register(activity, "p1", "p2", "p3")
    activity.correct({"capacity": 2})
    assert [r.person_id for r in activity.registered()] == ["p1", "p2"]
    with pytest.raises(DomainError) as exc:
        activity.correct({"capacity": 1})
    assert exc.value.field == "capacity"


def test_a_cancellation_needs_a_reason():
    activity = opened()
    register(activity, "p1")
    with pytest.raises(DomainError) as exc:
        activity.cancel_registration("r-p1", "")
    assert exc.value.field == "reason"


def test_no_one_is_registered_twice_and_a_group_is_all_or_nothing():
    activity = opened()
    register(activity, "p1")
    before = len(activity.pending)
    with pytest.raises(DomainError):
        register(activity, "p2", "p1")
    with pytest.raises(DomainError):
        register(activity, "p3", "p3")
    assert len(activity.pending) == before and "p2" not in statuses(activity)
    activity.cancel_registration("r-p1", "erreur")
    activity.register([("r-again", "p1")])  # after a cancellation, again
    assert activity.registrations["r-again"].status == "registered"


def test_a_group_is_registered_at_once_beyond_capacity_in_order():
    activity = opened(capacity=3)
    made = register(activity, *[f"m{i}" for i in range(5)])
    assert [r.status for r in made] == ["registered"] * 3 + ["waitlisted"] * 2


@pytest.mark.parametrize("finish", ["held", "closed", "cancelled"])
def test_no_registration_once_held_closed_or_cancelled(finish):
    activity = opened()
    register(activity, "p1")
    if finish == "cancelled":
        activity.cancel("Reporté")
    else:
        activity.mark_held()
        if finish == "closed":
            activity.close()
    with pytest.raises(DomainError):
        register(activity, "p2")
    with pytest.raises(DomainError):
        activity.cancel_registration("r-p1", "trop tard")


def test_attendance_is_per_half_day_for_the_whole_list_and_correctable():
    activity = opened()
    register(activity, "p1", "p2", "p3")
    activity.record_attendance("s1", [
        {"person_id": p, "half_day": h, "status": "present"}
        for p in ("p1", "p2", "p3") for h in ("morning", "afternoon")] + [])
    activity.record_attendance("s1", [
        {"person_id": "p2", "half_day": "afternoon", "status": "absent"},
        {"person_id": "p3", "half_day": "morning", "status": "late"},
        {"person_id": "p1", "half_day": "morning", "status": "present"}])  # unchanged
    last = activity.pending[-1]
    assert isinstance(last, AttendanceRecorded)
    assert len(last.marks) == 2  # only what changed is recorded, the rest is history
    assert activity.attendance["s1"][("p2", "afternoon")] == "absent"
    assert activity.hours_attended("p1") == 8.0
    assert activity.hours_attended("p2") == 3.0   # morning 09:00-12:00 only
    assert activity.hours_attended("p3") == 8.0   # late counts as present
    activity.record_attendance("s1", [{"person_id": "p2", "half_day": "afternoon",
                                       "status": "excused"}])  # corrected later
    assert activity.attendance["s1"][("p2", "afternoon")] == "excused"


def test_attendance_refuses_what_cannot_be_so():
    activity = opened(capacity=1, full_day=False)
    register(activity, "p1", "p2")  # p2 waitlisted
    bad = [
        [{"person_id": "p2", "half_day": "morning", "status": "present"}],    # waitlisted
        [{"person_id": "p9", "half_day": "morning", "status": "present"}],    # not registered
        [{"person_id": "p1", "half_day": "afternoon", "status": "present"}],  # no afternoon
        [{"person_id": "p1", "half_day": "morning", "status": "asleep"}],
        [{"person_id": "p1", "half_day": "morning", "status": "present"}] * 2,
        []]
    for marks in bad:
        with pytest.raises(DomainError):
            activity.record_attendance("s1", marks)
    with pytest.raises(DomainError):
        activity.record_attendance("nope", [{"person_id": "p1", "half_day": "morning",
                                             "status": "present"}])
    planned = plan(venue="Agadir")
    planned.schedule_session("s1", DAY, t("09:00"), t("12:00"))
    planned.register([("r", "p1")])
    with pytest.raises(DomainError):  # not before registration is open
        planned.record_attendance("s1", [{"person_id": "p1", "half_day": "morning",
                                          "status": "present"}])


def test_a_merge_moves_the_registration_and_its_attendance_to_the_survivor():
    activity = opened()
    register(activity, "absorbed")
    activity.record_attendance("s1", [{"person_id": "absorbed", "half_day": "morning",
                                       "status": "present"}])
    activity.transfer_registrations("absorbed", "survivor")
    assert isinstance(activity.pending[-1], RegistrationTransferred)
    assert statuses(activity) == {"survivor": "registered"}
    assert activity.hours_attended("survivor") == 3.0


def test_a_merge_of_two_registered_records_keeps_one_registration():
    activity = opened(capacity=2)
    register(activity, "survivor", "absorbed", "p3")
    activity.transfer_registrations("absorbed", "survivor")
    assert isinstance(activity.pending[-2], RegistrationCancelled)
    assert statuses(activity) == {"survivor": "registered", "absorbed": "cancelled",
                                  "p3": "registered"}  # promoted into the freed place


def test_the_state_is_rebuilt_from_the_events():
    activity = opened(capacity=1)
    register(activity, "p1", "p2")
    activity.cancel_registration("r-p1", "malade")
    rebuilt = Activity.rebuild("a1", activity.pending)
    assert statuses(rebuilt) == statuses(activity)
    assert rebuilt.version == activity.version
