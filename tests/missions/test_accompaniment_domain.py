"""Project accompaniment: the stages, the committee's decision, coaching and late documents
(the aggregate alone, on fixed dates)."""
import datetime as dt

import pytest

from services.missions.accompaniment.domain import Accompaniment
from shared.eventstore import DomainError

D = dt.date


def opened(**extra) -> Accompaniment:
    details = {"title": "Puits solaire à Taliouine", "programme": "PRA", "office": "taliouine",
               "organisation_id": "org-1", "budget_requested": 15000, **extra}
    accompaniment = Accompaniment.open("acc-1", **details)
    accompaniment.pending.clear()
    return accompaniment


def submitted() -> Accompaniment:
    accompaniment = opened()
    accompaniment.change_stage("structuring", D(2026, 1, 10))
    accompaniment.change_stage("submitted", D(2026, 2, 1))
    return accompaniment


def refusal(action) -> DomainError:
    with pytest.raises(DomainError) as caught:
        action()
    return caught.value


def test_opened_at_the_idea_stage_with_the_contract_fields():
    accompaniment = Accompaniment.open("acc-1", title="  Jardin   partagé ", programme="GENCLIMAT",
                                       office="agadir", group_name="Jeunes d'Anza")
    assert accompaniment.stage == "idea"
    (event,) = accompaniment.pending
    assert event.type == "accompaniment.opened"
    assert event.to_data() == {"organisation_id": None, "group_name": "Jeunes d'Anza",
                               "title": "Jardin partagé", "programme": "GENCLIMAT",
                               "office": "agadir", "budget_requested": None}


@pytest.mark.parametrize("holder", [{}, {"organisation_id": "org-1", "group_name": "Groupe"}])
def test_an_association_or_a_youth_group_one_of_the_two(holder):
    error = refusal(lambda: Accompaniment.open("a", title="T", programme="PRA",
                                               office="agadir", **holder))
    assert error.field == "organisation_id"
    assert "one of the two" in error.message


def test_the_whole_path_through_the_stages():
    accompaniment = submitted()
    accompaniment.decide(True, D(2026, 3, 15), budget_granted=12000)
    accompaniment.change_stage("under_way", D(2026, 4, 1))
    accompaniment.change_stage("final_report", D(2026, 12, 1))
    accompaniment.change_stage("closed", D(2027, 1, 15))
    assert [e.type for e in accompaniment.pending] == [
        "accompaniment.stage_changed", "accompaniment.stage_changed", "accompaniment.decided",
        "accompaniment.stage_changed", "accompaniment.stage_changed",
        "accompaniment.stage_changed", "accompaniment.stage_changed"]
    assert [s for s, _ in accompaniment.stages] == [
        "structuring", "submitted", "selected", "under_way", "final_report", "closed"]
    decided = accompaniment.pending[2]
    assert decided.to_data() == {"selected": True, "budget_granted": 12000.0,
                                 "on": "2026-03-15"}
    assert accompaniment.pending[3].to_data() == {"stage": "selected", "on": "2026-03-15"}


@pytest.mark.parametrize("path, wanted, message", [
    ([], "submitted", "submitted once it has been structured"),
    ([], "under_way", "only once the committee has selected it"),
    (["structuring"], "final_report", "once the project is under way"),
    (["structuring", "submitted"], "under_way", "awaits the committee's decision"),
    (["structuring", "submitted"], "closed", "awaits the committee's decision"),
    (["structuring"], "idea", "cannot go back"),
])
def test_refused_stage_changes_say_why(path, wanted, message):
    accompaniment = opened()
    for stage in path:
        accompaniment.change_stage(stage, D(2026, 1, 10))
    error = refusal(lambda: accompaniment.change_stage(wanted, D(2026, 2, 1)))
    assert message in error.message
    assert error.field == "stage"


def test_selected_is_the_committees_decision_not_a_stage():
    error = refusal(lambda: submitted().change_stage("selected", D(2026, 3, 1)))
    assert "record the decision instead" in error.message


def test_a_selected_project_is_closed_only_after_its_final_report():
    accompaniment = submitted()
    accompaniment.decide(True, D(2026, 3, 15), budget_granted=9000)
    accompaniment.change_stage("under_way", D(2026, 4, 1))
    error = refusal(lambda: accompaniment.change_stage("closed", D(2026, 5, 1)))
    assert "after its final report" in error.message


