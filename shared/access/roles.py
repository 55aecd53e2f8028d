"""Roles (DESIGN.md) and the permissions each one grants. Routes declare a permission."""
from __future__ import annotations

ROLES = ("admin", "officer", "communication", "viewer")
OFFICES = ("marseille", "agadir", "taliouine", "tiznit")

# Permissions, by what they let a staff member see or do.
PEOPLE_READ = "people.read"            # the directory: people and organisations
PEOPLE_WRITE = "people.write"          # register, correct, archive
PEOPLE_EXPORT = "people.export"        # lists and exports for mailings
PEOPLE_NOTES = "people.notes"          # interaction notes (not for communication)
ACTIVITIES_READ = "activities.read"
ACTIVITIES_WRITE = "activities.write"
MISSIONS_READ = "missions.read"
MISSIONS_WRITE = "missions.write"
MISSIONS_FOLLOW_UP = "missions.follow_up"  # follow-up meetings, incidents (case notes)
REPORTS_READ = "reports.read"          # dashboards and funder reports
REPORTS_MANAGE = "reports.manage"      # programmes, indicators, targets
STAFF_MANAGE = "staff.manage"          # accounts, roles, passwords of others
PRIVACY_MANAGE = "privacy.manage"      # erasure, right of access, retention (admin only)
SELF = "self"                          # one's own password and API tokens
API_DOCS = "api.docs"                  # the OpenAPI and AsyncAPI descriptions of a service

_ALL = (PEOPLE_READ, PEOPLE_WRITE, PEOPLE_EXPORT, PEOPLE_NOTES, ACTIVITIES_READ,
        ACTIVITIES_WRITE, MISSIONS_READ, MISSIONS_WRITE, MISSIONS_FOLLOW_UP, REPORTS_READ,
        REPORTS_MANAGE, STAFF_MANAGE, PRIVACY_MANAGE, SELF, API_DOCS)

PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset(_ALL),
    "officer": frozenset(set(_ALL) - {STAFF_MANAGE, PRIVACY_MANAGE}),
    "communication": frozenset({PEOPLE_READ, PEOPLE_EXPORT, ACTIVITIES_READ, MISSIONS_READ,
                                REPORTS_READ, SELF, API_DOCS}),
    # API_DOCS for everyone: a viewer's scripts read the reports through the API too
    "viewer": frozenset({REPORTS_READ, SELF, API_DOCS}),
}


def permissions_of(roles) -> frozenset[str]:
    granted: set[str] = set()
    for role in roles or ():
        granted |= PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


def allows(roles, permission: str) -> bool:
    return permission in permissions_of(roles)
