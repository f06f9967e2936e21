"""Asset checks guarding the tables analysts and investigators rely on."""

from __future__ import annotations

from collections.abc import Callable

import dagster as dg
import duckdb

from analytics import contract, patterns, quality
from analytics.detectors.shape import Detector
from analytics.quality import CheckOutcome
from analytics.run_params import RunParams
from pipelines.assets.staging import UPSTREAM
from pipelines.resources import DuckDBResource, RunParameters


def _check(
    asset: str,
    name: str,
    run: Callable[[duckdb.DuckDBPyConnection, RunParams], CheckOutcome],
    doc: str,
    blocking: bool = True,
) -> dg.AssetChecksDefinition:
    """One asset check on ``asset`` ("schema/table") that runs ``run`` on a connection with the
    run's parameters. A blocking check stops downstream assets; a non-blocking one only warns.
    """

    @dg.asset_check(
        asset=dg.AssetKey(asset.split("/")), name=name, blocking=blocking, description=doc
    )
    def _asset_check(duckdb: DuckDBResource, params: RunParameters) -> dg.AssetCheckResult:
        with duckdb.connect() as con:
            outcome = run(con, params.run_params())
        return dg.AssetCheckResult(
            passed=outcome.passed,
            description=outcome.description,
            metadata=outcome.metadata,
            severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        )

    return _asset_check


def detector_checks(detector: Detector) -> list[dg.AssetChecksDefinition]:
    """The asset checks of one detector, from its ``checks.py``."""
    return [_check(c.table, c.name, c.run, c.description, c.blocking) for c in detector.checks]


def _staging_checks() -> list[dg.AssetChecksDefinition]:
    checks = []
    for table in UPSTREAM:
        checks.append(
            _check(
                f"staging/{table}",
                "quarantined_share",
                lambda con, p, t=table: quality.quarantined_share(con, t, p.ingest),
                f"The circuit breaker: at most ingest.max_quarantined_share_{table} of the rows "
                "are quarantined; over it the run stops before the detectors, and the snapshot, "
                "exports and review app keep the last good run.",
            )
        )
        if not contract.TABLES_BY_NAME[table].optional_table:
            checks.append(
                _check(
                    f"staging/{table}",
                    "not_emptied",
                    lambda con, p, t=table: quality.not_emptied(con, t, p.ingest),
                    "A required table is not empty when the last good run read rows from it "
                    "(unless ingest.allow_empty_required_tables).",
                )
            )
        checks.append(
            _check(
                f"staging/{table}",
                "rows_reconcile",
                lambda con, p, t=table: quality.rows_reconcile(con, t),
                "Rows read = rows staged + rows quarantined.",
            )
        )
        if contract.TABLES_BY_NAME[table].id_column:
            checks.append(
                _check(
                    f"staging/{table}",
                    "ids_unique",
                    lambda con, p, t=table: quality.ids_unique(con, t),
                    "The id column is unique and never null.",
                )
            )
        if table in quality.REFERENCES:
            checks.append(
                _check(
                    f"staging/{table}",
                    "references_resolve",
                    lambda con, p, t=table: quality.references_resolve(con, t),
                    "Every reference points at a staged row of the right role.",
                )
            )
    checks.append(
        _check(
            "staging/account_identifiers",
            "identifiers_complete",
            lambda con, p: quality.identifiers_complete(con),
            "Every normalized email, phone, IP and device is an identifier, with right counts.",
        )
    )
    checks.append(
        _check(
            "staging/account_identifiers",
            "references_resolve",
            lambda con, p: quality.references_resolve(con, "account_identifiers"),
            "Every identifier belongs to a staged account.",
        )
    )
    return checks


staging_checks = _staging_checks()


def all_detector_checks() -> list[dg.AssetChecksDefinition]:
    """Every registered detector's checks, shared stages first."""
    return [c for detector in patterns.detectors() for c in detector_checks(detector)]


queue_checks = [
    _check(
        "queues/investigation_queue",
        "queue_well_formed",
        lambda con, p: quality.queue_well_formed(con),
        "Ranks 1..n without gaps, unique case ids, scores in [0, 1] and sorted, reasons on every "
        "case, one case per group of accounts (whatever the pattern).",
    ),
    _check(
        "queues/evaluation",
        "precision_holds",
        lambda con, p: quality.evaluation_holds(con, p.queue.precision_drop_warning),
        "Warns when average precision or precision at the number labelled falls by more than "
        "precision_drop_warning in any pattern since the previous run.",
        blocking=False,
    ),
]
