"""Read side of reporting: the figures pages and API show."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from shared.eventstore.schema import consumer_positions, dead_letters

from .domain import SEXES
from .projections import people

CONSUMER = "reporting"
log = logging.getLogger(__name__)


def people_by_sex_and_region(conn: Connection) -> dict:
    """Active people counted by country and region, with one column per sex."""
    query = (select(people.c.country, people.c.region, people.c.sex, func.count().label("n"))
             .where(people.c.archived.is_(False))
             .group_by(people.c.country, people.c.region, people.c.sex))
    rows: dict[tuple, dict] = {}
    totals = {sex: 0 for sex in SEXES} | {"total": 0}
    for country, region, sex, n in conn.execute(query):
        row = rows.setdefault((country or "", region or ""), {
            "country": country, "region": region, **{s: 0 for s in SEXES}, "total": 0})
        row[sex] += n
        row["total"] += n
        totals[sex] += n
        totals["total"] += n
    items = sorted(rows.values(), key=lambda r: (-r["total"], r["country"] or "", r["region"] or ""))
    return {"items": items, "totals": totals}


@dataclass(frozen=True)
class Freshness:
    source: str
    applied: int                 # last position of the source projected here
    available: int | None        # last position the source has (None: unreachable)
    updated_at: dt.datetime | None
    now: dt.datetime | None = None

    @property
    def behind(self) -> int | None:
        return None if self.available is None else max(self.available - self.applied, 0)

    @property
    def lag_seconds(self) -> float | None:
        """0 when up to date; else for how long the projection has not moved while the
        source is ahead (None: not known)."""
        if self.behind == 0:
            return 0.0
        if self.updated_at is None or self.now is None:
            return None
        return round(max((self.now - _aware(self.updated_at)).total_seconds(), 0.0), 1)

    def as_dict(self) -> dict:
        return {"source": self.source, "applied_position": self.applied,
                "source_position": self.available, "behind": self.behind,
                "lag_seconds": self.lag_seconds,
                "updated_at": self.updated_at.isoformat() if self.updated_at else None}


def freshness(conn: Connection, feeds: dict) -> list[Freshness]:
    """How far the projection is behind each source (asks each source's feed its last position)."""
    applied = {row.source: row for row in conn.execute(
        select(consumer_positions).where(consumer_positions.c.consumer == CONSUMER))}
    now = dt.datetime.now(dt.timezone.utc)
    result = []
    for source, feed in sorted(feeds.items()):
        row = applied.get(source)
        try:
            available = feed.last_position()
        except Exception:  # the source is down: the page says so rather than fail
            log.warning("feed of %s unreachable", source, exc_info=True)
            available = None
        result.append(Freshness(source, row.position if row else 0, available,
                                row.updated_at if row else None, now))
    return result


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives naive datetimes back; they were stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment


def dead_lettered(conn: Connection) -> list[dict]:
    """The events reporting's consumer gave up on, newest first, with their error."""
    return [dict(r._mapping) for r in conn.execute(
        select(dead_letters).where(dead_letters.c.consumer == CONSUMER)
        .order_by(dead_letters.c.id.desc()))]
