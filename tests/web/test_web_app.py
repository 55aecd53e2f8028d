"""The shared app factory: guard, CSRF, errors, i18n, session cookie, OpenAPI."""
import datetime as dt

import marshmallow as ma
import pytest
from flask import Blueprint, render_template_string
from flask_smorest import Blueprint as ApiBlueprint

from shared.access.roles import PEOPLE_READ, PEOPLE_WRITE
from shared.access.tables import metadata as access_metadata
from shared.db import make_engine
from shared.eventstore import ConcurrencyError, DomainError, NotFound
from shared.settings import Settings
from shared.testing.web import grant_token, mounted_client, sign_in_as
from shared.web import make_app, public, requires


class Thing(ma.Schema):
    name = ma.fields.String(required=True)


@pytest.fixture
def app(tmp_path):
    settings = Settings(service="activities", database_url="sqlite://", secret_key="s3cret",
                        service_token="t", testing=True, session_hours=3)
    app, api = make_app(settings, __name__, title="Test service")
    engine = make_engine(f"sqlite:///{tmp_path / 'access.db'}")
    access_metadata.create_all(engine)
    app.extensions["argan"] = {"engine": engine}
    bp = Blueprint("demo", __name__)

    @bp.get("/")
    @requires(PEOPLE_READ)
    def home():
        return render_template_string(
            '{% extends "layout.html" %}{% block content %}<p>{{ _("Sign in") }}</p>'
            '<p>{{ when|date }}</p><p>{{ 1234.5|number }}</p>{% endblock %}',
            when=dt.date(2026, 11, 29))

    @bp.post("/form")
    @requires(PEOPLE_WRITE)
    def form():
        return "saved"

    @bp.get("/open")
    @public
    def open_page():
        return "open"

    @bp.get("/unmarked")
    def unmarked():
        return "nobody should see this"

    @bp.get("/boom")
    @requires(PEOPLE_READ)
    def boom():
        raise RuntimeError("secret internals")

    @bp.get("/api/v1/boom")
    @requires(PEOPLE_READ)
    def api_boom():
        raise RuntimeError("secret internals")

    @bp.get("/api/v1/domain")
    @requires(PEOPLE_READ)
    def domain():
        raise DomainError("Nothing changed.", "email")

    @bp.get("/api/v1/missing")
    @requires(PEOPLE_READ)
    def missing():
        raise NotFound("thing", "t-1")

    @bp.get("/api/v1/stale")
    @requires(PEOPLE_READ)
    def stale():
        raise ConcurrencyError("t-1", 1, 4)

    @bp.get("/api/v1/invalid")
    @requires(PEOPLE_READ)
    def invalid():
        Thing().load({})

    app.register_blueprint(bp)
    rest = ApiBlueprint("things", __name__, url_prefix="/api/v1")

    @rest.route("/things", methods=["POST"])
    @rest.arguments(Thing)
    @requires(PEOPLE_WRITE)  # below flask-smorest's decorators: functools.wraps carries it
    @rest.response(201, Thing)
    def create(thing):
        return thing

    api.register_blueprint(rest)
    yield app
    engine.dispose()


@pytest.fixture
def client(app):
    return mounted_client(app, "/activities")


def test_anonymous_pages_redirect_to_sign_in_with_the_full_path(client):
    response = client.get("/activities/?a=1&b=2")
    assert response.status_code == 302
    assert response.headers["Location"] == "/stakeholders/sign-in?next=/activities/%3Fa%3D1%26b%3D2"


def test_anonymous_api_gets_401_json(client):
    response = client.get("/activities/api/v1/missing")
    assert response.status_code == 401
    assert set(response.json) == {"code", "message", "errors"}


def test_public_views_static_and_health(client):
    assert client.get("/activities/open").get_data(as_text=True) == "open"
    assert client.get("/activities/healthz").json == {"status": "ok", "service": "activities"}
    css = client.get("/activities/static-shared/argan.css")
    assert css.status_code == 200 and b"--brand" in css.data


