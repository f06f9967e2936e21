"""The shape every detector has: parameters, steps in order, checks.

A step builds one table (named ``schema/table``, like its ``sql/`` file and its Dagster asset)
from the tables it depends on and returns a few counts for the run's metadata (never row
values: they hold emails, phones and message text). Running a detector is running its steps
in order; the Dagster assets are made from the same steps, so the order is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    from analytics.quality import CheckOutcome
    from analytics.run_params import RunParams

Metadata = Mapping[str, Any]


@dataclass(frozen=True)
class Step:
    """One table of a detector: how to build it, what it reads, what it is."""

    table: str  # "graph/account_links": the asset key, and the sql/ file when there is one
    build: Callable[[duckdb.DuckDBPyConnection, RunParams], Metadata]
    deps: tuple[str, ...]  # the tables (assets) it reads
    description: str
    kinds: frozenset[str] = frozenset({"duckdb"})
    # build also takes ``progress=`` (analytics.progress) and reports what it counts
    reports_progress: bool = False

    @property
    def relation(self) -> str:
        """``schema.table`` as DuckDB names it."""
        return self.table.replace("/", ".")


@dataclass(frozen=True)
class Check:
    """A check on one of a detector's tables; a blocking one stops what reads the table."""

    table: str
    name: str
    run: Callable[[duckdb.DuckDBPyConnection, RunParams], CheckOutcome]
    description: str
    blocking: bool = True


@dataclass(frozen=True)
class Detector:
    """A detector's parameters (its TOML section), steps in build order, and checks."""

    name: str  # the params section and the Dagster group
    params: type
    steps: tuple[Step, ...]
    checks: tuple[Check, ...] = field(default=())
    doc: str = ""


def run_steps(
    con: duckdb.DuckDBPyConnection, detector: Detector, params: RunParams | None = None
) -> dict[str, Metadata]:
    """Build every table of ``detector`` in order; each step's metadata by table."""
    from analytics.run_params import RunParams

    params = params or RunParams.defaults()
    return {step.table: step.build(con, params) for step in detector.steps}


def count(con: duckdb.DuckDBPyConnection, query: str, parameters: Any = None) -> Any:
    """The single value of a one-row, one-column query (counts for metadata)."""
    return con.execute(query, parameters).fetchone()[0]


@dataclass(frozen=True)
class Figures:
    """The numbers behind a pattern's reasons, for the case page: (column, label) read from
    ``table`` where ``key`` (a column or an expression of columns) equals the case's key."""

    table: str
    key: str
    columns: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Pattern:
    """A kind of case the queue holds: what the registry (``analytics.patterns``) lists and the
    queue, case ids, calibration, evaluation, exports and the review app read."""

    name: str  # as in the queue's pattern column and labels.pattern
    case_prefix: str  # case ids read "<prefix>-<digest>"
    title: str  # for people: the queue page's filter, the case page's heading
    detector: Detector
    # The detector's score table and its key column; the table has at least score,
    # account_ids, contract_ids and reasons (the queue's common shape).
    score_table: str
    key_column: str
    figures: Figures | None = None

    def __post_init__(self) -> None:
        import re

        for value in (self.name, self.case_prefix):
            if not re.fullmatch(r"[a-z][a-z_]*", value):
                raise ValueError(f"pattern names and prefixes are lowercase words: {value!r}")
        if not re.fullmatch(r"[a-z_]+\.[a-z_]+", self.score_table):
            raise ValueError(f"score table must be schema.table: {self.score_table!r}")
        if not re.fullmatch(r"[a-z_]+", self.key_column):
            raise ValueError(f"key column must be a column name: {self.key_column!r}")
