"""Ring layer: identity links and groups (graph), behaviour (features), score (scores)."""

from __future__ import annotations

import dagster as dg

from analytics.rings import detect
from analytics.rings.candidates import build_ring_candidates
from analytics.rings.dense_blocks import find_contract_blocks
from analytics.rings.groups import find_identity_groups
from analytics.rings.params import RingParams
from pipelines.metadata import asset_key as _key
from pipelines.metadata import table_metadata
from pipelines.resources import DuckDBResource

PARAMS = RingParams()


@dg.asset(
    key=_key("graph/excluded_identifiers"),
    group_name="rings",
    deps=[_key("staging/account_identifiers")],
    kinds={"duckdb"},
    description="Shared identifier values that link nobody (NATs, offices, hubs), with the reason.",
)
def excluded_identifiers(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        detect.build_excluded_identifiers(con, PARAMS)
        by_reason = dict(
            con.execute(
                "select kind, count(*) from graph.excluded_identifiers group by 1 order by 1"
            ).fetchall()
        )
        return dg.MaterializeResult(
            metadata={
                **table_metadata(con, "graph.excluded_identifiers"),
                "excluded_by_kind": dg.MetadataValue.json(by_reason),
            }
        )


@dg.asset(
    key=_key("graph/account_links"),
    group_name="rings",
    deps=[_key("graph/excluded_identifiers"), _key("staging/logins")],
    kinds={"duckdb"},
    description="Pairs of accounts sharing rare identifiers, weighted by rarity and kind.",
)
def account_links(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        _, strong = detect.build_account_links(con, PARAMS)
        return dg.MaterializeResult(
            metadata={**table_metadata(con, "graph.account_links"), "strong_links": strong}
        )


@dg.asset(
    key=_key("graph/identity_groups"),
    group_name="rings",
    deps=[_key("graph/account_links")],
    kinds={"duckdb", "igraph"},
    description="Accounts joined by strong identity links: igraph components, large ones split "
    "by Leiden modularity.",
)
def identity_groups(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        summary = find_identity_groups(con, PARAMS.max_group_size)
        return dg.MaterializeResult(
            metadata={
                **table_metadata(con, "graph.identity_groups"),
                "groups": summary.groups,
                "largest_group": summary.largest_group,
                "components_split_by_leiden": summary.components_split,
            }
        )


@dg.asset(
    key=_key("graph/contract_blocks"),
    group_name="rings",
    deps=[_key("graph/identity_groups"), _key("staging/payments")],
    kinds={"duckdb", "igraph"},
    description="Dense blocks of the client x freelancer contract graph (FRAUDAR-style peeling "
    "with identity groups as priors), for rings that share no identifier.",
)
def contract_blocks(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        blocks = find_contract_blocks(con, PARAMS)
        return dg.MaterializeResult(
            metadata={**table_metadata(con, "graph.contract_blocks"), "blocks": blocks}
        )


@dg.asset(
    key=_key("graph/ring_candidates"),
    group_name="rings",
    deps=[_key("graph/identity_groups"), _key("graph/contract_blocks")],
    kinds={"duckdb"},
    description="Identity groups plus the counterparties whose contracts concentrate on them.",
)
def ring_candidates(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        candidates = build_ring_candidates(con, PARAMS)
        return dg.MaterializeResult(
            metadata={**table_metadata(con, "graph.ring_candidates"), "candidates": candidates}
        )


@dg.asset(
    key=_key("features/ring_behaviour"),
    group_name="rings",
    deps=[_key("graph/ring_candidates"), _key("staging/payments")],
    kinds={"duckdb"},
    description="What each candidate's members did to each other: contracts, money, reciprocity.",
)
def ring_behaviour(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        detect.build_ring_behaviour(con)
        return dg.MaterializeResult(metadata=table_metadata(con, "features.ring_behaviour"))


@dg.asset(
    key=_key("scores/rings"),
    group_name="rings",
    deps=[_key("features/ring_behaviour")],
    kinds={"duckdb"},
    description="One ring score in [0, 1] per candidate with the reasons behind it.",
)
def ring_scores(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        _, high = detect.score_rings(con)
        return dg.MaterializeResult(
            metadata={**table_metadata(con, "scores.rings"), "scored_at_least_half": high}
        )


ring_assets = [
    excluded_identifiers,
    account_links,
    identity_groups,
    contract_blocks,
    ring_candidates,
    ring_behaviour,
    ring_scores,
]
