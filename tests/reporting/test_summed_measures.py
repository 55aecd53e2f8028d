"""The dashboard's measures summed in the database give the hand-counted values of
test_measures (same fixed history), and every cell equal to `compute`'s, as of now and as of
before a correction."""
import datetime as dt

import pytest

from services.reporting.measures.compute import MEASURES, compute
from services.reporting.measures.sums import summed
from services.reporting.measures.units import Scope

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
NOW = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
DIMS = ("sex", "age_band", "territory", "office")


def both(projected, measure, filters, as_of=NOW, start=START, current=False, dims=DIMS):
    scope = Scope("MTD2", start, END, as_of, filters)
    with projected["engine"].connect() as conn:
        return (compute(conn, measure, scope, dims),
                summed(conn, measure, scope, dims, current=current))


def values(result):
    return (result["value"], {d: {k: v["value"] for k, v in cells.items()}
                              for d, cells in result["disaggregations"].items()})


@pytest.mark.parametrize("measure", sorted(MEASURES))
@pytest.mark.parametrize("filters", [{}, {"office": "tiznit"}, {"kind": "training"},
                                     {"territory": "Souss-Massa"}, {"role": "young_person"}])
def test_summed_equals_computed_cell_by_cell(projected, measure, filters):
    computed, sums = both(projected, measure, filters)
    assert values(sums) == values(computed)
    assert sums["facts"] is None
    # as of now: the presence sums the projectors kept (the corrected mark of p3 included)
    computed, sums = both(projected, measure, filters, current=True)
    assert values(sums) == values(computed)


@pytest.mark.parametrize("dims", [(), ("sex", "age_band"), ("territory",)])
@pytest.mark.parametrize("filters", [{}, {"office": "tiznit"}, {"territory": "Souss-Massa"}])
def test_distinct_people_without_office_cells_equal_computed(projected, filters, dims):
    """Without an office cell the first day of each person is enough (another query)."""
    for measure in ("distinct_people_reached", "share_of_women"):
        computed, sums = both(projected, measure, filters, dims=dims)
        assert values(sums) == values(computed)
        computed, sums = both(projected, measure, filters, projected["before_correction"],
                              dims=dims)
        assert values(sums) == values(computed)


@pytest.mark.parametrize("measure", ["participants_present", "distinct_people_reached",
                                     "share_of_women", "activities_held",
                                     "training_hours_delivered"])
def test_summed_as_of_a_past_moment_and_a_later_start(projected, measure):
    for as_of, start in ((projected["before_correction"], START),
                         (NOW, dt.date(2026, 3, 15))):
        computed, sums = both(projected, measure, {}, as_of, start)
        assert values(sums) == values(computed)


def test_summed_hand_counts(projected):
    assert both(projected, "distinct_people_reached", {})[1]["value"] == 4
    assert both(projected, "participants_present", {})[1]["value"] == 5
    assert both(projected, "share_of_women", {})[1]["value"] == 50.0
    assert both(projected, "training_hours_delivered", {})[1]["value"] == 11.0
    reached = both(projected, "distinct_people_reached", {})[1]["disaggregations"]
    assert {k: v["value"] for k, v in reached["age_band"].items()} == {
        "18-25": 2, "36-50": 1, "unknown": 1}
