"""One way to expose a command: its schema, its handler, and one line of wiring.

    api_command(blp, "/activities/<activity_id>/open", schemas.Transition,
                handlers.open_registration, ACTIVITIES_WRITE)
    form_command(bp, "/<activity_id>/open", "open", schemas.Transition,
                 handlers.open_registration, ACTIVITIES_WRITE, FormSpec(...))

The handler is called as `handler(g.uow, **view_args, **command)` and returns the aggregate
it changed (answered as {"id", "version"}) or a dict (answered as it is).

In the JSON API, the app's error handlers (shared.web.errors) turn ValidationError,
DomainError, NotFound and ConcurrencyError into 422, 422, 404 and 409. A form instead is
shown again: with the errors by field (422), or, when someone changed the record since it
was opened, with the version it now has and what happened meanwhile (409). A saved form
flashes its message and redirects.

A handler that takes its arguments in order is adapted where it is wired with
`positional`, e.g. stakeholders' person correction (which takes the changes as one dict):

    api_command(blp, "/people/<person_id>/correct", schemas.CorrectPerson,
                positional(handlers.correct_person, "person_id expected_version **"),
                PEOPLE_WRITE)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from flask import flash, g, redirect, render_template, request
from flask_babel import gettext
from marshmallow import Schema, ValidationError, fields
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from shared.eventstore import ConcurrencyError, DomainError

from .access import requires
from .errors import ErrorSchema, field_errors

Handler = Callable[..., Any]


class Saved(Schema):
    """What a command answers: the record and the version to send with the next one."""
    id = fields.String()
    version = fields.Integer()


def result_of(outcome: Any) -> Any:
    """An aggregate as {"id", "version"}; anything else (a dict) as it is."""
    if hasattr(outcome, "version") and hasattr(outcome, "id"):
        return {"id": outcome.id, "version": outcome.version}
    return outcome


def positional(handler: Handler, names: str) -> Handler:
    """`handler(uow, a, b, ...)` called the usual way: each name is taken from the URL or
    the command (None when absent: an optional field), `**` is the rest of the command as
    one dict. The adapter keeps the handler's name (the endpoint) and docstring."""
    order = names.split()

    def adapted(uow, **given):
        taken = {name: given.pop(name, None) for name in order if name != "**"}
        return handler(uow, *[given if name == "**" else taken[name] for name in order])

    adapted.__name__, adapted.__doc__ = handler.__name__, handler.__doc__
    return adapted


def run(handler: Handler, command: dict, view_args: dict) -> Any:
    """Call the handler in the request's unit of work (g.uow, set by the composition root)."""
    return handler(g.uow, **view_args, **command)


# -- the JSON API ------------------------------------------------------------------------

def api_command(blp, rule: str, schema: type[Schema], handler: Handler, permission: str, *,
                status: int = 200, response: type[Schema] = Saved, endpoint: str | None = None,
                doc: str | None = None, answer: Callable[[Any], Any] = result_of):
    """POST `rule`: the body loaded by `schema`, the handler run, its result answered
    (through `answer`) with `status` (201 for a creation). Returns the view (registered)."""

    def view(command, **view_args):
        return answer(run(handler, command, view_args))

    view.__name__ = endpoint or handler.__name__
    view.__doc__ = doc or handler.__doc__
    view = blp.alt_response(422, schema=ErrorSchema, description="Invalid input, by field")(view)
    view = blp.alt_response(409, schema=ErrorSchema, description="Stale expected_version")(view)
    view = blp.alt_response(404, schema=ErrorSchema)(view)
    view = blp.response(status, response)(view)
    view = blp.arguments(schema)(view)
    view = requires(permission)(view)
    blp.route(rule, methods=["POST"], endpoint=view.__name__)(view)
    return view


# -- the pages ---------------------------------------------------------------------------

def form_values(form: MultiDict, schema: Schema, split: Iterable[str] = ()) -> dict[str, Any]:
    """request.form -> what the schema loads: repeated fields for lists (`split` ones typed
    as "a, b"), absent fields left out (so that a correction changes only what is sent)."""
    data: dict[str, Any] = {}
    for name, item in schema.fields.items():
        if isinstance(item, fields.List):
            values = form.getlist(name)
            if name in split:
                values = [part for v in values for part in v.split(",")]
            data[name] = [v.strip() for v in values if v.strip()]
        elif name in form:
            data[name] = form.get(name)
    return data


