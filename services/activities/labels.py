"""What the pages call things: kinds, offices, statuses, attendance, and the history lines."""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext as _l

KIND = {"information_day": _l("Information day"), "workshop": _l("Workshop"),
        "training": _l("Training"), "climate_animation": _l("Climate-change animation"),
        "project_structuring_workshop": _l("Project-structuring workshop"),
        "webinar": _l("Webinar"), "forum": _l("Forum"), "meeting": _l("Meeting")}
OFFICE = {"marseille": "Marseille", "agadir": "Agadir", "taliouine": "Taliouine",
          "tiznit": "Tiznit"}
STATUS = {"planned": _l("Planned"), "open": _l("Open for registration"), "held": _l("Held"),
          "closed": _l("Closed"), "cancelled": _l("Cancelled")}
REGISTRATION = {"registered": _l("Registered"), "waitlisted": _l("Waitlisted"),
                "cancelled": _l("Cancelled")}
ATTENDANCE = {"present": _l("Present"), "absent": _l("Absent"), "excused": _l("Excused"),
              "late": _l("Late")}
HALF_DAY = {"morning": _l("Morning"), "afternoon": _l("Afternoon")}
FIELDS = {"title": _l("Title"), "kind": _l("Kind"), "programme": _l("Programme"),
          "objectives": _l("Objectives"), "office": _l("Organising office"),
          "venue": _l("Venue"), "online_link": _l("Online link"),
          "partners": _l("Partner organisations"), "facilitators": _l("Facilitators"),
          "capacity": _l("Capacity"), "funder": _l("Funder")}


def choices(table: dict) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in table.items()]


def show(table: dict, code) -> str:
    return str(table.get(code, code or "—"))


def hours(value: float) -> str:
    """3.5 -> '3 h 30'."""
    whole, minutes = int(value), round((value - int(value)) * 60)
    return f"{whole} h {minutes:02d}" if minutes else f"{whole} h"


def event_line(event_type: str, data: dict, people: dict) -> str:
    """One history line for a stored event of an activity."""
    def name(key: str) -> str:
        return (people.get(data.get(key)) or {}).get("name") or gettext("(unknown person)")

    kind = event_type.split(".", 1)[1]
    if kind == "planned":
        return gettext("Planned")
    if kind == "corrected":
        return gettext("Corrected: %(fields)s", fields=", ".join(
            str(FIELDS.get(f, f)) for f in data.get("changed", ())))
    if kind == "cancelled":
        return gettext("Cancelled (%(reason)s)", reason=data.get("reason"))
    if kind in ("registration_opened", "held", "closed"):
        return {"registration_opened": gettext("Opened for registration"),
                "held": gettext("Marked as held"), "closed": gettext("Closed")}[kind]
    if kind == "session_scheduled":
        return gettext("Session scheduled on %(date)s, %(start)s–%(end)s", date=data.get("date"),
                       start=data.get("start"), end=data.get("end"))
    if kind == "person_registered":
        if data.get("walk_in"):
            return gettext("%(name)s came without registering (walk-in)", name=name("person_id"))
        return (gettext("%(name)s waitlisted", name=name("person_id")) if data.get("waitlisted")
                else gettext("%(name)s registered", name=name("person_id")))
    if kind == "registration_cancelled":
        return gettext("A registration was cancelled (%(reason)s)", reason=data.get("reason"))
    if kind == "promoted_from_waitlist":
        return gettext("A waitlisted person took a place that freed")
    if kind == "attendance_recorded":
        marks = ", ".join(f"{(people.get(m['person_id']) or {}).get('name', '?')} "
                          f"({show(HALF_DAY, m['half_day'])}: {show(ATTENDANCE, m['status'])})"
                          for m in data.get("marks") or ())
        if data.get("source") == "self_sign_in":  # services/activities/self_sign_in
            return gettext("Signed in on their phone: %(marks)s", marks=marks)
        return gettext("Attendance recorded: %(marks)s", marks=marks)
    if kind == "registration_transferred":
        return gettext("Registration moved from %(old)s to %(new)s (records merged)",
                       old=name("from_person_id"), new=name("to_person_id"))
    if kind == "registration_given_back":
        return gettext("Registration given back from %(old)s to %(new)s (merge undone)",
                       old=name("from_person_id"), new=name("to_person_id"))
    if kind == "registration_reinstated":
        return (gettext("A registration cancelled by a merge is valid again, on the waitlist")
                if data.get("waitlisted") else
                gettext("A registration cancelled by a merge is valid again"))
    return event_type
