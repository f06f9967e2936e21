"""Staging layer: each input table validated into staging.* and quarantine.*, then identifiers."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from analytics.contract import INPUT_TABLES
from analytics.identifiers import build_account_identifiers
from analytics.ingest import ingest_table
from pipelines.metadata import table_metadata
from pipelines.progress import step_progress
from pipelines.resources import DuckDBResource, InputFolder, RunParameters

# Each table after the tables its references point at (see the data contract).
UPSTREAM: dict[str, tuple[str, ...]] = {t.name: t.references for t in INPUT_TABLES}


def _ingest_asset(table: str) -> dg.AssetsDefinition:
    @dg.asset(
        name=table,
        key_prefix="staging",
        group_name="staging",
        deps=[dg.AssetKey(["staging", up]) for up in UPSTREAM[table]],
        kinds={"duckdb"},
        description=f"Input table {table}: valid rows in staging.{table}, the rest with a reason "
        f"in quarantine.{table}. Its blocking checks stop the run before the detectors when "
        "too much of it was quarantined or it arrived empty.",
    )
    def _asset(
        context, duckdb: DuckDBResource, input_folder: InputFolder, params: RunParameters
    ) -> dg.MaterializeResult:
        progress = step_progress(context, f"staging/{table}")
        with duckdb.connect() as con:
            loaded = ingest_table(
                con, Path(input_folder.path), table, params.run_params().ingest, progress
            )
            metadata = table_metadata(con, f"staging.{table}")
        return dg.MaterializeResult(
            metadata={
                **metadata,
                "rows_read": loaded.rows_read,
                "rows_quarantined": loaded.rows_quarantined,
                "quarantined_by_reason": dg.MetadataValue.json(loaded.quarantined_by_reason),
                "rows_flagged": loaded.rows_flagged,
                "flagged_by_reason": dg.MetadataValue.json(loaded.flagged_by_reason),
                "times_accepted": dg.MetadataValue.json(
                    {
                        "earliest": str(loaded.earliest),
                        "as_of": str(loaded.as_of),
                        "as_of_derived": loaded.as_of_derived,
                        "latest": str(loaded.latest),
                    }
                ),
                "source_files": dg.MetadataValue.json(loaded.files),
                "kept_from_previous_run": loaded.reused,
                **(
                    {"phones_parsed": loaded.phones_parsed, "phones_reused": loaded.phones_reused}
                    if loaded.phones_parsed is not None
                    else {}
                ),
            }
        )

    return _asset


ingest_assets = [_ingest_asset(table) for table in UPSTREAM]


@dg.asset(
    key=["staging", "account_identifiers"],
    group_name="staging",
    deps=[dg.AssetKey(["staging", t]) for t in ("accounts", "logins", "payments")],
    kinds={"duckdb"},
    description="One row per account per normalized identifier (email, phone, IP, network, "
    "device, instrument) with how many accounts share it.",
)
def account_identifiers(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        summary = build_account_identifiers(con)
        metadata = table_metadata(con, "staging.account_identifiers")
    return dg.MaterializeResult(
        metadata={
            **metadata,
            "by_kind": dg.MetadataValue.json(summary.by_kind),
            "phones_not_parsed": summary.phones_not_parsed,
            "emails_not_parsed": summary.emails_not_parsed,
            "kept_from_previous_run": summary.reused,
        }
    )
