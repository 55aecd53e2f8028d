"""Organisation pages, affiliation and interaction forms: parse the form with the command's
schema -> handler or query -> render. Interaction pages need PEOPLE_NOTES."""
from __future__ import annotations

import datetime as dt

from flask import (Blueprint, flash, g, redirect, render_template, request,
                   url_for)
from flask_babel import gettext
from marshmallow import ValidationError

from shared.access.roles import PEOPLE_NOTES, PEOPLE_READ, PEOPLE_WRITE
from shared.eventstore import ConcurrencyError, DomainError
from shared.web.access import requires
from shared.web.auth import current_staff
from shared.web.errors import N_, field_errors
from shared.web.wiring import engine as _engine, store as _store

from .. import queries as people_queries
from .. import territories
from ..conflicts import meanwhile
from . import handlers, labels, queries, schemas
from .domain import registry

bp = Blueprint("organisations", __name__)
T = "stakeholders/organisations/"


@bp.app_context_processor
def _context():
    return {"org_labels": labels, "territories": territories,
            "may_read_notes": _may_read_notes,
            "affiliations_of_person": _affiliations_of_person,
            "interactions_with_person": _interactions_with_person}


def _may_read_notes() -> bool:
    staff = current_staff()
    return bool(staff and staff.may(PEOPLE_NOTES))


def _affiliations_of_person(person_id: str) -> list[dict]:
    """For the person's page (its block is included by person_detail.html)."""
    return queries.affiliations_of(_engine(), person_id=person_id)


def _interactions_with_person(person_id: str) -> list[dict] | None:
    """None for staff who may not read interaction notes: the block is not shown."""
    if not _may_read_notes():
        return None
    return queries.interactions_with(_engine(), "person", person_id)


def _errors(exc: Exception) -> dict[str, list[str]]:
    if isinstance(exc, ValidationError):
        errors = field_errors(exc.messages)
        if errors.pop("expected_version", None):  # a hidden field: no one can correct it
            errors.setdefault("_schema", []).append(gettext(
                "This form is out of date; open the page again and retry."))
        return errors
    if isinstance(exc, DomainError):
        return {exc.field or "_schema": [gettext(exc.message)]}
    return {}


# -- organisations -----------------------------------------------------------------------

@bp.get("/organisations/")
@requires(PEOPLE_READ)
def index():
    try:
        args = schemas.OrganisationListArgs().load(request.args.to_dict())
    except ValidationError as exc:
        flash(gettext("Some filters were not understood and were ignored."), "warning")
        args = schemas.OrganisationListArgs().load(
            {k: v for k, v in request.args.to_dict().items() if k not in exc.messages})
    page = queries.list_organisations(_engine(), **args)

    def page_url(number: int) -> str:
        return url_for("organisations.index", **{**request.args.to_dict(), "page": number})

    filtered = any(args.get(k) for k in ("q", "kind", "country", "region", "programme"))
    return render_template(T + "list.html", page=page, args=args, page_url=page_url,
                           filtered=filtered or args["status"] != "active",
                           programmes=queries.programmes_in_use(_engine()))


@bp.route("/organisations/new", methods=["GET", "POST"])
@requires(PEOPLE_WRITE)
def new():
    if request.method == "GET":
        return render_template(T + "form.html", values={"country": request.args.get("country")},
                               errors={}, organisation=None)
    values = schemas.form_data(request.form, schemas.RegisterOrganisation())
    try:
        organisation = handlers.register_organisation(
            g.uow, schemas.RegisterOrganisation().load(values))
    except (ValidationError, DomainError) as exc:
        return _form(values, _errors(exc), None)
    flash(gettext("The organisation has been registered."), "success")
    return redirect(url_for("organisations.detail", organisation_id=organisation.id))


@bp.get("/organisations/<organisation_id>")
@requires(PEOPLE_READ)
def detail(organisation_id):
    organisation = queries.get_organisation(_engine(), organisation_id)
    history = queries.organisation_history(_store(), organisation_id)
    members = queries.affiliations_of(_engine(), organisation_id=organisation_id)
    notes = (queries.interactions_with(_engine(), "organisation", organisation_id)
             if _may_read_notes() else None)
    return render_template(T + "detail.html", organisation=organisation, history=history,
                           affiliations=members, interactions=notes)


