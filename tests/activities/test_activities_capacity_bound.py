"""A capacity no one could mean is refused by field (it once overflowed the list's integer
column: a 500 found by schemathesis), by the schema and by the aggregate alike."""
import pytest

from services.activities.domain import CAPACITY_MAX, Activity
from shared.eventstore import DomainError
from tests.activities.conftest import plan_body


def test_the_api_refuses_a_capacity_beyond_the_bound(api):
    response = api.post("/activities", plan_body(capacity=530322408775))
    assert response.status_code == 422
    assert response.get_json()["errors"]["capacity"] == [
        "La capacité est de 100 000 places au maximum."]
    assert api.post("/activities", plan_body(capacity=CAPACITY_MAX)).status_code == 201


def test_the_aggregate_refuses_it_too():
    with pytest.raises(DomainError) as refused:
        Activity.plan("a", title="Forum", kind="forum", office="agadir",
                      capacity=CAPACITY_MAX + 1)
    assert refused.value.field == "capacity"
