"""Ring candidates: identity groups grown by contracts, plus contract blocks, merged where
they overlap so one group of accounts is one case."""

from __future__ import annotations

import duckdb
import igraph as ig
import numpy as np
import polars as pl

from analytics import sql
from analytics.detectors.ring.params import RingParams


def merge_parts(parts: pl.DataFrame, hiring: pl.DataFrame) -> pl.DataFrame:
    """Map each part_id to the id of its component: parts that share an account, or identity
    groups that hire each other (``hiring``: part_a, part_b), become one candidate, named after
    its smallest identity group (idg-...), or its smallest block (blk-...) when it has none."""
    part_ids = parts["part_id"].unique().sort()
    accounts = parts["account_id"].unique().sort()
    n_parts = part_ids.len()
    part_index = pl.DataFrame({"part_id": part_ids, "p": np.arange(n_parts)})
    account_index = pl.DataFrame(
        {"account_id": accounts, "a": np.arange(n_parts, n_parts + accounts.len())}
    )
    edges = parts.join(part_index, on="part_id").join(account_index, on="account_id")
    between = hiring.join(part_index, left_on="part_a", right_on="part_id").join(
        part_index, left_on="part_b", right_on="part_id", suffix="_b"
    )
    graph = ig.Graph(
        n=n_parts + accounts.len(),
        edges=np.vstack(
            [
                np.column_stack([edges["p"].to_numpy(), edges["a"].to_numpy()]),
                np.column_stack([between["p"].to_numpy(), between["p_b"].to_numpy()]),
            ]
        ),
    )
    component = np.asarray(graph.connected_components().membership)[:n_parts]
    return (
        part_index.with_columns(pl.Series("component", component))
        .with_columns(
            pl.col("part_id")
            .sort_by(pl.col("part_id").str.starts_with("blk-"), pl.col("part_id"))
            .first()
            .over("component")
            .alias("candidate_id")
        )
        .select("part_id", "candidate_id")
    )


def build_ring_candidates(con: duckdb.DuckDBPyConnection, params: RingParams) -> int:
    """``graph.ring_candidate_parts`` then the merged ``graph.ring_candidates``."""
    sql.run(
        con,
        "graph/ring_candidate_parts",
        {"absorb_min_contracts": params.absorb_min_contracts, "absorb_share": params.absorb_share},
    )
    parts = con.sql("select distinct part_id, account_id from graph.ring_candidate_parts").pl()
    hiring = con.sql(
        """
        select clients.group_id as part_a, freelancers.group_id as part_b
        from staging.contracts as contracts
        inner join graph.identity_groups as clients on clients.account_id = contracts.client_id
        inner join graph.identity_groups as freelancers
            on freelancers.account_id = contracts.freelancer_id
        where clients.group_id <> freelancers.group_id
        group by all
        having count(*) >= $min_contracts
        """,
        params={"min_contracts": params.absorb_min_contracts},
    ).pl()
    con.register("part_merge", merge_parts(parts, hiring))
    try:
        sql.run(con, "graph/ring_candidates")
    finally:
        con.unregister("part_merge")
    return con.execute("select count(distinct candidate_id) from graph.ring_candidates").fetchone()[
        0
    ]
