"""What the interface calls things (translated at display time)."""
from __future__ import annotations

from flask_babel import format_date, get_locale, gettext, lazy_gettext as _l

from . import phones
from .countries import CODES as COUNTRY_CODES, english_name
from .domain import LANGUAGES, ROLES, SEXES
from .projections import normalise

FIELDS = {
    "given_name": _l("Given name"), "family_name": _l("Family name"), "sex": _l("Sex"),
    "birth_date": _l("Birth date"), "nationality": _l("Nationality"),
    "residence_country": _l("Country of residence"), "residence_region": _l("Region"),
    "residence_province": _l("Province or département"), "residence_town": _l("Town"),
    "email": _l("Email"), "phone": _l("Phone"), "whatsapp": _l("WhatsApp"),
    "languages": _l("Languages"), "roles": _l("Roles"), "programmes": _l("Programmes"),
    "tags": _l("Tags"),
}
CHANGED = {
    "given_name": _l("Given name changed"), "family_name": _l("Family name changed"),
    "sex": _l("Sex changed"), "birth_date": _l("Birth date changed"),
    "nationality": _l("Nationality changed"),
    "residence_country": _l("Country of residence changed"),
    "residence_region": _l("Region changed"), "residence_province": _l("Province changed"),
    "residence_town": _l("Town changed"), "email": _l("Email changed"),
    "phone": _l("Phone changed"), "whatsapp": _l("WhatsApp changed"),
    "languages": _l("Languages changed"), "roles": _l("Roles changed"),
    "programmes": _l("Programmes changed"), "tags": _l("Tags changed"),
}
SEX = {"female": _l("Female"), "male": _l("Male"), "other": _l("Other"), "unknown": _l("Unknown")}
ROLE = {"young_person": _l("Young person"), "volunteer": _l("Volunteer"),
        "association_member": _l("Association member"),
        "consultant_trainer": _l("Consultant or trainer"),
        "elected_official": _l("Elected official"), "partner_staff": _l("Partner staff"),
        "other": _l("Other role")}
LANGUAGE = {"fr": _l("French"), "ar": _l("Arabic"), "tzm": _l("Tamazight"), "en": _l("English"),
            "es": _l("Spanish"), "it": _l("Italian"), "de": _l("German"), "pt": _l("Portuguese")}
assert set(SEX) == set(SEXES) and set(ROLE) == set(ROLES) and set(LANGUAGE) == set(LANGUAGES)


def sex_choices():
    return [(k, str(v)) for k, v in SEX.items()]


def role_choices():
    return [(k, str(v)) for k, v in ROLE.items()]


def language_choices():
    return [(k, str(v)) for k, v in LANGUAGE.items()]


def country_name(code: str | None) -> str:
    """The country's name in the interface language ('MA' -> 'Maroc')."""
    if not code:
        return ""
    return get_locale().territories.get(code) or english_name(code)


def country_choices():
    """The ISO 3166 countries (pycountry), by their name in the interface language."""
    return sorted(((c, country_name(c)) for c in COUNTRY_CODES),
                  key=lambda item: normalise(item[1]))


def phone(value: str | None, country: str | None = None) -> str:
    """A stored number: national format in the person's country, international otherwise."""
    return phones.display(value, country) or "—"


def show(field: str, value, country: str | None = None) -> str:
    """A field's value as staff read it; `country` (the residence) for phone numbers."""
    if value in (None, "", (), []):
        return "—"
    if field in ("phone", "whatsapp"):
        return phone(value, country)
    if field == "sex":
        return str(SEX.get(value, value))
    if field == "birth_date":
        return format_date(value, "short")
    if field in ("nationality", "residence_country"):
        return country_name(value)
    if field == "roles":
        return ", ".join(str(ROLE.get(v, v)) for v in value)
    if field == "languages":
        return ", ".join(str(LANGUAGE.get(v, v)) for v in value)
    if isinstance(value, (list, tuple)):
        return ", ".join(value)
    return str(value)


def change_line(field: str, before, after) -> str:
    return gettext("%(what)s: %(before)s → %(after)s", what=CHANGED.get(field, field),
                   before=show(field, before), after=show(field, after))
