"""The production shape without containers: for every service, `argan web` under gunicorn
(deploy/gunicorn.conf.py) and `argan worker`, each on its own PostgreSQL database of this
run, reaching the shared RabbitMQ through a TCP proxy of the test's own (to cut it without
touching the broker), behind Debian's nginx running the project's deploy/nginx config
rendered with this run's ports."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from sqlalchemy import text

from shared.db import make_engine
from shared.messaging.topology import Topology, open_connection
from shared.settings import SERVICES
from shared.testing.fixtures import RUN_ID
from shared.testing.processes import Process, free_port, stop_all, wait_for
from shared.testing.tcp_proxy import TcpProxy
from shared.testing.web import grant_token_in

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
ARGAN = str(Path(sys.executable).with_name("argan"))
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SECRET = "production-secret"
TOKEN = "production-service-token"

MAIN_CONF = """daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log notice;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/argan.conf;
}}
"""


def render(template: str, values: dict[str, str]) -> str:
    """envsubst as the nginx image runs it: only the variables given are replaced."""
    def fill(match):
        return values.get(match.group(1), match.group(0))
    return re.sub(r"\$\{([A-Z_]+)\}", fill, template)


@dataclass
class Production:
    url: str                     # nginx, the public side
    webs: dict[str, str]         # service -> its gunicorn, the internal side
    env: dict
    logs: Path
    proxy: TcpProxy
    engines: dict
    token: str                   # an officer's API token in stakeholders
    report_token: str            # a viewer's in reporting
    processes: dict[str, Process] = field(default_factory=dict)
    registered: int = 0          # people registered through the proxy by the tests

    def get(self, path: str, **kwargs):
        return requests.get(self.url + path, timeout=10, **kwargs)

    def register(self, **fields) -> requests.Response:
        body = {"given_name": "Amina", "family_name": "Ait Lahcen", "sex": "female",
                "residence_country": "MA", "residence_region": "Souss-Massa", **fields}
        response = requests.post(f"{self.url}/stakeholders/api/v1/people", json=body,
                                 headers={"Authorization": f"Bearer {self.token}"}, timeout=30)
        assert response.status_code == 201, response.text
        self.registered += 1
        return response

    def reported_total(self) -> int:
        response = self.get("/reporting/api/v1/indicators/people-by-sex-and-region",
                            headers={"Authorization": f"Bearer {self.report_token}"})
        assert response.status_code == 200, response.text
        return response.json()["totals"]["total"]

    def last_position(self, service: str = "stakeholders") -> int:
        with self.engines[service].connect() as conn:
            return conn.execute(text("SELECT coalesce(max(position), 0) FROM events "
                                     "WHERE position > 0")).scalar_one()

    def readiness(self) -> dict[str, tuple[int, dict]]:
        answers = {}
        for service in SERVICES:
            response = self.get(f"/{service}/readyz")
            answers[service] = (response.status_code, response.json())
        return answers

    def explain(self) -> str:
        tails = {name: p.log_path.read_text(errors="replace")[-2500:]
                 for name, p in self.processes.items() if p.log_path.exists()}
        return "\n".join(f"--- {name}\n{tail}" for name, tail in tails.items())


def _ready(production: Production) -> bool:
    exited = [name for name, process in production.processes.items() if process.exited]
    assert not exited, f"{exited} exited\n{production.explain()}"
    try:
        return all(status == 200 for status, _ in production.readiness().values())
    except (requests.RequestException, ValueError):
        return False


def _nginx_conf(tmp: Path, port: int, webs: dict[str, str]) -> Path:
    values = {"ARGAN_LISTEN": f"127.0.0.1:{port}",
              "ARGAN_ACCESS_LOG": str(tmp / "nginx-access.log"),
              **{f"{service.upper()}_WEB": web.removeprefix("http://")
                 for service, web in webs.items()}}
    rendered = render((DEPLOY / "nginx" / "argan.conf.template").read_text(), values)
    assert not re.search(r"\$\{[A-Z_]+\}", rendered), "a variable of the template is unset"
    (tmp / "argan.conf").write_text(rendered)
    shutil.copy(DEPLOY / "nginx" / "proxy_params_argan", tmp / "proxy_params_argan")
    main = tmp / "nginx.conf"
    main.write_text(MAIN_CONF.format(tmp=tmp))
    return main


@pytest.fixture(scope="package")
def production(make_database, amqp_url, tmp_path_factory):
    logs = tmp_path_factory.mktemp("production")
    exchange = f"argan.events.production-{RUN_ID}-{uuid.uuid4().hex[:6]}"
    topology = Topology(exchange=exchange, queue_prefix=exchange + ".")
    proxy = TcpProxy.to_url(amqp_url)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    webs = {service: f"http://127.0.0.1:{free_port()}" for service in SERVICES}
    databases = {service: make_database(f"prod_{service}") for service in SERVICES}
    env = {**os.environ, "SECRET_KEY": SECRET, "SERVICE_TOKEN": TOKEN,
           "AMQP_URL": proxy.url(amqp_url), "ARGAN_EXCHANGE": exchange,
           "ARGAN_QUEUE_PREFIX": exchange + ".", "ARGAN_BASE_URL": url,
           "ARGAN_PROXY_HOPS": "1", "LOG_LEVEL": "INFO", "LOG_FORMAT": "json",
           "WEB_CONCURRENCY": "2", "WEB_THREADS": "2",   # two processes: metrics summed
           **{f"{s.upper()}_DATABASE_URL": db for s, db in databases.items()}}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    subprocess.run([ARGAN, "migrate"], env=env, check=True, capture_output=True, timeout=120)
    engines = {service: make_engine(db) for service, db in databases.items()}
    production = Production(url, webs, env, logs, proxy, engines,
                            grant_token_in(engines["stakeholders"], ("officer",)),
                            grant_token_in(engines["reporting"], ("viewer",)))

    def start(name, argv, **options):
        production.processes[name] = Process(name, argv, env, logs, **options).start()

    for service in SERVICES:
        start(f"{service}-web", [ARGAN, "web", service, "--bind", webs[service][7:],
                                 "--config", str(DEPLOY / "gunicorn.conf.py")])
        start(f"{service}-worker", [ARGAN, "worker", service])
    start("nginx", [NGINX, "-p", str(logs), "-c", str(_nginx_conf(logs, port, webs)),
                    "-e", str(logs / "nginx-error.log")], stop_signal=signal.SIGQUIT)
    try:
        assert wait_for(lambda: _ready(production), 60), production.explain()
        yield production
    finally:
        # nginx first: its kept-alive connections would hold the webs' graceful stop.
        production.processes["nginx"].stop()
        stop_all(production.processes.values())
        proxy.close()
        with open_connection(amqp_url) as conn:
            conn.ensure_connection(max_retries=3)
            topology.delete(conn.channel(), [(s, "events") for s in SERVICES])
        for engine in engines.values():
            engine.dispose()
