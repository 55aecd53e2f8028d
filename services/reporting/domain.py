"""What reporting keeps of a person: pseudonymous attributes only, never names or contacts.

Pure functions from another service's event payload to the columns of a reporting row.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

SEXES = ("female", "male", "other", "unknown")
# The only person fields reporting may keep; anything else in a payload is dropped.
KEPT_FIELDS = ("sex", "birth_date", "residence_country", "residence_region", "roles")


def birth_year(birth_date: Any) -> int | None:
    if not birth_date:
        return None
    try:
        return dt.date.fromisoformat(str(birth_date)[:10]).year
    except ValueError:
        return None


def birth_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def person_attributes(payload: dict[str, Any]) -> dict[str, Any]:
    """Reporting columns from a registered/corrected payload (only the fields present)."""
    row: dict[str, Any] = {}
    if "sex" in payload:
        row["sex"] = payload["sex"] if payload["sex"] in SEXES else "unknown"
    if "birth_date" in payload:
        row["birth_year"] = birth_year(payload["birth_date"])
        row["birth_date"] = birth_date(payload["birth_date"])
    if "residence_country" in payload:
        row["country"] = (payload["residence_country"] or "").upper() or None
    if "residence_region" in payload:
        row["region"] = (payload["residence_region"] or "").strip() or None
    if "roles" in payload:
        row["roles"] = sorted(set(payload["roles"] or []))
    return row


def changed_fields(payload: dict[str, Any]) -> dict[str, Any]:
    """`person.corrected` carries only the changed fields, named in `changed`."""
    names = payload.get("changed", list(payload))
    return {k: payload[k] for k in names if k in KEPT_FIELDS and k in payload}
