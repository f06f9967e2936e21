"""Resources: where the input folder is, and how to open the DuckDB file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from analytics import db

LOCK_WAIT_SECONDS = 30.0


class DuckDBResource(dg.ConfigurableResource):
    """The ringwatch database file, opened read-write with explicit memory and spill limits.

    During a run the file stays open from the first asset to the last: DuckDB lets a single
    process write a file, and a reader from another process slipping in between two assets
    would make the next asset fail on the lock. Analysts read the published snapshot instead.
    """

    path: str
    memory_limit: str | None = None
    temp_directory: str | None = None
    threads: int | None = None
    _run_connection: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)

    def _open(self) -> duckdb.DuckDBPyConnection:
        """Open the file, waiting out a reader that holds it for a moment (up to LOCK_WAIT_SECONDS):
        someone opening the working file by mistake should delay a run, not fail it."""
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                return db.connect(
                    self.path,
                    memory_limit=self.memory_limit,
                    temp_directory=self.temp_directory,
                    threads=self.threads,
                )
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._run_connection = self._open()

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._run_connection is not None:
            self._run_connection.close()
            self._run_connection = None

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for one asset: a cursor on the run's open database, closed afterwards
        even when the asset raises."""
        if self._run_connection is None:
            con = self._open()
        else:
            con = db.prepare_session(self._run_connection.cursor())
        try:
            yield con
        finally:
            con.close()


class InputFolder(dg.ConfigurableResource):
    """The folder holding one file (or folder of files) per input table of the data contract."""

    path: str


class DecisionsStore(dg.ConfigurableResource):
    """Investigators' decisions (SQLite): read by the pipeline, written only by `decide`."""

    path: str


class OutputFolder(dg.ConfigurableResource):
    """Where the queue's Parquet and CSV exports go."""

    path: str
