"""Merging duplicate people, and dismissing a suggested pair. Pure Python, no I/O.

A merge is recorded on both records: `person.merged_into` on the merged one (it becomes
read-only and points to the survivor) and `person.absorbed` on the survivor (the field values
the officer chose and the survivor's values before, the merged record's consents, and the
affiliations and interactions moved to the survivor, each also an event on its own stream).
An un-merge records `person.unmerged` and `person.absorption_undone`, which gives the
survivor back its previous values and its own consents, and moves back what moved.

Person (stakeholders/domain.py) mixes in `MergeState`; this module imports nothing from it:
the person's fields and rules are reached through the class (FIELDS, LIST_FIELDS, check).
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, Callable, ClassVar

from shared.eventstore import Aggregate, DomainError, DomainEvent, EventRegistry


def N_(message: str) -> str:
    return message


KEEP_CHOICES = ("survivor", "merged", "union")
PAIR_NAMESPACE = uuid.UUID("6f0c7a52-4d0e-4f57-9a0e-1b6d3c0f2a91")


# The keys of `changes` / `restored` that leave stakeholders (as for person.registered):
# names for the replicas of activities and missions, the birth date for reporting.
_NAMES_FOR = ("activities", "missions")
_UNPUBLISHED = ("email", "phone", "whatsapp")


def _published(field: str) -> dict:
    return {f"{field}.given_name": _NAMES_FOR, f"{field}.family_name": _NAMES_FOR,
            f"{field}.birth_date": ("reporting",)}


@dataclass(frozen=True)
class PersonMergedInto(DomainEvent):
    type: ClassVar[str] = "person.merged_into"
    survivor_id: str = ""
    merge_id: str = ""


@dataclass(frozen=True)
class PersonAbsorbed(DomainEvent):
    """`changes`: the survivor's fields set by the merge; `previous`: their values before;
    `consents`: the merged record's consent per purpose ({status, since, method}), which
    the survivor answers for from now on; `moved`: the affiliations
    ([[organisation_id, affiliation_id]]) and interactions ([id]) moved to the survivor."""
    type: ClassVar[str] = "person.absorbed"
    personal_data: ClassVar[tuple[str, ...]] = ("changes", "previous")
    published_personal: ClassVar[dict] = _published("changes")  # `previous`: no consumer
    private: ClassVar[tuple[str, ...]] = tuple(f"changes.{k}" for k in _UNPUBLISHED)
    merge_id: str = ""
    merged_id: str = ""
    changes: dict[str, Any] | None = None
    previous: dict[str, Any] | None = None
    consents: dict[str, Any] | None = None  # absent from older events: none came
    moved: dict[str, Any] | None = None


@dataclass(frozen=True)
class PersonUnmerged(DomainEvent):
    type: ClassVar[str] = "person.unmerged"
    survivor_id: str = ""
    merge_id: str = ""


@dataclass(frozen=True)
class PersonAbsorptionUndone(DomainEvent):
    """`restored`: the survivor's fields given back their values from before the merge
    (a field corrected since the merge keeps its later value and is not listed); `moved`:
    what was moved back to the merged record (same shape as PersonAbsorbed.moved)."""
    type: ClassVar[str] = "person.absorption_undone"
    personal_data: ClassVar[tuple[str, ...]] = ("restored",)
    published_personal: ClassVar[dict] = _published("restored")
    private: ClassVar[tuple[str, ...]] = tuple(f"restored.{k}" for k in _UNPUBLISHED)
    merge_id: str = ""
    merged_id: str = ""
    restored: dict[str, Any] | None = None
    moved: dict[str, Any] | None = None


MERGE_EVENTS = (PersonMergedInto, PersonAbsorbed, PersonUnmerged, PersonAbsorptionUndone)
MERGED = N_("This person was merged into another record; change that record instead.")
ERASED = N_("This person has been erased: nothing more can be recorded about them.")


def decode(values: dict[str, Any] | None) -> dict[str, Any]:
    """Field values from an event payload: lists as tuples, the birth date as a date."""
    out: dict[str, Any] = {}
    for name, value in (values or {}).items():
        if isinstance(value, list):
            value = tuple(value)
        if name == "birth_date" and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        out[name] = value
    return out


def moved_ids(moved: dict[str, Any] | None) -> tuple[list[tuple[str, str]], list[str]]:
    """(organisation_id, affiliation_id) pairs and interaction ids of a `moved` payload."""
    moved = moved or {}
    return ([tuple(pair) for pair in moved.get("affiliations") or ()],
            list(moved.get("interactions") or ()))


class MergeState:
    """Mixed into Person: what merges did to it. Person provides FIELDS, LIST_FIELDS,
    `details`, `archived`, `check(details, today)` and the consent state (ConsentRecord)."""

    FIELDS: ClassVar[tuple[str, ...]]
    LIST_FIELDS: ClassVar[tuple[str, ...]]
    check: ClassVar[Callable[[dict[str, Any], dt.date], None]]
    details: dict[str, Any]
    archived: bool
    merged_into: str | None = None
    merge_id: str | None = None

    @property
    def absorptions(self) -> dict[str, dict[str, Any]]:
        if "_absorptions" not in self.__dict__:
            self._absorptions: dict[str, dict[str, Any]] = {}
        return self._absorptions

    def refuse_if_merged(self) -> None:
        if self.merged_into:
            raise DomainError(MERGED)

    def apply_merge(self, event: DomainEvent) -> None:
        if isinstance(event, PersonMergedInto):
            self.merged_into, self.merge_id = event.survivor_id, event.merge_id
        elif isinstance(event, PersonUnmerged):
            self.merged_into = self.merge_id = None
        elif isinstance(event, PersonAbsorbed):
            changes = decode(event.changes)
            self.details.update(changes)
            self.absorptions[event.merge_id] = {"merged_id": event.merged_id,
                                                "changes": changes,
                                                "previous": decode(event.previous),
                                                "moved": event.moved or {}}
            self.absorb_consents(event.merge_id, event.consents or {})
        elif isinstance(event, PersonAbsorptionUndone):
            self.details.update(decode(event.restored))
            self.absorptions.pop(event.merge_id, None)
            self.drop_consents(event.merge_id)


def merged_values(survivor: MergeState, merged: MergeState,
                  choices: dict[str, str]) -> dict[str, Any]:
    """The survivor's details after the merge, from the officer's choice per field:
    'survivor' (the default), 'merged', or for list fields 'union' (their default)."""
    fields, list_fields = survivor.FIELDS, survivor.LIST_FIELDS
    unknown = set(choices) - set(fields)
    if unknown:
        raise DomainError(N_("Unknown field."), sorted(unknown)[0])
    result = dict(survivor.details)
    for name in fields:
        choice = choices.get(name) or ("union" if name in list_fields else "survivor")
        if choice not in KEEP_CHOICES or (choice == "union" and name not in list_fields):
            raise DomainError(N_("Choose which value to keep."), name)
        if choice == "merged":
            result[name] = merged.details.get(name)
        elif choice == "union":
            result[name] = tuple(dict.fromkeys((*(survivor.details.get(name) or ()),
                                                *(merged.details.get(name) or ()))))
    return result


def merge(survivor: MergeState, merged: MergeState, choices: dict[str, str], *,
          moved: dict[str, Any] | None = None, merge_id: str | None = None,
          today: dt.date | None = None) -> str:
    """Record the merge of `merged` into `survivor` on both; returns the merge id. `moved`
    names the affiliations and interactions the caller moves to the survivor with it."""
    if survivor.id == merged.id:
        raise DomainError(N_("A person cannot be merged with themselves."), "merged_id")
    for person, field in ((survivor, "survivor_id"), (merged, "merged_id")):
        if getattr(person, "erased", False):
            raise DomainError(ERASED, field)
        if person.archived:
            raise DomainError(N_("An archived person cannot be merged."), field)
        if person.merged_into:
            raise DomainError(N_("This person was already merged into another record."), field)
    after = merged_values(survivor, merged, choices)
    survivor.check(after, today or dt.date.today())
    changes = {n: after[n] for n in survivor.FIELDS if after[n] != survivor.details.get(n)}
    previous = {n: survivor.details.get(n) for n in changes}
    merge_id = merge_id or str(uuid.uuid4())
    survivor.record(PersonAbsorbed(merge_id=merge_id, merged_id=merged.id,
                                   changes=_plain(changes), previous=_plain(previous),
                                   consents=merged.consents_payload(), moved=moved or {}))
    merged.record(PersonMergedInto(survivor_id=survivor.id, merge_id=merge_id))
    return merge_id


def unmerge(merged: MergeState, survivor: MergeState,
            moved_back: dict[str, Any] | None = None) -> None:
    """Undo the merge of `merged` into `survivor`: both become as they were before it, except
    the survivor's fields corrected since, which keep their later values. `moved_back`:
    what the caller moves back to the merged record."""
    if getattr(merged, "erased", False) or getattr(survivor, "erased", False):
        raise DomainError(ERASED)
    if not merged.merged_into:
        raise DomainError(N_("This person is not merged into another record."))
    if merged.merged_into != survivor.id or merged.merge_id not in survivor.absorptions:
        raise DomainError(N_("This merge is not known to the other record."))
    if survivor.merged_into:
        raise DomainError(N_("The surviving record was itself merged since: undo that merge "
                             "first."))
    absorption = survivor.absorptions[merged.merge_id]
    restored = {n: before for n, before in absorption["previous"].items()
                if survivor.details.get(n) == absorption["changes"].get(n)}
    survivor.record(PersonAbsorptionUndone(merge_id=merged.merge_id, merged_id=merged.id,
                                           restored=_plain(restored), moved=moved_back or {}))
    merged.record(PersonUnmerged(survivor_id=survivor.id, merge_id=merged.merge_id))


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}


# -- dismissed suggestions ------------------------------------------------------------------

def pair_id(person_a: str, person_b: str) -> str:
    """The stream of a pair of people, whatever the order they are named in."""
    return str(uuid.uuid5(PAIR_NAMESPACE, "|".join(sorted((person_a, person_b)))))


@dataclass(frozen=True)
class DuplicateDismissed(DomainEvent):
    """An officer said the two people are not the same person."""
    type: ClassVar[str] = "duplicate_pair.dismissed"
    person_ids: tuple[str, ...] = ()
    reason: str | None = None


class DuplicatePair(Aggregate):
    stream_type = "duplicate_pair"

    def __init__(self, id: str):
        super().__init__(id)
        self.dismissed = False

    @classmethod
    def dismiss(cls, person_a: str, person_b: str, reason: str | None = None,
                existing: "DuplicatePair | None" = None) -> "DuplicatePair":
        if person_a == person_b:
            raise DomainError(N_("Choose two different people."), "person_ids")
        pair = existing or cls(pair_id(person_a, person_b))
        if pair.dismissed:
            raise DomainError(N_("This suggestion was already dismissed."), "person_ids")
        reason = " ".join((reason or "").split()) or None
        if reason and len(reason) > 500:
            raise DomainError(N_("Must be 500 characters or fewer."), "reason")
        pair.record(DuplicateDismissed(person_ids=tuple(sorted((person_a, person_b))),
                                       reason=reason))
        return pair

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, DuplicateDismissed):
            self.dismissed = True
        else:
            raise TypeError(type(event).__name__)


pair_registry = EventRegistry(DuplicateDismissed)
