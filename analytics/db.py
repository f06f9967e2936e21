"""Opening DuckDB the same way everywhere: UTC, no extension downloads, explicit memory and spill.

The pipeline, the tests and the CLI all go through ``connect`` so that a run on a laptop and a
run in CI read timestamps identically and never try to reach the network.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics.sql import SQL_DIR, literal

SCHEMAS = ("staging", "graph", "features", "scores", "queues", "quarantine")


def connect(
    path: str | Path = ":memory:",
    *,
    memory_limit: str | None = None,
    temp_directory: str | Path | None = None,
    threads: int | None = None,
    read_only: bool = False,
) -> duckdb.DuckDBPyConnection:
    """Open ``path`` with ringwatch's session settings and its schemas in place."""
    config: dict[str, str | bool | int] = {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": True,
    }
    if memory_limit:
        config["memory_limit"] = memory_limit
    if threads:
        config["threads"] = threads
    if temp_directory:
        Path(temp_directory).mkdir(parents=True, exist_ok=True)
        config["temp_directory"] = str(temp_directory)
    con = duckdb.connect(str(path), read_only=read_only, config=config)
    if not read_only:
        for schema in SCHEMAS:
            con.execute(f"create schema if not exists {schema}")
    return prepare_session(con)


def prepare_session(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Per-connection state: UTC and the temporary macros. Run it on every cursor too, since a
    cursor is a new connection to the same database."""
    con.execute("set TimeZone = 'UTC'")
    for macro in sorted((SQL_DIR / "macros").glob("*.sql")):
        con.execute(macro.read_text())
    return con


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Whether ``schema.table`` exists: a run that failed early, or a snapshot made before a
    layer existed, lacks the later tables."""
    (count,) = con.execute(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    return count > 0


def attach_read_only(con: duckdb.DuckDBPyConnection, path: str | Path, alias: str) -> None:
    """Attach another ringwatch database file under ``alias``, read-only."""
    con.execute(f"attach {literal(str(path))} as {alias} (read_only)")
