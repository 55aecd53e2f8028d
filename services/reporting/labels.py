"""What reporting's pages call things: measures, disaggregations, kinds, offices."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

MEASURE = {
    "distinct_people_reached": _l("Distinct people reached"),
    "participants_present": _l("Participants present (per session)"),
    "activities_held": _l("Activities held"),
    "training_hours_delivered": _l("Training hours delivered"),
    "volunteers_in_mission": _l("Volunteers in mission"),
    "volunteer_months": _l("Volunteer-months"),
    "missions_completed": _l("Missions completed"),
    "projects_accompanied": _l("Projects accompanied"),
    "organisations_accompanied": _l("Organisations accompanied"),
    "share_of_women": _l("Share of women (%)"),
}
DISAGGREGATION = {"sex": _l("Sex"), "age_band": _l("Age band"), "territory": _l("Territory"),
                  "office": _l("Office")}
SEX = {"female": _l("Women"), "male": _l("Men"), "other": _l("Other"),
       "unknown": _l("Not stated")}
KIND = {"information_day": _l("Information day"), "workshop": _l("Workshop"),
        "training": _l("Training"), "climate_animation": _l("Climate-change animation"),
        "project_structuring_workshop": _l("Project-structuring workshop"),
        "webinar": _l("Webinar"), "forum": _l("Forum"), "meeting": _l("Meeting")}
OFFICE = {"marseille": "Marseille", "agadir": "Agadir", "taliouine": "Taliouine",
          "tiznit": "Tiznit"}


def choices(table: dict) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in table.items()]


def show(table: dict, code) -> str:
    return str(table.get(code, code if code not in (None, "") else "—"))


def value_label(dimension: str, value) -> str:
    """A disaggregation's value as shown: a sex, an office, a band or a territory."""
    if value in (None, "", "unknown"):
        return str(SEX["unknown"])
    if dimension == "sex":
        return show(SEX, value)
    if dimension == "office":
        return show(OFFICE, value)
    return str(value)
