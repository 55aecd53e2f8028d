"""People: the Person aggregate, its events and its rules. Pure Python, no I/O."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from shared.eventstore import Aggregate, Correction, DomainError, DomainEvent, EventRegistry

from . import phones, territories
from .countries import NOT_A_COUNTRY, is_country
from .consent.domain import CONSENT_EVENTS, ConsentRecord
from .duplicates.domain import MERGE_EVENTS, MergeState


def N_(message: str) -> str:
    """Marks a message for translation; the web layer translates it when shown."""
    return message


SEXES = ("female", "male", "other", "unknown")
ROLES = ("young_person", "volunteer", "association_member", "consultant_trainer",
         "elected_official", "partner_staff", "other")
LANGUAGES = ("fr", "ar", "tzm", "en", "es", "it", "de", "pt")  # suggested; any ISO 639 code is valid
SCALAR_FIELDS = ("given_name", "family_name", "sex", "birth_date", "nationality",
                 "residence_country", "residence_region", "residence_province", "residence_town",
                 "email", "phone", "whatsapp")
LIST_FIELDS = ("languages", "roles", "programmes", "tags")
PERSON_FIELDS = SCALAR_FIELDS + LIST_FIELDS
PERSONAL_DATA = ("given_name", "family_name", "birth_date", "email", "phone", "whatsapp")
# What of it leaves stakeholders, and who needs it (minimisation: e-mail, phone and WhatsApp
# have no consumer): the names for the replicas of activities and missions (lists, sheets),
# the birth date for reporting's age bands.
PUBLISHED_PERSONAL = {"given_name": ("activities", "missions"),
                      "family_name": ("activities", "missions"),
                      "birth_date": ("reporting",)}

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONES = ("phone", "whatsapp")
MAX_ENTRIES = 50  # per list (tags, programmes…): more is a mistake, not a person
_RESIDENCE = ("residence_country", "residence_region", "residence_province")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
REASON_MAX = 500
ERASED_REFUSAL = N_("This person has been erased: nothing more can be recorded about them.")


@dataclass(frozen=True)
class PersonRegistered(DomainEvent):
    type: ClassVar[str] = "person.registered"
    personal_data: ClassVar[tuple[str, ...]] = PERSONAL_DATA
    published_personal: ClassVar[dict] = PUBLISHED_PERSONAL
    given_name: str = ""
    family_name: str = ""
    sex: str = "unknown"
    birth_date: dt.date | None = None
    nationality: str | None = None
    residence_country: str | None = None
    residence_region: str | None = None
    residence_province: str | None = None
    residence_town: str | None = None
    email: str | None = None
    phone: str | None = None
    whatsapp: str | None = None
    languages: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonCorrected(Correction):
    """Only the fields named in `changed` are carried (the others are left out)."""
    type: ClassVar[str] = "person.corrected"
    personal_data: ClassVar[tuple[str, ...]] = PERSONAL_DATA
    published_personal: ClassVar[dict] = PUBLISHED_PERSONAL
    given_name: str | None = None
    family_name: str | None = None
    sex: str | None = None
    birth_date: dt.date | None = None
    nationality: str | None = None
    residence_country: str | None = None
    residence_region: str | None = None
    residence_province: str | None = None
    residence_town: str | None = None
    email: str | None = None
    phone: str | None = None
    whatsapp: str | None = None
    languages: tuple[str, ...] | None = None
    roles: tuple[str, ...] | None = None
    programmes: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PersonArchived(DomainEvent):
    type: ClassVar[str] = "person.archived"
    reason: str | None = None


@dataclass(frozen=True)
class PersonErased(DomainEvent):
    """The person asked to be forgotten (GDPR art. 17, law 09-08): their key is destroyed
    in the same transaction, every service drops what it holds about them on this event.
    The reason stays (the audit trail); it must not name the person."""
    type: ClassVar[str] = "person.erased"
    reason: str = ""


registry = EventRegistry(PersonRegistered, PersonCorrected, PersonArchived, PersonErased,
                         *MERGE_EVENTS, *CONSENT_EVENTS)


class Person(MergeState, ConsentRecord, Aggregate):
    stream_type = "person"
    FIELDS = PERSON_FIELDS  # what duplicates/domain.py reaches through the class
    LIST_FIELDS = LIST_FIELDS
    check = staticmethod(lambda details, today: _check(details, today))

    def __init__(self, id: str):
        super().__init__(id)
        self.details: dict[str, Any] = {}
        self.archived = False
        self.erased = False
        self.consents = {}  # purpose -> ConsentState (consent/domain.py)

    # -- commands ------------------------------------------------------------------

    @classmethod
    def register(cls, id: str, *, today: dt.date | None = None, **details: Any) -> "Person":
        unknown = set(details) - set(PERSON_FIELDS)
        if unknown:
            raise DomainError(N_("Unknown field."), sorted(unknown)[0])
        person = cls(id)
        clean = _clean({**{f.name: getattr(PersonRegistered, f.name, None)
                           for f in fields(PersonRegistered)}, **details})
        _check(clean, today or dt.date.today())
        person.record(PersonRegistered(**_with_e164(clean, clean.get("residence_country"))))
        return person

    def correct(self, changes: dict[str, Any], *, today: dt.date | None = None) -> None:
        self.refuse_if_erased()
        if self.archived:
            raise DomainError(N_("An archived person cannot be corrected."))
        self.refuse_if_merged()
        unknown = set(changes) - set(PERSON_FIELDS)
        if unknown:
            raise DomainError(N_("Unknown field."), sorted(unknown)[0])
        clean = _clean(changes)
        _check({**self.details, **clean}, today or dt.date.today(), only=clean)
        clean = _with_e164(clean, clean.get("residence_country",
                                            self.details.get("residence_country")))
        diff = {k: v for k, v in clean.items() if self.details.get(k) != v}
        if not diff:
            raise DomainError(N_("Nothing changed."))
        self.record(PersonCorrected(changed=tuple(k for k in PERSON_FIELDS if k in diff), **diff))

    def archive(self, reason: str | None = None) -> None:
        self.refuse_if_erased()
        if self.archived:
            raise DomainError(N_("This person is already archived."))
        self.refuse_if_merged()
        self.record(PersonArchived(reason=(reason or "").strip() or None))

    def erase(self, reason: str, *, with_survivor: bool = False) -> None:
        """`with_survivor`: this record was merged into one being erased (the same person),
        which erases it too; a merged record is otherwise erased through its survivor."""
        if self.erased:
            raise DomainError(N_("This person has already been erased."))
        if not with_survivor and self.merged_into:
            raise DomainError(N_("This person was merged into another record; erase that "
                                 "record instead."))
        reason = " ".join((reason or "").split())
        if not reason:
            raise DomainError(N_("Give the reason for the erasure."), "reason")
        if len(reason) > REASON_MAX:
            raise DomainError(N_("Must be 500 characters or fewer."), "reason")
        if _names_them(reason, self.details):
            # the reason stays in clear in the events and goes to every service
            raise DomainError(N_("The reason must not name the person nor give their contact "
                                 "details (it is kept after the erasure)."), "reason")
        self.record(PersonErased(reason=reason))

    def refuse_if_erased(self) -> None:
        if self.erased:
            raise DomainError(ERASED_REFUSAL)

    # -- state -----------------------------------------------------------------------

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, PersonRegistered):
            self.details = {name: getattr(event, name) for name in PERSON_FIELDS}
        elif isinstance(event, PersonCorrected):
            self.details.update(event.changes())
        elif isinstance(event, PersonArchived):
            self.archived = True
        elif isinstance(event, PersonErased):
            self.erased = self.archived = True
            self.details = {}
        elif isinstance(event, MERGE_EVENTS):
            self.apply_merge(event)
        elif isinstance(event, CONSENT_EVENTS):
            self.apply_consent(event)
        else:
            raise TypeError(type(event).__name__)


def _names_them(text: str, details: dict[str, Any]) -> bool:
    """Whether `text` holds one of the person's names (of 3 letters or more, whole words,
    case and accents aside), their email or the last 8 digits of a phone number."""
    words = set(_bare(text).split())
    for name in ("given_name", "family_name"):
        parts = _bare(details.get(name)).split()
        if any(len(part) >= 3 and part in words for part in parts):
            return True
    if details.get("email") and details["email"].lower() in text.lower():
        return True
    digits = re.sub(r"\D", "", text)
    return any(len(d := re.sub(r"\D", "", details.get(n) or "")) >= 8 and d[-8:] in digits
               for n in PHONES)


def _bare(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return re.sub(r"[^\w]+", " ", "".join(c for c in decomposed
                                          if not unicodedata.combining(c)).lower())


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Trim text, blank -> None, normalise case, lists -> sorted-free deduplicated tuples."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in LIST_FIELDS:
            items = [str(v).strip() for v in (value or ()) if str(v).strip()]
            if name == "languages":
                items = [v.lower() for v in items]
            out[name] = tuple(dict.fromkeys(items))
        elif isinstance(value, str):
            value = " ".join(value.split()) or None
            if value and name == "email":
                value = value.lower()
            if value and name in ("nationality", "residence_country"):
                value = value.upper()
            out[name] = value
        else:
            out[name] = value
    if "sex" in out and out["sex"] is None:
        out["sex"] = "unknown"
    return out


def _with_e164(values: dict[str, Any], country: str | None) -> dict[str, Any]:
    """The phone numbers among `values` in E.164 (checked valid by _check)."""
    return {k: phones.e164(v, country) if k in PHONES and v else v for k, v in values.items()}


def _check(p: dict[str, Any], today: dt.date, only: dict[str, Any] | None = None) -> None:
    """The rules on the whole record `p`; phone numbers are checked only among `only` (the
    values being set), since a number stored before E.164 must not block other changes."""
    if not p.get("given_name"):
        raise DomainError(N_("A given name is required."), "given_name")
    if not p.get("family_name"):
        raise DomainError(N_("A family name is required."), "family_name")
    for name in SCALAR_FIELDS:
        if isinstance(p.get(name), str) and len(p[name]) > 200:
            raise DomainError(N_("Must be 200 characters or fewer."), name)
    if p.get("sex") not in SEXES:
        raise DomainError(N_("Choose female, male, other or unknown."), "sex")
    birth = p.get("birth_date")
    if birth is not None:
        if not isinstance(birth, dt.date):
            raise DomainError(N_("Not a valid date."), "birth_date")
        if birth > today:
            raise DomainError(N_("The birth date cannot be in the future."), "birth_date")
        if birth.year < 1900:
            raise DomainError(N_("The birth date is too far in the past."), "birth_date")
    if p.get("email") and not EMAIL.match(p["email"]):
        raise DomainError(N_("Not a valid email address."), "email")
    for name in PHONES:
        if name in (p if only is None else only):
            message = phones.problem(p.get(name), p.get("residence_country"))
            if message:
                raise DomainError(message, name)
    for name in ("nationality", "residence_country"):
        if p.get(name) and not is_country(p[name]):
            raise DomainError(NOT_A_COUNTRY, name)
    if any(name in (p if only is None else only) for name in _RESIDENCE):
        try:
            territories.canonical(*(p.get(name) for name in _RESIDENCE))
        except territories.TerritoryError as exc:
            raise DomainError(exc.message, f"residence_{exc.field}") from None
    for name in LIST_FIELDS:
        if len(p.get(name) or ()) > MAX_ENTRIES:
            raise DomainError(N_("At most 50 values."), name)
    for language in p.get("languages") or ():
        if not LANGUAGE.match(language):
            raise DomainError(N_("Use language codes such as fr, ar, tzm or en."), "languages")
    for role in p.get("roles") or ():
        if role not in ROLES:
            raise DomainError(N_("Unknown role."), "roles")
    for name in ("programmes", "tags"):
        for code in p.get(name) or ():
            if len(code) > 40:
                raise DomainError(N_("Each entry must be 40 characters or fewer."), name)
