"""The app under uvicorn in a background thread, for the browser tests and the benchmark.

The socket is bound (port 0: any free port) before uvicorn starts, so two test workers can
never race for the same port. ``session_cookie`` signs a user in (adding them to the store
first if need be) and returns the ``Cookie`` header a client sends to be that user.
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

from review import users
from review.app import create_app
from review.security import SESSION_COOKIE


class BackgroundServer:
    """``with BackgroundServer(db, store) as server: urlopen(server.url + "/")``."""

    def __init__(
        self, db_path: str | Path, store: str | Path | None = None, **options: Any
    ) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.app = create_app(db_path, store, **options)
        self.store: Path = self.app.state.settings.store
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

    def session_cookie(self, name: str, role: str = "investigator", password: str = "") -> str:
        """``ringwatch_session=...`` for ``name``, added with ``role`` if not a user yet."""
        password = password or secrets.token_urlsafe(16)
        if users.user_named(self.store, name) is None:
            users.add_user(self.store, name, role, password)
        else:
            users.set_password(self.store, name, password)
        result = users.login(self.store, name, password, "127.0.0.1")
        assert result.token is not None, f"could not sign in {name}"
        return f"{SESSION_COOKIE}={result.token}"
