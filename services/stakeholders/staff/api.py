"""The JSON API of staff accounts: /api/v1/staff (admins) and /api/v1/me (oneself).
Parse -> handler or query -> respond. No business rules here."""
from __future__ import annotations

from flask import abort, g
from flask_smorest import Blueprint

from shared.access.roles import SELF, STAFF_MANAGE
from shared.eventstore import NotFound
from shared.web.access import during_password_change, requires
from shared.web.commands import api_command
from shared.web.auth import current_staff, sign_in as start_session
from shared.web.errors import ErrorSchema

from . import handlers, queries, schemas
from .web import credentials, email_in_use, engine, my_id, no_store, store

blp = Blueprint("staff_api", __name__, url_prefix="/api/v1",
                description="Staff accounts: roles, passwords, API tokens.")


def _saved(account, **extra):
    return {"id": account.id, "version": account.version, **extra}


# -- admin -------------------------------------------------------------------------------

@blp.route("/staff")
@requires(STAFF_MANAGE)
@blp.arguments(schemas.AccountListArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.AccountPage)
def list_accounts(**filters):
    """List staff accounts with their roles and last sign-in."""
    return queries.list_accounts(engine(), **filters)


@blp.route("/staff/<account_id>")
@requires(STAFF_MANAGE)
@blp.response(200, schemas.Account)
@blp.alt_response(404, schema=ErrorSchema)
def get_account(account_id):
    """An account, with the version to send back with a command."""
    return queries.get_account(store(), account_id)


@blp.route("/staff/<account_id>/history")
@requires(STAFF_MANAGE)
@blp.response(200, schemas.HistoryEntry(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def account_history(account_id):
    """Every change of an account, newest first, with who made it."""
    return queries.account_history(store(), account_id)


def _with_secret(done) -> dict:
    """An account and the temporary password it was given (shown once)."""
    account, password = done
    return _saved(account, temporary_password=password)


ACCOUNT, M = "/staff/<account_id>", STAFF_MANAGE
api_command(blp, "/staff", schemas.OpenAccount, lambda uow, **command: handlers.open_account(
    uow, credentials(), command, email_in_use=email_in_use), M, status=201,
            response=schemas.Opened, answer=_with_secret, endpoint="open_account",
            doc="Open an account. Without `password`, a temporary one is returned, once.")
api_command(blp, ACCOUNT + "/change-details", schemas.ChangeDetails,
            lambda uow, account_id, expected_version, **changes: handlers.change_details(
                uow, account_id, expected_version, changes, email_in_use=email_in_use),
            M, endpoint="change_details",
            doc="Change the name, email or office.")
api_command(blp, ACCOUNT + "/grant-role", schemas.GrantRole, handlers.grant_role, M, doc="Grant a role.")
api_command(blp, ACCOUNT + "/revoke-role", schemas.RevokeRole, handlers.revoke_role, M, doc="Revoke a role (not one's own admin role).")
api_command(blp, ACCOUNT + "/disable", schemas.DisableAccount, handlers.disable, M, doc="Disable an account (not one's own).")
api_command(blp, ACCOUNT + "/enable", schemas.EnableAccount, handlers.enable, M, doc="Enable a disabled account again.")
api_command(blp, ACCOUNT + "/sign-out-everywhere", schemas.SignOutEverywhere,
            handlers.sign_out_everywhere, M,
            doc="End every session of the account in every service (its API tokens stay).")
api_command(blp, ACCOUNT + "/reset-password", schemas.ResetPassword,
            lambda uow, account_id, expected_version: handlers.reset_password(
                uow, credentials(), account_id, expected_version), M,
            response=schemas.PasswordWasReset, answer=_with_secret, endpoint="reset_password",
            doc="Give a new temporary password, returned once.")


# -- oneself -------------------------------------------------------------------------------

def _my_id() -> str:
    account_id = my_id()
    try:
        if account_id and queries.get_account(store(), account_id):
            return account_id
    except NotFound:
        pass
    abort(404)


@blp.route("/me")
@requires(SELF)
@blp.response(200, schemas.Account)
def me():
    """One's own account and API tokens."""
    return queries.get_account(store(), _my_id())


@blp.route("/me/password", methods=["POST"])
@requires(SELF)
@during_password_change
@blp.arguments(schemas.ChangePassword)
@blp.response(200, schemas.Saved)
@blp.alt_response(422, schema=ErrorSchema, description="Wrong current password, weak password")
def change_password(command):
    """Change one's own password (the current one is required)."""
    account = handlers.change_password(g.uow, credentials(), _my_id(),
                                       command["current_password"], command["password"],
                                       command.get("expected_version"))
    if current_staff().via == "session":  # its sessions ended: this one goes on anew
        start_session(account.id, renewal=True)
    return _saved(account)


@blp.route("/me/tokens")
@requires(SELF)
@blp.response(200, schemas.Token(many=True))
def my_tokens():
    """One's API tokens (names and dates; a token itself is never shown again)."""
    return queries.get_account(store(), _my_id())["tokens"]


@blp.route("/me/tokens", methods=["POST"])
@requires(SELF)
@blp.arguments(schemas.CreateToken)
@blp.response(201, schemas.TokenWasCreated)
@blp.alt_response(422, schema=ErrorSchema)
def create_token(command):
    """Create a personal API token: `token` is in this answer only; keep it safe."""
    account, token_id, token = handlers.create_token(
        g.uow, _my_id(), command["name"], command.get("expected_version"),
        expires_in_days=command.get("expires_in_days"))
    return _saved(account, token_id=token_id, token=token)


@blp.after_request
def _no_store(response):
    return no_store(response)


@blp.route("/me/tokens/<token_id>/revoke", methods=["POST"])
@requires(SELF)
@blp.arguments(schemas.RevokeToken)
@blp.response(200, schemas.Saved)
@blp.alt_response(422, schema=ErrorSchema)
def revoke_token(command, token_id):
    """Revoke one of one's API tokens; it stops working in every service within a minute."""
    account = handlers.revoke_token(g.uow, _my_id(), token_id, command.get("expected_version"))
    return _saved(account)
