"""Consent as a timeline per purpose, recorded on the person's stream. Pure Python, no I/O.

The Person aggregate (stakeholders/domain.py) mixes in `ConsentRecord`: it folds these events
into `consents` and decides the two commands. Who recorded a consent is the event's actor.

A record that absorbed duplicates (duplicates/domain.py) answers for their consents too: per
purpose, the latest statement of all the records wins, and on the same date a withdrawal wins
over a consent, so that a withdrawal recorded on either record is never lost. On one record,
the statement recorded last is that record's state (its dates never go backwards).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from shared.eventstore import DomainError, DomainEvent


def N_(message: str) -> str:
    """Marks a message for translation; the web layer translates it when shown."""
    return message


PURPOSES = ("newsletter", "event_invitations", "photos", "data_processing")
METHODS = ("paper_form", "online", "oral", "email")
NOTE_MAX = 500
GIVEN, WITHDRAWN = "given", "withdrawn"


@dataclass(frozen=True)
class ConsentGiven(DomainEvent):
    type: ClassVar[str] = "person.consent_given"
    personal_data: ClassVar[tuple[str, ...]] = ("note",)
    published_personal: ClassVar[dict] = {}  # the note has no consumer: it stays here
    purpose: str = ""
    given_at: dt.date | None = None
    method: str = ""
    note: str | None = None


@dataclass(frozen=True)
class ConsentWithdrawn(DomainEvent):
    type: ClassVar[str] = "person.consent_withdrawn"
    personal_data: ClassVar[tuple[str, ...]] = ("note",)
    published_personal: ClassVar[dict] = {}  # the note has no consumer: it stays here
    purpose: str = ""
    withdrawn_at: dt.date | None = None
    method: str = ""
    note: str | None = None


CONSENT_EVENTS = (ConsentGiven, ConsentWithdrawn)


@dataclass(frozen=True)
class ConsentState:
    status: str          # GIVEN or WITHDRAWN
    since: dt.date
    method: str


def latest(states) -> ConsentState | None:
    """The statement that wins among the records' current ones (see the module docstring)."""
    return max(states, key=lambda s: (s.since, s.status == WITHDRAWN), default=None)


OWN = "own"  # the record's own statements, beside those of each merge it absorbed


class ConsentRecord:
    """Mixed into Person: the current consent per purpose and the two commands. Person
    provides `refuse_if_merged` (a merged record takes no statement: its survivor does)
    and `refuse_if_erased`."""

    consents: dict[str, ConsentState]
    archived: bool

    @property
    def consent_sources(self) -> dict[str, dict[str, ConsentState]]:
        """{OWN or merge id: {purpose: state}}: what each record said, last."""
        if "_consent_sources" not in self.__dict__:
            self._consent_sources: dict[str, dict[str, ConsentState]] = {OWN: {}}
        return self._consent_sources

    def give_consent(self, purpose: str, given_at: dt.date | None, method: str,
                     note: str | None = None, *, today: dt.date | None = None) -> None:
        self.refuse_if_erased()
        if getattr(self, "archived", False):
            raise DomainError(N_("An archived person cannot be changed."))
        self.refuse_if_merged()
        note = _check(purpose, given_at, method, note, today or dt.date.today(), "given_at")
        current = self.consents.get(purpose)
        if current is not None and current.status == GIVEN:
            raise DomainError(N_("This consent is already given."), "purpose")
        if current is not None and given_at < current.since:
            raise DomainError(N_("The date cannot be before the withdrawal it follows."),
                              "given_at")
        if self._would_be(purpose, ConsentState(GIVEN, given_at, method)).status != GIVEN:
            # a withdrawal of the same day on a merged duplicate still wins
            raise DomainError(N_("A withdrawal is recorded on this date on a merged record: "
                                 "date the consent after it."), "given_at")
        self.record(ConsentGiven(purpose=purpose, given_at=given_at, method=method, note=note))

    def withdraw_consent(self, purpose: str, withdrawn_at: dt.date | None, method: str,
                         note: str | None = None, *, today: dt.date | None = None) -> None:
        # A withdrawal is always recorded, even for an archived person: it protects them.
        # A merged record's withdrawal is recorded on the record that answers for it.
        # An erased person has nothing left to protect: nothing is recorded any more.
        self.refuse_if_erased()
        self.refuse_if_merged()
        note = _check(purpose, withdrawn_at, method, note, today or dt.date.today(),
                      "withdrawn_at")
        current = self.consents.get(purpose)
        if current is None or current.status != GIVEN:
            raise DomainError(N_("This consent is not given: there is nothing to withdraw."),
                              "purpose")
        if withdrawn_at < current.since:
            raise DomainError(N_("The withdrawal cannot be before the consent was given."),
                              "withdrawn_at")
        self.record(ConsentWithdrawn(purpose=purpose, withdrawn_at=withdrawn_at, method=method,
                                     note=note))

    def apply_consent(self, event: DomainEvent) -> None:
        own = self.consent_sources[OWN]
        if isinstance(event, ConsentGiven):
            own[event.purpose] = ConsentState(GIVEN, event.given_at, event.method)
        elif isinstance(event, ConsentWithdrawn):
            own[event.purpose] = ConsentState(WITHDRAWN, event.withdrawn_at, event.method)
        self._combine()

    # -- merges (called by MergeState.apply_merge) -------------------------------------

    def consents_payload(self) -> dict[str, dict[str, str]]:
        """The current consent per purpose, as a merge event carries it."""
        return {purpose: {"status": s.status, "since": s.since.isoformat(), "method": s.method}
                for purpose, s in self.consents.items()}

    def absorb_consents(self, merge_id: str, payload: dict[str, dict[str, str]]) -> None:
        self.consent_sources[merge_id] = {
            purpose: ConsentState(v["status"], dt.date.fromisoformat(v["since"]), v["method"])
            for purpose, v in payload.items()}
        self._combine()

    def drop_consents(self, merge_id: str) -> None:
        self.consent_sources.pop(merge_id, None)
        self._combine()

    def _would_be(self, purpose: str, own: ConsentState) -> ConsentState:
        return latest([own, *(states[purpose] for key, states in self.consent_sources.items()
                              if key != OWN and purpose in states)])

    def _combine(self) -> None:
        purposes = {p for states in self.consent_sources.values() for p in states}
        self.consents = {p: latest(states[p] for states in self.consent_sources.values()
                                   if p in states) for p in sorted(purposes)}


def _check(purpose, when, method, note, today: dt.date, date_field: str) -> str | None:
    if purpose not in PURPOSES:
        raise DomainError(N_("Choose a purpose from the list."), "purpose")
    if not isinstance(when, dt.date) or isinstance(when, dt.datetime):
        raise DomainError(N_("Not a valid date."), date_field)
    if when > today:
        raise DomainError(N_("The date cannot be in the future."), date_field)
    if when.year < 1900:
        raise DomainError(N_("The date is too far in the past."), date_field)
    if method not in METHODS:
        raise DomainError(N_("Choose how it was recorded: paper form, online, oral or email."),
                          "method")
    note = " ".join((note or "").split()) or None
    if note and len(note) > NOTE_MAX:
        raise DomainError(N_("Must be 500 characters or fewer."), "note")
    return note
