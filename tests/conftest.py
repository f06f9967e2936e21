from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from analytics import db
from analytics.ingest import ingest_table
from tests.bad_input import TABLES, write_csv_folder

os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "yes")


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = db.connect()
    yield connection
    connection.close()


@pytest.fixture
def bad_input(tmp_path: Path) -> Path:
    return write_csv_folder(tmp_path / "input")


@pytest.fixture
def ingested(con: duckdb.DuckDBPyConnection, bad_input: Path) -> duckdb.DuckDBPyConnection:
    for table in TABLES:
        ingest_table(con, bad_input, table)
    return con


@pytest.fixture(scope="session")
def staged_market(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic marketplace, generated and staged once per worker."""
    from tests.synthetic_market import stage

    return stage(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="session")
def market_input(staged_market: Path) -> Path:
    """The synthetic marketplace's input folder (the files ``staged_market`` was staged from)."""
    return staged_market.parent / "input"
