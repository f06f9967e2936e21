"""The whole run on exports the project did not write: a broken table stops it before the
detectors and leaves the last good snapshot and exports as they were; a documented conversion
(integer epoch times) gives the queue the ISO times give."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from analytics.snapshot import snapshot_path
from analytics.synthetic import generate_marketplace
from pipelines.cli import main

QUEUE = "select case_id, pattern, score, account_ids from queues.investigation_queue order by rank"


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("breaker") / "input"
    generate_marketplace(folder, 2_000, 3)
    return folder


@pytest.fixture(scope="module")
def good_run(market: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database of a good run over ``market`` (with its snapshot and exports beside it)."""
    db = tmp_path_factory.mktemp("good_run") / "run" / "rw.duckdb"
    assert _run(market, db) == 0
    return db


def _copy(market: Path, folder: Path) -> Path:
    shutil.copytree(market, folder)
    return folder


def _run(input_dir: Path, db: Path, *extra: str) -> int:
    return main(["run", "--input", str(input_dir), "--db", str(db), "--out", str(db.parent / "out"),
                 *extra])  # fmt: skip


def _published(db: Path) -> dict[str, bytes]:
    """What analysts, investigators' tools and the review app read: the snapshot, the exports."""
    out = db.parent / "out"
    files = [
        snapshot_path(db),
        out / "investigation_queue.parquet",
        out / "investigation_queue.csv",
    ]
    return {f.name: f.read_bytes() for f in files}


def _queue(path: Path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(QUEUE).fetchall()


def test_a_broken_table_stops_the_run_and_keeps_the_last_good_snapshot(
    market: Path, good_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _copy(good_run.parent, tmp_path / "run") / good_run.name
    good = _published(db)
    assert _queue(snapshot_path(db))
    capsys.readouterr()

    # 30% of the logins with a malformed IP
    broken = _copy(market, tmp_path / "broken")
    logins = pl.read_parquet(broken / "logins.parquet").with_row_index("i")
    logins = logins.with_columns(
        ip=pl.when(pl.col("i") % 10 < 3).then(pl.lit("10.0.0.999")).otherwise(pl.col("ip"))
    ).drop("i")
    logins.write_parquet(broken / "logins.parquet")
    assert _run(broken, db) == 1
    captured = capsys.readouterr()
    assert (
        "error: stopped by staging/logins:quarantined_share: 30.0% of logins quarantined "
        in captured.err
    )
    assert "over the limit of 1.00% (ingest.max_quarantined_share_logins)" in captured.err
    assert "top reasons: ip is not an IPv4 or IPv6 address" in captured.err
    assert "keep the last good run" in captured.err
    assert "Investigation queue" not in captured.out  # the working database's queue is stale
    assert _published(db) == good
    report = json.loads((db.parent / "out" / "run_report.json").read_text())
    assert report["success"] is False and len(report["stopped_by"]) == 1
    # no detector ran: only staging and the checks took time
    assert all(s.startswith("staging/") or s == "asset checks" for s in report["stage_seconds"])
    with duckdb.connect(str(db), read_only=True) as con:  # the quarantine is there to inspect
        (quarantined,) = con.execute("select count(*) from quarantine.logins").fetchone()
    assert quarantined == report["tables"][1]["rows_quarantined"] > 0
    assert (
        main(["sql", "--working", "--db", str(db), "select count(*) from quarantine.logins"]) == 0
    )
    assert f"{quarantined}" in capsys.readouterr().out

    # broken accounts: nothing else is loaded, and the report says so
    roles = _copy(market, tmp_path / "roles")
    accounts = pl.read_parquet(roles / "accounts.parquet").with_row_index("i")
    accounts = accounts.with_columns(
        role=pl.when(pl.col("i") % 5 == 0).then(pl.lit("admin")).otherwise(pl.col("role"))
    ).drop("i")
    accounts.write_parquet(roles / "accounts.parquet")
    assert _run(roles, db) == 1
    captured = capsys.readouterr()
    assert "stopped by staging/accounts:quarantined_share: 20.0% of accounts" in captured.err
    assert "top reasons: unknown role (400)" in captured.err
    assert "Not loaded (the run stopped before them): logins, contracts, payments" in captured.out
    report = json.loads((db.parent / "out" / "run_report.json").read_text())
    assert [t["table"] for t in report["tables"]] == ["accounts"]
    assert _published(db) == good

    # a required table that arrives empty, when the last good run had rows
    emptied = _copy(market, tmp_path / "emptied")
    pl.read_parquet(emptied / "messages.parquet").head(0).write_parquet(
        emptied / "messages.parquet"
    )
    assert _run(emptied, db) == 1
    err = capsys.readouterr().err
    assert "error: stopped by staging/messages:not_emptied: messages arrived empty" in err
    assert _published(db) == good

    # ... unless a parameter says so
    allow = tmp_path / "allow.toml"
    allow.write_text("[ingest]\nallow_empty_required_tables = true\n")
    assert _run(emptied, db, "--params", str(allow)) == 0
    assert _published(db) != good


def test_integer_epoch_sign_ups_give_the_queue_iso_times_give(
    market: Path, good_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The export the issue measured: accounts.parquet with created_at as epoch seconds."""
    epoch = _copy(market, tmp_path / "epoch")
    accounts = pl.read_parquet(epoch / "accounts.parquet")
    accounts.with_columns(pl.col("created_at").dt.epoch("s")).write_parquet(
        epoch / "accounts.parquet"
    )
    assert pl.read_parquet_schema(epoch / "accounts.parquet")["created_at"] == pl.Int64
    db = tmp_path / "epoch_run" / "rw.duckdb"
    capsys.readouterr()
    assert _run(epoch, db, "--as-of", "2026-11-01T00:00:00Z") == 0
    out = capsys.readouterr().out
    assert "converted: accounts.parquet created_at: integers read as epoch seconds" in out
    assert "ingest.as_of=2026-11-01T00:00:00Z" in out
    assert _queue(snapshot_path(db)) == _queue(snapshot_path(good_run))
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select distinct as_of, as_of_derived from quarantine.load_report"
        ).fetchall()
    assert [(str(a), d) for a, d in rows] == [("2026-11-01 00:00:00", False)]


def test_a_bad_type_or_as_of_stops_before_anything_is_written(
    market: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    floats = _copy(market, tmp_path / "floats")
    payments = pl.read_parquet(floats / "payments.parquet")
    payments.with_columns(pl.col("payment_id").str.slice(1).cast(pl.Float64)).write_parquet(
        floats / "payments.parquet"
    )
    db = tmp_path / "run" / "rw.duckdb"
    assert _run(floats, db) == 2
    err = capsys.readouterr().err
    assert (
        "payments.parquet: column 'payment_id' of table payments is DOUBLE; expected string" in err
    )
    assert not db.exists()
    assert _run(market, db, "--as-of", "last friday") == 2
    assert "ingest.as_of: 'last friday' is not an ISO-8601 date or time" in capsys.readouterr().err
    assert not db.exists()
