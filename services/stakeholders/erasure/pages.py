"""The erasure page: a warning, the reason and a confirmation (administrators only)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext, lazy_gettext as _l

from shared.access.roles import PRIVACY_MANAGE
from shared.web.commands import FormSpec, form_command, positional
from shared.web.wiring import engine as _engine

from .. import queries
from . import handlers, schemas

bp = Blueprint("erasure", __name__)


def _person(person_id: str, **_):
    person = queries.get_person(_engine(), person_id)
    if person.get("erased"):
        flash(gettext("This person has already been erased."), "info")
        return redirect(url_for("people.detail", person_id=person_id))
    if person.get("merged_into"):
        flash(gettext("This person was merged into another record; erase that record "
                      "instead."), "warning")
        return redirect(url_for("people.detail", person_id=person["merged_into"]))
    return {"person": person}


def _conflict(exc):
    return {"errors": {"_schema": [gettext(
        "Someone changed this person meanwhile: check their page, then confirm again.")]}}


form_command(bp, "/people/<person_id>/erase", "erase", schemas.ErasePersonForm,
             positional(handlers.erase_person, "person_id expected_version reason"),
             PRIVACY_MANAGE, FormSpec(
                 "stakeholders/erasure/form.html",
                 lambda person, **_: url_for("people.detail", person_id=person.id),
                 _l("The person has been erased. Every service is told to forget them."),
                 _person, lambda context: {"expected_version": context["person"]["version"]},
                 conflict=_conflict))
