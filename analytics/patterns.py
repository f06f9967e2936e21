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
from analytics.detectors.shape import Detector, Metadata, Pattern, run_steps

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


def run_detectors(
    con: duckdb.DuckDBPyConnection,
    names: tuple[str, ...] | None = None,
    params: RunParams | None = None,
) -> dict[str, Metadata]:
    """Build the shared stages, then the named patterns' tables (every pattern when None), in
    order, outside Dagster (tests, benchmarks, notebooks). Each step's counts by table."""
    wanted = (*SHARED, *(get(name).detector for name in (names or ())))
    if names is None:
        wanted = detectors()
    return {table: meta for d in wanted for table, meta in run_steps(con, d, params).items()}
