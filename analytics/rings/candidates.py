"""Ring candidates: identity groups grown by contracts, plus contract blocks, merged where
they overlap so one group of accounts is one case."""

from __future__ import annotations

import duckdb
import igraph as ig
import numpy as np
import polars as pl

from analytics import sql
from analytics.rings.params import RingParams


def merge_parts(parts: pl.DataFrame) -> pl.DataFrame:
    """Map each part_id to the smallest part_id of its overlap component (parts sharing an
    account, directly or through other parts, become one candidate)."""
    part_ids = parts["part_id"].unique().sort()
    accounts = parts["account_id"].unique().sort()
    n_parts = part_ids.len()
    part_index = pl.DataFrame({"part_id": part_ids, "p": np.arange(n_parts)})
    account_index = pl.DataFrame(
        {"account_id": accounts, "a": np.arange(n_parts, n_parts + accounts.len())}
    )
    edges = parts.join(part_index, on="part_id").join(account_index, on="account_id")
    graph = ig.Graph(
        n=n_parts + accounts.len(),
        edges=np.column_stack([edges["p"].to_numpy(), edges["a"].to_numpy()]),
    )
    component = np.asarray(graph.connected_components().membership)[:n_parts]
    return (
        part_index.with_columns(pl.Series("component", component))
        .with_columns(pl.col("part_id").min().over("component").alias("candidate_id"))
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
    con.register("part_merge", merge_parts(parts))
    try:
        sql.run(con, "graph/ring_candidates")
    finally:
        con.unregister("part_merge")
    return con.execute("select count(distinct candidate_id) from graph.ring_candidates").fetchone()[
        0
    ]
