"""What the interface calls purposes, methods and states (translated at display time)."""
from __future__ import annotations

import datetime as dt

from flask_babel import format_date, gettext, lazy_gettext as _l

from shared.web.errors import N_

from .domain import METHODS, PURPOSES

PURPOSE = {"newsletter": _l("Newsletter"), "event_invitations": _l("Event invitations"),
           "photos": _l("Photos and image rights"), "data_processing": _l("Data processing")}
METHOD = {"paper_form": _l("Paper form"), "online": _l("Online"), "oral": _l("Oral"),
          "email": _l("Email")}
assert set(PURPOSE) == set(PURPOSES) and set(METHOD) == set(METHODS)


def purpose_choices():
    return [(k, str(v)) for k, v in PURPOSE.items()]


def method_choices():
    return [(k, str(v)) for k, v in METHOD.items()]


def purpose(code: str | None) -> str:
    return str(PURPOSE.get(code, code or ""))


def method(code: str | None) -> str:
    return str(METHOD.get(code, code or ""))


# the person's history (stakeholders/queries.py): summary by event type, then one line
CONSENT_SUMMARIES = {
    "person.consent_given": N_("Consent recorded by %(actor)s on %(date)s at %(time)s"),
    "person.consent_withdrawn": N_("Withdrawal recorded by %(actor)s on %(date)s at %(time)s"),
}


def consent_line(data: dict) -> str:
    given = "given_at" in data
    when = format_date(dt.date.fromisoformat(data["given_at" if given else "withdrawn_at"]),
                       "short")
    message = (gettext("%(purpose)s: given on %(date)s (%(method)s)", purpose=purpose(data["purpose"]),
                       date=when, method=method(data["method"])) if given else
               gettext("%(purpose)s: withdrawn on %(date)s (%(method)s)",
                       purpose=purpose(data["purpose"]), date=when, method=method(data["method"])))
    return message
