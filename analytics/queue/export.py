"""The queue's files for investigators' tools: Parquet with lists, CSV with joined strings."""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics.sql import literal


def export_queue(con: duckdb.DuckDBPyConnection, out_dir: Path) -> dict[str, Path]:
    """Write OUT/investigation_queue.parquet and .csv (lists joined by ';' and reasons by ' | ')."""
    out_dir.mkdir(parents=True, exist_ok=True)
    parquet, csv = out_dir / "investigation_queue.parquet", out_dir / "investigation_queue.csv"
    # COPY takes no bound parameters for its target; the paths are ours, quoted safely.
    con.execute(
        f"copy (select * from queues.investigation_queue order by rank) "
        f"to {literal(str(parquet))} (format parquet)"
    )
    con.execute(
        f"""
        copy (
            select
                case_id, rank, pattern, score,
                array_to_string(account_ids, ';') as account_ids,
                array_to_string(contract_ids, ';') as contract_ids,
                array_to_string(reasons, ' | ') as reasons
            from queues.investigation_queue
            order by rank
        ) to {literal(str(csv))} (format csv, header true)
        """
    )
    return {"parquet": parquet, "csv": csv}
