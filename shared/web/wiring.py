"""What the composition root put in `app.extensions["argan"]`, for blueprints to use."""
from flask import current_app


def engine():
    """The service database's engine."""
    return current_app.extensions["argan"]["engine"]


def store():
    """The service's event store."""
    return current_app.extensions["argan"]["store"]
