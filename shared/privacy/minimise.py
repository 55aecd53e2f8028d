"""Minimisation on the bus: an event leaves its service (relay, HTTP feed, in-process feed)
with the personal fields its consumers need, and no others.

An event class declares (shared.eventstore.DomainEvent):

    published_personal = {"given_name": ("activities", "missions"),
                          "birth_date": ("reporting",)}   # field -> consumers needing it
    private = ("changes.email",)                          # never published (dict keys too)

Withheld from the published data: every `private` path, and, once `published_personal`
is declared, every personal field (`personal_data`) it does not name. A class that
declares nothing publishes everything (tests/messaging/test_minimisation.py requires the
events of the four services to declare it). The service's own store keeps everything.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

Path = tuple[str, ...]


@lru_cache(maxsize=None)
def withheld(cls) -> tuple[Path, ...]:
    """The paths (field, or field and dict key) of `cls` that never leave the service."""
    paths = {tuple(p.split(".", 1)) for p in cls.private}
    declared = cls.published_personal
    if declared is not None:
        published = {name.split(".", 1)[0] for name in declared}
        paths |= {(f,) for f in cls.personal_data if f not in published}
    return tuple(sorted(paths))


def needed_by(cls) -> dict[str, tuple[str, ...]]:
    """Each published personal field (or dict key) -> the consumers that need it."""
    return dict(cls.published_personal or {})


def minimised(cls, data: dict[str, Any]) -> dict[str, Any]:
    """`data` (an event of class `cls`, None: unknown) as it may be published."""
    paths = withheld(cls) if cls is not None else ()
    if not paths:
        return data
    out = dict(data)
    for path in paths:
        if len(path) == 1:
            out.pop(path[0], None)
        elif isinstance(out.get(path[0]), dict):
            out[path[0]] = {k: v for k, v in out[path[0]].items() if k != path[1]}
    return out


def declared(cls) -> bool:
    """Whether `cls` says which of its personal fields leave the service."""
    return not cls.personal_data or cls.published_personal is not None
