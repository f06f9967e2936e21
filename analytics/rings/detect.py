"""The ring detector step by step (one function per table) and end to end."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analytics import sql
from analytics.rings.candidates import build_ring_candidates
from analytics.rings.dense_blocks import find_contract_blocks
from analytics.rings.groups import GroupSummary, find_identity_groups
from analytics.rings.params import RingParams


@dataclass(frozen=True)
class RingSummary:
    excluded_values: int
    links: int
    strong_links: int
    groups: GroupSummary
    candidates: int
    scored_above_half: int


def _count(con: duckdb.DuckDBPyConnection, query: str) -> int:
    return con.execute(query).fetchone()[0]


def build_excluded_identifiers(con: duckdb.DuckDBPyConnection, params: RingParams) -> int:
    """``graph.excluded_identifiers``: hub values that link nobody, with the reason."""
    sql.run(
        con,
        "graph/excluded_identifiers",
        {
            "hub_quantile": params.hub_quantile,
            "hub_floor": params.hub_floor,
            "hub_ceiling": params.hub_ceiling,
        },
    )
    return _count(con, "select count(*) from graph.excluded_identifiers")


def build_account_links(con: duckdb.DuckDBPyConnection, params: RingParams) -> tuple[int, int]:
    """``graph.account_links``: weighted pairs of accounts sharing rare identifiers."""
    sql.run(
        con,
        "graph/account_links",
        {
            "weight_instrument": params.weight_instrument,
            "weight_email": params.weight_email,
            "weight_phone": params.weight_phone,
            "weight_device": params.weight_device,
            "weight_ip": params.weight_ip,
            "strong_link": params.strong_link,
            "rare_up_to": params.rare_up_to,
        },
    )
    links, strong = con.execute(
        "select count(*), count(*) filter (where is_strong) from graph.account_links"
    ).fetchone()
    return links, strong


def build_ring_behaviour(con: duckdb.DuckDBPyConnection) -> int:
    """``features.ring_behaviour``: contracts and money inside each candidate."""
    sql.run(con, "features/ring_behaviour")
    return _count(con, "select count(*) from features.ring_behaviour")


def score_rings(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """``scores.rings``: one score and its reasons per candidate."""
    sql.run(con, "scores/rings")
    total, high = con.execute(
        "select count(*), count(*) filter (where score >= 0.5) from scores.rings"
    ).fetchone()
    return total, high


def detect_rings(con: duckdb.DuckDBPyConnection, params: RingParams | None = None) -> RingSummary:
    """Every ring table in order, from staging to ``scores.rings``."""
    params = params or RingParams()
    excluded = build_excluded_identifiers(con, params)
    links, strong = build_account_links(con, params)
    groups = find_identity_groups(con, params.max_group_size)
    find_contract_blocks(con, params)
    build_ring_candidates(con, params)
    build_ring_behaviour(con)
    candidates, high = score_rings(con)
    return RingSummary(excluded, links, strong, groups, candidates, high)
