"""Marks on views, read by the guard of every service app."""
from __future__ import annotations


def public(view):
    """The view needs no signed-in staff member (health check, sign-in page, the feed,
    which checks its own service token)."""
    view.is_public = True
    return view


def requires(permission: str):
    """The view needs a signed-in staff member whose roles grant `permission`
    (see shared.access.roles). A view with neither mark is refused to everyone."""

    def mark(view):
        view.permission = permission
        return view

    return mark
