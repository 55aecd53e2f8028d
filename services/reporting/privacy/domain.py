"""What reporting keeps of an erased person: anonymous counts only. Pure rules.

The person's id becomes a pseudonym derived from the erasure event's id (the same in the
live consumer and in a rebuild, which replays that event). Their birth date gives way to a
stand-in date that puts every fact of theirs in the age band it was counted in: any date
between the bounds those bands set, away from the real one, so that no indicator moves.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any, Iterable

from ..facts.domain import AGE_BANDS

NAMESPACE = uuid.UUID("5f1c1d3e-6a0b-4d7e-9c55-7b8f2f0e4a21")  # reporting's pseudonyms
# The ages at which a person changes band (0: born by then, else "unknown").
THRESHOLDS = (0, *(limit + 1 for limit, _ in AGE_BANDS[:-1]))
# The fields of the facts' events that hold a person's id.
PERSON_FIELDS = frozenset({"person_id", "from_person_id", "to_person_id", "volunteer_id",
                           "host_id"})


def pseudonym(erasure_id: str) -> str:
    """The id an erased person's facts are counted under from now on."""
    return str(uuid.uuid5(NAMESPACE, erasure_id))


def subject_key(person_id: str) -> str:
    """How a fact arriving after the erasure under the old id finds its pseudonym, without
    the id itself being stored."""
    return hashlib.sha256(f"{NAMESPACE}:{person_id}".encode()).hexdigest()


Key = tuple[int, int, int]


def _key(day: dt.date, years: int) -> Key:
    """Born on or before this (year, month, day), one is `years` old on `day` (a 29
    February that does not exist in that year compares as the end of February)."""
    return (day.year - years, day.month, day.day)


def _tuple(day: dt.date) -> Key:
    return (day.year, day.month, day.day)


def _date(key: Key) -> dt.date:
    """The last real date on or before `key`."""
    year, month, day = key
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1


def stand_in_birth_date(birth_date: dt.date | None, days: Iterable[dt.date]
                        ) -> dt.date | None:
    """A date other than `birth_date` (unless no other will do) giving the same age band
    on each of `days`; None without a birth date or without a day to keep."""
    days = set(days)
    if birth_date is None or not days:
        return None
    real, low, high = _tuple(birth_date), None, None   # the stand-in s: low < s <= high
    for day in days:
        for years in THRESHOLDS:
            key = _key(day, years)
            if real <= key:
                high = key if high is None or key < high else high
            else:
                low = key if low is None or key > low else low
    first = _date(low) + dt.timedelta(days=1) if low else None
    last = _date(high) if high else None
    if first is None:
        first = last - dt.timedelta(days=3650)
    if last is None:
        last = first + dt.timedelta(days=3650)
    middle = first + (last - first) / 2
    if middle == birth_date and first < last:   # any other day of the range will do
        middle += dt.timedelta(days=1 if middle < last else -1)
    return middle


def ids_in(data: Any) -> set[str]:
    """Every person id a fact's payload names."""
    found: set[str] = set()
    if isinstance(data, dict):
        for name, value in data.items():
            if name in PERSON_FIELDS and isinstance(value, str) and value:
                found.add(value)
            else:
                found |= ids_in(value)
    elif isinstance(data, list):
        for item in data:
            found |= ids_in(item)
    return found


def renamed(data: Any, names: dict[str, str]) -> Any:
    """`data` with each person id of `names` replaced by its pseudonym."""
    if isinstance(data, dict):
        return {k: (names.get(v, v) if k in PERSON_FIELDS and isinstance(v, str)
                    else renamed(v, names)) for k, v in data.items()}
    if isinstance(data, list):
        return [renamed(item, names) for item in data]
    return data


def replaced(value: Any, old: str, new: str) -> Any:
    """Every string in a JSON value with `old` (an id) replaced by `new`."""
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, dict):
        return {replaced(k, old, new): replaced(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [replaced(v, old, new) for v in value]
    return value
