"""The immediate-hire detector's tables in build order.

A freelancer who wants fake feedback or a client off the books makes (or steers) a fresh client
account that hires them at once: no competition, the client's only contract, often from the
freelancer's own device or network, sometimes a large payment straight away. Speed and the
absence of competition are the gate (a real new client who posts a job and reads proposals is
normal, however fast); what the two accounts share, the money and whether the client vanishes
afterwards are the evidence.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import duckdb

from analytics import sql
from analytics.detectors.shape import Metadata, Step

if TYPE_CHECKING:
    from analytics.run_params import RunParams


def _knobs(params: RunParams) -> dict[str, object]:
    return {**asdict(params.identifier_evidence), **asdict(params.immediate_hire)}


def build_hire_funnel(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``features.hire_funnel``: per contract, the timing, sharing and money of the hire."""
    sql.run(con, "features/hire_funnel", _knobs(params))
    fresh, linked = con.execute(
        "select count(*) filter (where fresh_immediate), "
        "count(*) filter (where fresh_immediate and link_strength > 0) from features.hire_funnel"
    ).fetchone()
    return {"fresh_immediate": fresh, "fresh_immediate_linked": linked}


def build_freelancer_fresh_clients(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``features.freelancer_fresh_clients``: per freelancer, the fresh clients that hired them."""
    sql.run(con, "features/freelancer_fresh_clients", _knobs(params))
    with_fresh, hubs = con.execute(
        "select count(*) filter (where fresh_clients > 0), "
        "count(*) filter (where fresh_clients >= $hub) from features.freelancer_fresh_clients",
        {"hub": params.immediate_hire.hub_min_clients},
    ).fetchone()
    return {"freelancers_with_fresh_clients": with_fresh, "hub_freelancers": hubs}


def score_immediate_hires(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``scores.immediate_hires``: one score and its reasons per case."""
    sql.run(con, "scores/immediate_hires", _knobs(params))
    high = con.execute("select count(*) from scores.immediate_hires where score >= 0.5").fetchone()
    by_kind = dict(
        con.execute(
            "select case_kind, count(*) from scores.immediate_hires group by 1 order by 1"
        ).fetchall()
    )
    return {"scored_at_least_half": high[0], "cases_by_kind": by_kind}


STEPS = (
    Step(
        "features/hire_funnel",
        build_hire_funnel,
        deps=(
            "staging/accounts",
            "staging/contracts",
            "staging/payments",
            "staging/logins",
            "graph/linkable_identifiers",
        ),
        description="Per contract: minutes from the client's sign-up to the hire, competition, "
        "rare identifiers the pair shares (hubs excluded), and the money right after the hire.",
    ),
    Step(
        "features/freelancer_fresh_clients",
        build_freelancer_fresh_clients,
        deps=("features/hire_funnel",),
        description="Per freelancer: how many clients were fresh accounts that hired them at "
        "once, and over how long.",
    ),
    Step(
        "scores/immediate_hires",
        score_immediate_hires,
        deps=("features/hire_funnel", "features/freelancer_fresh_clients"),
        description="One immediate-hire score in [0, 1] per case (a contract, or a freelancer "
        "hub of fresh clients) with the reasons behind it.",
    ),
)
