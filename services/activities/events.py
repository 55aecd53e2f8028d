"""Every event activities records (the activity's own, its subpackages', and the privacy
kit's confirmation of an erasure), for the store, the feed and the AsyncAPI catalogue."""
from __future__ import annotations

from shared.eventstore import EventRegistry
from shared.privacy import erasure

from . import domain
from .evaluations import domain as evaluations_domain
from .self_sign_in import domain as self_sign_in_domain
from .sheets import domain as sheets_domain

registry = EventRegistry(*domain.registry.classes(), *sheets_domain.registry.classes(),
                         *self_sign_in_domain.registry.classes(),
                         *evaluations_domain.registry.classes(),
                         *erasure.registry.classes())  # the confirmation of an erasure
