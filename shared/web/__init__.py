"""The web kit every service is built from: app factory, sign-in guard, errors, layout."""
from .access import public
from .app import make_app
from .auth import current_staff, signed_in_actor

__all__ = ["make_app", "public", "current_staff", "signed_in_actor"]
