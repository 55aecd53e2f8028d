"""The pure rules of an erasure in reporting: the pseudonym, the stand-in birth date that
keeps every fact in its age band, and the ids renamed in a fact's payload."""
import datetime as dt
import random

from services.reporting.facts.domain import age_band
from services.reporting.privacy import domain


def test_the_stand_in_keeps_each_day_in_its_band_and_is_not_the_birth_date():
    rng = random.Random(15)
    for _ in range(3000):
        birth = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(80 * 365))
        start = birth + dt.timedelta(days=rng.randrange(-400, 70 * 365))
        days = {start + dt.timedelta(days=rng.randrange(3 * 365))
                for _ in range(rng.randrange(1, 8))}
        stand_in = domain.stand_in_birth_date(birth, days)
        assert [age_band(stand_in, d) for d in sorted(days)] == \
            [age_band(birth, d) for d in sorted(days)], (birth, sorted(days), stand_in)
        assert stand_in != birth


def test_a_birthday_between_two_facts_is_kept_between_them():
    # 26 on 15 March 2026: a fact on 1 March (18-25), one on 1 April (26-35)
    days = {dt.date(2026, 3, 1), dt.date(2026, 4, 1)}
    stand_in = domain.stand_in_birth_date(dt.date(2000, 3, 15), days)
    assert dt.date(2000, 3, 1) < stand_in <= dt.date(2000, 4, 1)
    assert stand_in != dt.date(2000, 3, 15)
    # born on 29 February, the facts on the days around the 18th birthday
    leap = dt.date(2008, 2, 29)
    days = {dt.date(2026, 2, 28), dt.date(2026, 3, 1)}
    assert [age_band(domain.stand_in_birth_date(leap, days), d) for d in sorted(days)] == \
        [age_band(leap, d) for d in sorted(days)] == ["0-17", "18-25"]


def test_nothing_to_keep_keeps_no_date():
    assert domain.stand_in_birth_date(None, {dt.date(2026, 1, 1)}) is None
    assert domain.stand_in_birth_date(dt.date(2000, 1, 1), set()) is None


def test_the_pseudonym_is_the_same_for_the_same_erasure_only():
    assert domain.pseudonym("e1") == domain.pseudonym("e1") != domain.pseudonym("e2")
    assert "p1" not in domain.subject_key("p1") and len(domain.subject_key("p1")) == 64


def test_person_ids_are_renamed_in_a_facts_payload_and_nothing_else():
    data = {"session_id": "p1", "marks": [{"person_id": "p1", "half_day": "morning"},
                                          {"person_id": "p2", "half_day": "morning"}],
            "volunteer_id": "p1", "notes": "p1"}
    assert domain.ids_in(data) == {"p1", "p2"}
    renamed = domain.renamed(data, {"p1": "x"})
    assert renamed == {"session_id": "p1", "marks": [{"person_id": "x", "half_day": "morning"},
                                                     {"person_id": "p2", "half_day": "morning"}],
                       "volunteer_id": "x", "notes": "p1"}
