"""The app under uvicorn in a background thread, for the browser tests and the benchmark.

The socket is bound (port 0: any free port) before uvicorn starts, so two test workers can
never race for the same port.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn

from review.app import create_app


class BackgroundServer:
    """``with BackgroundServer(db, store) as server: urlopen(server.url + "/")``."""

    def __init__(self, db_path: str | Path, store: str | Path | None = None) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.app = create_app(db_path, store)
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the review app did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
