"""Pages of duplicates: suggestions, the side-by-side merge, un-merge, dismissal."""
from __future__ import annotations

from flask import (Blueprint, flash, g, redirect, render_template, request,
                   url_for)
from flask_babel import gettext, lazy_gettext as _l
from marshmallow import ValidationError

from shared.access.roles import PEOPLE_READ, PEOPLE_WRITE
from shared.eventstore import ConcurrencyError, DomainError
from shared.web.access import requires
from shared.web.commands import errors_of
from shared.web.wiring import engine as _engine

from .. import queries
from . import handlers as merge_handlers, queries as duplicates, schemas as merge_schemas
from ..domain import LIST_FIELDS, PERSON_FIELDS

bp = Blueprint("duplicates", __name__)


def _safe_next(default: str) -> str:
    target = request.form.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.get("/duplicates")
@requires(PEOPLE_READ)
def pairs():
    found = duplicates.suggested_pairs(_engine())
    return render_template("stakeholders/duplicates/list.html", pairs=found)


@bp.get("/people/<person_id>/duplicates")
@requires(PEOPLE_READ)
def for_person(person_id):
    person = queries.get_person(_engine(), person_id)
    found = duplicates.suggestions_for(_engine(), person_id)
    return render_template("stakeholders/duplicates/person.html", person=person,
                           suggestions=found)


@bp.post("/duplicates/dismiss")
@requires(PEOPLE_WRITE)
def dismiss():
    data = {"person_ids": [v for v in (request.form.get("person_a"),
                                       request.form.get("person_b")) if v],
            "reason": request.form.get("reason") or None}
    try:
        command = merge_schemas.DismissDuplicate().load(data)
        merge_handlers.dismiss_duplicate(g.uow, *command["person_ids"], command.get("reason"))
    except (ValidationError, DomainError) as exc:
        _flash_errors(errors_of(exc))
    else:
        flash(gettext("The suggestion has been dismissed: these two people will no longer be "
                      "suggested as duplicates."), "success")
    return redirect(_safe_next(url_for("duplicates.pairs")))


FIELD_NAMES = {"person_ids": _l("People"), "reason": _l("Reason")}


def _flash_errors(errors: dict[str, list[str]]) -> None:
    for field, messages in errors.items():
        for message in messages:
            if field == "_schema":
                flash(message, "error")
            else:
                flash(gettext("%(field)s: %(message)s", field=str(FIELD_NAMES.get(
                    field.split(".")[0], field)), message=message), "error")


@bp.get("/duplicates/compare/<person_a>/<person_b>")
@requires(PEOPLE_WRITE)
def compare(person_a, person_b):
    """The merge screen of a pair, the record proposed as survivor on the left."""
    a, b = queries.get_person(_engine(), person_a), queries.get_person(_engine(), person_b)
    keep = duplicates.proposed_survivor(a, duplicates.holdings(_engine(), a),
                                        b, duplicates.holdings(_engine(), b))
    other = person_b if keep == person_a else person_a
    return redirect(url_for("duplicates.merge", person_id=keep, other_id=other))


@bp.route("/people/<person_id>/merge/<other_id>", methods=["GET", "POST"])
@requires(PEOPLE_WRITE)
def merge(person_id, other_id):
    survivor = queries.get_person(_engine(), person_id)
    merged = queries.get_person(_engine(), other_id)
    if request.method == "GET":
        return _merge_form(survivor, merged, {}, {}, survivor["version"], merged["version"])
    choices = {name: request.form.get(f"keep_{name}") for name in PERSON_FIELDS
               if request.form.get(f"keep_{name}")}
    data = {"expected_version": request.form.get("expected_version"), "merged_id": other_id,
            "merged_expected_version": request.form.get("merged_expected_version"),
            "choices": choices}
    try:
        command = merge_schemas.MergePeople().load(data)
        merge_handlers.merge_people(g.uow, person_id, command["expected_version"], other_id,
                                    command["merged_expected_version"], command["choices"])
    except (ValidationError, DomainError) as exc:
        return _merge_form(survivor, merged, choices, _choice_errors(errors_of(exc)),
                           data["expected_version"], data["merged_expected_version"])
    except ConcurrencyError:
        # both records as they are now, the officer's choices kept: check and confirm again
        return _merge_form(survivor, merged, choices, {}, survivor["version"],
                           merged["version"], conflict=True, status=409)
    flash(gettext("The two records have been merged."), "success")
    return redirect(url_for("people.detail", person_id=person_id))


