"""Consent on the person's page: the block (through `consent_block`) and the two forms."""
from __future__ import annotations

import datetime as dt

from flask import (Blueprint, current_app, flash, g, redirect, render_template, request,
                   url_for)
from flask_babel import gettext
from marshmallow import ValidationError

from shared.access.roles import PEOPLE_WRITE
from shared.eventstore import ConcurrencyError, DomainError
from shared.web.access import requires
from shared.web.commands import errors_of
from shared.web.wiring import engine as _engine

from .. import queries as people_queries
from ..domain import ERASED_REFUSAL
from . import handlers, labels, queries, schemas

bp = Blueprint("consent", __name__)
KINDS = {"give": (schemas.GiveConsent, handlers.give_consent, "given_at"),
         "withdraw": (schemas.WithdrawConsent, handlers.withdraw_consent, "withdrawn_at")}


@bp.app_context_processor
def _consent_helpers():
    return {"consent_labels": labels, "consent_block": consent_block, "PEOPLE_WRITE": PEOPLE_WRITE}


def consent_block(person_id: str) -> dict:
    """What the person's page shows: the state per purpose and the timeline."""
    return {"current": queries.current_consents(_engine(), person_id),
            "history": queries.consent_history(current_app.extensions["argan"]["store"],
                                               person_id)}


@bp.route("/people/<person_id>/consents/<any(give, withdraw):kind>", methods=["GET", "POST"])
@requires(PEOPLE_WRITE)
def record(person_id, kind):
    person = people_queries.get_person(_engine(), person_id)
    if person.get("erased"):  # nothing more is recorded about them
        flash(gettext(ERASED_REFUSAL), "warning")
        return redirect(url_for("people.detail", person_id=person_id))
    schema_class, handler, date_field = KINDS[kind]
    if request.method == "GET":
        purpose = request.args.get("purpose")
        values = {"purpose": purpose if purpose in labels.PURPOSE else None,
                  date_field: dt.date.today().isoformat(), "method": "paper_form",
                  "expected_version": person["version"]}
        return _form(person, kind, values, {}, status=200)
    values = {name: request.form.get(name) for name in schema_class().fields}
    try:
        command = schema_class().load(values)
        expected = command.pop("expected_version")
        handler(g.uow, person_id, expected, **command)
    except (ValidationError, DomainError) as exc:
        return _form(person, kind, values, errors_of(exc))
    except ConcurrencyError as exc:
        values["expected_version"] = exc.actual
        return _form(person, kind, values, errors_of(exc, gettext(
            "Someone else changed this person meanwhile; check the current consent below and "
            "save again.")), status=409)
    flash(gettext("The consent has been recorded.") if kind == "give"
          else gettext("The withdrawal has been recorded."), "success")
    return redirect(url_for("people.detail", person_id=person_id) + "#consent")


def _form(person, kind, values, errors, status=422):
    return render_template("stakeholders/consent/form.html", person=person, kind=kind,
                           values=values, errors=errors,
                           current=queries.current_consents(_engine(), person["id"])), status
