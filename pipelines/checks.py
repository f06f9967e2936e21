"""Asset checks guarding the tables analysts and investigators rely on."""

from __future__ import annotations

from collections.abc import Callable

import dagster as dg
import duckdb

from analytics import contract, quality
from analytics.quality import CheckOutcome
from pipelines.assets.rings import PARAMS
from pipelines.assets.staging import UPSTREAM
from pipelines.resources import DuckDBResource


def _check(
    asset: str,
    name: str,
    run: Callable[[duckdb.DuckDBPyConnection], CheckOutcome],
    doc: str,
    blocking: bool = True,
) -> dg.AssetChecksDefinition:
    """One asset check on ``asset`` ("schema/table") that runs ``run`` on a connection.

    A blocking check stops downstream assets; a non-blocking one only warns.
    """

    @dg.asset_check(
        asset=dg.AssetKey(asset.split("/")), name=name, blocking=blocking, description=doc
    )
    def _asset_check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with duckdb.connect() as con:
            outcome = run(con)
        return dg.AssetCheckResult(
            passed=outcome.passed,
            description=outcome.description,
            metadata=outcome.metadata,
            severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        )

    return _asset_check


def _staging_checks() -> list[dg.AssetChecksDefinition]:
    checks = []
    for table in UPSTREAM:
        checks.append(
            _check(
                f"staging/{table}",
                "rows_reconcile",
                lambda con, t=table: quality.rows_reconcile(con, t),
                "Rows read = rows staged + rows quarantined.",
            )
        )
        if contract.TABLES_BY_NAME[table].id_column:
            checks.append(
                _check(
                    f"staging/{table}",
                    "ids_unique",
                    lambda con, t=table: quality.ids_unique(con, t),
                    "The id column is unique and never null.",
                )
            )
        if table in quality.REFERENCES:
            checks.append(
                _check(
                    f"staging/{table}",
                    "references_resolve",
                    lambda con, t=table: quality.references_resolve(con, t),
                    "Every reference points at a staged row of the right role.",
                )
            )
    checks.append(
        _check(
            "staging/account_identifiers",
            "identifiers_complete",
            quality.identifiers_complete,
            "Every normalized email, phone, IP and device is an identifier, with right counts.",
        )
    )
    checks.append(
        _check(
            "staging/account_identifiers",
            "references_resolve",
            lambda con: quality.references_resolve(con, "account_identifiers"),
            "Every identifier belongs to a staged account.",
        )
    )
    return checks


staging_checks = _staging_checks()

ring_checks = [
    _check(
        "graph/identity_groups",
        "no_giant_group",
        lambda con: quality.identity_groups_bounded(con, PARAMS.max_group_size),
        "The largest identity group is within the size Leiden splits down to.",
    ),
    _check(
        "graph/identity_groups",
        "share_in_groups",
        quality.share_in_identity_groups,
        "Warns when more than 20% of accounts are in identity groups: linking went loose.",
        blocking=False,
    ),
    _check(
        "scores/rings",
        "scores_well_formed",
        lambda con: quality.scores_well_formed(con, "scores.rings", "candidate_id"),
        "Scores in [0, 1], one row per candidate, reasons for every non-zero score.",
    ),
]

dropoff_checks = [
    _check(
        "scores/contact_dropoffs",
        "scores_well_formed",
        lambda con: quality.scores_well_formed(con, "scores.contact_dropoffs", "case_key"),
        "Scores in [0, 1], one row per pair, reasons for every non-zero score.",
    ),
]

queue_checks = [
    _check(
        "queues/investigation_queue",
        "queue_well_formed",
        quality.queue_well_formed,
        "Ranks 1..n without gaps, unique case ids, scores in [0, 1] and sorted, reasons on every "
        "case, one case per pattern per group of accounts.",
    ),
    _check(
        "queues/evaluation",
        "precision_holds",
        quality.evaluation_holds,
        "Warns when average precision or precision at the number labelled falls by more than "
        "0.05 in any pattern since the previous run.",
        blocking=False,
    ),
]
