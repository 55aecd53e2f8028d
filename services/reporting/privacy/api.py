"""GET /reporting/api/v1/privacy/people/<id>: reporting's part of the right of access."""
from shared.privacy.access import access_blueprint

from .queries import gather

blp = access_blueprint("reporting", gather)
