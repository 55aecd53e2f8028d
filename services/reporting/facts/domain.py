"""Pure rules reporting applies to the facts: the hours a half-day line stands for (as the
activities service counts them) and age bands at the date of a fact."""
from __future__ import annotations

import datetime as dt

NOON = dt.time(12, 0)
HALF_DAY_HOURS = 4
# Age bands funders ask for (upper bounds inclusive); "unknown" without a birth date.
AGE_BANDS = ((17, "0-17"), (25, "18-25"), (35, "26-35"), (50, "36-50"), (200, "51+"))
UNKNOWN = "unknown"


def hours_between(start: dt.time, end: dt.time) -> float:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return round(max(minutes, 0) / 60, 2)


def half_day_hours(start: str, end: str, half_day: str) -> float:
    """The hours of `half_day` in a session from `start` to `end` ("HH:MM"): a session
    spanning noon or longer than a half-day has two lines, split at noon (or in two)."""
    s, e = dt.time.fromisoformat(start), dt.time.fromisoformat(end)
    hours = hours_between(s, e)
    two = s < NOON < e or hours > HALF_DAY_HOURS
    if not two:
        mine = "morning" if s < NOON else "afternoon"
        return hours if half_day == mine else 0.0
    if s < NOON < e:
        return hours_between(s, NOON) if half_day == "morning" else hours_between(NOON, e)
    return hours / 2


def age_on(birth_date: dt.date | None, day: dt.date) -> int | None:
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_band(birth_date: dt.date | None, day: dt.date) -> str:
    """The band of a person's age on the day of the fact (not today)."""
    age = age_on(birth_date, day)
    if age is None or age < 0:
        return UNKNOWN
    return next(label for limit, label in AGE_BANDS if age <= limit)


def parse_date(value) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
