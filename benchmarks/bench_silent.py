"""Rings that share nothing, end to end: planted silent rings and farms, found as ring cases?

    .venv/bin/python benchmarks/bench_silent.py [--accounts 20000] [--out benchmarks/results]

Generates two marketplaces with the synthetic generator: one with the ``TUNING`` plans (seed 1,
what the dense-block stage was tuned on) and one with the ``HELD_OUT`` plans (seed 2: other
ring sizes and densities, more outside work; never tuned on), stages each, runs the identifier
evidence and ring detectors, and reports per plan style: planted blocks found as a ring case
(best Jaccard of its members with a case's members >= 0.5), account precision, recall and F1
of the cases found by contract density alone against the planted members, the ring queue's
average precision over every planted ring (identity rings too), and the stage's seconds.
Writes ``silent_rings.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import duckdb

from analytics import db
from analytics.detectors import identifier_evidence, ring
from analytics.evaluation import evaluate_blocks, evaluate_table
from analytics.identifiers import build_account_identifiers
from analytics.ingest import ingest_table
from analytics.run_params import RunParams
from analytics.synthetic import generate_marketplace
from analytics.synthetic.planted_silent import HELD_OUT, TUNING

TABLES = ("accounts", "logins", "contracts", "payments", "messages", "labels")
STYLES = {"silent", "farm", "silent_heldout", "farm_heldout"}


def staged(folder: Path, accounts: int, seed: int, plans) -> duckdb.DuckDBPyConnection:
    generate_marketplace(folder / "input", accounts, seed, blocks=plans)
    con = db.connect()
    for table in TABLES:
        ingest_table(con, folder / "input", table)
    build_account_identifiers(con)
    return con


def run(accounts: int, seed: int, plans, name: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        con = staged(Path(tmp), accounts, seed, plans)
        params = RunParams.defaults()
        started = time.perf_counter()
        seconds = {}
        for step in (*identifier_evidence.DETECTOR.steps, *ring.DETECTOR.steps):
            t = time.perf_counter()
            step.build(con, params)
            seconds[step.table] = round(time.perf_counter() - t, 2)
        total = round(time.perf_counter() - started, 2)
        figures = evaluate_blocks(con, STYLES)
        quality = evaluate_table(con, "scores.rings", "ring")
        blocks = con.execute(
            "select count(distinct block_id) from graph.contract_blocks"
        ).fetchone()
        con.close()
    return {
        "name": name,
        "accounts": accounts,
        "seed": seed,
        **figures,
        "blocks": blocks[0],
        "ring_average_precision": quality.average_precision,
        "ring_precision_at_planted": quality.precision_at_planted,
        "ring_planted": quality.planted,
        "negatives_in_top_planted": quality.negatives_in_top_planted,
        "ring_stage_seconds": total,
        "contract_blocks_seconds": seconds["graph/contract_blocks"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    args = parser.parse_args()
    results = [
        run(args.accounts, 1, TUNING, "tuning"),
        run(args.accounts, 2, HELD_OUT, "held out"),
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "silent_rings.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        "# Rings that share nothing, end to end",
        "",
        f"{args.accounts:,} accounts; `python benchmarks/bench_silent.py`. A planted block is "
        "found when a ring case's members have Jaccard >= 0.5 with its members. Account F1: "
        "members of ring cases found by contract density alone (a dense block, no shared "
        "identifier, score > 0) against every planted silent member.",
        "",
        "| marketplace | style | planted | found | Jaccard per case | account recall |",
        "|---|---|---:|---:|---|---:|",
    ]
    for result in results:
        for style, entry in sorted(result["styles"].items()):
            lines.append(
                f"| {result['name']} (seed {result['seed']}) | {style} | {entry['planted']} "
                f"| {entry['found']} | {' '.join(str(j) for j in entry['jaccard'])} "
                f"| {entry['account_recall']:.2f} |"
            )
    lines += [
        "",
        "| marketplace | account precision | recall | F1 | blocks | ring AP (all planted rings) "
        "| P@planted | hard negatives in top | ring stage s | contract_blocks s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['name']} | {r['account_precision']:.3f} | {r['account_recall']:.3f} "
            f"| {r['account_f1']:.3f} | {r['blocks']} | {r['ring_average_precision']:.3f} "
            f"| {r['ring_precision_at_planted']:.2f} | {r['negatives_in_top_planted']} "
            f"| {r['ring_stage_seconds']:.1f} | {r['contract_blocks_seconds']:.2f} |"
        )
    (args.out / "silent_rings.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
