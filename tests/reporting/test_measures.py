"""Each measure on the fixed history of tests/reporting/history.py, against hand counts.

Period 2026-01-01 .. 2026-06-30, programme MTD2. People: p1 (woman, born 2000-03-15:
25 on 1 March, 26 on 1 April), p2 (man, 18), p3 (woman, 45), p4 (sex and age unknown);
volunteers v1 (woman), v2 (man).
Activities of MTD2: A1 training at Agadir on 1 March, 09:00-17:00 (8 h, two half-days):
p1 present twice, p2 present in the morning, p3 absent (then corrected: present in the
morning); A2 workshop at Tiznit on 1 April, 14:00-17:00 (3 h): p1 present, p4 late;
A4 workshop cancelled. A3 belongs to another programme.
Missions of MTD2: m1 v1 1 Feb - 31 May completed (120 days); m2 v2 from 15 April, under way
(77 days to 30 June); m3 v1 from 1 Oct 2025, interrupted 15 Jan (15 days); m5 never started.
Accompaniments: ac1 and ac2 (organisation o1), ac3 (a group), ac4 (o2) closed in 2025.
"""
import datetime as dt

import pytest

from services.reporting.measures.compute import compute
from services.reporting.measures.units import Scope

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
NOW = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)


def figure(projected, measure, filters=None, dims=(), as_of=NOW, programme="MTD2"):
    with projected["engine"].connect() as conn:
        return compute(conn, measure, Scope(programme, START, END, as_of, filters or {}), dims)


def values(result, dimension):
    return {k: v["value"] for k, v in result["disaggregations"][dimension].items()}


@pytest.mark.parametrize("measure, filters, expected", [
    ("distinct_people_reached", {}, 4),                     # p1, p2, p3, p4
    ("distinct_people_reached", {"territory": "Souss-Massa"}, 2),   # p1, p2
    ("distinct_people_reached", {"role": "young_person"}, 1),       # p1
    ("distinct_people_reached", {"office": "tiznit"}, 2),   # p1, p4 at A2
    ("participants_present", {}, 5),                        # A1: p1 p2 p3; A2: p1 p4
    ("participants_present", {"kind": "training"}, 3),
    ("activities_held", {}, 2),                             # A1, A2 (A4 cancelled)
    ("training_hours_delivered", {"kind": "training"}, 8.0),
    ("training_hours_delivered", {}, 11.0),                 # 8 + 3
    ("volunteers_in_mission", {}, 2),                       # v1 (m1, m3), v2 (m2)
    ("volunteer_months", {}, round((120 + 77 + 15) / 30.4375, 2)),
    ("volunteer_months", {"office": "marseille"}, round(77 / 30.4375, 2)),
    ("missions_completed", {}, 1),
    ("projects_accompanied", {}, 3),                        # ac1, ac2, ac3
    ("organisations_accompanied", {}, 1),                   # o1
    ("share_of_women", {}, 50.0),                           # p1, p3 of four
])
def test_each_measure_matches_the_hand_count(projected, measure, filters, expected):
    assert figure(projected, measure, filters)["value"] == expected


def test_distinct_people_are_disaggregated_by_their_first_fact(projected):
    result = figure(projected, "distinct_people_reached",
                    dims=("sex", "age_band", "territory", "office"))
    assert values(result, "sex") == {"female": 2, "male": 1, "unknown": 1}
    # p1 was first reached on 1 March, aged 25: she stays in 18-25 for the period
    assert values(result, "age_band") == {"18-25": 2, "36-50": 1, "unknown": 1}
    assert values(result, "territory") == {"Souss-Massa": 2, "Provence-Alpes-Côte d'Azur": 1,
                                           "unknown": 1}
    assert values(result, "office") == {"agadir": 3, "tiznit": 1}
    assert sum(values(result, "sex").values()) == result["value"]


def test_each_participation_is_in_the_age_band_of_its_own_date(projected):
    result = figure(projected, "participants_present", dims=("age_band",))
    # p1 was 25 on 1 March (18-25) and 26 on 1 April (26-35)
    assert values(result, "age_band") == {"18-25": 2, "26-35": 1, "36-50": 1, "unknown": 1}
    assert len(result["disaggregations"]["age_band"]["26-35"]["facts"]) == 1


def test_volunteers_are_disaggregated_by_sex_and_office(projected):
    result = figure(projected, "volunteers_in_mission", dims=("sex", "office"))
    assert values(result, "sex") == {"female": 1, "male": 1}
    # v1's first mission in the period is m3 (from 1 January, Agadir)
    assert values(result, "office") == {"agadir": 1, "marseille": 1}


def test_as_of_before_the_correction_leaves_it_out(projected):
    before = projected["before_correction"]
    assert figure(projected, "participants_present", as_of=before)["value"] == 4
    assert figure(projected, "distinct_people_reached", as_of=before)["value"] == 3
    assert figure(projected, "share_of_women", as_of=before)["value"] == round(100 / 3, 1)
    # missions recorded in 2026: as of 1 March 2026 m2 had not started, m1 was under way
    march = dt.datetime(2026, 3, 1, 23, 0, tzinfo=dt.timezone.utc)
    assert figure(projected, "volunteers_in_mission", as_of=march)["value"] == 1
    assert figure(projected, "missions_completed", as_of=march)["value"] == 0
    assert figure(projected, "volunteer_months", as_of=march)["value"] == round(
        (29 + 15) / 30.4375, 2)   # m1 1 Feb - 1 March, m3 1-15 January


def test_each_figure_lists_the_facts_it_counts(projected):
    result = figure(projected, "participants_present", dims=("sex",))
    assert len(result["facts"]) == 5
    assert all(f.startswith("attendance:") for f in result["facts"])
    women = result["disaggregations"]["sex"]["female"]["facts"]
    assert {f.split(":")[2] for f in women} == {"p1", "p3"}


def test_no_name_or_contact_point_reaches_the_reporting_tables(projected):
    from sqlalchemy import inspect, text
    engine = projected["engine"]
    with engine.connect() as conn:
        tables = [t for t in inspect(engine).get_table_names() if t.startswith("rep")]
        dump = " ".join(str(row) for t in tables for row in conn.execute(text(f'SELECT * FROM "{t}"')))
    for secret in ("Caché", "example.org", "+212600000000", "tante", "Budget à revoir",
                   "Intempéries", "raisons personnelles", "Atelier"):
        assert secret not in dump


def test_a_replayed_feed_changes_nothing(projected):
    from shared.db import write_transaction
    from services.reporting.projections import apply_event
    before = figure(projected, "participants_present", dims=("sex", "age_band"))
    months = figure(projected, "volunteer_months")
    from tests.reporting.conftest import consumer
    applied = consumer(projected["engine"], projected["feeds"]).positions()
    with write_transaction(projected["engine"]) as conn:
        for source in ("activities", "missions"):
            for event in projected["feeds"][source].read_after(0, 1000):
                if event.position <= applied[source]:   # what the consumer has applied
                    apply_event(conn, event)
    assert figure(projected, "participants_present", dims=("sex", "age_band")) == before
    assert figure(projected, "volunteer_months") == months
