"""What the opportunity pages call things: schemes, education levels, countries, languages."""
from __future__ import annotations

import pycountry
from flask_babel import get_locale, gettext, lazy_gettext as _l

from .domain import EUROPE

SCHEME = {"study": _l("Study"), "work": _l("Work"), "volunteering": _l("Volunteering"),
          "training": _l("Training"), "exchange": _l("Exchange")}
EDUCATION = {"none": _l("No diploma"), "primary": _l("Primary school"),
             "middle_school": _l("Middle school"), "baccalaureate": _l("Baccalaureate"),
             "bac_plus_2": _l("Two years after the baccalaureate (DUT, BTS, DTS)"),
             "bachelor": _l("Bachelor's degree (licence)"), "master": _l("Master's degree"),
             "doctorate": _l("Doctorate")}
# The languages offered in the forms; any ISO 639-1 code is accepted through the API.
COMMON_LANGUAGES = ("fr", "en", "es", "de", "it", "pt", "nl", "ar")


def choices(table: dict) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in table.items()]


def show(table: dict, code) -> str:
    return str(table.get(code, code or "—"))


def country_name(code: str | None) -> str:
    """'FR' -> 'France' in the interface language."""
    if not code:
        return "—"
    country = pycountry.countries.get(alpha_2=code)
    return get_locale().territories.get(code) or (country.name if country else code)


def country_choices() -> list[tuple[str, str]]:
    return sorted(((c, country_name(c)) for c in EUROPE), key=lambda item: item[1])


def language_name(code: str) -> str:
    return (get_locale().languages.get(code) or code).capitalize()


def language_choices() -> list[tuple[str, str]]:
    return [(c, language_name(c)) for c in COMMON_LANGUAGES]


FIELDS = {"title": _l("Title"), "scheme": _l("Scheme"), "country": _l("Destination country"),
          "min_age": _l("Minimum age"), "max_age": _l("Maximum age"),
          "education_level": _l("Minimum education level"), "languages": _l("Languages"),
          "opens_on": _l("Applications open on"), "deadline": _l("Deadline"),
          "partner": _l("Partner organisation"), "link": _l("Link"),
          "description": _l("Description")}


def event_line(event_type: str, data: dict) -> str:
    """One history line for a stored event of an opportunity."""
    kind = event_type.split(".", 1)[1]
    if kind == "published":
        return gettext("Published")
    if kind == "corrected":
        return gettext("Corrected: %(fields)s", fields=", ".join(
            str(FIELDS.get(f, f)) for f in data.get("changed", ())))
    if kind == "withdrawn":
        return gettext("Withdrawn (%(reason)s)", reason=data.get("reason"))
    return event_type
