"""Checks on the immediate-hire detector's tables."""

from __future__ import annotations

import duckdb

from analytics import quality
from analytics.detectors.shape import Check
from analytics.quality import CheckOutcome


def contracts_in_one_case(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """Every contract is evidence in at most one case: a hub's contracts are not queued again."""
    (repeated,) = con.execute(
        "select count(*) from (select contract_id from scores.immediate_hires, "
        "unnest(contract_ids) as t(contract_id) group by contract_id having count(*) > 1)"
    ).fetchone()
    return CheckOutcome(
        repeated == 0,
        f"{repeated} contracts are evidence in more than one case",
        {"repeated_contracts": repeated},
    )


def fresh_share_plausible(con: duckdb.DuckDBPyConnection, limit: float) -> CheckOutcome:
    """Warns when many contracts look like fresh immediate hires.

    On a real marketplace they are rare; a large share usually means the export's sign-up time
    is really the first activity (or the first contract), which makes every client look fresh.
    """
    contracts, fresh = con.execute(
        "select count(*), count(*) filter (where fresh_immediate) from features.hire_funnel"
    ).fetchone()
    share = fresh / contracts if contracts else 0.0
    return CheckOutcome(
        share <= limit,
        f"{fresh} of {contracts} contracts ({share:.1%}) are fresh immediate hires "
        f"(warning above {limit:.0%})",
        {"fresh_immediate": fresh, "contracts": contracts},
    )


CHECKS = (
    Check(
        "scores/immediate_hires",
        "scores_well_formed",
        lambda con, p: quality.scores_well_formed(con, "scores.immediate_hires", "case_id"),
        "Scores in [0, 1], one row per case, reasons for every non-zero score.",
    ),
    Check(
        "scores/immediate_hires",
        "contracts_in_one_case",
        lambda con, p: contracts_in_one_case(con),
        "A contract is evidence in one case only: a hub's contracts are not queued again.",
    ),
    Check(
        "features/hire_funnel",
        "fresh_share_plausible",
        lambda con, p: fresh_share_plausible(con, p.immediate_hire.fresh_share_warning),
        "Warns when more than fresh_share_warning of contracts look like fresh immediate hires: "
        "sign-up times are probably first-activity times.",
        blocking=False,
    ),
)
