"""The Mission aggregate's rules, in plain Python: the life cycle, the volunteer's other
missions, the host's approval and places, extensions, the follow-up's own rules."""
import datetime as dt

import pytest

from services.missions.domain import Host, Mission, Period, most_at_once
from shared.eventstore import DomainError

D = dt.date
HOST = Host("h1", "Association Tiwizi", approval_number="MA-42", approval_start=D(2024, 1, 1),
            approval_end=D(2027, 12, 31), capacity=2)
DETAILS = dict(volunteer_id="p1", host_id="h1", direction="MA_to_FR", scheme="civic_service",
               office="agadir", planned_start=D(2025, 9, 1), planned_end=D(2026, 4, 30),
               weekly_hours=28)


def drafted(**changes):
    return Mission.draft("m1", host=changes.pop("host", HOST), **{**DETAILS, **changes})


def agreed(**changes):
    mission = drafted(**changes)
    mission.propose()
    mission.agree(host=HOST)
    return mission


def under_way():
    mission = agreed()
    mission.start(D(2025, 9, 1), host=HOST)
    return mission


def refused(call, field=None) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    if field:
        assert caught.value.field == field
    return caught.value.message


def test_the_life_cycle_from_draft_to_completed():
    mission = drafted()
    assert mission.status == "draft"
    mission.propose()
    mission.agree(host=HOST)
    mission.start(D(2025, 9, 2), host=HOST)
    mission.complete(D(2026, 4, 30))
    assert mission.status == "completed"
    assert mission.period == (D(2025, 9, 2), D(2026, 4, 30))
    assert [e.type for e in mission.pending] == [
        "mission.drafted", "mission.proposed", "mission.agreed", "mission.started",
        "mission.completed"]


def test_a_mission_cannot_start_before_it_is_agreed():
    for mission in (drafted(), ):
        assert refused(lambda: mission.start(D(2025, 9, 1), host=HOST), "status") == \
            "The mission cannot start before its agreement is signed."
    proposed = drafted()
    proposed.propose()
    assert "agreement is signed" in refused(lambda: proposed.start(D(2025, 9, 1), host=HOST))
    assert refused(lambda: drafted().agree(host=HOST)).startswith(
        "Only a proposed mission can be agreed")


def test_each_transition_is_refused_out_of_its_place():
    mission = under_way()
    assert refused(mission.propose) == "Only a draft mission can be proposed."
    assert refused(lambda: mission.cancel("Erreur")).startswith(
        "A mission under way is interrupted, not cancelled")
    assert refused(lambda: drafted().complete(D(2026, 1, 1))) == \
        "Only a mission under way can be completed."
    assert refused(lambda: agreed().interrupt(D(2026, 1, 1), "Santé")).startswith(
        "Only a mission under way can be interrupted")
    assert refused(lambda: mission.interrupt(D(2026, 1, 1), "  "), "reason") == \
        "Say why the mission is interrupted."
    assert refused(lambda: mission.complete(D(2025, 8, 1)), "completed_on") == \
        "The end cannot be before the mission started."
    assert refused(lambda: mission.complete(D(2026, 5, 2)), "completed_on") == \
        "This is after the planned end: extend the mission first, saying why."
    mission.interrupt(D(2026, 1, 10), "Retour au Maroc pour raisons familiales")
    assert mission.period == (D(2025, 9, 1), D(2026, 1, 10))
    assert refused(lambda: mission.extend(D(2026, 6, 30), "Encore", host=HOST)) == \
        "A completed, interrupted or cancelled mission cannot be changed."
    draft = drafted()
    assert refused(lambda: draft.cancel(""), "reason") == "Say why the mission is cancelled."
    draft.cancel("La structure a renoncé")
    assert draft.status == "cancelled" and draft.end_reason == "La structure a renoncé"


def test_a_volunteer_is_not_in_two_overlapping_missions():
    other = Period("m0", D(2025, 3, 1), D(2025, 9, 1))   # ends the day this one starts
    assert refused(lambda: drafted(volunteer_missions=[other]), "planned_start") == \
        "This volunteer is already in another mission over these dates."
    before = Period("m0", D(2025, 3, 1), D(2025, 8, 31))
    mission = drafted(volunteer_missions=[before])
    mission.propose()
    later = Period("m2", D(2026, 4, 30), D(2026, 10, 31))
    assert "already in another mission" in refused(
        lambda: mission.agree(host=HOST, volunteer_missions=[later]))
    assert "already in another mission" in refused(lambda: mission.extend(
        D(2026, 6, 30), "Prolongation", host=HOST, volunteer_missions=[
            Period("m2", D(2026, 6, 1), D(2026, 12, 31))]))
    mission.agree(host=HOST, volunteer_missions=[Period("m1", D(2025, 9, 1), D(2026, 4, 30))])


