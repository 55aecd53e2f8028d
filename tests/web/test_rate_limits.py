"""The rate limits of public pages: a sliding window per group and client address, 429 with
Retry-After beyond it, the app's config lowering a group's limit."""
from flask import Flask
from flask_babel import Babel

from shared.web.limits import RateLimits, rate_limited


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_the_window_slides_per_group_and_address():
    clock = Clock()
    limits = RateLimits(clock)
    assert [limits.hit(("page", "10.0.0.1"), 2, 60) for _ in range(2)] == [None, None]
    assert limits.hit(("page", "10.0.0.1"), 2, 60) == 60  # wait for the oldest to leave
    assert limits.hit(("page", "10.0.0.2"), 2, 60) is None  # another phone
    assert limits.hit(("form", "10.0.0.1"), 2, 60) is None  # another group
    clock.now += 30
    assert limits.hit(("page", "10.0.0.1"), 2, 60) == 30
    clock.now += 30.5
    assert limits.hit(("page", "10.0.0.1"), 2, 60) is None


def test_a_limited_view_answers_429_with_retry_after():
    app = Flask(__name__)
    Babel(app)

    @app.get("/p")
    @rate_limited("p", 3, 60)
    def page():
        return "ok"

    client = app.test_client()
    assert [client.get("/p").status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = client.get("/p", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 59
    assert client.get("/p", environ_base={"REMOTE_ADDR": "10.1.1.1"}).status_code == 200
    app.config["ARGAN_RATE_LIMITS"] = {"p": (0, 60)}  # the app may lower it
    assert client.get("/p", environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 429
