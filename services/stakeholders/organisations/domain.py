"""Organisations, their affiliations and interactions. Pure Python, no I/O.

- Organisation (stream "organisation"): registered, corrected (changed fields only),
  archived; the affiliations of people to it (added, ended, removed) are on its stream too.
- Interaction (stream "interaction"): a meeting, call, visit or representation with a person
  or an organisation, recorded by the signed-in staff member (its author), then possibly
  corrected or removed. Its notes are for programme staff only (PEOPLE_NOTES).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from shared.eventstore import Aggregate, Correction, DomainError, DomainEvent, EventRegistry

from .. import phones, territories
from ..countries import NOT_A_COUNTRY, is_country


def N_(message: str) -> str:
    """Marks a message for translation; the web layer translates it when shown."""
    return message


KINDS = ("osim", "host_structure", "local_authority", "public_institution", "funder",
         "association", "school_university", "company", "media")
APPROVAL_FIELDS = ("approval_number", "approval_start", "approval_end", "capacity")
SCALAR_FIELDS = ("name", "kind", "siret", "rna", "ice", "country", "region", "province",
                 "town", "email", "phone", "website", *APPROVAL_FIELDS)
LIST_FIELDS = ("programmes", "tags")
ORGANISATION_FIELDS = SCALAR_FIELDS + LIST_FIELDS
DATE_FIELDS = ("approval_start", "approval_end")
INTERACTION_KINDS = ("meeting", "call", "visit", "representation")
SUBJECT_TYPES = ("person", "organisation")

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_ENTRIES = 50     # per list (tags, programmes)
MAX_CAPACITY = 10_000  # young people a host structure takes in at once
WEBSITE = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)
SIRET = re.compile(r"^[0-9]{14}$")
RNA = re.compile(r"^W[0-9A-Z][0-9]{8}$")
ICE = re.compile(r"^[0-9]{15}$")
LA_POSTE_SIREN = "356000000"  # La Poste's establishments follow another check (sum % 5)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def siret_ok(siret: str) -> bool:
    """14 digits whose Luhn sum checks (La Poste: the sum of the digits is a multiple of 5)."""
    if not SIRET.match(siret):
        return False
    if siret.startswith(LA_POSTE_SIREN) and sum(int(c) for c in siret) % 5 == 0:
        return True
    return luhn_ok(siret)


def compact(value: str | None) -> str | None:
    """An identifier as typed ('123 456 789 00012', 'w751-000000') -> '12345678900012'."""
    if value is None:
        return None
    out = "".join(c for c in str(value) if c.isalnum()).upper()
    return out or None


# -- events ----------------------------------------------------------------------------

@dataclass(frozen=True)
class OrganisationRegistered(DomainEvent):
    type: ClassVar[str] = "organisation.registered"
    name: str = ""
    kind: str = ""
    siret: str | None = None
    rna: str | None = None
    ice: str | None = None
    country: str | None = None
    region: str | None = None
    province: str | None = None
    town: str | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    approval_number: str | None = None
    approval_start: dt.date | None = None
    approval_end: dt.date | None = None
    capacity: int | None = None
    programmes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrganisationCorrected(Correction):
    """Only the fields named in `changed` are carried (the others are left out)."""
    type: ClassVar[str] = "organisation.corrected"
    name: str | None = None
    kind: str | None = None
    siret: str | None = None
    rna: str | None = None
    ice: str | None = None
    country: str | None = None
    region: str | None = None
    province: str | None = None
    town: str | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    approval_number: str | None = None
    approval_start: dt.date | None = None
    approval_end: dt.date | None = None
    capacity: int | None = None
    programmes: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None


@dataclass(frozen=True)
class OrganisationArchived(DomainEvent):
    type: ClassVar[str] = "organisation.archived"
    reason: str | None = None


@dataclass(frozen=True)
class AffiliationAdded(DomainEvent):
    type: ClassVar[str] = "organisation.affiliation_added"
    affiliation_id: str = ""
    person_id: str = ""
    role: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class AffiliationEnded(DomainEvent):
    type: ClassVar[str] = "organisation.affiliation_ended"
    affiliation_id: str = ""
    end: dt.date | None = None


@dataclass(frozen=True)
class AffiliationRemoved(DomainEvent):
    """Recorded by mistake: the affiliation is withdrawn (its history stays)."""
    type: ClassVar[str] = "organisation.affiliation_removed"
    affiliation_id: str = ""
    reason: str | None = None


@dataclass(frozen=True)
class AffiliationMoved(DomainEvent):
    """A merge (or its undoing) moved the affiliation to another record of the same person."""
    type: ClassVar[str] = "organisation.affiliation_moved"
    affiliation_id: str = ""
    from_person_id: str = ""
    person_id: str = ""
    merge_id: str = ""


@dataclass(frozen=True)
class InteractionRecorded(DomainEvent):
    type: ClassVar[str] = "interaction.recorded"
    # what was said with a person is that person's data (shredded with their key)
    personal_data: ClassVar[tuple[str, ...]] = ("summary", "notes")
    personal_subject: ClassVar[str] = "subject_id"
    published_personal: ClassVar[dict] = {}  # summary and notes never leave stakeholders
    subject_type: str = ""
    subject_id: str = ""
    kind: str = ""
    date: dt.date | None = None
    author_id: str | None = None
    summary: str = ""
    notes: str | None = None


@dataclass(frozen=True)
class InteractionRemoved(DomainEvent):
    type: ClassVar[str] = "interaction.removed"
    reason: str | None = None


@dataclass(frozen=True)
class InteractionMoved(DomainEvent):
    """A merge (or its undoing) moved the interaction to another record of the same person."""
    type: ClassVar[str] = "interaction.moved"
    from_subject_id: str = ""
    subject_id: str = ""
    merge_id: str = ""


registry = EventRegistry(OrganisationRegistered, OrganisationCorrected, OrganisationArchived,
                         AffiliationAdded, AffiliationEnded, AffiliationRemoved,
                         AffiliationMoved, InteractionRecorded, InteractionRemoved,
                         InteractionMoved)


# -- the organisation --------------------------------------------------------------------

@dataclass
class Affiliation:
    id: str
    person_id: str
    role: str
    start: dt.date
    end: dt.date | None = None


class Organisation(Aggregate):
    stream_type = "organisation"

    def __init__(self, id: str):
        super().__init__(id)
        self.details: dict[str, Any] = {}
        self.archived = False
        self.affiliations: dict[str, Affiliation] = {}

    # -- commands ------------------------------------------------------------------

    @classmethod
    def register(cls, id: str, **details: Any) -> "Organisation":
        unknown = set(details) - set(ORGANISATION_FIELDS)
        if unknown:
            raise DomainError(N_("Unknown field."), sorted(unknown)[0])
        organisation = cls(id)
        defaults = {f.name: getattr(OrganisationRegistered, f.name, None)
                    for f in fields(OrganisationRegistered)}
        clean = _check(_clean({**defaults, **details}))
        organisation.record(OrganisationRegistered(**clean))
        return organisation

    def correct(self, changes: dict[str, Any]) -> None:
        self._not_archived(N_("An archived organisation cannot be corrected."))
        unknown = set(changes) - set(ORGANISATION_FIELDS)
        if unknown:
            raise DomainError(N_("Unknown field."), sorted(unknown)[0])
        merged = _check({**self.details, **_clean(changes)})
        diff = {k: v for k, v in merged.items() if self.details.get(k) != v}
        if not diff:
            raise DomainError(N_("Nothing changed."))
        self.record(OrganisationCorrected(
            changed=tuple(k for k in ORGANISATION_FIELDS if k in diff), **diff))

    def archive(self, reason: str | None = None) -> None:
        if self.archived:
            raise DomainError(N_("This organisation is already archived."))
        self.record(OrganisationArchived(reason=_text(reason)))

    def add_affiliation(self, affiliation_id: str, person_id: str, role: str | None,
                        start: dt.date | None, end: dt.date | None = None) -> None:
        self._not_archived(N_("An archived organisation cannot take new affiliations."))
        if not person_id:
            raise DomainError(N_("Choose a person."), "person_id")
        role = _text(role)
        if not role:
            raise DomainError(N_("A role is required."), "role")
        if len(role) > 100:
            raise DomainError(N_("Must be 100 characters or fewer."), "role")
        if start is None:
            raise DomainError(N_("A start date is required."), "start")
        if end is not None and end < start:
            raise DomainError(N_("The end date cannot be before the start date."), "end")
        for other in self.affiliations.values():
            if (other.person_id == person_id and other.end is None and end is None
                    and _text(other.role).lower() == role.lower()):
                raise DomainError(N_("This person already has this role in this organisation."),
                                  "role")
        self.record(AffiliationAdded(affiliation_id=affiliation_id, person_id=person_id,
                                     role=role, start=start, end=end))

    def end_affiliation(self, affiliation_id: str, end: dt.date | None) -> None:
        affiliation = self._affiliation(affiliation_id)
        if end is None:
            raise DomainError(N_("An end date is required."), "end")
        if affiliation.end is not None:
            raise DomainError(N_("This affiliation has already ended."), "end")
        if end < affiliation.start:
            raise DomainError(N_("The end date cannot be before the start date."), "end")
        self.record(AffiliationEnded(affiliation_id=affiliation_id, end=end))

    def remove_affiliation(self, affiliation_id: str, reason: str | None = None) -> None:
        self._affiliation(affiliation_id)
        self.record(AffiliationRemoved(affiliation_id=affiliation_id, reason=_text(reason)))

    def move_affiliations(self, from_person_id: str, to_person_id: str, merge_id: str,
                          only: set[str] | None = None) -> list[str]:
        """Move the person's affiliations (those of `only`, if given) to another record of
        the same person; allowed on an archived organisation (a merge changes no affiliation
        but whose record it is). Returns the ids moved."""
        moved = [a.id for a in self.affiliations.values() if a.person_id == from_person_id
                 and (only is None or a.id in only)]
        for affiliation_id in moved:
            self.record(AffiliationMoved(affiliation_id=affiliation_id,
                                         from_person_id=from_person_id,
                                         person_id=to_person_id, merge_id=merge_id))
        return moved

    # -- state -----------------------------------------------------------------------

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, OrganisationRegistered):
            self.details = {name: getattr(event, name) for name in ORGANISATION_FIELDS}
        elif isinstance(event, OrganisationCorrected):
            self.details.update(event.changes())
        elif isinstance(event, OrganisationArchived):
            self.archived = True
        elif isinstance(event, AffiliationAdded):
            self.affiliations[event.affiliation_id] = Affiliation(
                event.affiliation_id, event.person_id, event.role, event.start, event.end)
        elif isinstance(event, AffiliationEnded):
            self.affiliations[event.affiliation_id].end = event.end
        elif isinstance(event, AffiliationRemoved):
            self.affiliations.pop(event.affiliation_id, None)
        elif isinstance(event, AffiliationMoved):
            self.affiliations[event.affiliation_id].person_id = event.person_id
        else:
            raise TypeError(type(event).__name__)

    def _not_archived(self, message: str) -> None:
        if self.archived:
            raise DomainError(message)

    def _affiliation(self, affiliation_id: str) -> Affiliation:
        affiliation = self.affiliations.get(affiliation_id)
        if affiliation is None:
            raise DomainError(N_("This affiliation does not exist (or was removed)."),
                              "affiliation_id")
        return affiliation


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) or None if value is not None else None


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Trim text, blank -> None, identifiers compacted, codes upper-cased, lists deduplicated."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in LIST_FIELDS:
            items = [str(v).strip() for v in (value or ()) if str(v).strip()]
            out[name] = tuple(dict.fromkeys(items))
        elif name in ("siret", "rna", "ice"):
            out[name] = compact(value)
        elif isinstance(value, str):
            value = _text(value)
            if value and name == "email":
                value = value.lower()
            if value and name == "country":
                value = value.upper()
            out[name] = value
        else:
            out[name] = value
    return out


def _check(o: dict[str, Any]) -> dict[str, Any]:
    """The organisation's rules; returns it with its territory spelled canonically."""
    if not o.get("name"):
        raise DomainError(N_("A name is required."), "name")
    for name in SCALAR_FIELDS:
        if isinstance(o.get(name), str) and len(o[name]) > 200:
            raise DomainError(N_("Must be 200 characters or fewer."), name)
    if o.get("kind") not in KINDS:
        raise DomainError(N_("Choose a kind of organisation."), "kind")
    country = o.get("country")
    if country and not is_country(country):
        raise DomainError(NOT_A_COUNTRY, "country")
    if o.get("siret"):
        if not siret_ok(o["siret"]):
            raise DomainError(N_("A SIRET has 14 digits and a valid check digit."), "siret")
        if country and country != "FR":
            raise DomainError(N_("A SIRET is a French identifier: the country must be France."),
                              "siret")
    if o.get("rna"):
        if not RNA.match(o["rna"]):
            raise DomainError(N_("An RNA number is a W followed by 9 digits."), "rna")
        if country and country != "FR":
            raise DomainError(N_("An RNA number is a French identifier: the country must be "
                                 "France."), "rna")
    if o.get("ice"):
        if not ICE.match(o["ice"]):
            raise DomainError(N_("An ICE has 15 digits."), "ice")
        if country and country != "MA":
            raise DomainError(N_("An ICE is a Moroccan identifier: the country must be "
                                 "Morocco."), "ice")
    try:
        o["region"], o["province"] = territories.canonical(country, o.get("region"),
                                                           o.get("province"))
    except territories.TerritoryError as exc:
        raise DomainError(exc.message, exc.field) from None
    if o.get("email") and not EMAIL.match(o["email"]):
        raise DomainError(N_("Not a valid email address."), "email")
    if o.get("phone"):
        message = phones.problem(o["phone"], country)
        if message:
            raise DomainError(message, "phone")
        o["phone"] = phones.e164(o["phone"], country)
    if o.get("website") and not WEBSITE.match(o["website"]):
        raise DomainError(N_("Not a valid web address (it starts with https://)."), "website")
    for name in LIST_FIELDS:
        if len(o.get(name) or ()) > MAX_ENTRIES:
            raise DomainError(N_("At most 50 values."), name)
        for code in o.get(name) or ():
            if len(code) > 40:
                raise DomainError(N_("Each entry must be 40 characters or fewer."), name)
    _check_approval(o)
    return o


