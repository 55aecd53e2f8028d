"""What a stale form says: who changed the record, and what, since it was opened."""
from __future__ import annotations

from typing import Callable

from flask_babel import gettext

from shared.eventstore import ConcurrencyError, Correction, EventRegistry

from .accounts import emails_by_id


def meanwhile(exc: ConcurrencyError, engine, registry: EventRegistry, labels,
              other_changes: Callable[[str], str | None]) -> list[str]:
    """One line per change since the form: 'Meanwhile, a@b changed: Email (x@y).' for a
    correction; for any other event, the message `other_changes(type)` gives (with
    %(actor)s), or nothing."""
    with engine.connect() as conn:
        emails = emails_by_id(conn, [c.metadata.get("actor") for c in exc.changes])
    lines = []
    for change in exc.changes:
        actor = change.metadata.get("actor")
        who = emails.get(actor) or actor or gettext("the system")
        event = registry.to_event(change.type, change.data)
        if isinstance(event, Correction):  # carries only the changed fields
            what = ", ".join(f"{labels.FIELDS.get(name, name)} ({labels.show(name, value)})"
                             for name, value in event.changes().items())
            lines.append(gettext("Meanwhile, %(actor)s changed: %(fields)s.", actor=who,
                                 fields=what))
        elif message := other_changes(change.type):
            lines.append(gettext(message, actor=who))
    return lines
