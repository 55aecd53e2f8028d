"""Mobility opportunities: the cartography of legal routes to Europe for young Moroccans.
Each opportunity is a scheme (study, work, volunteering, training, exchange) in one European
country, with its eligibility (age range, minimum education level, languages accepted), its
dates and its partner organisation. Pure Python, no I/O.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

import pycountry

from shared.eventstore import Aggregate, EventRegistry, Correction, DomainError, DomainEvent


def N_(message: str) -> str:
    """Marks a message for translation; the web layer translates it when shown."""
    return message


SCHEMES = ("study", "work", "volunteering", "training", "exchange")
# Ordered: an opportunity asking for a level is open to anyone at that level or above.
EDUCATION_LEVELS = ("none", "primary", "middle_school", "baccalaureate", "bac_plus_2",
                    "bachelor", "master", "doctorate")
# The destinations the NGO maps: Europe (EU, EEA, the United Kingdom, Switzerland and the
# rest of the continent); ISO 3166-1 alpha-2.
EUROPE = ("AD", "AL", "AT", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES",
          "FI", "FR", "GB", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC",
          "MD", "ME", "MK", "MT", "NL", "NO", "PL", "PT", "RO", "RS", "SE", "SI", "SK", "SM",
          "UA", "VA")
LANGUAGES = frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))
AGE_MIN, AGE_MAX = 14, 99
TEXT_MAX, LONG_MAX, LINK_MAX = 200, 4000, 500
FIELDS = ("title", "scheme", "country", "min_age", "max_age", "education_level", "languages",
          "opens_on", "deadline", "partner", "link", "description")


# -- events ------------------------------------------------------------------------------

@dataclass(frozen=True)
class OpportunityPublished(DomainEvent):
    """`education_level`: the minimum asked (None: no requirement); `languages`: ISO 639-1
    codes, any one of which suffices (none: no requirement); `opens_on`/`deadline`: the
    application window (either may be open-ended)."""
    type: ClassVar[str] = "opportunity.published"
    title: str = ""
    scheme: str = ""
    country: str = ""
    min_age: int | None = None
    max_age: int | None = None
    education_level: str | None = None
    languages: tuple[str, ...] = ()
    opens_on: dt.date | None = None
    deadline: dt.date | None = None
    partner: str | None = None
    link: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class OpportunityCorrected(Correction):
    type: ClassVar[str] = "opportunity.corrected"
    title: str | None = None
    scheme: str | None = None
    country: str | None = None
    min_age: int | None = None
    max_age: int | None = None
    education_level: str | None = None
    languages: tuple[str, ...] | None = None
    opens_on: dt.date | None = None
    deadline: dt.date | None = None
    partner: str | None = None
    link: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class OpportunityWithdrawn(DomainEvent):
    """No longer offered (the scheme ended, the partner withdrew)."""
    type: ClassVar[str] = "opportunity.withdrawn"
    reason: str = ""


EVENTS = (OpportunityPublished, OpportunityCorrected, OpportunityWithdrawn)
registry = EventRegistry(*EVENTS)  # folds this subpackage's streams; the service's
# registry (services/missions/domain.py) holds these events too


# -- eligibility -------------------------------------------------------------------------

def education_rank(level: str | None) -> int:
    """The level's place in the order (0 for none or unknown)."""
    return EDUCATION_LEVELS.index(level) if level in EDUCATION_LEVELS else 0


@dataclass(frozen=True)
class Eligibility:
    """What a young person brings: any of the fields may be left unknown."""
    age: int | None = None
    education_level: str | None = None
    languages: tuple[str, ...] = ()

    def admits(self, details: dict[str, Any]) -> bool:
        if self.age is not None:
            if details.get("min_age") is not None and self.age < details["min_age"]:
                return False
            if details.get("max_age") is not None and self.age > details["max_age"]:
                return False
        if self.education_level is not None and details.get("education_level") and \
                education_rank(self.education_level) < education_rank(details["education_level"]):
            return False
        asked = details.get("languages") or ()
        return not (self.languages and asked and not set(self.languages) & set(asked))


def is_open(details: dict[str, Any], withdrawn: bool, day: dt.date) -> bool:
    """One can apply on `day`: not withdrawn, the window begun and the deadline not past."""
    if withdrawn:
        return False
    opens_on, deadline = details.get("opens_on"), details.get("deadline")
    return (opens_on is None or opens_on <= day) and (deadline is None or day <= deadline)


# -- the aggregate -----------------------------------------------------------------------

