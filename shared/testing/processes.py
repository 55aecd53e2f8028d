"""Running the production processes (`argan web`, `argan worker`, nginx) as children of a
test: each one's output in a log file, stopped by the signal its supervisor would send."""
from __future__ import annotations

import signal
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, interval: float = 0.1):
    """The first truthy value of `predicate` within `timeout` seconds, else None."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


class Process:
    """One `argan` process, its output in a log file (shown when a test fails)."""

    def __init__(self, name: str, argv: list[str], env: dict, logs: Path,
                 stop_signal: int = signal.SIGTERM):
        self.name, self.argv, self.env, self.stop_signal = name, argv, env, stop_signal
        self.log_path = logs / f"{name}.log"
        self.popen: subprocess.Popen | None = None

    def start(self, **env) -> "Process":
        log = open(self.log_path, "ab")
        self.popen = subprocess.Popen(self.argv, env={**self.env, **env}, stdout=log,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        return self

    @property
    def exited(self) -> bool:
        return self.popen is not None and self.popen.poll() is not None

    def stop(self) -> None:
        if self.popen is None or self.exited:
            return
        self.popen.send_signal(self.stop_signal)  # a second one is harmless
        try:
            self.popen.wait(20)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(5)
            raise AssertionError(f"{self.name} did not stop on {self.stop_signal!r}")


def stop_all(processes) -> None:
    """Signal every process at once, then wait for each (their graceful stops overlap)."""
    running = [p for p in processes if p.popen is not None and not p.exited]
    for process in running:
        process.popen.send_signal(process.stop_signal)
    for process in running:
        process.stop()  # already signalled: waits, kills one that hangs
