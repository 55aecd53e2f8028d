"""Marshmallow's and webargs' own messages, in the interface language.

The libraries format their messages before we see them ("Must be one of: name, recent."),
so a catalogue lookup of the formatted text finds nothing. `translate` recognises each
built-in template, takes its interpolated values back out and formats the translated
template with them; any other message (our own msgids) goes to gettext as it is. Every
place that shows a validation message (the API's errors, the forms) goes through
shared.web.errors.field_errors, which calls it: no field needs its own error= for French.
"""
from __future__ import annotations

import re

from flask_babel import gettext


def N_(message: str) -> str:
    """Marks a message for extraction; translated where it is shown."""
    return message


# Messages without values, as marshmallow, webargs and flask-smorest write them.
PLAIN = (
    N_("Missing data for required field."), N_("Field may not be null."),
    N_("Unknown field."), N_("Invalid input type."), N_("Invalid type."), N_("Invalid value."),
    N_("Invalid input."), N_("Not a valid string."), N_("Not a valid utf-8 string."),
    N_("Not a valid integer."), N_("Not a valid number."), N_("Number too large."),
    N_("Special numeric values (nan or infinity) are not permitted."),
    N_("Not a valid boolean."), N_("Not a valid list."), N_("Not a valid tuple."),
    N_("Not a valid mapping type."), N_("Not a valid date."), N_("Not a valid datetime."),
    N_("Not a valid time."), N_("Not a valid period of time."), N_("Not a valid email address."),
    N_("Not a valid URL."), N_("Not a valid UUID."),
    N_("String does not match expected pattern."),
)

_MIN = {"greater than or equal to": "gte", "greater than": "gt"}
_MAX = {"less than or equal to": "lte", "less than": "lt"}

# (English template as the library formats it, our msgid with the same named values)
TEMPLATES = (
    ("Must be one of: {choices}.", N_("Must be one of: %(choices)s.")),
    ("One or more of the choices you made was not in: {choices}.",
     N_("One or more of the choices you made was not in: %(choices)s.")),
    ("One or more of the choices you made was in: {values}.",
     N_("One or more of the choices you made was in: %(values)s.")),
    ("Must be equal to {other}.", N_("Must be equal to %(other)s.")),
    ("Shorter than minimum length {min}.", N_("Shorter than minimum length %(min)s.")),
    ("Longer than maximum length {max}.", N_("Longer than maximum length %(max)s.")),
    ("Length must be between {min} and {max}.", N_("Length must be between %(min)s and "
                                                   "%(max)s.")),
    ("Length must be {equal}.", N_("Length must be %(equal)s.")),
    ('"{input}" cannot be formatted as a date.', N_("“%(input)s” cannot be read as a date.")),
    ('"{input}" cannot be formatted as a datetime.',
     N_("“%(input)s” cannot be read as a date and time.")),
    # validate.Range, every combination of its inclusive and exclusive bounds
    ("Must be greater than or equal to {min}.", N_("Must be greater than or equal to %(min)s.")),
    ("Must be greater than {min}.", N_("Must be greater than %(min)s.")),
    ("Must be less than or equal to {max}.", N_("Must be less than or equal to %(max)s.")),
    ("Must be less than {max}.", N_("Must be less than %(max)s.")),
    ("Must be greater than or equal to {min} and less than or equal to {max}.",
     N_("Must be greater than or equal to %(min)s and less than or equal to %(max)s.")),
    ("Must be greater than {min} and less than or equal to {max}.",
     N_("Must be greater than %(min)s and less than or equal to %(max)s.")),
    ("Must be greater than or equal to {min} and less than {max}.",
     N_("Must be greater than or equal to %(min)s and less than %(max)s.")),
    ("Must be greater than {min} and less than {max}.",
     N_("Must be greater than %(min)s and less than %(max)s.")),
)


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)"
                    for i, p in enumerate(parts))
    return re.compile(regex, re.S)


# the longest first: "Must be … {min} and … {max}." before "Must be … {min}."
_PATTERNS = tuple((_pattern(english), msgid)
                  for english, msgid in sorted(TEMPLATES, key=lambda t: -len(t[0])))
_PLAIN = frozenset(PLAIN)


def translate(message: str) -> str:
    """`message` in the interface language: a msgid of the catalogue as it is, else a
    library's formatted message matched to its template, its values kept as they are."""
    translated = gettext(message)
    if translated != message or message in _PLAIN:
        return translated
    for pattern, msgid in _PATTERNS:
        found = pattern.fullmatch(message)
        if found:
            return gettext(msgid, **found.groupdict())
    return translated
