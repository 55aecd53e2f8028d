"""The read side of segments: lists, the people a segment matches, a run for a consent
purpose (who is kept, how many were left out and why), and the rows of an export streamed
from a server-side cursor."""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Iterator

from sqlalchemy import (Engine, Text, and_, case, cast, exists, func, or_, select, true)

from shared.db import escape_like
from shared.eventstore import NotFound

from ..accounts import emails_by_id
from ..consent.domain import GIVEN, WITHDRAWN
from ..consent.projections import people_consents
from ..organisations.projections import affiliations, organisations
from ..projections import people
from .domain import LIST_CRITERIA
from .projections import segments

PREVIEW = 50
REASONS = ("withdrawn", "never_consented", "other_purposes_only")
EXPORT_COLUMNS = ("given_name", "family_name", "email", "phone", "whatsapp", "languages",
                  "residence_country", "residence_region", "residence_town", "roles")
PREVIEW_COLUMNS = ("id",) + EXPORT_COLUMNS


def list_segments(engine: Engine, *, page: int = 1, per_page: int = 50) -> dict[str, Any]:
    where = segments.c.deleted.is_(False)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(segments).where(where)).scalar_one()
        rows = conn.execute(select(segments).where(where)
                            .order_by(func.lower(segments.c.name), segments.c.id)
                            .limit(per_page).offset((page - 1) * per_page)).mappings().all()
    return {"items": [_segment(r) for r in rows], "total": total, "page": page,
            "per_page": per_page}


def get_segment(engine: Engine, segment_id: str) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(select(segments).where(segments.c.id == segment_id,
                                                  segments.c.deleted.is_(False))).mappings().first()
    if row is None:
        raise NotFound("segment", segment_id)
    return _segment(row)


def exports_of(store, segment_id: str) -> list[dict[str, Any]]:
    """The audit trail: every export of the segment, newest first, with who did it."""
    stored = [s for s in store.load(segment_id) if s.type == "segment.exported"]
    with store.engine.connect() as conn:
        emails = emails_by_id(conn, [(s.metadata or {}).get("actor") for s in stored])
    return [{"at": s.recorded_at, "actor": (s.metadata or {}).get("actor"),
             "actor_email": emails.get((s.metadata or {}).get("actor")),
             "purpose": s.data["purpose"], "count": s.data["count"], "format": s.data["format"]}
            for s in reversed(stored)]


ORGANISATION_CHOICES = 500  # the form's multi-select: active organisations, by name


def organisation_choices(engine: Engine, selected=()) -> list[tuple[str, str]]:
    """(id, name) of the active organisations, by name (at most ORGANISATION_CHOICES), and
    of those already selected even if archived since."""
    o = organisations.c
    selected = [v for v in selected or () if v]
    with engine.connect() as conn:
        rows = conn.execute(select(o.id, o.name).where(o.archived.is_(False))
                            .order_by(o.sort_name, o.id).limit(ORGANISATION_CHOICES)).all()
        shown = {r.id for r in rows}
        missing = [v for v in selected if v not in shown]
        extra = conn.execute(select(o.id, o.name).where(o.id.in_(missing))
                             .order_by(o.sort_name)).all() if missing else []
    return [(r.id, r.name) for r in extra] + [(r.id, r.name) for r in rows]


def organisation_names(engine: Engine, ids) -> dict[str, str]:
    ids = [v for v in ids or () if v]
    if not ids:
        return {}
    o = organisations.c
    with engine.connect() as conn:
        return dict(conn.execute(select(o.id, o.name).where(o.id.in_(ids))).all())


# -- running -------------------------------------------------------------------------

def matching(definition: dict[str, Any]):
    """The condition on `people` of a segment's criteria: for each list given, one of its
    values; archived people are always left out, and merged ones (their survivor answers
    for them, with their consents)."""
    # an erased person is archived too (projections.ERASED_ROW): never in a segment
    conditions = [people.c.archived.is_(False), people.c.merged_into.is_(None)]
    values = {name: [v for v in definition.get(name) or () if v] for name in LIST_CRITERIA}
    if values["roles"]:
        conditions.append(or_(*[people.c.roles_text.like(f"% {escape_like(v)} %", escape="\\")
                                for v in values["roles"]]))
    for name in ("programmes", "tags", "languages"):
        if values[name]:
            # the JSON list as stored (json.dumps): an item is found with its quotes
            column = cast(people.c[name], Text)
            conditions.append(or_(*[column.like(f"%{escape_like(json.dumps(v))}%", escape="\\")
                                    for v in values[name]]))
    if values["sexes"]:
        conditions.append(people.c.sex.in_(values["sexes"]))
    if values["countries"]:
        conditions.append(people.c.residence_country.in_([v.upper() for v in values["countries"]]))
    if values["regions"]:
        conditions.append(func.lower(people.c.residence_region).in_(
            [v.lower() for v in values["regions"]]))
    if values["organisation_kinds"]:
        conditions.append(_affiliated(organisations.c.kind.in_(values["organisation_kinds"])))
    if values["organisation_ids"]:
        conditions.append(_affiliated(organisations.c.id.in_(values["organisation_ids"])))
    return and_(true(), *conditions)


