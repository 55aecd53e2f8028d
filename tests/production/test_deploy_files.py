"""The files of deploy/ and docker-compose.yml, checked where no engine runs: against their
schemas (the compose specification with check-jsonschema, Kubernetes' own with
kubernetes-validate), and against one another (every service everywhere, every secret
written by `make up`)."""
from __future__ import annotations

import re
import subprocess
import sys
import uuid
from pathlib import Path

import yaml
from sqlalchemy import text

from shared.db import make_engine
from shared.settings import SERVICES

from .conftest import DEPLOY, ROOT

BIN = Path(sys.executable).parent
K8S = DEPLOY / "k8s"


def _ok(argv: list[str]) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_the_compose_file_follows_the_compose_specification():
    _ok([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec",
         "docker-compose.yml"])


def test_the_kubernetes_manifests_follow_kubernetes_schemas():
    manifests = sorted(K8S.glob("*.yaml"))
    out = _ok([str(BIN / "kubernetes-validate"), "--strict",
               *map(str, manifests)])
    assert "WARN" not in out and "ERROR" not in out, out


def test_every_service_has_its_web_and_worker_everywhere():
    compose = _compose()["services"]
    template = (DEPLOY / "nginx" / "argan.conf.template").read_text()
    for service in SERVICES:
        web, worker = compose[f"{service}-web"], compose[f"{service}-worker"]
        assert web["command"] == ["argan", "web", service]
        assert worker["command"] == ["argan", "worker", service]
        assert "readyz" in " ".join(web["healthcheck"]["test"])
        assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert f"{service.upper()}_DATABASE_URL" in web["environment"]
        assert f"{service.upper()}_AMQP_URL" in worker["environment"]
        assert re.search(rf"location /{service}/ +{{ proxy_pass http://{service};", template)
        assert f"${{{service.upper()}_WEB}}" in template
        kinds = {(doc["kind"], doc["metadata"]["name"]): doc
                 for doc in yaml.safe_load_all((K8S / f"{service}.yaml").read_text())}
        pod = kinds[("Deployment", f"{service}-web")]["spec"]["template"]["spec"]
        container = pod["containers"][0]
        assert container["livenessProbe"]["httpGet"]["path"] == f"/{service}/healthz"
        assert container["readinessProbe"]["httpGet"]["path"] == f"/{service}/readyz"
        assert ("PodDisruptionBudget", f"{service}-web") in kinds
        assert kinds[("Deployment", f"{service}-worker")]["spec"]["replicas"] == 1
    # the broker's management UI is reachable from the machine itself only
    assert compose["rabbitmq"]["ports"] == ["127.0.0.1:15672:15672"]
    assert "5432" not in str(compose["postgres"].get("ports", ""))


def test_make_up_writes_every_secret_the_compose_file_reads(tmp_path):
    env = tmp_path / ".env"
    _ok([str(DEPLOY / "make-env.sh"), str(env)])
    assert env.stat().st_mode & 0o077 == 0                    # its owner's only
    written = dict(line.split("=", 1) for line in env.read_text().splitlines()
                   if line and not line.startswith("#"))
    assert all(len(value) == 64 for value in written.values())
    read = set(re.findall(r"\$\{([A-Z_]+)", (ROOT / "docker-compose.yml").read_text()))
    assert read - set(written) == {"ARGAN_PORT"}              # which has a default
    before = env.read_text()
    _ok([str(DEPLOY / "make-env.sh"), str(env)])              # kept, never overwritten
    assert env.read_text() == before


def test_the_image_is_slim_runs_as_no_root_and_installs_the_lock_by_hashes():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.M)
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert re.search(r"^USER 10001$", dockerfile, re.M)
    assert "--no-deps" in dockerfile                          # nothing beyond the lock


def test_the_database_init_script_makes_one_owned_database_per_service(pg_url):
    names = [f"argan_init_{uuid.uuid4().hex[:8]}_{i}" for i in range(1)]
    env = {"PATH": "/usr/bin:/bin", "PGHOST": "127.0.0.1", "POSTGRES_USER": "postgres",
           "ARGAN_SERVICES": " ".join(names),
           **{f"{name.upper()}_DB_PASSWORD": f"pw-{name}" for name in names}}
    admin = make_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        done = subprocess.run([str(DEPLOY / "postgres" / "initdb.sh")], env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        with admin.connect() as conn:
            owners = dict(conn.execute(text(
                "SELECT datname, pg_get_userbyid(datdba) FROM pg_database "
                "WHERE datname = ANY(:names)"), {"names": names}).all())
        assert owners == {name: name for name in names}
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
        admin.dispose()
