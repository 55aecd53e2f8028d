"""Marks on views, read by the sign-in guard of every service app."""


def public(view):
    """The view needs no signed-in staff member (health check, sign-in page, the feed,
    which checks its own service token)."""
    view.is_public = True
    return view
