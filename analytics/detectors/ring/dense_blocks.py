"""Dense blocks in the client x freelancer contract graph, for rings that share no identifier.

1. Every client-freelancer pair is an edge; a pair enters the graph that is peeled when it lies
   on more 4-cycles (its client and another share its freelancer and another) than the two
   accounts' numbers of counterparties predict (``pair_evidence``): evidence about the pair
   and its block that outside work does not dilute, where a popular freelancer's many clients
   and one-off work for outsiders lie on about as many cycles as chance gives, or none.
2. FRAUDAR (Hooi et al., KDD 2016) peels that graph one node at a time, always the node whose
   removal costs the least suspiciousness, and keeps the densest prefix; edges to popular
   freelancers weigh 1 / ln(clients + 5), and identity link strength is the node prior. The
   peel is exact (``peel.exact_peel``, compiled).
3. A densest prefix can hold several blocks of about equal density: it is split into connected
   components (small components of the graph are judged whole). Each is judged against the
   marketplace: the pairs it holds (all of them, not only those with cycles) beyond the
   spanning tree any connected set has, against the pairs its members' degrees predict
   (Chung-Lu), as a Poisson tail; kept when that chance is below a bar scaled by the
   marketplace's size and below the best the same search finds in the marketplace reshuffled
   by degree (the background's own score). Peeling goes on, round after round on what is left,
   until a densest prefix holds nothing beyond that.
4. A kept block takes back the members the peel trimmed: accounts with many pairs into it,
   more than their own degree explains.

Dense ids come from SQL, the search runs on numpy arrays and compiled loops, and the blocks go
back to DuckDB as tables (``find_contract_blocks``).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import duckdb
import numpy as np
import polars as pl

from analytics import sql
from analytics.detectors.ring import peel
from analytics.detectors.ring.params import RingParams


@dataclass(frozen=True)
class Block:
    nodes: np.ndarray  # vertex ids
    density: float  # FRAUDAR score: (sum of priors + sum of edge weights inside) / nodes
    pairs: int = 0  # edges inside
    rows: int = 0  # nodes on the row (client) side
    expected_pairs: float = 0.0  # edges the nodes' degrees predict among them (Chung-Lu)
    log10_chance: float = 0.0  # log10 P(pairs beyond a spanning tree >= observed | expected)


@dataclass(frozen=True)
class Graph:
    """An undirected graph as a symmetric CSR adjacency with FRAUDAR weights and priors, and
    what the marketplace's null model needs: each vertex's side and its degree in the whole
    marketplace (which may hold more edges than the graph peeled)."""

    n: int
    indptr: np.ndarray
    indices: np.ndarray
    weights: np.ndarray
    prior: np.ndarray
    is_row: np.ndarray
    degree: np.ndarray  # counterparties in the whole marketplace
    total_edges: int  # edges of the whole marketplace
    full_indptr: np.ndarray  # the whole marketplace's adjacency: blocks are counted and grown on it
    full_indices: np.ndarray

    @classmethod
    def build(
        cls,
        n: int,
        src: np.ndarray,
        dst: np.ndarray,
        weight: np.ndarray,
        prior: np.ndarray | None = None,
        is_row: np.ndarray | None = None,
        degree: np.ndarray | None = None,
        total_edges: int | None = None,
        full: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> Graph:
        indptr, indices, weights, _ = peel.csr(n, src, dst, weight)
        if is_row is None:
            is_row = np.zeros(n, dtype=bool)
            is_row[np.asarray(src, dtype=np.int64)] = True
        full_indptr, full_indices = full if full is not None else (indptr, indices)
        return cls(
            n,
            indptr,
            indices,
            weights,
            np.zeros(n) if prior is None else np.asarray(prior, dtype=np.float64),
            np.asarray(is_row, dtype=bool),
            np.diff(full_indptr) if degree is None else np.asarray(degree, dtype=np.int64),
            len(src) if total_edges is None else int(total_edges),
            full_indptr,
            full_indices,
        )


def peel_densest(
    n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray, prior: np.ndarray
) -> Block:
    """The densest prefix of one exact greedy peel of the whole graph (FRAUDAR's own output)."""
    graph = Graph.build(n, src, dst, weight, prior)
    nodes = np.arange(n, dtype=np.int64)
    local = np.full(n, -1, dtype=np.int64)
    best, density = peel.exact_peel(
        graph.indptr, graph.indices, graph.weights, graph.prior, nodes, local
    )
    return Block(best, float(density))


def describe(graph: Graph, nodes: np.ndarray, mark: np.ndarray) -> Block:
    """A block's numbers: density, pairs inside, and how unlikely they are by chance.

    ``mark`` is zeroed int8 scratch of length n (left so)."""
    weight, pairs, n_rows, row_degree, col_degree = peel.inside_counts(
        graph.indptr,
        graph.indices,
        graph.weights,
        graph.full_indptr,
        graph.full_indices,
        nodes,
        graph.is_row,
        graph.degree,
        mark,
    )
    n_cols = nodes.size - n_rows
    mass = graph.prior[nodes].sum() + weight
    expected = min(float(n_rows * n_cols), row_degree * col_degree / max(graph.total_edges, 1))
    surplus = pairs - (nodes.size - 1)  # a connected set needs nodes - 1 pairs whatever it is
    return Block(
        nodes,
        float(mass / nodes.size),
        int(pairs),
        int(n_rows),
        float(expected),
        peel.log10_poisson_tail(surplus, expected),
    )


def find_dense_blocks(
    graph: Graph,
    *,
    max_log10_chance: float,
    min_size: int,
    max_rounds: int,
    grow_min_pairs: int = 2,
    grow_share: float = 0.5,
    grow_max_log10_chance: float = -2.0,
    judge_whole_up_to: int = 16,
    nodes: np.ndarray | None = None,
) -> list[Block]:
    """Blocks one round after another: peel what is left exactly, split its densest prefix into
    connected components, grow each by the nodes with as many edges into it as ``grow_share``
    of its own members of that side have on average (and at least ``grow_min_pairs``), keep
    those the degrees cannot explain (log10 chance at most ``max_log10_chance``, at least
    ``min_size`` nodes), and stop when a densest prefix keeps none, or after ``max_rounds``.
    Every component of the graph is peeled on its own, so a component whose densest part is
    ordinary (popular accounts hiring each other) cannot stop the search in another; a
    component of at most ``judge_whole_up_to`` nodes is first judged whole (a peel would trim
    a small ring's members that hire a popular outsider too)."""
    local = np.full(graph.n, -1, dtype=np.int64)
    blocked = np.zeros(graph.n, dtype=bool)  # judged already: joins no block
    mark = np.zeros(graph.n, dtype=np.int8)
    ties = np.zeros(graph.n, dtype=np.int64)
    if nodes is None:
        nodes = np.flatnonzero(np.diff(graph.indptr) > 0)
    nodes = np.asarray(nodes, dtype=np.int64)
    labels = peel.components(graph.indptr, graph.indices, nodes, local)
    blocks: list[Block] = []
    n_labels = int(labels.max()) + 1 if labels.size else 0
    size, weight, pairs, rows, row_degree, col_degree = peel.component_counts(
        graph.indptr,
        graph.indices,
        graph.weights,
        graph.full_indptr,
        graph.full_indices,
        nodes,
        labels,
        n_labels,
        graph.is_row,
        graph.degree,
    )
    # small components are judged whole, all at once (a peel would trim a small ring's
    # members who also hire a popular outsider); larger ones are peeled
    expected = np.minimum(
        (rows * (size - rows)).astype(np.float64),
        row_degree * col_degree / max(graph.total_edges, 1),
    )
    chance = peel.log10_poisson_tails(pairs - (size - 1), expected)
    small = (size >= min_size) & (size <= judge_whole_up_to)
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    parts = np.split(nodes[order], bounds) if nodes.size else []

    def grown(block: Block) -> Block:
        """The block with the members a peel trims (only nodes above the prefix's density stay)
        who still deal with it again and again, where an outsider that two members happened to
        hire does not; each node joins one block."""
        blocked[block.nodes] = True
        if grow_min_pairs <= 0:
            return block
        cols = block.nodes.size - block.rows
        members = peel.grow(
            graph.full_indptr,
            graph.full_indices,
            block.nodes,
            blocked,
            max(grow_min_pairs, grow_share * block.pairs / max(block.rows, 1)),
            max(grow_min_pairs, grow_share * block.pairs / max(cols, 1)),
            graph.is_row,
            graph.degree,
            float(max(graph.total_edges, 1)),
            grow_max_log10_chance,
            mark,
            ties,
        )
        blocked[members] = True
        return describe(graph, members, mark) if members.size > block.nodes.size else block

    for label in np.flatnonzero(small & (chance <= max_log10_chance)):
        members = np.sort(parts[label])
        block = Block(
            members,
            float((graph.prior[members].sum() + weight[label]) / size[label]),
            int(pairs[label]),
            int(rows[label]),
            float(expected[label]),
            float(chance[label]),
        )
        blocks.append(grown(block))
    for label in np.flatnonzero(size > judge_whole_up_to):
        left = parts[label]
        for _ in range(max_rounds):
            if left.size < min_size:
                break
            best, _ = peel.exact_peel(
                graph.indptr, graph.indices, graph.weights, graph.prior, left, local
            )
            found = False
            blocked[best] = True
            pieces = peel.components(graph.indptr, graph.indices, best, local)
            for piece in range(int(pieces.max()) + 1 if pieces.size else 0):
                members = best[pieces == piece]
                if members.size < min_size:
                    continue
                block = describe(graph, members, mark)
                if block.log10_chance > max_log10_chance:
                    continue  # what the degrees explain: the background's own density
                found = True
                block = grown(block)
                blocks.append(block)
            if not found:
                break
            left = left[~blocked[left]]
    return blocks


@dataclass(frozen=True)
class PairEvidence:
    """Per edge: the 4-cycles it lies on, how many the degrees alone predict, and log10 of the
    chance of at least that many (0 when no more than predicted)."""

    cycles: np.ndarray
    expected: np.ndarray
    log10_chance: np.ndarray


def pair_evidence(
    n: int, src: np.ndarray, dst: np.ndarray, adjacency: tuple | None = None
) -> PairEvidence:
    """4-cycle evidence for every edge of a bipartite graph (``src`` one side, ``dst`` the
    other). A pair inside a block lies on many 4-cycles (two of its clients share two of its
    freelancers); a pair that is one of a popular account's many lies on about as many as its
    degrees predict; an account's one-off work for an outsider, on none."""
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    indptr, indices, _, edge = adjacency if adjacency is not None else peel.csr(n, src, dst)
    degree = np.diff(indptr)
    # walk wedges from the side whose neighbours have fewer neighbours: sum of degree squared
    from_src = np.zeros(n, dtype=bool)
    from_src[src] = True
    cost_src = float((degree[dst].astype(np.float64)).sum())
    cost_dst = float((degree[src].astype(np.float64)).sum())
    start = from_src if cost_src <= cost_dst else ~from_src & (degree > 0)
    cycles = peel.butterflies(indptr, indices, start, edge, src.size)
    expected = peel.expected_butterflies(indptr, indices, src, dst)
    return PairEvidence(cycles, expected, peel.log10_poisson_tails(cycles, expected))


@dataclass(frozen=True)
class BlockSearch:
    blocks: list[Block]
    evidence: PairEvidence
    kept: np.ndarray  # edges that entered the peeled graph
    max_log10_chance: float  # the bar blocks had to pass
    background_log10_chance: float  # the best the shuffled marketplace offered (0: nothing)


def _supported(
    n: int,
    src: np.ndarray,
    dst: np.ndarray,
    weight: np.ndarray,
    prior: np.ndarray | None,
    is_row: np.ndarray,
    pair_max_log10_chance: float,
) -> tuple[Graph, PairEvidence, np.ndarray]:
    """The graph the peel works on: the pairs with 4-cycle evidence, with the whole graph's
    adjacency and degrees kept for counting and growing blocks."""
    adjacency = peel.csr(n, src, dst)
    evidence = pair_evidence(n, src, dst, adjacency)
    kept = (evidence.cycles > 0) & (evidence.log10_chance <= pair_max_log10_chance)
    graph = Graph.build(
        n,
        src[kept],
        dst[kept],
        weight[kept],
        prior,
        is_row,
        np.diff(adjacency[0]),
        src.size,
        full=(adjacency[0], adjacency[1]),
    )
    return graph, evidence, kept


def shuffled(src: np.ndarray, dst: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The same marketplace with its pairs drawn again by degree alone: the columns of the
    edges permuted (every account keeps its number of pairs; repeats merge)."""
    rng = np.random.default_rng(seed)
    width = int(max(dst.max(), src.max())) + 1
    keys = np.sort(src.astype(np.int64) * width + dst[rng.permutation(dst.size)])
    keys = keys[np.concatenate([[True], np.diff(keys) != 0])]
    return keys // width, keys % width


def find_blocks(
    n: int,
    src: np.ndarray,
    dst: np.ndarray,
    weight: np.ndarray,
    prior: np.ndarray | None = None,
    *,
    pair_max_log10_chance: float,
    block_max_log10_chance: float,
    min_size: int,
    max_rounds: int,
    reference_pairs: int = 10_000,
    judge_whole_up_to: int = 16,
    background_factor: float = 1.5,
    shuffles: int = 1,
    seed: int = 0,
) -> BlockSearch:
    """The dense-block stage on a bipartite graph (``src`` rows, ``dst`` columns, FRAUDAR
    weights, one per column): pairs enter the peeled graph on their 4-cycle evidence (at most
    ``pair_max_log10_chance``), then ``find_dense_blocks``, every block judged against the
    degrees of the whole graph: at most ``block_max_log10_chance`` in a graph of
    ``reference_pairs`` edges and a tenth of that per tenfold more edges, and at least
    ``background_factor`` times as many orders of magnitude below chance as the best block the
    same search finds in ``shuffles`` copies of the graph shuffled by degree (the background's
    own score: how far a selected set of a graph this dense gets by chance)."""
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    weight = np.asarray(weight, dtype=np.float64)
    is_row = np.zeros(n, dtype=bool)
    is_row[src] = True
    column_weight = np.zeros(n)
    column_weight[dst] = weight  # FRAUDAR's weight is its column's
    nulls = [shuffled(src, dst, seed + k) if src.size else (src, dst) for k in range(shuffles)]
    with ThreadPoolExecutor(max_workers=2) as pool:  # the compiled parts release the GIL
        real = pool.submit(_supported, n, src, dst, weight, prior, is_row, pair_max_log10_chance)
        null_graphs = [
            pool.submit(_supported, n, s, d, column_weight[d], None, is_row, pair_max_log10_chance)
            for s, d in nulls
        ]
        graph, evidence, kept = real.result()
        null_graphs = [future.result()[0] for future in null_graphs]
    # more pairs, more places for chance: a tenth of the chance for every tenfold more pairs
    # (never more lenient below the reference size)
    budget = block_max_log10_chance - max(0.0, np.log10(max(src.size, 1) / reference_pairs))
    background_best = 0.0
    for null_graph in null_graphs:
        background = find_dense_blocks(
            null_graph,
            max_log10_chance=budget,
            min_size=min_size,
            max_rounds=max_rounds,
            grow_min_pairs=0,
            judge_whole_up_to=judge_whole_up_to,
        )
        background_best = min([background_best, *(b.log10_chance for b in background)])
    bar = min(budget, background_factor * background_best)
    blocks = find_dense_blocks(
        graph,
        max_log10_chance=bar,
        min_size=min_size,
        max_rounds=max_rounds,
        judge_whole_up_to=judge_whole_up_to,
    )
    return BlockSearch(blocks, evidence, kept, float(bar), float(background_best))


def find_contract_blocks(con: duckdb.DuckDBPyConnection, params: RingParams) -> int:
    """Build ``graph.contract_pairs``, ``graph.block_vertices``, ``graph.block_pairs`` and
    ``graph.contract_blocks``: dense ids in SQL, the search on arrays, results back as tables."""
    sql.run(con, "graph/contract_pairs", {"peel_weight_offset": params.peel_weight_offset})
    sql.run(con, "graph/block_vertices")
    vertices = con.sql("select prior from graph.block_vertices order by vertex_id").pl()
    edges = con.sql(
        """
        select c.vertex_id as src, f.vertex_id as dst, pairs.peel_weight
        from graph.contract_pairs as pairs
        inner join graph.block_vertices as c on c.account_id = pairs.client_id
        inner join graph.block_vertices as f on f.account_id = pairs.freelancer_id
        order by src, dst
        """
    ).pl()
    src, dst = edges["src"].to_numpy(), edges["dst"].to_numpy()
    search = find_blocks(
        vertices.height,
        src,
        dst,
        edges["peel_weight"].to_numpy(),
        vertices["prior"].to_numpy(),
        pair_max_log10_chance=params.pair_max_log10_chance,
        block_max_log10_chance=params.block_max_log10_chance,
        min_size=params.min_block_size,
        max_rounds=params.block_max_rounds,
        reference_pairs=params.block_reference_pairs,
        judge_whole_up_to=params.block_judged_whole_up_to,
        background_factor=params.block_background_factor,
        shuffles=params.block_background_shuffles,
    )
    evidence = pl.DataFrame(
        {
            "src": src,
            "dst": dst,
            "cycles": search.evidence.cycles,
            "expected_cycles": search.evidence.expected,
            "log10_chance": search.evidence.log10_chance,
            "kept": search.kept,
        }
    ).filter(pl.col("kept"))
    members = pl.DataFrame(
        {
            "vertex_id": np.concatenate([b.nodes for b in search.blocks] or [np.zeros(0)]),
            "block": np.repeat(
                np.arange(len(search.blocks)), [b.nodes.size for b in search.blocks]
            ),
        },
        schema={"vertex_id": pl.Int64, "block": pl.Int64},
    )
    stats = pl.DataFrame(
        {
            "block": np.arange(len(search.blocks)),
            "expected_pairs": [b.expected_pairs for b in search.blocks],
            "log10_chance": [b.log10_chance for b in search.blocks],
            "density": [b.density for b in search.blocks],
        },
        schema={
            "block": pl.Int64,
            "expected_pairs": pl.Float64,
            "log10_chance": pl.Float64,
            "density": pl.Float64,
        },
    )
    con.register("pair_evidence", evidence)
    con.register("block_members", members)
    con.register("block_stats", stats)
    try:
        sql.run(con, "graph/block_pairs")
        sql.run(con, "graph/contract_blocks")
    finally:
        for name in ("pair_evidence", "block_members", "block_stats"):
            con.unregister(name)
    return con.execute("select count(distinct block_id) from graph.contract_blocks").fetchone()[0]
