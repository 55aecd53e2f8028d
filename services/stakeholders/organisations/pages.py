"""Organisation pages, affiliation and interaction forms: parse the form with the command's
schema -> handler or query -> render. Interaction pages need PEOPLE_NOTES."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext as _l
from marshmallow import ValidationError

from shared.access.roles import PEOPLE_NOTES, PEOPLE_READ, PEOPLE_WRITE
from shared.eventstore import ConcurrencyError
from shared.web.access import requires
from shared.web.auth import current_staff
from shared.web.commands import FormSpec, form_command, positional
from shared.web.errors import N_
from shared.web.wiring import engine as _engine, store as _store

from .. import queries as people_queries
from .. import territories
from ..conflicts import meanwhile
from ..domain import ERASED_REFUSAL
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


# -- what the forms show -------------------------------------------------------------------

def _active(message: str, category: str = "warning"):
    """The organisation a form is about; an archived one is not changed any more."""
    def context(organisation_id: str, **_):
        organisation = queries.get_organisation(_engine(), organisation_id)
        if organisation["archived"]:
            flash(str(message), category)
            return redirect(_to_detail(None, organisation_id))
        return {"organisation": organisation}
    return context


def _versioned(context: dict) -> dict:
    return {**context["organisation"], "expected_version": context["organisation"]["version"]}


def _to_detail(organisation, organisation_id=None, **_) -> str:
    return url_for("organisations.detail", organisation_id=organisation_id or organisation.id)


def _affiliation_context(organisation_id: str):
    """The organisation, and the people found by name (GET or POST ?q=), the one chosen
    first."""
    context = _active(_l("An archived organisation cannot take new affiliations."))(
        organisation_id)
    if not isinstance(context, dict):
        return context
    q = request.values.get("q", "").strip()
    found = queries.find_people(_engine(), q)
    chosen = request.values.get("person_id")
    if chosen and chosen not in [p["id"] for p in found]:
        try:
            person = people_queries.get_person(_engine(), chosen)
            found.insert(0, {k: person[k] for k in ("id", "given_name", "family_name", "email",
                                                    "residence_town")})
        except LookupError:
            pass
    return {**context, "q": q, "people": found}


def _affiliation(mode: str):
    def context(organisation_id: str, affiliation_id: str):
        return {"organisation": queries.get_organisation(_engine(), organisation_id),
                "affiliation": queries.affiliation(_engine(), organisation_id, affiliation_id),
                "mode": mode}
    return context


def _today(name: str, **more):
    return lambda context: {name: dt.date.today().isoformat(), **more}


def _with_organisation(organisation_id: str) -> dict:
    return {"name": queries.get_organisation(_engine(), organisation_id)["name"],
            "back": url_for("organisations.detail", organisation_id=organisation_id)}


def _with_person(person_id: str):
    person = people_queries.get_person(_engine(), person_id)
    if person.get("erased"):  # nothing more is recorded about them
        flash(gettext(ERASED_REFUSAL), "warning")
        return redirect(url_for("people.detail", person_id=person_id))
    return {"name": f"{person['given_name']} {person['family_name']}",
            "back": url_for("people.detail", person_id=person_id)}


def _interaction(subject_type: str, context) -> tuple:
    """An interaction with a person or an organisation: who it is with (its name on the
    form, where to go back) and the command (its author: the one signed in)."""
    def handler(uow, **command):
        subject_id = command.pop(f"{subject_type}_id")
        return handlers.record_interaction(uow, subject_type, subject_id, command)
    return schemas.RecordInteraction, handler, PEOPLE_NOTES, FormSpec(
        T + "interaction_form.html", lambda done, **ids: context(**ids)["back"],
        _l("The interaction has been recorded."), context, _today("date", kind="meeting"),
        values=schemas.form_data)


# -- the commands: one line each -----------------------------------------------------------

ORG, AFF, W = "/organisations/<organisation_id>", "/affiliations/<affiliation_id>", PEOPLE_WRITE
form_command(bp, "/organisations/new", "new", schemas.RegisterOrganisation,
             positional(handlers.register_organisation, "**"), W, FormSpec(
                 T + "form.html", _to_detail, _l("The organisation has been registered."),
                 lambda: {"organisation": None},
                 lambda c: {"country": request.args.get("country")}, values=schemas.form_data))
form_command(bp, ORG + "/edit", "edit", schemas.CorrectOrganisation,
             positional(handlers.correct_organisation, "organisation_id expected_version **"),
             W, FormSpec(T + "form.html", _to_detail, _l("The changes have been saved."),
                         _active(_l("An archived organisation cannot be corrected.")),
                         _versioned, values=schemas.form_data,
                         conflict=lambda exc: {"conflict": _meanwhile(exc),
                                               "changed": _changed_meanwhile(exc)}))
form_command(bp, ORG + "/archive", "archive", schemas.ArchiveOrganisation,
             positional(handlers.archive_organisation, "organisation_id expected_version reason"),
             W, FormSpec(T + "archive.html", _to_detail, _l("The organisation has been archived."),
                         _active(_l("This organisation is already archived."), "info"),
                         _versioned, values=schemas.form_data,
                         conflict=lambda exc: {"conflict": _meanwhile(exc)}))
form_command(bp, ORG + "/affiliations/new", "add_affiliation", schemas.AddAffiliation,
             positional(handlers.add_affiliation,
                        "organisation_id expected_version person_id role start end"),
             W, FormSpec(T + "affiliation_form.html", _to_detail,
                         _l("The affiliation has been added."), _affiliation_context,
                         lambda c: {"person_id": request.args.get("person_id"),
                                    "start": dt.date.today().isoformat()},
                         values=schemas.form_data))
form_command(bp, ORG + AFF + "/end", "end_affiliation", schemas.EndAffiliation,
             positional(handlers.end_affiliation,
                        "organisation_id expected_version affiliation_id end"),
             W, FormSpec(T + "affiliation_end.html", _to_detail,
                         _l("The affiliation has been ended."), _affiliation("end"),
                         _today("end"), values=schemas.form_data))
form_command(bp, ORG + AFF + "/remove", "remove_affiliation", schemas.RemoveAffiliation,
             positional(handlers.remove_affiliation,
                        "organisation_id expected_version affiliation_id reason"),
             W, FormSpec(T + "affiliation_end.html", _to_detail,
                         _l("The affiliation has been removed."), _affiliation("remove"),
                         lambda c: {}, values=schemas.form_data))
form_command(bp, ORG + "/interactions/new", "new_organisation_interaction",
             *_interaction("organisation", _with_organisation))
form_command(bp, "/people/<person_id>/interactions/new", "new_person_interaction",
             *_interaction("person", _with_person))
