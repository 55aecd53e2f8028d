"""The right-of-access route of missions (GET /missions/api/v1/privacy/people/<id>,
admins only): shared.privacy.access with this service's gather."""
from __future__ import annotations

from shared.privacy.access import access_blueprint

from .queries import gather

blp = access_blueprint("missions", gather)
