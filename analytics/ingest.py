"""Read the contract's input folder into DuckDB and split every row into staging or quarantine.

Rows are read as text so that a bad value becomes a quarantine row with a reason instead of a
failed cast; the rules themselves are SQL (``sql/checked/<table>.sql``). Only an unreadable
file, a missing required column or a column whose physical type cannot hold the contract's type
stops the run, because then no row can be judged. Integers where a timestamp belongs (an
integer Parquet column, a CSV column of digits) are read as Unix epoch time, the unit told apart
by the column's median (``EPOCH_UNITS``). Timestamps outside the run's time window
(``_check_rows``) are quarantined like any other broken rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from analytics import contract, reuse, sql
from analytics.db import table_exists
from analytics.ingest_params import IngestParams
from analytics.normalize import PhoneLookup, register_ip_lookup, register_phone_lookup
from analytics.progress import Progress, report, statement_progress
from analytics.report import flagged_by_reason, quarantined_by_reason

SUFFIXES = (".parquet", ".csv", ".csv.gz")


class InputError(Exception):
    """The input cannot be judged row by row: a file is missing, unreadable, lacks a column or
    holds a column of a type that cannot hold the contract's."""


@dataclass(frozen=True)
class LoadResult:
    """What one table's load did, for the run report and the asset's metadata."""

    table: str
    files: list[str]
    rows_read: int
    rows_staged: int
    rows_quarantined: int
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    # staged rows whose times contradict another table (kept, with `flags`), per flag
    rows_flagged: int = 0
    flagged_by_reason: dict[str, int] = field(default_factory=dict)
    # the times accepted: from the earliest date to the as-of time plus the tolerance
    earliest: datetime | None = None
    as_of: datetime | None = None
    as_of_derived: bool = False
    latest: datetime | None = None
    # conversions applied while reading: "<file> <column>: integers read as epoch seconds"
    conversions: list[str] = field(default_factory=list)
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


def _reader(path: Path, placeholder: str = "?") -> str:
    """The table function reading ``path``, given as the bound parameter ``placeholder``."""
    if _suffix(path) == ".parquet":
        return f"read_parquet({placeholder})"
    # Every value as text, no type sniffing: the checked_* statements decide what is valid.
    # The dialect is fixed (RFC 4180), never sniffed: message bodies full of ';' or '|' must
    # not turn into a different delimiter.
    return (
        f"read_csv({placeholder}, header = true, all_varchar = true, delim = ',', quote = '\"', "
        "escape = '\"', strict_mode = true)"
    )


def _file_columns(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, tuple[str, str]]:
    """Columns of one file, keyed by their trimmed lower-case name: (name as written, type).
    A CSV's columns are all text (VARCHAR); a Parquet file's, what it declares."""
    try:
        described = con.execute(f"describe select * from {_reader(path)}", [str(path)]).fetchall()
    except duckdb.Error as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    return {row[0].strip().lower(): (row[0], str(row[1])) for row in described}


def _require_columns(
    table: contract.InputTable, path: Path, present: dict[str, tuple[str, str]]
) -> None:
    for column in table.required:
        if column not in present:
            raise InputError(f"{path} lacks required column {column!r} of table {table.name}")


# --- physical types -------------------------------------------------------------------------