def errors_of(exc: Exception, stale: str | None = None) -> dict[str, list[str]]:
    """{field: [translated messages]}; a bad hidden expected_version is the form's fault;
    a ConcurrencyError is said on top of the form (`stale`, already translated)."""
    if isinstance(exc, ConcurrencyError):
        return {"_schema": [stale or gettext("Someone else changed this record meanwhile; "
                                             "check it and save again.")]}
    if isinstance(exc, DomainError):
        return {exc.field or "_schema": [gettext(exc.message)]}
    errors = field_errors(exc.messages)
    if errors.pop("expected_version", None):  # a hidden field: no one can correct it
        errors.setdefault("_schema", []).append(gettext(
            "This form is out of date; open the page again and retry."))
    return errors


def changed_meanwhile(exc: ConcurrencyError) -> dict[str, Any]:
    """What a stale form says by default: that the record changed (see FormSpec.conflict)."""
    return {"conflict": [gettext("Someone else changed this record meanwhile; check it and "
                                 "save again.")]}


@dataclass
class FormSpec:
    """How a command's form page looks and where it leads.

    context(**view_args) -> dict for the template (raise NotFound for 404), or a Response
      to answer instead (e.g. a redirect when the command no longer applies);
    initial(context) -> the values of the blank form (with its expected_version);
    done(result, **view_args) -> where to go once saved; success: the message flashed
      (a callable of the result for one that depends on it);
    conflict(exc) -> more template variables for a stale form ({"conflict": [lines]} by
      default; stakeholders says who changed what; {"errors": ...} says it on top);
    values(form, schema) -> what the schema loads from request.form.
    The template gets the context and `values`, `errors`, `version`, `conflict`, `changed`.
    """
    template: str
    done: Callable[..., str]
    success: Any = None
    context: Callable[..., Any] = lambda **view_args: {}
    initial: Callable[[dict], dict] = lambda context: {}
    conflict: Callable[[ConcurrencyError], dict] = changed_meanwhile
    values: Callable[[MultiDict, Schema], dict] = form_values
    extra: dict = field(default_factory=dict)


def form_view(schema: type[Schema], handler: Handler, spec: FormSpec) -> Callable:
    """The view of a form (GET shows it, POST runs the command)."""

    def view(**view_args):
        context = spec.context(**view_args)
        if isinstance(context, Response):
            return context
        if request.method == "GET":
            values = spec.initial(context)
            return _show(spec, context, values, {}, values.get("expected_version"), 200)
        values = spec.values(request.form, schema())
        try:
            outcome = run(handler, schema().load(_loadable(values, schema())), view_args)
        except (ValidationError, DomainError) as exc:
            return _show(spec, context, values, errors_of(exc), values.get("expected_version"),
                         422)
        except ConcurrencyError as exc:
            values["expected_version"] = exc.actual
            more = spec.conflict(exc)  # {"errors": ...} says it on top of the form
            return _show(spec, context, values, more.pop("errors", {}), exc.actual, 409, **more)
        if spec.success:
            message = spec.success(outcome) if callable(spec.success) else spec.success
            flash(str(message), "success")
        return redirect(spec.done(outcome, **view_args))

    return view


def form_command(bp, rule: str, endpoint: str, schema: type[Schema], handler: Handler,
                 permission: str, spec: FormSpec):
    """GET and POST `rule` on the blueprint `bp`: the command's form. Returns the view."""
    view = requires(permission)(form_view(schema, handler, spec))
    view.__name__ = endpoint
    bp.add_url_rule(rule, endpoint, view, methods=["GET", "POST"])
    return view


def _loadable(values: dict, schema: Schema) -> dict:
    """The values the schema loads (a page may keep others, only to show them again)."""
    keys = {item.data_key or name for name, item in schema.load_fields.items()}
    return {k: v for k, v in values.items() if k in keys}


def _show(spec: FormSpec, context: dict, values: dict, errors: dict, version, status: int,
          **more):
    variables = {"conflict": None, "changed": {}, **spec.extra, **context, **more}
    return render_template(spec.template, values=values, errors=errors, version=version,
                           **variables), status
