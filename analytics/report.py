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


def quarantined_by_reason(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, int]:
    """Rows of quarantine.<table> per reason, most frequent first."""
    return dict(
        con.execute(
            f"select reason, count(*) from quarantine.{table} group by 1 order by 2 desc, 1"
        ).fetchall()
    )


def load_summary(con: duckdb.DuckDBPyConnection) -> list[TableLoad]:
    """One entry per loaded input table, from quarantine.load_report and the quarantine tables."""
    rows = con.execute(
        "select table_name, rows_read, rows_staged, rows_quarantined from quarantine.load_report"
    ).fetchall()
    loads = [
        TableLoad(table, read, staged, quarantined, quarantined_by_reason(con, table))
        for table, read, staged, quarantined in rows
    ]
    order = ["accounts", "logins", "contracts", "payments", "messages", "labels"]
    return sorted(loads, key=lambda t: order.index(t.table) if t.table in order else len(order))


def as_dict(loads: list[TableLoad]) -> list[dict[str, object]]:
    return [asdict(t) for t in loads]


def format_loads(loads: list[TableLoad]) -> str:
    """A plain-text table for the terminal, reasons indented under their table."""
    lines = [f"{'table':<12}{'read':>12}{'staged':>12}{'quarantined':>13}"]
    for t in loads:
        lines.append(
            f"{t.table:<12}{t.rows_read:>12,}{t.rows_staged:>12,}{t.rows_quarantined:>13,}"
        )
        for reason, count in t.quarantined_by_reason.items():
            lines.append(f"    {count:>8,}  {reason}")
    return "\n".join(lines)


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
