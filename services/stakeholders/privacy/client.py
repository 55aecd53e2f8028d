"""The other services' parts of the right of access, read over HTTP.

`GET {base_url}/<service>/api/v1/privacy/people/<id>` of activities, missions and
reporting (shared/privacy/access.py), called as the admin who asks: their API token, or
their session cookie with a CSRF token of that session, is passed on, so each service
checks PRIVACY_MANAGE itself (the service token opens the feeds only). The three are asked
at once; one that fails (unreachable, slow, refusing, answering nonsense) becomes a part
`{"status": "unreachable", "error": ...}`, never an error of the whole document.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote

import requests

from shared.web.forwarding import Credentials

OTHER_SERVICES = ("activities", "missions", "reporting")
TIMEOUT = 10.0  # seconds, per service (asked in parallel)


class PersonalDataClient:
    def __init__(self, base_url: str, credentials: Credentials, *, timeout: float = TIMEOUT,
                 services: tuple[str, ...] = OTHER_SERVICES, http: Any = requests):
        self.base = base_url.rstrip("/")
        self.credentials, self.timeout, self.services, self.http = (credentials, timeout,
                                                                    services, http)

    def parts(self, person_id: str) -> list[dict[str, Any]]:
        """Every other service's part, in the order of `services`."""
        given = self.credentials()  # read here: the threads are outside the request
        with ThreadPoolExecutor(max_workers=len(self.services) or 1) as pool:
            return list(pool.map(lambda s: self.part(s, person_id, given), self.services))

    def part(self, service: str, person_id: str, given: dict) -> dict[str, Any]:
        url = f"{self.base}/{service}/api/v1/privacy/people/{quote(person_id, safe='')}"
        try:
            response = self.http.get(url, timeout=self.timeout, allow_redirects=False,
                                     **given)
        except requests.Timeout:
            return _unreachable(service, "délai dépassé")
        except requests.RequestException:
            return _unreachable(service, "connexion impossible")
        if response.status_code in (401, 403):
            return _unreachable(service, f"accès refusé (HTTP {response.status_code})")
        if response.status_code != 200:
            return _unreachable(service, f"réponse HTTP {response.status_code}")
        try:
            answer = response.json()
            sections = [{"title": str(s["title"]), "rows": [dict(r) for r in s["rows"]]}
                        for s in answer["sections"]]
        except (ValueError, KeyError, TypeError):
            return _unreachable(service, "réponse illisible")
        return {"service": service, "status": "ok", "sections": sections}


def _unreachable(service: str, why: str) -> dict[str, Any]:
    return {"service": service, "status": "unreachable", "error": why, "sections": []}
