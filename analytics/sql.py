"""Run the statements in ``sql/`` and publish the documentation in their headers as comments.

Each file holds one statement, named after the table it makes (``sql/staging/accounts.sql``
makes ``staging.accounts``). Its header documents the table the way dbt's schema files do, so
that the words an analyst reads in ``duckdb_columns()`` sit next to the SQL that builds it:

    -- table: staging.accounts
    -- grain: one row per account that passed every rule of the data contract
    -- column account_id: the account's id as exported, trimmed
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"

_TABLE = re.compile(r"^--\s*(?P<kind>table|view):\s*(?P<name>[a-z_]+\.[a-z_]+)\s*$")
_GRAIN = re.compile(r"^--\s*grain:\s*(?P<text>.+)$")
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COLUMN = re.compile(r"^--\s*column\s+(?P<name>[a-z_0-9]+):\s*(?P<text>.+)$")


@dataclass(frozen=True)
class SqlFile:
    """One statement and the documentation of the table it builds."""

    path: Path
    statement: str
    table: str | None = None
    kind: str = "table"  # or "view": a view's columns are documented on the table it selects
    grain: str | None = None
    columns: dict[str, str] = field(default_factory=dict)


@cache
def load(name: str) -> SqlFile:
    """Read ``sql/<name>.sql`` (e.g. ``staging/accounts``) and parse its header."""
    path = SQL_DIR / f"{name}.sql"
    text = path.read_text()
    table: str | None = None
    grain: str | None = None
    kind = "table"
    columns: dict[str, str] = {}
    last: str | None = None  # "grain" or a column name: where a continuation line goes
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        if m := _TABLE.match(line):
            table, kind = m["name"], m["kind"]
        elif m := _GRAIN.match(line):
            grain, last = m["text"].strip(), "grain"
        elif m := _COLUMN.match(line):
            last = m["name"]
            columns[last] = m["text"].strip()
        elif last and line.startswith("--   "):
            if last == "grain":
                grain = f"{grain} {line[2:].strip()}"
            else:
                columns[last] += " " + line[2:].strip()
    return SqlFile(path, text, table, kind, grain, columns)


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> None:
    """Execute one file with bound parameters, then comment the table it documents.

    Only the ``$name`` parameters the statement uses are bound (DuckDB rejects any other), so a
    caller can pass a whole set of knobs (every field of a params dataclass, every enum list)
    and each file takes what it names; a parameter it names but is not given still fails.
    """
    sql_file = load(name)
    named = set(_PARAMETER.findall(sql_file.statement))
    con.execute(sql_file.statement, {k: v for k, v in (params or {}).items() if k in named})
    if sql_file.table:
        comment_table(con, sql_file)


def literal(text: str) -> str:
    """A SQL string literal, for the few statements that take no bound parameters (COMMENT ON,
    ATTACH): the text is ours (comments from sql/, file paths), quoted safely anyway."""
    return "'" + text.replace("'", "''") + "'"


def comment_table(con: duckdb.DuckDBPyConnection, sql_file: SqlFile) -> None:
    """Write the header's grain and column notes as DuckDB comments, failing on drift."""
    assert sql_file.table is not None
    if sql_file.kind == "view":
        con.execute(f"comment on view {sql_file.table} is {literal(sql_file.grain or '')}")
        return
    schema, table = sql_file.table.split(".")
    actual = [
        row[0]
        for row in con.execute(
            "select column_name from duckdb_columns() "
            "where schema_name = ? and table_name = ? order by column_index",
            [schema, table],
        ).fetchall()
    ]
    undocumented = [c for c in actual if c not in sql_file.columns]
    stale = [c for c in sql_file.columns if c not in actual]
    if undocumented or stale:
        raise ValueError(
            f"{sql_file.path.name}: header out of step with {sql_file.table}: "
            f"undocumented columns {undocumented}, documented but absent {stale}"
        )
    con.execute(f"comment on table {sql_file.table} is {literal(sql_file.grain or '')}")
    for column, text in sql_file.columns.items():
        con.execute(f"comment on column {sql_file.table}.{column} is {literal(text)}")
