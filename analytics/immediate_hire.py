"""New-client-immediate-hire: client accounts made minutes before they hire one freelancer.

A freelancer who wants fake feedback or a client off the books makes (or steers) a fresh client
account that hires them at once: no competition, the client's only contract, often from the
freelancer's own device or network, sometimes a large payment straight away. Speed and the
absence of competition are the gate (a real new client who posts a job and reads proposals is
normal, however fast); what the two accounts share, the money and whether the client vanishes
afterwards are the evidence. One function per table, in order, then the whole detector.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import duckdb

from analytics import sql
from analytics.quality import CheckOutcome


@dataclass(frozen=True)
class ImmediateHireParams:
    # A proposal or none is no competition: an invite target, or a post nobody else bid on.
    max_proposals: int = 1
    # "Fresh immediate": the client's first contract, this soon after its sign-up, no competition.
    fresh_minutes: int = 60
    # An IP links the pair only when both used it this close to the client's sign-up or the hire:
    # a freelancer's home address years apart proves little.
    ip_window_hours: int = 24
    # Money paid this soon after the hire is the "immediate payment".
    early_days: int = 7
    # Rarity: a value used by up to this many accounts is fully rare, then rare_up_to / n_accounts.
    rare_up_to: int = 2
    # Evidence per kind, as in the ring detector: a mailbox, phone or card is nearly an identity,
    # a device slightly less (family computers), an IP in the window less again.
    weight_instrument: float = 0.9
    weight_email: float = 0.95
    weight_phone: float = 0.9
    weight_device: float = 0.85
    weight_ip: float = 0.7
    # Only contracts hired this soon after the client's sign-up become cases at all.
    candidate_hours: int = 24
    # Speed halves at this many minutes (1 / (1 + (m / half)^2)): flat for the first minutes.
    speed_half_minutes: float = 60.0
    # Openness halves with every this many proposals beyond max_proposals.
    competition_half: float = 2.0
    # Early payments above this percent rank (per currency) start to count as large.
    big_rank: float = 0.75
    # A client whose last activity came within this many days of the hire "went quiet".
    quiet_days: int = 14
    # Weights of the parts (sum 1): a shared rare identifier is the strongest evidence; a client
    # that vanishes and a large payment next; being the first contract alone is nearly nothing,
    # because every honest new client's first contract is one.
    w_first: float = 0.10
    w_link: float = 0.40
    w_money: float = 0.25
    w_quiet: float = 0.25
    # A freelancer with this many fresh immediate clients is one hub case.
    hub_min_clients: int = 2
    # A hub's breadth, 1 - exp(-(fresh clients - 1) / scale), stands in for a shared identifier:
    # 0.39 for two fresh clients, 0.63 for three, 0.86 for five.
    hub_breadth_scale: float = 2.0
    # Other candidate contracts of a hub freelancer scoring at least this join the hub; the rest
    # are not queued (the freelancer is already under review).
    hub_absorb_score: float = 0.3


@dataclass(frozen=True)
class ImmediateHireSummary:
    contracts: int
    fresh_immediate: int
    linked_fresh: int
    freelancers_with_fresh: int
    hubs: int
    cases: int
    scored_above_half: int


def _one(con: duckdb.DuckDBPyConnection, query: str) -> Any:
    return con.execute(query).fetchone()[0]


def build_hire_funnel(
    con: duckdb.DuckDBPyConnection, params: ImmediateHireParams | None = None
) -> tuple[int, int, int]:
    """``features.hire_funnel``: per contract, the timing, sharing and money of the hire.

    Needs ``graph.excluded_identifiers`` (built by the ring detector) so that NATs and offices
    never count as a link. Returns (contracts, fresh immediate hires, those with a link).
    """
    sql.run(con, "features/hire_funnel", asdict(params or ImmediateHireParams()))
    return con.execute(
        "select count(*), count(*) filter (where fresh_immediate), "
        "count(*) filter (where fresh_immediate and link_strength > 0) from features.hire_funnel"
    ).fetchone()


def build_freelancer_fresh_clients(
    con: duckdb.DuckDBPyConnection, params: ImmediateHireParams | None = None
) -> tuple[int, int]:
    """``features.freelancer_fresh_clients``: per freelancer, the fresh clients that hired them.

    Returns (freelancers with a fresh client, freelancers with enough to be a hub).
    """
    params = params or ImmediateHireParams()
    sql.run(con, "features/freelancer_fresh_clients")
    return con.execute(
        "select count(*) filter (where fresh_clients > 0), "
        "count(*) filter (where fresh_clients >= $hub) from features.freelancer_fresh_clients",
        {"hub": params.hub_min_clients},
    ).fetchone()


def score_immediate_hires(
    con: duckdb.DuckDBPyConnection, params: ImmediateHireParams | None = None
) -> tuple[int, int]:
    """``scores.immediate_hires``: one score and its reasons per case. Returns (cases, >= 0.5)."""
    sql.run(con, "scores/immediate_hires", asdict(params or ImmediateHireParams()))
    return con.execute(
        "select count(*), count(*) filter (where score >= 0.5) from scores.immediate_hires"
    ).fetchone()


def detect_immediate_hires(
    con: duckdb.DuckDBPyConnection, params: ImmediateHireParams | None = None
) -> ImmediateHireSummary:
    """Every immediate-hire table in order, from staging (and the hub list) to the scores."""
    params = params or ImmediateHireParams()
    contracts, fresh, linked = build_hire_funnel(con, params)
    with_fresh, hubs = build_freelancer_fresh_clients(con, params)
    cases, high = score_immediate_hires(con, params)
    return ImmediateHireSummary(contracts, fresh, linked, with_fresh, hubs, cases, high)


def contracts_in_one_case(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """Every contract is evidence in at most one case: a hub's contracts are not queued again."""
    repeated = _one(
        con,
        "select count(*) from (select contract_id from scores.immediate_hires, "
        "unnest(contract_ids) as t(contract_id) group by contract_id having count(*) > 1)",
    )
    return CheckOutcome(
        repeated == 0,
        f"{repeated} contracts are evidence in more than one case",
        {"repeated_contracts": repeated},
    )


def fresh_share_plausible(con: duckdb.DuckDBPyConnection, limit: float = 0.05) -> CheckOutcome:
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
