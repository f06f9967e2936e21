"""The identifier evidence tables, in build order."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import duckdb

from analytics import sql
from analytics.detectors.shape import Metadata, Step, count

if TYPE_CHECKING:
    from analytics.run_params import RunParams


def build_excluded_identifiers(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``graph.excluded_identifiers``: hub and crowd values that link nobody, with the reason."""
    sql.run(con, "graph/excluded_identifiers", asdict(params.identifier_evidence))
    by_kind = dict(
        con.execute(
            "select kind, count(*) from graph.excluded_identifiers group by 1 order by 1"
        ).fetchall()
    )
    return {"excluded_by_kind": by_kind}


def build_linkable_identifiers(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``graph.linkable_identifiers``: the shared, non-hub values with their kind's weight."""
    sql.run(con, "graph/linkable_identifiers", asdict(params.identifier_evidence))
    values = count(con, "select count(distinct (kind, value)) from graph.linkable_identifiers")
    return {"linkable_values": values}


STEPS = (
    Step(
        "graph/excluded_identifiers",
        build_excluded_identifiers,
        deps=("staging/account_identifiers",),
        description="Shared identifier values that link nobody (NATs, offices, hubs), with the "
        "reason.",
    ),
    Step(
        "graph/linkable_identifiers",
        build_linkable_identifiers,
        deps=("staging/account_identifiers", "graph/excluded_identifiers"),
        description="Identifier values shared by a few accounts, with their kind's weight: the "
        "evidence every detector weighing shared identifiers reads.",
    ),
)
