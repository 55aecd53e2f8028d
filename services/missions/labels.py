"""What the pages call things: directions, schemes, statuses, and the history lines."""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext as _l

DIRECTION = {"MA_to_FR": _l("Morocco → France"), "FR_to_MA": _l("France → Morocco")}
SCHEME = {"civic_service": _l("Civic service (reciprocity)"), "volunteering": _l("Volunteering")}
OFFICE = {"marseille": "Marseille", "agadir": "Agadir", "taliouine": "Taliouine",
          "tiznit": "Tiznit"}
STATUS = {"draft": _l("Draft"), "proposed": _l("Proposed"), "agreed": _l("Agreed"),
          "under_way": _l("Under way"), "completed": _l("Completed"),
          "interrupted": _l("Interrupted"), "cancelled": _l("Cancelled")}
FOLLOW_UP = {"arrival": _l("Arrival meeting"), "monthly": _l("Monthly meeting"),
             "mid_term": _l("Mid-term meeting"), "final": _l("Final meeting"),
             "ad_hoc": _l("Ad hoc meeting")}
MEETING_STATE = {"done": _l("Held"), "overdue": _l("Overdue"),
                 "due_this_week": _l("Due this week"), "upcoming": _l("Upcoming")}
INCIDENT = {"health": _l("Health"), "accident": _l("Accident"), "conflict": _l("Conflict"),
            "housing": _l("Housing"), "administrative": _l("Administrative (visa, residence)"),
            "safety": _l("Safety"), "other": _l("Other")}
SEVERITY = {"low": _l("Low"), "medium": _l("Medium"), "serious": _l("Serious")}
TRAINING = {"civic_citizen": _l("Civic and citizen training"), "first_aid": _l("First aid")}
NEXT_STEP = {"studies": _l("Studies"), "employment": _l("Employment"),
             "training": _l("Vocational training"), "entrepreneurship": _l("Setting up a business"),
             "volunteering": _l("Another volunteering"), "job_seeking": _l("Looking for work"),
             "other": _l("Other")}
FIELDS = {"volunteer_id": _l("Volunteer"), "host_id": _l("Host structure"),
          "direction": _l("Direction"), "scheme": _l("Scheme"), "programme": _l("Programme"),
          "office": _l("Office"), "planned_start": _l("Planned start"),
          "planned_end": _l("Planned end"), "weekly_hours": _l("Weekly hours"),
          "referent": _l("Referent"), "tutor": _l("Tutor at the host"),
          "description": _l("Description")}


def choices(table: dict) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in table.items()]


def show(table: dict, code) -> str:
    return str(table.get(code, code or "—"))


def event_line(event_type: str, data: dict, people: dict) -> str:
    """One history line for a stored event of a mission (no case notes in it)."""
    def name(key: str) -> str:
        return (people.get(data.get(key)) or {}).get("name") or gettext("(unknown person)")

    kind = event_type.split(".", 1)[1]
    simple = {"drafted": gettext("Drafted"), "proposed": gettext("Proposed"),
              "agreed": gettext("Agreement signed"), "reviewed": gettext("End-of-mission review")}
    if kind in simple:
        return simple[kind]
    if kind == "corrected":
        return gettext("Corrected: %(fields)s", fields=", ".join(
            str(FIELDS.get(f, f)) for f in data.get("changed", ())))
    if kind == "started":
        return gettext("Started on %(date)s", date=data.get("started_on"))
    if kind == "completed":
        return gettext("Completed on %(date)s", date=data.get("completed_on"))
    if kind == "interrupted":
        return gettext("Interrupted on %(date)s (%(reason)s)", date=data.get("interrupted_on"),
                       reason=data.get("reason"))
    if kind == "cancelled":
        return gettext("Cancelled (%(reason)s)", reason=data.get("reason"))
    if kind == "extended":
        return gettext("Extended to %(date)s (%(reason)s)", date=data.get("planned_end"),
                       reason=data.get("reason"))
    if kind == "volunteer_transferred":
        return gettext("Mission moved from %(old)s to %(new)s (records merged)",
                       old=name("from_person_id"), new=name("to_person_id"))
    if kind == "follow_up_recorded":
        return gettext("%(meeting)s on %(date)s", meeting=show(FOLLOW_UP, data.get("kind")),
                       date=data.get("date"))
    if kind == "incident_reported":
        return gettext("Incident reported (%(severity)s)",
                       severity=show(SEVERITY, data.get("severity")))
    if kind == "incident_resolved":
        return gettext("Incident resolved on %(date)s", date=data.get("resolved_on"))
    if kind == "training_recorded":
        return gettext("Training: %(training)s", training=show(TRAINING, data.get("training")))
    return event_type
