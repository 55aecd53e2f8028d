"""After sign-in the browser goes back where it came from, never to another site (issue 8.1)."""
from urllib.parse import quote

import pytest

from services.stakeholders.accounts import create_admin
from shared.testing.web import csrf_token
from shared.web.redirects import safe_next

PASSWORD = "a very g00d password"
HOSTILE = ["//evil.example/x", "/\t/evil.example/x", "/%09/evil.example/x", "/\\evil.example",
           "\\\\evil.example", "/\\/evil.example", "/%5Cevil.example", "/\r\n/evil.example",
           "/stakeholders/\r\nSet-Cookie: x=1", "https://evil.example/stakeholders/",
           "http:/evil.example", "javascript:alert(1)", "/%2F/evil.example", " //evil.example",
           "/\x00/evil.example", "/\u2028/evil.example", "/\u00a0/evil.example",
           "evil.example", "/elsewhere/", "///evil.example", "/%0d%0a/evil"]


@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_next_is_dropped(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", ["/stakeholders/people/new?x=1", "/reporting/",
                                    "/activities", "/stakeholders/people?q=a%20b#top"])
def test_a_path_of_the_services_is_kept(target):
    assert safe_next(target) == target


def sign_in_with_next(client, raw_next: str):
    """GET the sign-in page with `raw_next` as written in the query, then POST the form
    as the browser would (the hidden `next` the page carries, if any)."""
    page = client.get(f"/stakeholders/sign-in?next={raw_next}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    data = {"email": "chef@argan.test", "password": PASSWORD, "csrf_token": csrf_token(html)}
    return html, client.post(f"/stakeholders/sign-in?next={raw_next}", data=data)


@pytest.mark.parametrize("raw_next", ["/%09/evil.example/x", "//evil.example/x",
                                      "/%0D%0A/evil.example", "/%5C/evil.example",
                                      "%2F%09%2Fevil.example", "/stakeholders/%0d%0aX:%20y",
                                      "/%5C%5Cevil.example", "%09//evil.example"])
def test_signing_in_never_leaves_the_origin(client, engine, raw_next):
    create_admin(engine, "chef@argan.test", PASSWORD, "Cheffe")
    html, response = sign_in_with_next(client, raw_next)
    assert 'name="next"' not in html
    assert response.status_code == 302, response.status_code  # never a 500 (CR/LF)
    assert response.headers["Location"] == "/stakeholders/"


def test_signing_in_goes_back_to_the_page_asked_for(client, engine):
    create_admin(engine, "chef@argan.test", PASSWORD, "Cheffe")
    target = "/stakeholders/people/new?x=1"
    _, response = sign_in_with_next(client, quote(target, safe="/"))
    assert response.headers["Location"] == target
    # signed in already: the sign-in page sends a hostile next home too
    again = client.get("/stakeholders/sign-in?next=/%09/evil.example/x")
    assert again.status_code == 302 and again.headers["Location"] == "/stakeholders/"
