"""The registry of patterns: the one list the queue, case ids, calibration, evaluation, exports
and the review app read. A pattern's facts (case-id prefix, score table, figures, detector) live
in its detector's folder; this module only lists them, in the order the queue reports them.

Adding a pattern: a folder ``analytics/detectors/<name>/`` with its params, steps, checks and a
``PATTERN``, and one line here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import duckdb

from analytics.detectors import contact_dropoff, identifier_evidence, immediate_hire, ring
from analytics.detectors.shape import Detector, Metadata, Pattern, Step

if TYPE_CHECKING:
    from analytics.run_params import RunParams

# Stages every pattern may read, built before any pattern's own steps.
SHARED: tuple[Detector, ...] = (identifier_evidence.DETECTOR,)

PATTERNS: list[Pattern] = [ring.PATTERN, immediate_hire.PATTERN, contact_dropoff.PATTERN]


def names() -> tuple[str, ...]:
    """The registered patterns' names, in registry order."""
    return tuple(p.name for p in PATTERNS)


def get(name: str) -> Pattern:
    """The registered pattern called ``name`` (KeyError naming the known ones otherwise)."""
    for pattern in PATTERNS:
        if pattern.name == name:
            return pattern
    raise KeyError(f"no pattern {name!r}; registered: {', '.join(names())}")


def detectors() -> tuple[Detector, ...]:
    """Every detector in build order: the shared stages, then each pattern's."""
    return (*SHARED, *(p.detector for p in PATTERNS))


@contextmanager
def registered(pattern: Pattern) -> Iterator[Pattern]:
    """Register ``pattern`` for the duration of a block (a plug-in, or a test's toy pattern)."""
    if pattern.name in names() or pattern.case_prefix in {p.case_prefix for p in PATTERNS}:
        raise ValueError(f"pattern {pattern.name!r} or its prefix is already registered")
    PATTERNS.append(pattern)
    try:
        yield pattern
    finally:
        PATTERNS.remove(pattern)


def build_order(wanted: tuple[Detector, ...]) -> list[Step]:
    """The steps of ``wanted`` and of every step they read (also another detector's: a ring
    score reads the immediate-hire cases), each after the tables it depends on; registry order
    among steps that are free to go."""
    producers = {step.table: step for d in detectors() for step in d.steps}
    needed: set[str] = set()
    todo = [step.table for d in wanted for step in d.steps]
    while todo:
        table = todo.pop()
        if table in needed or table not in producers:
            continue  # staging tables and other inputs are not steps
        needed.add(table)
        todo.extend(producers[table].deps)
    pending = [step for step in producers.values() if step.table in needed]
    ordered: list[Step] = []
    built: set[str] = set()
    while pending:
        ready = next(
            (s for s in pending if all(d in built or d not in needed for d in s.deps)), None
        )
        if ready is None:
            raise ValueError(f"steps depend on each other in a cycle: {[s.table for s in pending]}")
        ordered.append(ready)
        built.add(ready.table)
        pending.remove(ready)
    return ordered


def run_detectors(
    con: duckdb.DuckDBPyConnection,
    names: tuple[str, ...] | None = None,
    params: RunParams | None = None,
) -> dict[str, Metadata]:
    """Build the named patterns' tables (every pattern when None) and what they read, in
    dependency order, outside Dagster (tests, benchmarks, notebooks). Counts by table."""
    from analytics.run_params import RunParams

    params = params or RunParams.defaults()
    wanted = detectors() if names is None else tuple(get(name).detector for name in names)
    return {step.table: step.build(con, params) for step in build_order(wanted)}
