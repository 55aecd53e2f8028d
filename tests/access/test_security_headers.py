"""Headers of every service (issue 8.7): a strict CSP with pages free of inline script and
style, no-store on every authenticated answer, HSTS and a Secure cookie over https, and
proxy headers believed only from the configured number of proxies."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import jsonify, request

from shared.settings import SERVICES, Settings
from shared.testing.web import grant_token, sign_in_as
from shared.web import make_app, public
from shared.web.headers import CONTENT_SECURITY_POLICY

from test_every_route_by_role import routes  # noqa: E402  (tests/access on sys.path)

ROOT = Path(__file__).resolve().parents[2]
INLINE = [re.compile(p, re.I) for p in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b",
                                        r"\sstyle\s*=", r"\son[a-z]+\s*=", r"javascript:")]


def test_the_policy_allows_only_this_origin():
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_no_template_carries_inline_script_or_style():
    found = []
    for template in [*ROOT.glob("services/**/templates/**/*.html"),
                     *ROOT.glob("shared/web/templates/**/*.html")]:
        text = template.read_text()
        found += [f"{template.relative_to(ROOT)}: {p.pattern}" for p in INLINE if p.search(text)]
    assert found == []


def test_every_authenticated_answer_is_no_store_with_the_policy(apps):
    clients = {}
    for service in SERVICES:
        clients[service] = apps[service].test_client()
        sign_in_as(clients[service], roles=("admin",))
    checked = 0
    for service, endpoint, method, path, view in routes(apps):
        if method != "GET" or endpoint in ("sign_in.sign_in", "healthz"):
            continue
        response = clients[service].get(path)
        assert response.headers.get("Cache-Control") == "no-store", (path, response.status_code)
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, path
        assert "Strict-Transport-Security" not in response.headers  # plain http here
        checked += 1
    assert checked > 40
    token = grant_token(apps["reporting"], ["viewer"])
    api = apps["reporting"].test_client().get(
        "/reporting/api/v1/indicators/people-by-sex-and-region",
        headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200 and api.headers["Cache-Control"] == "no-store"


def test_static_files_stay_cacheable_and_the_territory_script_is_one(apps):
    client = apps["stakeholders"].test_client()
    script = client.get("/stakeholders/static/territory.js")
    assert script.status_code == 200 and "no-store" not in script.headers.get("Cache-Control", "")
    assert "addEventListener" in script.get_data(as_text=True)
    css = client.get("/stakeholders/static-shared/argan.css")
    assert css.status_code == 200 and "no-store" not in css.headers.get("Cache-Control", "")


@pytest.fixture
def app_behind(tmp_path):
    """make_app with `hops` trusted proxies and a view showing what the app believes."""
    def make(hops: int):
        settings = Settings(service="activities", database_url="sqlite://", secret_key="s",
                            service_token="t", testing=True, proxy_hops=hops)
        app, _ = make_app(settings, __name__, title="proxy test")

        @app.get("/seen")
        @public
        def seen():
            from flask import session
            session["x"] = 1  # so that the cookie is set
            return jsonify(addr=request.remote_addr, secure=request.is_secure,
                           host=request.host, root=request.script_root)
        return app.test_client()
    return make


FORGED = {"X-Forwarded-For": "6.6.6.6", "X-Forwarded-Proto": "https",
          "X-Forwarded-Host": "evil.example", "X-Forwarded-Prefix": "/evil"}


def test_without_a_configured_proxy_forwarded_headers_are_ignored(app_behind):
    response = app_behind(0).get("/seen", headers=FORGED, environ_base={"REMOTE_ADDR": "10.1.1.1"})
    assert response.json == {"addr": "10.1.1.1", "secure": False, "host": "localhost",
                             "root": ""}
    assert "Strict-Transport-Security" not in response.headers
    assert "Secure" not in response.headers["Set-Cookie"]


def test_behind_one_proxy_its_values_count_and_https_means_hsts_and_secure(app_behind):
    # the client wrote 6.6.6.6 itself; the proxy appended what it saw (the last value)
    headers = {**FORGED, "X-Forwarded-For": "6.6.6.6, 203.0.113.7"}
    response = app_behind(1).get("/seen", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.json == {"addr": "203.0.113.7", "secure": True, "host": "localhost",
                             "root": ""}
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_proxy_overwrites_the_forwarded_headers():
    params = (ROOT / "deploy/nginx/proxy_params_argan").read_text()
    assert "$proxy_add_x_forwarded_for" not in params
    assert re.search(r"proxy_set_header X-Forwarded-For \$remote_addr;", params)
    assert re.search(r"proxy_set_header X-Forwarded-Proto \$scheme;", params)
    for name in ("X-Forwarded-Host", "X-Forwarded-Prefix"):
        assert re.search(rf'proxy_set_header {name} "";', params), name
    compose = (ROOT / "docker-compose.yml").read_text()
    assert 'ARGAN_PROXY_HOPS: "1"' in compose


def test_the_proxy_hops_come_from_the_environment():
    env = {"REPORTING_DATABASE_URL": "sqlite://", "SECRET_KEY": "s", "SERVICE_TOKEN": "t"}
    assert Settings.from_env("reporting", env).proxy_hops == 0
    assert Settings.from_env("reporting", {**env, "ARGAN_PROXY_HOPS": "2"}).proxy_hops == 2
