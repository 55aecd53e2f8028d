"""The stakeholders directory, reached through its HTTP API: a person not yet known is
registered there (one record, the directory's), a segment's members are read from there.

The call acts as the staff member who makes the request: their session cookie (with its
CSRF token) or their personal API token is passed on, so that stakeholders checks their
own roles and records them as the actor. The service token opens the event feeds only,
never a write. Whatever goes wrong (refused, invalid, unreachable, slow) is a
DirectoryError or a ValidationError by field: the page or the API answers 422, never 500.
"""
from __future__ import annotations

from typing import Any

import requests

from shared.web.forwarding import Credentials
from marshmallow import ValidationError

from shared.eventstore import DomainError


def N_(message: str) -> str:
    return message


TIMEOUT = 5.0  # seconds: the officer waits on the form
UNREACHABLE = N_("The stakeholders directory could not be reached; nothing was registered. "
                 "Try again in a moment.")
REFUSED = N_("The stakeholders directory refused the request (your role may not allow it).")


class DirectoryError(DomainError):
    """The directory could not do what was asked (its message says why, translated when
    shown); nothing was written there."""


class Directory:
    def __init__(self, base_url: str, credentials: Credentials, *, timeout: float = TIMEOUT,
                 http: Any = requests):
        self.base = base_url.rstrip("/") + "/stakeholders/api/v1"
        self.credentials, self.timeout, self.http = credentials, timeout, http

    def register_person(self, person: dict[str, Any]) -> str:
        """Registers the person in stakeholders; their new id."""
        body = {k: v for k, v in person.items() if v not in (None, "", [])}
        return self._call("post", "/people", json=body, expect=201)["id"]

    def segments(self) -> list[dict[str, str]]:
        """The saved segments, by name: [{id, name}]."""
        found = self._call("get", "/segments", params={"per_page": 100})
        return [{"id": s["id"], "name": s["name"]} for s in found.get("items") or ()]

    def segment_members(self, segment_id: str, limit: int = 2000) -> list[str]:
        """The ids of the people a segment holds (active records, in name order)."""
        ids: list[str] = []
        page = 1
        while len(ids) < limit:
            found = self._call("get", f"/segments/{requests.utils.quote(segment_id, safe='')}"
                               "/members", params={"page": page, "per_page": 500},
                               field="segment_id")
            ids += [p["id"] for p in found.get("items") or ()]
            if page * found.get("per_page", 500) >= found.get("total", 0):
                return ids[:limit]
            page += 1
        return ids[:limit]

    def _call(self, method: str, path: str, *, expect: int = 200, field: str | None = None,
              **kwargs) -> dict[str, Any]:
        try:
            response = getattr(self.http, method)(self.base + path, timeout=self.timeout,
                                                  allow_redirects=False, **self.credentials(),
                                                  **kwargs)
        except requests.RequestException:
            raise DirectoryError(UNREACHABLE) from None
        if response.status_code == expect:
            try:
                return response.json()
            except ValueError:
                raise DirectoryError(UNREACHABLE) from None
        answer = _json(response)
        if response.status_code == 422 and answer.get("errors"):
            raise ValidationError(answer["errors"])
        if response.status_code == 404 and field:
            raise DirectoryError(N_("Not found in the stakeholders directory."), field)
        if response.status_code in (401, 403):
            raise DirectoryError(REFUSED)
        raise DirectoryError(UNREACHABLE)


def _json(response) -> dict[str, Any]:
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}