def _check_approval(o: dict[str, Any]) -> None:
    given = [name for name in APPROVAL_FIELDS if o.get(name) not in (None, "")]
    if not given:
        return
    if o.get("kind") != "host_structure":
        raise DomainError(N_("Only a host structure holds a civic-service approval."), given[0])
    start, end = o.get("approval_start"), o.get("approval_end")
    for name in DATE_FIELDS:
        if o.get(name) is not None and not isinstance(o[name], dt.date):
            raise DomainError(N_("Not a valid date."), name)
    if start and end and end < start:
        raise DomainError(N_("The end date cannot be before the start date."), "approval_end")
    capacity = o.get("capacity")
    if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int)
                                 or not 1 <= capacity <= MAX_CAPACITY):
        raise DomainError(N_("The capacity is a whole number between 1 and 10,000."),
                          "capacity")
    if not o.get("approval_number") and (start or end):
        raise DomainError(N_("The approval number is required with its dates."),
                          "approval_number")


# -- interactions --------------------------------------------------------------------------

class Interaction(Aggregate):
    stream_type = "interaction"

    def __init__(self, id: str):
        super().__init__(id)
        self.subject_type = ""
        self.subject_id = ""
        self.removed = False

    @classmethod
    def record_new(cls, id: str, *, subject_type: str, subject_id: str, kind: str | None,
                   date: dt.date | None, author_id: str | None, summary: str | None,
                   notes: str | None = None, today: dt.date | None = None) -> "Interaction":
        if subject_type not in SUBJECT_TYPES or not subject_id:
            raise DomainError(N_("An interaction is with a person or an organisation."))
        if kind not in INTERACTION_KINDS:
            raise DomainError(N_("Choose meeting, call, visit or representation."), "kind")
        if date is None:
            raise DomainError(N_("A date is required."), "date")
        if date > (today or dt.date.today()):
            raise DomainError(N_("An interaction is recorded once it has taken place: the date "
                                 "cannot be in the future."), "date")
        summary = _text(summary)
        if not summary:
            raise DomainError(N_("A summary is required."), "summary")
        if len(summary) > 500:
            raise DomainError(N_("Must be 500 characters or fewer."), "summary")
        notes = (notes or "").strip() or None
        if notes and len(notes) > 10000:
            raise DomainError(N_("Must be 10,000 characters or fewer."), "notes")
        interaction = cls(id)
        interaction.record(InteractionRecorded(
            subject_type=subject_type, subject_id=subject_id, kind=kind, date=date,
            author_id=author_id, summary=summary, notes=notes))
        return interaction

    def remove(self, reason: str | None = None) -> None:
        if self.removed:
            raise DomainError(N_("This interaction has already been removed."))
        self.record(InteractionRemoved(reason=_text(reason)))

    def move(self, from_person_id: str, to_person_id: str, merge_id: str) -> bool:
        """Move an interaction with a person to another record of the same person; one
        removed or with someone else stays. Returns whether it moved."""
        if self.removed or self.subject_type != "person" or self.subject_id != from_person_id:
            return False
        self.record(InteractionMoved(from_subject_id=from_person_id, subject_id=to_person_id,
                                     merge_id=merge_id))
        return True

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, InteractionRecorded):
            self.subject_type, self.subject_id = event.subject_type, event.subject_id
        elif isinstance(event, InteractionRemoved):
            self.removed = True
        elif isinstance(event, InteractionMoved):
            self.subject_id = event.subject_id
        else:
            raise TypeError(type(event).__name__)
