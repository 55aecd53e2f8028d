"""Mobility opportunities: who is eligible (age bounds, education order, languages), when it
is open, and the rules of publishing (the aggregate alone)."""
import datetime as dt

import pytest

from services.missions.opportunities.domain import (EDUCATION_LEVELS, EUROPE, Eligibility,
                                                    Opportunity, is_open)
from shared.eventstore import DomainError

D = dt.date
STUDY = {"title": "Licence en France", "scheme": "study", "country": "FR", "min_age": 18,
         "max_age": 25, "education_level": "baccalaureate", "languages": ("fr",),
         "opens_on": D(2026, 1, 1), "deadline": D(2026, 3, 31), "partner": "Campus France",
         "link": "https://www.maroc.campusfrance.org/"}


@pytest.mark.parametrize("age, admitted", [(17, False), (18, True), (22, True), (25, True),
                                           (26, False), (None, True)])
def test_age_bounds_are_inclusive(age, admitted):
    assert Eligibility(age=age).admits(STUDY) is admitted


def test_education_levels_are_ordered():
    asks_bachelor = {**STUDY, "education_level": "bachelor"}
    assert EDUCATION_LEVELS.index("baccalaureate") < EDUCATION_LEVELS.index("bachelor") \
        < EDUCATION_LEVELS.index("master")
    assert not Eligibility(education_level="baccalaureate").admits(asks_bachelor)
    assert Eligibility(education_level="bachelor").admits(asks_bachelor)
    assert Eligibility(education_level="master").admits(asks_bachelor)
    assert Eligibility(education_level="none").admits({**STUDY, "education_level": None})


def test_any_one_language_spoken_suffices_and_none_asked_admits_all():
    both = {**STUDY, "languages": ("de", "en")}
    assert Eligibility(languages=("fr", "en")).admits(both)
    assert not Eligibility(languages=("fr", "ar")).admits(both)
    assert Eligibility(languages=("ar",)).admits({**STUDY, "languages": ()})


@pytest.mark.parametrize("day, open_", [(D(2025, 12, 31), False), (D(2026, 1, 1), True),
                                        (D(2026, 3, 31), True), (D(2026, 4, 1), False)])
def test_open_from_its_opening_to_its_deadline_included(day, open_):
    assert is_open(STUDY, False, day) is open_
    assert is_open(STUDY, True, D(2026, 2, 1)) is False  # withdrawn
    assert is_open({**STUDY, "opens_on": None, "deadline": None}, False, day)


def test_published_then_corrected_then_withdrawn():
    opportunity = Opportunity.publish("o1", **{**STUDY, "languages": ["FR", "fr", "en"]})
    assert opportunity.details["languages"] == ("fr", "en")
    opportunity.correct({"deadline": D(2026, 4, 15), "title": "Licence en France"})
    corrected = opportunity.pending[-1]
    assert corrected.to_data() == {"changed": ["deadline"], "deadline": "2026-04-15"}
    assert opportunity.is_open(D(2026, 4, 10))
    opportunity.withdraw("Le partenaire a suspendu le programme")
    assert not opportunity.is_open(D(2026, 4, 10))
    with pytest.raises(DomainError, match="withdrawn"):
        opportunity.correct({"title": "Autre"})


@pytest.mark.parametrize("change, field", [
    ({"country": "MA"}, "country"),            # Morocco is the origin, not a destination
    ({"country": "ZZ"}, "country"),
    ({"scheme": "tourism"}, "scheme"),
    ({"min_age": 30, "max_age": 20}, "max_age"),
    ({"min_age": 8}, "min_age"),
    ({"education_level": "phd"}, "education_level"),
    ({"languages": ("fra",)}, "languages"),
    ({"opens_on": D(2026, 5, 1)}, "deadline"),
    ({"link": "javascript:alert(1)"}, "link"),
    ({"title": "  "}, "title"),
])
def test_refusals_name_the_field(change, field):
    with pytest.raises(DomainError) as caught:
        Opportunity.publish("o1", **{**STUDY, **change})
    assert caught.value.field == field


def test_every_destination_is_an_iso_country():
    import pycountry
    assert all(pycountry.countries.get(alpha_2=code) for code in EUROPE)
    assert "MA" not in EUROPE
