"""`can(PERMISSION)` for templates: a page shows only the actions the signed-in staff member
may take, by the same permissions the routes declare (@requires), so that no button leads
to a 403. The permission names of shared.access.roles are template globals too."""
from __future__ import annotations

from flask import Flask

from shared.access import roles

from .auth import current_staff

PERMISSION_NAMES = {name: value for name, value in vars(roles).items()
                    if name.isupper() and isinstance(value, str) and value in roles._ALL}


def can(permission: str) -> bool:
    """Whether the signed-in staff member's roles grant `permission` (nobody: no)."""
    staff = current_staff()
    return bool(staff and staff.may(permission))


def install(app: Flask) -> None:
    app.jinja_env.globals.update(can=can, **PERMISSION_NAMES)
