"""Marks on views, read by the guard of every service app.

A mark is an attribute of the view function. flask-smorest's decorators wrap views with
functools.wraps, which copies the wrapped function's __dict__, so a mark survives wherever
it sits among them; the convention is right under the route decorator.
"""
from __future__ import annotations

import functools
from typing import Callable

from flask import Flask


def public(view):
    """The view needs no signed-in staff member (health check, sign-in page, the feed,
    which checks its own service token)."""
    view.is_public = True
    return view


def participant_facing(view):
    """A public page for participants, who have no account (self sign-in, evaluation): the
    view itself checks the token of its link and is rate-limited; it is shown in French,
    Arabic or English as the participant chooses."""
    view.is_public = True
    view.for_participants = True
    return view


def for_participants(view: Callable) -> bool:
    return bool(getattr(view, "for_participants", False))


def requires(permission: str):
    """The view needs a signed-in staff member whose roles grant `permission`
    (see shared.access.roles). A view with neither mark is refused to everyone."""

    def mark(view):
        view.permission = permission
        return view

    return mark


def during_password_change(view):
    """The view stays open to a staff member who must first replace a temporary password
    (the password change itself); every other view sends them there."""
    view.during_password_change = True
    return view


def open_during_password_change(view: Callable) -> bool:
    return bool(getattr(view, "during_password_change", False))


def is_public(view: Callable) -> bool:
    return bool(getattr(view, "is_public", False))


def permission_of(view: Callable, method: str) -> str | None:
    """The view's permission; for a MethodView, that of the method's handler if marked."""
    permission = getattr(view, "permission", None)
    view_class = getattr(view, "view_class", None)
    if permission is None and view_class is not None:
        handler = getattr(view_class, method.lower(), None)
        permission = getattr(handler, "permission", None)
    return permission


def require_endpoint(app: Flask, endpoint: str, permission: str) -> None:
    """Marks a view registered by a library (e.g. flask-smorest's openapi.json, a bound
    method that takes no attributes) by wrapping it."""
    view = app.view_functions[endpoint]

    @functools.wraps(view)
    def marked(*args, **kwargs):
        return view(*args, **kwargs)

    marked.permission = permission
    app.view_functions[endpoint] = marked
