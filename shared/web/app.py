"""The app factory every service builds on: session, sign-in guard, CSRF, i18n, errors, API."""
from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

import flask_smorest
from flask import (Blueprint, Flask, current_app, g, jsonify, redirect, render_template,
                   request, session)
from flask.sessions import SecureCookieSessionInterface
from flask_babel import Babel, format_date, format_datetime, format_decimal, format_time
from flask_babel import get_locale, gettext
from flask_wtf.csrf import CSRFProtect, generate_csrf
from jinja2 import ChoiceLoader, FileSystemLoader

from shared import logs
from shared.access.roles import API_DOCS, STAFF_MANAGE
from shared.settings import Settings

from . import limits
from .access import (for_participants, is_public, open_during_password_change, permission_of,
                     public, require_endpoint)
from .password_first import password_change_first
from .auth import bearer_token, current_staff, session_account_id
from .headers import install_security_headers, trust_proxy
from .errors import ErrorSchema, error_response, register_error_handlers, wants_json
from .permissions import install as install_permissions

HERE = Path(__file__).parent
LOCALES = ("fr", "en")
# The pages participants use without an account (shared.web.access.participant_facing) are
# in Arabic too, remembered apart from the staff's choice.
PARTICIPANT_LOCALES = ("fr", "ar", "en")
DEFAULT_LOCALE = "fr"
SIGN_IN_PATH = "/stakeholders/sign-in"
NAV = (("stakeholders", "/stakeholders/"), ("activities", "/activities/"),
       ("missions", "/missions/"), ("reporting", "/reporting/"))
STAFF_PATH = "/stakeholders/staff/"  # staff administration (only for STAFF_MANAGE)
ME_PATH = "/stakeholders/me/"        # one's own account, for everyone signed in
PRIVACY_PATH = "/stakeholders/privacy/"  # the privacy desk (only for PRIVACY_MANAGE)
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class ArganApi(flask_smorest.Api):
    """flask-smorest, with errors in the shape the shared handlers answer."""
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        pass  # shared.web.errors handles HTTPException for the whole app


class SessionInterface(SecureCookieSessionInterface):
    """The shared signed cookie; Secure whenever the request came over https."""

    def get_cookie_secure(self, app):
        return request.is_secure if request else False


# English as written in Marseille and Agadir: dates day first (en_GB), not the US order.
BABEL_LOCALES = {"fr": "fr", "en": "en_GB", "ar": "ar"}


def _participant_page() -> bool:
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return view is not None and for_participants(view)


def select_locale() -> str:
    lang = request.args.get("lang")
    if _participant_page():
        if lang not in PARTICIPANT_LOCALES:
            lang = session.get("participant_lang")
        return BABEL_LOCALES[lang if lang in PARTICIPANT_LOCALES else DEFAULT_LOCALE]
    if lang not in LOCALES:
        lang = session.get("lang") if session.get("lang") in LOCALES else DEFAULT_LOCALE
    return BABEL_LOCALES[lang]


