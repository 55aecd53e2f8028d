"""The evaluation of one activity, of one kind (right after, or the follow-up of a training):
its link and the answers. Pure Python, no I/O. One stream per activity and kind."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import ClassVar

from shared.eventstore import Aggregate, DomainError, DomainEvent, EventRegistry

from ..domain import LONG_MAX, N_

PURPOSE = "evaluation"
NAMESPACE = uuid.UUID("0b6f3f0c-5a7e-4f7e-8a53-1c2d9e4b7a21")
KINDS = ("immediate", "follow_up")          # à chaud, à froid
FOLLOW_UP_FOR = ("training",)               # the kinds of activity evaluated again later
# When each kind may be answered: right after means once it runs; the follow-up once held.
STATUSES = {"immediate": ("open", "held", "closed"), "follow_up": ("held", "closed")}
SOURCES = ("participant", "paper")
SCORES = (1, 2, 3, 4, 5)
DAYS_MAX = 90


def evaluation_id(activity_id: str, kind: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{activity_id}:{kind}"))


def check_kind(kind: str, activity_kind: str, status: str) -> None:
    """The rules an evaluation of `kind` of this activity must meet."""
    if kind not in KINDS:
        raise DomainError(N_("Choose right after or follow-up."), "kind")
    if kind == "follow_up" and activity_kind not in FOLLOW_UP_FOR:
        raise DomainError(N_("Only trainings have a follow-up evaluation."), "kind")
    if status not in STATUSES[kind]:
        raise DomainError(N_("This evaluation is not open in the activity's current status."),
                          "kind")


# -- events ------------------------------------------------------------------------------

@dataclass(frozen=True)
class EvaluationLinkOpened(DomainEvent):
    type: ClassVar[str] = "evaluation.link_opened"
    activity_id: str = ""
    kind: str = ""
    nonce: str = ""
    valid_until: dt.datetime | None = None


@dataclass(frozen=True)
class EvaluationLinkClosed(DomainEvent):
    type: ClassVar[str] = "evaluation.link_closed"


@dataclass(frozen=True)
class EvaluationAnswered(DomainEvent):
    """`person_id` is None for a paper form without a name; `source`: participant (by the
    link) or paper (typed by staff). The comments are sealed under the respondent's key
    (destroyed when they are erased)."""
    type: ClassVar[str] = "evaluation.answered"
    personal_data: ClassVar[tuple[str, ...]] = ("comments",)
    personal_subject: ClassVar[str] = "respondent"
    published_personal: ClassVar[dict] = {}  # no consumer needs it
    activity_id: str = ""
    kind: str = ""
    answer_id: str = ""
    person_id: str | None = None
    satisfaction: int = 0
    comments: str | None = None
    source: str = "participant"
    answered_at: dt.datetime | None = None

    @property
    def respondent(self) -> str:
        """Whose key seals the comments: the person who answered, or for a paper form
        without a name the answer itself (nobody's to erase). Answers recorded before this
        were sealed under the evaluation's stream."""
        return self.person_id or self.answer_id


registry = EventRegistry(EvaluationLinkOpened, EvaluationLinkClosed, EvaluationAnswered)


# -- state -------------------------------------------------------------------------------

@dataclass
class Answer:
    id: str
    person_id: str | None
    satisfaction: int
    comments: str | None
    source: str
    answered_at: dt.datetime


class Evaluation(Aggregate):
    stream_type: ClassVar[str] = "evaluation"

    def __init__(self, id: str):
        super().__init__(id)
        self.activity_id = self.kind = ""
        self.nonce: str | None = None
        self.past_nonces: list[str] = []
        self.valid_until: dt.datetime | None = None
        self.answers: list[Answer] = []

    def open_link(self, activity_id: str, kind: str, activity_kind: str, status: str,
                  now: dt.datetime, days: int, nonce: str) -> None:
        check_kind(kind, activity_kind, status)
        if not 1 <= days <= DAYS_MAX:
            raise DomainError(N_("Between 1 and 90 days."), "days")
        self.record(EvaluationLinkOpened(activity_id=activity_id, kind=kind, nonce=nonce,
                                         valid_until=now + dt.timedelta(days=days)))

    def close_link(self) -> None:
        if self.nonce is None:
            raise DomainError(N_("The evaluation link is already closed."))
        self.record(EvaluationLinkClosed())

    def link_open(self, now: dt.datetime) -> bool:
        return self.nonce is not None and now < self.valid_until

    def answer(self, activity_id: str, kind: str, answer_id: str, person_id: str | None,
               registered: set[str], satisfaction: int, comments: str | None, source: str,
               now: dt.datetime) -> None:
        if source == "participant" and not self.link_open(now):
            raise DomainError(N_("This evaluation link is not open now."))
        if source == "participant" and not person_id:
            raise DomainError(N_("Choose your name in the list."), "person_id")
        if person_id and person_id not in registered:
            raise DomainError(N_("Choose a registered participant."), "person_id")
        if person_id and any(a.person_id == person_id for a in self.answers):
            raise DomainError(N_("This participant has already answered this evaluation: "
                                 "thank you, there is nothing more to do."), "person_id")
        if satisfaction not in SCORES:
            raise DomainError(N_("Choose a satisfaction from 1 to 5."), "satisfaction")
        comments = (comments or "").strip() or None
        if comments and len(comments) > LONG_MAX:
            raise DomainError(N_("Must be 2000 characters or fewer."), "comments")
        self.record(EvaluationAnswered(activity_id=activity_id, kind=kind, answer_id=answer_id,
                                       person_id=person_id, satisfaction=satisfaction,
                                       comments=comments, source=source, answered_at=now))

    def summary(self) -> dict:
        """Count, average, distribution of the scores (1 to 5) and the comments."""
        scores = [a.satisfaction for a in self.answers]
        return {"count": len(scores),
                "average": round(sum(scores) / len(scores), 2) if scores else None,
                "distribution": {str(s): scores.count(s) for s in SCORES},
                "comments": [{"text": a.comments, "satisfaction": a.satisfaction,
                              "source": a.source, "answered_at": a.answered_at}
                             for a in self.answers if a.comments]}

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, EvaluationLinkOpened):
            if self.nonce:
                self.past_nonces.append(self.nonce)
            self.activity_id, self.kind = event.activity_id, event.kind
            self.nonce, self.valid_until = event.nonce, event.valid_until
        elif isinstance(event, EvaluationLinkClosed):
            self.past_nonces.append(self.nonce)
            self.nonce = None
        elif isinstance(event, EvaluationAnswered):
            self.activity_id, self.kind = event.activity_id, event.kind
            self.answers.append(Answer(event.answer_id, event.person_id, event.satisfaction,
                                       event.comments, event.source, event.answered_at))
        else:
            raise TypeError(type(event).__name__)
