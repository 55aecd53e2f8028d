"""Every route of every service, enumerated from the apps' url_maps (so a new route cannot
slip through), against shared.access.roles: refused to anonymous callers (401 for the API,
the sign-in page otherwise), allowed to exactly the roles granted its permission, 403 to
the others; a route declaring no permission fails this test."""
from __future__ import annotations

from shared.access.roles import _ALL as KNOWN_PERMISSIONS
from shared.access.roles import ROLES, allows
from shared.settings import SERVICES
from shared.testing.web import sign_in_as
from shared.web.access import is_public, permission_of

# The only views open without a staff member; each checks something else itself
# (the sign-in form its CSRF token, the feed its service token, the participants' pages of
# activities the token of their link).
PUBLIC = {"healthz", "sign_in.sign_in", "sign_in.sign_out", "feed.events",
          "participants.self_sign_in_public.sign", "participants.evaluations_public.answer"}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
DUMMY_ID = "00000000-0000-0000-0000-000000000000"


def routes(apps):
    """(service, endpoint, method, path, view) of every non-static route of every app."""
    for service in SERVICES:
        app = apps[service]
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
                continue
            values = {arg: _sample(rule._converters[arg]) for arg in rule.arguments}
            path = f"/{service}" + rule.build(values, append_unknown=False)[1]
            for method in sorted(rule.methods & set(METHODS)):
                yield service, rule.endpoint, method, path, app.view_functions[rule.endpoint]


def _sample(converter) -> str:
    """A value the URL converter accepts: an unknown id, or one of an `any(...)` list."""
    items = getattr(converter, "items", None)
    return sorted(items)[0] if items else DUMMY_ID


def call(client, method, path, csrf=None):
    """The request with dummy data: JSON for the API, a form (with its CSRF token) else."""
    headers = {"X-CSRFToken": csrf} if csrf and "/api/" in path else {}
    kwargs = {}
    if method != "GET":
        kwargs = {"json": {}} if "/api/" in path else {"data": {"csrf_token": csrf or ""}}
    return client.open(path, method=method, headers=headers, **kwargs)


def answered_by_the_app(response, path) -> bool:
    """A 404 of the view (unknown dummy id) has the shared error shape, not werkzeug's."""
    if response.status_code != 404:
        return True
    if "/api/" in path:
        return response.get_json()["code"] == "not_found"
    return "error-page" in response.get_data(as_text=True)


def test_every_route_declares_a_known_permission_or_is_a_known_public_view(apps):
    unmarked, public, unknown = [], [], []
    for service, endpoint, method, path, view in routes(apps):
        if is_public(view):
            public.append(endpoint) if endpoint not in PUBLIC else None
        elif (permission := permission_of(view, method)) is None:
            unmarked.append((service, method, path))
        elif permission not in KNOWN_PERMISSIONS:
            unknown.append((service, method, path, permission))
    assert not unmarked, f"routes with no permission (refused to everyone): {unmarked}"
    assert not public, f"public views nobody declared public in this test: {public}"
    assert not unknown, f"permissions shared.access.roles does not know: {unknown}"


def test_anonymous_callers_are_refused_everywhere(apps, client_of):
    checked = 0
    for service, endpoint, method, path, view in routes(apps):
        if is_public(view):
            continue
        response = call(client_of(service), method, path)
        checked += 1
        if "/api/" in path:
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.get_json()["code"] == "unauthorized"
        else:
            assert response.status_code == 302, (method, path, response.status_code)
            assert response.headers["Location"].startswith("/stakeholders/sign-in?next=/")
    assert checked >= 15  # the enumeration really saw the routes of the four services


def test_each_role_gets_exactly_what_its_permissions_allow(apps, client_of):
    outcomes = {True: 0, False: 0}
    for role in ROLES:
        clients = {}
        for service, endpoint, method, path, view in routes(apps):
            if is_public(view):
                continue
            if service not in clients:
                client = client_of(service)
                clients[service] = (client, sign_in_as(client, roles=(role,)))
            client, csrf = clients[service]
            response = call(client, method, path, csrf)
            allowed = allows((role,), permission_of(view, method))
            where = (role, method, path, response.status_code)
            if allowed:  # past the guard: the view answers (dummy data may be invalid)
                assert response.status_code not in (401, 403) and response.status_code < 500, where
                assert answered_by_the_app(response, path), where
            else:
                assert response.status_code == 403, where
                if "/api/" in path:
                    assert response.get_json()["code"] == "forbidden", where
            outcomes[allowed] += 1
    assert outcomes[True] and outcomes[False]  # both sides of the table were exercised


def test_a_refused_page_says_so_in_french(apps, client_of):
    client = client_of("stakeholders")
    sign_in_as(client, roles=("viewer",))
    page = client.get("/stakeholders/")
    assert page.status_code == 403
    html = page.get_data(as_text=True)
    assert "<html" in html and "Vous n’êtes pas autorisé·e à faire cela." in html
