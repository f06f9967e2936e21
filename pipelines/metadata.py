"""Metadata that every table asset reports: its row count and its documented columns.

Only counts and schema go here, never row values: Dagster stores metadata verbatim, and the
rows hold emails, phones and message text.
"""

from __future__ import annotations

import dagster as dg
import duckdb


def table_metadata(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, object]:
    """Row count, table name and column schema (with the comments from sql/) of ``table``."""
    schema, name = table.split(".")
    rows = con.execute(f"select count(*) from {table}").fetchone()[0]
    columns = con.execute(
        "select column_name, data_type, comment from duckdb_columns() "
        "where schema_name = ? and table_name = ? order by column_index",
        [schema, name],
    ).fetchall()
    return {
        "dagster/row_count": rows,
        "dagster/table_name": table,
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(name=c, type=t, description=d or None) for c, t, d in columns]
        ),
    }


def asset_key(name: str) -> dg.AssetKey:
    """``"schema/table"`` -> the asset key of that table."""
    return dg.AssetKey(name.split("/"))