@bp.route("/organisations/<organisation_id>/edit", methods=["GET", "POST"])
@requires(PEOPLE_WRITE)
def edit(organisation_id):
    organisation = queries.get_organisation(_engine(), organisation_id)
    if organisation["archived"]:
        flash(gettext("An archived organisation cannot be corrected."), "warning")
        return redirect(url_for("organisations.detail", organisation_id=organisation_id))
    if request.method == "GET":
        return render_template(T + "form.html", values=organisation, errors={},
                               organisation=organisation, version=organisation["version"])
    values = schemas.form_data(request.form, schemas.CorrectOrganisation())
    try:
        command = schemas.CorrectOrganisation().load(values)
        expected = command.pop("expected_version")
        handlers.correct_organisation(g.uow, organisation_id, expected, command)
    except (ValidationError, DomainError) as exc:
        return _form(values, _errors(exc), organisation, values.get("expected_version"))
    except ConcurrencyError as exc:
        return _form(values, {}, organisation, exc.actual, conflict=_meanwhile(exc),
                     status=409, changed=_changed_meanwhile(exc))
    flash(gettext("The changes have been saved."), "success")
    return redirect(url_for("organisations.detail", organisation_id=organisation_id))


@bp.route("/organisations/<organisation_id>/archive", methods=["GET", "POST"])
@requires(PEOPLE_WRITE)
def archive(organisation_id):
    organisation = queries.get_organisation(_engine(), organisation_id)
    if organisation["archived"]:
        flash(gettext("This organisation is already archived."), "info")
        return redirect(url_for("organisations.detail", organisation_id=organisation_id))
    if request.method == "GET":
        return render_template(T + "archive.html", organisation=organisation, errors={},
                               version=organisation["version"], reason="")
    values = schemas.form_data(request.form, schemas.ArchiveOrganisation())
    conflict, status = None, 422
    try:
        command = schemas.ArchiveOrganisation().load(values)
        handlers.archive_organisation(g.uow, organisation_id, command["expected_version"],
                                      command.get("reason"))
    except (ValidationError, DomainError) as exc:
        errors = _errors(exc)
    except ConcurrencyError as exc:
        errors, conflict, status = {}, _meanwhile(exc), 409
        values["expected_version"] = exc.actual
    else:
        flash(gettext("The organisation has been archived."), "success")
        return redirect(url_for("organisations.detail", organisation_id=organisation_id))
    return render_template(T + "archive.html", organisation=organisation, errors=errors,
                           version=values.get("expected_version"), reason=values.get("reason"),
                           conflict=conflict), status


def _form(values, errors, organisation, version=None, conflict=None, status=422, changed=None):
    return render_template(T + "form.html", values=values, errors=errors,
                           organisation=organisation, version=version, conflict=conflict,
                           changed=changed or {}), status


def _changed_meanwhile(exc: ConcurrencyError) -> dict[str, str]:
    changed: dict[str, str] = {}
    for change in exc.changes:
        if change.type == "organisation.corrected":
            event = registry.to_event(change.type, change.data)
            changed.update({name: labels.show(name, value)
                            for name, value in event.changes().items()})
    return changed


def _meanwhile(exc: ConcurrencyError) -> list[str]:
    return meanwhile(exc, _engine(), registry, labels, _other_change)


def _other_change(event_type: str) -> str | None:
    if event_type == "organisation.archived":
        return N_("Meanwhile, %(actor)s archived this organisation.")
    if event_type.startswith("organisation.affiliation_"):
        return N_("Meanwhile, %(actor)s changed the affiliations.")
    return None


# -- affiliations ------------------------------------------------------------------------

@bp.route("/organisations/<organisation_id>/affiliations/new", methods=["GET", "POST"])
@requires(PEOPLE_WRITE)
def add_affiliation(organisation_id):
    """Find the person by name (GET ?q=), choose them, give the role and dates."""
    organisation = queries.get_organisation(_engine(), organisation_id)
    if organisation["archived"]:
        flash(gettext("An archived organisation cannot take new affiliations."), "warning")
        return redirect(url_for("organisations.detail", organisation_id=organisation_id))
    if request.method == "GET":
        q = request.args.get("q", "").strip()
        chosen = request.args.get("person_id")
        return _affiliation_form(organisation, q, {"person_id": chosen,
                                                   "start": dt.date.today().isoformat()}, {})
    values = schemas.form_data(request.form, schemas.AddAffiliation())
    q = request.form.get("q", "")
    try:
        command = schemas.AddAffiliation().load(values)
        handlers.add_affiliation(g.uow, organisation_id, None, command["person_id"],
                                 command["role"], command["start"], command.get("end"))
    except (ValidationError, DomainError) as exc:
        return _affiliation_form(organisation, q, values, _errors(exc), 422)
    flash(gettext("The affiliation has been added."), "success")
    return redirect(url_for("organisations.detail", organisation_id=organisation_id))


