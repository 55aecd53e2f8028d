"""A record's history for its page: every event, newest first, when and by whom, and what
happened in the staff's words (`line(type, data)`). Used by accompaniment and opportunities."""
from __future__ import annotations

from typing import Any, Callable

from flask_babel import format_date, format_time, gettext
from sqlalchemy import Engine, select

from shared.access.tables import staff_members


def history(engine: Engine, stored: list, line: Callable[[str, dict], str]
            ) -> list[dict[str, Any]]:
    actors = {s.metadata.get("actor") for s in stored if s.metadata.get("actor")}
    with engine.connect() as conn:
        emails = dict(conn.execute(select(staff_members.c.account_id, staff_members.c.email)
                                   .where(staff_members.c.account_id.in_(actors))).all())
    entries = []
    for s in stored:
        actor = s.metadata.get("actor")
        who = emails.get(actor) or (gettext("the system") if not actor else actor)
        entries.append({"version": s.version, "type": s.type, "at": s.recorded_at,
                        "summary": gettext("%(what)s — %(actor)s, %(date)s at %(time)s",
                                           what=line(s.type, s.data), actor=who,
                                           date=format_date(s.recorded_at, "short"),
                                           time=format_time(s.recorded_at, "short"))})
    return list(reversed(entries))
