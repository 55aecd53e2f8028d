"""A TCP proxy a test puts between its processes and a shared server (RabbitMQ, PostgreSQL)
to break the network without touching the server: cut every connection, slow them down, or
hang them silently (open, but nothing flows: a hung broker, a stuck proxy, a half-open
connection), then restore it. Connections hung stay hung after `restore` (as when a
firewall or NAT lost their state: half-open for good, nothing ever tells either end);
connections opened after it work.

    proxy = TcpProxy("127.0.0.1", 5672).start()
    url = proxy.url("amqp://guest:guest@127.0.0.1:5672//")   # the same URL, via the proxy
    proxy.hang(); ...; proxy.restore()
"""
from __future__ import annotations

import select
import socket
import threading
import time
from urllib.parse import urlsplit, urlunsplit

NORMAL, HUNG, CUT = "normal", "hung", "cut"
_TICK = 0.05  # seconds between checks of the mode by idle pumps


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.host = host
        self.mode = NORMAL
        self.delay = 0.0                  # seconds each chunk waits before it is forwarded
        self.accepted = 0                 # connections accepted since start
        self._listener: socket.socket | None = None
        self._pairs: set[_Pair] = set()
        self._lock = threading.Lock()
        self._closed = threading.Event()

    @classmethod
    def to_url(cls, url: str) -> "TcpProxy":
        """A started proxy to the host and port of `url`."""
        parts = urlsplit(url)
        return cls(parts.hostname or "127.0.0.1", parts.port or 5672).start()

    @property
    def port(self) -> int:
        return self._listener.getsockname()[1]

    def url(self, url: str) -> str:
        """`url` with its host and port replaced by the proxy's."""
        parts = urlsplit(url)
        credentials = parts.netloc.rpartition("@")[0]
        netloc = f"{credentials}@{self.host}:{self.port}" if credentials else \
            f"{self.host}:{self.port}"
        return urlunsplit(parts._replace(netloc=netloc))

    # -- faults ------------------------------------------------------------------------------

    def hang(self) -> None:
        """Forward nothing, close nothing: connections stay open and silent for good, and so
        do those opened until `restore`."""
        self.mode = HUNG
        for pair in self.pairs():
            pair.frozen = True

    def cut(self) -> None:
        """Close every connection now, and every new one at once, until `restore`."""
        self.mode = CUT
        for pair in self.pairs():
            pair.close()

    def slow(self, delay: float) -> None:
        """Forward every chunk after `delay` seconds."""
        self.delay = delay

    def restore(self) -> None:
        self.delay = 0.0
        self.mode = NORMAL

    def pairs(self) -> list["_Pair"]:
        with self._lock:
            return list(self._pairs)

    # -- running -----------------------------------------------------------------------------

    def start(self) -> "TcpProxy":
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, 0))
        listener.listen(64)
        listener.settimeout(0.2)
        self._listener = listener
        threading.Thread(target=self._accept, daemon=True, name="tcp-proxy").start()
        return self

    def close(self) -> None:
        self._closed.set()
        if self._listener is not None:
            self._listener.close()
        for pair in self.pairs():
            pair.close()

    def __enter__(self) -> "TcpProxy":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            if self.mode == CUT:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            self.accepted += 1
            pair = _Pair(self, client, upstream)
            pair.frozen = self.mode == HUNG
            with self._lock:
                self._pairs.add(pair)
            pair.start()

    def _forget(self, pair: "_Pair") -> None:
        with self._lock:
            self._pairs.discard(pair)


class _Pair:
    """One proxied connection: a pump thread per direction."""

    def __init__(self, proxy: TcpProxy, client: socket.socket, upstream: socket.socket):
        self.proxy = proxy
        self.client = client
        self.upstream = upstream
        self.frozen = False                # hung for good
        self._closed = threading.Event()

    def start(self) -> None:
        for source, target in ((self.client, self.upstream), (self.upstream, self.client)):
            threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def close(self) -> None:
        if self._closed.is_set():
            return
        self._closed.set()
        for sock in (self.client, self.upstream):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self.proxy._forget(self)

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while not self._closed.is_set():
                if self.frozen:
                    time.sleep(_TICK)  # hung: leave the bytes where they are
                    continue
                ready, _, _ = select.select([source], [], [], _TICK)
                if not ready or self.frozen:
                    continue
                data = source.recv(65536)
                if not data:
                    break
                if self.proxy.delay:
                    time.sleep(self.proxy.delay)
                target.sendall(data)
        except OSError:
            pass
        finally:
            self.close()
