"""Resources: where the input folder is, and how to open the DuckDB file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb

from analytics import db


class DuckDBResource(dg.ConfigurableResource):
    """The ringwatch database file, opened read-write with explicit memory and spill limits."""

    path: str
    memory_limit: str | None = None
    temp_directory: str | None = None
    threads: int | None = None

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection that is closed even when the asset raises (the file stays usable)."""
        con = db.connect(
            self.path,
            memory_limit=self.memory_limit,
            temp_directory=self.temp_directory,
            threads=self.threads,
        )
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
