"""The run report: what was loaded and quarantined, per table and reason, and how long it took."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

import duckdb

from analytics.db import table_exists


@dataclass(frozen=True)
class TableLoad:
    table: str
    rows_read: int
    rows_staged: int
    rows_quarantined: int
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    rows_flagged: int = 0
    flagged_by_reason: dict[str, int] = field(default_factory=dict)
    # the timestamps accepted (ISO text): from earliest to latest, the as-of time plus tolerance
    earliest: str | None = None
    as_of: str | None = None
    as_of_derived: bool | None = None
    latest: str | None = None
    conversions: list[str] = field(default_factory=list)


def flagged_by_reason(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, int]:
    """Staged rows of staging.<table> per flag (a time contradicting another table)."""
    if not table_exists(con, "staging", table):
        return {}
    columns = {
        row[0]
        for row in con.execute(
            "select column_name from duckdb_columns() where schema_name = 'staging' "
            "and table_name = ?",
            [table],
        ).fetchall()
    }
    if "flags" not in columns:
        return {}
    return dict(
        con.execute(
            f"select flag, count(*) from (select unnest(flags) as flag from staging.{table} "
            "where len(flags) > 0) group by 1 order by 2 desc, 1"
        ).fetchall()
    )


def quarantined_by_reason(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, int]:
    """Rows of quarantine.<table> per reason, most frequent first."""
    return dict(
        con.execute(
            f"select reason, count(*) from quarantine.{table} group by 1 order by 2 desc, 1"
        ).fetchall()
    )


def load_summary(con: duckdb.DuckDBPyConnection) -> list[TableLoad]:
    """One entry per loaded input table, from quarantine.load_report and the quarantine tables."""
    cursor = con.execute("select * from quarantine.load_report")
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def text(value: object) -> str | None:
        return value.isoformat(sep=" ") if isinstance(value, datetime) else None

    loads = [
        TableLoad(
            row["table_name"],
            row["rows_read"],
            row["rows_staged"],
            row["rows_quarantined"],
            quarantined_by_reason(con, row["table_name"]),
            rows_flagged=row.get("rows_flagged") or 0,
            flagged_by_reason=flagged_by_reason(con, row["table_name"]),
            earliest=text(row.get("earliest")),
            as_of=text(row.get("as_of")),
            as_of_derived=row.get("as_of_derived"),
            latest=text(row.get("latest")),
            conversions=list(row.get("conversions") or []),
        )
        for row in rows
    ]
    order = ["accounts", "logins", "contracts", "payments", "messages", "labels"]
    return sorted(loads, key=lambda t: order.index(t.table) if t.table in order else len(order))


def as_dict(loads: list[TableLoad]) -> list[dict[str, object]]:
    return [asdict(t) for t in loads]


def format_loads(loads: list[TableLoad]) -> str:
    """A plain-text table for the terminal, reasons indented under their table."""
    lines = [f"{'table':<12}{'read':>12}{'staged':>12}{'quarantined':>13}{'flagged':>10}"]
    for t in loads:
        lines.append(
            f"{t.table:<12}{t.rows_read:>12,}{t.rows_staged:>12,}{t.rows_quarantined:>13,}"
            f"{t.rows_flagged:>10,}"
        )
        for reason, count in t.quarantined_by_reason.items():
            lines.append(f"    {count:>8,}  {reason}")
        for flag, count in t.flagged_by_reason.items():
            lines.append(f"    {count:>8,}  flagged, kept: {flag}")
        for conversion in t.conversions:
            lines.append(f"              converted: {conversion}")
    lines += _time_windows(loads)
    return "\n".join(lines)


def _minutes(text: str | None) -> str:
    return text[:16] if text else "none"


def _time_windows(loads: list[TableLoad]) -> list[str]:
    """One line: the timestamps the run accepted (see quarantine.load_report)."""
    windows = [t for t in loads if t.latest]
    if not windows:
        return []
    first = windows[0]
    if not first.as_of_derived:
        return [
            f"times accepted: {_minutes(first.earliest)} to {_minutes(first.latest)} "
            f"(the as-of time {_minutes(first.as_of)} plus the tolerance)"
        ]
    newest = ", ".join(f"{t.table} {_minutes(t.as_of)}" for t in windows)
    return [
        f"times accepted: from {_minutes(first.earliest)} to each table's as-of time plus the "
        f"tolerance; as-of, the newest timestamp not after now: {newest}"
    ]


def format_stage_times(times: dict[str, float]) -> str:
    width = max((len(k) for k in times), default=5)
    lines = [f"{'stage':<{width}}  seconds"]
    lines += [f"{stage:<{width}}  {seconds:>7.2f}" for stage, seconds in times.items()]
    lines.append(f"{'total':<{width}}  {sum(times.values()):>7.2f}")
    return "\n".join(lines)


def kept_tables(con: duckdb.DuckDBPyConnection, run_started: datetime) -> list[str]:
    """Tables the run kept instead of rebuilding (built before it started; see analytics.reuse)."""
    if not table_exists(con, "staging", "build_fingerprints"):
        return []
    rows = con.execute(
        "select table_name from staging.build_fingerprints where built_at < ? order by 1",
        [run_started],
    ).fetchall()
    return [table for (table,) in rows]


def queue_summary(con: duckdb.DuckDBPyConnection) -> tuple[list[dict[str, object]], int | None]:
    """queues.evaluation as dicts, and the number of queued cases (None before any queue)."""
    evaluation: list[dict[str, object]] = []
    if table_exists(con, "queues", "evaluation"):
        cursor = con.execute("select * from queues.evaluation")
        names = [d[0] for d in cursor.description]
        evaluation = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    size = None
    if table_exists(con, "queues", "investigation_queue"):
        size = con.execute("select count(*) from queues.investigation_queue").fetchone()[0]
    return evaluation, size


def format_evaluation(evaluation: list[dict[str, object]]) -> str:
    """Precision per pattern and overall, as investigators' managers read it."""
    lines = [
        f"{'scope':<16}{'labelled':>9}{'AP':>8}{'P@10':>7}{'P@50':>7}{'P@100':>7}"
        f"{'P@lab':>7}{'recall':>8}"
    ]
    for row in evaluation:
        lines.append(
            f"{row['scope']:<16}{row['labelled_cases']:>9}{row['average_precision']:>8.3f}"
            f"{row['precision_at_10']:>7.2f}{row['precision_at_50']:>7.2f}"
            f"{row['precision_at_100']:>7.2f}{row['precision_at_labelled']:>7.2f}"
            f"{row['recall']:>8.2f}"
        )
    return "\n".join(lines)
