"""A staff member holding a temporary password (an account opened or a password reset by
an admin) replaces it before anything else, in every service."""
from __future__ import annotations

from flask import redirect
from flask_babel import gettext

from .errors import error_response, wants_json
from .auth import bearer_token

PASSWORD_PAGE = "/stakeholders/me/password"


def password_change_first():
    if wants_json() or bearer_token() is not None:
        return error_response(403, gettext("Choose a new password first: yours is temporary."),
                              code="password_change_required")
    return redirect(PASSWORD_PAGE)
