"""Investigators' decisions, in a store of their own that the pipeline only reads.

SQLite in WAL mode: ``ringwatch decide`` appends a row in a few milliseconds whatever the
pipeline is doing (DuckDB would lock its file for the length of a run), and the pipeline reads
a consistent snapshot of it at the start of the queue step. Rows are never updated or deleted:
the table is the audit log, and a case's status is its latest decision.

A lead may reopen a decided case (status ``reopened``): the case is open again from the next run
on, and its accounts are no longer labelled by the earlier decision. ``via`` says how the name in
``decided_by`` was established: ``session`` (signed in to the review app), ``proxy`` (a trusted
single sign-on proxy's header) or null (typed: ``ringwatch decide --by``, or a decision made
before the app had users).
"""

from __future__ import annotations

import getpass
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

STATUSES = ("confirmed", "dismissed", "needs_info")
REOPENED = "reopened"  # a lead's undoing of a confirmed or dismissed decision
RECORDED_STATUSES = (*STATUSES, REOPENED)
VIA = ("session", "proxy")
DISMISS_REASONS = ("household", "agency", "shared_office", "not_fraud", "duplicate", "other")

SCHEMA = """
create table if not exists decisions (
    decision_id integer primary key autoincrement,
    case_id text not null,
    status text not null check (status in ('confirmed', 'dismissed', 'needs_info', 'reopened')),
    reason text,
    note text,
    decided_by text not null,
    decided_at text not null,
    pattern text,
    account_ids text,
    paid_total real,
    contact_findings integer,
    via text check (via in ('session', 'proxy'))
)
"""
COLUMNS = (
    "decision_id, case_id, status, reason, note, decided_by, decided_at, pattern, account_ids, "
    "paid_total, contact_findings"
)


@dataclass(frozen=True)
class CaseState:
    """What a case looked like when it was decided: the yardstick for material change."""

    pattern: str
    account_ids: list[str]
    paid_total: float
    contact_findings: int


def default_store(db_path: str | Path) -> Path:
    """The decisions store that goes with a database file: ``<db stem>.decisions.sqlite``."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}.decisions.sqlite")


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=30)
    con.execute("pragma journal_mode = wal")
    con.execute(SCHEMA)
    _upgrade(con)
    return con


def _upgrade(con: sqlite3.Connection) -> None:
    """Bring a store written before ``reopened`` and ``via`` existed up to SCHEMA.

    SQLite cannot change a check constraint in place, so the table is copied whole, ids and
    all, in one transaction: nothing is lost or renumbered, and a reader sees either table.
    """
    (sql,) = con.execute(
        "select sql from sqlite_master where type = 'table' and name = 'decisions'"
    ).fetchone()
    if "'reopened'" in sql:
        return
    con.isolation_level = None
    try:
        con.execute("begin immediate")
        (sql,) = con.execute(
            "select sql from sqlite_master where type = 'table' and name = 'decisions'"
        ).fetchone()
        if "'reopened'" in sql:  # another process upgraded it meanwhile
            con.execute("commit")
            return
        seq = con.execute("select seq from sqlite_sequence where name = 'decisions'").fetchone()
        con.execute(SCHEMA.replace("decisions (", "decisions_upgraded (", 1))
        con.execute(f"insert into decisions_upgraded ({COLUMNS}) select {COLUMNS} from decisions")
        con.execute("drop table decisions")
        con.execute("alter table decisions_upgraded rename to decisions")
        if seq is not None:
            con.execute("update sqlite_sequence set seq = ? where name = 'decisions'", seq)
        con.execute("commit")
    except BaseException:
        if con.in_transaction:
            con.execute("rollback")
        raise
    finally:
        con.isolation_level = ""


def prepare_store(store: str | Path) -> Path:
    """Create the store, or bring an old one up to SCHEMA (the review app does at start)."""
    path = Path(store)
    _connect(path).close()
    return path


def record_decision(
    store: str | Path,
    case_id: str,
    status: str,
    state: CaseState,
    *,
    reason: str | None = None,
    note: str | None = None,
    decided_by: str | None = None,
    decided_at: datetime | None = None,
    via: str | None = None,
) -> int:
    """Append one decision; returns its id. ``via`` is None for a typed ``decided_by``."""
    if status not in RECORDED_STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    if via is not None and via not in VIA:
        raise ValueError(f"via must be one of {', '.join(VIA)} or None, not {via!r}")
    if status == "dismissed" and reason not in DISMISS_REASONS:
        raise ValueError(f"a dismissal needs a reason: one of {', '.join(DISMISS_REASONS)}")
    when = (decided_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    con = _connect(Path(store))
    try:
        with con:
            cursor = con.execute(
                "insert into decisions (case_id, status, reason, note, decided_by, decided_at, "
                "pattern, account_ids, paid_total, contact_findings, via) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    case_id,
                    status,
                    reason,
                    note,
                    decided_by or getpass.getuser(),
                    when,
                    state.pattern,
                    "\n".join(state.account_ids),
                    state.paid_total,
                    state.contact_findings,
                    via,
                ),
            )
        return int(cursor.lastrowid)
    finally:
        con.close()


def read_decisions(store: str | Path) -> pl.DataFrame:
    """Every decision, oldest first (empty, with the columns, when there is no store yet)."""
    schema = {
        "decision_id": pl.Int64,
        "case_id": pl.String,
        "status": pl.String,
        "reason": pl.String,
        "note": pl.String,
        "decided_by": pl.String,
        "decided_at": pl.String,
        "pattern": pl.String,
        "account_ids": pl.List(pl.String),
        "paid_total": pl.Float64,
        "contact_findings": pl.Int64,
    }
    path = Path(store)
    if not path.exists():
        return pl.DataFrame(schema=schema)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        rows = con.execute(
            "select decision_id, case_id, status, reason, note, decided_by, decided_at, "
            "pattern, account_ids, paid_total, contact_findings from decisions "
            "order by decision_id"
        ).fetchall()
    finally:
        con.close()
    records = [(*row[:8], row[8].split("\n") if row[8] else [], row[9], row[10]) for row in rows]
    return pl.DataFrame(records, schema=schema, orient="row")


def decision_labels(decisions: pl.DataFrame) -> pl.DataFrame:
    """The latest confirmed (fraud) or dismissed (legit) decision of each case as labels of its
    accounts: account_id, label, pattern, case_key ('decided:<case_id>')."""
    latest = decisions.sort("decision_id").group_by("case_id").last()
    return (
        latest.filter(pl.col("status").is_in(["confirmed", "dismissed"]))
        .select(
            pl.col("account_ids").alias("account_id"),
            pl.when(pl.col("status") == "confirmed")
            .then(pl.lit("fraud"))
            .otherwise(pl.lit("legit"))
            .alias("label"),
            "pattern",
            pl.concat_str([pl.lit("decided:"), pl.col("case_id")]).alias("case_key"),
        )
        .explode("account_id")
    )
