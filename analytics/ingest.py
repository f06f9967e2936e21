"""Read the contract's input folder into DuckDB and split every row into staging or quarantine.

Rows are read as text so that a bad value becomes a quarantine row with a reason instead of a
failed cast; the rules themselves are SQL (``sql/checked/<table>.sql``). Only an unreadable
file or a missing required column stops the run, because then no row can be judged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analytics import contract, reuse, sql
from analytics.db import table_exists
from analytics.normalize import PhoneLookup, register_ip_lookup, register_phone_lookup
from analytics.progress import Progress, report, statement_progress
from analytics.report import quarantined_by_reason

SUFFIXES = (".parquet", ".csv", ".csv.gz")


class InputError(Exception):
    """The input cannot be judged row by row: a file is missing, unreadable or lacks a column."""


@dataclass(frozen=True)
class LoadResult:
    """What one table's load did, for the run report and the asset's metadata."""

    table: str
    files: list[str]
    rows_read: int
    rows_staged: int
    rows_quarantined: int
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    # accounts only: distinct phones parsed by libphonenumber, and reused from the last run
    phones_parsed: int | None = None
    phones_reused: int | None = None
    # kept from the previous run: same input files, same code (see analytics.reuse)
    reused: bool = False


def _suffix(path: Path) -> str | None:
    name = path.name.lower()
    return next((s for s in SUFFIXES if name.endswith(s)), None)


def find_input_files(input_dir: Path, table: contract.InputTable) -> list[Path]:
    """The files holding ``table``: one file, or every readable file in its folder, sorted."""
    input_dir = Path(input_dir)
    if not input_dir.is_dir():
        raise InputError(f"input folder {input_dir} does not exist")
    singles = [
        input_dir / f"{table.name}{s}"
        for s in SUFFIXES
        if (input_dir / f"{table.name}{s}").is_file()
    ]
    folder = input_dir / table.name
    parts = (
        sorted(p for p in folder.iterdir() if p.is_file() and _suffix(p)) if folder.is_dir() else []
    )
    if len(singles) + (1 if folder.is_dir() else 0) > 1:
        found = [str(p) for p in singles] + ([str(folder)] if folder.is_dir() else [])
        raise InputError(f"table {table.name} is given more than once: {', '.join(found)}")
    if singles:
        return singles
    if folder.is_dir():
        if not parts:
            raise InputError(f"folder {folder} holds no .parquet, .csv or .csv.gz file")
        return parts
    if table.optional_table:
        return []
    raise InputError(
        f"missing input table {table.name}: expected {input_dir}/{table.name}.parquet, "
        f".csv, .csv.gz or a folder {input_dir}/{table.name}/"
    )


def _reader(path: Path) -> str:
    if _suffix(path) == ".parquet":
        return "read_parquet(?)"
    # Every value as text, no type sniffing: the checked_* statements decide what is valid.
    # The dialect is fixed (RFC 4180), never sniffed: message bodies full of ';' or '|' must
    # not turn into a different delimiter.
    return (
        "read_csv(?, header = true, all_varchar = true, delim = ',', quote = '\"', "
        "escape = '\"', strict_mode = true)"
    )


def _file_columns(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, str]:
    """Columns of one file, keyed by their trimmed lower-case name."""
    try:
        described = con.execute(f"select * from {_reader(path)} limit 0", [str(path)]).description
    except duckdb.Error as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    return {column[0].strip().lower(): column[0] for column in described}


def _require_columns(table: contract.InputTable, path: Path, present: dict[str, str]) -> None:
    for column in table.required:
        if column not in present:
            raise InputError(f"{path} lacks required column {column!r} of table {table.name}")


def check_input_folder(con: duckdb.DuckDBPyConnection, input_dir: Path) -> dict[str, list[Path]]:
    """Fail fast, before anything is written: every required file exists, opens and has its
    required columns. Returns the files of each table."""
    found = {}
    for table in contract.INPUT_TABLES:
        found[table.name] = find_input_files(Path(input_dir), table)
        for path in found[table.name]:
            _require_columns(table, path, _file_columns(con, path))
    return found


def load_raw(
    con: duckdb.DuckDBPyConnection,
    table: contract.InputTable,
    files: list[Path],
    progress: Progress | None = None,
) -> int:
    """Create ``raw_<table>``: every input row as text, with its file and row number.
    ``progress`` hears "files read" after each file."""
    raw = f"raw_{table.name}"
    column_defs = ", ".join(f"{c} varchar" for c in table.columns)
    con.execute(f"create or replace temp table {raw} (_file varchar, _row bigint, {column_defs})")
    report(progress, "files read", 0, len(files))
    for done, path in enumerate(files, 1):
        present = _file_columns(con, path)
        _require_columns(table, path, present)
        name = path.name if len(files) == 1 else f"{path.parent.name}/{path.name}"
        selected = ", ".join(
            f'cast("{present[c]}" as varchar)' if c in present else "null" for c in table.columns
        )
        if _suffix(path) == ".parquet" and "file_row_number" not in present:
            _insert_parquet(con, raw, path, selected, name)
            report(progress, "files read", done, len(files))
            continue
        # Materialized so that rowid follows the file's order (DuckDB keeps insertion order).
        try:
            con.execute(
                f"create or replace temp table _one_file_rows as select * from {_reader(path)}",
                [str(path)],
            )
        except duckdb.Error as exc:
            raise InputError(f"cannot read {path}: {exc}") from exc
        con.execute(
            f"insert into {raw} select ?, rowid + 1, {selected} from _one_file_rows order by rowid",
            [name],
        )
        report(progress, "files read", done, len(files))
    con.execute("drop table if exists _one_file_rows")
    return con.execute(f"select count(*) from {raw}").fetchone()[0]


def _insert_parquet(
    con: duckdb.DuckDBPyConnection, raw: str, path: Path, selected: str, name: str
) -> None:
    """Append one Parquet file to ``raw`` straight from the file: Parquet numbers its own rows
    (``file_row_number``), so no intermediate copy is needed to learn each row's position."""
    try:
        con.execute(
            f"insert into {raw} select ?, file_row_number + 1, {selected} "
            "from read_parquet(?, file_row_number = true)",
            [name, str(path)],
        )
    except duckdb.Error as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def _enum_params() -> dict[str, list[str]]:
    """The contract's enum lists, for the checked_* statements (each binds those it names)."""
    return {
        "roles": list(contract.ROLES),
        "hire_types": list(contract.HIRE_TYPES),
        "pricing": list(contract.PRICING),
        "statuses": list(contract.CONTRACT_STATUSES),
        "payment_kinds": list(contract.PAYMENT_KINDS),
        "labels": list(contract.LABELS),
    }


