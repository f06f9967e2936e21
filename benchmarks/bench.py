"""Whole-pipeline benchmark against the targets of issue 8: time, peak memory, ratio to the floor.

    .venv/bin/python benchmarks/bench.py --accounts 250000,1000000 [--seed 1]
        [--memory-limit 12GB] [--temp-dir /fast/disk/spill]

For each N: generates the marketplace (cached under benchmarks/cache/market_<N>_<seed>/ and
reused), measures the **floor** -- a fresh in-memory DuckDB running, per input file, one
``select count(*), min(c), max(c), count(c) ...`` over every column, so every column of every
file is read and decoded once -- then runs the whole pipeline (``pipelines.run.run_pipeline``,
as ``ringwatch run`` does) in a child process. Peak memory is ``os.wait4``'s ru_maxrss: the
largest resident set of the run process (or of one of its forked phone-parsing workers), not
this script's and not the floor's.
Writes benchmarks/results/bench_<N>.json and .md, then prints one table over every stored
size of this seed and, with two sizes or more, the log-log slope of run time against accounts
(bench_growth.json / .md).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
TABLES = ("accounts", "logins", "contracts", "payments", "messages", "labels")
TARGET_SECONDS_1M = 180.0
TARGET_RSS_GB = 6.0
TARGET_FLOOR_RATIO = 10.0


def machine() -> dict[str, object]:
    """Cores and memory of this machine, for the result files."""
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(pages / 1024**3, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def marketplace(accounts: int, seed: int) -> Path:
    """The cached marketplace of ``accounts`` accounts, generated on first use."""
    cache = ROOT / "cache" / f"market_{accounts}_{seed}"
    if not all((cache / f"{t}.parquet").exists() for t in TABLES):
        from analytics.synthetic import generate_marketplace

        started = time.perf_counter()
        generate_marketplace(cache, accounts, seed)
        print(f"generated {accounts:,} accounts in {time.perf_counter() - started:.0f} s")
    return cache


def floor_seconds(input_dir: Path) -> dict[str, float]:
    """Seconds a fresh DuckDB takes to read and decode every column of every input file once.

    One aggregate query per file (count(*), and min, max, count of each column), so no column
    can be skipped by projection pushdown and nothing is materialized. Best of three per file:
    the first read of a freshly generated file may come from disk, the run's from page cache.
    """
    import duckdb

    con = duckdb.connect()
    seconds: dict[str, float] = {}
    for table in TABLES:
        path = input_dir / f"{table}.parquet"
        columns = [d[0] for d in con.execute(f"select * from '{path}' limit 0").description]
        aggregates = ", ".join(f'min("{c}"), max("{c}"), count("{c}")' for c in columns)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            con.execute(f"select count(*), {aggregates} from '{path}'").fetchall()
            times.append(time.perf_counter() - started)
        seconds[table] = round(min(times), 3)
    con.close()
    return seconds


def run_child(
    input_dir: Path,
    work: Path,
    memory_limit: str | None,
    temp_dir: Path | None,
    *,
    fresh: bool = True,
) -> tuple[float, float, dict[str, object], int]:
    """Run the whole pipeline in a child process: wall seconds, peak RSS (GB), its run report
    and its exit status. ``fresh=False`` runs again on the database the last run left."""
    if fresh:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    args = [
        sys.executable,
        "-c",
        "import sys; from pathlib import Path; from pipelines.run import run_pipeline; "
        "o = run_pipeline(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), "
        "memory_limit=sys.argv[4] or None, temp_dir=Path(sys.argv[5]) if sys.argv[5] else None); "
        "sys.exit(0 if o.success else 1)",
        str(input_dir),
        str(work / "rw.duckdb"),
        str(work / "out"),
        memory_limit or "",
        str(temp_dir) if temp_dir else "",
    ]
    env = {**os.environ, "DAGSTER_DISABLE_TELEMETRY": "yes", "DAGSTER_HOME": str(work)}
    started = time.perf_counter()
    child = subprocess.Popen(args, cwd=REPO, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    report_path = work / "out" / "run_report.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    return wall, usage.ru_maxrss / 1024**2, report, child.returncode


def bench(
    accounts: int, seed: int, memory_limit: str | None, temp_dir: Path | None, rerun: bool = False
) -> dict[str, object]:
    """Floor and whole run for one size (and, with ``rerun``, a second run on the database the
    first one left, as a daily refresh or an analyst's re-run does); writes bench_<N>.json/.md."""
    input_dir = marketplace(accounts, seed)
    floor = floor_seconds(input_dir)
    floor_total = round(sum(floor.values()), 2)
    work = ROOT / "cache" / f"run_{accounts}_{seed}"
    wall, rss_gb, report, exit_code = run_child(input_dir, work, memory_limit, temp_dir)
    stages = report.get("stage_seconds", {})
    result: dict[str, object] = {
        "accounts": accounts,
        "seed": seed,
        "machine": machine(),
        "duckdb_memory_limit": memory_limit,
        "temp_dir": str(temp_dir) if temp_dir else None,
        "rows": {t["table"]: t["rows_read"] for t in report.get("tables", [])},
        "input_mb": round(sum(p.stat().st_size for p in input_dir.glob("*.parquet")) / 1e6, 1),
        "success": exit_code == 0 and bool(report.get("success")),
        "wall_seconds": round(wall, 1),
        "peak_rss_gb": round(rss_gb, 2),
        "floor_seconds": floor_total,
        "floor_seconds_by_file": floor,
        "ratio_to_floor": round(wall / floor_total, 1) if floor_total else None,
        "stage_seconds": stages,
        "errors": report.get("errors", []),
        # the detectors did their work at this size: the queue and its precision on the labels
        "queue_cases": report.get("queue_cases"),
        "evaluation": report.get("evaluation", []),
    }
    if rerun:
        again, again_rss, again_report, again_exit = run_child(
            input_dir, work, memory_limit, temp_dir, fresh=False
        )
        result["rerun"] = {
            "success": again_exit == 0 and bool(again_report.get("success")),
            "wall_seconds": round(again, 1),
            "peak_rss_gb": round(again_rss, 2),
            "ratio_to_floor": round(again / floor_total, 1) if floor_total else None,
            "stage_seconds": again_report.get("stage_seconds", {}),
        }
    out = ROOT / "results" / f"bench_{accounts}"
    out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    out.with_suffix(".md").write_text(markdown(result) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    return result


def markdown(r: dict[str, object]) -> str:
    """The per-size table: totals against the targets, then the slowest stages."""
    m = r["machine"]
    stages = sorted(r["stage_seconds"].items(), key=lambda kv: -kv[1])
    rerun = r.get("rerun")
    rows = ", ".join(f"{n / 1e6:.1f}M {t}" for t, n in r["rows"].items() if n >= 100_000)
    lines = [
        f"# Whole pipeline, {r['accounts']:,} accounts (seed {r['seed']}), {m['cores']} cores, "
        f"{m['memory_gb']} GB, DuckDB memory limit {r['duckdb_memory_limit'] or 'default'}",
        "",
        f"Input: {r['input_mb']} MB of Parquet ({rows}).",
        "",
        "| measure | value | target (1M accounts) |",
        "|---|---:|---:|",
        f"| whole run (wall) | {r['wall_seconds']} s | ≤ {TARGET_SECONDS_1M:.0f} s |",
        f"| peak RSS | {r['peak_rss_gb']} GB | ≤ {TARGET_RSS_GB:.0f} GB |",
        f"| floor (DuckDB reads every column once) | {r['floor_seconds']} s | |",
        f"| ratio to floor | {r['ratio_to_floor']}× | ≤ {TARGET_FLOOR_RATIO:.0f}× |",
        f"| run succeeded | {'yes' if r['success'] else 'NO'} | |",
        *(
            [
                f"| re-run on the same database, same inputs (wall) | {rerun['wall_seconds']} s"
                f"{'' if rerun['success'] else ' (FAILED)'} | |",
                f"| re-run: ratio to floor, peak RSS | {rerun['ratio_to_floor']}×, "
                f"{rerun['peak_rss_gb']} GB | |",
            ]
            if rerun
            else []
        ),
        "",
        "| stage | seconds | re-run seconds |" if rerun else "| stage | seconds |",
        "|---|---:|---:|" if rerun else "|---|---:|",
        *[
            f"| {name} | {sec:.1f} |"
            + (f" {rerun['stage_seconds'].get(name, 0.0):.1f} |" if rerun else "")
            for name, sec in stages
        ],
    ]
    if r.get("evaluation"):
        lines += [
            "",
            f"Queue: {r['queue_cases']:,} cases. Precision against the planted labels:",
            "",
            "| scope | labelled cases | average precision | precision at labelled | recall |",
            "|---|---:|---:|---:|---:|",
            *[
                f"| {e['scope']} | {e['labelled_cases']:,} | {e['average_precision']:.3f} | "
                f"{e['precision_at_labelled']:.3f} | {e['recall']:.3f} |"
                for e in r["evaluation"]
            ],
        ]
    return "\n".join(lines)


def growth(results: list[dict[str, object]]) -> dict[str, object]:
    """Least-squares slope of log(wall time) on log(accounts): 1.0 is linear growth."""
    xs = [math.log(r["accounts"]) for r in results]
    ys = [math.log(r["wall_seconds"]) for r in results]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    return {
        "accounts": [r["accounts"] for r in results],
        "wall_seconds": [r["wall_seconds"] for r in results],
        "log_log_slope": round(slope, 3),
    }


def summary_table(results: list[dict[str, object]]) -> str:
    """One row per size: what the README's Speed section shows."""
    lines = [
        "| accounts | DuckDB memory limit | whole run | peak RSS | floor | ratio to floor "
        "| re-run, same inputs | slowest stages |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        top = sorted(r["stage_seconds"].items(), key=lambda kv: -kv[1])[:3]
        slow = ", ".join(f"{n} {s:.0f} s" for n, s in top)
        rerun = r.get("rerun")
        again = f"{rerun['wall_seconds']:.0f} s ({rerun['ratio_to_floor']:.0f}×)" if rerun else "–"
        lines.append(
            f"| {r['accounts']:,} | {r['duckdb_memory_limit'] or 'default'} | "
            f"{r['wall_seconds']:.0f} s | {r['peak_rss_gb']:.1f} GB | "
            f"{r['floor_seconds']:.1f} s | {r['ratio_to_floor']:.0f}× | {again} | {slow} |"
        )
    return "\n".join(lines)


def stored_results(seed: int) -> list[dict[str, object]]:
    """Every successful bench_<N>.json of this seed, smallest first: a 4M run can be added to
    earlier 250k and 1M runs without repeating them."""
    found = []
    for path in (ROOT / "results").glob("bench_*.json"):
        if not path.stem.removeprefix("bench_").isdigit():
            continue
        result = json.loads(path.read_text())
        if result.get("seed") == seed and result.get("success"):
            found.append(result)
    return sorted(found, key=lambda r: r["accounts"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", default="250000,1000000", help="comma-separated sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory_limit, e.g. 12GB")
    parser.add_argument("--temp-dir", type=Path, default=None, help="where DuckDB spills")
    parser.add_argument(
        "--rerun", action="store_true", help="also time a second run on the same database"
    )
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.accounts.split(",") if s.strip()]
    (ROOT / "results").mkdir(exist_ok=True)
    for n in sizes:
        bench(n, args.seed, args.memory_limit, args.temp_dir, args.rerun)
    results = stored_results(args.seed)
    text = summary_table(results)
    # Growth is measured like for like: runs with DuckDB's default memory limit (the 10M run,
    # bounded to 12 GB and spilling, is reported beside them but not fitted).
    unbounded = [r for r in results if not r.get("duckdb_memory_limit")]
    if len(unbounded) > 1:
        slope = growth(unbounded)
        slope["machine"] = machine()
        (ROOT / "results" / "bench_growth.json").write_text(json.dumps(slope, indent=2) + "\n")
        text += f"\n\nLog-log slope of run time against accounts: {slope['log_log_slope']}"
        (ROOT / "results" / "bench_growth.md").write_text(text + "\n")
    m = machine()
    print(f"{m['cores']} cores, {m['memory_gb']} GB\n\n{text}")


if __name__ == "__main__":
    main()
