"""Hiring a consultant for an activity: the terms of reference (ToR), the applications
received, their scores against the ToR's weighted criteria, the choice, and the assessment
of the work at the end. Pure Python, no I/O.

One stream per ToR: everything about one hiring is decided on one version.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from shared.eventstore import Aggregate, DomainError, DomainEvent


def N_(message: str) -> str:
    """Marks a message for translation; the web layer translates it when shown."""
    return message


SCORE_MIN, SCORE_MAX = 0, 10      # a score per criterion
RATING_MIN, RATING_MAX = 1, 5     # the assessment of a deliverable
TEXT_MAX, LONG_MAX = 200, 4000


# -- events ------------------------------------------------------------------------------

@dataclass(frozen=True)
class TermsDrafted(DomainEvent):
    """`criteria`: [{name, weight}], what the applications are scored against."""
    type: ClassVar[str] = "terms_of_reference.drafted"
    activity_id: str = ""
    title: str = ""
    context: str = ""
    objectives: str = ""
    deliverables: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    budget: float = 0.0
    currency: str = "EUR"
    criteria: tuple[dict, ...] = ()


@dataclass(frozen=True)
class ApplicationReceived(DomainEvent):
    type: ClassVar[str] = "terms_of_reference.application_received"
    personal_data: ClassVar[tuple[str, ...]] = ("consultant_name", "email", "phone")
    published_personal: ClassVar[dict] = {}  # no consumer needs it
    application_id: str = ""
    consultant_name: str = ""
    organisation: str | None = None
    email: str | None = None
    phone: str | None = None
    proposal_amount: float = 0.0
    document: str | None = None   # the file name of the proposal, when one was uploaded


@dataclass(frozen=True)
class ApplicationScored(DomainEvent):
    """`scores`: [{criterion, score}] for every criterion; a later scoring replaces it."""
    type: ClassVar[str] = "terms_of_reference.application_scored"
    application_id: str = ""
    scores: tuple[dict, ...] = ()


@dataclass(frozen=True)
class ConsultantChosen(DomainEvent):
    """One application selected, with the reason; the others recorded as not selected."""
    type: ClassVar[str] = "terms_of_reference.consultant_chosen"
    application_id: str = ""
    reason: str = ""
    not_selected: tuple[str, ...] = ()


@dataclass(frozen=True)
class WorkAssessed(DomainEvent):
    """`ratings`: [{deliverable, rating}] with a rating 1-5 for every deliverable."""
    type: ClassVar[str] = "terms_of_reference.work_assessed"
    ratings: tuple[dict, ...] = ()
    comment: str = ""


EVENTS = (TermsDrafted, ApplicationReceived, ApplicationScored, ConsultantChosen, WorkAssessed)


# -- state -------------------------------------------------------------------------------

@dataclass
class Application:
    id: str
    consultant_name: str
    organisation: str | None
    email: str | None
    phone: str | None
    proposal_amount: float
    document: str | None
    order: int
    scores: dict[str, int] | None = None

    def weighted_total(self, criteria: list[dict]) -> float | None:
        """Sum of score x weight over the sum of weights: on the same 0-10 scale."""
        if self.scores is None:
            return None
        weights = sum(c["weight"] for c in criteria)
        return round(sum(self.scores[c["name"]] * c["weight"] for c in criteria) / weights, 2)


class TermsOfReference(Aggregate):
    stream_type: ClassVar[str] = "terms_of_reference"

    def __init__(self, id: str):
        super().__init__(id)
        self.details: dict[str, Any] = {}
        self.applications: dict[str, Application] = {}
        self.chosen: str | None = None
        self.choice_reason: str | None = None
        self.assessment: dict[str, Any] | None = None

    # -- deciding ------------------------------------------------------------------------

    @classmethod
    def draft(cls, id: str, *, activity_id: str, title: str, context: str, objectives: str,
              deliverables: list[str], start: dt.date, end: dt.date, budget: float,
              criteria: list[dict], currency: str = "EUR") -> "TermsOfReference":
        terms = cls(id)
        deliverables = [d for d in (_text(d) for d in deliverables) if d]
        if not deliverables:
            raise DomainError(N_("Name at least one deliverable."), "deliverables")
        if end < start:
            raise DomainError(N_("The end must not be before the start."), "end")
        if budget <= 0:
            raise DomainError(N_("The budget must be more than zero."), "budget")
        terms.record(TermsDrafted(
            activity_id=activity_id, title=_required(title, "title", TEXT_MAX),
            context=_required(context, "context", LONG_MAX),
            objectives=_required(objectives, "objectives", LONG_MAX),
            deliverables=tuple(deliverables), start=start, end=end, budget=float(budget),
            currency=currency, criteria=tuple(_criteria(criteria))))
        return terms

    def receive_application(self, application_id: str, *, consultant_name: str,
                            proposal_amount: float, organisation: str | None = None,
                            email: str | None = None, phone: str | None = None,
                            document: str | None = None) -> None:
        self._refuse_once_chosen()
        if proposal_amount <= 0:
            raise DomainError(N_("The proposal amount must be more than zero."),
                              "proposal_amount")
        self.record(ApplicationReceived(
            application_id=application_id,
            consultant_name=_required(consultant_name, "consultant_name", TEXT_MAX),
            organisation=_text(organisation), email=_text(email), phone=_text(phone),
            proposal_amount=float(proposal_amount), document=_text(document)))

    def score(self, application_id: str, scores: list[dict]) -> None:
        """A score per criterion, within SCORE_MIN..SCORE_MAX; each criterion once."""
        self._refuse_once_chosen()
        self._application(application_id)
        names = [c["name"] for c in self.criteria]
        given = {}
        for item in scores:
            if item["criterion"] not in names:
                raise DomainError(N_("Unknown criterion."), "scores")
            if item["criterion"] in given:
                raise DomainError(N_("A criterion is scored twice."), "scores")
            if not SCORE_MIN <= item["score"] <= SCORE_MAX:
                raise DomainError(N_("A score is from 0 to 10."), "scores")
            given[item["criterion"]] = item["score"]
        if set(given) != set(names):
            raise DomainError(N_("Score every criterion."), "scores")
        self.record(ApplicationScored(application_id=application_id, scores=tuple(
            {"criterion": name, "score": given[name]} for name in names)))

    def choose(self, application_id: str, reason: str) -> None:
        """One choice only, once every application has been scored."""
        self._refuse_once_chosen()
        if not self.applications:
            raise DomainError(N_("No application has been received yet."), "application_id")
        self._application(application_id)
        if any(a.scores is None for a in self.applications.values()):
            raise DomainError(N_("Score every application before choosing."), "application_id")
        self.record(ConsultantChosen(
            application_id=application_id, reason=_required(reason, "reason", LONG_MAX),
            not_selected=tuple(a for a in self.applications if a != application_id)))

    def assess(self, ratings: list[dict], comment: str | None = None) -> None:
        """At the end of the work: a rating 1-5 for every deliverable, and a comment."""
        if self.chosen is None:
            raise DomainError(N_("Choose the consultant before assessing the work."))
        if self.assessment is not None:
            raise DomainError(N_("The work has already been assessed."))
        deliverables = list(self.details["deliverables"])
        given = {}
        for item in ratings:
            if item["deliverable"] not in deliverables or item["deliverable"] in given:
                raise DomainError(N_("Rate each deliverable of the terms of reference once."),
                                  "ratings")
            if not RATING_MIN <= item["rating"] <= RATING_MAX:
                raise DomainError(N_("A rating is from 1 to 5."), "ratings")
            given[item["deliverable"]] = item["rating"]
        if set(given) != set(deliverables):
            raise DomainError(N_("Rate every deliverable."), "ratings")
        self.record(WorkAssessed(ratings=tuple({"deliverable": d, "rating": given[d]}
                                               for d in deliverables),
                                 comment=_text(comment, LONG_MAX) or ""))

    # -- reading -------------------------------------------------------------------------

    @property
    def criteria(self) -> list[dict]:
        return list(self.details.get("criteria") or ())

    def ranking(self) -> list[tuple[Application, float | None]]:
        """The applications by weighted total, best first (unscored ones last)."""
        scored = [(a, a.weighted_total(self.criteria)) for a in self.applications.values()]
        return sorted(scored, key=lambda pair: (pair[1] is None, -(pair[1] or 0), pair[0].order))

    @property
    def status(self) -> str:
        if self.assessment is not None:
            return "assessed"
        if self.chosen is not None:
            return "chosen"
        return "receiving" if self.applications else "drafted"

    # -- folding -------------------------------------------------------------------------

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, TermsDrafted):
            self.details = {k: v for k, v in event.to_data().items()}
            self.details.update(start=event.start, end=event.end,
                                deliverables=list(event.deliverables),
                                criteria=[dict(c) for c in event.criteria])
        elif isinstance(event, ApplicationReceived):
            self.applications[event.application_id] = Application(
                event.application_id, event.consultant_name, event.organisation, event.email,
                event.phone, event.proposal_amount, event.document, len(self.applications))
        elif isinstance(event, ApplicationScored):
            self.applications[event.application_id].scores = {
                s["criterion"]: s["score"] for s in event.scores}
        elif isinstance(event, ConsultantChosen):
            self.chosen, self.choice_reason = event.application_id, event.reason
        elif isinstance(event, WorkAssessed):
            self.assessment = {"ratings": [dict(r) for r in event.ratings],
                               "comment": event.comment}
        else:
            raise TypeError(type(event).__name__)

    # -- helpers -------------------------------------------------------------------------

    def _application(self, application_id: str) -> Application:
        application = self.applications.get(application_id)
        if application is None:
            raise DomainError(N_("Unknown application."), "application_id")
        return application

    def _refuse_once_chosen(self) -> None:
        if self.chosen is not None:
            raise DomainError(N_("The consultant has already been chosen."))


def _text(value: Any, limit: int = TEXT_MAX) -> str | None:
    """A short text on one line; a long one (up to LONG_MAX) keeps its lines."""
    if not isinstance(value, str):
        return value
    text = " ".join(value.split()) if limit <= TEXT_MAX else value.strip()
    return text[:limit] or None


def _required(value: str | None, name: str, limit: int) -> str:
    text = _text(value, limit)
    if not text:
        raise DomainError(N_("Required."), name)
    return text


def _criteria(criteria: list[dict]) -> list[dict]:
    """[{name, weight}]: at least one, named once each, weights from 1 to 100."""
    clean, seen = [], set()
    for item in criteria:
        name = _text(item.get("name"))
        if not name:
            raise DomainError(N_("Name each criterion."), "criteria")
        if name.lower() in seen:
            raise DomainError(N_("A criterion is named twice."), "criteria")
        if not 1 <= int(item.get("weight") or 0) <= 100:
            raise DomainError(N_("A weight is from 1 to 100."), "criteria")
        seen.add(name.lower())
        clean.append({"name": name, "weight": int(item["weight"])})
    if not clean:
        raise DomainError(N_("Give at least one criterion to score the applications."),
                          "criteria")
    return clean
