"""Commands on duplicates: merge two people, un-merge them, dismiss a suggestion.

A merge or an un-merge changes two streams; both are appended in one transaction, each
after the version its form was rendered from (a stale one is a ConcurrencyError and
nothing is written).
"""
from __future__ import annotations

from typing import Any

from shared.eventstore import Aggregate, DomainError, NotFound, UnitOfWork

from . import merging
from .domain import Person


def _save_together(uow: UnitOfWork, *aggregates: Aggregate) -> None:
    with uow.store.transaction() as conn:
        for aggregate in aggregates:
            stored = uow.store.append(aggregate.id, aggregate.stream_type,
                                      aggregate.decided_on, aggregate.pending, uow.metadata,
                                      conn=conn)
            for project in uow.projectors:
                project(conn, stored)
    for aggregate in aggregates:
        aggregate.pending = []


def merge_people(uow: UnitOfWork, survivor_id: str, expected_version: int, merged_id: str,
                 merged_expected_version: int, choices: dict[str, str]) -> tuple[Person, Person]:
    """Merge `merged_id` into `survivor_id`, keeping for each field the chosen value."""
    if survivor_id == merged_id:
        raise DomainError(merging.N_("A person cannot be merged with themselves."), "merged_id")
    survivor = uow.get(Person, survivor_id, expected_version)
    try:
        merged = uow.get(Person, merged_id, merged_expected_version)
    except NotFound:
        raise DomainError(merging.N_("This person does not exist."), "merged_id") from None
    merging.merge(survivor, merged, choices)
    _save_together(uow, survivor, merged)
    return survivor, merged


def unmerge_person(uow: UnitOfWork, merged_id: str, expected_version: int,
                   survivor_expected_version: int) -> tuple[Person, Person]:
    """Undo the merge of `merged_id` into the record it points to."""
    merged = uow.get(Person, merged_id, expected_version)
    if not merged.merged_into:
        raise DomainError(merging.N_("This person is not merged into another record."))
    survivor = uow.get(Person, merged.merged_into, survivor_expected_version)
    merging.unmerge(merged, survivor)
    _save_together(uow, survivor, merged)
    return merged, survivor


def dismiss_duplicate(uow: UnitOfWork, person_a: str, person_b: str,
                      reason: str | None = None) -> merging.DuplicatePair:
    """Record that two suggested people are not the same person."""
    for field, person_id in (("person_ids", person_a), ("person_ids", person_b)):
        try:
            uow.get(Person, person_id)
        except NotFound:
            raise DomainError(merging.N_("This person does not exist."), field) from None
    try:
        existing: Any = uow.get(merging.DuplicatePair, merging.pair_id(person_a, person_b))
    except NotFound:
        existing = None
    pair = merging.DuplicatePair.dismiss(person_a, person_b, reason, existing)
    uow.save(pair)
    return pair
