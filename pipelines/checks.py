"""Asset checks guarding the staging tables: nothing lost, ids unique, references resolved."""

from __future__ import annotations

from collections.abc import Callable

import dagster as dg
import duckdb

from analytics import contract, quality
from analytics.quality import CheckOutcome
from pipelines.assets.staging import UPSTREAM
from pipelines.resources import DuckDBResource


def _check(
    table: str, name: str, run: Callable[[duckdb.DuckDBPyConnection], CheckOutcome], doc: str
) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["staging", table]), name=name, blocking=True, description=doc
    )
    def _asset_check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with duckdb.connect() as con:
            outcome = run(con)
        return dg.AssetCheckResult(
            passed=outcome.passed,
            description=outcome.description,
            metadata=outcome.metadata,
        )

    return _asset_check


def _staging_checks() -> list[dg.AssetChecksDefinition]:
    checks = []
    for table in UPSTREAM:
        checks.append(
            _check(
                table,
                "rows_reconcile",
                lambda con, t=table: quality.rows_reconcile(con, t),
                "Rows read = rows staged + rows quarantined.",
            )
        )
        if contract.TABLES_BY_NAME[table].id_column:
            checks.append(
                _check(
                    table,
                    "ids_unique",
                    lambda con, t=table: quality.ids_unique(con, t),
                    "The id column is unique and never null.",
                )
            )
        if table in quality.REFERENCES:
            checks.append(
                _check(
                    table,
                    "references_resolve",
                    lambda con, t=table: quality.references_resolve(con, t),
                    "Every reference points at a staged row of the right role.",
                )
            )
    checks.append(
        _check(
            "account_identifiers",
            "identifiers_complete",
            quality.identifiers_complete,
            "Every normalized email, phone, IP and device is an identifier, with right counts.",
        )
    )
    checks.append(
        _check(
            "account_identifiers",
            "references_resolve",
            lambda con: quality.references_resolve(con, "account_identifiers"),
            "Every identifier belongs to a staged account.",
        )
    )
    return checks


staging_checks = _staging_checks()
