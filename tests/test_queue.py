"""The investigation queue end to end on the synthetic marketplace: precision, stable case
ids, decisions that hide a case until it changes, exports, and the analysts' snapshot."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from analytics import analyst_sql
from analytics.queue.decisions import CaseState, read_decisions, record_decision
from analytics.snapshot import open_snapshot, snapshot_path
from pipelines.cli import main
from pipelines.run import run_pipeline
from tests.synthetic_market import run_market

CONTRACT_COLUMNS = ["case_id", "rank", "pattern", "score", "account_ids", "contract_ids", "reasons"]


def _queue(db_path: Path) -> pl.DataFrame:
    con = open_snapshot(snapshot_path(db_path))
    try:
        return con.sql("select * from queues.investigation_queue order by rank").pl()
    finally:
        con.close()


@pytest.fixture(scope="module")
def first_run(market_input: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_market(market_input, tmp_path_factory.mktemp("queue_run"))


def test_queue_has_the_contract_columns_and_exports(first_run: Path) -> None:
    queue = _queue(first_run)
    assert queue.columns == CONTRACT_COLUMNS
    assert queue["rank"].to_list() == list(range(1, queue.height + 1))
    assert queue["score"].is_sorted(descending=True)
    exported = pl.read_parquet(first_run.parent / "out" / "investigation_queue.parquet")
    assert exported.columns == CONTRACT_COLUMNS
    assert exported.equals(queue)
    csv = pl.read_csv(first_run.parent / "out" / "investigation_queue.csv")
    assert csv.columns == CONTRACT_COLUMNS
    assert csv["account_ids"][0] == ";".join(queue["account_ids"][0])
    assert csv["reasons"][0] == " | ".join(queue["reasons"][0])


def test_precision_is_measured_and_high(first_run: Path) -> None:
    con = open_snapshot(snapshot_path(first_run))
    evaluation = {row[0]: row for row in con.execute("select * from queues.evaluation").fetchall()}
    con.close()
    assert set(evaluation) == {"ring", "immediate_hire", "contact_dropoff", "overall"}
    # scope, labelled, cases, AP, P@10, P@50, P@100, P@labelled, recall@100, recall
    for scope in ("ring", "immediate_hire", "contact_dropoff"):
        assert evaluation[scope][3] >= 0.9, scope
    overall = evaluation["overall"]
    assert overall[3] >= 0.95  # average precision across patterns
    assert overall[4] == 1.0  # the top 10 are all planted cases
    assert overall[7] >= 0.9  # precision at the number labelled


def test_every_pattern_is_in_the_queue_with_related_cases(first_run: Path) -> None:
    queue = _queue(first_run)
    assert set(queue["pattern"].unique()) == {"ring", "immediate_hire", "contact_dropoff"}
    con = open_snapshot(snapshot_path(first_run))
    views = con.execute("select count(*) from queues.ring_queue").fetchone()[0]
    con.close()
    assert views == queue.filter(pl.col("pattern") == "ring").height


def test_same_input_gives_the_same_case_ids(
    first_run: Path, market_input: Path, tmp_path: Path
) -> None:
    again = tmp_path / "fresh.duckdb"
    assert run_pipeline(market_input, again, tmp_path / "out").success
    assert (
        _queue(again)
        .select("case_id", "rank", "score")
        .equals(_queue(first_run).select("case_id", "rank", "score"))
    )


def _copy_run(db_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "work.duckdb"
    shutil.copy(db_path, target)
    return target


def _with_extra_payment(market_input: Path, tmp_path: Path, contract_id: str) -> Path:
    """The same input with one more payment on ``contract_id``, as a second payments file."""
    changed = tmp_path / "changed_input"
    shutil.copytree(market_input, changed)
    (changed / "payments").mkdir()
    (changed / "payments.parquet").rename(changed / "payments" / "part-0.parquet")
    (changed / "payments" / "part-1.csv").write_text(
        "payment_id,contract_id,ts,amount,currency,kind,instrument_id\n"
        f"p-extra-1,{contract_id},2026-10-30T12:00:00Z,900.00,USD,milestone,\n"
    )
    return changed


def test_a_decided_case_leaves_and_comes_back_on_new_money(
    first_run: Path, market_input: Path, tmp_path: Path
) -> None:
    db_path = _copy_run(first_run, tmp_path)
    store = tmp_path / "decisions.sqlite"
    ring = _queue(first_run).filter(pl.col("pattern") == "ring").row(0, named=True)
    state = CaseState("ring", ring["account_ids"], 0.0, 0)
    con = open_snapshot(snapshot_path(first_run))
    paid, contacts = con.execute(
        "select paid_total, contact_findings from queues.case_registry where case_id = ?",
        [ring["case_id"]],
    ).fetchone()
    con.close()
    state = CaseState("ring", ring["account_ids"], paid, contacts)
    record_decision(store, ring["case_id"], "dismissed", state, reason="household", note="test")
    assert run_pipeline(market_input, db_path, tmp_path / "out", decisions=store).success
    assert ring["case_id"] not in _queue(db_path)["case_id"].to_list()
    con = duckdb.connect(str(snapshot_path(db_path)), read_only=True)
    status = con.execute(
        "select status, in_queue from queues.case_status where case_id = ?", [ring["case_id"]]
    ).fetchone()
    con.close()
    assert status == ("dismissed", False)
    changed = _with_extra_payment(market_input, tmp_path, ring["contract_ids"][0])
    assert run_pipeline(changed, db_path, tmp_path / "out", decisions=store).success
    back = _queue(db_path).filter(pl.col("case_id") == ring["case_id"])
    assert back.height == 1
    first_reason = back["reasons"][0][0]
    assert first_reason.startswith("changed since it was dismissed on ")
    assert first_reason.endswith("900 more paid")


def test_decisions_count_as_labels(first_run: Path, market_input: Path, tmp_path: Path) -> None:
    db_path = _copy_run(first_run, tmp_path)
    store = tmp_path / "decisions.sqlite"
    for row in _queue(first_run).filter(pl.col("pattern") == "ring").head(3).iter_rows(named=True):
        record_decision(
            store, row["case_id"], "confirmed", CaseState("ring", row["account_ids"], 0, 0)
        )
    assert len(read_decisions(store)) == 3
    assert run_pipeline(market_input, db_path, tmp_path / "out", decisions=store).success
    con = open_snapshot(snapshot_path(db_path))
    ring = con.execute(
        "select labelled_cases from queues.evaluation where scope = 'ring'"
    ).fetchone()
    con.close()
    assert ring[0] == 18 + 3  # planted rings plus the three confirmed cases


def test_cli_decide_records_with_who_and_why(
    first_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = _queue(first_run)["case_id"][0]
    store = tmp_path / "d.sqlite"
    args = ["decide", case_id, "--db", str(first_run), "--decisions", str(store)]
    assert main([*args, "--status", "dismissed"]) == 2  # a dismissal needs a reason
    assert "a dismissal needs a reason" in capsys.readouterr().err
    assert (
        main(
            [
                *args,
                "--status",
                "dismissed",
                "--reason",
                "agency",
                "--note",
                "office",
                "--by",
                "ana",
            ]
        )
        == 0
    )
    decided = read_decisions(store).row(0, named=True)
    assert (decided["case_id"], decided["status"], decided["reason"], decided["decided_by"]) == (
        case_id,
        "dismissed",
        "agency",
        "ana",
    )
    assert main(["decide", "no-such-case", "--db", str(first_run), "--status", "confirmed"]) == 2


def test_sql_reads_the_snapshot_and_nothing_else(
    first_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "sql",
                "select count(*) as cases from queues.investigation_queue",
                "--db",
                str(first_run),
            ]
        )
        == 0
    )
    assert "cases" in capsys.readouterr().out
    assert main(["sql", "select * from read_csv('/etc/passwd')", "--db", str(first_run)]) == 1
    assert "Permission" in capsys.readouterr().err
    assert main(["sql", "create table x as select 1", "--db", str(first_run)]) == 1


def test_analysts_query_the_snapshot_while_a_run_writes(
    first_run: Path, market_input: Path, tmp_path: Path
) -> None:
    db_path = _copy_run(first_run, tmp_path)
    shutil.copy(snapshot_path(first_run), snapshot_path(db_path))
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "run",
            "--input",
            str(market_input),
            "--db",
            str(db_path),
            "--out",
            str(tmp_path / "out"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    reads, locked_seen = 0, False
    try:
        while run.poll() is None:
            con = open_snapshot(snapshot_path(db_path))
            assert con.execute("select count(*) from queues.investigation_queue").fetchone()[0] > 0
            con.close()
            reads += 1
            try:
                duckdb.connect(str(db_path), read_only=True).close()
            except duckdb.IOException:
                locked_seen = True  # the working file is held by the run, as expected
            time.sleep(0.05)
    finally:
        run.wait(timeout=300)
    assert run.returncode == 0, run.stdout.read().decode() if run.stdout else ""
    assert reads >= 3
    assert locked_seen


EXAMPLES = sorted((Path(__file__).parent.parent / "sql" / "examples").glob("*.sql"))


def test_sql_examples_run_as_documented(
    first_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every example through `ringwatch sql --file`, with the parameters its header gives as
    its example: the header lists exactly the parameters the statement takes."""
    assert len(EXAMPLES) >= 5
    con = open_snapshot(snapshot_path(first_run))
    for example in EXAMPLES:
        file = analyst_sql.read_file(example)
        taken = {n for s in analyst_sql.statements(con, file.text) for n in s.named_parameters}
        assert set(file.documented) == taken, example.name
        assert set(file.example) == taken, example.name
        params = [a for n, v in file.example.items() for a in ("--param", f"{n}={v}")]
        args = ["sql", "--file", str(example), *params, "--db", str(first_run), "--format"]
        assert main([*args, "json"]) == 0, capsys.readouterr().err
        rows = json.loads(capsys.readouterr().out)
        if example.name != "quarantine_overview.sql":
            assert rows, example.name
        assert main([*args, "csv"]) == 0
        assert len(capsys.readouterr().out.splitlines()) == len(rows) + 1  # header, then rows
    con.close()


