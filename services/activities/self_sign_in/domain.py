"""The self sign-in of one half-day of one session: the links staff open for it (the latest
replaces the others), and the participants' signatures. Pure Python, no I/O.

One stream per session and half-day, so that no one signs twice for the same half-day
whichever link they used. The attendance a signature makes is recorded on the activity
(AttendanceRecorded, source "self_sign_in"), in the same transaction.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import ClassVar
from zoneinfo import ZoneInfo

from shared.eventstore import Aggregate, DomainError, DomainEvent, EventRegistry

from ..domain import NOON, N_, Session

PURPOSE = "self_sign_in"
NAMESPACE = uuid.UUID("6d1f7a52-3f0e-4a8c-9d43-5b1f2f3c0a11")
MARGIN = dt.timedelta(minutes=30)  # the link opens before the half-day and lasts after it
SIGNATURE_MAX = 40_000  # characters of the data URL: a small PNG drawn on a phone
PNG_PREFIX = "data:image/png;base64,"
# Session hours are the local time of the organising office.
OFFICE_TIMEZONES = {"marseille": "Europe/Paris", "agadir": "Africa/Casablanca",
                    "taliouine": "Africa/Casablanca", "tiznit": "Africa/Casablanca"}


def sheet_id(session_id: str, half_day: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{session_id}:{half_day}"))


def half_day_window(session: Session, half_day: str, office: str) -> tuple[dt.datetime, dt.datetime]:
    """When the half-day takes place (UTC), with the margin on each side."""
    start, end = session.start, session.end
    if len(session.half_days) == 2:
        if start < NOON < end:
            start, end = (start, NOON) if half_day == "morning" else (NOON, end)
        else:  # a long half-day without noon in it: split in two
            middle = (dt.datetime.combine(session.date, start)
                      + (dt.datetime.combine(session.date, end)
                         - dt.datetime.combine(session.date, start)) / 2).time()
            start, end = (start, middle) if half_day == "morning" else (middle, end)
    zone = ZoneInfo(OFFICE_TIMEZONES.get(office, "Europe/Paris"))

    def utc(time: dt.time) -> dt.datetime:
        return dt.datetime.combine(session.date, time, zone).astimezone(dt.timezone.utc)

    return utc(start) - MARGIN, utc(end) + MARGIN


def check_signature(signature: str | None) -> str | None:
    """A PNG data URL of bounded size, or None (the participant ticked instead)."""
    if not signature:
        return None
    if len(signature) > SIGNATURE_MAX:
        raise DomainError(N_("The signature is too large; clear it and sign again."),
                          "signature")
    if not signature.startswith(PNG_PREFIX):
        raise DomainError(N_("The signature could not be read; sign again."), "signature")
    try:
        raw = base64.b64decode(signature[len(PNG_PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(N_("The signature could not be read; sign again."), "signature")
    if not raw.startswith(b"\x89PNG\r\n\x1a\n"):
        raise DomainError(N_("The signature could not be read; sign again."), "signature")
    return signature


# -- events ------------------------------------------------------------------------------

@dataclass(frozen=True)
class SelfSignInOpened(DomainEvent):
    """A link opened for the half-day; `nonce` keys its token (see participants.links)."""
    type: ClassVar[str] = "self_sign_in.opened"
    activity_id: str = ""
    session_id: str = ""
    half_day: str = ""
    nonce: str = ""
    valid_from: dt.datetime | None = None
    valid_until: dt.datetime | None = None


@dataclass(frozen=True)
class SelfSignInClosed(DomainEvent):
    type: ClassVar[str] = "self_sign_in.closed"


@dataclass(frozen=True)
class ParticipantSignedIn(DomainEvent):
    """`signature`: a PNG data URL of the signature drawn, or None for a ticked box."""
    type: ClassVar[str] = "self_sign_in.signed"
    personal_data: ClassVar[tuple[str, ...]] = ("signature",)
    published_personal: ClassVar[dict] = {}  # no consumer needs it
    personal_subject: ClassVar[str] = "person_id"  # the signer's, shredded with their key
    person_id: str = ""
    signed_at: dt.datetime | None = None
    signature: str | None = None


registry = EventRegistry(SelfSignInOpened, SelfSignInClosed, ParticipantSignedIn)


# -- state -------------------------------------------------------------------------------

@dataclass
class Signature:
    person_id: str
    signed_at: dt.datetime
    signature: str | None  # the PNG data URL, or None: ticked


class SelfSignIn(Aggregate):
    stream_type: ClassVar[str] = "self_sign_in"

    def __init__(self, id: str):
        super().__init__(id)
        self.activity_id = self.session_id = self.half_day = ""
        self.nonce: str | None = None
        self.past_nonces: list[str] = []  # of links replaced or closed: "expired", not "unknown"
        self.valid_from: dt.datetime | None = None
        self.valid_until: dt.datetime | None = None
        self.signatures: dict[str, Signature] = {}

    def open(self, activity_id: str, session: Session, half_day: str, office: str,
             now: dt.datetime, nonce: str) -> None:
        if half_day not in session.half_days:
            raise DomainError(N_("This session has no such half-day."), "half_day")
        valid_from, valid_until = half_day_window(session, half_day, office)
        if now >= valid_until:
            raise DomainError(N_("This half-day is over: its sign-in link can no longer be "
                                 "opened."), "half_day")
        self.record(SelfSignInOpened(activity_id=activity_id, session_id=session.id,
                                     half_day=half_day, nonce=nonce, valid_from=valid_from,
                                     valid_until=valid_until))

    def close(self) -> None:
        if self.nonce is None:
            raise DomainError(N_("The sign-in link is already closed."))
        self.record(SelfSignInClosed())

    def state_at(self, now: dt.datetime) -> str:
        """open, not_yet (before the half-day), over (after it, or closed)."""
        if self.nonce is None or now >= self.valid_until:
            return "over"
        return "not_yet" if now < self.valid_from else "open"

    def sign(self, person_id: str, registered: set[str], now: dt.datetime,
             signature: str | None, confirmed: bool) -> None:
        state = self.state_at(now)
        if state != "open":
            raise DomainError(N_("This sign-in link is not open now."))
        if person_id not in registered:
            raise DomainError(N_("Choose your name in the list."), "person_id")
        if person_id in self.signatures:
            raise DomainError(N_("You have already signed for this half-day: thank you, "
                                 "there is nothing more to do."), "person_id")
        signature = check_signature(signature)
        if not signature and not confirmed:
            raise DomainError(N_("Sign in the box, or tick the box to confirm that you are "
                                 "present."), "signature")
        self.record(ParticipantSignedIn(person_id=person_id, signed_at=now,
                                        signature=signature))

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, SelfSignInOpened):
            if self.nonce:
                self.past_nonces.append(self.nonce)
            self.activity_id, self.session_id = event.activity_id, event.session_id
            self.half_day, self.nonce = event.half_day, event.nonce
            self.valid_from, self.valid_until = event.valid_from, event.valid_until
        elif isinstance(event, SelfSignInClosed):
            self.past_nonces.append(self.nonce)
            self.nonce = None
        elif isinstance(event, ParticipantSignedIn):
            self.signatures[event.person_id] = Signature(event.person_id, event.signed_at,
                                                         event.signature)
        else:
            raise TypeError(type(event).__name__)
