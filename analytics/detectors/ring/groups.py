"""Identity groups: connected components of strong links, split by Leiden where too large.

Follows Splink's round trip: SQL numbers the accounts densely, igraph works on integer
arrays, and the result goes back to DuckDB as a table.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import duckdb
import igraph as ig
import numpy as np
import polars as pl

from analytics import sql


@dataclass(frozen=True)
class GroupSummary:
    groups: int
    accounts_in_groups: int
    largest_group: int
    components_split: int


def _membership(
    n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray, max_size: int
) -> tuple[np.ndarray, int]:
    """Group label per vertex: components, with components above ``max_size`` split by
    Leiden modularity (its CPM default returns singletons) until every part fits or Leiden
    cannot split further."""
    graph = ig.Graph(n=n, edges=np.column_stack([src, dst]), directed=False)
    graph.es["weight"] = weight
    labels = np.asarray(graph.connected_components().membership, dtype=np.int64)
    next_label = labels.max() + 1 if n else 0
    sizes = np.bincount(labels) if n else np.array([], dtype=np.int64)
    split = 0
    queue = [int(c) for c in np.flatnonzero(sizes > max_size)]
    random.seed(0)  # igraph's Leiden draws from Python's RNG: same input, same groups
    while queue:
        label = queue.pop()
        members = np.flatnonzero(labels == label)
        sub = graph.induced_subgraph(members.tolist())
        parts = np.asarray(
            sub.community_leiden(
                objective_function="modularity", weights="weight", n_iterations=-1
            ).membership,
            dtype=np.int64,
        )
        if parts.size == 0 or parts.max() == 0:
            continue  # Leiden finds no better split: keep the dense block whole
        split += 1
        for part in range(1, parts.max() + 1):
            labels[members[parts == part]] = next_label
            if (parts == part).sum() > max_size:
                queue.append(next_label)
            next_label += 1
        if (parts == 0).sum() > max_size:
            queue.append(label)
    return labels, split


def find_identity_groups(con: duckdb.DuckDBPyConnection, max_group_size: int) -> GroupSummary:
    """Build ``graph.account_vertices`` and ``graph.identity_groups`` from strong links."""
    sql.run(con, "graph/account_vertices")
    n = con.execute("select count(*) from graph.account_vertices").fetchone()[0]
    edges = con.sql(
        """
        select a.vertex_id as src, b.vertex_id as dst, links.weight
        from graph.account_links as links
        inner join graph.account_vertices as a on a.account_id = links.account_a
        inner join graph.account_vertices as b on b.account_id = links.account_b
        where links.is_strong
        """
    ).pl()
    labels, split = _membership(
        n,
        edges["src"].to_numpy(),
        edges["dst"].to_numpy(),
        edges["weight"].to_numpy(),
        max_group_size,
    )
    con.register(
        "group_labels",
        pl.DataFrame({"vertex_id": np.arange(n, dtype=np.int64), "label": labels}),
    )
    try:
        sql.run(con, "graph/identity_groups")
    finally:
        con.unregister("group_labels")
    groups, accounts, largest = con.execute(
        "select count(distinct group_id), count(*), coalesce(max(group_size), 0) "
        "from graph.identity_groups"
    ).fetchone()
    return GroupSummary(groups, accounts, largest, split)
