"""A page shows only the actions the signed-in role may take (can(PERMISSION) in the
templates): communication reads the directory without Modifier / Archiver / Nouvelle
personne…, an officer has them; and no link or form a role is shown leads it to a 403."""
import re

import pytest
from werkzeug.exceptions import NotFound as NoRoute

from shared.access.roles import allows
from shared.web.access import permission_of

WRITE_ACTIONS = ("Modifier", "Archiver", "Nouvelle personne", "Importer un tableur",
                 "Nouvelle organisation", "Ajouter une personne")


@pytest.fixture
def records(api):
    person = api.post("/people", {"given_name": "Amina", "family_name": "Ouali"}).get_json()
    organisation = api.post("/organisations", {"name": "Tifawin", "kind": "osim"}).get_json()
    return {"person": person["id"], "organisation": organisation["id"]}


def pages(records):
    return ["/stakeholders/", f"/stakeholders/people/{records['person']}",
            "/stakeholders/organisations/",
            f"/stakeholders/organisations/{records['organisation']}"]


def buttons(html):
    return set(re.findall(r'class="btn[^"]*"[^>]*>\+?\s*([^<]+)<', html))


@pytest.mark.parametrize("role, shown", [("communication", False), ("officer", True)])
def test_write_actions_only_for_the_roles_that_may(client, engine, sign_in, records, role,
                                                   shown):
    client = client.application.test_client()  # another browser, signed in as `role`
    sign_in(client, engine, f"{role}-test@argan.test", "a long password for tests", roles=(role,))
    seen = set()
    for path in pages(records):
        response = client.get(path)
        assert response.status_code == 200, path
        seen |= {b.strip() for b in buttons(response.get_data(as_text=True))}
    for action in WRITE_ACTIONS:
        assert (action in seen) is shown, (role, action, sorted(seen))


@pytest.mark.parametrize("role", ["communication", "officer"])
def test_no_action_shown_leads_to_a_refusal(client, engine, sign_in, records, role):
    client = client.application.test_client()  # another browser, signed in as `role`
    sign_in(client, engine, f"{role}-test@argan.test", "a long password for tests", roles=(role,))
    app = client.application
    adapter = app.url_map.bind("localhost", script_name="/stakeholders")
    checked = 0
    for path in pages(records):
        html = client.get(path).get_data(as_text=True)
        targets = [("GET", href) for href in re.findall(r'<a [^>]*href="(/stakeholders/[^"?#]*)', html)]
        targets += [("POST", action) for action in re.findall(
            r'<form method="post" action="(/stakeholders/[^"?#]*)', html)]
        for method, target in targets:
            try:
                endpoint, _ = adapter.match(target.removeprefix("/stakeholders"), method=method)
            except NoRoute:
                continue
            permission = permission_of(app.view_functions[endpoint], method)
            if permission is not None:
                assert allows((role,), permission), (role, path, method, target, permission)
                checked += 1
    assert checked >= 5