def test_a_host_without_a_valid_approval_cannot_receive_a_civic_service_volunteer():
    bare = Host("h1", "Café associatif")
    assert refused(lambda: drafted(host=bare), "host_id").startswith(
        "This host structure has no civic-service approval")
    drafted(host=bare, scheme="volunteering")  # another scheme needs no approval
    expiring = Host("h1", approval_number="MA-42", approval_start=D(2024, 1, 1),
                    approval_end=D(2026, 3, 31))
    assert refused(lambda: drafted(host=expiring), "host_id").startswith(
        "The host's civic-service approval is not valid over the whole mission")
    assert "archived" in refused(lambda: drafted(host=Host("h1", archived=True)))
    assert "Unknown host" in refused(lambda: drafted(host=None))
    mission = agreed()
    lapsed = Host("h1", approval_number="MA-42", approval_end=D(2025, 8, 31))
    assert refused(lambda: mission.start(D(2025, 9, 1), host=lapsed), "host_id").startswith(
        "The host's civic-service approval does not cover the mission any more")


def test_a_host_does_not_exceed_the_capacity_of_its_approval():
    full = [Period("a", D(2025, 1, 1), D(2025, 10, 15)), Period("b", D(2025, 10, 1),
                                                                D(2026, 1, 31))]
    mission = drafted()
    mission.propose()
    assert refused(lambda: mission.agree(host=HOST, host_placements=full), "host_id") == \
        "The host structure has no room left in its approval over these dates: its " \
        "capacity is reached."
    # two others, never at the host on the same day: one place is always free
    apart = [Period("a", D(2025, 1, 1), D(2025, 9, 30)), Period("b", D(2025, 10, 1),
                                                                 D(2026, 1, 31))]
    mission.agree(host=HOST, host_placements=apart)
    mission.start(D(2025, 9, 1), host=HOST)
    later = [Period("c", D(2026, 5, 1), D(2026, 8, 31)), Period("d", D(2026, 5, 15),
                                                                 D(2026, 8, 31))]
    assert "no room left" in refused(lambda: mission.extend(
        D(2026, 6, 30), "Prolongation du projet", host=HOST, host_placements=later))
    unlimited = Host("h1", approval_number="MA-42")  # an approval with no capacity stated
    mission.extend(D(2026, 6, 30), "Prolongation du projet", host=unlimited,
                   host_placements=later)


def test_most_at_once_counts_the_busiest_day():
    periods = [Period("a", D(2025, 1, 1), D(2025, 1, 10)), Period("b", D(2025, 1, 10),
                                                                   D(2025, 1, 20)),
               Period("c", D(2025, 1, 11), D(2025, 1, 12))]
    assert most_at_once(periods, D(2025, 1, 1), D(2025, 1, 31)) == 2
    assert most_at_once(periods, D(2025, 1, 13), D(2025, 1, 31)) == 1
    assert most_at_once(periods, D(2025, 2, 1), D(2025, 2, 28)) == 0


def test_an_extension_moves_the_end_date_with_a_reason():
    mission = under_way()
    assert refused(lambda: mission.extend(D(2026, 4, 30), "Rien", host=HOST),
                   "planned_end").startswith("An extension moves the end date later")
    assert refused(lambda: mission.extend(D(2026, 6, 30), " ", host=HOST), "reason") == \
        "Say why the mission is extended."
    assert refused(lambda: mission.extend(D(2028, 1, 31), "Trop long", host=HOST),
                   "planned_end") == "A mission lasts 24 months at most."
    mission.extend(D(2026, 6, 30), "Le projet de la structure est prolongé", host=HOST)
    assert mission.details["planned_end"] == D(2026, 6, 30)
    assert mission.extensions == [(D(2026, 6, 30), "Le projet de la structure est prolongé")]


