"""Investigators' decisions, in a store of their own that the pipeline only reads.

SQLite in WAL mode: ``ringwatch decide`` appends a row in a few milliseconds whatever the
pipeline is doing (DuckDB would lock its file for the length of a run), and the pipeline reads
a consistent snapshot of it at the start of the queue step. Rows are never updated or deleted:
the table is the audit log, and a case's status is its latest decision.
"""

from __future__ import annotations

import getpass
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

STATUSES = ("confirmed", "dismissed", "needs_info")
DISMISS_REASONS = ("household", "agency", "shared_office", "not_fraud", "duplicate", "other")

SCHEMA = """
create table if not exists decisions (
    decision_id integer primary key autoincrement,
    case_id text not null,
    status text not null check (status in ('confirmed', 'dismissed', 'needs_info')),
    reason text,
    note text,
    decided_by text not null,
    decided_at text not null,
    pattern text,
    account_ids text,
    paid_total real,
    contact_findings integer
)
"""


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
    return con


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
) -> int:
    """Append one decision; returns its id."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    if status == "dismissed" and reason not in DISMISS_REASONS:
        raise ValueError(f"a dismissal needs a reason: one of {', '.join(DISMISS_REASONS)}")
    when = (decided_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    con = _connect(Path(store))
    try:
        with con:
            cursor = con.execute(
                "insert into decisions (case_id, status, reason, note, decided_by, decided_at, "
                "pattern, account_ids, paid_total, contact_findings) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
