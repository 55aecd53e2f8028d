"""Activities and missions are not built yet: each serves a page saying so, behind sign-in."""
from __future__ import annotations

from flask import Blueprint, Flask, render_template

from shared.settings import Settings
from shared.web.app import make_app

TITLES = {"activities": "Argan — activities", "missions": "Argan — missions"}


def create_app(settings: Settings) -> Flask:
    app, _openapi = make_app(settings, __name__, title=TITLES[settings.service])
    bp = Blueprint(settings.service, __name__)

    @bp.get("/")
    def index():
        return render_template("placeholder.html")

    app.register_blueprint(bp)
    return app


def migrate(settings: Settings) -> None:
    """Nothing to migrate yet."""
