"""Materialize every asset in process, as `ringwatch run` does, and collect what the run did."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from analytics import db
from analytics.contract import INPUT_TABLES
from analytics.ingest import check_input_folder
from analytics.report import TableLoad, as_dict, kept_tables, load_summary, queue_summary
from analytics.run_params import RunParams
from pipelines.definitions import all_assets, all_checks, resources_for
from pipelines.progress import Listener, StageEvent, progress_logger, stage_names


@dataclass
class RunOutcome:
    success: bool
    errors: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    # failed blocking checks: the run stopped there, and nothing downstream of them was built
    blocked: list[str] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    loads: list[TableLoad] = field(default_factory=list)
    # input tables this run did not load (it stopped before them): their rows in
    # quarantine.load_report are an earlier run's, so they are not reported as this run's
    not_loaded: list[str] = field(default_factory=list)
    # tables kept from an earlier run: their input files, code and sources were unchanged
    kept: list[str] = field(default_factory=list)
    evaluation: list[dict[str, object]] = field(default_factory=list)
    queue_size: int | None = None


def _quiet_dagster() -> None:
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "yes")
    logging.getLogger("dagster").setLevel(logging.WARNING)


def _root_cause(error: dg.SerializableErrorInfo) -> str:
    """The user's exception, not Dagster's wrapper around it."""
    while error.cause is not None:
        error = error.cause
    return error.message.strip()


def _stage_seconds(stats: list) -> dict[str, float]:
    """Seconds per asset in run order, with all asset checks summed as one stage."""
    asset_steps = {"__".join(key.path) for a in all_assets for key in a.keys}
    seconds: dict[str, float] = {}
    for s in sorted(stats, key=lambda s: s.start_time or 0):
        if not (s.start_time and s.end_time):
            continue
        stage = s.step_key.replace("__", "/") if s.step_key in asset_steps else "asset checks"
        seconds[stage] = round(seconds.get(stage, 0.0) + s.end_time - s.start_time, 3)
    return seconds


def _execute(
    resources: dict[str, object], instance: dg.DagsterInstance, on_event: Listener | None
) -> dg.ExecuteInProcessResult:
    """Every asset and check in process, as ``dg.materialize`` runs them; with ``on_event``,
    the run's stage events go to it through the ``progress_logger`` (``dg.materialize`` takes
    no loggers, so the job is made here the way it makes its own)."""
    loggers: dict[str, dg.LoggerDefinition] = {"console": dg.colored_console_logger}
    config: dict[str, object] = {"console": {"config": {"log_level": "CRITICAL"}}}
    if on_event is not None:
        names = stage_names(all_assets, all_checks)
        on_event(StageEvent("planned", "", total=len(names)))
        loggers["ringwatch_progress"] = progress_logger(on_event, names)
        config["ringwatch_progress"] = {}
    defs = dg.Definitions(
        assets=[*all_assets, *all_checks],
        jobs=[dg.define_asset_job("ringwatch_run")],
        resources=resources,
        loggers=loggers,
    )
    return defs.resolve_job_def("ringwatch_run").execute_in_process(
        run_config={"loggers": config}, instance=instance, raise_on_error=False
    )


def run_pipeline(
    input_dir: Path,
    db_path: Path,
    out_dir: Path,
    *,
    memory_limit: str | None = None,
    temp_dir: Path | None = None,
    decisions: Path | None = None,
    params: RunParams | None = None,
    on_event: Listener | None = None,
) -> RunOutcome:
    """Run every asset and check against ``input_dir`` into ``db_path``; report to ``out_dir``.

    Raises ``InputError`` before writing anything when an input file is missing, unreadable,
    lacks a required column or holds a column whose type cannot hold the contract's. ``params``
    (defaults when None) were checked when they were read. A failed blocking check (a staged
    table over its quarantine limit, ...) stops everything downstream of it: the queue, the
    exports and the snapshot stay those of the last good run, and ``blocked`` says why.
    ``on_event`` hears the stages as they run (``pipelines.progress``): first ``planned`` with
    the number of stages, then each stage's start, counts and end.
    """
    params = params or RunParams.defaults()
    _quiet_dagster()
    preflight = db.connect()
    try:
        check_input_folder(preflight, input_dir, params.ingest)
    finally:
        preflight.close()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    with dg.DagsterInstance.ephemeral() as instance:
        resources = resources_for(
            str(input_dir),
            str(db_path),
            str(out_dir),
            decisions=str(decisions) if decisions else None,
            memory_limit=memory_limit,
            temp_dir=str(temp_dir) if temp_dir else None,
            params=params,
        )
        result = _execute(resources, instance, on_event)
        stats = instance.get_run_step_stats(result.run_id)
    outcome = RunOutcome(success=result.success)
    failed = [c for c in result.get_asset_check_evaluations() if not c.passed]
    outcome.failed_checks = [
        f"{c.asset_key.to_user_string()}:{c.check_name}: {c.description}" for c in failed
    ]
    outcome.blocked = [
        f"{c.asset_key.to_user_string()}:{c.check_name}: {c.description}"
        for c in failed
        if c.severity == dg.AssetCheckSeverity.ERROR
    ]
    # A failed blocking check also fails its step; its evaluation already says why.
    check_steps = {"__".join(c.asset_key.path) + "_" + c.check_name for c in failed}
    outcome.errors = [
        f"{e.step_key.replace('__', '/')}: {_root_cause(e.step_failure_data.error)}"
        for e in result.get_step_failure_events()
        if e.step_failure_data.error is not None and e.step_key not in check_steps
    ]
    outcome.stage_seconds = _stage_seconds(stats)
    # what this run built or kept; a stopped run leaves earlier runs' tables and report rows
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    if db_path.exists():
        con = db.connect(db_path, read_only=True)
        try:
            if db.table_exists(con, "quarantine", "load_report"):
                loads = load_summary(con)
                outcome.loads = [t for t in loads if f"staging/{t.table}" in materialized]
                outcome.not_loaded = [
                    t.name for t in INPUT_TABLES if f"staging/{t.name}" not in materialized
                ]
            outcome.evaluation, outcome.queue_size = queue_summary(con)
            # quarantine.<table> is kept with staging.<table>, under the same asset
            outcome.kept = [
                t
                for t in kept_tables(con, started)
                if t.replace("quarantine.", "staging.").replace(".", "/", 1) in materialized
            ]
        finally:
            con.close()
    report = {
        "success": outcome.success,
        "errors": outcome.errors,
        "failed_checks": outcome.failed_checks,
        "stopped_by": outcome.blocked,
        "stage_seconds": outcome.stage_seconds,
        "tables": as_dict(outcome.loads),
        "tables_not_loaded": outcome.not_loaded,
        "kept_from_previous_run": outcome.kept,
        "params": {"digest": params.digest(), "overrides": params.overrides()},
        "queue_cases": outcome.queue_size,
        "evaluation": outcome.evaluation,
    }
    (out_dir / "run_report.json").write_text(json.dumps(report, indent=2) + "\n")
    return outcome
