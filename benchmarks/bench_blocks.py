"""FRAUDAR's injection experiment (Hooi et al., KDD 2016) for the dense-block stage.

    .venv/bin/python benchmarks/bench_blocks.py [--seeds 2] [--sizes 200] [--out benchmarks/results]

A heavy-tailed 200,000 x 200,000 background of 1.5M edges (Chung-Lu: rows and columns with
Pareto weights), and one injected block as in the authors' injection code: block columns are
existing columns; each block row contracts each block column with probability p; camouflage as
in their code: ``random`` (new rows add as many edges again to random columns, their testIdx 1),
``biased`` (new rows add int(n0 p) edges to columns drawn by degree, testIdx 3), ``hijacked``
(the block rows are existing honest rows and keep their own edges). Edge weights are the
paper's 1 / ln(column degree + 5). F-measure over rows and columns together, against the
injected rows and columns.

Three peels per graph: ``batched`` (the stage before: every node below 1.1x the average goes
at once), ``exact`` (one exact greedy peel, its densest prefix: FRAUDAR's own output, the
reference) and ``ringwatch`` (``find_dense_blocks``: exact peel, components, stop against the
degrees' prediction), each timed on the prepared edge arrays (the CSR build included).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np

from analytics.detectors.ring.dense_blocks import find_blocks, peel_densest
from analytics.detectors.ring.params import RingParams

ROWS = COLS = 200_000
EDGES = 1_500_000
SHAPE = 2.0
DENSITIES = (0.05, 0.1, 0.2)
CAMOUFLAGE = ("random", "biased", "hijacked")


def background(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (row, col) pairs, both sides heavy-tailed: Chung-Lu with Pareto weights
    (shape 2, minimum 1, capped at 2,000), so degrees run from 1 to a few thousand."""
    row_w = np.minimum(rng.pareto(SHAPE, ROWS) + 1.0, 2_000.0)
    col_w = np.minimum(rng.pareto(SHAPE, COLS) + 1.0, 2_000.0)
    draws = int(EDGES * 1.08)
    rows = rng.choice(ROWS, size=draws, p=row_w / row_w.sum())
    cols = rng.choice(COLS, size=draws, p=col_w / col_w.sum())
    keys = np.unique(rows.astype(np.int64) * COLS + cols)[:EDGES]
    keys = rng.permutation(keys)[:EDGES]
    return keys // COLS, keys % COLS


def inject(
    rng: np.random.Generator,
    rows: np.ndarray,
    cols: np.ndarray,
    size: int,
    p: float,
    camouflage: str,
) -> tuple[np.ndarray, np.ndarray, int, np.ndarray, np.ndarray]:
    """The graph with one block: (rows, cols, number of rows, block rows, block cols)."""
    block_cols = rng.choice(COLS, size=size, replace=False)
    if camouflage == "hijacked":
        block_rows = rng.choice(ROWS, size=size, replace=False)
        n_rows = ROWS
    else:
        block_rows = np.arange(ROWS, ROWS + size)
        n_rows = ROWS + size
    hit = rng.random((size, size)) < p
    r_idx, c_idx = np.nonzero(hit)
    new_r, new_c = [block_rows[r_idx]], [block_cols[c_idx]]
    col_degree = np.bincount(cols, minlength=COLS)
    others = np.setdiff1d(np.arange(COLS), block_cols)
    if camouflage == "random":
        threshold = p * size / (COLS - size)
        for r in block_rows:
            picked = others[rng.random(others.size) < threshold]
            new_r.append(np.full(picked.size, r))
            new_c.append(picked)
    elif camouflage == "biased":
        weight = col_degree[others].astype(np.float64)
        weight /= weight.sum()
        for r in block_rows:
            picked = rng.choice(others, size=int(size * p), replace=False, p=weight)
            new_r.append(np.full(picked.size, r))
            new_c.append(picked)
    all_r = np.concatenate([rows, *new_r])
    all_c = np.concatenate([cols, *new_c])
    keys = np.unique(all_r.astype(np.int64) * COLS + all_c)
    return keys // COLS, keys % COLS, n_rows, block_rows, block_cols


def batched_peel(n, src, dst, weight, eps=0.1):
    """The stage before (kept here for comparison): batched peeling, Bahmani et al."""
    nodes = np.arange(n)
    best_density, best_nodes = -1.0, nodes
    while nodes.size:
        index = np.full(n, -1)
        index[nodes] = np.arange(nodes.size)
        s, d = index[src], index[dst]
        contribution = np.bincount(s, weight, nodes.size) + np.bincount(d, weight, nodes.size)
        density = weight.sum() / nodes.size
        if density > best_density:
            best_density, best_nodes = density, nodes
        keep = contribution > (1 + eps) * contribution.sum() / nodes.size
        if keep.all():
            keep = contribution > contribution.min()
        nodes = nodes[keep]
        alive = np.zeros(n, dtype=bool)
        alive[nodes] = True
        edges = alive[src] & alive[dst]
        src, dst, weight = src[edges], dst[edges], weight[edges]
    return best_nodes