def test_details_are_checked_and_fixed_once_agreed():
    assert refused(lambda: drafted(planned_end=D(2025, 8, 1)), "planned_end") == \
        "The mission must end after it starts."
    assert refused(lambda: drafted(weekly_hours=60), "weekly_hours").startswith("Weekly hours")
    assert refused(lambda: drafted(direction="MA_to_ES"), "direction").startswith(
        "Choose the direction")
    mission = agreed()
    assert refused(lambda: mission.correct({"planned_start": D(2025, 10, 1)}, host=HOST),
                   "planned_start").startswith("The agreement is signed")
    lapsed = Host("h1", approval_number="MA-42", approval_end=D(2025, 12, 31))
    mission.correct({"tutor": "Claire Martin", "weekly_hours": 30}, host=lapsed)  # no new check
    assert refused(lambda: drafted().correct({"planned_start": D(2025, 9, 15)}, host=lapsed),
                   "host_id").startswith("The host's civic-service approval is not valid")
    assert refused(lambda: mission.correct({"tutor": "Claire Martin"}, host=HOST)) == \
        "Nothing changed."


def test_a_merge_moves_the_mission_to_the_surviving_record():
    mission = drafted()
    mission.transfer_volunteer("p1", "p9")
    mission.transfer_volunteer("someone-else", "p7")
    assert mission.details["volunteer_id"] == "p9"
    assert [e.type for e in mission.pending][-1] == "mission.volunteer_transferred"
    assert len(mission.pending) == 2


def test_follow_up_rules():
    mission = agreed()
    assert refused(lambda: mission.record_follow_up("f1", kind="arrival", date=D(2025, 9, 5)),
                   "status").startswith("Follow-up meetings are recorded once")
    mission.start(D(2025, 9, 1), host=HOST)
    assert refused(lambda: mission.record_follow_up("f1", kind="arrival", date=D(2025, 8, 5)),
                   "date") == "The meeting cannot be before the mission started."
    assert refused(lambda: mission.record_follow_up("f1", kind="arrival", date=D(2025, 9, 5),
                                                    wellbeing=6), "wellbeing").startswith(
        "Wellbeing is a mark from 1")
    mission.record_follow_up("f1", kind="arrival", date=D(2025, 9, 5), wellbeing=4,
                             participants=["Claire Martin", "Claire Martin"],
                             notes="Arrivée sereine", issues=["Logement provisoire"])
    assert mission.follow_ups["f1"].participants == ("Claire Martin",)
    assert "already recorded" in refused(
        lambda: mission.record_follow_up("f2", kind="arrival", date=D(2025, 9, 9)))
    mission.record_follow_up("f2", kind="ad_hoc", date=D(2025, 9, 9))


def test_incidents_trainings_and_review():
    mission = under_way()
    assert refused(lambda: mission.report_incident("i1", kind="health", severity="grave",
                                                   reported_on=D(2025, 10, 1)),
                   "severity").startswith("Choose the severity")
    mission.report_incident("i1", kind="health", severity="serious", reported_on=D(2025, 10, 1))
    assert [i.id for i in mission.open_serious_incidents()] == ["i1"]
    assert refused(lambda: mission.resolve_incident("i1", resolved_on=D(2025, 9, 30)),
                   "resolved_on").startswith("An incident cannot be resolved before")
    mission.resolve_incident("i1", resolved_on=D(2025, 10, 20), resolution="Soins reçus")
    assert mission.open_serious_incidents() == []
    assert refused(lambda: mission.resolve_incident("i1", resolved_on=D(2025, 10, 21))) == \
        "This incident is already resolved."
    assert refused(lambda: mission.resolve_incident("i9", resolved_on=D(2025, 10, 21))) == \
        "Unknown incident."

    assert mission.missing_trainings() == ["civic_citizen", "first_aid"]
    mission.record_training(training="first_aid", start=D(2025, 9, 20))
    assert mission.trainings["first_aid"].end == D(2025, 9, 20)
    assert refused(lambda: mission.record_training(training="first_aid",
                                                   start=D(2025, 9, 20))) == "Nothing changed."
    assert refused(lambda: mission.record_training(
        training="civic_citizen", start=D(2025, 10, 2), end=D(2025, 10, 1)), "end")
    assert mission.missing_trainings() == ["civic_citizen"]

    assert refused(lambda: mission.review_mission(skills_gained=["Animation"]),
                   "status").startswith("The end-of-mission review is written once")
    mission.complete(D(2026, 4, 30))
    assert refused(lambda: mission.review_mission(host_satisfaction=0), "host_satisfaction")
    mission.review_mission(skills_gained=["Animation d'ateliers", "Travail en équipe"],
                           volunteer_satisfaction=5, host_satisfaction=4, next_step="studies")
    assert mission.review["skills_gained"] == ["Animation d'ateliers", "Travail en équipe"]
