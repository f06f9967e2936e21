"""A staged synthetic marketplace shared by the detector evaluation tests.

Generated and staged once per test worker (about 10 s at 20,000 accounts); each test gets
its own in-memory copy of the staging tables, so detectors never see each other's tables.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics import db
from analytics.identifiers import build_account_identifiers
from analytics.ingest import ingest_table
from analytics.synthetic import generate_marketplace

ACCOUNTS = 20_000
SEED = 1
TABLES = ("accounts", "logins", "contracts", "payments", "messages", "labels")


def stage(folder: Path) -> Path:
    """Generate the marketplace into ``folder`` and stage it into ``folder/staged.duckdb``."""
    generate_marketplace(folder / "input", ACCOUNTS, SEED)
    path = folder / "staged.duckdb"
    con = db.connect(path)
    for table in TABLES:
        ingest_table(con, folder / "input", table)
    build_account_identifiers(con)
    con.close()
    return path


def copy_of(staged: Path) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory database holding the staging tables of ``staged``."""
    con = db.connect()
    db.attach_read_only(con, staged, "src")
    for table in (*TABLES, "account_identifiers"):
        con.execute(f"create table staging.{table} as from src.staging.{table}")
    con.execute("detach src")
    return con


def run_market(market_input: Path, folder: Path) -> Path:
    """A full pipeline run of the marketplace into ``folder``: the database path (the snapshot
    and the exports sit beside it)."""
    from pipelines.run import run_pipeline

    outcome = run_pipeline(market_input, folder / "rw.duckdb", folder / "out")
    assert outcome.success, outcome.errors + outcome.failed_checks
    return folder / "rw.duckdb"
