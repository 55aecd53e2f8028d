"""What the interface calls roles, offices and account fields (translated at display time)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from shared.access.roles import OFFICES, ROLES

ROLE = {"admin": _l("Administrator"), "officer": _l("Programme officer"),
        "communication": _l("Communication"), "viewer": _l("Viewer")}
ROLE_HINT = {"admin": _l("Everything, including staff accounts."),
             "officer": _l("Directory, activities, missions and case notes."),
             "communication": _l("Stakeholder lists and exports, no case notes."),
             "viewer": _l("Dashboards and reports only.")}
OFFICE = {"marseille": "Marseille", "agadir": "Agadir", "taliouine": "Taliouine",
          "tiznit": "Tiznit"}
FIELDS = {"email": _l("Email"), "name": _l("Name"), "office": _l("Office"),
          "roles": _l("Roles")}
assert set(ROLE) == set(ROLES) and set(OFFICE) == set(OFFICES)


def role_choices():
    return [(k, str(v)) for k, v in ROLE.items()]


def office_choices():
    return list(OFFICE.items())


def role(code: str) -> str:
    return str(ROLE.get(code, code))


def show(field: str, value) -> str:
    if value in (None, "", (), []):
        return "—"
    if field == "office":
        return OFFICE.get(value, value)
    if field == "roles":
        return ", ".join(role(r) for r in value)
    return str(value)
