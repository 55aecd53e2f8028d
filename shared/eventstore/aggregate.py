"""Aggregates decide and record events; only `apply` changes their state."""
from __future__ import annotations

from typing import ClassVar, Iterable, Self

from .events import DomainEvent


class DomainError(Exception):
    """A command broke a business rule. `field` names the input at fault, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class Aggregate:
    stream_type: ClassVar[str] = ""

    def __init__(self, id: str):
        self.id = id
        self.version = 0
        self.pending: list[DomainEvent] = []

    @classmethod
    def rebuild(cls, id: str, events: Iterable[DomainEvent]) -> Self:
        aggregate = cls(id)
        for event in events:
            aggregate._fold(event)
        return aggregate

    @property
    def decided_on(self) -> int:
        """The version the pending events were decided on."""
        return self.version - len(self.pending)

    def record(self, event: DomainEvent) -> None:
        self._fold(event)
        self.pending.append(event)

    def _fold(self, event: DomainEvent) -> None:
        self.apply(event)
        self.version += 1

    def apply(self, event: DomainEvent) -> None:  # overridden by each aggregate
        raise NotImplementedError(type(event).__name__)