def test_sql_file_parameters_are_bound_and_checked(
    first_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = str(EXAMPLES[0].parent / "why_no_link.sql")
    base = ["sql", "--file", example, "--db", str(first_run)]
    assert main([*base, "--param", "account_a=a0000421"]) == 2
    err = capsys.readouterr().err
    assert "missing parameter account_b" in err and "--param account_b=VALUE" in err
    assert main([*base, "--param", "account_a=a", "--param", "account_b=b", "--param", "c=1"]) == 2
    assert "unknown parameter c:" in capsys.readouterr().err
    # a value is bound, never pasted into the statement: a quote is just a character
    quoted = ["--param", "account_a=x' or '1'='1", "--param", "account_b=y"]
    assert main([*base, *quoted, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert (
        main(
            [
                "sql",
                "select $n::int * 2 as twice",
                "--param",
                "n=21",
                "--db",
                str(first_run),
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == "twice\n42\n"


def test_every_table_and_column_analysts_see_has_a_comment(first_run: Path) -> None:
    con = open_snapshot(snapshot_path(first_run))
    tables = con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() "
        "where comment is null or comment = ''"
    ).fetchall()
    views = con.execute(
        "select schema_name || '.' || view_name from duckdb_views() "
        "where not internal and (comment is null or comment = '')"
    ).fetchall()
    columns = con.execute(
        "select c.schema_name || '.' || c.table_name || '.' || c.column_name "
        "from duckdb_columns() as c inner join duckdb_tables() as t "
        "using (database_name, schema_name, table_name) "
        "where c.comment is null or c.comment = ''"
    ).fetchall()
    con.close()
    assert (tables, views, columns) == ([], [], [])


def test_one_case_per_group_of_accounts_across_patterns() -> None:
    from analytics.queue.build import one_case_per_group

    cases = pl.DataFrame(
        {
            "case_key": ["ih-k1", "idg-a", "cd-x", "idg-b"],
            "pattern": ["immediate_hire", "ring", "contact_dropoff", "ring"],
            "score": [0.9, 0.6, 0.7, 0.5],
            "account_ids": [["f1", "c1"], ["c1", "f1"], ["c2", "f2"], ["c3", "f3", "c4"]],
            "reasons": [
                ["client created 4 min before hiring f1"],
                ["2 share a card"],
                ["x"],
                ["y"],
            ],
        }
    )
    merged = one_case_per_group(cases).sort("case_key")
    assert merged["case_key"].to_list() == ["cd-x", "idg-b", "ih-k1"]
    hire = merged.filter(pl.col("case_key") == "ih-k1")["reasons"].to_list()[0]
    assert hire == [
        "client created 4 min before hiring f1",
        "the same accounts are also a ring case (score 0.6): 2 share a card",
    ]