class Opportunity(Aggregate):
    stream_type: ClassVar[str] = "opportunity"

    def __init__(self, id: str):
        super().__init__(id)
        self.details: dict[str, Any] = {}
        self.withdrawn = False
        self.withdraw_reason: str | None = None

    @classmethod
    def publish(cls, id: str, **details: Any) -> "Opportunity":
        opportunity = cls(id)
        clean = _clean({**{name: None for name in FIELDS}, **details})
        _check(clean)
        opportunity.record(OpportunityPublished(**clean))
        return opportunity

    def correct(self, changes: dict[str, Any]) -> None:
        self._refuse_if_withdrawn()
        clean = _clean(changes)
        _check({**self.details, **clean})
        diff = {k: v for k, v in clean.items() if self.details.get(k) != v}
        if not diff:
            raise DomainError(N_("Nothing changed."))
        self.record(OpportunityCorrected(changed=tuple(k for k in FIELDS if k in diff), **diff))

    def withdraw(self, reason: str) -> None:
        self._refuse_if_withdrawn()
        reason = " ".join((reason or "").split())
        if not reason:
            raise DomainError(N_("Say why the opportunity is withdrawn."), "reason")
        self.record(OpportunityWithdrawn(reason=reason[:TEXT_MAX]))

    def is_open(self, day: dt.date) -> bool:
        return is_open(self.details, self.withdrawn, day)

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, OpportunityPublished):
            self.details = {name: getattr(event, name) for name in FIELDS}
        elif isinstance(event, OpportunityCorrected):
            self.details.update(event.changes())
        elif isinstance(event, OpportunityWithdrawn):
            self.withdrawn, self.withdraw_reason = True, event.reason
        else:
            raise TypeError(type(event).__name__)

    def _refuse_if_withdrawn(self) -> None:
        if self.withdrawn:
            raise DomainError(N_("This opportunity has been withdrawn: it cannot be changed."))


# -- validation --------------------------------------------------------------------------

def _text(value: Any) -> Any:
    return (" ".join(value.split()) or None) if isinstance(value, str) else value


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in FIELDS:
            raise DomainError(N_("Unknown field."), name)
        if name == "languages":
            out[name] = tuple(dict.fromkeys(str(v).strip().lower() for v in value or ()
                                            if str(v).strip()))
        elif name == "country":
            out[name] = (_text(value) or "").upper() or None
        elif name == "description":
            out[name] = (value or "").strip() or None
        else:
            out[name] = _text(value)
    return out


def _check(a: dict[str, Any]) -> None:
    if not a.get("title"):
        raise DomainError(N_("A title is required."), "title")
    for name in ("title", "partner"):
        if a.get(name) and len(a[name]) > TEXT_MAX:
            raise DomainError(N_("Must be 200 characters or fewer."), name)
    if a.get("scheme") not in SCHEMES:
        raise DomainError(N_("Choose a scheme: study, work, volunteering, training or "
                             "exchange."), "scheme")
    if a.get("country") not in EUROPE:
        raise DomainError(N_("Choose a destination country in Europe."), "country")
    for name in ("min_age", "max_age"):
        age = a.get(name)
        if age is not None and not AGE_MIN <= age <= AGE_MAX:
            raise DomainError(N_("An age between 14 and 99."), name)
    if a.get("min_age") is not None and a.get("max_age") is not None \
            and a["min_age"] > a["max_age"]:
        raise DomainError(N_("The maximum age cannot be below the minimum age."), "max_age")
    if a.get("education_level") is not None and a["education_level"] not in EDUCATION_LEVELS:
        raise DomainError(N_("Choose an education level from the list."), "education_level")
    unknown = [code for code in a.get("languages") or () if code not in LANGUAGES]
    if unknown:
        raise DomainError(N_("Languages are ISO 639-1 codes, e.g. fr, en, de."), "languages")
    if len(a.get("languages") or ()) > 10:
        raise DomainError(N_("At most 10 languages."), "languages")
    if a.get("opens_on") and a.get("deadline") and a["deadline"] < a["opens_on"]:
        raise DomainError(N_("The deadline cannot be before the opening date."), "deadline")
    link = a.get("link")
    if link and (len(link) > LINK_MAX or not link.startswith(("https://", "http://"))):
        raise DomainError(N_("A web address starting with https://."), "link")
    if a.get("description") and len(a["description"]) > LONG_MAX:
        raise DomainError(N_("Must be 4000 characters or fewer."), "description")
