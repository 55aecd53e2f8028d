"""shared.web.commands on a service of its own (a counter): a command is its schema, its
handler, its template and one line of wiring, with the same answers in the API (201, 404,
409, 422 by field) and the pages (the form shown again with its errors or, stale, with the
version it now has and what happened meanwhile; a flash and a redirect once saved)."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import ClassVar

import pytest
from flask import Blueprint, g, redirect
from flask_smorest import Blueprint as ApiBlueprint
from jinja2 import ChoiceLoader, DictLoader
from marshmallow import Schema, fields
from werkzeug.datastructures import MultiDict

from shared.access.roles import ACTIVITIES_WRITE
from shared.access.tables import metadata as access_metadata
from shared.db import make_engine
from shared.eventstore import Aggregate, DomainError, DomainEvent, EventRegistry, UnitOfWork
from shared.settings import Settings
from shared.testing.fakes import InMemoryEventStore
from shared.testing.web import sign_in_as
from shared.web.app import make_app
from shared.web.commands import FormSpec, api_command, form_command, form_values


@dataclass(frozen=True)
class Named(DomainEvent):
    type: ClassVar[str] = "counter.named"
    name: str = ""


class Counter(Aggregate):
    stream_type = "counter"

    def __init__(self, id):
        super().__init__(id)
        self.name = ""

    def rename(self, name):
        if name == "forbidden":
            raise DomainError("This name is not allowed.", "name")
        self.record(Named(name=name))

    def apply(self, event):
        self.name = event.name


def create(uow, *, name):
    counter = Counter(str(uuid.uuid4()))
    counter.rename(name)
    uow.save(counter)
    return counter


def rename(uow, counter_id, *, expected_version, name):
    counter = uow.get(Counter, counter_id, expected_version)
    counter.rename(name)
    uow.save(counter)
    return counter


class Create(Schema):
    name = fields.String(required=True)


class Rename(Schema):
    expected_version = fields.Integer(required=True)
    name = fields.String(required=True)


TEMPLATE = ("{{ counter.name }}|{{ values|tojson }}|{{ errors|tojson }}|{{ version }}|"
            "{{ conflict|tojson }}|{{ get_flashed_messages()|tojson }}")


@pytest.fixture
def app(tmp_path):
    settings = Settings(service="activities", database_url="sqlite://", secret_key="s",
                        service_token="t", testing=True)
    app, rest = make_app(settings, __name__, title="counters")
    engine = make_engine(f"sqlite:///{tmp_path / 'staff.db'}")
    access_metadata.create_all(engine)
    store = InMemoryEventStore(EventRegistry(Named))
    app.extensions["argan"] = {"engine": engine, "store": store}
    app.jinja_loader = ChoiceLoader([DictLoader({"rename.html": TEMPLATE}), app.jinja_loader])

    @app.before_request
    def _uow():
        g.uow = UnitOfWork(store)

    def context(counter_id):
        counter = g.uow.get(Counter, counter_id)
        if counter.name == "locked":
            return redirect("/elsewhere")
        return {"counter": counter}

    blp = ApiBlueprint("counters_api", __name__, url_prefix="/api/v1")
    api_command(blp, "/counters", Create, create, ACTIVITIES_WRITE, status=201)
    api_command(blp, "/counters/<counter_id>/rename", Rename, rename, ACTIVITIES_WRITE)
    rest.register_blueprint(blp)
    pages = Blueprint("counters", __name__)
    form_command(pages, "/counters/<counter_id>/rename", "rename", Rename, rename,
                 ACTIVITIES_WRITE, FormSpec(
                     "rename.html", lambda counter, counter_id: f"/counters/{counter_id}",
                     "Renamed.", context,
                     lambda c: {"name": c["counter"].name,
                                "expected_version": c["counter"].version},
                     conflict=lambda exc: {"conflict": [f"{len(exc.changes)} change(s)"]}))
    app.register_blueprint(pages)
    yield app
    engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf(client):
    return sign_in_as(client, roles=("officer",))


def post(client, csrf, path, body):
    return client.post(path, json=body, headers={"X-CSRFToken": csrf})


def created(client, csrf, name="first"):
    response = post(client, csrf, "/api/v1/counters", {"name": name})
    assert response.status_code == 201
    return response.get_json()


def test_the_api_answers_201_with_id_and_version(client, csrf):
    body = created(client, csrf)
    assert set(body) == {"id", "version"} and body["version"] == 1


def test_the_api_names_the_field_of_a_schema_or_domain_error(client, csrf):
    invalid = post(client, csrf, "/api/v1/counters", {})
    assert invalid.status_code == 422 and "name" in invalid.get_json()["errors"]
    refused = post(client, csrf, "/api/v1/counters", {"name": "forbidden"})
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {"name": ["This name is not allowed."]}


def test_the_api_answers_409_on_a_stale_version_and_404_on_an_unknown_record(client, csrf):
    counter = created(client, csrf)
    path = f"/api/v1/counters/{counter['id']}/rename"
    assert post(client, csrf, path, {"expected_version": 1, "name": "b"}).status_code == 200
    stale = post(client, csrf, path, {"expected_version": 1, "name": "c"})
    assert stale.status_code == 409 and stale.get_json()["current_version"] == 2
    missing = post(client, csrf, "/api/v1/counters/nope/rename",
                   {"expected_version": 1, "name": "c"})
    assert missing.status_code == 404 and missing.get_json()["code"] == "not_found"


def test_the_permission_is_declared_and_enforced(app, client):
    csrf = sign_in_as(client, roles=("communication",))
    assert post(client, csrf, "/api/v1/counters", {"name": "x"}).status_code == 403
    view = app.view_functions["counters.rename"]
    assert view.permission == ACTIVITIES_WRITE
    assert app.view_functions["counters_api.create"].permission == ACTIVITIES_WRITE


def parts(response):
    name, values, errors, version, conflict, flashed = response.get_data(as_text=True).split("|")
    return {"name": name, "values": values, "errors": errors, "version": version,
            "conflict": conflict, "flashed": flashed}


def parts_of(text):
    keys = ("name", "values", "errors", "version", "conflict", "flashed")
    found = dict(zip(keys, text.split("|")))
    found["errors"] = json.loads(found["errors"])
    return found


def test_the_form_shows_the_initial_values_with_the_version(client, csrf):
    counter = created(client, csrf)
    shown = parts(client.get(f"/counters/{counter['id']}/rename"))
    assert shown["version"] == "1" and '"name": "first"' in shown["values"]


def test_a_bad_form_is_shown_again_with_the_input_and_the_errors(client, csrf):
    counter = created(client, csrf)
    url = f"/counters/{counter['id']}/rename"
    refused = client.post(url, data={"csrf_token": csrf, "expected_version": "1",
                                     "name": "forbidden"})
    assert refused.status_code == 422
    shown = parts(refused)
    assert '"name": ["This name is not allowed."]' in shown["errors"]
    assert '"name": "forbidden"' in shown["values"] and shown["version"] == "1"
    no_version = client.post(url, data={"csrf_token": csrf, "name": "x"}).get_data(as_text=True)
    errors = parts_of(no_version)["errors"]  # the hidden field is the form's fault
    assert errors == {"_schema": ["Ce formulaire n’est plus à jour ; rouvrez la page et "
                                  "réessayez."]}


def test_a_stale_form_is_shown_again_with_the_current_version_and_what_changed(client, csrf):
    counter = created(client, csrf)
    url = f"/counters/{counter['id']}/rename"
    post(client, csrf, f"/api/v1{url}", {"expected_version": 1, "name": "by someone"})
    stale = client.post(url, data={"csrf_token": csrf, "expected_version": "1", "name": "mine"})
    assert stale.status_code == 409
    shown = parts(stale)
    assert shown["version"] == "2" and '"expected_version": 2' in shown["values"]
    assert '"name": "mine"' in shown["values"] and shown["conflict"] == '["1 change(s)"]'
    assert shown["name"] == "by someone"


def test_a_saved_form_flashes_and_redirects(client, csrf):
    counter = created(client, csrf)
    url = f"/counters/{counter['id']}/rename"
    saved = client.post(url, data={"csrf_token": csrf, "expected_version": "1", "name": "b"})
    assert saved.status_code == 302 and saved.headers["Location"] == f"/counters/{counter['id']}"
    assert parts(client.get(url))["flashed"] == '["Renamed."]'


def test_the_context_may_answer_instead_of_the_form(client, csrf):
    counter = created(client, csrf, name="locked")
    response = client.get(f"/counters/{counter['id']}/rename")
    assert response.status_code == 302 and response.headers["Location"] == "/elsewhere"
    assert client.get("/counters/nope/rename").status_code == 404


def test_form_values_reads_lists_splits_and_leaves_absent_fields_out():
    class S(Schema):
        tags = fields.List(fields.String())
        names = fields.List(fields.String())
        note = fields.String()
        other = fields.String()

    form = MultiDict([("tags", "a, b"), ("tags", "c"), ("names", " x "), ("names", ""),
                      ("note", "n")])
    assert form_values(form, S(), split=("tags",)) == {"tags": ["a", "b", "c"],
                                                        "names": ["x"], "note": "n"}


def test_positional_adapts_a_handler_that_takes_its_arguments_in_order():
    from shared.web.commands import positional

    def correct(uow, record_id, expected_version, changes):
        """Correct a record."""
        return (uow, record_id, expected_version, changes)

    adapted = positional(correct, "record_id expected_version **")
    assert (adapted.__name__, adapted.__doc__) == ("correct", "Correct a record.")
    assert adapted("uow", expected_version=3, name="x", record_id="r1") == (
        "uow", "r1", 3, {"name": "x"})
    optional = positional(lambda uow, record_id, reason: (record_id, reason), "record_id reason")
    assert optional("uow", record_id="r2") == ("r2", None)  # an optional field left out


def test_errors_of_says_a_stale_record_on_top_of_the_form(app):
    from shared.eventstore import ConcurrencyError
    from shared.web.commands import errors_of

    with app.test_request_context():
        stale = ConcurrencyError("r1", 1, 2, [])
        assert errors_of(stale, "Changed meanwhile.") == {"_schema": ["Changed meanwhile."]}
        assert list(errors_of(stale)) == ["_schema"]
        assert errors_of(DomainError("Too long.", "name")) == {"name": ["Too long."]}
