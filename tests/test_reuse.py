"""Re-runs keep the staged inputs, identifiers and message contacts whose sources and code are
unchanged, rebuild what changed, and end with the tables a fresh run would make."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from analytics import db, reuse
from analytics.ingest import ingest_table
from analytics.synthetic import generate_marketplace
from pipelines.run import run_pipeline
from tests.bad_input import TABLES

KEPT = [
    *(f"staging.{t}" for t in ("accounts", "logins", "contracts", "payments", "labels")),
    "staging.account_identifiers",
]
QUEUE = (
    "select case_id, rank, pattern, score, account_ids, contract_ids, reasons "
    "from queues.investigation_queue order by rank"
)


def _built_at(path: Path) -> dict[str, object]:
    with duckdb.connect(str(path), read_only=True) as con:
        return dict(
            con.execute("select table_name, built_at from staging.build_fingerprints").fetchall()
        )


def _tables(path: Path, queries: list[str]) -> list[list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return [con.execute(q).fetchall() for q in queries]


def _run(input_dir: Path, path: Path) -> list[str]:
    """Run the pipeline; the tables it kept from the previous run."""
    outcome = run_pipeline(input_dir, path, path.parent / "out")
    assert outcome.success, outcome.errors + outcome.failed_checks
    return outcome.kept


def test_rerun_keeps_what_is_unchanged_and_matches_a_fresh_run(tmp_path: Path) -> None:
    market = tmp_path / "input"
    generate_marketplace(market, 3_000, 5)
    rerun = tmp_path / "rerun" / "rw.duckdb"
    assert _run(market, rerun) == []
    first = _built_at(rerun)
    assert set(first) >= {*KEPT, "staging.messages", "features.message_contacts"}
    queue_before = _tables(rerun, [QUEUE])

    assert _run(market, rerun) == sorted(first)
    assert _built_at(rerun) == first  # nothing rebuilt
    assert _tables(rerun, [QUEUE]) == queue_before

    # One new message sharing an obfuscated address on a contract that exists.
    messages = pl.read_parquet(market / "messages.parquet")
    extra = messages.head(1).with_columns(
        pl.lit("m-extra").alias("message_id"),
        pl.lit("write me at rick dot moranis at gmail dot com").alias("body"),
    )
    pl.concat([messages, extra]).write_parquet(market / "messages.parquet")
    _run(market, rerun)
    after = _built_at(rerun)
    assert {t for t in first if after[t] != first[t]} == {
        "staging.messages",
        "quarantine.messages",
        "features.message_contacts",
    }

    fresh = tmp_path / "fresh" / "rw.duckdb"
    _run(market, fresh)
    compared = [
        "select * from staging.messages order by all",
        "select * from features.message_contacts order by all",
        "select * from staging.account_identifiers order by all",
        QUEUE,
    ]
    assert _tables(rerun, compared) == _tables(fresh, compared)
    (found,) = _tables(
        rerun, ["select value from features.message_contacts where message_id = 'm-extra'"]
    )
    assert found == [("rickmoranis@gmail.com",)]


def test_an_edited_table_is_rebuilt(bad_input: Path) -> None:
    con = db.connect()
    for table in TABLES:
        ingest_table(con, bad_input, table)
    staged = "select * from staging.logins order by all"
    before = con.execute(staged).fetchall()
    assert ingest_table(con, bad_input, "logins").reused

    con.execute("delete from staging.logins where rowid = (select min(rowid) from staging.logins)")
    again = ingest_table(con, bad_input, "logins")
    assert not again.reused
    assert con.execute(staged).fetchall() == before

    con.execute("update staging.logins set device_id = 'edited' where device_id is not null")
    assert not ingest_table(con, bad_input, "logins").reused
    assert con.execute(staged).fetchall() == before

    con.execute("delete from quarantine.load_report where table_name = 'logins'")
    restaged = ingest_table(con, bad_input, "logins")
    assert not restaged.reused and restaged.rows_read == len(TABLES["logins"][1])


def test_a_table_read_from_an_unrecorded_one_is_never_kept(con: duckdb.DuckDBPyConnection) -> None:
    """A hand-made source (a test fixture, an older ringwatch's table) has no fingerprint, so
    what is built from it cannot be recognised and is rebuilt every time."""
    con.execute("create table staging.src as select 1 as x")
    code = (("analytics.reuse",), ("staging/build_fingerprints.sql",))
    builds = []

    def build() -> None:
        builds.append(1)
        con.execute("create or replace table staging.out as select x + 1 as y from staging.src")

    for _ in range(2):
        kept, _ = reuse.keep_or_build(
            con, ["staging.out"], build, code=code, sources=["staging.src"]
        )
        assert not kept
    assert len(builds) == 2 and reuse.recorded(con, "staging.out") is None


def test_a_failed_build_leaves_no_record(con: duckdb.DuckDBPyConnection) -> None:
    code = (("analytics.reuse",), ("staging/build_fingerprints.sql",))

    def build() -> None:
        con.execute("create or replace table staging.out as select 1 as y")

    assert reuse.keep_or_build(con, ["staging.out"], build, code=code) == (False, None)
    assert reuse.keep_or_build(con, ["staging.out"], build, code=code) == (True, None)

    def broken() -> None:
        con.execute("create or replace table staging.out as select 2 as y")
        raise RuntimeError("disk full")

    con.execute("insert into staging.out values (3)")  # so the next call rebuilds
    with pytest.raises(RuntimeError):
        reuse.keep_or_build(con, ["staging.out"], broken, code=code)
    assert reuse.recorded(con, "staging.out") is None
    assert reuse.keep_or_build(con, ["staging.out"], build, code=code) == (False, None)


def test_code_fingerprint_follows_imports_but_not_weights() -> None:
    """Staging depends on the normalizers it imports; a changed ring weight restages nothing."""
    staging = reuse.code_modules(["analytics.ingest"])
    assert {"analytics.normalize", "analytics.contract", "analytics.sql"} <= staging
    contacts = reuse.code_modules(["analytics.contacts.detect"])
    assert "analytics.contacts.deobfuscate" in contacts
    weights = ("analytics.detectors", "analytics.queue", "analytics.patterns", "analytics.run_")
    assert not any(m.startswith(weights) for m in staging | contacts)