# The code that stages an input table: a change to any of it restages every table.
INGEST_CODE: reuse.Code = (
    ("analytics.ingest",),
    ("checked/*.sql", "staging/*.sql", "quarantine/*.sql", "macros/*.sql"),
)


def ingest_table(
    con: duckdb.DuckDBPyConnection, input_dir: Path, name: str, progress: Progress | None = None
) -> LoadResult:
    """Load one input table into ``staging.<name>`` and ``quarantine.<name>``.

    Tables referenced by ``name`` (accounts before contracts, ...) must be staged first. When
    the files, the staging code and the referenced tables are those of the run that built the
    two tables, they are kept as they are (``analytics.reuse``). ``progress`` hears files read,
    phones parsed, rows checked and rows staged (the last two as DuckDB estimates them).
    """
    table = contract.TABLES_BY_NAME[name]
    files = find_input_files(Path(input_dir), table)
    built = [f"staging.{name}", f"quarantine.{name}"]
    if not _in_load_report(con, name):  # the report a kept table's counts come from
        reuse.discard(con, built)
    kept, phones = reuse.keep_or_build(
        con,
        built,
        lambda: _stage(con, table, files, progress),
        code=INGEST_CODE,
        sources=[f"staging.{r}" for r in table.references],
        files=files,
    )
    return _load_result(
        con,
        name,
        reused=kept,
        phones_parsed=phones.parsed if phones else None,
        phones_reused=phones.reused if phones else None,
    )


def _stage(
    con: duckdb.DuckDBPyConnection,
    table: contract.InputTable,
    files: list[Path],
    progress: Progress | None = None,
) -> PhoneLookup | None:
    """Read, check and split one table's files; the phone lookup's counts for accounts."""
    name = table.name
    rows_read = load_raw(con, table, files, progress)
    phones = register_phone_lookup(con, f"raw_{name}", progress) if name == "accounts" else None
    if name == "logins":
        report(progress, "IP addresses parsed", 0)
        report(progress, "IP addresses parsed", register_ip_lookup(con, f"raw_{name}"))
    with statement_progress(con, progress, "rows checked", rows_read):
        sql.run(con, f"checked/{name}", _enum_params())
    with statement_progress(con, progress, "rows staged", rows_read):
        sql.run(con, f"staging/{name}")
    sql.run(con, f"quarantine/{name}")
    (staged,) = con.execute(f"select count(*) from staging.{name}").fetchone()
    (quarantined,) = con.execute(f"select count(*) from quarantine.{name}").fetchone()
    sql.run(con, "quarantine/load_report")
    con.execute(
        "insert or replace into quarantine.load_report values (?, ?, ?, ?, ?)",
        [name, [str(f) for f in files], rows_read, staged, quarantined],
    )
    for temp in (f"raw_{name}", f"checked_{name}", "phone_lookup", "ip_lookup"):
        con.execute(f"drop table if exists {temp}")
    return phones


def _in_load_report(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    if not table_exists(con, "quarantine", "load_report"):
        return False
    (count,) = con.execute(
        "select count(*) from quarantine.load_report where table_name = ?", [name]
    ).fetchone()
    return count == 1


def _load_result(con: duckdb.DuckDBPyConnection, name: str, **extra: object) -> LoadResult:
    """What the load of ``name`` did, from its load report and quarantine table."""
    files, rows_read, staged, quarantined = con.execute(
        "select source_files, rows_read, rows_staged, rows_quarantined "
        "from quarantine.load_report where table_name = ?",
        [name],
    ).fetchone()
    by_reason = quarantined_by_reason(con, name)
    return LoadResult(name, files, rows_read, staged, quarantined, by_reason, **extra)