def f_measure(found: np.ndarray, truth: np.ndarray) -> float:
    hits = np.intersect1d(found, truth).size
    if hits == 0:
        return 0.0
    precision, recall = hits / found.size, hits / truth.size
    return 2 * precision * recall / (precision + recall)


def run_cell(
    seed: int, size: int, p: float, camouflage: str, params: RingParams
) -> dict[str, float]:
    rng = np.random.default_rng([seed, size, int(p * 1000), CAMOUFLAGE.index(camouflage)])
    rows, cols = background(rng)
    r, c, n_rows, block_rows, block_cols = inject(rng, rows, cols, size, p, camouflage)
    n = n_rows + COLS
    src, dst = r, c + n_rows
    col_degree = np.bincount(c, minlength=COLS)
    weight = 1.0 / np.log(col_degree[c] + params.peel_weight_offset)
    truth = np.concatenate([block_rows, block_cols + n_rows])
    out: dict[str, float] = {"edges": int(src.size)}

    started = time.perf_counter()
    found = batched_peel(n, src, dst, weight)
    out["batched_seconds"] = time.perf_counter() - started
    out["batched_f"] = f_measure(found, truth)

    started = time.perf_counter()
    found = peel_densest(n, src, dst, weight, np.zeros(n)).nodes
    out["exact_seconds"] = time.perf_counter() - started
    out["exact_f"] = f_measure(found, truth)

    started, cpu = time.perf_counter(), time.process_time()
    blocks = find_blocks(
        n,
        src,
        dst,
        weight,
        pair_max_log10_chance=params.pair_max_log10_chance,
        block_max_log10_chance=params.block_max_log10_chance,
        min_size=params.min_block_size,
        max_rounds=params.block_max_rounds,
        reference_pairs=params.block_reference_pairs,
        judge_whole_up_to=params.block_judged_whole_up_to,
        background_factor=params.block_background_factor,
        shuffles=params.block_background_shuffles,
    ).blocks
    out["ringwatch_seconds"] = time.perf_counter() - started
    out["ringwatch_cpu_seconds"] = time.process_time() - cpu
    found = np.concatenate([b.nodes for b in blocks]) if blocks else np.zeros(0, dtype=np.int64)
    out["ringwatch_f"] = f_measure(found, truth)
    out["ringwatch_blocks"] = len(blocks)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--sizes", default="200")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    args = parser.parse_args()
    params = RingParams()
    # compile once outside the timings
    peel_densest(4, np.array([0, 1]), np.array([2, 3]), np.ones(2), np.zeros(4))
    find_blocks(
        4,
        np.array([0, 1]),
        np.array([2, 3]),
        np.ones(2),
        pair_max_log10_chance=-1.0,
        block_max_log10_chance=-1.0,
        min_size=2,
        max_rounds=1,
    )
    cells = []
    for size in (int(s) for s in args.sizes.split(",")):
        for p in DENSITIES:
            for camouflage in CAMOUFLAGE:
                runs = [run_cell(seed, size, p, camouflage, params) for seed in range(args.seeds)]
                cell = {"size": size, "density": p, "camouflage": camouflage}
                for key in runs[0]:
                    values = [run[key] for run in runs]
                    cell[key] = round(min(values) if key.endswith("_f") else max(values), 3)
                    if key.endswith("_f"):
                        cell[key.replace("_f", "_f_mean")] = round(float(np.mean(values)), 3)
                print(cell, flush=True)
                cells.append(cell)
    result = {
        "background": {"rows": ROWS, "cols": COLS, "edges": EDGES},
        "seeds": args.seeds,
        "machine": {"cores": os.cpu_count(), "platform": platform.platform()},
        "cells": cells,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "dense_blocks_injection.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        "# Dense blocks: FRAUDAR's injection experiment",
        "",
        f"Background {ROWS:,} x {COLS:,}, {EDGES:,} heavy-tailed edges; one injected block per "
        f"graph, {args.seeds} seeds per cell; F is the worst seed's (mean in brackets); seconds "
        "the slowest seed's, 2 cores. `python benchmarks/bench_blocks.py`.",
        "",
        "| block | density | camouflage | batched F | exact peel F (reference) | ringwatch F "
        "| batched s | exact s | ringwatch s (CPU) |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for cell in cells:
        lines.append(
            f"| {cell['size']}x{cell['size']} | {cell['density']} | {cell['camouflage']} "
            f"| {cell['batched_f']:.2f} ({cell['batched_f_mean']:.2f}) "
            f"| {cell['exact_f']:.2f} ({cell['exact_f_mean']:.2f}) "
            f"| {cell['ringwatch_f']:.2f} ({cell['ringwatch_f_mean']:.2f}) "
            f"| {cell['batched_seconds']:.2f} | {cell['exact_seconds']:.2f} "
            f"| {cell['ringwatch_seconds']:.2f} ({cell['ringwatch_cpu_seconds']:.2f}) |"
        )
    (args.out / "dense_blocks_injection.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
