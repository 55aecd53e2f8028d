"""Project accompaniment: one project of one association (or youth group) followed through
its stages for PRA/OSIM or Génération Climat. Pure Python, no I/O.

One stream per accompaniment. The stages follow the call for projects:
idea → structuring → submitted → selected or not_selected (the committee's decision) →
under_way → final_report → closed. A project may also be closed before it is submitted
(abandoned) or after it was not selected.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from shared.eventstore import Aggregate, EventRegistry, DomainError, DomainEvent


def N_(message: str) -> str:
    """Marks a message for translation; the web layer translates it when shown."""
    return message


STAGES = ("idea", "structuring", "submitted", "selected", "not_selected", "under_way",
          "final_report", "closed")
DECIDED = ("selected", "not_selected")
# Where each stage may go by an ordinary stage change (the decision is its own command).
NEXT = {"idea": ("structuring", "closed"), "structuring": ("submitted", "closed"),
        "submitted": (), "selected": ("under_way",), "not_selected": ("structuring", "closed"),
        "under_way": ("final_report",), "final_report": ("closed",), "closed": ()}
OFFICES = ("marseille", "agadir", "taliouine", "tiznit")
DOCUMENT_KINDS = ("budget", "application", "interim_report", "final_report", "receipts",
                  "other")
TEXT_MAX, LONG_MAX = 200, 4000
BUDGET_MAX = 10_000_000  # euros: beyond any grant of these programmes
COACHING_HOURS_MAX = 12


# -- events (the contract with reporting: /tmp/missions_events.md) ---------------------------

@dataclass(frozen=True)
class AccompanimentOpened(DomainEvent):
    """The project of an organisation (organisation_id) or of a youth group (group_name)."""
    type: ClassVar[str] = "accompaniment.opened"
    organisation_id: str | None = None
    group_name: str | None = None
    title: str = ""
    programme: str = ""
    office: str = ""
    budget_requested: float | None = None


@dataclass(frozen=True)
class StageChanged(DomainEvent):
    type: ClassVar[str] = "accompaniment.stage_changed"
    stage: str = ""
    on: dt.date | None = None


@dataclass(frozen=True)
class CoachingRecorded(DomainEvent):
    """`activity_id`: the coaching workshop of the activities service, when it was one."""
    type: ClassVar[str] = "accompaniment.coaching_recorded"
    private: ClassVar[tuple[str, ...]] = ("notes",)  # reporting counts hours, not notes
    coaching_id: str = ""
    date: dt.date | None = None
    hours: float = 0.0
    activity_id: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Decided(DomainEvent):
    """The selection committee's decision."""
    type: ClassVar[str] = "accompaniment.decided"
    selected: bool = False
    budget_granted: float | None = None
    on: dt.date | None = None


@dataclass(frozen=True)
class DocumentExpected(DomainEvent):
    type: ClassVar[str] = "accompaniment.document_expected"
    document_id: str = ""
    kind: str = ""
    label: str = ""
    due_on: dt.date | None = None


@dataclass(frozen=True)
class DocumentReceived(DomainEvent):
    type: ClassVar[str] = "accompaniment.document_received"
    document_id: str = ""
    received_on: dt.date | None = None


EVENTS = (AccompanimentOpened, StageChanged, CoachingRecorded, Decided, DocumentExpected,
          DocumentReceived)
registry = EventRegistry(*EVENTS)  # folds this subpackage's streams; the service's
# registry (services/missions/domain.py) holds these events too


# -- state -------------------------------------------------------------------------------

@dataclass
class Coaching:
    id: str
    date: dt.date
    hours: float
    activity_id: str | None
    notes: str | None


@dataclass
class Document:
    id: str
    kind: str
    label: str
    due_on: dt.date
    received_on: dt.date | None = None

    def late_on(self, day: dt.date) -> bool:
        """Due before `day` and still not received."""
        return self.received_on is None and self.due_on < day


