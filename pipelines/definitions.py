"""The Dagster code location: `dagster dev -w workspace.yaml` loads `defs` from here.

Paths come from RINGWATCH_INPUT, RINGWATCH_DB and RINGWATCH_TEMP so that the UI, the schedule
and `ringwatch run` (which passes its own resources) run the very same assets.
"""

from __future__ import annotations

import os

import dagster as dg

from pipelines.assets.immediate_hire import immediate_hire_assets, immediate_hire_checks
from pipelines.assets.rings import ring_assets
from pipelines.assets.staging import account_identifiers, ingest_assets
from pipelines.checks import ring_checks, staging_checks
from pipelines.resources import DuckDBResource, InputFolder

all_assets = [*ingest_assets, account_identifiers, *ring_assets, *immediate_hire_assets]
all_checks = [*staging_checks, *ring_checks, *immediate_hire_checks]

daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    target=dg.AssetSelection.all(),
    cron_schedule="0 4 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Rebuild every table from the day's export; off until a data engineer turns it on.",
)


def resources_for(
    input_dir: str, db_path: str, *, memory_limit: str | None = None, temp_dir: str | None = None
) -> dict[str, object]:
    """The resources for one run: which input folder, which database file."""
    return {
        "input_folder": InputFolder(path=input_dir),
        "duckdb": DuckDBResource(path=db_path, memory_limit=memory_limit, temp_directory=temp_dir),
    }


defs = dg.Definitions(
    assets=all_assets,
    asset_checks=all_checks,
    schedules=[daily_refresh],
    resources=resources_for(
        os.getenv("RINGWATCH_INPUT", "data/demo/input"),
        os.getenv("RINGWATCH_DB", "data/demo/ringwatch.duckdb"),
        memory_limit=os.getenv("RINGWATCH_MEMORY_LIMIT"),
        temp_dir=os.getenv("RINGWATCH_TEMP"),
    ),
)
