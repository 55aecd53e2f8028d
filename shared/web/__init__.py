"""The web kit every service is built from: app factory, sign-in guard, errors, layout."""
from .access import public, requires
from .app import make_app
from .auth import current_staff, signed_in_actor

__all__ = ["make_app", "public", "requires", "current_staff", "signed_in_actor"]
