"""The web pages: queries render, and every command is one line of wiring
(shared.web.commands): its schema, its handler, its template."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext as _l
from marshmallow import ValidationError

from shared.access.roles import PEOPLE_READ, PEOPLE_WRITE
from shared.eventstore import ConcurrencyError
from shared.web.access import requires
from shared.web.commands import FormSpec, form_command, positional
from shared.web.errors import N_
from shared.web.validation_messages import translate
from shared.web.wiring import engine as _engine, store as _store

from . import handlers, labels, queries, schemas
from .conflicts import meanwhile
from .domain import ERASED_REFUSAL, registry

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


@bp.get("/people/<person_id>")
@requires(PEOPLE_READ)
def detail(person_id):
    person = queries.get_person(_engine(), person_id)
    history = queries.person_history(_store(), person_id)
    return render_template("stakeholders/person_detail.html", person=person, history=history)


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


def _meanwhile(exc: ConcurrencyError) -> list[str]:
    return meanwhile(exc, _engine(), registry, labels, lambda type_: {
        "person.archived": N_("Meanwhile, %(actor)s archived this person.")}.get(type_))


def _person(person_id: str, **_):
    """The person a form is about; one archived or merged away is not changed any more."""
    person = queries.get_person(_engine(), person_id)
    if person.get("erased"):
        flash(gettext(ERASED_REFUSAL), "warning")
        return redirect(url_for("people.detail", person_id=person_id))
    if person["archived"] or person.get("merged_into"):
        flash(_ARCHIVED[request.endpoint] if person["archived"] else
              gettext("This person was merged into another record; change that record "
                      "instead."), "warning" if request.endpoint == "people.edit" else "info")
        return redirect(url_for("people.detail", person_id=person_id))
    return {"person": person}


_ARCHIVED = {"people.edit": _l("An archived person cannot be corrected."),
             "people.archive": _l("This person is already archived.")}


def _versioned(context: dict) -> dict:
    return {**context["person"], "expected_version": context["person"]["version"]}


def _to_person(person, **_) -> str:
    return url_for("people.detail", person_id=person.id)


# -- the commands: one line each -----------------------------------------------------------

form_command(bp, "/people/new", "new", schemas.RegisterPerson,
             positional(handlers.register_person, "**"), PEOPLE_WRITE, FormSpec(
                 "stakeholders/person_form.html", _to_person,
                 _l("The person has been registered."), lambda: {"person": None},
                 lambda c: {"sex": "unknown"}, values=schemas.form_data))
form_command(bp, "/people/<person_id>/edit", "edit", schemas.CorrectPerson,
             positional(handlers.correct_person, "person_id expected_version **"),
             PEOPLE_WRITE, FormSpec(
                 "stakeholders/person_form.html", _to_person, _l("The changes have been saved."),
                 _person, _versioned, values=schemas.form_data,
                 conflict=lambda exc: {"conflict": _meanwhile(exc),
                                       "changed": _changed_meanwhile(exc)}))
form_command(bp, "/people/<person_id>/archive", "archive", schemas.ArchivePerson,
             positional(handlers.archive_person, "person_id expected_version reason"),
             PEOPLE_WRITE, FormSpec(
                 "stakeholders/person_archive.html", _to_person,
                 _l("The person has been archived."), _person, _versioned,
                 values=schemas.form_data,
                 conflict=lambda exc: {"conflict": _meanwhile(exc)}))
