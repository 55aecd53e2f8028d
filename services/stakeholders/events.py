"""Every event stakeholders records, and the projectors moved in the append transaction."""
from __future__ import annotations

from shared.access.projection import project_staff_events
from shared.eventstore import EventRegistry

from . import domain
from .consent.projections import project_consents
from .duplicates.projections import project_dismissals
from .duplicates.domain import DuplicateDismissed
from .erasure.projections import scrub_erased_people
from .organisations import domain as organisations_domain
from .organisations.projections import project_organisations
from .privacy.projections import register_erasures
from .projections import project_people
from .segments import domain as segments_domain
from .segments.projections import project_segments
from .staff import domain as staff_domain

registry = EventRegistry(*domain.registry.classes(), *staff_domain.registry.classes(),
                         *segments_domain.registry.classes(),
                         *organisations_domain.registry.classes(), DuplicateDismissed)
PROJECTORS = (project_people, project_staff_events, project_consents, project_segments,
              project_dismissals, project_organisations, scrub_erased_people,
              register_erasures)
