"""The self sign-in's JSON API: open a half-day's link (its address, to show as a QR code),
and who signed when."""
from __future__ import annotations

from flask_smorest import Blueprint

from shared.access.roles import ACTIVITIES_READ, ACTIVITIES_WRITE
from shared.web.access import requires
from shared.web.commands import api_command
from shared.web.errors import ErrorSchema
from shared.web.wiring import engine as _engine, store as _store

from ..participants import web
from . import handlers, pages, queries, schemas

blp = Blueprint("self_sign_in_api", __name__, url_prefix="/api/v1",
                description="Self sign-in: a link per half-day, signed on the phone.")
SESSION = "/activities/<activity_id>/sessions/<session_id>/self-sign-in"


def _open(uow, activity_id, session_id, **command):
    opened = handlers.open_self_sign_in(uow, activity_id, session_id, now=web.now(), **command)
    return {**opened, "url": pages.public_url(opened["sheet"])}


@blp.route(SESSION)
@requires(ACTIVITIES_READ)
@blp.response(200, schemas.SelfSignInState)
@blp.alt_response(404, schema=ErrorSchema)
def self_sign_in_state(activity_id, session_id):
    """Each half-day of the session: its link's state and window, and who signed when."""
    return queries.staff_view(_engine(), _store(), activity_id, session_id, web.now())


api_command(blp, SESSION, schemas.OpenSelfSignIn, _open, ACTIVITIES_WRITE, status=201,
            response=schemas.SelfSignInOpened, endpoint="open_self_sign_in",
            doc=handlers.open_self_sign_in.__doc__)
