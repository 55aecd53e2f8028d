"""The Segment aggregate: a saved list query, its events and rules. Pure Python, no I/O."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from shared.eventstore import Aggregate, Correction, DomainError, DomainEvent, EventRegistry

from ..consent.domain import PURPOSES
from ..countries import NOT_A_COUNTRY, is_country
from ..domain import LANGUAGE, ROLES, SEXES
from ..organisations.domain import KINDS as ORGANISATION_KINDS


def N_(message: str) -> str:
    """Marks a message for translation; the web layer translates it when shown."""
    return message


STREAM_TYPE = "segment"
FORMATS = ("csv", "xlsx")
# the criteria: a person matches when, for each list given, one of its values matches
LIST_CRITERIA = ("roles", "programmes", "tags", "sexes", "countries", "regions", "languages",
                 "organisation_kinds", "organisation_ids")
# kept: people with a current affiliation to an organisation of these kinds / these ones
AFFILIATION_CRITERIA = ("organisation_kinds", "organisation_ids")
TEXT_FIELDS = ("name", "description")
SEGMENT_FIELDS = TEXT_FIELDS + LIST_CRITERIA + ("purpose",)


@dataclass(frozen=True)
class SegmentSaved(DomainEvent):
    type: ClassVar[str] = "segment.saved"
    name: str = ""
    description: str | None = None
    roles: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sexes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    organisation_kinds: tuple[str, ...] = ()  # absent from older events: no filter
    organisation_ids: tuple[str, ...] = ()
    purpose: str | None = None  # the consent the segment is meant for (run default)


@dataclass(frozen=True)
class SegmentChanged(Correction):
    """Only the fields named in `changed` are carried."""
    type: ClassVar[str] = "segment.changed"
    name: str | None = None
    description: str | None = None
    roles: tuple[str, ...] | None = None
    programmes: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    sexes: tuple[str, ...] | None = None
    countries: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    languages: tuple[str, ...] | None = None
    organisation_kinds: tuple[str, ...] | None = None
    organisation_ids: tuple[str, ...] | None = None
    purpose: str | None = None


@dataclass(frozen=True)
class SegmentDeleted(DomainEvent):
    type: ClassVar[str] = "segment.deleted"


@dataclass(frozen=True)
class SegmentExported(DomainEvent):
    """Who exported what (the actor is in the metadata): the audit trail of exports."""
    type: ClassVar[str] = "segment.exported"
    purpose: str = ""
    count: int = 0
    format: str = ""


registry = EventRegistry(SegmentSaved, SegmentChanged, SegmentDeleted, SegmentExported)


class Segment(Aggregate):
    stream_type = STREAM_TYPE

    def __init__(self, id: str):
        super().__init__(id)
        self.definition: dict[str, Any] = {}
        self.deleted = False

    @classmethod
    def save(cls, id: str, **definition: Any) -> "Segment":
        unknown = set(definition) - set(SEGMENT_FIELDS)
        if unknown:
            raise DomainError(N_("Unknown field."), sorted(unknown)[0])
        clean = _clean({**{name: None for name in SEGMENT_FIELDS}, **definition})
        _check(clean)
        segment = cls(id)
        segment.record(SegmentSaved(**clean))
        return segment

    def change(self, changes: dict[str, Any]) -> None:
        self._alive()
        unknown = set(changes) - set(SEGMENT_FIELDS)
        if unknown:
            raise DomainError(N_("Unknown field."), sorted(unknown)[0])
        clean = _clean(changes)
        _check({**self.definition, **clean})
        diff = {k: v for k, v in clean.items() if self.definition.get(k) != v}
        if not diff:
            raise DomainError(N_("Nothing changed."))
        self.record(SegmentChanged(changed=tuple(k for k in SEGMENT_FIELDS if k in diff), **diff))

    def delete(self) -> None:
        self._alive()
        self.record(SegmentDeleted())

    def exported(self, purpose: str, count: int, format: str) -> None:
        self._alive()
        if purpose not in PURPOSES:
            raise DomainError(N_("Choose a purpose from the list."), "purpose")
        if format not in FORMATS:
            raise DomainError(N_("Choose CSV or XLSX."), "format")
        self.record(SegmentExported(purpose=purpose, count=int(count), format=format))

    def _alive(self) -> None:
        if self.deleted:
            raise DomainError(N_("This segment has been deleted."))

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, SegmentSaved):
            self.definition = {name: getattr(event, name) for name in SEGMENT_FIELDS}
        elif isinstance(event, SegmentChanged):
            self.definition.update(event.changes())
        elif isinstance(event, SegmentDeleted):
            self.deleted = True
        elif isinstance(event, SegmentExported):
            pass
        else:
            raise TypeError(type(event).__name__)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in LIST_CRITERIA:
            items = [" ".join(str(v).split()) for v in (value or ())]
            items = [v for v in items if v]
            if name == "languages":
                items = [v.lower() for v in items]
            if name == "countries":
                items = [v.upper() for v in items]
            out[name] = tuple(dict.fromkeys(items))
        elif isinstance(value, str):
            out[name] = " ".join(value.split()) or None
        else:
            out[name] = value
    return out


def _check(s: dict[str, Any]) -> None:
    if not s.get("name"):
        raise DomainError(N_("A name is required."), "name")
    if len(s["name"]) > 200:
        raise DomainError(N_("Must be 200 characters or fewer."), "name")
    if s.get("description") and len(s["description"]) > 1000:
        raise DomainError(N_("Must be 1000 characters or fewer."), "description")
    if s.get("purpose") is not None and s["purpose"] not in PURPOSES:
        raise DomainError(N_("Choose a purpose from the list."), "purpose")
    allowed = {"roles": (ROLES, N_("Unknown role.")),
               "sexes": (SEXES, N_("Choose female, male, other or unknown.")),
               "organisation_kinds": (ORGANISATION_KINDS, N_("Choose a kind of organisation."))}
    for name, (choices, message) in allowed.items():
        if any(v not in choices for v in s.get(name) or ()):
            raise DomainError(message, name)
    if any(not is_country(v) for v in s.get("countries") or ()):
        raise DomainError(NOT_A_COUNTRY, "countries")
    if any(not LANGUAGE.match(v) for v in s.get("languages") or ()):
        raise DomainError(N_("Use language codes such as fr, ar, tzm or en."), "languages")
    for name in ("programmes", "tags"):
        if any(len(v) > 40 for v in s.get(name) or ()):
            raise DomainError(N_("Each entry must be 40 characters or fewer."), name)
    if any(len(v) > 36 for v in s.get("organisation_ids") or ()):
        raise DomainError(N_("This organisation is not known."), "organisation_ids")
    if any(len(v) > 200 for v in s.get("regions") or ()):
        raise DomainError(N_("Must be 200 characters or fewer."), "regions")
    for name in LIST_CRITERIA:
        if len(s.get(name) or ()) > 50:
            raise DomainError(N_("At most 50 values."), name)
