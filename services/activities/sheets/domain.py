"""The signed sign-in sheets of a session, and what a printed sheet holds. Pure Python.

One stream per session (stream type `session`, its id the session's): its events say which
scans were attached. The scan's bytes are kept beside the event in the same transaction
(tables.py), never in it: an event is published to every service.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import ClassVar

from shared.eventstore import Aggregate, DomainError, DomainEvent, EventRegistry

from ..domain import N_, NOON, Activity, Session

# What a scanner or a phone gives, told by the file's first bytes (not its name or the
# type the browser claims).
SIGNATURES = ((b"%PDF-", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"),
              (b"\x89PNG\r\n\x1a\n", "image/png"))
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
NGO = "Migrations & Développement"
MAX_BYTES = 5 * 1024 * 1024   # a few scanned pages; the request itself is capped at 8 MB
MAX_FILES = 20                # per session
NAME_MAX = 120
WALK_IN_LINES = 8             # blank lines at the end of a sheet, for people not registered


@dataclass(frozen=True)
class SignInSheetUploaded(DomainEvent):
    """A scan of the signed sheet was attached to the session (the bytes are not here)."""
    type: ClassVar[str] = "session.sign_in_sheet_uploaded"
    activity_id: str = ""
    file_id: str = ""
    name: str = ""
    content_type: str = ""
    size: int = 0
    sha256: str = ""


registry = EventRegistry(SignInSheetUploaded)


def sniff(content: bytes) -> str | None:
    """The content type the bytes really are, if one we accept."""
    return next((kind for magic, kind in SIGNATURES if content.startswith(magic)), None)


def clean_name(name: str | None, content_type: str) -> str:
    """The name shown and offered on download: no folders, no control characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable()).strip(" .")
    return base[-NAME_MAX:] or f"feuille-emargement.{EXTENSIONS[content_type]}"


class SessionSheets(Aggregate):
    stream_type: ClassVar[str] = "session"

    def __init__(self, id: str):
        super().__init__(id)
        self.activity_id: str | None = None
        self.files: dict[str, SignInSheetUploaded] = {}

    def upload(self, activity: Activity, file_id: str, name: str | None,
               content: bytes) -> SignInSheetUploaded:
        """Attach a scan: a PDF, JPEG or PNG of at most MAX_BYTES, not attached already."""
        if self.id not in activity.sessions or self.activity_id not in (None, activity.id):
            raise DomainError(N_("Unknown session."), "session_id")
        if activity.status == "cancelled":
            raise DomainError(N_("The activity was cancelled: no sign-in sheet to attach."))
        if not content:
            raise DomainError(N_("Choose the scanned sheet (PDF, JPEG or PNG)."), "file")
        if len(content) > MAX_BYTES:
            raise DomainError(N_("The file is larger than 5 MB; scan it at a lower "
                                 "resolution."), "file")
        content_type = sniff(content)
        if content_type is None:
            raise DomainError(N_("Only PDF, JPEG or PNG files are accepted."), "file")
        digest = hashlib.sha256(content).hexdigest()
        if any(f.sha256 == digest for f in self.files.values()):
            raise DomainError(N_("This file is already attached to the session."), "file")
        if len(self.files) >= MAX_FILES:
            raise DomainError(N_("This session already has 20 files attached."), "file")
        event = SignInSheetUploaded(activity_id=activity.id, file_id=file_id,
                                    name=clean_name(name, content_type),
                                    content_type=content_type, size=len(content),
                                    sha256=digest)
        self.record(event)
        return event

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, SignInSheetUploaded):
            self.activity_id = event.activity_id
            self.files[event.file_id] = event
        else:
            raise TypeError(type(event).__name__)


# -- the printed sheet -------------------------------------------------------------------

@dataclass(frozen=True)
class HalfDay:
    name: str      # morning, afternoon
    start: str     # "HH:MM"
    end: str
    hours: float


def half_days_of(session: Session) -> list[HalfDay]:
    """The half-days of a session, each with its hours as attendance counts them (the
    domain's split: at noon, or in two halves for a long session that does not span it)."""
    if len(session.half_days) == 1:
        return [HalfDay(session.half_days[0], _hhmm(session.start), _hhmm(session.end),
                        session.hours)]
    if session.start < NOON < session.end:
        middle = NOON
    else:  # a long session on one side of noon: two equal halves
        minutes = (session.start.hour * 60 + session.start.minute
                   + round(session.hours * 30))
        middle = dt.time(minutes // 60, minutes % 60)
    return [HalfDay("morning", _hhmm(session.start), _hhmm(middle),
                    session.hours_of("morning")),
            HalfDay("afternoon", _hhmm(middle), _hhmm(session.end),
                    session.hours_of("afternoon"))]


def sheet_people(activity: Activity) -> list[str]:
    """Whose lines the sheet has: the registered people (not the waitlist, not the
    cancelled); the sheet orders them by family name."""
    return [r.person_id for r in activity.registered()]


def _hhmm(value) -> str:
    return value.strftime("%H:%M")
