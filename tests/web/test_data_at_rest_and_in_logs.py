"""Personal data at rest and in logs (issue 8.8): access-log lines carry no query values,
in the embedded server and under gunicorn; var/ is 0700, its SQLite files and secrets 0600."""
from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import stat
import threading
import urllib.request
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from werkzeug.serving import make_server

from services import embedded
from services.gunicorn_app import OPTIONS, AccessLogger
from shared.db import make_engine
from shared.logs import JsonFormatter
from shared.web.access_log import without_query_values

ASKED = "/stakeholders/api/v1/people?q=Amina%20El%20Idrissi&email=amina%40example.org&page=2"


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_query_values_are_dropped_names_kept():
    assert without_query_values(ASKED) == "/stakeholders/api/v1/people?q=&email=&page="
    assert without_query_values("/stakeholders/") == "/stakeholders/"
    assert without_query_values("/x?%0AFAKE%20LINE=1") == "/x??="  # no forged log line
    assert without_query_values("https://argan.example/stakeholders/people?q=Amina") == \
        "https://argan.example/stakeholders/people?q="
    assert without_query_values(None) == "-"


def test_the_embedded_server_logs_the_path_without_values(caplog):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    server = make_server("127.0.0.1", 0, app, request_handler=embedded.RequestHandler)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        thread.start()
        urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}{ASKED}").read()
        thread.join(5)
    server.server_close()
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any('"GET /stakeholders/api/v1/people?q=&email=&page= HTTP/1.1" 200' in line
               for line in lines), lines
    assert not any("Amina" in line or "example.org" in line for line in lines)


def _access_line(monkeypatch, log_format: str) -> str:
    """One access line of the production logger, as `argan web` writes it."""
    monkeypatch.setenv("LOG_FORMAT", log_format)
    config = Config()
    for key, value in OPTIONS.items():
        config.set(key, value)
    assert config.logger_class is AccessLogger
    logger = AccessLogger(config)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    if log_format == "json":
        handler.setFormatter(JsonFormatter("stakeholders"))
    logger.access_log.handlers = [handler]
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": ASKED, "PATH_INFO": "/api/v1/people",
               "QUERY_STRING": ASKED.split("?", 1)[1], "SERVER_PROTOCOL": "HTTP/1.1",
               "REMOTE_ADDR": "10.0.0.9", "HTTP_USER_AGENT": "curl",
               "HTTP_REFERER": "https://argan.example/stakeholders/people?q=Amina",
               "HTTP_X_REQUEST_ID": "req-1"}
    response = SimpleNamespace(status="200 OK", status_code=200, sent=2, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(response, request, environ, dt.timedelta(milliseconds=5))
    return stream.getvalue()


def test_gunicorn_access_lines_carry_no_query_values(monkeypatch):
    entry = json.loads(_access_line(monkeypatch, "json"))
    assert entry["path"] == "/stakeholders/api/v1/people?q=&email=&page="
    assert (entry["method"], entry["status"], entry["correlation_id"]) == ("GET", 200, "req-1")
    line = json.dumps(entry)
    assert "Amina" not in line and "example.org" not in line and "10.0.0.9" not in line


def test_gunicorn_text_access_lines_carry_no_query_values_either(monkeypatch):
    line = _access_line(monkeypatch, "text")
    assert '"GET /stakeholders/api/v1/people?q=&email=&page= HTTP/1.1" 200' in line, line
    assert "Amina" not in line and "example.org" not in line
    assert "https://argan.example/stakeholders/people?q=" in line


def test_var_is_private_its_databases_and_secrets_too(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SERVICE_TOKEN", raising=False)
    previous = os.umask(0o022)  # the usual umask: files would be 0644 by default
    try:
        var = tmp_path / "var"
        settings = embedded.embedded_settings(str(var))
        for service in ("stakeholders", "reporting"):
            embedded.composition_root(service).migrate(settings[service])
        engine = make_engine(settings["stakeholders"].database_url)
        with engine.connect() as conn:  # open: its -wal and -shm files exist now
            conn.exec_driver_sql("SELECT count(*) FROM events").scalar()
            wal = [p for p in var.iterdir() if p.name.startswith("stakeholders.db-")]
            assert wal and all(mode(p) == 0o600 for p in wal), [(p.name, oct(mode(p))) for p in wal]
        engine.dispose()
    finally:
        os.umask(previous)
    assert mode(var) == 0o700
    files = sorted(p.name for p in var.iterdir())
    assert {"secret_key", "service_token", "stakeholders.db", "reporting.db"} <= set(files)
    for path in var.iterdir():
        assert mode(path) == 0o600, (path.name, oct(mode(path)))
    # a second start reads the same secrets and keeps the modes
    again = embedded.embedded_settings(str(var))
    assert again["stakeholders"].secret_key == settings["stakeholders"].secret_key
    assert mode(var / "secret_key") == 0o600


def test_a_secret_file_is_never_overwritten_nor_widened(tmp_path):
    path = tmp_path / "secret"
    assert embedded._private_file(path, "first")
    assert not embedded._private_file(path, "second")  # O_EXCL: the first stays
    assert path.read_text() == "first" and mode(path) == 0o600
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere")
    assert not embedded._private_file(link, "x")  # an attacker's symlink is not followed
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize("var_mode", [0o755, 0o777])
def test_an_existing_var_folder_is_narrowed(tmp_path, var_mode, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.setenv("SERVICE_TOKEN", "t")
    var = tmp_path / "var"
    var.mkdir()
    var.chmod(var_mode)
    embedded.embedded_settings(str(var))
    assert mode(var) == 0o700
