"""Domain events: plain frozen dataclasses that know their type and their personal data."""
from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass
from typing import Any, Callable, ClassVar


@dataclass(frozen=True)
class DomainEvent:
    """Base of every event. Subclasses are frozen dataclasses.

    `type` is "<stream_type>.<what happened>", e.g. "person.registered".
    `personal_data` names the fields that hold personal data, and `personal_subject`
    the field holding the id of the person they are about (None: the stream's own
    subject): the store encrypts them with that person's key (shredding.py).

    Minimisation (shared/privacy/minimise.py): `published_personal` maps each personal
    (or otherwise sensitive) field that leaves the service to the consumers that need it;
    a dotted name ("changes.given_name") names a key of a dict field. Once declared, a
    personal field it does not name is never published. `private` names fields (or dotted
    keys) never published whatever else is declared.
    """

    type: ClassVar[str] = ""
    schema_version: ClassVar[int] = 1
    personal_data: ClassVar[tuple[str, ...]] = ()
    personal_subject: ClassVar[str | None] = None
    published_personal: ClassVar[dict[str, tuple[str, ...]] | None] = None
    private: ClassVar[tuple[str, ...]] = ()

    def to_data(self) -> dict[str, Any]:
        return {name: _to_json(getattr(self, name)) for name in _field_names(type(self))}

    @classmethod
    def from_data(cls, data: dict[str, Any]):
        kwargs = {}
        for name, hint in _decoders(cls):
            if name in data:
                kwargs[name] = _from_json(hint, data[name])
        return cls(**kwargs)


_DECODERS: dict[type, tuple[tuple[str, Any], ...]] = {}
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    found = _FIELD_NAMES.get(cls)  # dataclasses.fields builds a new tuple on every call
    if found is None:
        found = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return found


def _decoders(cls: type) -> tuple[tuple[str, Any], ...]:
    """(field name, type hint) of an event class, worked out once per class:
    typing.get_type_hints re-evaluates every annotation on each call."""
    found = _DECODERS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _DECODERS[cls] = tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))
    return found


@dataclass(frozen=True)
class Correction(DomainEvent):
    """An event that carries only the fields named in `changed` (the others are left out
    of its data). Subclasses declare every correctable field with a default of None."""

    changed: tuple[str, ...] = ()

    def to_data(self) -> dict[str, Any]:
        data = super().to_data()
        return {k: v for k, v in data.items() if k == "changed" or k in self.changed}

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.changed}


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _to_json(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    return value


def _from_json(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _from_json(inner[0], value) if len(inner) == 1 else value
    if hint is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if hint is dt.date:
        return dt.date.fromisoformat(value)
    if origin is tuple:
        args = typing.get_args(hint)
        item = args[0] if args else Any
        return tuple(_from_json(item, v) for v in value)
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        return [_from_json(item, v) for v in value]
    return value


Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class EventRegistry:
    """Knows every event class of a service and how to upcast old payloads."""

    def __init__(self, *event_classes: type[DomainEvent]):
        self._classes: dict[str, type[DomainEvent]] = {}
        self._upcasters: dict[tuple[str, int], Upcaster] = {}
        for cls in event_classes:
            self.register(cls)

    def register(self, cls: type[DomainEvent]) -> type[DomainEvent]:
        if not cls.type:
            raise ValueError(f"{cls.__name__} has no type")
        self._classes[cls.type] = cls
        return cls

    def upcaster(self, event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        """Declare how to turn a payload of `from_version` into `from_version + 1`."""

        def decorate(fn: Upcaster) -> Upcaster:
            self._upcasters[(event_type, from_version)] = fn
            return fn

        return decorate

    def current_version(self, event_type: str) -> int | None:
        cls = self._classes.get(event_type)
        return cls.schema_version if cls else None

    def upcast(self, event_type: str, schema_version: int, data: dict) -> tuple[int, dict]:
        current = self.current_version(event_type)
        while current is not None and schema_version < current:
            step = self._upcasters.get((event_type, schema_version))
            if step is None:
                raise LookupError(f"no upcaster for {event_type} v{schema_version}")
            data = step(dict(data))
            schema_version += 1
        return schema_version, data

    def class_of(self, event_type: str) -> type[DomainEvent] | None:
        return self._classes.get(event_type)

    def to_event(self, event_type: str, data: dict) -> DomainEvent:
        return self._classes[event_type].from_data(data)

    def event_of(self, stored) -> DomainEvent:
        """The domain event of a StoredEvent: the one the aggregate decided when it was
        appended in this process (no decoding of what was just encoded), else decoded."""
        event = getattr(stored, "event", None)
        if event is not None and stored.schema_version == event.schema_version:
            return event
        return self.to_event(stored.type, stored.data)

    @property
    def types(self) -> list[str]:
        return sorted(self._classes)

    def classes(self) -> list[type[DomainEvent]]:
        return [self._classes[t] for t in self.types]