INTEGER_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
    | {"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}
)
FLOAT_TYPES = frozenset({"FLOAT", "DOUBLE"})
TIME_TYPES = frozenset(
    {"TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "DATE"}
)
# Columns whose contract type is a number, not text (every other non-timestamp column is text).
INTEGER_COLUMNS = frozenset({("contracts", "proposals")})
DECIMAL_COLUMNS = frozenset({("payments", "amount")})
# Integer epoch times: the unit is the largest whose lower bound the column's median reaches.
# A median from 1e8 to 1e11 is seconds (1973-03-03 to year 5138), and each further unit is a
# thousand times more: the plausible years of one unit never overlap another's. A median below
# 1e8 (days since 1970, a counter, a negative number) is no epoch time and stops the run.
EPOCH_UNITS = (
    ("nanoseconds", 1e17),
    ("microseconds", 1e14),
    ("milliseconds", 1e11),
    ("seconds", 1e8),
)


def _is_decimal(kind: str) -> bool:
    return kind.startswith("DECIMAL")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _expected(table: contract.InputTable, column: contract.Column) -> str:
    """The contract's type, as an error names it."""
    if column.type == contract.TIMESTAMP:
        return (
            "timestamp (ISO-8601 text, a Parquet timestamp or date, or integer Unix epoch "
            "seconds, milliseconds, microseconds or nanoseconds)"
        )
    if (table.name, column.name) in INTEGER_COLUMNS:
        return f"{column.type} (an integer, or text or a decimal holding a whole number)"
    if (table.name, column.name) in DECIMAL_COLUMNS:
        return f"{column.type} (a decimal, integer, floating-point number or its text)"
    if column.type == contract.STRING:
        return "string (text; an integer is read as its digits)"
    return f"text ({column.type})"


def _accepted(table: contract.InputTable, column: contract.Column, kind: str) -> bool:
    """Whether a column of physical type ``kind`` can hold ``column`` as read as text."""
    if kind == "VARCHAR":
        return True
    key = (table.name, column.name)
    if column.type == contract.TIMESTAMP:
        return kind in TIME_TYPES  # integers are epoch time: see column_reads
    if key in INTEGER_COLUMNS or key in DECIMAL_COLUMNS:
        # a whole number written as 12.0 is accepted (the row rule checks it is whole)
        return kind in INTEGER_TYPES or kind in FLOAT_TYPES or _is_decimal(kind)
    if column.type == contract.STRING:
        # an id that looks like a number is still a string; a float id (1e6, 1.0) is not one
        return kind in INTEGER_TYPES or kind == "UUID"
    return kind.startswith("ENUM")  # enums and ISO codes: text only


# An integer written as text (a CSV's digits): read as epoch time like an integer column when
# every non-empty value of the column's first EPOCH_SAMPLE rows is one.
DIGITS = "-?[0-9]+"
EPOCH_SAMPLE = 1000


@dataclass(frozen=True)
class FileRead:
    """How one file's contract columns are read as text, and the conversions that applies."""

    reads: dict[str, str]  # column -> SQL expression over the file's row
    conversions: list[str] = field(default_factory=list)  # "<file> <column>: epoch seconds"


def _query(con: duckdb.DuckDBPyConnection, path: Path, select: str) -> tuple:
    try:
        return con.execute(f"select {select} from {_reader(path)}", [str(path)]).fetchone()
    except duckdb.Error as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def _digits_column(con: duckdb.DuckDBPyConnection, path: Path, quoted: str) -> bool:
    """Whether a text column holds integers: every non-empty value among its first rows."""
    try:
        digits, values = con.execute(
            f"select count(*) filter (where regexp_full_match(trim(v), '{DIGITS}')), "
            f"count(nullif(trim(v), '')) from (select {quoted} as v "
            f"from {_reader(path, '$path')} limit $sample)",
            {"path": str(path), "sample": EPOCH_SAMPLE},
        ).fetchone()
    except duckdb.Error as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    return values > 0 and digits == values


def _epoch_unit(median: float, where: str, found: str, expected: str) -> str:
    """The epoch unit whose plausible years hold the column's median, or InputError."""
    unit = next((u for u, lower in EPOCH_UNITS if median >= lower), None)
    if unit is None:
        raise InputError(
            f"{where} holds {found} whose median {median:,.0f} is no Unix epoch time after "
            f"1973 in seconds, milliseconds, microseconds or nanoseconds; expected {expected}"
        )
    return unit


def column_reads(
    con: duckdb.DuckDBPyConnection,
    table: contract.InputTable,
    path: Path,
    params: IngestParams | None = None,
) -> FileRead:
    """How each contract column of one file is read as text: a SQL expression per column.

    Raises ``InputError`` naming the file, the column, the type found and the type expected
    when a column's physical type cannot hold the contract's type. Integers where a timestamp
    belongs (an integer Parquet column, or a text column of digits) are read as Unix epoch
    time, the unit told apart by the column's median (``EPOCH_UNITS``), unless
    ``integer_timestamps_as_epoch`` is off. A column holding no value is read as empty,
    whatever its type.
    """
    params = params or IngestParams()
    present = _file_columns(con, path)
    _require_columns(table, path, present)
    reads, conversions = {}, []
    for column in table.column_specs:
        if column.name not in present:
            reads[column.name] = "null"
            continue
        name, kind = present[column.name]
        quoted = _quoted(name)
        where = f"{path}: column {column.name!r} of table {table.name}"
        expected = _expected(table, column)
        timestamp = column.type == contract.TIMESTAMP
        if timestamp and kind in INTEGER_TYPES:
            median, values = _query(con, path, f"median({quoted}), count({quoted})")
            if values == 0:  # e.g. an all-null column, which Parquet writers type as INTEGER
                reads[column.name] = "null"
                continue
            if not params.integer_timestamps_as_epoch:
                raise InputError(
                    f"{where} is {kind}; expected {expected} (integers are not read as epoch "
                    "time: ingest.integer_timestamps_as_epoch is false)"
                )
            unit = _epoch_unit(median, where, f"integers ({kind})", expected)
            reads[column.name] = f"epoch_text({quoted}, {sql.literal(unit)})"
            conversions.append(f"{path.name} {column.name}: integers read as epoch {unit}")
        elif timestamp and kind == "VARCHAR" and _digits_column(con, path, quoted):
            if not params.integer_timestamps_as_epoch:
                raise InputError(
                    f"{where} holds integers written as text; expected ISO-8601 timestamps "
                    "(integers are not read as epoch time: ingest.integer_timestamps_as_epoch "
                    "is false)"
                )
            number = f"try_cast(trim({quoted}) as hugeint)"
            (median,) = _query(
                con,
                path,
                f"median({number}) filter (where regexp_full_match(trim({quoted}), '{DIGITS}'))",
            )
            unit = _epoch_unit(median, where, "integers written as text", expected)
            reads[column.name] = (
                f"case when regexp_full_match(trim({quoted}), '{DIGITS}') "
                f"then coalesce(epoch_text({number}, {sql.literal(unit)}), trim({quoted})) "
                f"else {quoted} end"
            )
            conversions.append(f"{path.name} {column.name}: integers read as epoch {unit}")
        elif _accepted(table, column, kind):
            reads[column.name] = f"cast({quoted} as varchar)"
        elif _query(con, path, f"count({quoted})")[0] == 0:
            reads[column.name] = "null"
        else:
            raise InputError(f"{where} is {kind}; expected {expected}")
    return FileRead(reads, conversions)


def check_input_folder(
    con: duckdb.DuckDBPyConnection, input_dir: Path, params: IngestParams | None = None
) -> dict[str, list[Path]]:
    """Fail fast, before anything is written: every required file exists, opens, has its
    required columns, and each column's type can hold the contract's. Returns the files of each
    table."""
    found = {}
    for table in contract.INPUT_TABLES:
        found[table.name] = find_input_files(Path(input_dir), table)
        for path in found[table.name]:
            column_reads(con, table, path, params)
    return found


def load_raw(
    con: duckdb.DuckDBPyConnection,
    table: contract.InputTable,
    files: list[Path],
    params: IngestParams | None = None,
    progress: Progress | None = None,
) -> tuple[int, list[str]]:
    """Create ``raw_<table>``: every input row as text, with its file and row number. Returns
    the rows read and the conversions applied (integer timestamps read as epoch time).
    ``progress`` hears "files read" after each file."""
    raw = f"raw_{table.name}"
    column_defs = ", ".join(f"{c} varchar" for c in table.columns)
    con.execute(f"create or replace temp table {raw} (_file varchar, _row bigint, {column_defs})")
    conversions: list[str] = []
    report(progress, "files read", 0, len(files))
    for done, path in enumerate(files, 1):
        read = column_reads(con, table, path, params)
        conversions += read.conversions
        present = _file_columns(con, path)
        name = path.name if len(files) == 1 else f"{path.parent.name}/{path.name}"
        selected = ", ".join(read.reads[c] for c in table.columns)
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
    (rows,) = con.execute(f"select count(*) from {raw}").fetchone()
    return rows, conversions


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
    con: duckdb.DuckDBPyConnection,
    input_dir: Path,
    name: str,
    params: IngestParams | None = None,
    progress: Progress | None = None,
) -> LoadResult:
    """Load one input table into ``staging.<name>`` and ``quarantine.<name>``.

    Tables referenced by ``name`` (accounts before contracts, ...) must be staged first. When
    the files, the staging code, the parameters that shape the tables (``params.build_values``)
    and the referenced tables are those of the run that built the two tables, they are kept as
    they are (``analytics.reuse``). ``progress`` hears files read, phones parsed, rows checked
    and rows staged (the last two as DuckDB estimates them).
    """
    params = params or IngestParams()
    table = contract.TABLES_BY_NAME[name]
    files = find_input_files(Path(input_dir), table)
    built = [f"staging.{name}", f"quarantine.{name}"]
    _ensure_load_report(con)
    if not _in_load_report(con, name):  # the report a kept table's counts come from
        reuse.discard(con, built)
    kept, phones = reuse.keep_or_build(
        con,
        built,
        lambda: _stage(con, table, files, params, progress),
        code=INGEST_CODE,
        sources=[f"staging.{r}" for r in table.references],
        files=files,
        values=params.build_values(),
    )
    return _load_result(
        con,
        name,
        reused=kept,
        phones_parsed=phones.parsed if phones else None,
        phones_reused=phones.reused if phones else None,
    )


