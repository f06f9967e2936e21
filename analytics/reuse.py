"""Keep a table whose sources and code have not changed since the run that built it.

An analyst re-runs the pipeline after changing a weight or a rule; the input files are the same
ones. Validating them, parsing 850k phones and de-obfuscating millions of messages again (about
four fifths of a 1M-account run) would rebuild byte-for-byte the same tables. So each table
built here records a **fingerprint** of everything it was built from: the content of its input
files, the Python and SQL that build it (with every ``analytics`` module they import), the
versions of the libraries whose behaviour shapes it, and the fingerprints of the tables it
reads, and the values of the parameters that shape it (ingest's time window, not a detector's
weights). A run that computes the same fingerprint keeps the table; any difference rebuilds it,
and with it every table whose fingerprint includes it.

Only the expensive, weight-free layers use this (staged inputs, identifiers, message contacts):
graphs, scores and queues are rebuilt every run, since that is where weights act.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

import duckdb

from analytics import sql
from analytics.db import table_exists

# Libraries whose behaviour shapes the reusable tables (parsing, regexes, storage).
LIBRARIES = ("duckdb", "polars", "phonenumbers")

T = TypeVar("T")
# The code that builds a table: (modules, globs of SQL files under sql/), for digest_code.
Code = tuple[tuple[str, ...], tuple[str, ...]]


def _sha256(parts: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def digest_files(paths: Iterable[Path]) -> str:
    """Fingerprint of input files by path and content (not modification time: a copy that
    keeps the time but changes the bytes must rebuild). About 0.7 s per GB on this machine."""
    parts = []
    for path in paths:
        with open(path, "rb") as handle:
            content = hashlib.file_digest(handle, "sha256").hexdigest()
        parts.append(f"{Path(path).resolve()}:{content}")
    return _sha256(parts or ["no files"])


def _module_path(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):  # "analytics.sql.run" names a function, not a module
        return None
    return Path(spec.origin) if spec and spec.origin and spec.origin.endswith(".py") else None


def _imported_modules(path: Path) -> set[str]:
    """The ``analytics`` modules one source file imports (names that are modules)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.startswith("analytics")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analytics"):
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return {n for n in names if _module_path(n)}


def code_modules(modules: Iterable[str]) -> set[str]:
    """``modules`` and every ``analytics`` module they import, directly or not."""
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_path(name)
        if path is None:
            raise ValueError(f"{name} is not a module")
        seen.add(name)
        todo.extend(_imported_modules(path) - seen)
    return seen


@cache
def digest_code(modules: tuple[str, ...], sql_patterns: tuple[str, ...]) -> str:
    """Fingerprint of the code that builds a table: the source of ``code_modules(modules)``,
    the SQL files matching ``sql_patterns`` (globs under ``sql/``) and the versions of
    ``LIBRARIES``."""
    names = sorted(code_modules(modules))
    sources = [f"{name}:{_module_path(name).read_text()}" for name in names]  # type: ignore[union-attr]
    files = sorted({p for pattern in sql_patterns for p in sql.SQL_DIR.glob(pattern)})
    if not files:
        raise ValueError(f"no SQL file matches {sql_patterns}")
    statements = [f"{p.relative_to(sql.SQL_DIR)}:{p.read_text()}" for p in files]
    libraries = [f"{lib} {version(lib)}" for lib in LIBRARIES]
    return _sha256([*sources, *statements, *libraries])


def _stored(con: duckdb.DuckDBPyConnection, table: str) -> tuple[str, str] | None:
    """The (fingerprint, checksum) ``table`` was last built with, if recorded."""
    if not table_exists(con, "staging", "build_fingerprints"):
        return None
    return con.execute(
        "select fingerprint, checksum from staging.build_fingerprints where table_name = ?",
        [table],
    ).fetchone()


def recorded(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """The fingerprint ``table`` was last built with; None if it was built some other way (by
    hand, by an older ringwatch) or its rebuild did not finish."""
    stored = _stored(con, table)
    return stored[0] if stored else None


def _fingerprint(
    con: duckdb.DuckDBPyConnection,
    code: Code,
    sources: Iterable[str],
    files: list[Path] | None,
    values: Mapping[str, object] | None = None,
) -> str | None:
    """The fingerprint of a build, or None when a table it reads has no record: its content is
    then unknown, so nothing built from it can be recognised later."""
    parts = [digest_code(*code)]
    if files is not None:
        parts.append(digest_files(files))
    if values:
        parts.append(json.dumps(dict(values), sort_keys=True, default=str))
    for table in sources:
        upstream = recorded(con, table)
        if upstream is None:
            return None
        parts.append(f"{table}={upstream}")
    return _sha256(parts)


def _checksum(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Rows and the sum of their hashes: an edit made to the table after it was built (a
    deleted, added or changed row) shows, and the table is rebuilt. ~0.1 s per million rows."""
    (checksum,) = con.execute(
        f"select count(*) || ':' || coalesce(sum(hash(t)), 0) from {table} as t"
    ).fetchone()
    return checksum


def _is_current(con: duckdb.DuckDBPyConnection, fingerprint: str, tables: list[str]) -> bool:
    for table in tables:
        schema, name = table.split(".")
        if not table_exists(con, schema, name):
            return False
        stored = _stored(con, table)
        if stored is None or stored != (fingerprint, _checksum(con, table)):
            return False
    return True


def _set_record(con: duckdb.DuckDBPyConnection, tables: list[str], fingerprint: str | None) -> None:
    sql.run(con, "staging/build_fingerprints")
    con.execute("delete from staging.build_fingerprints where table_name in ?", [tables])
    if fingerprint is None:
        return
    for table in tables:
        con.execute(
            "insert into staging.build_fingerprints values (?, ?, ?, now())",
            [table, fingerprint, _checksum(con, table)],
        )


def discard(con: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    """Forget how ``tables`` were built, so that the next ``keep_or_build`` rebuilds them."""
    _set_record(con, tables, None)


def keep_or_build(
    con: duckdb.DuckDBPyConnection,
    tables: list[str],
    build: Callable[[], T],
    *,
    code: Code,
    sources: Iterable[str] = (),
    files: list[Path] | None = None,
    values: Mapping[str, object] | None = None,
) -> tuple[bool, T | None]:
    """Keep ``tables`` if they were built from the same ``files``, ``code``, ``sources`` (tables
    they read) and parameter ``values``; otherwise run ``build``, which (re)creates them, and
    record it.

    Returns (kept, what ``build`` returned, or None when kept). The record is removed before
    building: a build that fails half-way leaves the tables unrecorded, so the next run
    rebuilds them instead of keeping half-written ones.
    """
    fingerprint = _fingerprint(con, code, sources, files, values)
    if fingerprint is not None and _is_current(con, fingerprint, tables):
        return True, None
    discard(con, tables)
    result = build()
    _set_record(con, tables, fingerprint)
    return False, result
