"""Every event activities records: the activity's own and those of its subpackages."""
from __future__ import annotations

from shared.eventstore import EventRegistry

from . import domain
from .sheets import domain as sheets_domain

registry = EventRegistry(*domain.registry.classes(), *sheets_domain.registry.classes())
