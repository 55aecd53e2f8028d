import datetime as dt

from services.reporting import domain


def test_only_pseudonymous_attributes_are_kept():
    payload = {"given_name": "Amina", "family_name": "Ait Lahcen", "email": "a@example.org",
               "phone": "+212600000000", "sex": "female", "birth_date": "2001-05-03",
               "residence_country": "ma", "residence_region": " Souss-Massa ",
               "roles": ["volunteer", "young_person", "volunteer"]}
    assert domain.person_attributes(payload) == {
        "sex": "female", "birth_year": 2001, "birth_date": dt.date(2001, 5, 3), "country": "MA", "region": "Souss-Massa",
        "roles": ["volunteer", "young_person"]}


def test_unknown_or_missing_values_are_normalised():
    assert domain.person_attributes({"sex": "x", "birth_date": "not a date",
                                     "residence_country": "", "residence_region": ""}) == {
        "sex": "unknown", "birth_year": None, "birth_date": None, "country": None, "region": None}


def test_a_correction_yields_only_the_kept_fields_it_changes():
    assert domain.changed_fields({"changed": ["email", "sex"], "email": "b@example.org",
                                  "sex": "male"}) == {"sex": "male"}
    assert domain.changed_fields({"changed": ["phone"], "phone": "1"}) == {}
