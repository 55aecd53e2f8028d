from .aggregate import Aggregate, DomainError
from .events import Correction, DomainEvent, EventRegistry
from .pipeline import insert_row, update_row
from .store import ConcurrencyError, EventStore, Metadata, StoredEvent
from .unit_of_work import NotFound, UnitOfWork

__all__ = ["Aggregate", "Correction", "DomainError", "DomainEvent", "EventRegistry", "ConcurrencyError",
           "EventStore", "Metadata", "StoredEvent", "NotFound", "UnitOfWork",
           "insert_row", "update_row"]