def _affiliated(condition):
    """People with a current affiliation (begun, not ended before today) to an active
    organisation meeting `condition`."""
    today = dt.date.today()
    a = affiliations.c
    return (exists().select_from(affiliations.join(organisations,
                                                   organisations.c.id == a.organisation_id))
            .where(a.person_id == people.c.id, a.start <= today,
                   or_(a.end.is_(None), a.end >= today),
                   organisations.c.archived.is_(False), condition))


def _reason(purpose: str):
    """included / withdrawn / never_consented / other_purposes_only, per person."""
    here = people_consents.alias("here")
    other = people_consents.alias("other")
    given_elsewhere = exists().where(other.c.person_id == people.c.id,
                                     other.c.purpose != purpose, other.c.status == GIVEN)
    reason = case((here.c.status == GIVEN, "included"),
                  (here.c.status == WITHDRAWN, "withdrawn"),
                  (given_elsewhere, "other_purposes_only"), else_="never_consented")
    joined = people.outerjoin(here, and_(here.c.person_id == people.c.id,
                                         here.c.purpose == purpose))
    return reason, joined


def run(engine: Engine, segment: dict[str, Any], purpose: str, *,
        preview: int = PREVIEW) -> dict[str, Any]:
    """Counts (matched, included, left out by reason) and the first people kept."""
    reason, joined = _reason(purpose)
    where = matching(segment)
    with engine.connect() as conn:
        counts = dict(conn.execute(select(reason.label("reason"), func.count())
                                   .select_from(joined).where(where).group_by(reason)).all())
        rows = conn.execute(_included(segment, purpose, PREVIEW_COLUMNS)
                            .limit(preview)).mappings().all()
    excluded = {r: counts.get(r, 0) for r in REASONS}
    included = counts.get("included", 0)
    return {"segment_id": segment["id"], "purpose": purpose,
            "matched": included + sum(excluded.values()), "included": included,
            "excluded": excluded, "excluded_total": sum(excluded.values()),
            "preview": [_row(r) for r in rows], "preview_limit": preview}


def members(engine: Engine, segment: dict[str, Any], *, page: int = 1,
            per_page: int = 500) -> dict[str, Any]:
    """Who the segment holds, by name (ids and names only, no contact point, no consent
    filter: for registering them somewhere, not for mailing them)."""
    where = matching(segment)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(people).where(where)).scalar_one()
        rows = conn.execute(select(people.c.id, people.c.given_name, people.c.family_name)
                            .where(where).order_by(people.c.sort_name, people.c.id)
                            .limit(per_page).offset((page - 1) * per_page)).mappings().all()
    return {"items": [dict(r) for r in rows], "total": total, "page": page,
            "per_page": per_page}


def count_included(engine: Engine, segment: dict[str, Any], purpose: str) -> int:
    query = _included(segment, purpose, ("id",)).order_by(None)
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()


def iter_included(engine: Engine, segment: dict[str, Any], purpose: str,
                  batch: int = 500) -> Iterator[dict[str, Any]]:
    """The people kept, in name order, fetched `batch` at a time from a server-side cursor
    (never the whole list in memory). The connection lives as long as the iteration."""
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(
            _included(segment, purpose, EXPORT_COLUMNS))
        try:
            for row in result.mappings():
                yield _row(row)
        finally:
            result.close()


# The code lists (languages, roles) come as their JSON text and are read by _codes: the
# driver's JSON decoding was the largest cost of a 100,000-row export.
_CODE_LISTS = ("languages", "roles")
_CODE = re.compile(r'"([^"\\]*)"')


def _column(name: str):
    column = people.c[name]
    return cast(column, Text).label(name) if name in _CODE_LISTS else column


def _included(segment: dict[str, Any], purpose: str, columns):
    consent = and_(people_consents.c.person_id == people.c.id,
                   people_consents.c.purpose == purpose, people_consents.c.status == GIVEN)
    return (select(*[_column(c) for c in columns])
            .select_from(people.join(people_consents, consent))
            .where(matching(segment)).order_by(people.c.sort_name, people.c.id))


def _row(row) -> dict[str, Any]:
    out = dict(row)
    for name in _CODE_LISTS:
        out[name] = _codes(out.get(name))
    return out


def _codes(text: str | None) -> list[str]:
    """A JSON list of codes (validated on entry: letters, digits, _ and -) as a list."""
    return _CODE.findall(text) if text else []


def _segment(row) -> dict[str, Any]:
    segment = {name: row[name] for name in ("id", "version", "name", "description", "purpose",
                                            "created_by", "export_count")}
    criteria = row["criteria"] or {}
    segment.update({name: list(criteria.get(name) or []) for name in LIST_CRITERIA})
    for name in ("created_at", "updated_at", "last_exported_at"):
        value = row[name]
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        segment[name] = value
    return segment

