"""Commands on duplicates: merge two people, un-merge them, dismiss a suggestion.

A merge or an un-merge changes the two people's streams, and the streams of the
organisations and interactions whose affiliations and interactions it moves; all are
appended in one transaction, the two people each after the version its form was rendered
from (a stale one is a ConcurrencyError and nothing is written).
"""
from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from shared.eventstore import Aggregate, DomainError, NotFound, UnitOfWork

from ..domain import Person
from ..organisations.domain import Interaction, Organisation
from ..organisations.projections import affiliations, interactions
from . import domain as merging


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
    merge_id = str(uuid.uuid4())
    moves, moved = _move_all(uow, merged_id, survivor_id, merge_id)
    merging.merge(survivor, merged, choices, moved=moved, merge_id=merge_id)
    _save_together(uow, survivor, merged, *moves)
    return survivor, merged


def _move_all(uow: UnitOfWork, from_id: str, to_id: str, merge_id: str
              ) -> tuple[list[Aggregate], dict[str, Any]]:
    """Every affiliation and interaction of `from_id` moved to `to_id` (found through the
    read tables, decided by their aggregates)."""
    with uow.store.engine.connect() as conn:
        organisation_ids = conn.execute(
            select(affiliations.c.organisation_id).distinct()
            .where(affiliations.c.person_id == from_id)).scalars().all()
        interaction_ids = conn.execute(
            select(interactions.c.id).where(interactions.c.subject_type == "person",
                                            interactions.c.subject_id == from_id,
                                            interactions.c.removed.is_(False))
            .order_by(interactions.c.id)).scalars().all()
    return _move(uow, from_id, to_id, merge_id, {o: None for o in sorted(organisation_ids)},
                 interaction_ids)


def _move(uow: UnitOfWork, from_id: str, to_id: str, merge_id: str,
          by_organisation: dict[str, set[str] | None], interaction_ids
          ) -> tuple[list[Aggregate], dict[str, Any]]:
    changed: list[Aggregate] = []
    moved: dict[str, list] = {"affiliations": [], "interactions": []}
    for organisation_id, only in by_organisation.items():
        organisation = uow.get(Organisation, organisation_id)
        ids = organisation.move_affiliations(from_id, to_id, merge_id, only)
        moved["affiliations"].extend([organisation_id, a] for a in ids)
        if ids:
            changed.append(organisation)
    for interaction_id in interaction_ids:
        interaction = uow.get(Interaction, interaction_id)
        if interaction.move(from_id, to_id, merge_id):
            moved["interactions"].append(interaction_id)
            changed.append(interaction)
    return changed, moved


def unmerge_person(uow: UnitOfWork, merged_id: str, expected_version: int,
                   survivor_expected_version: int) -> tuple[Person, Person]:
    """Undo the merge of `merged_id` into the record it points to."""
    merged = uow.get(Person, merged_id, expected_version)
    if not merged.merged_into:
        raise DomainError(merging.N_("This person is not merged into another record."))
    survivor = uow.get(Person, merged.merged_into, survivor_expected_version)
    absorption = survivor.absorptions.get(merged.merge_id)
    moves: list[Aggregate] = []
    moved_back: dict[str, Any] = {}
    if absorption is not None:  # else unmerge() says why it cannot be undone
        pairs, interaction_ids = merging.moved_ids(absorption["moved"])
        by_organisation: dict[str, set[str] | None] = {}
        for organisation_id, affiliation_id in pairs:
            by_organisation.setdefault(organisation_id, set()).add(affiliation_id)
        moves, moved_back = _move(uow, survivor.id, merged.id, merged.merge_id,
                                  by_organisation, interaction_ids)
    merging.unmerge(merged, survivor, moved_back)
    _save_together(uow, survivor, merged, *moves)
    return merged, survivor


def dismiss_duplicate(uow: UnitOfWork, person_a: str, person_b: str,
                      reason: str | None = None) -> merging.DuplicatePair:
    """Record that two suggested people are not the same person."""
    for field, person_id in (("person_ids", person_a), ("person_ids", person_b)):
        try:
            person = uow.get(Person, person_id)
        except NotFound:
            raise DomainError(merging.N_("This person does not exist."), field) from None
        if person.erased:
            raise DomainError(merging.ERASED, field)
    try:
        existing: Any = uow.get(merging.DuplicatePair, merging.pair_id(person_a, person_b))
    except NotFound:
        existing = None
    pair = merging.DuplicatePair.dismiss(person_a, person_b, reason, existing)
    uow.save(pair)
    return pair
