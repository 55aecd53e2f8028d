"""The pages, in French: the list, a mission's page, its forms (refusals shown again with
their reason), the follow-ups due."""
import re

from tests.missions.conftest import mission_body


def form(client, path, csrf, **data):
    return client.post(f"/missions{path}", data={"csrf_token": csrf, **data})


def mission_id_of(response) -> str:
    return re.search(r"/missions/([0-9a-f-]{36})$", response.headers["Location"]).group(1)


def test_a_mission_is_drafted_proposed_and_followed_through_the_forms(client, csrf,
                                                                       stakeholders):
    volunteer = stakeholders.person("Salma", "Bouzid")
    host = stakeholders.host("Centre social La Castellane", capacity=3)
    page = client.get("/missions/new").get_data(as_text=True)
    assert "Nouvelle mission" in page and "Salma Bouzid" in page
    assert "Centre social La Castellane — agrément MA-013-22-00042, 3 places" in page

    body = {**mission_body(volunteer, host), "weekly_hours": "60", "direction": ""}
    refused = form(client, "/new", csrf, **body)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Les heures hebdomadaires sont un nombre entier entre 1 et 48." in html
    assert "Salma Bouzid" in html  # the form is shown again with what was typed

    saved = form(client, "/new", csrf, **mission_body(volunteer, host))
    assert saved.status_code == 302
    mission = mission_id_of(saved)
    detail = client.get(f"/missions/{mission}").get_data(as_text=True)
    assert "Mission de Salma Bouzid" in detail and "Brouillon" in detail
    assert "La mission a été créée en brouillon." in detail

    started = form(client, f"/{mission}/start", csrf, expected_version="1",
                   started_on="2025-09-01")
    assert started.status_code == 422
    assert "La mission ne peut pas commencer avant la signature de la convention." in \
        started.get_data(as_text=True)
    early = form(client, f"/{mission}/follow-ups/new", csrf, kind="arrival", date="2025-09-15")
    assert early.status_code == 422
    assert "Les entretiens de suivi s’enregistrent une fois la mission commencée." in \
        early.get_data(as_text=True)
    for version, command in enumerate(("propose", "agree"), start=1):
        assert client.get(f"/missions/{mission}/{command}").status_code == 200
        assert form(client, f"/{mission}/{command}", csrf,
                    expected_version=str(version)).status_code == 302
    assert form(client, f"/{mission}/start", csrf, expected_version="3",
                started_on="2025-09-01").status_code == 302
    stale = form(client, f"/{mission}/extend", csrf, expected_version="2",
                 planned_end="2026-06-30", reason="Projet prolongé")
    assert stale.status_code == 409
    met = form(client, f"/{mission}/follow-ups/new", csrf, kind="arrival", date="2025-09-15",
               wellbeing="4", participants="Claire Martin, Omar Haddad",
               notes="Installation réussie", issues="Carte de transport\nCompte bancaire")
    assert met.status_code == 302
    detail = client.get(f"/missions/{mission}").get_data(as_text=True)
    assert "Entretien d’arrivée" in detail and "Installation réussie" in detail
    assert "Compte bancaire" in detail and "Claire Martin, Omar Haddad" in detail
    assert "Formation civique et citoyenne : pas encore suivie" in detail

    listing = client.get("/missions/?q=castellane").get_data(as_text=True)
    assert "Salma Bouzid" in listing and "En cours" in listing
    due = client.get("/missions/follow-ups/due?referent=all&on=2025-11-05")
    assert due.status_code == 200
    text = due.get_data(as_text=True)
    assert "Semaine du" in text and "Entretien mensuel" in text and "Salma Bouzid" in text


def test_bad_filters_are_ignored_with_a_warning(client, csrf):
    page = client.get("/missions/?status=everything&office=paris")
    assert page.status_code == 200
    assert "Aucune mission" in page.get_data(as_text=True)