def timestamp_columns(table: contract.InputTable) -> list[str]:
    return [c.name for c in table.column_specs if c.type == contract.TIMESTAMP]


@dataclass(frozen=True)
class TimeWindow:
    """The timestamps a table accepts: from ``earliest`` to ``latest`` (as-of plus tolerance)."""

    earliest: datetime
    as_of: datetime | None  # None: derived, but the table holds no timestamp up to now
    as_of_derived: bool
    latest: datetime


def _check_rows(
    con: duckdb.DuckDBPyConnection,
    table: contract.InputTable,
    params: IngestParams,
    now: datetime | None = None,
) -> TimeWindow:
    """Build ``checked_<table>`` from ``raw_<table>`` (``sql/checked/<table>.sql``) and return
    the time window its rows were checked against.

    With ``params.as_of`` the window ends at it plus the tolerance. Without, the as-of time is
    the table's newest timestamp that is neither before the earliest date nor after ``now``
    (the moment of the run: nothing in an export can be later). Parsing the timestamps is the
    dear part, so they are parsed once: the rows are checked against ``now`` plus the
    tolerance, the newest timestamp is read from the typed rows, and only if some row lies
    between that window's end and ``now`` plus the tolerance (a row dated a little after the
    run, in an export older than the tolerance) are the rows checked again against it.
    """
    earliest = params.earliest
    tolerance = params.future_tolerance

    def check(latest: datetime) -> None:
        bounds = {"earliest": earliest, "latest": latest}
        sql.run(con, f"checked/{table.name}", {**_enum_params(), **bounds})

    given = params.as_of_time
    if given is not None:
        check(given + tolerance)
        return TimeWindow(earliest, given, False, given + tolerance)
    now = now or datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    ceiling = now + tolerance
    check(ceiling)
    checked = f"checked_{table.name}"
    columns = timestamp_columns(table)
    newest_of = ", ".join(
        f"max({c}) filter (where {c} between $earliest and $now)" for c in columns
    )
    (newest,) = con.execute(
        f"select greatest({newest_of}) from {checked}", {"earliest": earliest, "now": now}
    ).fetchone()
    latest = (newest or now) + tolerance
    if latest < ceiling:
        between = " or ".join(f"({c} > $latest and {c} <= $ceiling)" for c in columns)
        (late,) = con.execute(
            f"select count(*) from {checked} where {between}",
            {"latest": latest, "ceiling": ceiling},
        ).fetchone()
        if late:
            check(latest)
    return TimeWindow(earliest, newest, True, latest)


