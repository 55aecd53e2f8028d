"""Self sign-in commands: staff open and close a half-day's link; a participant signs
through it (their signature and the attendance it makes, in one transaction)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from shared.eventstore import DomainError, NotFound, UnitOfWork

from ..domain import N_, TAKES_ATTENDANCE, Activity
from ..participants.links import LinkTokens, by_token, get_or_start, new_nonce, retrying
from .domain import PURPOSE, SelfSignIn, sheet_id


def open_self_sign_in(uow: UnitOfWork, activity_id: str, session_id: str, *, half_day: str,
                      now: dt.datetime) -> dict[str, Any]:
    """Open the sign-in link of a half-day (a new one voids the one before)."""
    activity = uow.get(Activity, activity_id)
    session = activity.sessions.get(session_id)
    if session is None:
        raise NotFound("session", session_id)
    if activity.status not in TAKES_ATTENDANCE:
        raise DomainError(N_("Self sign-in opens once registration is open, until the "
                             "activity is closed."), "half_day")
    sheet = get_or_start(uow, SelfSignIn, sheet_id(session_id, half_day))
    sheet.open(activity_id, session, half_day, activity.details["office"], now, new_nonce())
    uow.save(sheet)
    return {"id": sheet.id, "version": sheet.version, "half_day": half_day,
            "valid_from": sheet.valid_from, "valid_until": sheet.valid_until,
            "sheet": sheet}  # (for the link's address; not answered as such)


def close_self_sign_in(uow: UnitOfWork, activity_id: str, session_id: str, half_day: str,
                       **_) -> SelfSignIn:
    """Close a half-day's sign-in link before it expires."""
    sheet = uow.get(SelfSignIn, sheet_id(session_id, half_day))
    if sheet.activity_id != activity_id:
        raise NotFound("self_sign_in", sheet.id)
    sheet.close()
    uow.save(sheet)
    return sheet


def sheet_of_token(uow: UnitOfWork, tokens: LinkTokens, token: str) -> tuple[SelfSignIn, bool]:
    """The half-day a token opens, and whether it is its current link."""
    return by_token(uow, SelfSignIn, tokens, PURPOSE, token)


def sign(uow: UnitOfWork, token: str, *, person_id: str, now: dt.datetime,
         tokens: LinkTokens, signature: str | None = None, confirm: bool = False
         ) -> dict[str, Any]:
    """A participant signs for the half-day: present, at `now`."""
    return retrying(lambda: _sign(uow, token, person_id, now, tokens, signature, confirm))


def _sign(uow, token, person_id, now, tokens, signature, confirm) -> dict[str, Any]:
    sheet, current = sheet_of_token(uow, tokens, token)
    if not current:
        raise DomainError(N_("This sign-in link is not open now."))
    activity = uow.get(Activity, sheet.activity_id)
    sheet.sign(person_id, {r.person_id for r in activity.registered()}, now, signature,
               confirm)
    mark = activity.attendance.get(sheet.session_id, {}).get((person_id, sheet.half_day))
    if mark not in ("present", "late"):  # staff may have marked them late already
        activity.record_attendance(sheet.session_id, [
            {"person_id": person_id, "half_day": sheet.half_day, "status": "present"}],
            source="self_sign_in")
    uow.save(sheet, activity)
    return {"id": sheet.id, "version": sheet.version, "person_id": person_id,
            "signed_at": now, "office": activity.details["office"]}
