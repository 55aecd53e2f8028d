"""What the interface calls organisations' things (translated at display time)."""
from __future__ import annotations

from flask_babel import format_date, gettext, lazy_gettext as _l

from .. import labels as people_labels
from .. import territories
from .domain import INTERACTION_KINDS, KINDS

FIELDS = {
    "name": _l("Name"), "kind": _l("Kind"), "siret": _l("SIRET"), "rna": _l("RNA number"),
    "ice": _l("ICE"), "country": _l("Country"), "region": _l("Region"),
    "province": _l("Province or département"), "town": _l("Town"), "email": _l("Email"),
    "phone": _l("Phone"), "website": _l("Website"),
    "approval_number": _l("Civic-service approval number"),
    "approval_start": _l("Approval valid from"), "approval_end": _l("Approval valid until"),
    "capacity": _l("Capacity (volunteers)"), "programmes": _l("Programmes"), "tags": _l("Tags"),
}
KIND = {"osim": _l("OSIM / migrant association"), "host_structure": _l("Host structure"),
        "local_authority": _l("Local authority"), "public_institution": _l("Public institution"),
        "funder": _l("Funder"), "association": _l("Association / civil society"),
        "school_university": _l("School or university"), "company": _l("Company"),
        "media": _l("Media")}
INTERACTION = {"meeting": _l("Meeting"), "call": _l("Call"), "visit": _l("Visit"),
               "representation": _l("Representation")}
assert set(KIND) == set(KINDS) and set(INTERACTION) == set(INTERACTION_KINDS)

country_name = people_labels.country_name
country_choices = people_labels.country_choices


def kind_choices():
    return [(k, str(v)) for k, v in KIND.items()]


def interaction_choices():
    return [(k, str(v)) for k, v in INTERACTION.items()]


def reference_countries():
    """[(code, name)] of the countries whose territories are reference data."""
    return [(code, country_name(code)) for code in territories.COUNTRIES]


def show(field: str, value, country: str | None = None) -> str:
    """A field's value as staff read it; `country` (the organisation's) for its phone."""
    if value in (None, "", (), []):
        return "—"
    if field == "kind":
        return str(KIND.get(value, value))
    if field in ("approval_start", "approval_end"):
        return format_date(value, "short")
    if field == "country":
        return country_name(value)
    if field == "phone":
        return people_labels.phone(value, country)
    if field == "siret" and len(value) == 14:
        return f"{value[:3]} {value[3:6]} {value[6:9]} {value[9:]}"
    if field == "province" and territories.department_code(value):
        return f"{value} ({territories.department_code(value)})"
    if isinstance(value, (list, tuple)):
        return ", ".join(value)
    return str(value)


def change_line(field: str, before, after) -> str:
    return gettext("%(what)s: %(before)s → %(after)s", what=FIELDS.get(field, field),
                   before=show(field, before), after=show(field, after))
