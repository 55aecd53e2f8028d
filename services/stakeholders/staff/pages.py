"""Staff account pages: the admin's (STAFF_MANAGE) and one's own account (SELF).
Parse the form with the command's schema -> handler or query -> render."""
from __future__ import annotations

from flask import (Blueprint, abort, flash, g, make_response, redirect, render_template,
                   request, url_for)
from flask_babel import gettext
from marshmallow import ValidationError

from shared.access.roles import ROLES, SELF, STAFF_MANAGE
from shared.eventstore import ConcurrencyError, DomainError, NotFound
from shared.web.access import during_password_change, requires
from shared.web.auth import sign_in as start_session
from shared.web.commands import errors_of
from shared.web.errors import N_

from . import handlers, labels, queries, schemas
from .web import credentials, email_in_use, engine, my_id, no_store, store

bp = Blueprint("staff", __name__, url_prefix="/staff")
me = Blueprint("me", __name__, url_prefix="/me")
T = "stakeholders/staff/"


@bp.app_context_processor
def _labels():
    return {"staff_labels": labels}


def _errors(exc: Exception) -> dict[str, list[str]]:
    return errors_of(exc, gettext("Someone else changed this account meanwhile; look at it "
                                  "again and retry."))


def _status(exc: Exception) -> int:
    return 409 if isinstance(exc, ConcurrencyError) else 422


# -- admin -----------------------------------------------------------------------------

@bp.get("/")
@requires(STAFF_MANAGE)
def index():
    try:
        args = schemas.AccountListArgs().load(request.args.to_dict())
    except ValidationError:
        flash(gettext("Some filters were not understood and were ignored."), "warning")
        args = schemas.AccountListArgs().load({})
    page = queries.list_accounts(engine(), **args)

    def page_url(number: int) -> str:
        return url_for("staff.index", **{**request.args.to_dict(), "page": number})

    return render_template(T + "list.html", page=page, args=args, page_url=page_url)


@bp.route("/new", methods=["GET", "POST"])
@requires(STAFF_MANAGE)
def new():
    if request.method == "GET":
        return render_template(T + "form.html", values={"roles": ["officer"]}, errors={})
    schema = schemas.OpenAccount()
    values = schemas.form_data(request.form, schema)
    try:
        account, generated = handlers.open_account(g.uow, credentials(), schema.load(values),
                                                   email_in_use=email_in_use)
    except (ValidationError, DomainError) as exc:
        values.pop("password", None)  # never sent back into a page
        return render_template(T + "form.html", values=values, errors=_errors(exc)), 422
    if generated:
        return no_store(make_response(render_template(
            T + "secret.html", account=queries.get_account(store(), account.id),
            title=gettext("Account opened"), secret=generated, kind="password")))
    flash(gettext("The account has been opened."), "success")
    return redirect(url_for("staff.detail", account_id=account.id))


@bp.get("/<account_id>")
@requires(STAFF_MANAGE)
def detail(account_id, errors=None, status=200):
    account = queries.get_account(store(), account_id)
    history = queries.account_history(store(), account_id)
    return render_template(T + "detail.html", account=account, history=history,
                           errors=errors or {}, me=my_id(),
                           grantable=[r for r in ROLES if r not in account["roles"]]), status


@bp.route("/<account_id>/edit", methods=["GET", "POST"])
@requires(STAFF_MANAGE)
def edit(account_id):
    account = queries.get_account(store(), account_id)
    if request.method == "GET":
        return render_template(T + "edit.html", account=account, values=account, errors={},
                               version=account["version"])
    values = schemas.form_data(request.form, schemas.ChangeDetailsForm())
    try:
        command = schemas.ChangeDetailsForm().load(values)
        expected = command.pop("expected_version")
        handlers.change_details(g.uow, account_id, expected, command, email_in_use=email_in_use)
    except (ValidationError, DomainError, ConcurrencyError) as exc:
        notes = {}
        if isinstance(exc, ConcurrencyError):  # say what the other change was, field by field
            notes = {f: labels.show(f, account[f]) for f in ("name", "email", "office")
                     if account[f] != (values.get(f) or "").strip()}
        return render_template(T + "edit.html", account=account, values=values,
                               errors=_errors(exc), version=account["version"],
                               notes=notes), _status(exc)
    flash(gettext("The changes have been saved."), "success")
    return redirect(url_for("staff.detail", account_id=account_id))


@bp.post("/<account_id>/roles/grant")
@requires(STAFF_MANAGE)
def grant(account_id):
    return _role_command(account_id, schemas.GrantRole(), handlers.grant_role,
                         gettext("The role has been granted."))


@bp.post("/<account_id>/roles/revoke")
@requires(STAFF_MANAGE)
def revoke(account_id):
    return _role_command(account_id, schemas.RevokeRole(), handlers.revoke_role,
                         gettext("The role has been revoked."))


def _role_command(account_id, schema, handler, done):
    queries.get_account(store(), account_id)  # 404 first
    try:
        command = schema.load(schemas.form_data(request.form, schema))
        handler(g.uow, account_id, command["expected_version"], command["role"])
    except (ValidationError, DomainError, ConcurrencyError) as exc:
        return detail(account_id, errors=_errors(exc), status=_status(exc))
    flash(done, "success")
    return redirect(url_for("staff.detail", account_id=account_id))


