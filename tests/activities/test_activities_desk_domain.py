"""The programme officer's desk, as rules of the activity: a group at once (capacity, the
waitlist in order, those registered already skipped and named), walk-ins (a place whatever
the capacity, marked present), and an un-merge giving registrations back."""
import pytest

from services.activities.domain import (Activity, PersonRegistered, RegistrationGivenBack,
                                        RegistrationReinstated)
from shared.eventstore import DomainError
from tests.activities.test_activities_domain import DAY, opened, register, statuses, t


def group(activity, *people):
    return activity.register_group([(f"g-{p}", p) for p in people])


def test_a_group_fills_the_places_then_the_waitlist_in_order_skipping_the_registered():
    activity = opened(capacity=4)
    register(activity, "p1")
    register(activity, "w0")  # the second place
    made, skipped = group(activity, "p1", "m1", "m2", "m1", "m3", "m4", "w0")
    assert skipped == ["p1", "w0"]
    assert [(r.person_id, r.status) for r in made] == [
        ("m1", "registered"), ("m2", "registered"), ("m3", "waitlisted"),
        ("m4", "waitlisted")]
    assert [r.person_id for r in activity.waitlist()] == ["m3", "m4"]
    activity.cancel_registration("g-m1", "malade")
    assert statuses(activity)["m3"] == "registered"  # the first waitlisted takes the place


def test_a_group_of_people_all_registered_already_is_refused_and_writes_nothing():
    activity = opened(capacity=2)
    register(activity, "p1", "p2")
    before = len(activity.pending)
    with pytest.raises(DomainError) as exc:
        group(activity, "p2", "p1")
    assert exc.value.field == "person_ids" and len(activity.pending) == before
    waitlisted, _ = group(activity, "p3")  # full: a waitlisted newcomer is not skipped
    assert waitlisted[0].status == "waitlisted"
    assert group(activity, "p3", "p4")[1] == ["p3"]


def test_a_walk_in_gets_a_place_beyond_capacity_and_is_marked_present():
    activity = opened(capacity=1)
    register(activity, "p1", "p2")  # p2 waits
    activity.walk_in("walk", "x1", "s1", [])
    assert statuses(activity)["x1"] == "registered" and activity.registrations["walk"].walk_in
    assert activity.attendance["s1"] == {("x1", "morning"): "present",
                                         ("x1", "afternoon"): "present"}
    activity.walk_in("ignored", "p2", "s1", ["afternoon"])  # from the waitlist: promoted
    assert statuses(activity)["p2"] == "registered" and "ignored" not in activity.registrations
    assert activity.attendance["s1"][("p2", "afternoon")] == "present"
    assert activity.hours_attended("p2") == 5.0 and activity.hours_attended("x1") == 8.0
    with pytest.raises(DomainError) as exc:
        activity.walk_in("again", "p1", "s1", [])
    assert exc.value.field == "person_id"
    walked = [e for e in activity.pending if isinstance(e, PersonRegistered) and e.walk_in]
    assert [e.person_id for e in walked] == ["x1"]
    rebuilt = Activity.rebuild("a1", activity.pending)
    assert rebuilt.registrations["walk"].walk_in and rebuilt.attendance == activity.attendance


def test_a_walk_in_needs_a_half_day_of_the_session_and_an_activity_under_way():
    activity = opened(full_day=False)  # a morning only
    with pytest.raises(DomainError) as exc:
        activity.walk_in("w", "x1", "s1", ["afternoon"])
    assert exc.value.field == "half_days"
    with pytest.raises(DomainError) as exc:
        activity.walk_in("w", "x1", "nope", [])
    assert exc.value.field == "session_id"
    planned = Activity.plan("a2", title="Forum", kind="forum", office="tiznit", venue="Tiznit")
    planned.schedule_session("s1", DAY, t("09:00"), t("12:00"))
    with pytest.raises(DomainError):
        planned.walk_in("w", "x1", "s1", [])


def test_an_unmerge_gives_the_moved_registration_and_its_attendance_back():
    activity = opened(capacity=5)
    register(activity, "absorbed", "other")
    activity.record_attendance("s1", [{"person_id": "absorbed", "half_day": "morning",
                                       "status": "late"}])
    activity.transfer_registrations("absorbed", "survivor")
    activity.record_attendance("s1", [{"person_id": "survivor", "half_day": "afternoon",
                                       "status": "present"}])
    activity.give_back_registrations("absorbed", "survivor")
    assert statuses(activity) == {"absorbed": "registered", "other": "registered"}
    assert activity.attendance["s1"] == {("absorbed", "morning"): "late",
                                         ("absorbed", "afternoon"): "present"}
    given = [e for e in activity.pending if isinstance(e, RegistrationGivenBack)]
    assert [(e.from_person_id, e.to_person_id) for e in given] == [("survivor", "absorbed")]
    before = len(activity.pending)
    activity.give_back_registrations("absorbed", "survivor")  # nothing left to give
    assert len(activity.pending) == before


def test_an_unmerge_reinstates_a_registration_cancelled_as_a_double_on_the_waitlist_if_full():
    activity = opened(capacity=2)
    register(activity, "survivor", "absorbed", "waiting")
    activity.transfer_registrations("absorbed", "survivor")  # both registered: one kept
    assert statuses(activity) == {"survivor": "registered", "absorbed": "cancelled",
                                  "waiting": "registered"}  # the freed place went on
    activity.give_back_registrations("absorbed", "survivor")
    assert statuses(activity) == {"survivor": "registered", "absorbed": "waitlisted",
                                  "waiting": "registered"}
    (back,) = [e for e in activity.pending if isinstance(e, RegistrationReinstated)]
    assert back.waitlisted
    assert statuses(Activity.rebuild("a1", activity.pending)) == statuses(activity)
