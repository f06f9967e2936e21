"""`ringwatch`: run the pipeline, generate a synthetic marketplace, or show the demo."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from analytics.db import table_exists
from analytics.queue.decisions import DISMISS_REASONS, STATUSES
from analytics.report import format_evaluation, format_loads, format_stage_times
from analytics.snapshot import open_snapshot, snapshot_path


def _generate(out: Path, accounts: int, seed: int, quiet: bool) -> dict[str, int]:
    from analytics.synthetic import STAGES, generate_marketplace
    from pipelines.display import shown, stage_events

    width = max(len(stage) for stage in STAGES)
    with shown("ringwatch generate", quiet, total=len(STAGES), width=width) as display:
        progress, finish = stage_events(display) if display else (None, None)
        counts = generate_marketplace(out, accounts, seed, progress)
        if finish:
            finish()
    return counts


def _cmd_generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        counts = _generate(Path(args.out), args.accounts, args.seed, args.quiet)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    print(f"wrote a synthetic marketplace to {args.out} in {elapsed:.1f}s (seed {args.seed})")
    for table, rows in counts.items():
        print(f"  {table:<10}{rows:>12,} rows")
    return 0


def _cmd_params(args: argparse.Namespace) -> int:
    from analytics.params import ParamsError
    from analytics.run_params import RunParams

    try:
        params = RunParams.from_file(Path(args.file)) if args.file else RunParams.defaults()
    except ParamsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(params.to_toml(), end="")
    return 0


def _run(input_dir: Path, db_path: Path, out_dir: Path, args: argparse.Namespace) -> int:
    from analytics.ingest import InputError
    from analytics.params import ParamsError
    from analytics.run_params import RunParams
    from pipelines.display import shown
    from pipelines.run import run_pipeline

    params_file = getattr(args, "params", None)
    as_of = getattr(args, "as_of", None)
    try:
        params = RunParams.from_file(Path(params_file)) if params_file else RunParams.defaults()
        if as_of is not None:
            params = params.with_overrides({"ingest": {"as_of": as_of}}, source="--as-of")
    except ParamsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if params.overrides():
        changed = ", ".join(
            f"{section}.{key}={value}"
            for section, values in params.overrides().items()
            for key, value in values.items()
        )
        given = " and ".join(
            x for x in (params_file, "--as-of" if as_of is not None else None) if x
        )
        print(f"Parameters {params.digest()} (from {given}): {changed}\n")
    try:
        with shown("ringwatch run", getattr(args, "quiet", False)) as display:
            outcome = run_pipeline(
                input_dir,
                db_path,
                out_dir,
                memory_limit=getattr(args, "memory_limit", None),
                temp_dir=Path(args.temp_dir) if getattr(args, "temp_dir", None) else None,
                decisions=Path(args.decisions) if getattr(args, "decisions", None) else None,
                params=params,
                on_event=display,
            )
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if outcome.loads:
        print("Rows loaded and quarantined")
        print(format_loads(outcome.loads))
        print()
    if outcome.not_loaded and (outcome.blocked or outcome.errors):
        print(f"Not loaded (the run stopped before them): {', '.join(outcome.not_loaded)}\n")
    if outcome.kept:
        print("Kept from the previous run (same input files, same code):")
        print("    " + ", ".join(outcome.kept))
        print()
    if outcome.stage_seconds:
        print(format_stage_times(outcome.stage_seconds))
        print()
    if outcome.queue_size is not None and not outcome.blocked:
        print(f"Investigation queue: {outcome.queue_size:,} cases")
    if outcome.evaluation and not outcome.blocked:
        print("Precision against labels and decisions")
        print(format_evaluation(outcome.evaluation))
        print()
    for check in outcome.failed_checks:
        print(f"FAILED CHECK {check}")
    for error in outcome.errors:
        print(f"error: {error}", file=sys.stderr)
    if outcome.blocked:
        for check in outcome.blocked:
            print(f"error: stopped by {check}", file=sys.stderr)
        print(
            "The run stopped before the detectors: the analysts' snapshot, the exports and the "
            "review app keep the last good run. This run's staging and quarantine tables (each "
            "quarantined row with its reasons) are in the working database: "
            f"ringwatch sql --working --db {db_path}",
            file=sys.stderr,
        )
    print(f"database: {db_path}\nsnapshot: {snapshot_path(db_path)}")
    print(f"exports:  {out_dir}\nreport:   {out_dir / 'run_report.json'}")
    return 0 if outcome.success else 1


def _cmd_run(args: argparse.Namespace) -> int:
    return _run(Path(args.input), Path(args.db), Path(args.out), args)


def _print_queue_top(db_path: Path, limit: int) -> None:
    con = open_snapshot(snapshot_path(db_path))
    try:
        if not table_exists(con, "queues", "investigation_queue"):
            print("Investigation queue: no detector has been built yet, so there are no cases.")
            return
        rows = con.execute(
            "select rank, case_id, pattern, score, account_ids, reasons[1] "
            "from queues.investigation_queue order by rank limit ?",
            [limit],
        ).fetchall()
    finally:
        con.close()
    print(f"Top {len(rows)} cases of the investigation queue")
    for rank, case_id, pattern, score, accounts, reason in rows:
        members = ", ".join(accounts[:3]) + (f" +{len(accounts) - 3}" if len(accounts) > 3 else "")
        print(f"{rank:>3}  {case_id:<16}{pattern:<16}{score:>6.3f}  {members}")
        print(f"       {reason}")


def _cmd_demo(args: argparse.Namespace) -> int:
    base = Path(args.dir)
    input_dir, stamp = base / "input", base / "input" / "generated.json"
    wanted = {"accounts": args.accounts, "seed": args.seed}
    if not stamp.exists() or json.loads(stamp.read_text()) != wanted:
        print(f"Generating a marketplace of {args.accounts:,} accounts (seed {args.seed}) ...")
        _generate(input_dir, args.accounts, args.seed, args.quiet)
        stamp.write_text(json.dumps(wanted))
    db_path = base / "ringwatch.duckdb"
    code = _run(input_dir, db_path, base / "out", args)
    if code == 0:
        print()
        _print_queue_top(db_path, 10)
    return code


def _cmd_decide(args: argparse.Namespace) -> int:
    from analytics.queue.decisions import CaseState, default_store, record_decision

    db_path = Path(args.db)
    con = open_snapshot(snapshot_path(db_path))
    try:
        row = con.execute(
            "select pattern, account_ids, paid_total, contact_findings "
            "from queues.case_registry where case_id = ?",
            [args.case_id],
        ).fetchone()
    finally:
        con.close()
    if row is None:
        print(f"error: no case {args.case_id} in {snapshot_path(db_path)}", file=sys.stderr)
        return 2
    store = Path(args.decisions) if args.decisions else default_store(db_path)
    try:
        decision_id = record_decision(
            store,
            args.case_id,
            args.status,
            CaseState(row[0], list(row[1]), float(row[2]), int(row[3])),
            reason=args.reason,
            note=args.note,
            decided_by=args.by,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"decision {decision_id}: {args.case_id} {args.status} (in {store})")
    return 0


def _read_password() -> str:
    """The password from standard input: typed twice at a terminal, else its first line."""
    import getpass

    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise ValueError("the two passwords differ")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.removesuffix("\n").removesuffix("\r")


def _cmd_users(args: argparse.Namespace) -> int:
    from analytics.queue.decisions import default_store
    from review import users

    store = Path(args.decisions) if args.decisions else default_store(Path(args.db))
    try:
        if args.action == "add":
            user = users.add_user(store, args.name, args.role, _read_password())
            print(f"added {user.name} ({user.role}) to {store}")
        elif args.action == "password":
            users.set_password(store, args.name, _read_password())
            print(f"new password for {users.normalize_name(args.name)}; their sessions ended")
        elif args.action == "disable":
            changed = users.disable_user(store, args.name)
            state = "disabled" if changed else "was disabled already"
            print(f"{users.normalize_name(args.name)} {state}; their sessions ended")
        else:
            rows = users.list_users(store)
            if not rows:
                print(f"no users in {store}")
            for row in rows:
                state = f"disabled {row['disabled_at']}" if row["disabled_at"] else "active"
                last = row["last_login_at"] or "never"
                print(
                    f"{row['name']:<24}{row['role']:<14}{state:<36}"
                    f"last sign-in {last}, {row['open_sessions']} open sessions"
                )
    except (users.UserError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _print_result(con: object, query: str) -> None:
    relation = con.sql(query)  # type: ignore[attr-defined]
    if relation is not None:
        relation.show(max_width=200, max_rows=60)


def _run_statements(con: Any, args: argparse.Namespace) -> int:
    """``ringwatch sql QUERY`` or ``--file FILE``, with ``--param`` values bound."""
    import duckdb

    from analytics import analyst_sql

    if args.query and args.file:
        print("error: give a statement or --file, not both", file=sys.stderr)
        return 2
    try:
        if args.file:
            file = analyst_sql.read_file(Path(args.file))
        else:
            file = analyst_sql.parse_header(args.query)
        relation = analyst_sql.run(con, file, analyst_sql.parse_params(args.param or []))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    except analyst_sql.ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if relation is not None:
        try:
            analyst_sql.write(relation, args.format, sys.stdout)
            sys.stdout.flush()
        except duckdb.Error as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        except BrokenPipeError:  # `| head`: the reader has all it wants
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    path = Path(args.db) if args.working else snapshot_path(Path(args.db))
    try:
        con = open_snapshot(path)
    except (FileNotFoundError, duckdb.Error) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        if args.query or args.file:
            return _run_statements(con, args)
        if args.param:
            print("error: --param needs a statement or --file", file=sys.stderr)
            return 2
        print(f"ringwatch sql on {path} (read-only). End statements with ';', quit with .quit")
        buffer: list[str] = []
        while True:
            try:
                line = input("ringwatch> " if not buffer else "      ...> ")
            except EOFError:
                break
            if not buffer and line.strip() in (".quit", ".exit", "quit", "exit"):
                break
            buffer.append(line)
            if line.rstrip().endswith(";"):
                try:
                    _print_result(con, "\n".join(buffer))
                except duckdb.Error as exc:
                    print(f"error: {exc}")
                buffer = []
        return 0
    finally:
        con.close()


def _cmd_serve(args: argparse.Namespace) -> int:
    from review.app import serve

    serve(args.db, host=args.host, port=args.port, decisions=args.decisions)
    return 0


def _cmd_contract(args: argparse.Namespace) -> int:
    from analytics import contract_doc

    if args.write:
        print(f"wrote {contract_doc.write()}")
    else:
        print(contract_doc.render(), end="")
    return 0


class _LineError(ValueError):
    """A line of ``ringwatch contacts`` input that is not ``{"id", "text", "region"}``."""


_CONTACT_FIELDS = ("id", "text", "region")
_REGION = re.compile(r"^[A-Za-z]{2}$")


def _contact_line(number: int, line: str) -> dict[str, Any]:
    def fail(message: str) -> _LineError:
        return _LineError(f"line {number}: {message}")

    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise fail(f"not valid JSON ({exc.msg})") from None
    if not isinstance(item, dict):
        raise fail("expected a JSON object with fields id, text, region")
    for name in item:
        if name not in _CONTACT_FIELDS:
            raise fail(f"unknown field {name!r} (expected id, text, region)")
    for name in _CONTACT_FIELDS:
        if name not in item:
            raise fail(f"missing field {name!r}")
    ident, text, region = item["id"], item["text"], item["region"]
    if isinstance(ident, bool) or not isinstance(ident, str | int):
        raise fail("field 'id' must be a string or an integer")
    if not isinstance(text, str):
        raise fail("field 'text' must be a string")
    if region is not None and not (isinstance(region, str) and _REGION.match(region)):
        raise fail("field 'region' must be a two-letter country code (ISO 3166-1) or null")
    return item


def _read_contact_lines(lines: Iterable[str]) -> Any:
    """The frame of ``id``, ``text``, ``region`` for ``contacts_in_texts``; blank lines are
    skipped. Integer ids stay integers unless some id is a string (then all are strings)."""
    import polars as pl

    items = [_contact_line(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    ids = [item["id"] for item in items]
    as_int = all(isinstance(i, int) and -(2**63) <= i < 2**63 for i in ids)
    return pl.DataFrame(
        {
            "id": ids if as_int else [str(i) for i in ids],
            "text": [item["text"] for item in items],
            "region": [item["region"] for item in items],
        },
        schema={"id": pl.Int64 if as_int else pl.String, "text": pl.String, "region": pl.String},
    )


def _cmd_contacts(args: argparse.Namespace) -> int:
    from analytics.contacts.texts import contacts_in_texts

    try:
        if args.file == "-":
            texts = _read_contact_lines(sys.stdin)
        else:
            with open(args.file, encoding="utf-8") as handle:
                texts = _read_contact_lines(handle)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    except _LineError as exc:
        name = "standard input" if args.file == "-" else args.file
        print(f"error: {name}: {exc}", file=sys.stderr)
        return 2
    fields = ("id", "kind", "value", "start", "end", "personal")
    for row in contacts_in_texts(texts).select(fields).iter_rows(named=True):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


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
    run.add_argument("--decisions", help="decisions store (default: <db stem>.decisions.sqlite)")
    run.add_argument(
        "--params", help="TOML file overriding any parameters (see `ringwatch params`)"
    )
    run.add_argument(
        "--quiet", action="store_true", help="no progress display, only the final report"
    )
    run.add_argument(
        "--as-of",
        help="the export's as-of time (ISO-8601, e.g. 2026-11-01T06:00:00Z): later timestamps, "
        "beyond ingest.future_tolerance_hours, are quarantined (default: per table, its newest "
        "timestamp not after now); sets ingest.as_of",
    )
    run.set_defaults(func=_cmd_run)

    params = sub.add_parser(
        "params", help="print every parameter with its default and reason, as TOML"
    )
    params.add_argument(
        "file", nargs="?", help="a parameter file: print the parameters it gives (checked)"
    )
    params.set_defaults(func=_cmd_params)

    decide = sub.add_parser("decide", help="record an investigator's decision on a case")
    decide.add_argument("case_id")
    decide.add_argument("--status", required=True, choices=STATUSES)
    decide.add_argument("--reason", choices=DISMISS_REASONS, help="required when dismissing")
    decide.add_argument("--note", help="free text for the case history")
    decide.add_argument("--by", help="who decides (default: the current user)")
    decide.add_argument("--db", default="data/demo/ringwatch.duckdb", help="the run's database")
    decide.add_argument("--decisions", help="decisions store (default: <db stem>.decisions.sqlite)")
    decide.set_defaults(func=_cmd_decide)

    people = sub.add_parser(
        "users",
        help="who may sign in to the review app (kept in the decisions store)",
        description=(
            "Add, list and disable the review app's users. Passwords are read from standard "
            "input (typed twice at a terminal), never from an argument, and stored only as "
            "argon2id hashes."
        ),
    )
    actions = people.add_subparsers(dest="action", required=True)
    for action, text in (
        ("add", "add a user; the password comes from standard input"),
        ("password", "set a user's password from standard input (their sessions end)"),
        ("disable", "disable a user (their sessions end; the name is never reused)"),
        ("list", "list the users"),
    ):
        act = actions.add_parser(action, help=text)
        if action != "list":
            act.add_argument("name")
        if action == "add":
            act.add_argument("--role", required=True, choices=("investigator", "lead"))
        act.add_argument("--db", default="data/demo/ringwatch.duckdb", help="the run's database")
        act.add_argument(
            "--decisions", help="decisions store (default: <db stem>.decisions.sqlite)"
        )
    people.set_defaults(func=_cmd_users)

    query = sub.add_parser("sql", help="query the analysts' snapshot, read-only")
    query.add_argument("query", nargs="?", help="one SQL statement; none for an interactive shell")
    query.add_argument("--file", help="a statement file, e.g. sql/examples/why_no_link.sql")
    query.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="bind $NAME to VALUE (repeat for each parameter; the file's header lists them)",
    )
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.add_argument("--db", default="data/demo/ringwatch.duckdb", help="the run's database")
    query.add_argument(
        "--working",
        action="store_true",
        help="query the working database itself (read-only, while no run holds it), e.g. the "
        "quarantine of a run that stopped, instead of the last good run's snapshot",
    )
    query.set_defaults(func=_cmd_sql)

    serve = sub.add_parser("serve", help="review cases in the browser (reads the snapshot)")
    serve.add_argument("--db", default="data/demo/ringwatch.duckdb", help="the run's database")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    serve.add_argument("--decisions", help="decisions store (default: <db stem>.decisions.sqlite)")
    serve.set_defaults(func=_cmd_serve)

    gen = sub.add_parser("generate", help="write a synthetic marketplace with planted cases")
    gen.add_argument("--out", required=True, help="folder to write the input tables to")
    gen.add_argument("--accounts", type=int, default=20_000)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument(
        "--quiet", action="store_true", help="no progress display, only the final report"
    )
    gen.set_defaults(func=_cmd_generate)

    contacts = sub.add_parser(
        "contacts",
        help="print the contact details found in JSON lines of {id, text, region}",
        description=(
            'Read JSON lines {"id", "text", "region"} (region: the sender\'s country, the '
            "default for phone numbers, or null) and print one JSON line per finding: "
            '{"id", "kind", "value", "start", "end", "personal"}, as features.message_contacts '
            "would hold it. Exit 2 on a malformed line."
        ),
    )
    contacts.add_argument("file", help="JSON lines file, or - for standard input")
    contacts.set_defaults(func=_cmd_contacts)

    demo = sub.add_parser("demo", help="generate a small marketplace, run it, show the queue")
    demo.add_argument("--dir", default="data/demo", help="where the demo's files go")
    demo.add_argument("--accounts", type=int, default=5_000)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument(
        "--quiet", action="store_true", help="no progress display, only the final report"
    )
    demo.set_defaults(func=_cmd_demo)

    doc = sub.add_parser("contract", help="print the data contract (docs/data_contract.md)")
    doc.add_argument("--write", action="store_true", help="write docs/data_contract.md instead")
    doc.set_defaults(func=_cmd_contract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