def _affiliation_form(organisation, q, values, errors, status=200):
    found = queries.find_people(_engine(), q)
    chosen = values.get("person_id")
    if chosen and chosen not in [p["id"] for p in found]:
        try:
            person = people_queries.get_person(_engine(), chosen)
            found.insert(0, {k: person[k] for k in ("id", "given_name", "family_name", "email",
                                                    "residence_town")})
        except LookupError:
            pass
    return render_template(T + "affiliation_form.html", organisation=organisation, q=q,
                           people=found, values=values, errors=errors), status


@bp.route("/organisations/<organisation_id>/affiliations/<affiliation_id>/end",
          methods=["GET", "POST"])
@requires(PEOPLE_WRITE)
def end_affiliation(organisation_id, affiliation_id):
    organisation = queries.get_organisation(_engine(), organisation_id)
    affiliation = queries.affiliation(_engine(), organisation_id, affiliation_id)
    values, errors, status = {"end": dt.date.today().isoformat()}, {}, 200
    if request.method == "POST":
        values = schemas.form_data(request.form, schemas.EndAffiliation())
        try:
            command = schemas.EndAffiliation().load(values)
            handlers.end_affiliation(g.uow, organisation_id, None, affiliation_id,
                                     command["end"])
        except (ValidationError, DomainError) as exc:
            errors, status = _errors(exc), 422
        else:
            flash(gettext("The affiliation has been ended."), "success")
            return redirect(url_for("organisations.detail", organisation_id=organisation_id))
    return render_template(T + "affiliation_end.html", organisation=organisation,
                           affiliation=affiliation, values=values, errors=errors,
                           mode="end"), status


@bp.route("/organisations/<organisation_id>/affiliations/<affiliation_id>/remove",
          methods=["GET", "POST"])
@requires(PEOPLE_WRITE)
def remove_affiliation(organisation_id, affiliation_id):
    organisation = queries.get_organisation(_engine(), organisation_id)
    affiliation = queries.affiliation(_engine(), organisation_id, affiliation_id)
    values, errors, status = {}, {}, 200
    if request.method == "POST":
        values = schemas.form_data(request.form, schemas.RemoveAffiliation())
        try:
            command = schemas.RemoveAffiliation().load(values)
            handlers.remove_affiliation(g.uow, organisation_id, None, affiliation_id,
                                        command.get("reason"))
        except (ValidationError, DomainError) as exc:
            errors, status = _errors(exc), 422
        else:
            flash(gettext("The affiliation has been removed."), "success")
            return redirect(url_for("organisations.detail", organisation_id=organisation_id))
    return render_template(T + "affiliation_end.html", organisation=organisation,
                           affiliation=affiliation, values=values, errors=errors,
                           mode="remove"), status


# -- interactions (PEOPLE_NOTES) ---------------------------------------------------------------

@bp.route("/organisations/<organisation_id>/interactions/new", methods=["GET", "POST"])
@requires(PEOPLE_NOTES)
def new_organisation_interaction(organisation_id):
    organisation = queries.get_organisation(_engine(), organisation_id)
    back = url_for("organisations.detail", organisation_id=organisation_id)
    return _interaction_form("organisation", organisation_id, organisation["name"], back)


@bp.route("/people/<person_id>/interactions/new", methods=["GET", "POST"])
@requires(PEOPLE_NOTES)
def new_person_interaction(person_id):
    person = people_queries.get_person(_engine(), person_id)
    back = url_for("people.detail", person_id=person_id)
    name = f"{person['given_name']} {person['family_name']}"
    return _interaction_form("person", person_id, name, back)


def _interaction_form(subject_type, subject_id, name, back):
    values, errors, status = {"date": dt.date.today().isoformat(), "kind": "meeting"}, {}, 200
    if request.method == "POST":
        values = schemas.form_data(request.form, schemas.RecordInteraction())
        try:
            handlers.record_interaction(g.uow, subject_type, subject_id,
                                        schemas.RecordInteraction().load(values))
        except (ValidationError, DomainError) as exc:
            errors, status = _errors(exc), 422
        else:
            flash(gettext("The interaction has been recorded."), "success")
            return redirect(back)
    return render_template(T + "interaction_form.html", name=name, back=back, values=values,
                           errors=errors), status