def test_not_selected_may_be_structured_again_or_closed_but_not_get_under_way():
    accompaniment = submitted()
    accompaniment.decide(False, D(2026, 3, 15))
    assert accompaniment.stage == "not_selected"
    error = refusal(lambda: accompaniment.change_stage("under_way", D(2026, 4, 1)))
    assert "only once the committee has selected it" in error.message
    accompaniment.change_stage("structuring", D(2026, 9, 1))  # the next call for projects
    assert accompaniment.stage == "structuring"


def test_an_idea_may_be_abandoned_and_a_closed_project_takes_nothing_more():
    accompaniment = opened()
    accompaniment.change_stage("closed", D(2026, 1, 5))
    assert "closed" in refusal(lambda: accompaniment.record_coaching(
        "c1", D(2026, 1, 6), 2)).message
    assert refusal(lambda: accompaniment.change_stage("idea", D(2026, 1, 6))).message


@pytest.mark.parametrize("selected, granted, field, message", [
    (True, None, "budget_granted", "Give the budget granted"),
    (False, 5000, "budget_granted", "granted no budget"),
    (True, -1, "budget_granted", "between 0 and 10,000,000"),
])
def test_the_decision_and_its_budget(selected, granted, field, message):
    error = refusal(lambda: submitted().decide(selected, D(2026, 3, 1), granted))
    assert (error.field, message in error.message) == (field, True)


def test_the_committee_decides_on_a_submitted_project_only():
    error = refusal(lambda: opened().decide(True, D(2026, 3, 1), 1000))
    assert "submitted project only" in error.message


def test_a_stage_cannot_be_dated_before_the_current_one_began():
    accompaniment = opened()
    accompaniment.change_stage("structuring", D(2026, 2, 1))
    error = refusal(lambda: accompaniment.change_stage("submitted", D(2026, 1, 31)))
    assert error.field == "on"


def test_coaching_sessions_add_up_and_link_an_activity():
    accompaniment = opened()
    accompaniment.record_coaching("c1", D(2026, 1, 12), 2.5, activity_id="act-9",
                                  notes="Budget prévisionnel revu")
    accompaniment.record_coaching("c2", D(2026, 1, 19), 1.5)
    assert accompaniment.coaching_hours() == 4.0
    assert accompaniment.pending[0].to_data() == {
        "coaching_id": "c1", "date": "2026-01-12", "hours": 2.5, "activity_id": "act-9",
        "notes": "Budget prévisionnel revu"}
    assert refusal(lambda: accompaniment.record_coaching("c3", D(2026, 1, 20), 0)).field == "hours"
    assert refusal(lambda: accompaniment.record_coaching("c3", D(2026, 1, 20), 13)).field == "hours"


def test_late_documents_on_fixed_dates():
    accompaniment = opened()
    accompaniment.expect_document("budget", "budget", D(2026, 3, 31), "Budget détaillé")
    accompaniment.expect_document("report", "final_report", D(2026, 6, 30))
    assert accompaniment.late_documents(D(2026, 3, 31)) == []          # due that day: not late
    assert [d.id for d in accompaniment.late_documents(D(2026, 4, 1))] == ["budget"]
    assert [d.id for d in accompaniment.late_documents(D(2026, 7, 1))] == ["budget", "report"]
    accompaniment.receive_document("budget", D(2026, 7, 2))
    assert [d.id for d in accompaniment.late_documents(D(2026, 7, 3))] == ["report"]
    assert "already been received" in refusal(
        lambda: accompaniment.receive_document("budget", D(2026, 7, 3))).message
    assert refusal(lambda: accompaniment.receive_document("nope", D(2026, 7, 3))).field \
        == "document_id"
    accompaniment.change_stage("closed", D(2026, 7, 4))
    assert accompaniment.late_documents(D(2026, 8, 1)) == []           # nothing awaited


def test_rebuilt_from_its_events_it_is_the_same():
    accompaniment = submitted()
    accompaniment.decide(True, D(2026, 3, 15), 8000)
    accompaniment.expect_document("d1", "receipts", D(2026, 5, 1))
    again = Accompaniment.rebuild("acc-1", accompaniment.pending)
    assert (again.stage, again.decision.budget_granted, list(again.documents)) == \
        ("selected", 8000.0, ["d1"])