class Accompaniment(Aggregate):
    stream_type: ClassVar[str] = "accompaniment"

    def __init__(self, id: str):
        super().__init__(id)
        self.details: dict[str, Any] = {}
        self.stage = "idea"
        self.stage_since: dt.date | None = None
        self.stages: list[tuple[str, dt.date]] = []
        self.decision: Decided | None = None
        self.coachings: dict[str, Coaching] = {}
        self.documents: dict[str, Document] = {}

    # -- commands ------------------------------------------------------------------------

    @classmethod
    def open(cls, id: str, *, title: str, programme: str, office: str,
             organisation_id: str | None = None, group_name: str | None = None,
             budget_requested: float | None = None) -> "Accompaniment":
        organisation_id, group_name = _text(organisation_id), _text(group_name)
        if bool(organisation_id) == bool(group_name):
            raise DomainError(N_("Choose the association, or name the youth group (one of "
                                 "the two)."), "organisation_id")
        accompaniment = cls(id)
        accompaniment.record(AccompanimentOpened(
            organisation_id=organisation_id, group_name=_limited(group_name, "group_name"),
            title=_required(title, "title", N_("Give the project's title.")),
            programme=_required(programme, "programme", N_("Choose the programme.")),
            office=_office(office), budget_requested=_budget(budget_requested,
                                                             "budget_requested")))
        return accompaniment

    def change_stage(self, stage: str, on: dt.date) -> None:
        """Move the project on to its next stage (the decision has its own command)."""
        self._refuse_if_closed()
        if stage not in STAGES:
            raise DomainError(N_("Choose a stage from the list."), "stage")
        if stage in DECIDED:
            raise DomainError(N_("Selected or not is the committee's decision: record the "
                                 "decision instead."), "stage")
        if stage == self.stage:
            raise DomainError(N_("The project is already at this stage."), "stage")
        if stage not in NEXT[self.stage]:
            raise DomainError(_refusal(self.stage, stage), "stage")
        self._check_date(on)
        self.record(StageChanged(stage=stage, on=on))

    def decide(self, selected: bool, on: dt.date, budget_granted: float | None = None) -> None:
        """The committee's decision on a submitted project: selected (with the budget
        granted) or not."""
        if self.stage != "submitted":
            raise DomainError(N_("The committee decides on a submitted project only."),
                              "selected")
        budget_granted = _budget(budget_granted, "budget_granted")
        if selected and not budget_granted:
            raise DomainError(N_("Give the budget granted to a selected project."),
                              "budget_granted")
        if not selected and budget_granted:
            raise DomainError(N_("A project that is not selected is granted no budget."),
                              "budget_granted")
        self._check_date(on)
        self.record(Decided(selected=selected, budget_granted=budget_granted, on=on))
        self.record(StageChanged(stage="selected" if selected else "not_selected", on=on))

    def record_coaching(self, coaching_id: str, date: dt.date, hours: float,
                        activity_id: str | None = None, notes: str | None = None) -> None:
        self._refuse_if_closed()
        if not hours or hours <= 0 or hours > COACHING_HOURS_MAX:
            raise DomainError(N_("A coaching session lasts more than 0 and at most 12 hours."),
                              "hours")
        notes = (notes or "").strip() or None
        if notes and len(notes) > LONG_MAX:
            raise DomainError(N_("Must be 4000 characters or fewer."), "notes")
        self.record(CoachingRecorded(coaching_id=coaching_id, date=date, hours=float(hours),
                                     activity_id=_text(activity_id), notes=notes))

    def expect_document(self, document_id: str, kind: str, due_on: dt.date,
                        label: str | None = None) -> None:
        self._refuse_if_closed()
        if kind not in DOCUMENT_KINDS:
            raise DomainError(N_("Choose a kind of document from the list."), "kind")
        label = _limited(_text(label), "label") or kind
        self.record(DocumentExpected(document_id=document_id, kind=kind, label=label,
                                     due_on=due_on))

    def receive_document(self, document_id: str, received_on: dt.date) -> None:
        document = self.documents.get(document_id)
        if document is None:
            raise DomainError(N_("Unknown document."), "document_id")
        if document.received_on is not None:
            raise DomainError(N_("This document has already been received."), "document_id")
        self.record(DocumentReceived(document_id=document_id, received_on=received_on))

    # -- reading -------------------------------------------------------------------------

    def late_documents(self, day: dt.date) -> list[Document]:
        """The documents due before `day` and not received, earliest first (none once the
        project is closed: nothing is awaited any more)."""
        if self.stage == "closed":
            return []
        return sorted((d for d in self.documents.values() if d.late_on(day)),
                      key=lambda d: (d.due_on, d.label))

    def coaching_hours(self) -> float:
        return sum(c.hours for c in self.coachings.values())

    # -- folding -------------------------------------------------------------------------

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, AccompanimentOpened):
            self.details = {k: v for k, v in event.to_data().items()}
        elif isinstance(event, StageChanged):
            self.stage, self.stage_since = event.stage, event.on
            self.stages.append((event.stage, event.on))
        elif isinstance(event, Decided):
            self.decision = event
        elif isinstance(event, CoachingRecorded):
            self.coachings[event.coaching_id] = Coaching(event.coaching_id, event.date,
                                                         event.hours, event.activity_id,
                                                         event.notes)
        elif isinstance(event, DocumentExpected):
            self.documents[event.document_id] = Document(event.document_id, event.kind,
                                                         event.label, event.due_on)
        elif isinstance(event, DocumentReceived):
            self.documents[event.document_id].received_on = event.received_on
        else:
            raise TypeError(type(event).__name__)

    # -- helpers -------------------------------------------------------------------------

    def _check_date(self, on: dt.date) -> None:
        if self.stage_since and on < self.stage_since:
            raise DomainError(N_("This date is before the project's current stage began."),
                              "on")

    def _refuse_if_closed(self) -> None:
        if self.stage == "closed":
            raise DomainError(N_("This accompaniment is closed: nothing more can be "
                                 "recorded."))


def _refusal(current: str, wanted: str) -> str:
    """Why a stage cannot follow another, as a coordinator would say it."""
    if current == "submitted":
        return N_("A submitted project awaits the committee's decision.")
    if wanted == "submitted":
        return N_("A project is submitted once it has been structured.")
    if STAGES.index(wanted) < STAGES.index(current):
        return N_("The project cannot go back to an earlier stage.")
    if wanted == "under_way":
        return N_("A project gets under way only once the committee has selected it.")
    if wanted == "final_report":
        return N_("The final report comes once the project is under way.")
    return N_("A selected project is closed after its final report.")


# -- validation --------------------------------------------------------------------------

def _text(value: Any) -> str | None:
    return (" ".join(value.split()) or None) if isinstance(value, str) else value


def _limited(value: str | None, field: str) -> str | None:
    if value and len(value) > TEXT_MAX:
        raise DomainError(N_("Must be 200 characters or fewer."), field)
    return value


def _required(value: str | None, field: str, message: str) -> str:
    value = _text(value)
    if not value:
        raise DomainError(message, field)
    return _limited(value, field)


def _office(office: str) -> str:
    if office not in OFFICES:
        raise DomainError(N_("Choose the office that follows the project."), "office")
    return office


def _budget(value: float | None, field: str) -> float | None:
    if value is None:
        return None
    if value < 0 or value > BUDGET_MAX:
        raise DomainError(N_("A budget is an amount in euros between 0 and 10,000,000."),
                          field)
    return float(value)
