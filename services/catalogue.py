"""Which module composes which service (imported on demand, nothing at import time)."""
from __future__ import annotations

import importlib
from types import ModuleType

from shared.settings import SERVICES

_MODULES = {
    "stakeholders": "services.stakeholders.app",
    "reporting": "services.reporting.app",
    "activities": "services.activities.app",
    "missions": "services.missions.app",
}


def composition_root(service: str) -> ModuleType:
    """The module with create_app(settings, ...), migrate(settings) and, if any, create_worker."""
    if service not in SERVICES:
        raise SystemExit(f"unknown service {service!r}; one of: {', '.join(SERVICES)}")
    return importlib.import_module(_MODULES[service])
