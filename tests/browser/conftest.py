"""Fixtures for browser tests: `argan run` as a real subprocess, and Chromium via Playwright.

Chromium is not optional here: if /usr/bin/chromium (or ARGAN_CHROMIUM) is missing the
tests fail, they do not skip. Playwright must never download its own browser; we
always launch the system Chromium.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("ARGAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CREDENTIALS = re.compile(r"First admin account \(shown once\): (\S+) / (\S+)")
READY = "Argan is running on"
REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ArganProcess:
    """One `argan run` subprocess; its stdout and stderr go to files under its log folder."""
    var: Path
    port: int
    logs: Path
    proc: subprocess.Popen | None = None
    stdout_path: Path | None = None
    stderr_path: Path | None = None
    started_at: float = field(default=0.0)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> "ArganProcess":
        n = len(list(self.logs.glob("stdout-*.txt"))) + 1
        self.stdout_path = self.logs / f"stdout-{n}.txt"
        self.stderr_path = self.logs / f"stderr-{n}.txt"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING"}
        for name in ("SECRET_KEY", "SERVICE_TOKEN"):  # var/ keeps them, as for a newcomer
            env.pop(name, None)
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", "from services.cli import main; main()", "run", "--var", str(self.var),
                 "--port", str(self.port), "--host", "127.0.0.1"],
                cwd=REPO, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        self.started_at = time.monotonic()
        deadline = self.started_at + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"argan run exited with {self.proc.returncode}:\n{self.output()}"
                            f"\n{self.errors()}", pytrace=False)
            if READY in self.output() and self._healthy():
                return self
            time.sleep(0.1)
        pytest.fail(f"argan run did not answer within {timeout} s:\n{self.output()}\n"
                    f"{self.errors()}", pytrace=False)

    def _healthy(self) -> bool:
        try:
            return requests.get(f"{self.base_url}/stakeholders/healthz", timeout=1).ok
        except requests.RequestException:
            return False

    def output(self) -> str:
        return self.stdout_path.read_text(errors="replace") if self.stdout_path else ""

    def errors(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path else ""

    def credentials(self) -> tuple[str, str] | None:
        match = CREDENTIALS.search(self.output())
        return (match.group(1), match.group(2)) if match else None

    def stop(self, timeout: float = 15.0) -> None:
        """Ctrl+C (SIGINT) to the pid we started, as a person at the terminal would; then kill."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


@pytest.fixture
def argan(tmp_path):
    """Factory: argan(var_dir=None, port=None) starts `argan run`; all are killed at teardown."""
    started: list[ArganProcess] = []
    default_var = tmp_path / "var"

    def start(var: Path | None = None, port: int | None = None) -> ArganProcess:
        logs = tmp_path / "logs"
        logs.mkdir(exist_ok=True)
        server = ArganProcess(var=var or default_var, port=port or free_port(), logs=logs)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        if server.proc is not None and server.proc.poll() is None:
            server.proc.kill()  # by the pid we started, nothing broader
            server.proc.wait(10)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is required for the browser tests and was not found at {CHROMIUM} "
                    "(apt-get install -y chromium, or set ARGAN_CHROMIUM).", pytrace=False)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_context(browser):
    """Factory for isolated browser contexts (French, like the staff's browsers)."""
    contexts = []

    def make(**kwargs):
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900},
                                      **kwargs)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
