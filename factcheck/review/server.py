"""Serving the review app with uvicorn on a socket we bind ourselves (so port 0 gives a free
port whose number the Host check and the printed URL know before the first request)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

import uvicorn

from ..errors import FactcheckError
from .app import ReviewSession, create_app

__all__ = ["ReviewServer", "bind"]


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise FactcheckError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


@dataclass
class ReviewServer:
    """One review app on one socket; :meth:`serve` blocks, :meth:`start` runs it in a thread (tests)."""

    session: ReviewSession
    host: str = "127.0.0.1"
    port: int = 0
    allow_hosts: tuple[str, ...] = ()  # further Host names to answer to (``--allow-host``)

    def __post_init__(self) -> None:
        self.socket = bind(self.host, self.port)
        self.port = self.socket.getsockname()[1]
        app = create_app(self.session, self.host, self.port, self.allow_hosts)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                                timeout_graceful_shutdown=3)
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def serve(self, on_ready: Callable[[str], None] | None = None) -> None:
        """Serve until interrupted (Ctrl-C) or :meth:`stop`; ``on_ready(url)`` runs once it listens."""
        if on_ready is not None:
            threading.Thread(target=self._announce, args=(on_ready,), daemon=True).start()
        try:
            self._server.run(sockets=[self.socket])
        finally:
            self.socket.close()

    def _announce(self, on_ready: Callable[[str], None]) -> None:
        while not self._server.started and not self._server.should_exit:
            threading.Event().wait(0.02)
        if self._server.started:
            on_ready(self.url)

    def start(self) -> ReviewServer:
        """Serve in a background thread; returns once the server accepts requests."""
        self._thread = threading.Thread(target=self.serve, daemon=True)
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the review server did not start")
            threading.Event().wait(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
