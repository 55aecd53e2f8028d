"""The validation messages of a French answer are all French, marshmallow's own included
(on PostgreSQL, through the API and the forms)."""


def test_the_list_arguments_are_refused_in_french(api):
    response = api.get("/people?sort=oldest&per_page=0&status=gone&lang=fr",
                       headers={"Accept-Language": "fr"})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors["sort"] == ["Doit être l’une des valeurs suivantes : name, recent."]
    assert errors["per_page"] == ["Doit être compris entre 1 et 100."]
    assert errors["status"] == ["Doit être l’une des valeurs suivantes : active, archived, all."]


def test_every_command_answers_in_french(api):
    person = api.post("/people", {"given_name": "Amina", "family_name": "Ouali"}).get_json()
    checks = [
        ("/people", {"given_name": 3, "family_name": ["x"], "birth_date": "hier",
                     "languages": "fr"}),
        (f"/people/{person['id']}/consents/give", {"expected_version": "un",
                                                   "purpose": "newsletter"}),
        ("/segments", {"name": "S", "roles": "volunteer", "description": {"a": 1}}),
        ("/organisations", {"name": "O", "kind": "osim", "capacity": "beaucoup"}),
    ]
    for path, body in checks:
        response = api.post(path, body)
        assert response.status_code == 422, (path, response.get_json())
        for field, messages in response.get_json()["errors"].items():
            for message in messages:
                assert not any(word in message for word in (
                    "Not a valid", "Must be", "Missing data", "Invalid", "Length", "field")), (
                    path, field, message)


def test_english_is_still_english(api):
    response = api.get("/people?sort=oldest&lang=en")
    assert response.get_json()["errors"]["sort"] == ["Must be one of: name, recent."]