def _stage(
    con: duckdb.DuckDBPyConnection,
    table: contract.InputTable,
    files: list[Path],
    params: IngestParams,
    progress: Progress | None = None,
) -> PhoneLookup | None:
    """Read, check and split one table's files; the phone lookup's counts for accounts."""
    name = table.name
    rows_read, conversions = load_raw(con, table, files, params, progress)
    phones = register_phone_lookup(con, f"raw_{name}", progress) if name == "accounts" else None
    if name == "logins":
        report(progress, "IP addresses parsed", 0)
        report(progress, "IP addresses parsed", register_ip_lookup(con, f"raw_{name}"))
    with statement_progress(con, progress, "rows checked", rows_read):
        window = _check_rows(con, table, params)
    with statement_progress(con, progress, "rows staged", rows_read):
        sql.run(con, f"staging/{name}")
    sql.run(con, f"quarantine/{name}")
    (staged,) = con.execute(f"select count(*) from staging.{name}").fetchone()
    (quarantined,) = con.execute(f"select count(*) from quarantine.{name}").fetchone()
    flagged = _rows_flagged(con, name)
    con.execute(
        "insert or replace into quarantine.load_report values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            name,
            [str(f) for f in files],
            rows_read,
            staged,
            quarantined,
            flagged,
            window.earliest,
            window.as_of,
            window.as_of_derived,
            window.latest,
            conversions,
        ],
    )
    for temp in (f"raw_{name}", f"checked_{name}", "phone_lookup", "ip_lookup"):
        con.execute(f"drop table if exists {temp}")
    return phones


