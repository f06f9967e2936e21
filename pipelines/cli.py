"""`ringwatch`: run the pipeline, generate a synthetic marketplace, or show the demo."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from analytics import db
from analytics.report import format_loads, format_stage_times


def _cmd_generate(args: argparse.Namespace) -> int:
    from analytics.synthetic import generate_marketplace

    started = time.perf_counter()
    counts = generate_marketplace(Path(args.out), args.accounts, args.seed)
    elapsed = time.perf_counter() - started
    print(f"wrote a synthetic marketplace to {args.out} in {elapsed:.1f}s (seed {args.seed})")
    for table, rows in counts.items():
        print(f"  {table:<10}{rows:>12,} rows")
    return 0


def _run(input_dir: Path, db_path: Path, out_dir: Path, args: argparse.Namespace) -> int:
    from analytics.ingest import InputError
    from pipelines.run import run_pipeline

    try:
        outcome = run_pipeline(
            input_dir,
            db_path,
            out_dir,
            memory_limit=getattr(args, "memory_limit", None),
            temp_dir=Path(args.temp_dir) if getattr(args, "temp_dir", None) else None,
        )
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if outcome.loads:
        print("Rows loaded and quarantined")
        print(format_loads(outcome.loads))
        print()
    if outcome.stage_seconds:
        print(format_stage_times(outcome.stage_seconds))
        print()
    for check in outcome.failed_checks:
        print(f"FAILED CHECK {check}")
    for error in outcome.errors:
        print(f"error: {error}", file=sys.stderr)
    print(f"database: {db_path}\nreport:   {out_dir / 'run_report.json'}")
    return 0 if outcome.success else 1


def _cmd_run(args: argparse.Namespace) -> int:
    return _run(Path(args.input), Path(args.db), Path(args.out), args)


def _print_queue_top(db_path: Path, limit: int) -> None:
    con = db.connect(db_path, read_only=True)
    try:
        exists = con.execute(
            "select count(*) from duckdb_tables() "
            "where schema_name = 'queues' and table_name = 'investigation_queue'"
        ).fetchone()[0]
        if not exists:
            print("Investigation queue: no detector has been built yet, so there are no cases.")
            return
        rows = con.execute(
            "select rank, pattern, round(score, 3), account_ids, reasons[1] "
            "from queues.investigation_queue order by rank limit ?",
            [limit],
        ).fetchall()
    finally:
        con.close()
    print(f"Top {len(rows)} cases of the investigation queue")
    for rank, pattern, score, accounts, reason in rows:
        print(f"{rank:>4}  {pattern:<16}{score:>6}  {', '.join(accounts[:4])}  {reason}")


def _cmd_demo(args: argparse.Namespace) -> int:
    from analytics.synthetic import generate_marketplace

    base = Path(args.dir)
    input_dir, stamp = base / "input", base / "input" / "generated.json"
    wanted = {"accounts": args.accounts, "seed": args.seed}
    if not stamp.exists() or json.loads(stamp.read_text()) != wanted:
        print(f"Generating a marketplace of {args.accounts:,} accounts (seed {args.seed}) ...")
        generate_marketplace(input_dir, args.accounts, args.seed)
        stamp.write_text(json.dumps(wanted))
    db_path = base / "ringwatch.duckdb"
    code = _run(input_dir, db_path, base / "out", args)
    if code == 0:
        print()
        _print_queue_top(db_path, 10)
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ringwatch",
        description="Find collusion rings, immediate hires and off-platform payment drop-off.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="materialize every asset in process")
    run.add_argument("--input", required=True, help="folder with one file per input table")
    run.add_argument("--db", required=True, help="DuckDB file to write")
    run.add_argument("--out", required=True, help="folder for the exports and the run report")
    run.add_argument("--memory-limit", help="DuckDB memory limit, e.g. 12GB")
    run.add_argument("--temp-dir", help="where DuckDB spills when over its memory limit")
    run.set_defaults(func=_cmd_run)

    gen = sub.add_parser("generate", help="write a synthetic marketplace with planted cases")
    gen.add_argument("--out", required=True, help="folder to write the input tables to")
    gen.add_argument("--accounts", type=int, default=20_000)
    gen.add_argument("--seed", type=int, default=1)
    gen.set_defaults(func=_cmd_generate)

    demo = sub.add_parser("demo", help="generate a small marketplace, run it, show the queue")
    demo.add_argument("--dir", default="data/demo", help="where the demo's files go")
    demo.add_argument("--accounts", type=int, default=5_000)
    demo.add_argument("--seed", type=int, default=7)
    demo.set_defaults(func=_cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
