"""`GET /activities/api/v1/privacy/people/<person_id>` (admins: PRIVACY_MANAGE)."""
from __future__ import annotations

from shared.privacy.access import access_blueprint

from .queries import gather

blp = access_blueprint("activities", gather)
