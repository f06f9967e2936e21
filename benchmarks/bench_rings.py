"""Time the ring stage step by step on a marketplace of N accounts, with peak memory.

    .venv/bin/python benchmarks/bench_rings.py --accounts 1000000 [--seed 1] [--memory-limit 6GB]

Generates the marketplace (cached under benchmarks/cache/), stages it once (cached as a DuckDB
file), then runs every ring step on a fresh copy of the staging tables and writes
benchmarks/results/rings_<N>.json and .md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from pathlib import Path

from analytics import db
from analytics.detectors import identifier_evidence, ring
from analytics.evaluation import evaluate_table
from analytics.identifiers import build_account_identifiers
from analytics.ingest import ingest_table
from analytics.run_params import RunParams
from analytics.synthetic import generate_marketplace

ROOT = Path(__file__).resolve().parent
TABLES = ("accounts", "logins", "contracts", "payments", "messages", "labels")


def _peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def staged_database(accounts: int, seed: int) -> Path:
    """A DuckDB file with the staging tables of the cached marketplace."""
    cache = ROOT / "cache" / f"market_{accounts}_{seed}"
    staged = ROOT / "cache" / f"staged_{accounts}_{seed}.duckdb"
    if not (cache / "accounts.parquet").exists():
        generate_marketplace(cache, accounts, seed)
    if not staged.exists():
        con = db.connect(staged)
        for table in TABLES:
            ingest_table(con, cache, table)
        build_account_identifiers(con)
        con.close()
    return staged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=250_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--memory-limit", default="6GB")
    args = parser.parse_args()
    staged = staged_database(args.accounts, args.seed)
    con = db.connect(memory_limit=args.memory_limit, temp_directory=ROOT / "cache" / "spill")
    db.attach_read_only(con, staged, "src")
    for table in (*TABLES, "account_identifiers"):
        con.execute(f"create table staging.{table} as from src.staging.{table}")
    con.execute("detach src")
    rss_before = _peak_rss_gb()
    params = RunParams.defaults()
    seconds = {}
    for step in (*identifier_evidence.DETECTOR.steps, *ring.DETECTOR.steps):
        started = time.perf_counter()
        step.build(con, params)
        seconds[step.table] = round(time.perf_counter() - started, 2)
    quality = evaluate_table(con, "scores.rings", "ring")
    result = {
        "accounts": args.accounts,
        "seed": args.seed,
        "machine": {"cores": os.cpu_count(), "platform": platform.platform()},
        "duckdb_memory_limit": args.memory_limit,
        "seconds": seconds,
        "ring_stage_seconds": round(sum(seconds.values()), 2),
        "peak_rss_gb_after_staging_copy": round(rss_before, 2),
        "peak_rss_gb": round(_peak_rss_gb(), 2),
        "average_precision": quality.average_precision,
        "precision_at_planted": quality.precision_at_planted,
        "planted": quality.planted,
        "by_style": quality.by_style,
    }
    out = ROOT / "results" / f"rings_{args.accounts}"
    out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        f"# Ring stage, {args.accounts:,} accounts (seed {args.seed}), "
        f"{os.cpu_count()} cores, DuckDB memory limit {args.memory_limit}",
        "",
        "| step | seconds |",
        "|---|---:|",
        *[f"| {k} | {v} |" for k, v in seconds.items()],
        f"| **ring stage** | **{result['ring_stage_seconds']}** |",
        "",
        f"Peak RSS of the process: {result['peak_rss_gb']} GB "
        f"({result['peak_rss_gb_after_staging_copy']} GB before the ring stage).",
        "",
        f"Average precision {quality.average_precision}, precision at {quality.planted} planted "
        f"{quality.precision_at_planted}.",
        "",
        "| linking style | planted | found | AP | recall at planted |",
        "|---|---:|---:|---:|---:|",
        *[
            f"| {s} | {v['planted']} | {v['found']} | {v['average_precision']} | "
            f"{v['recall_at_planted']} |"
            for s, v in quality.by_style.items()
        ],
    ]
    out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
