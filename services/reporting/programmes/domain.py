"""Programmes and their logframe: the Programme aggregate, its events and its rules.
Pure Python, no I/O. The stream id is the programme's code (unique by construction)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from shared.eventstore import Aggregate, DomainError, DomainEvent, EventRegistry
from shared.privacy import erasure


def N_(message: str) -> str:
    return message


OFFICES = ("marseille", "agadir", "taliouine", "tiznit")
ACTIVITY_KINDS = ("information_day", "workshop", "training", "climate_animation",
                  "project_structuring_workshop", "webinar", "forum", "meeting")
# What an indicator can count: each one is computed by reporting.measures from the facts.
MEASURES = ("distinct_people_reached", "participants_present", "activities_held",
            "training_hours_delivered", "volunteers_in_mission", "volunteer_months",
            "missions_completed", "projects_accompanied", "organisations_accompanied",
            "share_of_women")
DISAGGREGATIONS = ("sex", "age_band", "territory", "office")
FILTERS = ("kind", "office", "territory", "role")
QUARTERS = (1, 2, 3, 4)
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|S[12]))?$")


def period_range(period: str) -> tuple[dt.date, dt.date]:
    """'2026' -> the year; '2026-Q2' -> April to June; '2026-S2' -> July to December."""
    match = PERIOD.match(period or "")
    if not match:
        raise DomainError(N_("A period is a year (2026), a quarter (2026-Q2) or a half-year "
                             "(2026-S1)."), "period")
    year, part = int(match.group(1)), match.group(2)
    if not part:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    months = 3 if part[0] == "Q" else 6
    first = (int(part[1]) - 1) * months + 1
    last = first + months - 1
    end = dt.date(year + (last == 12), last % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, first, 1), end


# -- events ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProgrammeDefined(DomainEvent):
    type: ClassVar[str] = "programme.defined"
    code: str = ""
    name: str = ""
    funder_id: str | None = None        # an organisation of stakeholders
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    offices: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorDefined(DomainEvent):
    """`filters`: {kind, office, territory, role}; `targets`: [{period, value}]."""
    type: ClassVar[str] = "programme.indicator_defined"
    code: str = ""
    name: str = ""
    measure: str = ""
    filters: dict | None = None
    baseline: float | None = None
    targets: tuple[dict, ...] = ()
    disaggregations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActivitiesPlanned(DomainEvent):
    """A line of the action plan: `number` activities of `kind` at `office` in a quarter."""
    type: ClassVar[str] = "programme.activities_planned"
    line_id: str = ""
    year: int = 0
    quarter: int = 1
    kind: str = ""
    office: str = ""
    number: int = 0


@dataclass(frozen=True)
class ReportSubmitted(DomainEvent):
    """The funder report as it was sent: frozen, so later corrections show as differences."""
    type: ClassVar[str] = "programme.report_submitted"
    report_id: str = ""
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    as_of: dt.datetime | None = None
    snapshot: dict | None = None


EVENTS = (ProgrammeDefined, IndicatorDefined, ActivitiesPlanned, ReportSubmitted)
# Reporting's store also records its confirmations of erasures (shared.privacy.erasure).
registry = EventRegistry(*EVENTS, *erasure.registry.classes())


# -- the aggregate -----------------------------------------------------------------------

class Programme(Aggregate):
    stream_type: ClassVar[str] = "programme"

    def __init__(self, id: str):
        super().__init__(id)
        self.details: dict[str, Any] = {}
        self.indicators: dict[str, dict] = {}
        self.plan: dict[str, dict] = {}
        self.reports: dict[str, dict] = {}

    @classmethod
    def define(cls, code: str, name: str, starts_on: dt.date, ends_on: dt.date,
               funder_id: str | None = None, offices=()) -> "Programme":
        code, name = (code or "").strip(), " ".join((name or "").split())
        if not CODE.match(code):
            raise DomainError(N_("A code is 1 to 40 letters, digits, dots, dashes or "
                                 "underscores."), "code")
        if not name:
            raise DomainError(N_("A name is required."), "name")
        if ends_on < starts_on:
            raise DomainError(N_("The programme must end after it starts."), "ends_on")
        offices = tuple(dict.fromkeys(offices or ()))
        if any(o not in OFFICES for o in offices):
            raise DomainError(N_("Choose offices from the list."), "offices")
        programme = cls(code)
        programme.record(ProgrammeDefined(code=code, name=name, funder_id=funder_id or None,
                                          starts_on=starts_on, ends_on=ends_on, offices=offices))
        return programme

    def define_indicator(self, code: str, name: str, measure: str, baseline=None,
                         targets=(), disaggregations=(), filters=None) -> None:
        code, name = (code or "").strip(), " ".join((name or "").split())
        if not CODE.match(code):
            raise DomainError(N_("A code is 1 to 40 letters, digits, dots, dashes or "
                                 "underscores."), "code")
        if code in self.indicators:
            raise DomainError(N_("This programme already has an indicator with this code."),
                              "code")
        if not name:
            raise DomainError(N_("A name is required."), "name")
        if measure not in MEASURES:
            raise DomainError(N_("Choose a measure from the list."), "measure")
        if any(d not in DISAGGREGATIONS for d in disaggregations):
            raise DomainError(N_("Choose disaggregations from the list."), "disaggregations")
        filters = {k: v for k, v in (filters or {}).items() if v}
        if any(k not in FILTERS for k in filters):
            raise DomainError(N_("Unknown filter."), "filters")
        clean_targets = []
        for target in targets:
            period_range(target["period"])
            if target["value"] is None or target["value"] < 0:
                raise DomainError(N_("A target is a number, 0 or more."), "targets")
            clean_targets.append({"period": target["period"], "value": float(target["value"])})
        if len({t["period"] for t in clean_targets}) != len(clean_targets):
            raise DomainError(N_("One target per period."), "targets")
        self.record(IndicatorDefined(
            code=code, name=name, measure=measure, filters=filters,
            baseline=None if baseline is None else float(baseline),
            targets=tuple(clean_targets), disaggregations=tuple(dict.fromkeys(disaggregations))))

    def plan_activities(self, line_id: str, year: int, quarter: int, kind: str, office: str,
                        number: int) -> None:
        if quarter not in QUARTERS:
            raise DomainError(N_("A quarter is 1, 2, 3 or 4."), "quarter")
        if kind not in ACTIVITY_KINDS:
            raise DomainError(N_("Choose a kind of activity from the list."), "kind")
        if office not in OFFICES:
            raise DomainError(N_("Choose the organising office."), "office")
        if number < 1:
            raise DomainError(N_("Plan at least one activity."), "number")
        start, end = self.details["starts_on"], self.details["ends_on"]
        if not start.year <= year <= end.year:
            raise DomainError(N_("The year must fall within the programme."), "year")
        self.record(ActivitiesPlanned(line_id=line_id, year=year, quarter=quarter, kind=kind,
                                      office=office, number=number))

    def submit_report(self, report_id: str, period_from: dt.date, period_to: dt.date,
                      as_of: dt.datetime, snapshot: dict) -> None:
        if period_to < period_from:
            raise DomainError(N_("The period must end after it starts."), "to")
        self.record(ReportSubmitted(report_id=report_id, period_from=period_from,
                                    period_to=period_to, as_of=as_of, snapshot=snapshot))


    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, ProgrammeDefined):
            self.details = {"code": event.code, "name": event.name,
                            "funder_id": event.funder_id, "starts_on": event.starts_on,
                            "ends_on": event.ends_on, "offices": list(event.offices)}
        elif isinstance(event, IndicatorDefined):
            self.indicators[event.code] = {
                "code": event.code, "name": event.name, "measure": event.measure,
                "filters": dict(event.filters or {}), "baseline": event.baseline,
                "targets": [dict(t) for t in event.targets],
                "disaggregations": list(event.disaggregations)}
        elif isinstance(event, ActivitiesPlanned):
            self.plan[event.line_id] = {"id": event.line_id, "year": event.year,
                                        "quarter": event.quarter, "kind": event.kind,
                                        "office": event.office, "number": event.number}
        elif isinstance(event, ReportSubmitted):
            self.reports[event.report_id] = {"id": event.report_id}
        else:
            raise TypeError(type(event).__name__)


def target_for(targets: list[dict], start: dt.date, end: dt.date) -> float | None:
    """The target of the period a report covers: the same period, else the shortest period
    of a target that contains it (None: the logframe sets none)."""
    fitting = []
    for target in targets:
        first, last = period_range(target["period"])
        if first <= start and end <= last:
            fitting.append((last - first, target["value"]))
    return min(fitting)[1] if fitting else None
