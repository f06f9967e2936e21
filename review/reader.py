"""One read-only connection to the analysts' snapshot, reopened when a run publishes a new one.

Opening a DuckDB file costs 20-50 ms and a cursor on an open one under a millisecond, so the app
keeps one connection and hands each request its own cursor. Each run replaces the snapshot by
an atomic rename: the open connection still sees the old file, so the reader compares the file's
inode and mtime at the start of every request and opens the new file when they change.

The old connection must be closed first, cursors included: DuckDB caches open databases by
path within a process, and connecting to the path while the old file is still open hands back
the old database. So a swap waits for the requests in flight (milliseconds) to finish.

A ``prepare`` function runs once on each newly opened connection: the queue page uses it to join
the queue tables into one temporary table (read-only databases allow temporary tables), so that
a page of 100,000 cases is one scan instead of three string joins. Temporary tables belong to
the connection that made them, not to its cursors, so those queries go through ``main()``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from analytics.snapshot import open_snapshot


class SnapshotReader:
    """Cursors on the latest published snapshot, safe to share between request threads.

    A request takes one cursor (or ``main()``) at a time and never nests them: a swap waits
    for every request in flight, so a nested one would wait for itself.
    """

    def __init__(
        self,
        path: str | Path,
        prepare: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self._prepare = prepare
        self._state = threading.Condition()
        self._active = 0
        self._main_lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._key: tuple[int, int, int] | None = None
        self.generation = 0

    def _file_key(self) -> tuple[int, int, int]:
        stat = os.stat(self.path)
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    @contextmanager
    def _use(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The current connection, reopened first if the snapshot changed, held for one use."""
        with self._state:
            while True:
                key = self._file_key()
                if self._con is not None and key == self._key:
                    break
                if self._active:
                    self._state.wait()  # then look again: another thread may have swapped
                    continue
                if self._con is not None:
                    self._con.close()
                    self._con = None
                fresh = open_snapshot(self.path)
                if self._prepare is not None:
                    self._prepare(fresh)
                self._con, self._key = fresh, key
                self.generation += 1
            self._active += 1
            con = self._con
        try:
            yield con
        finally:
            with self._state:
                self._active -= 1
                self._state.notify_all()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request, closed afterwards."""
        with self._use() as con:
            cur = con.cursor()
            try:
                yield cur
            finally:
                cur.close()

    @contextmanager
    def main(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection itself, holding what ``prepare`` made; one request at a time."""
        with self._use() as con, self._main_lock:
            yield con

    def close(self) -> None:
        with self._state:
            self._state.wait_for(lambda: self._active == 0)
            if self._con is not None:
                self._con.close()
            self._con, self._key = None, None
