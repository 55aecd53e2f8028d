"""`argan broker-accounts` creates each service's account through RabbitMQ's management API
(as docker compose runs it): here against a recording server speaking that API, since the
shared broker of this machine has no management plugin to spare."""
import json
import subprocess
import sys
import threading
from pathlib import Path

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from shared.messaging.permissions import service_permissions
from shared.messaging.topology import Topology
from shared.settings import SERVICES

ARGAN = str(Path(sys.executable).with_name("argan"))


def test_every_service_gets_its_account_and_permissions_through_the_management_api():
    seen = []

    @Request.application
    def management(request):
        seen.append((request.method, request.environ["RAW_URI"], request.authorization.username,
                     json.loads(request.data)))
        return Response(status=201 if request.path.startswith("/api/users") else 204)

    server = make_server("127.0.0.1", 0, management)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {"PATH": "/usr/bin:/bin", "RABBITMQ_ADMIN_USER": "admin",
           "RABBITMQ_ADMIN_PASSWORD": "admin-pw", "ARGAN_EXCHANGE": "argan.events",
           **{f"{s.upper()}_BROKER_PASSWORD": f"{s}-pw" for s in SERVICES}}
    try:
        done = subprocess.run([ARGAN, "broker-accounts", "--management-url",
                               f"http://127.0.0.1:{server.server_port}"], env=env,
                              capture_output=True, text=True, timeout=60)
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr
    topology = Topology(exchange="argan.events")
    for service in SERVICES:
        rights = service_permissions(topology, service)
        assert ("PUT", f"/api/users/{service}", "admin",
                {"password": f"{service}-pw", "tags": ""}) in seen
        assert ("PUT", f"/api/permissions/%2F/{service}", "admin",
                {"configure": rights.configure, "write": rights.write,
                 "read": rights.read}) in seen
        assert ("PUT", f"/api/topic-permissions/%2F/{service}", "admin",
                {"exchange": "argan.events", "write": f"^{service}\\.",
                 "read": ".*"}) in seen
    assert len(seen) == 3 * len(SERVICES)


def test_a_missing_password_is_said_plainly():
    done = subprocess.run([ARGAN, "broker-accounts"], env={"PATH": "/usr/bin:/bin",
                                                            "RABBITMQ_ADMIN_USER": "admin"},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "RABBITMQ_ADMIN_PASSWORD must be set" in done.stderr
