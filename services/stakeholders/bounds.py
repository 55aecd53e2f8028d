"""What the NGO could mean: the bounds of every number and list its commands take. Values
beyond them are typing or scripting mistakes, refused with a message naming the field
rather than stored (or overflowing a column)."""
from __future__ import annotations

from marshmallow import validate

from shared.web.errors import N_

from .domain import MAX_ENTRIES  # noqa: F401  (tags, programmes, languages, roles)
from .organisations.domain import MAX_CAPACITY  # noqa: F401  (a host structure's places)

MAX_VERSION = 2_147_483_647  # a record's version counts its events: an int32 is plenty

VERSION = validate.Range(min=1, max=MAX_VERSION, error=N_("Not a valid version number."))
ENTRIES = validate.Length(max=MAX_ENTRIES, error=N_("At most 50 values."))
CAPACITY = validate.Range(min=1, max=MAX_CAPACITY, error=N_(
    "The capacity is a whole number between 1 and 10,000."))
