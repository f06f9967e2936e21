"""Dense blocks in the client x freelancer contract graph, for rings identity links miss.

FRAUDAR (Hooi et al., KDD 2016) greedily peels the node whose removal costs the least
"suspiciousness" and keeps the densest prefix; edges to popular freelancers weigh less
(1 / log(degree + 5)), so a ring cannot hide by also hiring popular outsiders, and node priors
let identity groups pull a block towards them. Here the peel is batched (Bahmani, Kumar and
Vassilvitskii, VLDB 2012): every node whose contribution is below (1 + eps) times the average
goes at once, so one peel is a few dozen numpy passes over shrinking arrays rather than a
Python priority queue.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import igraph as ig
import numpy as np
import polars as pl

from analytics import sql
from analytics.detectors.ring.params import RingParams


@dataclass(frozen=True)
class Block:
    nodes: np.ndarray  # vertex ids
    density: float  # (sum of priors + sum of edge weights) / nodes


def peel_densest(
    n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray, prior: np.ndarray, eps: float
) -> Block:
    """The densest node set found by batched greedy peeling of one graph."""
    nodes = np.arange(n)
    best_density, best_nodes = -1.0, nodes
    while nodes.size:
        index = np.full(n, -1)
        index[nodes] = np.arange(nodes.size)
        s, d = index[src], index[dst]
        contribution = prior[nodes] + np.bincount(s, weight, nodes.size)
        contribution += np.bincount(d, weight, nodes.size)
        mass = prior[nodes].sum() + weight.sum()
        density = mass / nodes.size
        if density > best_density:
            best_density, best_nodes = density, nodes
        average = contribution.sum() / nodes.size
        keep = contribution > (1 + eps) * average
        if keep.all():
            keep = contribution > contribution.min()
        nodes = nodes[keep]
        alive = np.zeros(n, dtype=bool)
        alive[nodes] = True
        edges = alive[src] & alive[dst]
        src, dst, weight = src[edges], dst[edges], weight[edges]
    return Block(best_nodes, float(best_density))


def find_dense_blocks(
    n: int,
    src: np.ndarray,
    dst: np.ndarray,
    weight: np.ndarray,
    prior: np.ndarray,
    *,
    max_blocks: int,
    min_density: float,
    min_size: int,
    eps: float,
) -> list[Block]:
    """Blocks one after another, each peeled from what the earlier blocks left, until the
    densest remaining block is thinner than ``min_density``."""
    blocks: list[Block] = []
    taken = np.zeros(n, dtype=bool)
    for _ in range(max_blocks * 3):
        if len(blocks) >= max_blocks:
            break
        edges = ~(taken[src] | taken[dst])
        if not edges.any():
            break
        block = peel_densest(
            n, src[edges], dst[edges], weight[edges], np.where(taken, 0.0, prior), eps
        )
        if block.density < min_density:
            break
        taken[block.nodes] = True
        if block.nodes.size >= min_size:
            blocks.append(block)
    return blocks


def contract_block_labels(
    n: int,
    src: np.ndarray,
    dst: np.ndarray,
    weight: np.ndarray,
    prior: np.ndarray,
    *,
    max_size: int,
    min_density: float,
    min_size: int,
    eps: float,
) -> np.ndarray:
    """Block label per vertex (-1 for none): connected components of the concentrated contract
    graph, and inside components too large to be one family, the dense blocks peeled from them."""
    graph = ig.Graph(n=n, edges=np.column_stack([src, dst]), directed=False)
    components = np.asarray(graph.connected_components().membership, dtype=np.int64)
    labels = components.copy()
    sizes = np.bincount(components) if n else np.array([], dtype=np.int64)
    next_label = int(components.max()) + 1 if n else 0
    edge_component = components[src] if src.size else np.array([], dtype=np.int64)
    for component in np.flatnonzero(sizes > max_size):
        members = np.flatnonzero(components == component)
        labels[members] = -1
        local = np.full(n, -1)
        local[members] = np.arange(members.size)
        inside = edge_component == component
        blocks = find_dense_blocks(
            members.size,
            local[src[inside]],
            local[dst[inside]],
            weight[inside],
            prior[members],
            max_blocks=max(1, members.size // 3),
            min_density=min_density,
            min_size=min_size,
            eps=eps,
        )
        for block in blocks:
            if block.nodes.size <= max_size:
                labels[members[block.nodes]] = next_label
                next_label += 1
    return labels


def find_contract_blocks(con: duckdb.DuckDBPyConnection, params: RingParams) -> int:
    """Build ``graph.contract_pairs``, ``graph.block_vertices`` and ``graph.contract_blocks``."""
    sql.run(con, "graph/contract_pairs", {"peel_weight_offset": params.peel_weight_offset})
    sql.run(con, "graph/block_vertices", {"min_mutual_share": params.min_mutual_share})
    vertices = con.sql("select prior from graph.block_vertices order by vertex_id").pl()
    edges = con.sql(
        """
        select c.vertex_id as src, f.vertex_id as dst, pairs.peel_weight
        from graph.contract_pairs as pairs
        inner join graph.block_vertices as c on c.account_id = pairs.client_id
        inner join graph.block_vertices as f on f.account_id = pairs.freelancer_id
        where pairs.mutual_share >= $min_mutual_share
        """,
        params={"min_mutual_share": params.min_mutual_share},
    ).pl()
    labels = contract_block_labels(
        vertices.height,
        edges["src"].to_numpy(),
        edges["dst"].to_numpy(),
        edges["peel_weight"].to_numpy(),
        vertices["prior"].to_numpy(),
        max_size=params.max_group_size,
        min_density=params.min_block_density,
        min_size=params.min_block_size,
        eps=params.peel_eps,
    )
    con.register(
        "block_labels",
        pl.DataFrame({"vertex_id": np.arange(vertices.height, dtype=np.int64), "label": labels}),
    )
    try:
        sql.run(
            con,
            "graph/contract_blocks",
            {
                "min_mutual_share": params.min_mutual_share,
                "min_block_size": params.min_block_size,
                "min_block_pairs": params.min_block_pairs,
                "repeat_contracts_per_pair": params.repeat_contracts_per_pair,
            },
        )
    finally:
        con.unregister("block_labels")
    return con.execute("select count(distinct block_id) from graph.contract_blocks").fetchone()[0]
