"""Every event stakeholders records, and the projectors moved in the append transaction."""
from __future__ import annotations

from shared.access.projection import project_staff_events
from shared.eventstore import EventRegistry

from . import domain
from .projections import project_people
from .staff import domain as staff_domain

registry = EventRegistry(*domain.registry.classes(), *staff_domain.registry.classes())
PROJECTORS = (project_people, project_staff_events)

# organisations, affiliations and interactions (services/stakeholders/organisations)
from .organisations import domain as organisations_domain  # noqa: E402
from .organisations.projections import project_organisations  # noqa: E402

for _cls in organisations_domain.registry.classes():
    registry.register(_cls)
PROJECTORS += (project_organisations,)
