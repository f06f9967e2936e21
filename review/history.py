"""Reading the decisions store for the app: one case's history, the audit log, a page's latest.

``analytics.queue.decisions.read_decisions`` loads the whole log, which is what the pipeline
needs once per run; a page needs a few rows, so these read SQLite read-only with a ``where``.
Writing stays with ``record_decision``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_COLUMNS = (
    "decision_id, case_id, status, reason, note, decided_by, decided_at, pattern, "
    "account_ids, paid_total, contact_findings, via"
)


@contextmanager
def _read(store: Path) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection, or None while nobody has decided anything yet."""
    if not store.exists():
        yield None
        return
    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=30)
    con.row_factory = sqlite3.Row
    try:
        yield con
    finally:
        con.close()


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    rows = [dict(row) for row in cursor.fetchall()]
    for row in rows:
        row["account_ids"] = row["account_ids"].split("\n") if row.get("account_ids") else []
    return rows


def case_history(store: Path, case_id: str) -> list[dict[str, Any]]:
    """Every decision on one case, newest first."""
    with _read(store) as con:
        if con is None:
            return []
        return _rows(
            con.execute(
                f"select {_COLUMNS} from decisions where case_id = ? order by decision_id desc",
                (case_id,),
            )
        )


def audit_page(store: Path, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """A page of every decision, newest first, and how many there are."""
    with _read(store) as con:
        if con is None:
            return [], 0
        (total,) = con.execute("select count(*) from decisions").fetchone()
        rows = _rows(
            con.execute(
                f"select {_COLUMNS} from decisions order by decision_id desc limit ? offset ?",
                (limit, offset),
            )
        )
        return rows, int(total)


def latest_for(store: Path, case_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The latest decision of each of ``case_ids`` that has one (for a queue page)."""
    if not case_ids:
        return {}
    marks = ", ".join("?" for _ in case_ids)  # placeholders only: the ids are bound
    with _read(store) as con:
        if con is None:
            return {}
        rows = _rows(
            con.execute(
                f"select {_COLUMNS} from decisions where decision_id in ("
                f"select max(decision_id) from decisions where case_id in ({marks}) "
                "group by case_id)",
                tuple(case_ids),
            )
        )
    return {row["case_id"]: row for row in rows}
