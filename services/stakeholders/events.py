"""Every event stakeholders records, and the projectors moved in the append transaction."""
from __future__ import annotations

from shared.access.projection import project_staff_events
from shared.eventstore import EventRegistry

from . import domain
from .projections import project_people
from .consent.projections import project_consents
from .segments import domain as segments_domain
from .segments.projections import project_segments
from .staff import domain as staff_domain

registry = EventRegistry(*domain.registry.classes(), *staff_domain.registry.classes())
PROJECTORS = (project_people, project_staff_events)
# consent and segments (consent events are in domain.registry: they are on the person stream)
for _segment_event in segments_domain.registry.classes():
    registry.register(_segment_event)
PROJECTORS += (project_consents, project_segments)
