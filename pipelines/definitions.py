"""The Dagster code location: `dagster dev -w workspace.yaml` loads `defs` from here.

Paths come from RINGWATCH_INPUT, RINGWATCH_DB and RINGWATCH_TEMP so that the UI, the schedule
and `ringwatch run` (which passes its own resources) run the very same assets. RINGWATCH_AS_OF,
when set, is the export's as-of time (ingest.as_of, as `ringwatch run --as-of`); the launchpad
can set it too, under resources.params.config.ingest.as_of.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from analytics.queue.decisions import default_store
from analytics.run_params import RunParams
from pipelines.assets.detectors import all_detector_assets
from pipelines.assets.queue import queue_assets
from pipelines.assets.staging import account_identifiers, ingest_assets
from pipelines.checks import all_detector_checks, queue_checks, staging_checks
from pipelines.resources import (
    DecisionsStore,
    DuckDBResource,
    InputFolder,
    OutputFolder,
    run_parameters,
)

all_assets = [*ingest_assets, account_identifiers, *all_detector_assets(), *queue_assets]
all_checks = [*staging_checks, *all_detector_checks(), *queue_checks]

daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    target=dg.AssetSelection.all(),
    cron_schedule="0 4 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Rebuild every table from the day's export; off until a data engineer turns it on.",
)


def resources_for(
    input_dir: str,
    db_path: str,
    out_dir: str | None = None,
    *,
    decisions: str | None = None,
    memory_limit: str | None = None,
    temp_dir: str | None = None,
    params: RunParams | None = None,
) -> dict[str, object]:
    """The resources for one run: input folder, database file, exports folder, decisions and
    the parameters (defaults unless given; in the launchpad, resources.params.config)."""
    return {
        "params": run_parameters(params),
        "input_folder": InputFolder(path=input_dir),
        "duckdb": DuckDBResource(path=db_path, memory_limit=memory_limit, temp_directory=temp_dir),
        "output": OutputFolder(path=out_dir or str(Path(db_path).parent / "out")),
        "decisions": DecisionsStore(path=decisions or str(default_store(db_path))),
    }


defs = dg.Definitions(
    # In process: one DuckDB file has one writer, so steps run one after another in the
    # process that holds it (and start in 2 s instead of 10).
    executor=dg.in_process_executor,
    assets=all_assets,
    asset_checks=all_checks,
    schedules=[daily_refresh],
    resources=resources_for(
        os.getenv("RINGWATCH_INPUT", "data/demo/input"),
        os.getenv("RINGWATCH_DB", "data/demo/ringwatch.duckdb"),
        os.getenv("RINGWATCH_OUT", "data/demo/out"),
        decisions=os.getenv("RINGWATCH_DECISIONS"),
        memory_limit=os.getenv("RINGWATCH_MEMORY_LIMIT"),
        temp_dir=os.getenv("RINGWATCH_TEMP"),
        params=RunParams.defaults().with_overrides(
            {"ingest": {"as_of": os.getenv("RINGWATCH_AS_OF", "")}}, source="RINGWATCH_AS_OF"
        ),
    ),
)