def make_app(settings: Settings, import_name: str, *, title: str) -> tuple[Flask, flask_smorest.Api]:
    app = Flask(import_name)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        TESTING=settings.testing,
        SESSION_COOKIE_NAME="argan_session",
        SESSION_COOKIE_PATH="/",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # idle timeout: the cookie's signed timestamp, renewed by every answer
        PERMANENT_SESSION_LIFETIME=dt.timedelta(minutes=settings.session_idle_minutes),
        ARGAN_SESSION_LIFETIME=dt.timedelta(hours=settings.session_hours),  # absolute
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,  # valid as long as the session
        BABEL_DEFAULT_LOCALE=DEFAULT_LOCALE,
        BABEL_DEFAULT_TIMEZONE="Europe/Paris",
        BABEL_TRANSLATION_DIRECTORIES=";".join(_translation_dirs(app)),
        API_TITLE=title,
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
    )
    app.session_interface = SessionInterface()
    app.json.sort_keys = False
    trust_proxy(app, settings.proxy_hops)

    # templates: the service's own first, then the shared layout and macros
    app.jinja_loader = ChoiceLoader([FileSystemLoader(str(Path(app.root_path) / "templates")),
                                     FileSystemLoader(str(HERE / "templates"))])
    app.register_blueprint(Blueprint("argan_shared", __name__, static_folder="static",
                                     static_url_path="/static-shared"))

    Babel(app, locale_selector=select_locale)
    app.jinja_env.filters.update(date=_date, datetime=_datetime, time=format_time,
                                 number=format_decimal, country=_country)
    app.jinja_env.globals.update(csrf_token=generate_csrf, current_staff=current_staff,
                                 lang_url=_lang_url, get_locale=get_locale, NAV=NAV,
                                 service=settings.service, nav_label=_nav_label,
                                 STAFF_MANAGE=STAFF_MANAGE, STAFF_PATH=STAFF_PATH,
                                 ME_PATH=ME_PATH, PRIVACY_PATH=PRIVACY_PATH)

    install_permissions(app)  # can(PERMISSION) in templates

    csrf = CSRFProtect(app)
    register_error_handlers(app)

    @app.before_request
    def _request_id():
        g.request_id = request.headers.get("X-Request-Id") or str(uuid.uuid4())
        logs.correlation_id.set(g.request_id)  # every log line of the request carries it
        # g lives as long as the app context, which a request reuses when one is active:
        # the caller must be identified afresh for every request.
        g.pop("staff", None)
        if _participant_page():
            if request.args.get("lang") in PARTICIPANT_LOCALES:
                session["participant_lang"] = request.args["lang"]
        elif request.args.get("lang") in LOCALES:
            session["lang"] = request.args["lang"]

    @app.before_request
    def _guard():
        view = app.view_functions.get(request.endpoint) if request.endpoint else None
        if view is None or is_public(view) or _is_static(request.endpoint):
            return None  # unknown paths fall through to 404
        return check_access(view)

    # after the guard: an anonymous caller learns nothing of what the checks say
    limits.install(app)

    @app.before_request
    def _csrf():
        if request.method not in UNSAFE_METHODS:
            return
        # A bearer token is no cookie a browser sends by itself: no CSRF to fear. Only a
        # token that identified someone counts: a made-up header skips nothing.
        staff = current_staff()
        if not (staff and staff.via == "token"):
            csrf.protect()

    install_security_headers(app)

    @app.get("/healthz")
    @public
    def healthz():
        return jsonify(status="ok", service=settings.service)

    api = ArganApi(app)
    require_endpoint(app, "api-docs.openapi_json", API_DOCS)
    return app, api


def check_access(view):
    """None if the caller may use `view`; else the refusal: 401 (or the sign-in page) for
    nobody known, 403 for a staff member whose roles do not grant the view's permission.
    A view with no permission declared is refused to everyone (fail closed)."""
    staff = current_staff()
    if staff is None:
        if wants_json() or bearer_token() is not None:
            return error_response(401, gettext("Please sign in."))
        if session_account_id():
            return _not_known_here_yet()
        target = request.script_root + request.full_path.rstrip("?")
        return redirect(f"{SIGN_IN_PATH}?next={quote(target, safe='/')}")
    if staff.must_change_password and not open_during_password_change(view):
        return password_change_first()
    permission = permission_of(view, request.method)
    if permission is None:
        current_app.logger.error("view %s declares no permission: refused", request.endpoint)
    if permission is None or not staff.may(permission):
        return error_response(403, gettext("You are not allowed to do this."))
    return None


def _not_known_here_yet():
    """Signed in, but this service has not received the account yet (its events are on their
    way, or its worker is down). Redirecting to the sign-in page would bounce straight back
    here: say so, and reload shortly."""
    page = render_template("not_known_yet.html")
    return page, 503, {"Retry-After": "2", "Cache-Control": "no-store"}


def _is_static(endpoint: str) -> bool:
    return endpoint == "static" or endpoint.endswith(".static")


def _translation_dirs(app: Flask) -> list[str]:
    dirs = [str(HERE / "translations")]
    own = Path(app.root_path) / "translations"
    if own.is_dir():
        dirs.insert(0, str(own))
    return dirs


def _lang_url(code: str) -> str:
    args = request.args.to_dict()
    args["lang"] = code
    return f"{request.script_root}{request.path}?{urlencode(args)}"


def _nav_label(service: str) -> str:
    return {"stakeholders": gettext("Stakeholders"), "activities": gettext("Activities"),
            "missions": gettext("Missions"), "reporting": gettext("Reports")}[service]


def _country(code: str | None) -> str:
    """An ISO 3166 code as the country's name in the interface language ('MA' -> 'Maroc')."""
    if not code:
        return ""
    return get_locale().territories.get(code.upper(), code)


def _date(value, format: str = "short") -> str:
    return format_date(value, format) if value else ""


def _datetime(value, format: str = "short") -> str:
    if not value:
        return ""
    if format == "long":
        return gettext("%(date)s at %(time)s", date=format_date(value, "short"),
                       time=format_time(value, "short"))
    return format_datetime(value, format)
