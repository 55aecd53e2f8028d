"""Every event stakeholders records, and the projectors moved in the append transaction."""
from __future__ import annotations

from shared.access.projection import project_staff_events
from shared.eventstore import EventRegistry

from . import domain
from .projections import project_people
from .staff import domain as staff_domain

registry = EventRegistry(*domain.registry.classes(), *staff_domain.registry.classes())
PROJECTORS = (project_people, project_staff_events)

# search and duplicates: dismissed duplicate suggestions live in their own streams
from .duplicates import project_dismissals  # noqa: E402
from .merging import DuplicateDismissed  # noqa: E402

registry.register(DuplicateDismissed)
PROJECTORS += (project_dismissals,)