# Staged tables with a `flags` column: times that contradict another table, kept (see the
# data contract's choices: a flag, not a quarantine).
FLAGGED_TABLES = ("contracts", "payments", "messages")


def _rows_flagged(con: duckdb.DuckDBPyConnection, name: str) -> int:
    if name not in FLAGGED_TABLES:
        return 0
    (count,) = con.execute(f"select count(*) from staging.{name} where len(flags) > 0").fetchone()
    return count


def _ensure_load_report(con: duckdb.DuckDBPyConnection) -> None:
    """quarantine.load_report as sql/quarantine/load_report.sql makes it. One written by an
    older ringwatch (other columns) is dropped: its tables are then restaged, since a kept
    table's counts come from it."""
    expected = list(sql.load("quarantine/load_report").columns)
    found = [
        row[0]
        for row in con.execute(
            "select column_name from duckdb_columns() where schema_name = 'quarantine' "
            "and table_name = 'load_report' order by column_index"
        ).fetchall()
    ]
    if found and found != expected:
        con.execute("drop table quarantine.load_report")
    sql.run(con, "quarantine/load_report")


def _in_load_report(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    if not table_exists(con, "quarantine", "load_report"):
        return False
    (count,) = con.execute(
        "select count(*) from quarantine.load_report where table_name = ?", [name]
    ).fetchone()
    return count == 1


def _load_result(con: duckdb.DuckDBPyConnection, name: str, **extra: object) -> LoadResult:
    """What the load of ``name`` did, from its load report and quarantine table."""
    row = con.execute(
        "select source_files, rows_read, rows_staged, rows_quarantined, rows_flagged, "
        "earliest, as_of, as_of_derived, latest, conversions from quarantine.load_report "
        "where table_name = ?",
        [name],
    ).fetchone()
    files, rows_read, staged, quarantined, flagged, earliest, as_of, derived, latest, conv = row
    return LoadResult(
        name,
        files,
        rows_read,
        staged,
        quarantined,
        quarantined_by_reason(con, name),
        rows_flagged=flagged,
        flagged_by_reason=flagged_by_reason(con, name) if name in FLAGGED_TABLES else {},
        earliest=earliest,
        as_of=as_of,
        as_of_derived=derived,
        latest=latest,
        conversions=list(conv or []),
        **extra,
    )
