"""Immediate-hire layer: the hire funnel per contract, fresh clients per freelancer, the cases."""

from __future__ import annotations

import dagster as dg

from analytics import immediate_hire, quality
from analytics.immediate_hire import ImmediateHireParams
from pipelines.checks import _check
from pipelines.metadata import asset_key as _key
from pipelines.metadata import table_metadata
from pipelines.resources import DuckDBResource

PARAMS = ImmediateHireParams()
GROUP = "immediate_hire"


@dg.asset(
    key=_key("features/hire_funnel"),
    group_name=GROUP,
    deps=[
        _key("staging/accounts"),
        _key("staging/contracts"),
        _key("staging/payments"),
        _key("staging/logins"),
        _key("staging/account_identifiers"),
        _key("graph/excluded_identifiers"),
    ],
    kinds={"duckdb"},
    description="Per contract: minutes from the client's sign-up to the hire, competition, rare "
    "identifiers the pair shares (hubs excluded), and the money right after the hire.",
)
def hire_funnel(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        _, fresh, linked = immediate_hire.build_hire_funnel(con, PARAMS)
        return dg.MaterializeResult(
            metadata={
                **table_metadata(con, "features.hire_funnel"),
                "fresh_immediate": fresh,
                "fresh_immediate_linked": linked,
            }
        )


@dg.asset(
    key=_key("features/freelancer_fresh_clients"),
    group_name=GROUP,
    deps=[_key("features/hire_funnel")],
    kinds={"duckdb"},
    description="Per freelancer: how many clients were fresh accounts that hired them at once, "
    "and over how long.",
)
def freelancer_fresh_clients(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        with_fresh, hubs = immediate_hire.build_freelancer_fresh_clients(con, PARAMS)
        return dg.MaterializeResult(
            metadata={
                **table_metadata(con, "features.freelancer_fresh_clients"),
                "freelancers_with_fresh_clients": with_fresh,
                "hub_freelancers": hubs,
            }
        )


@dg.asset(
    key=_key("scores/immediate_hires"),
    group_name=GROUP,
    deps=[_key("features/hire_funnel"), _key("features/freelancer_fresh_clients")],
    kinds={"duckdb"},
    description="One immediate-hire score in [0, 1] per case (a contract, or a freelancer hub of "
    "fresh clients) with the reasons behind it.",
)
def immediate_hire_scores(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        _, high = immediate_hire.score_immediate_hires(con, PARAMS)
        by_kind = dict(
            con.execute(
                "select case_kind, count(*) from scores.immediate_hires group by 1 order by 1"
            ).fetchall()
        )
        return dg.MaterializeResult(
            metadata={
                **table_metadata(con, "scores.immediate_hires"),
                "scored_at_least_half": high,
                "cases_by_kind": dg.MetadataValue.json(by_kind),
            }
        )


immediate_hire_assets = [hire_funnel, freelancer_fresh_clients, immediate_hire_scores]

immediate_hire_checks = [
    _check(
        "scores/immediate_hires",
        "scores_well_formed",
        lambda con: quality.scores_well_formed(con, "scores.immediate_hires", "case_id"),
        "Scores in [0, 1], one row per case, reasons for every non-zero score.",
    ),
    _check(
        "scores/immediate_hires",
        "contracts_in_one_case",
        immediate_hire.contracts_in_one_case,
        "A contract is evidence in one case only: a hub's contracts are not queued again.",
    ),
    _check(
        "features/hire_funnel",
        "fresh_share_plausible",
        immediate_hire.fresh_share_plausible,
        "Warns when over 5% of contracts look like fresh immediate hires: sign-up times are "
        "probably first-activity times.",
        blocking=False,
    ),
]
