"""Analysts' statement files (``sql/examples/``, or their own): ``$name`` parameters, bound by
DuckDB as values (never pasted into the text), and the result as a table, CSV or JSON.

A file's header (its leading ``--`` lines) says what it does, then lists its parameters and one
example that runs on the test marketplace (20,000 accounts, seed 1)::

    -- Every case whose accounts used one identifier.
    -- param kind: identifier kind: email, phone, ip, network, device or instrument
    -- param value: the value as staging.account_identifiers holds it
    -- example: kind=instrument value=card_1a2b3c

The parameters a file takes are those its statements use (DuckDB parses them, so a ``$`` in a
string or a comment is not one); the header documents them for the error messages and the
example. A file may hold several statements: each is run with the parameters it names, and the
last one's rows are the result.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import re
import shlex
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import duckdb

FORMATS = ("table", "csv", "json")

_PARAM = re.compile(r"^--\s*param\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<text>.*)$")
_EXAMPLE = re.compile(r"^--\s*example\s*:\s*(?P<args>.*)$")


class ParameterError(ValueError):
    """A parameter missing, unknown, given twice or malformed: the message names it."""


@dataclass(frozen=True)
class StatementFile:
    """One file's text and what its header documents."""

    path: Path | None
    text: str
    documented: dict[str, str] = field(default_factory=dict)  # name -> what it is
    example: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.path) if self.path else "the statement"


def parse_header(text: str, path: Path | None = None) -> StatementFile:
    """The ``-- param name: ...`` and ``-- example: name=value ...`` lines of the header."""
    documented: dict[str, str] = {}
    example: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("--"):
            if line.strip():
                break
            continue
        if m := _PARAM.match(line):
            documented[m["name"]] = m["text"].strip()
        elif m := _EXAMPLE.match(line):
            example = parse_params(shlex.split(m["args"]))
    return StatementFile(path, text, documented, example)


def read_file(path: Path) -> StatementFile:
    return parse_header(Path(path).read_text(encoding="utf-8"), Path(path))


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``["name=value", ...]`` -> ``{"name": "value"}``; a value may hold ``=`` and spaces."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ParameterError(f"parameter {pair!r} is not name=value")
        if name in values:
            raise ParameterError(f"parameter {name} is given twice")
        values[name] = value
    return values


def statements(con: duckdb.DuckDBPyConnection, text: str) -> list[Any]:
    """The statements of ``text`` as DuckDB parses them (each knows its named parameters)."""
    return [s for s in con.extract_statements(text) if s.query.strip()]


def _takes(file: StatementFile, names: Sequence[str]) -> str:
    if not names:
        return f"{file.name} takes no parameters"
    listed = [f"{n} ({file.documented[n]})" if file.documented.get(n) else n for n in names]
    return f"{file.name} takes {', '.join(listed)}"


def bind(file: StatementFile, parsed: Sequence[Any], given: dict[str, str]) -> list[dict]:
    """Per statement, the values of the parameters it names; a missing or unknown parameter
    is a ``ParameterError`` naming it and listing what the file takes."""
    used: list[str] = []
    for statement in parsed:
        used += [n for n in sorted(statement.named_parameters) if n not in used]
    unknown = [n for n in given if n not in used]
    if unknown:
        raise ParameterError(f"unknown parameter {', '.join(unknown)}: {_takes(file, used)}")
    missing = [n for n in used if n not in given]
    if missing:
        hint = " ".join(f"--param {n}=VALUE" for n in missing)
        names = ", ".join(missing)
        raise ParameterError(f"missing parameter {names}: {_takes(file, used)}; pass {hint}")
    return [{n: given[n] for n in s.named_parameters} for s in parsed]


def run(con: duckdb.DuckDBPyConnection, file: StatementFile, given: dict[str, str]) -> Any:
    """Run every statement with its parameters bound; the last one's relation (None when it
    returns no rows, e.g. a ``set``)."""
    parsed = statements(con, file.text)
    if not parsed:
        raise ParameterError(f"{file.name} holds no statement")
    values = bind(file, parsed, given)
    for statement, params in zip(parsed[:-1], values[:-1], strict=True):
        con.execute(statement.query, params)
    return con.sql(parsed[-1].query, params=values[-1])


def write(relation: Any, fmt: str, out: IO[str]) -> None:
    """The rows of ``relation`` as ``fmt``: ``table`` (DuckDB's, up to 60 rows shown), ``csv``
    or ``json`` (every row)."""
    if fmt == "table":
        relation.show(max_width=200, max_rows=60)
        return
    columns, rows = list(relation.columns), relation.fetchall()
    (write_csv if fmt == "csv" else write_json)(columns, rows, out)


def _plain(value: Any) -> Any:
    """A JSON-ready value: numbers and strings as they are, lists and structs inside out."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _cell(value: Any) -> str:
    """A CSV cell: null as empty, lists and structs as JSON, the rest as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return json.dumps(_plain(value), ensure_ascii=False)
    plain = _plain(value)
    return plain if isinstance(plain, str) else str(value)


def write_csv(columns: list[str], rows: list[tuple], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(v) for v in row] for row in rows)


def write_json(columns: list[str], rows: list[tuple], out: IO[str]) -> None:
    """A JSON array of one object per row, one row a line."""
    out.write("[")
    for number, row in enumerate(rows):
        record = {c: _plain(v) for c, v in zip(columns, row, strict=True)}
        out.write(("\n" if number == 0 else ",\n") + json.dumps(record, ensure_ascii=False))
    out.write("\n]\n" if rows else "]\n")
