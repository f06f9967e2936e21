"""Who works which case: an append-only log in the decisions store, the latest row wins.

An assignment names a user (or nobody: released) and who made it, so the log shows how work
moved around the team; ``current_assignments`` holds each assigned case's latest row, written in
the same transaction, so a queue page reads 50 rows by key instead of grouping the whole log.
The pipeline does not read either: assignment is the team's, not the queue's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA = """
create table if not exists assignments (
    assignment_id integer primary key autoincrement,
    case_id text not null,
    assignee text,
    assigned_by text not null,
    assigned_at text not null
);
create index if not exists assignments_by_case on assignments (case_id, assignment_id);
-- The latest row of each assigned case, kept with every write: what the pages read.
create table if not exists current_assignments (
    case_id text primary key,
    assignee text not null,
    assigned_by text not null,
    assigned_at text not null
);
create index if not exists current_assignments_by_assignee on current_assignments (assignee);
"""


@contextmanager
def _read(store: Path) -> Iterator[sqlite3.Connection | None]:
    if not store.exists():
        yield None
        return
    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=30)
    con.row_factory = sqlite3.Row
    try:
        exists = con.execute(
            "select 1 from sqlite_master where type = 'table' and name = 'current_assignments'"
        ).fetchone()
        yield con if exists else None
    finally:
        con.close()


def assign(store: str | Path, case_id: str, assignee: str | None, assigned_by: str) -> int:
    """Record that ``case_id`` is now ``assignee``'s (None: nobody's); returns the row's id."""
    path = Path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=30)
    try:
        con.execute("pragma journal_mode = wal")
        con.executescript(SCHEMA)
        when = datetime.now(UTC).isoformat(timespec="seconds")
        with con:
            cursor = con.execute(
                "insert into assignments (case_id, assignee, assigned_by, assigned_at) "
                "values (?, ?, ?, ?)",
                (case_id, assignee, assigned_by, when),
            )
            if assignee is None:
                con.execute("delete from current_assignments where case_id = ?", (case_id,))
            else:
                con.execute(
                    "insert or replace into current_assignments "
                    "(case_id, assignee, assigned_by, assigned_at) values (?, ?, ?, ?)",
                    (case_id, assignee, assigned_by, when),
                )
        return int(cursor.lastrowid)
    finally:
        con.close()


def current(store: Path, case_ids: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """The current assignment of each assigned case (of ``case_ids``, or of all)."""
    columns = "select case_id, assignee, assigned_by, assigned_at from current_assignments"
    with _read(store) as con:
        if con is None:
            return {}
        if case_ids is None:
            rows = con.execute(columns).fetchall()
        elif not case_ids:
            return {}
        else:
            marks = ", ".join("?" for _ in case_ids)  # placeholders only: the ids are bound
            rows = con.execute(f"{columns} where case_id in ({marks})", tuple(case_ids))
            rows = rows.fetchall()
    return {row["case_id"]: dict(row) for row in rows}


def assigned_case_ids(store: Path, assignee: str | None = None) -> list[str]:
    """Cases assigned to anybody (or to ``assignee``), for the queue's filters."""
    with _read(store) as con:
        if con is None:
            return []
        if assignee is None:
            rows = con.execute("select case_id from current_assignments").fetchall()
        else:
            rows = con.execute(
                "select case_id from current_assignments where assignee = ?", (assignee,)
            ).fetchall()
    return sorted(row[0] for row in rows)


def case_log(store: Path, case_id: str) -> list[dict[str, Any]]:
    """Every assignment of one case, newest first."""
    with _read(store) as con:
        if con is None:
            return []
        return [
            dict(row)
            for row in con.execute(
                "select assignment_id, assignee, assigned_by, assigned_at from assignments "
                "where case_id = ? order by assignment_id desc",
                (case_id,),
            )
        ]
