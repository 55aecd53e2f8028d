"""The directory client against real local HTTP servers: whatever stakeholders answers, or
fails to answer in time, becomes a field error or a DirectoryError (a 422 for the page or
the API), never an exception that would be a 500; the caller's credentials are passed on."""
import json
import socket
import threading

import pytest
from marshmallow import ValidationError
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from services.activities.directory import Directory, DirectoryError

seen = []


@Request.application
def stakeholders(request):
    seen.append((request.path, request.headers.get("X-CSRFToken"),
                 request.cookies.get("argan_session")))
    answers = {
        "/ok/stakeholders/api/v1/people": (201, {"id": "p-1", "version": 1}),
        "/invalid/stakeholders/api/v1/people": (422, {"code": "invalid", "message": "…",
                                                     "errors": {"phone": ["Numéro invalide."]}}),
        "/refused/stakeholders/api/v1/people": (403, {"code": "forbidden"}),
        "/broken/stakeholders/api/v1/people": (500, None),
        "/ok/stakeholders/api/v1/segments/s-1/members": (200, {
            "items": [{"id": "a"}, {"id": "b"}], "total": 2, "page": 1, "per_page": 500}),
        "/ok/stakeholders/api/v1/segments/gone/members": (404, {"code": "not_found"}),
    }
    status, body = answers.get(request.path, (404, None))
    return Response(json.dumps(body) if body is not None else "<html>oops</html>", status,
                    content_type="application/json" if body is not None else "text/html")


@pytest.fixture(scope="module")
def base():
    server = make_server("127.0.0.1", 0, stakeholders, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def credentials():
    return {"headers": {"X-CSRFToken": "csrf-1"}, "cookies": {"argan_session": "cookie-1"}}


def directory(url, **kw):
    return Directory(url, credentials, **kw)


def test_a_person_registered_gives_its_id_and_the_caller_is_passed_on(base):
    assert directory(base + "/ok").register_person({"given_name": "A", "email": None}) == "p-1"
    assert seen[-1] == ("/ok/stakeholders/api/v1/people", "csrf-1", "cookie-1")
    assert directory(base + "/ok").segment_members("s-1") == ["a", "b"]


def test_field_errors_refusals_failures_and_silence_are_clear_errors(base):
    with pytest.raises(ValidationError) as invalid:
        directory(base + "/invalid").register_person({"phone": "12"})
    assert invalid.value.messages == {"phone": ["Numéro invalide."]}
    with pytest.raises(DirectoryError) as refused:
        directory(base + "/refused").register_person({})
    assert "refused" in refused.value.message
    for url in (base + "/broken", "http://127.0.0.1:9"):
        with pytest.raises(DirectoryError) as failed:
            directory(url).register_person({})
        assert "could not be reached" in failed.value.message
    with pytest.raises(DirectoryError) as gone:
        directory(base + "/ok").segment_members("gone")
    assert gone.value.field == "segment_id"

    silent = socket.socket()  # listens, never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        with pytest.raises(DirectoryError):
            directory(f"http://127.0.0.1:{silent.getsockname()[1]}",
                      timeout=0.3).register_person({})
    finally:
        silent.close()
