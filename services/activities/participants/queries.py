"""What every participant page reads: the activity, and people by first name and initial."""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import Engine, select

from shared.eventstore import NotFound

from ..domain import Activity, registry
from ..policies import people


def short_names(engine: Engine, person_ids: Sequence[str]) -> dict[str, str]:
    """{person_id: "Aïcha B."}: the first name and the initial of the family name, and
    nothing else (the page is public); namesakes are numbered."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(select(people.c.person_id, people.c.given_name,
                                   people.c.family_name)
                            .where(people.c.person_id.in_(ids))).all()
    names = {}
    for person_id, given, family in rows:
        initial = f"{family.strip()[:1].upper()}." if family and family.strip() else ""
        names[person_id] = " ".join(filter(None, (given.strip(), initial))) or "?"
    seen: dict[str, int] = {}
    for person_id in sorted(names, key=lambda p: (names[p], p)):
        label = names[person_id]
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            names[person_id] = f"{label} ({seen[label]})"
    return names


def load_activity(store, activity_id: str) -> Activity:
    stored = store.load(activity_id)
    if not stored or stored[0].stream_type != "activity":
        raise NotFound("activity", activity_id)
    return Activity.rebuild(activity_id, (registry.to_event(s.type, s.data)
                                          for s in stored))


def load(store, cls, registry_, stream_id: str):
    """The aggregate of a stream as it is now, or None if the stream does not exist."""
    stored = store.load(stream_id)
    if not stored:
        return None
    return cls.rebuild(stream_id, (registry_.to_event(s.type, s.data) for s in stored))
