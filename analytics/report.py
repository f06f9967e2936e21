"""The run report: what was loaded and quarantined, per table and reason, and how long it took."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import duckdb


@dataclass(frozen=True)
class TableLoad:
    table: str
    rows_read: int
    rows_staged: int
    rows_quarantined: int
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)


def load_summary(con: duckdb.DuckDBPyConnection) -> list[TableLoad]:
    """One entry per loaded input table, from quarantine.load_report and the quarantine tables."""
    rows = con.execute(
        "select table_name, rows_read, rows_staged, rows_quarantined from quarantine.load_report"
    ).fetchall()
    loads = []
    for table, read, staged, quarantined in rows:
        reasons = dict(
            con.execute(
                f"select reason, count(*) from quarantine.{table} group by 1 order by 2 desc, 1"
            ).fetchall()
        )
        loads.append(TableLoad(table, read, staged, quarantined, reasons))
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
