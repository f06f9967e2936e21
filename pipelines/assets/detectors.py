"""Detector layer: one asset per step of every detector, made from the steps themselves, so
the build order is written once (in each detector's ``steps.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg

from analytics import contract, patterns
from analytics.detectors.shape import Detector, Step
from pipelines.metadata import asset_key, table_metadata
from pipelines.progress import step_progress
from pipelines.resources import DuckDBResource, RunParameters


def as_metadata(values: Mapping[str, Any]) -> dict[str, Any]:
    """A step's counts as Dagster metadata: nested values as JSON."""
    return {
        key: dg.MetadataValue.json(value) if isinstance(value, dict | list) else value
        for key, value in values.items()
    }


# Every staged input table: a detector's first steps wait for all of them and their blocking
# checks, so a broken table stops every detector, not only the ones that read it.
STAGED_INPUTS = tuple(f"staging/{t.name}" for t in contract.INPUT_TABLES)


def _deps(step: Step) -> list[str]:
    """``step``'s tables, plus every staged input table when it reads nothing but staging."""
    if all(d.startswith("staging/") for d in step.deps):
        return [*step.deps, *(t for t in STAGED_INPUTS if t not in step.deps)]
    return list(step.deps)


def step_asset(detector: Detector, step: Step) -> dg.AssetsDefinition:
    """The asset that builds ``step``'s table with the run's parameters."""

    @dg.asset(
        key=asset_key(step.table),
        group_name=detector.name,
        deps=[asset_key(d) for d in _deps(step)],
        kinds=set(step.kinds),
        description=step.description,
    )
    def _asset(context, duckdb: DuckDBResource, params: RunParameters) -> dg.MaterializeResult:
        with duckdb.connect() as con:
            if step.reports_progress:
                progress = step_progress(context, step.table)
                counts = step.build(con, params.run_params(), progress=progress)
            else:
                counts = step.build(con, params.run_params())
            metadata = {**table_metadata(con, step.relation), **as_metadata(counts)}
        return dg.MaterializeResult(metadata=metadata)

    return _asset


def detector_assets(detector: Detector) -> list[dg.AssetsDefinition]:
    return [step_asset(detector, step) for step in detector.steps]


def all_detector_assets() -> list[dg.AssetsDefinition]:
    """Every registered detector's assets, shared stages first."""
    return [a for detector in patterns.detectors() for a in detector_assets(detector)]
