"""Duplicate suggestions: same email, same phone in any format, close names + birth date;
dismissing a suggestion is recorded and it is no longer suggested."""


def register(api, given, family, **extra):
    response = api.post("/people", {"given_name": given, "family_name": family, **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def suggested(api, person_id):
    response = api.get(f"/people/{person_id}/duplicates")
    assert response.status_code == 200, response.get_json()
    return {s["person"]["id"]: s["reasons"] for s in response.get_json()}


def test_same_email_is_suggested(api):
    a = register(api, "Amina", "Benali", email="amina@example.org")
    b = register(api, "A.", "Benali-Tazi", email="Amina@Example.org")
    register(api, "Amina", "Benali", email="other@example.org")  # no birth date: not by name
    assert suggested(api, a) == {b: ["email"]}
    assert suggested(api, b) == {a: ["email"]}


def test_same_phone_in_other_formats_is_suggested(api):
    a = register(api, "Said", "Ouali", phone="+212 6 12 34 56 78")
    b = register(api, "Saïd", "Oually", phone="06.12.34.56.78", residence_country="MA")
    c = register(api, "Karim", "Tazi", whatsapp="00212612345678")
    register(api, "Sara", "Martin", phone="+212 6 99 99 99 99")
    assert suggested(api, a) == {b: ["phone"], c: ["phone"]}


def test_the_same_digits_in_two_countries_are_not_the_same_number(api, client):
    tiznit = register(api, "Amina", "Ouali", phone="+212 612345678", residence_country="MA",
                      residence_town="Tiznit")
    marseille = register(api, "Sophie", "Martin", phone="+33 612345678",
                         residence_country="FR", residence_town="Marseille")
    local = register(api, "Nadia", "Bensaid", phone="06 12 34 56 78", residence_country="FR")
    assert suggested(api, tiznit) == {}
    assert suggested(api, marseille) == {local: ["phone"]}
    pairs = api.get("/duplicates").get_json()["items"]
    assert [sorted((p["a"]["id"], p["b"]["id"])) for p in pairs] == [sorted((marseille, local))]
    # stored in E.164, shown as dialled: national in the person's country, else international
    assert api.get(f"/people/{local}").get_json()["phone"] == "+33612345678"
    page = client.get(f"/stakeholders/people/{tiznit}").get_data(as_text=True)
    assert "06 12 34 56 78" in page
    html = client.get("/stakeholders/duplicates").get_data(as_text=True)
    assert "+33 6 12 34 56 78" not in html and "06 12 34 56 78" in html


def test_a_number_is_checked_in_its_country(api):
    response = api.post("/people", {"given_name": "A", "family_name": "B",
                                    "phone": "06 12 34 56 78"})
    assert response.status_code == 422 and "phone" in response.get_json()["errors"]
    response = api.post("/people", {"given_name": "A", "family_name": "B",
                                    "residence_country": "MA", "phone": "06 12"})
    assert response.status_code == 422 and "phone" in response.get_json()["errors"]
    person = register(api, "A", "B", residence_country="MA")
    # a correction without the country reads the number in the record's country
    response = api.post(f"/people/{person}/correct", {"expected_version": 1,
                                                      "whatsapp": "0612345678"})
    assert response.status_code == 200, response.get_json()
    assert api.get(f"/people/{person}").get_json()["whatsapp"] == "+212612345678"


def test_close_names_with_the_same_birth_date_are_suggested(api):
    a = register(api, "Mohammed", "Ouarzazi", birth_date="2001-02-03")
    b = register(api, "Mhamed", "Warzazi", birth_date="2001-02-03")
    c = register(api, "Mohamed", "Ouarzazy", birth_date="2001-02-03")
    d = register(api, "Ouarzazi", "Mohammed", birth_date="2001-02-03")        # swapped
    register(api, "Mohammed", "Ouarzazi", birth_date="2001-02-04")            # other day
    register(api, "Mohammed", "Ouarzazi")                                     # no birth date
    register(api, "Karim", "Tazi", birth_date="2001-02-03")                   # other name
    assert suggested(api, a) == {b: ["name_birth_date"], c: ["name_birth_date"],
                                 d: ["name_birth_date"]}


def test_not_suggested_when_birth_dates_differ(api):
    a = register(api, "Hafsa", "Alaoui", birth_date="1999-01-01")
    register(api, "Hafssa", "Alaoui", birth_date="1999-01-02")
    assert suggested(api, a) == {}


def test_pairs_are_listed_once_with_their_reasons(api, client):
    a = register(api, "Zineb", "Amrani", email="z@example.org", birth_date="2000-05-06")
    b = register(api, "Zaynab", "Amrani", email="z@example.org", birth_date="2000-05-06",
                 phone="0612345678", residence_country="MA")
    c = register(api, "Karim", "Tazi", phone="+212612345678")
    pairs = api.get("/duplicates").get_json()
    found = {tuple(sorted((p["a"]["id"], p["b"]["id"]))): sorted(p["reasons"])
             for p in pairs["items"]}
    assert found == {tuple(sorted((a, b))): ["email", "name_birth_date"],
                     tuple(sorted((b, c))): ["phone"]}
    page = client.get("/stakeholders/duplicates")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Doublons possibles" in html and "Même courriel" in html and "AMRANI" in html


def test_dismissing_a_suggestion_is_recorded(api, client, csrf):
    a = register(api, "Youssef", "Amrani", email="y@example.org")
    b = register(api, "Youssef", "Amrani", email="y@example.org")
    response = api.post("/duplicates/dismiss", {"person_ids": [a, b], "reason": "Cousins"})
    assert response.status_code == 201
    assert suggested(api, a) == {} and suggested(api, b) == {}
    assert api.get("/duplicates").get_json()["items"] == []
    store = client.application.extensions["argan"]["store"]
    (event,) = store.load(response.get_json()["id"])
    assert event.type == "duplicate_pair.dismissed" and event.data["reason"] == "Cousins"
    assert event.metadata["actor"]
    again = api.post("/duplicates/dismiss", {"person_ids": [b, a]})
    assert again.status_code == 422 and "person_ids" in again.get_json()["errors"]


def test_dismiss_errors_name_the_field(api):
    a = register(api, "Youssef", "Amrani")
    for body in ({}, {"person_ids": [a]}, {"person_ids": [a, a]},
                 {"person_ids": [a, "00000000-0000-0000-0000-000000000000"]}):
        response = api.post("/duplicates/dismiss", body)
        assert response.status_code == 422, body
        assert "person_ids" in response.get_json()["errors"], body


def test_dismiss_from_the_page(api, client, csrf):
    a = register(api, "Youssef", "Amrani", email="y@example.org")
    b = register(api, "Youssef", "Amrani", email="y@example.org")
    page = client.get(f"/stakeholders/people/{a}/duplicates")
    assert page.status_code == 200 and "Pas un doublon" in page.get_data(as_text=True)
    response = client.post("/stakeholders/duplicates/dismiss", data={
        "csrf_token": csrf, "person_a": a, "person_b": b,
        "next": f"/stakeholders/people/{a}/duplicates"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/stakeholders/people/{a}/duplicates"
    assert suggested(api, a) == {}
    bad = client.post("/stakeholders/duplicates/dismiss", data={"csrf_token": csrf,
                                                                 "person_a": a},
                      follow_redirects=True)
    assert bad.status_code == 200 and "Personnes" in bad.get_data(as_text=True)
