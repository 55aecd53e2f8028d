"""The rules of hiring a consultant: criteria, score bounds, no choice before every
application is scored, one choice only, the assessment only after the choice."""
import datetime as dt

import pytest

from services.activities.consultants.domain import TermsOfReference
from shared.eventstore import DomainError


def drafted(**extra) -> TermsOfReference:
    terms = TermsOfReference.draft(
        "tor-1", activity_id="act-1", title="Évaluation finale du projet PRA/OSIM",
        context="Projet d'appui aux associations de migrants.",
        objectives="Mesurer les effets du projet.",
        deliverables=["Rapport initial", "Rapport final"], start=dt.date(2025, 4, 1),
        end=dt.date(2025, 6, 30), budget=12000,
        criteria=[{"name": "Expérience", "weight": 3}, {"name": "Méthode", "weight": 1}],
        **extra)
    return TermsOfReference.rebuild("tor-1", terms.pending)


def with_applications(*names) -> TermsOfReference:
    terms = drafted()
    for i, name in enumerate(names):
        terms.receive_application(f"app-{i}", consultant_name=name, proposal_amount=10000 + i)
    return terms


def scores(experience, method):
    return [{"criterion": "Expérience", "score": experience},
            {"criterion": "Méthode", "score": method}]


def test_a_draft_needs_criteria_deliverables_and_coherent_dates():
    with pytest.raises(DomainError) as no_criteria:
        TermsOfReference.draft("t", activity_id="a", title="T", context="C", objectives="O",
                               deliverables=["D"], start=dt.date(2025, 1, 1),
                               end=dt.date(2025, 2, 1), budget=1, criteria=[])
    assert no_criteria.value.field == "criteria"
    with pytest.raises(DomainError) as backwards:
        TermsOfReference.draft("t", activity_id="a", title="T", context="C", objectives="O",
                               deliverables=["D"], start=dt.date(2025, 2, 1),
                               end=dt.date(2025, 1, 1), budget=1,
                               criteria=[{"name": "X", "weight": 1}])
    assert backwards.value.field == "end"
    with pytest.raises(DomainError):
        TermsOfReference.draft("t", activity_id="a", title="T", context="C", objectives="O",
                               deliverables=[" "], start=dt.date(2025, 1, 1),
                               end=dt.date(2025, 2, 1), budget=1,
                               criteria=[{"name": "X", "weight": 1}])


def test_scores_are_bounded_and_cover_every_criterion():
    terms = with_applications("Nadia")
    for bad in (scores(11, 5), scores(-1, 5), scores(5, 5)[:1],
                [*scores(5, 5), {"criterion": "Budget", "score": 3}]):
        with pytest.raises(DomainError) as refused:
            terms.score("app-0", bad)
        assert refused.value.field == "scores"
    terms.score("app-0", scores(10, 0))
    assert terms.applications["app-0"].scores == {"Expérience": 10, "Méthode": 0}


def test_weighted_totals_rank_the_applications():
    terms = with_applications("Nadia", "Youssef", "Claire")
    terms.score("app-0", scores(6, 10))   # (18 + 10) / 4 = 7.0
    terms.score("app-1", scores(9, 2))    # (27 + 2) / 4 = 7.25
    ranking = [(a.consultant_name, total) for a, total in terms.ranking()]
    assert ranking == [("Youssef", 7.25), ("Nadia", 7.0), ("Claire", None)]


def test_no_choice_before_applications_and_every_one_scored():
    terms = drafted()
    with pytest.raises(DomainError, match="No application"):
        terms.choose("app-0", "La meilleure offre")
    terms = with_applications("Nadia", "Youssef")
    terms.score("app-0", scores(8, 8))
    with pytest.raises(DomainError, match="Score every application"):
        terms.choose("app-0", "La meilleure offre")
    assert terms.chosen is None


def test_one_choice_only_the_others_recorded_as_not_selected():
    terms = with_applications("Nadia", "Youssef")
    terms.score("app-0", scores(8, 8))
    terms.score("app-1", scores(5, 5))
    with pytest.raises(DomainError) as no_reason:
        terms.choose("app-0", "  ")
    assert no_reason.value.field == "reason"
    terms.choose("app-0", "Meilleure expérience du terrain")
    assert terms.pending[-1].not_selected == ("app-1",)
    with pytest.raises(DomainError, match="already been chosen"):
        terms.choose("app-1", "Finalement")
    with pytest.raises(DomainError, match="already been chosen"):
        terms.receive_application("late", consultant_name="Tard", proposal_amount=1)
    with pytest.raises(DomainError, match="already been chosen"):
        terms.score("app-1", scores(10, 10))


def test_the_work_is_assessed_after_the_choice_once_per_deliverable():
    terms = with_applications("Nadia")
    ratings = [{"deliverable": "Rapport initial", "rating": 4},
               {"deliverable": "Rapport final", "rating": 5}]
    with pytest.raises(DomainError, match="Choose the consultant"):
        terms.assess(ratings, "Bon travail")
    terms.score("app-0", scores(7, 7))
    terms.choose("app-0", "Seule candidature conforme")
    for bad in ([{**ratings[0], "rating": 6}, ratings[1]], [{**ratings[0], "rating": 0},
                                                              ratings[1]], ratings[:1]):
        with pytest.raises(DomainError) as refused:
            terms.assess(bad)
        assert refused.value.field == "ratings"
    terms.assess(ratings, "Bon travail, rendu à temps")
    assert terms.status == "assessed"
    with pytest.raises(DomainError, match="already been assessed"):
        terms.assess(ratings)
