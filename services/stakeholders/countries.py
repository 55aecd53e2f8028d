"""Countries: the ISO 3166-1 alpha-2 codes (from `pycountry`), the only ones a nationality,
a residence or an organisation's country may take. Pure Python, no I/O: names in the
interface language come from the locale's data (labels.country_name)."""
from __future__ import annotations

import pycountry

CODES: frozenset[str] = frozenset(country.alpha_2 for country in pycountry.countries)


def N_(message: str) -> str:
    """Marks a message for translation; the web layer translates it when shown."""
    return message


NOT_A_COUNTRY = N_("Choose a country of the list (ISO 3166 code, e.g. MA or FR).")


def is_country(code: str | None) -> bool:
    return (code or "").upper() in CODES


def english_name(code: str) -> str:
    """The ISO name, for a locale that lacks one."""
    country = pycountry.countries.get(alpha_2=code.upper())
    return country.name if country else code
