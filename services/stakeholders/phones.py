"""Phone numbers: parsed and validated with `phonenumbers`, stored in E.164, shown as staff
dial them. Pure functions, no I/O.

A number typed without its country code ('06 12 34 56 78') is read in the person's country
of residence: the same digits are a French mobile for someone in Marseille and a Moroccan
one for someone in Tiznit, so without a residence country the number must start with its
country code (+33, +212, 00212…).
"""
from __future__ import annotations

from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat


def N_(message: str) -> str:
    """Marks a message for translation; the web layer translates it when shown."""
    return message


NO_COUNTRY = N_("Start the number with its country code (+212, +33…) or give the country "
                "of residence.")
INVALID = N_("Not a valid phone number.")


def _region(country: str | None) -> str | None:
    code = (country or "").upper()
    return code if code in phonenumbers.SUPPORTED_REGIONS else None


def _parse(raw: str, country: str | None):
    text = raw.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    return phonenumbers.parse(text, _region(country))


def problem(raw: str | None, country: str | None) -> str | None:
    """Why `raw` is not a phone number of `country` (None: it is, or it is blank)."""
    if not raw or not raw.strip():
        return None
    return _read(raw, _region(country))[0]


def e164(raw: str | None, country: str | None = None) -> str | None:
    """'06 12 34 56 78' in FR -> '+33612345678'; None for blank or what is not a valid
    number (check `problem` first where that must be refused)."""
    if not raw or not raw.strip():
        return None
    if raw in _CANONICAL:  # a number this process wrote in E.164 reads as itself anywhere
        return raw
    return _read(raw, _region(country))[1]


_CANONICAL: dict[str, None] = {}  # bounded below; E.164 outputs of _read


@lru_cache(maxsize=16384)  # a command checks, then converts, then projects each number
def _read(raw: str, region: str | None) -> tuple[str | None, str | None]:
    """(problem, E.164) of one typed number: parsed once however often it is asked about."""
    try:
        number = _parse(raw, region)
    except NumberParseException as exc:
        international = raw.strip().startswith(("+", "00"))
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE and not international:
            return NO_COUNTRY, None
        return INVALID, None
    if not phonenumbers.is_valid_number(number):
        return INVALID, None
    out = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if len(_CANONICAL) > 16384:
        _CANONICAL.clear()
    _CANONICAL[out] = None
    return None, out


def display(value: str | None, country: str | None = None) -> str:
    """A stored number as staff dial it: the national format when it belongs to `country`
    (the person's residence: '06 12 34 56 78'), else the international one ('+212 6 12 34 56 78'),
    so that two numbers of different countries never look alike. What does not parse (an
    old entry) is shown as it was typed."""
    if not value:
        return ""
    try:
        number = _parse(value, country)
    except NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    same_country = (_region(country) is not None and
                    phonenumbers.region_code_for_number(number) == _region(country))
    return phonenumbers.format_number(
        number, PhoneNumberFormat.NATIONAL if same_country else PhoneNumberFormat.INTERNATIONAL)