CONFIRM = {
    "disable": dict(schema=schemas.DisableAccount, reason=True, danger=True,
                    title=N_("Disable the account of %(name)s?"),
                    text=N_("They can no longer sign in, and their API tokens stop working in "
                            "every service within a minute. Their history is kept."),
                    button=N_("Yes, disable"), done=N_("The account has been disabled.")),
    "enable": dict(schema=schemas.EnableAccount, reason=False, danger=False,
                   title=N_("Enable the account of %(name)s again?"),
                   text=N_("They can sign in again with their password, with the roles they hold."),
                   button=N_("Yes, enable"), done=N_("The account has been enabled again.")),
    "reset-password": dict(schema=schemas.ResetPassword, reason=False, danger=True,
                           title=N_("Reset the password of %(name)s?"),
                           text=N_("Their current password stops working. A temporary password "
                                   "is shown once: give it to them in person or by phone."),
                           button=N_("Yes, reset"), done=""),
    "sign-out-everywhere": dict(
        schema=schemas.SignOutEverywhere, reason=False, danger=True,
        title=N_("Sign %(name)s out everywhere?"),
        text=N_("Every session of this account ends in every service within seconds, on "
                "every device; they can sign in again with their password. Their API tokens "
                "keep working (revoke them one by one)."),
        button=N_("Yes, sign out everywhere"), done=N_("The account is signed out everywhere.")),
}


@bp.route("/<account_id>/<any(disable, enable, 'reset-password', 'sign-out-everywhere'):command>",
          methods=["GET", "POST"])
@requires(STAFF_MANAGE)
def confirm(account_id, command):
    account = queries.get_account(store(), account_id)
    spec = CONFIRM[command]
    page = dict(account=account, spec=spec, version=account["version"],
                action=url_for("staff.confirm", account_id=account_id, command=command),
                back=url_for("staff.detail", account_id=account_id))
    if request.method == "GET":
        return render_template(T + "confirm.html", errors={}, reason="", **page)
    schema = spec["schema"]()
    values = schemas.form_data(request.form, schema)
    try:
        loaded = schema.load(values)
        version = loaded["expected_version"]
        if command == "disable":
            handlers.disable(g.uow, account_id, version, loaded.get("reason"))
        elif command == "enable":
            handlers.enable(g.uow, account_id, version)
        elif command == "sign-out-everywhere":
            handlers.sign_out_everywhere(g.uow, account_id, version)
            if account_id == my_id():
                start_session(account_id, renewal=True)  # this browser stays signed in
        else:
            _, password = handlers.reset_password(g.uow, credentials(), account_id, version)
            return no_store(make_response(render_template(
                T + "secret.html", account=queries.get_account(store(), account_id),
                title=gettext("Password reset"), secret=password, kind="password")))
    except (ValidationError, DomainError, ConcurrencyError) as exc:
        return render_template(T + "confirm.html", errors=_errors(exc),
                               reason=values.get("reason") or "", **page), _status(exc)
    flash(gettext(spec["done"]), "success")
    return redirect(url_for("staff.detail", account_id=account_id))


# -- one's own account -------------------------------------------------------------------

def _mine():
    account_id = my_id()
    try:
        return queries.get_account(store(), account_id) if account_id else abort(404)
    except NotFound:
        abort(404)


@me.get("/")
@requires(SELF)
def account():
    return render_template(T + "me.html", account=_mine(), errors={}, values={})


@me.route("/password", methods=["GET", "POST"])
@requires(SELF)
@during_password_change
def password():
    mine = _mine()
    if request.method == "GET":
        return render_template(T + "password.html", account=mine, errors={})
    schema = schemas.ChangePassword()
    try:
        command = schema.load(schemas.form_data(request.form, schema))
        handlers.change_password(g.uow, credentials(), mine["id"], command["current_password"],
                                 command["password"])
    except (ValidationError, DomainError, ConcurrencyError) as exc:
        return render_template(T + "password.html", account=mine, errors=_errors(exc)), 422
    # every session of the account has ended, this one too: this browser starts a new one
    start_session(mine["id"], renewal=True)
    flash(gettext("Your password has been changed."), "success")
    if mine["must_change_password"]:
        return redirect(url_for("people.index"))
    return redirect(url_for("me.account"))


@me.post("/tokens")
@requires(SELF)
def create_token():
    mine = _mine()
    schema = schemas.CreateToken()
    values = schemas.form_data(request.form, schema)
    try:
        command = schema.load(values)
        _, _, token = handlers.create_token(g.uow, mine["id"], command["name"],
                                            expires_in_days=command.get("expires_in_days"))
    except (ValidationError, DomainError, ConcurrencyError) as exc:
        return render_template(T + "me.html", account=mine, errors=_errors(exc),
                               values=values), 422
    return no_store(make_response(render_template(
        T + "secret.html", account=_mine(), title=gettext("API token created"), secret=token,
        kind="token")))


@me.route("/tokens/<token_id>/revoke", methods=["GET", "POST"])
@requires(SELF)
def revoke_token(token_id):
    mine = _mine()
    token = next((t for t in mine["tokens"] if t["id"] == token_id), None)
    if token is None:
        abort(404)
    if request.method == "GET":
        return render_template(T + "revoke_token.html", token=token, errors={})
    try:
        handlers.revoke_token(g.uow, mine["id"], token_id)
    except (DomainError, ConcurrencyError) as exc:  # no field on this page: said on top
        errors = {"_schema": [m for messages in _errors(exc).values() for m in messages]}
        return render_template(T + "revoke_token.html", token=token,
                               errors=errors), _status(exc)
    flash(gettext("The token has been revoked."), "success")
    return redirect(url_for("me.account"))
