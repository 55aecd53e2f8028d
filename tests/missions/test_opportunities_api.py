"""The search of mobility opportunities on PostgreSQL: "what is open to a 22-year-old with a
bachelor's degree who speaks French?", each filter, the counts behind the map, the pages."""
import pytest

BASE = "/opportunities"
ON = "2026-02-15"


def publish(api, **fields):
    body = {"title": "Opportunité", "scheme": "study", "country": "FR", **fields}
    return api.ok(BASE, body, 201)["id"]


@pytest.fixture
def catalogue(api):
    """A few routes, open on 2026-02-15 unless said otherwise."""
    return {
        "master_fr": publish(api, title="Master en France", country="FR", min_age=20,
                             max_age=30, education_level="bachelor", languages=["fr"],
                             opens_on="2026-01-01", deadline="2026-03-31",
                             partner="Campus France", link="https://www.campusfrance.org/"),
        "esc_es": publish(api, title="Corps européen de solidarité", scheme="volunteering",
                          country="ES", min_age=18, max_age=30, languages=["es", "en"]),
        "doctorate_de": publish(api, title="Bourse doctorale DAAD", country="DE",
                                education_level="master", languages=["de", "en"]),
        "work_be": publish(api, title="Emploi saisonnier", scheme="work", country="BE",
                           min_age=23, languages=["fr", "nl"]),
        "closed_fr": publish(api, title="Stage clos", scheme="training", country="FR",
                             deadline="2026-01-31"),
        "future_it": publish(api, title="Échange à venir", scheme="exchange", country="IT",
                             opens_on="2026-03-01"),
        "any_pt": publish(api, title="Formation ouverte à tous", scheme="training",
                          country="PT"),
    }


def found(api, query):
    body = api.get(f"{BASE}?on={ON}&per_page=50&{query}").get_json()
    return sorted(item["title"] for item in body["items"])


def test_what_is_open_to_a_22_year_old_with_a_bachelor_who_speaks_french(api, catalogue):
    assert found(api, "age=22&education=bachelor&language=fr") == [
        "Formation ouverte à tous", "Master en France"]


def test_each_filter(api, catalogue):
    assert "Emploi saisonnier" not in found(api, "age=22")       # from 23
    assert "Emploi saisonnier" in found(api, "age=23")
    assert "Master en France" not in found(api, "age=31")         # up to 30
    assert "Master en France" in found(api, "age=30")
    assert "Master en France" not in found(api, "education=baccalaureate")
    assert "Bourse doctorale DAAD" in found(api, "education=doctorate")
    assert "Bourse doctorale DAAD" not in found(api, "education=bachelor")
    assert found(api, "language=ar") == ["Formation ouverte à tous"]  # none asked: open to all
    assert "Corps européen de solidarité" in found(api, "language=ar&language=en")
    assert found(api, "scheme=volunteering") == ["Corps européen de solidarité"]
    assert found(api, "country=fr") == ["Master en France"]
    assert "Stage clos" not in found(api, "") and "Échange à venir" not in found(api, "")
    assert "Stage clos" in found(api, "closed=true")
    assert found(api, "q=daad") == ["Bourse doctorale DAAD"]


def test_bad_filters_are_422_with_the_field(api):
    for query, field in (("age=9", "age"), ("education=phd", "education"),
                         ("country=MA", "country"), ("language=fra", "language")):
        response = api.get(f"{BASE}?{query}")
        assert response.status_code == 422, query
        assert field in response.get_json()["errors"], response.get_json()
    api.refused(BASE, {"title": "Ailleurs", "scheme": "study", "country": "US"}, "country")
    api.refused(BASE, {"title": "X", "scheme": "study", "country": "FR", "min_age": 30,
                       "max_age": 20}, "max_age")


def test_the_counts_behind_the_map_and_a_withdrawal(api, catalogue):
    counts = {c["country"]: c["open"] for c in
              api.get(f"{BASE}/by-country?on={ON}").get_json()["countries"]}
    assert counts == {"FR": 1, "ES": 1, "DE": 1, "BE": 1, "PT": 1}
    publish(api, title="Licence en France", country="FR")
    api.ok(f"{BASE}/{catalogue['esc_es']}/withdraw", {"expected_version": 1,
                                                     "reason": "Programme suspendu"})
    counts = {c["country"]: c["open"] for c in
              api.get(f"{BASE}/by-country?on={ON}").get_json()["countries"]}
    assert counts == {"FR": 2, "DE": 1, "BE": 1, "PT": 1}


def test_the_map_page_colours_countries_by_their_open_count(client, api, catalogue):
    publish(api, title="Licence en France", country="FR")  # FR: 2 open today, the most
    page = client.get("/missions/opportunities/map").get_data(as_text=True)
    # today's counts (the dates of the catalogue are relative to 2026-02-15)
    import re
    shades = dict(re.findall(r'data-country="([A-Z]{2})" data-open="\d+"[^>]*>\s*<path [^>]*'
                             r'data-shade="(\d)"', page))
    opens = dict(re.findall(r'data-country="([A-Z]{2})" data-open="(\d+)"', page))
    most = max(int(n) for n in opens.values())
    for code, n in opens.items():
        expected = 0 if int(n) == 0 else max(1, min(4, -(-4 * int(n) // most)))
        assert int(shades[code]) == expected, code
    assert opens["PL"] == "0"
    assert 'href="/missions/opportunities/?country=FR"' in page


def test_the_search_page_and_the_publishing_form(client, csrf, api, catalogue):
    page = client.get(f"/missions{BASE}/?on={ON}&age=22&education=bachelor&language=fr")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Master en France" in text and "DAAD" not in text
    assert "Niveau d’études atteint" in text
    bad = client.post(f"/missions{BASE}/new", data={"csrf_token": csrf, "title": "Ailleurs",
                                                     "scheme": "study", "country": "MA"})
    assert bad.status_code == 422 and "Europe" in bad.get_data(as_text=True)
    made = client.post(f"/missions{BASE}/new", data={
        "csrf_token": csrf, "title": "Volontariat en Pologne", "scheme": "volunteering",
        "country": "PL", "languages": ["en"], "other_languages": "pl", "min_age": "18"})
    assert made.status_code == 302
    detail = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "Volontariat en Pologne" in detail and "EN, PL" in detail
    assert "Publiée — " in detail