def _choice_errors(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """'choices.email' -> 'email': the error shows on the field's row."""
    return {name.split(".")[1] if name.startswith("choices.") and "." in name else name:
            messages for name, messages in errors.items()}


def _merge_form(survivor, merged, choices, errors, version, merged_version, conflict=False,
                status=None):
    rows = []
    for name in PERSON_FIELDS:
        mine, theirs = survivor.get(name), merged.get(name)
        is_list = name in LIST_FIELDS
        same = (sorted(mine or []) == sorted(theirs or [])) if is_list else mine == theirs
        default = "union" if is_list else ("merged" if mine in (None, "") and theirs not in
                                           (None, "") else "survivor")
        rows.append({"name": name, "survivor": mine, "merged": theirs, "same": same,
                     "list": is_list, "choice": choices.get(name) or default})
    blocked = None
    for person in (survivor, merged):
        if person["archived"]:
            blocked = gettext("An archived person cannot be merged.")
        elif person.get("merged_into"):
            blocked = gettext("This person was already merged into another record.")
    if survivor["id"] == merged["id"]:
        blocked = gettext("A person cannot be merged with themselves.")
    holds = {p["id"]: duplicates.holdings(_engine(), p) for p in (survivor, merged)}
    proposed = duplicates.proposed_survivor(survivor, holds[survivor["id"]],
                                            merged, holds[merged["id"]])
    html = render_template("stakeholders/duplicates/merge.html", survivor=survivor, merged=merged,
                           rows=rows, errors=errors, version=version,
                           merged_version=merged_version, conflict=conflict, blocked=blocked,
                           holds=holds, proposed=proposed)
    return html, status or (422 if errors else 200)


@bp.route("/people/<person_id>/unmerge", methods=["GET", "POST"])
@requires(PEOPLE_WRITE)
def unmerge(person_id):
    merged = queries.get_person(_engine(), person_id)
    if not merged.get("merged_into"):
        flash(gettext("This person is not merged into another record."), "info")
        return redirect(url_for("people.detail", person_id=person_id))
    survivor = queries.get_person(_engine(), merged["merged_into"])
    if request.method == "GET":
        return _unmerge_form(merged, survivor, {}, merged["version"], survivor["version"])
    data = {"expected_version": request.form.get("expected_version"),
            "survivor_expected_version": request.form.get("survivor_expected_version")}
    try:
        command = merge_schemas.UnmergePerson().load(data)
        merge_handlers.unmerge_person(g.uow, person_id, command["expected_version"],
                                      command["survivor_expected_version"])
    except (ValidationError, DomainError) as exc:
        return _unmerge_form(merged, survivor, errors_of(exc), data["expected_version"],
                             data["survivor_expected_version"])
    except ConcurrencyError:
        return _unmerge_form(merged, survivor, {}, merged["version"], survivor["version"],
                             conflict=True, status=409)
    flash(gettext("The merge has been undone: both records are back as they were."), "success")
    return redirect(url_for("people.detail", person_id=person_id))


def _unmerge_form(merged, survivor, errors, version, survivor_version, conflict=False,
                  status=None):
    html = render_template("stakeholders/duplicates/unmerge.html", merged=merged,
                           survivor=survivor, errors=errors, version=version,
                           survivor_version=survivor_version, conflict=conflict)
    return html, status or (422 if errors else 200)