def test_layout_nav_and_french_formatting(client):
    sign_in_as(client, email="officer@argan.test")
    page = client.get("/activities/").get_data(as_text=True)
    for href, label in (("/stakeholders/", "Acteurs"), ("/activities/", "Activités"),
                        ("/missions/", "Missions"), ("/reporting/", "Rapports")):
        assert f'href="{href}"' in page and label in page
    assert "officer@argan.test" in page and 'action="/stakeholders/sign-out"' in page
    assert "Se connecter" in page and "29/11/2026" in page and "1\u202f234,5" in page
    english = client.get("/activities/?lang=en").get_data(as_text=True)
    assert "Sign in" in english and "Stakeholders" in english and "1,234.5" in english


def test_csrf_on_forms_and_json_but_not_bearer(client, app):
    token = sign_in_as(client)
    assert client.post("/activities/form").status_code == 400
    assert client.post("/activities/form", data={"csrf_token": "forged"}).status_code == 400
    assert client.post("/activities/form", data={"csrf_token": token}).status_code == 200
    assert client.post("/activities/form", headers={"X-CSRFToken": token}).status_code == 200
    bearer = {"Authorization": f"Bearer {grant_token(app, ['officer'])}"}
    assert client.post("/activities/form", headers=bearer).status_code == 200
    # a made-up token neither signs anyone in nor skips the CSRF check of the session
    made_up = client.post("/activities/form", headers={"Authorization": "Bearer abc"})
    assert made_up.status_code == 401


def test_a_view_without_a_permission_is_refused_to_everyone(client):
    sign_in_as(client, roles=("admin",))
    response = client.get("/activities/unmarked")
    assert response.status_code == 403
    assert "nobody should see this" not in response.get_data(as_text=True)


def test_a_mark_under_flask_smorest_decorators_is_enforced(client):
    token = sign_in_as(client, roles=("viewer",))
    response = client.post("/activities/api/v1/things", json={"name": "x"},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 403 and response.json["code"] == "forbidden"


def test_error_shapes(client):
    sign_in_as(client)
    domain = client.get("/activities/api/v1/domain")
    assert domain.status_code == 422
    assert domain.json["errors"] == {"email": ["Rien n’a changé."]}
    assert client.get("/activities/api/v1/missing").status_code == 404
    stale = client.get("/activities/api/v1/stale")
    assert stale.status_code == 409 and stale.json["current_version"] == 4
    invalid = client.get("/activities/api/v1/invalid")
    assert invalid.status_code == 422 and invalid.json["errors"] == {
        "name": ["Ce champ est obligatoire."]}
    nowhere = client.get("/activities/api/v1/nowhere")
    assert nowhere.status_code == 404 and nowhere.json["code"] == "not_found"


def test_flask_smorest_errors_use_the_same_shape(client):
    token = sign_in_as(client)
    response = client.post("/activities/api/v1/things", json={"nom": "x"},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 422
    assert response.json["code"] == "invalid"
    assert set(response.json["errors"]) == {"name", "nom"}
    ok = client.post("/activities/api/v1/things", json={"name": "x"}, headers={"X-CSRFToken": token})
    assert ok.status_code == 201
    spec = client.get("/activities/api/openapi.json").json
    assert spec["info"]["title"] == "Test service" and "/api/v1/things" in spec["paths"]


def test_unexpected_errors_never_leak(client, caplog):
    sign_in_as(client)
    api = client.get("/activities/api/v1/boom")
    assert api.status_code == 500 and api.json["code"] == "internal_error"
    page = client.get("/activities/boom")
    assert page.status_code == 500 and "<html" in page.get_data(as_text=True)
    for response in (api, page):
        assert "secret internals" not in response.get_data(as_text=True)
        assert "Traceback" not in response.get_data(as_text=True)
    assert "secret internals" in caplog.text


def test_session_cookie(client):
    token = sign_in_as(client)
    response = client.post("/activities/form", data={"csrf_token": token})
    client.get("/activities/?lang=en")  # writes the session
    cookie = client.get_cookie("argan_session", path="/")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert not cookie.secure
    assert cookie.expires - dt.datetime.now(dt.timezone.utc) <= dt.timedelta(hours=3)
    secure = client.get("/activities/?lang=fr", base_url="https://localhost")
    assert "Secure" in secure.headers["Set-Cookie"]
    assert response.status_code == 200
