"""The web pages: parse the form with the command's schema -> handler or query -> render."""
from __future__ import annotations

from flask import (Blueprint, flash, g, redirect, render_template, request,
                   url_for)
from flask_babel import gettext
from marshmallow import ValidationError

from shared.access.roles import PEOPLE_READ, PEOPLE_WRITE
from shared.eventstore import ConcurrencyError, DomainError
from shared.web.access import requires
from shared.web.errors import N_, field_errors
from shared.web.validation_messages import translate
from shared.web.wiring import engine as _engine, store as _store

from . import handlers, labels, queries, schemas
from .conflicts import meanwhile
from .domain import registry

bp = Blueprint("people", __name__)


@bp.app_context_processor
def _labels():
    return {"labels": labels, "validation_message": translate}


@bp.get("/")
@requires(PEOPLE_READ)
def index():
    try:
        args = schemas.PersonListArgs().load(request.args.to_dict())
    except ValidationError as exc:
        flash(gettext("Some filters were not understood and were ignored."), "warning")
        args = schemas.PersonListArgs().load({k: v for k, v in request.args.to_dict().items()
                                              if k not in exc.messages})
    page = queries.list_people(_engine(), **args)

    def page_url(number: int) -> str:
        return url_for("people.index", **{**request.args.to_dict(), "page": number})

    return render_template("stakeholders/people_list.html", page=page, args=args,
                           page_url=page_url)


@bp.route("/people/new", methods=["GET", "POST"])
@requires(PEOPLE_WRITE)
def new():
    if request.method == "GET":
        return render_template("stakeholders/person_form.html", values={"sex": "unknown"},
                               errors={}, person=None)
    values = schemas.form_data(request.form, schemas.RegisterPerson())
    try:
        person = handlers.register_person(g.uow, schemas.RegisterPerson().load(values))
    except ValidationError as exc:
        return _form(values, field_errors(exc.messages), None)
    except DomainError as exc:
        return _form(values, _domain_errors(exc), None)
    flash(gettext("The person has been registered."), "success")
    return redirect(url_for("people.detail", person_id=person.id))


@bp.get("/people/<person_id>")
@requires(PEOPLE_READ)
def detail(person_id):
    person = queries.get_person(_engine(), person_id)
    history = queries.person_history(_store(), person_id)
    return render_template("stakeholders/person_detail.html", person=person, history=history)


@bp.route("/people/<person_id>/edit", methods=["GET", "POST"])
@requires(PEOPLE_WRITE)
def edit(person_id):
    person = queries.get_person(_engine(), person_id)
    if person["archived"] or person.get("merged_into"):
        flash(gettext("An archived person cannot be corrected.") if person["archived"] else
              gettext("This person was merged into another record; change that record "
                      "instead."), "warning")
        return redirect(url_for("people.detail", person_id=person_id))
    if request.method == "GET":
        return render_template("stakeholders/person_form.html", values=person, errors={},
                               person=person, version=person["version"])
    values = schemas.form_data(request.form, schemas.CorrectPerson())
    try:
        command = schemas.CorrectPerson().load(values)
        expected = command.pop("expected_version")
        handlers.correct_person(g.uow, person_id, expected, command)
    except ValidationError as exc:
        return _form(values, field_errors(exc.messages), person, values.get("expected_version"))
    except DomainError as exc:
        return _form(values, _domain_errors(exc), person, values.get("expected_version"))
    except ConcurrencyError as exc:
        return _form(values, {}, person, exc.actual, conflict=_meanwhile(exc), status=409,
                     changed=_changed_meanwhile(exc))
    flash(gettext("The changes have been saved."), "success")
    return redirect(url_for("people.detail", person_id=person_id))


@bp.route("/people/<person_id>/archive", methods=["GET", "POST"])
@requires(PEOPLE_WRITE)
def archive(person_id):
    person = queries.get_person(_engine(), person_id)
    if person["archived"] or person.get("merged_into"):
        flash(gettext("This person is already archived.") if person["archived"] else
              gettext("This person was merged into another record; change that record "
                      "instead."), "info")
        return redirect(url_for("people.detail", person_id=person_id))
    if request.method == "GET":
        return render_template("stakeholders/person_archive.html", person=person, errors={},
                               version=person["version"], reason="")
    values = schemas.form_data(request.form, schemas.ArchivePerson())
    conflict, status = None, 422
    try:
        command = schemas.ArchivePerson().load(values)
        handlers.archive_person(g.uow, person_id, command["expected_version"],
                                command.get("reason"))
    except ValidationError as exc:
        errors = field_errors(exc.messages)
    except DomainError as exc:
        errors = _domain_errors(exc)
    except ConcurrencyError as exc:
        errors, conflict, status = {}, _meanwhile(exc), 409
        values["expected_version"] = exc.actual
    else:
        flash(gettext("The person has been archived."), "success")
        return redirect(url_for("people.detail", person_id=person_id))
    return render_template("stakeholders/person_archive.html", person=person, errors=errors,
                           version=values.get("expected_version"), reason=values.get("reason"),
                           conflict=conflict), status


def _form(values, errors, person, version=None, conflict=None, status=422, changed=None):
    return render_template("stakeholders/person_form.html", values=values, errors=errors,
                           person=person, version=version, conflict=conflict,
                           changed=changed or {}), status


def _changed_meanwhile(exc: ConcurrencyError) -> dict[str, str]:
    """{field: its value now, as shown} for the fields corrected since the form was opened,
    so that the form can point at them next to the input about to overwrite them."""
    changed: dict[str, str] = {}
    for change in exc.changes:
        if change.type == "person.corrected":
            event = registry.to_event(change.type, change.data)
            changed.update({name: labels.show(name, value)
                            for name, value in event.changes().items()})
    return changed


def _domain_errors(exc: DomainError) -> dict[str, list[str]]:
    return {exc.field or "_schema": [gettext(exc.message)]}


def _meanwhile(exc: ConcurrencyError) -> list[str]:
    return meanwhile(exc, _engine(), registry, labels, lambda type_: {
        "person.archived": N_("Meanwhile, %(actor)s archived this person.")}.get(type_))
