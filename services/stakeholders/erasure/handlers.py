"""The erasure command: one transaction appends `person.erased`, destroys the person's key
(their personal fields in every event read back as placeholders from then on) and scrubs
the read tables (the projectors of `person.erased`, and the uploaded rows of imports).

The records merged into the erased one are the same person: they are erased with it."""
from __future__ import annotations

from typing import Any, Callable

from shared.eventstore import UnitOfWork
from shared.privacy.erasure import scrub_after_erasure

from ..domain import Person
from ..imports import tables as imports
from ..projections import normalise
from ..search import phone_key


KNOWN = ("given_name", "family_name", "email", "phone", "whatsapp")  # what errors may quote


def erase_person(uow: UnitOfWork, person_id: str, expected_version: int,
                 reason: str) -> Person:
    person = uow.get(Person, person_id, expected_version)
    details = {person.id: dict(person.details)}  # before the erasure empties them
    person.erase(reason)
    merged = _merged_into(uow, person)
    for record in merged:
        details[record.id] = dict(record.details)
        record.erase(reason, with_survivor=True)

    def scrub(conn) -> None:
        for subject, known in details.items():
            uow.store.erase_subject(subject, conn=conn)
            imports.scrub_person(conn, subject, recognises(known))
            scrub_after_erasure(conn, subject, [str(known.get(k) or "") for k in KNOWN])

    uow.save(person, *merged, also=scrub)
    return person


def _merged_into(uow: UnitOfWork, survivor: Person) -> list[Person]:
    """The records merged into `survivor`, and into those, and so on (each once)."""
    found: dict[str, Person] = {}
    todo = [survivor]
    while todo:
        for absorption in todo.pop().absorptions.values():
            merged_id = absorption["merged_id"]
            if merged_id not in found and merged_id != survivor.id:
                found[merged_id] = uow.get(Person, merged_id)
                if not found[merged_id].erased:
                    todo.append(found[merged_id])
    return [p for p in found.values() if not p.erased]


def recognises(details: dict[str, Any]) -> Callable[[dict[str, Any]], bool]:
    """Whether an uploaded row (as typed) is this person's: the same email or phone number,
    or the same names with the same birth date or none given."""
    email = (details.get("email") or "").lower() or None
    numbers = {details.get("phone"), details.get("whatsapp")} - {None}
    names = (normalise(details.get("given_name")), normalise(details.get("family_name")))
    born = details.get("birth_date")
    born = born.isoformat() if born else None

    def theirs(data: dict[str, Any]) -> bool:
        if email and str(data.get("email") or "").strip().lower() == email:
            return True
        country = data.get("residence_country")
        typed = {phone_key(str(data[k]), country) for k in ("phone", "whatsapp") if data.get(k)}
        if numbers & typed:
            return True
        same_names = all(names) and names == (normalise(str(data.get("given_name") or "")),
                                              normalise(str(data.get("family_name") or "")))
        return same_names and (not data.get("birth_date") or str(data["birth_date"]) == born)

    return theirs
