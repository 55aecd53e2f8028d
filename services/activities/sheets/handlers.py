"""The command of sign-in sheets: attach a scan of the signed sheet to its session."""
from __future__ import annotations

import uuid
from typing import Any

from shared.eventstore import NotFound, UnitOfWork

from ..domain import Activity
from .domain import SessionSheets
from .tables import keeping


def upload_signed_sheet(uow: UnitOfWork, activity_id: str, session_id: str, *,
                        file: dict[str, Any]) -> dict[str, Any]:
    """Attach a scan of the signed sign-in sheet (PDF, JPEG or PNG) to the session: its
    event and its bytes in one transaction."""
    activity = uow.get(Activity, activity_id)
    if session_id not in activity.sessions:
        raise NotFound("session", session_id)
    try:
        sheets = uow.get(SessionSheets, session_id)
    except NotFound:  # the session's first scan starts its stream
        sheets = SessionSheets(session_id)
    file_id = str(uuid.uuid4())
    event = sheets.upload(activity, file_id, file.get("name"), file.get("content") or b"")
    UnitOfWork(uow.store, [*uow.projectors, keeping(file_id, file["content"])],
               uow.metadata).save(sheets)
    return {"id": file_id, "session_id": session_id, "version": sheets.version,
            "name": event.name, "size": event.size, "sha256": event.sha256}
