"""Queue layer: one ranked queue across patterns, its exports, its evaluation, the snapshot."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from analytics import patterns, sql
from analytics.queue.build import build_queue
from analytics.queue.evaluate import evaluate_queue
from analytics.queue.export import export_queue
from analytics.snapshot import publish_snapshot
from pipelines.metadata import asset_key as _key
from pipelines.metadata import table_metadata
from pipelines.resources import DecisionsStore, DuckDBResource, OutputFolder, RunParameters


@dg.asset(
    key=_key("queues/investigation_queue"),
    group_name="queue",
    deps=[
        *(_key(p.score_table.replace(".", "/")) for p in patterns.PATTERNS),
        _key("features/message_contacts"),
        _key("staging/labels"),
    ],
    kinds={"duckdb"},
    description="One ranked queue across patterns with calibrated scores, stable case ids, and "
    "investigators' decisions applied; plus case status and one view per pattern.",
)
def investigation_queue(
    duckdb: DuckDBResource, decisions: DecisionsStore, params: RunParameters
) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        run_params = params.run_params()
        summary = build_queue(con, decisions.path, run_params)
        return dg.MaterializeResult(
            metadata={
                **table_metadata(con, "queues.investigation_queue"),
                "run_number": summary.run_number,
                "new_cases": summary.new_cases,
                "decided_and_hidden": summary.decided_hidden,
                "came_back_after_decision": summary.came_back,
                "cases_by_pattern": dg.MetadataValue.json(summary.by_pattern),
                "calibration": dg.MetadataValue.json(summary.calibration),
                "params_digest": run_params.digest(),
                "params_overrides": dg.MetadataValue.json(run_params.overrides()),
            }
        )


@dg.asset(
    key=_key("exports/investigation_queue"),
    group_name="queue",
    deps=[_key("queues/investigation_queue")],
    kinds={"parquet", "csv"},
    description="OUT/investigation_queue.parquet and .csv, the queue for investigators' tools.",
)
def queue_exports(duckdb: DuckDBResource, output: OutputFolder) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        files = export_queue(con, Path(output.path))
    return dg.MaterializeResult(
        metadata={name: dg.MetadataValue.path(str(path)) for name, path in files.items()}
    )


@dg.asset(
    key=_key("queues/evaluation"),
    group_name="queue",
    deps=[_key("queues/investigation_queue")],
    kinds={"duckdb"},
    description="Average precision, precision at 10/50/100/labelled and recall per pattern and "
    "overall, against labels and confirmed or dismissed decisions.",
)
def queue_evaluation(duckdb: DuckDBResource, decisions: DecisionsStore) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        frame = evaluate_queue(con, decisions.path)
        metadata: dict[str, object] = dict(table_metadata(con, "queues.evaluation"))
    for row in frame.iter_rows(named=True):
        metadata[f"{row['scope']}_average_precision"] = row["average_precision"]
        metadata[f"{row['scope']}_precision_at_100"] = row["precision_at_100"]
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    key=_key("queues/analyst_snapshot"),
    group_name="queue",
    deps=[_key("exports/investigation_queue"), _key("queues/evaluation")],
    kinds={"duckdb"},
    description="A read-only copy of the whole database for analysts, swapped in atomically so "
    "a reader never sees half a run and never blocks the next one. Built only when every "
    "blocking check passed: a broken input leaves the last good snapshot in place.",
)
def analyst_snapshot(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        # this run is good: the next one compares its table sizes with these
        sql.run(con, "quarantine/last_good_load")
        path = publish_snapshot(con, duckdb.path)
    return dg.MaterializeResult(metadata={"snapshot": dg.MetadataValue.path(str(path))})


queue_assets = [investigation_queue, queue_exports, queue_evaluation, analyst_snapshot]
