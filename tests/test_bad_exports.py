"""Inputs as real exports bring them: physical types, implausible times, times that contradict
another table, and tables too broken to build a queue on. Every rule with a real file (CSV or
Parquet, written here) and a real DuckDB."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from analytics import db
from analytics.ingest import InputError, check_input_folder, ingest_table
from analytics.ingest_params import IngestParams
from analytics.params import ParamsError
from analytics.quality import not_emptied, quarantined_share
from analytics.run_params import RunParams
from tests.bad_input import TABLES, valid_tables, write_csv_folder


def _parquet(folder: Path, table: str, select: str) -> Path:
    """Write ``select`` (a DuckDB query) as <folder>/<table>.parquet."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{table}.parquet"
    duckdb.connect().execute(f"copy ({select}) to '{path}' (format parquet)")
    return path


def _staged(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple]:
    return con.execute(query).fetchall()


# --- physical types -----------------------------------------------------------------------------

EPOCH_2025 = 1735725600  # 2025-01-01 10:00:00 UTC


@pytest.mark.parametrize(
    ("unit", "factor"),
    [("seconds", 1), ("milliseconds", 10**3), ("microseconds", 10**6), ("nanoseconds", 10**9)],
)
def test_integer_epoch_timestamps_are_read_by_magnitude(
    tmp_path: Path, unit: str, factor: int
) -> None:
    _parquet(
        tmp_path,
        "accounts",
        f"select 'a' || i as account_id, 'client' as role, "
        f"({EPOCH_2025} + i * 3600)::bigint * {factor} as created_at from range(3) t(i) "
        "union all select 'zero', 'client', 0",  # the epoch-zero placeholder of a missing time
    )
    con = db.connect()
    loaded = ingest_table(con, tmp_path, "accounts")
    assert loaded.conversions == [f"accounts.parquet created_at: integers read as epoch {unit}"]
    assert _staged(con, "select account_id, created_at from staging.accounts order by 1") == [
        ("a0", datetime(2025, 1, 1, 10)),
        ("a1", datetime(2025, 1, 1, 11)),
        ("a2", datetime(2025, 1, 1, 12)),
    ]
    assert _staged(con, "select account_id, reason, created_at from quarantine.accounts") == [
        ("zero", "created_at before the earliest date", "1970-01-01 00:00:00+00")
    ]
    (conversions,) = con.execute(
        "select conversions from quarantine.load_report where table_name = 'accounts'"
    ).fetchone()
    assert conversions == loaded.conversions


def test_epoch_digits_in_a_csv_are_read_like_an_integer_column(tmp_path: Path) -> None:
    (tmp_path / "accounts.csv").write_text(
        f"account_id,role,created_at\na1,client,{EPOCH_2025}000\na2,client,\n"
    )
    con = db.connect()
    loaded = ingest_table(con, tmp_path, "accounts")
    assert loaded.conversions == ["accounts.csv created_at: integers read as epoch milliseconds"]
    assert _staged(con, "select account_id, created_at from staging.accounts") == [
        ("a1", datetime(2025, 1, 1, 10))
    ]
    assert _staged(con, "select reason from quarantine.accounts") == [("missing created_at",)]


def test_an_epoch_value_no_timestamp_holds_is_quarantined_as_unparseable(tmp_path: Path) -> None:
    _parquet(
        tmp_path,
        "payments",
        "select 'p' || i as payment_id, 'k1' as contract_id, "
        f"case when i = 2 then 9223372036854775807 else {EPOCH_2025} + i end as ts, "
        "10 as amount, 'USD' as currency, 'hourly' as kind from range(3) t(i)",
    )
    write_csv_folder(tmp_path, valid_tables(CONTRACT_ROWS))
    (tmp_path / "payments.csv").unlink()
    con = db.connect()
    for table in ("accounts", "contracts", "payments"):
        ingest_table(con, tmp_path, table)
    assert _staged(con, "select payment_id, reason, ts from quarantine.payments") == [
        ("p2", "unparseable ts", "9223372036854775807")
    ]


@pytest.mark.parametrize(
    ("select", "column", "found", "expected"),
    [
        # an integer where a timestamp belongs, with conversions turned off: see the params case
        ("select 1.5::double as account_id, 'client' as role, now() as created_at",
         "account_id", "DOUBLE", "string"),
        ("select 'a1' as account_id, 'client' as role, 1735725600.5::double as created_at",
         "created_at", "DOUBLE", "timestamp"),
        ("select 'a1' as account_id, 1 as role, now() as created_at", "role", "INTEGER", "text"),
        ("select 'a1' as account_id, 'client' as role, now() as created_at, true as email",
         "email", "BOOLEAN", "string"),
        ("select 'a1' as account_id, 'client' as role, time '10:00:00' as created_at",
         "created_at", "TIME", "timestamp"),
        ("select 'a1' as account_id, 'client' as role, 20113 as created_at",
         "created_at", "median 20,113 is no Unix epoch time", "timestamp"),
    ],
)  # fmt: skip
def test_a_type_that_cannot_hold_the_contract_stops_before_anything_is_written(
    tmp_path: Path, select: str, column: str, found: str, expected: str
) -> None:
    folder = write_csv_folder(tmp_path / "input")
    (folder / "accounts.csv").unlink()
    _parquet(folder, "accounts", select)
    with pytest.raises(InputError) as error:
        check_input_folder(db.connect(), folder)
    message = str(error.value)
    assert "accounts.parquet" in message and f"column {column!r}" in message
    assert found in message and f"expected {expected}" in message
    with pytest.raises(InputError, match=f"column {column!r}"):
        ingest_table(db.connect(), folder, "accounts")


def test_integer_timestamps_stop_the_run_when_epoch_reading_is_off(tmp_path: Path) -> None:
    _parquet(tmp_path, "accounts", f"select 'a1' as account_id, 'client' as role, "
             f"{EPOCH_2025} as created_at")  # fmt: skip
    strict = IngestParams(integer_timestamps_as_epoch=False)
    with pytest.raises(InputError, match=r"'created_at' of table accounts is INTEGER; expected"):
        ingest_table(db.connect(), tmp_path, "accounts", strict)
    (tmp_path / "accounts.parquet").unlink()
    (tmp_path / "accounts.csv").write_text(f"account_id,role,created_at\na1,client,{EPOCH_2025}\n")
    with pytest.raises(InputError, match="integers written as text; expected ISO-8601"):
        ingest_table(db.connect(), tmp_path, "accounts", strict)


def test_types_that_hold_the_contract_are_read(tmp_path: Path) -> None:
    """Integer ids are their digits, a float amount and a whole float proposals count are
    numbers, a date is midnight, an all-null column of any type is empty."""
    _parquet(
        tmp_path,
        "accounts",
        "select * from (values (1001, 'client', date '2025-01-01', null::integer), "
        "(1002, 'freelancer', date '2025-01-02', null::integer)) "
        "t(account_id, role, created_at, phone)",
    )
    _parquet(
        tmp_path,
        "contracts",
        "select 'k1' as contract_id, 1001 as client_id, 1002 as freelancer_id, "
        "timestamp_ns '2025-02-01 10:00:00.123456789' as created_at, null::bigint as ended_at, "
        "'invite' as hire_type, 3.0::double as proposals, 'fixed' as pricing, 'active' as status",
    )
    _parquet(
        tmp_path,
        "payments",
        "select 'p1' as payment_id, 'k1' as contract_id, timestamptz '2025-02-02 10:00:00+02' "
        "as ts, 12.5::double as amount, 'EUR' as currency, 'milestone' as kind",
    )
    con = db.connect()
    for table in ("accounts", "contracts", "payments"):
        loaded = ingest_table(con, tmp_path, table)
        assert loaded.rows_quarantined == 0, (table, loaded.quarantined_by_reason)
    assert _staged(con, "select account_id, created_at, phone from staging.accounts") == [
        ("1001", datetime(2025, 1, 1), None),
        ("1002", datetime(2025, 1, 2), None),
    ]
    contracts = "select client_id, created_at, proposals, ended_at from staging.contracts"
    assert _staged(con, contracts) == [("1001", datetime(2025, 2, 1, 10, 0, 0, 123456), 3, None)]
    assert _staged(con, "select ts, amount::double from staging.payments") == [
        (datetime(2025, 2, 2, 8), 12.5)
    ]


def test_numbers_no_column_can_hold_are_quarantined_not_fatal(tmp_path: Path) -> None:
    """nan, inf and 1e30 are doubles but no count of proposals: their rows are quarantined, the
    statement does not fail (a floating-point column from pandas writes them)."""
    _parquet(
        tmp_path,
        "contracts",
        "select 'k' || i as contract_id, 'c1' as client_id, 'f1' as freelancer_id, "
        "timestamp '2024-06-01' as created_at, 'invite' as hire_type, 'hourly' as pricing, "
        "'active' as status, [3.0, 'nan'::double, 'inf'::double, 1e30][i + 1] as proposals "
        "from range(4) t(i)",
    )
    write_csv_folder(tmp_path, valid_tables({"accounts": CONTRACT_ROWS["accounts"]}))
    (tmp_path / "contracts.csv").unlink()
    con = db.connect()
    ingest_table(con, tmp_path, "accounts")
    loaded = ingest_table(con, tmp_path, "contracts")
    assert loaded.quarantined_by_reason == {"unparseable proposals": 3}
    assert _staged(con, "select contract_id, proposals from staging.contracts") == [("k0", 3)]


def test_bom_crlf_and_spaced_headers_read_as_if_absent(tmp_path: Path) -> None:
    clean = write_csv_folder(tmp_path / "clean")
    messy = write_csv_folder(tmp_path / "messy")
    for table in TABLES:
        text = (messy / f"{table}.csv").read_text()
        header, rest = text.split("\n", 1)
        spaced = ",".join(f"  {name} " for name in header.split(","))
        (messy / f"{table}.csv").write_bytes(
            b"\xef\xbb\xbf" + (spaced + "\n" + rest).replace("\n", "\r\n").encode()
        )
    assert (messy / "accounts.csv").read_bytes().startswith(b"\xef\xbb\xbf  account_id ,")
    results = []
    for folder in (clean, messy):
        con = db.connect()
        for table in TABLES:
            ingest_table(con, folder, table)
        results.append(
            {
                table: (
                    _staged(con, f"select * from staging.{table} order by all"),
                    _staged(con, f"select * from quarantine.{table} order by all"),
                )
                for table in TABLES
            }
        )  # fmt: skip
    assert results[0] == results[1]
    assert len(results[1]["accounts"][0]) == 5


# --- times out of range -------------------------------------------------------------------------

CONTRACT_ROWS = {
    "accounts": ["c1,client,2024-01-01,", "f1,freelancer,2024-01-01,"],
    "contracts": ["k1,c1,f1,2024-06-01,,invite,,hourly,active,"],
}


def _payments_folder(folder: Path, payments: list[str]) -> Path:
    return write_csv_folder(folder, valid_tables({**CONTRACT_ROWS, "payments": payments}))


def _stage(folder: Path, params: IngestParams | None = None) -> duckdb.DuckDBPyConnection:
    con = db.connect()
    for table in ("accounts", "logins", "contracts", "payments", "messages"):
        ingest_table(con, folder, table, params)
    return con


def test_payments_dated_2099_and_1970_are_quarantined(tmp_path: Path) -> None:
    folder = _payments_folder(
        tmp_path,
        [
            "p1,k1,2024-07-01T10:00:00Z,10,USD,hourly,",
            "p2,k1,2099-01-01,10,USD,hourly,",
            "p3,k1,1970-01-01,10,USD,hourly,",
            "p4,k1,2024-07-02T10:00:00Z,10,USD,hourly,",
        ],
    )
    con = _stage(folder)
    assert _staged(con, "select payment_id from staging.payments order by 1") == [("p1",), ("p4",)]
    assert _staged(con, "select payment_id, reason, reasons from quarantine.payments") == [
        ("p2", "ts after the as-of time", ["ts after the as-of time"]),
        ("p3", "ts before the earliest date", ["ts before the earliest date (1995-01-01)"]),
    ]
    # Without --as-of, the as-of time is the newest timestamp neither before the earliest date
    # nor after the moment of the run: here the last real payment.
    as_of, derived, latest = con.execute(
        "select as_of, as_of_derived, latest from quarantine.load_report "
        "where table_name = 'payments'"
    ).fetchone()
    assert (as_of, derived, latest) == (datetime(2024, 7, 2, 10), True, datetime(2024, 7, 3, 10))


def test_a_row_dated_just_after_the_run_is_after_an_older_exports_as_of_time(
    tmp_path: Path,
) -> None:
    """Within the tolerance of the moment of the run, but not of the export's newest row."""
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    folder = _payments_folder(
        tmp_path, ["p1,k1,2024-07-01T10:00:00Z,10,USD,hourly,", f"p2,k1,{soon},10,USD,hourly,"]
    )
    con = _stage(folder)
    assert _staged(con, "select payment_id, reason from quarantine.payments") == [
        ("p2", "ts after the as-of time")
    ]
    assert con.execute(
        "select as_of, latest from quarantine.load_report where table_name = 'payments'"
    ).fetchone() == (datetime(2024, 7, 1, 10), datetime(2024, 7, 2, 10))


def test_a_given_as_of_time_and_its_tolerance_bound_every_timestamp(tmp_path: Path) -> None:
    folder = _payments_folder(
        tmp_path,
        [
            "p1,k1,2024-07-01T10:00:00Z,10,USD,hourly,",
            "p2,k1,2024-07-02T05:00:00Z,10,USD,hourly,",  # within the tolerance after the as-of
            "p3,k1,2024-07-02T07:00:00Z,10,USD,hourly,",  # beyond it
        ],
    )
    params = IngestParams(as_of="2024-07-01T08:00:00+02:00", future_tolerance_hours=24)
    con = _stage(folder, params)
    assert _staged(con, "select payment_id from staging.payments order by 1") == [("p1",), ("p2",)]
    assert _staged(con, "select payment_id, reason from quarantine.payments") == [
        ("p3", "ts after the as-of time")
    ]
    assert con.execute(
        "select as_of, as_of_derived from quarantine.load_report where table_name = 'accounts'"
    ).fetchone() == (datetime(2024, 7, 1, 6), False)


def test_every_timestamp_column_is_bounded(tmp_path: Path) -> None:
    tables = valid_tables(
        {
            "accounts": ["c1,client,2024-01-01,", "f1,freelancer,2024-01-01,",
                         "c2,client,1900-01-01,", "c3,client,9999-12-31,"],
            "logins": ["c1,2024-02-01,1.2.3.4,", "c1,2100-01-01,1.2.3.4,"],
            "contracts": [
                "k1,c1,f1,2024-06-01,,invite,,hourly,active,",
                "k2,c1,f1,2024-06-01,1969-12-31,job_post,3,hourly,active,",
                "k3,c1,f1,2024-06-01,,invite,,hourly,completed,2077-01-01",
            ],
            "messages": ["m1,,c1,f1,2024-02-01,hi", "m2,,c1,f1,1980-05-05,hi"],
        }
    )  # fmt: skip
    tables["labels"] = (
        "account_id,label,decided_at",
        [("c1,fraud,2024-03-01", None), ("f1,legit,1901-01-01", "decided_at before")],
    )
    folder = write_csv_folder(tmp_path, tables)
    con = _stage(folder)
    ingest_table(con, folder, "labels")
    reasons = {
        table: _staged(con, f"select reason from quarantine.{table} order by source_row")
        for table in ("accounts", "logins", "contracts", "messages", "labels")
    }
    before, after = "before the earliest date", "after the as-of time"
    assert reasons == {
        "accounts": [(f"created_at {before}",), (f"created_at {after}",)],
        "logins": [(f"ts {after}",)],
        "contracts": [(f"job_posted_at {before}",), (f"ended_at {after}",)],
        "messages": [(f"ts {before}",)],
        "labels": [(f"decided_at {before}",)],
    }


def test_a_changed_time_window_restages_and_a_breaker_limit_does_not(tmp_path: Path) -> None:
    folder = _payments_folder(tmp_path, ["p1,k1,2024-07-01,10,USD,hourly,"])
    con = _stage(folder)
    assert ingest_table(con, folder, "payments").reused
    looser = IngestParams(max_quarantined_share_payments=0.5, allow_empty_required_tables=True)
    assert ingest_table(con, folder, "payments", looser).reused  # the checks' limits only
    earlier = IngestParams(as_of="2024-06-29")
    assert not ingest_table(con, folder, "accounts", earlier).reused
    assert not ingest_table(con, folder, "contracts", earlier).reused
    restaged = ingest_table(con, folder, "payments", earlier)
    assert not restaged.reused
    assert restaged.quarantined_by_reason == {"ts after the as-of time": 1}
    assert not ingest_table(
        con, folder, "payments", IngestParams(earliest_date="2000-01-01")
    ).reused


# --- times against their parent -----------------------------------------------------------------


def test_times_against_their_parent(tmp_path: Path) -> None:
    """A contract ending before it began contradicts itself: quarantined. A payment before its
    contract, a message before its sender signed up, a hire before a party signed up contradict
    another table: staged, with the contradiction in `flags` and counted as flagged."""
    folder = write_csv_folder(
        tmp_path,
        valid_tables(
            {
                "accounts": ["c1,client,2024-01-01,", "f1,freelancer,2024-01-01,",
                             "c2,client,2024-09-01,"],
                "contracts": [
                    "k1,c1,f1,2024-06-01,,invite,,hourly,completed,2024-05-01",
                    "k2,c1,f1,2024-06-01,,invite,,hourly,active,",
                    "k3,c2,f1,2024-08-01,,invite,,hourly,active,",
                ],
                "payments": ["p1,k2,2024-05-31,10,USD,hourly,", "p2,k2,2024-06-02,10,USD,hourly,"],
                "messages": ["m1,,c2,f1,2024-07-01,hello", "m2,,f1,c2,2024-09-02,hello"],
            }
        ),
    )  # fmt: skip
    con = _stage(folder)
    assert _staged(con, "select contract_id, reason from quarantine.contracts") == [
        ("k1", "ended_at before created_at")
    ]
    assert _staged(con, "select contract_id, flags from staging.contracts order by 1") == [
        ("k2", []),
        ("k3", ["created_at before the client signed up"]),
    ]
    assert _staged(con, "select payment_id, flags from staging.payments order by 1") == [
        ("p1", ["ts before the contract was created"]),
        ("p2", []),
    ]
    assert _staged(con, "select message_id, flags from staging.messages order by 1") == [
        ("m1", ["ts before the sender signed up"]),
        ("m2", []),
    ]
    flagged = dict(
        con.execute("select table_name, rows_flagged from quarantine.load_report").fetchall()
    )
    assert flagged == {
        "accounts": 0, "logins": 0, "contracts": 1, "payments": 1, "messages": 1
    }  # fmt: skip
    loaded = ingest_table(con, folder, "payments")
    assert loaded.flagged_by_reason == {"ts before the contract was created": 1}


# --- the circuit breaker's checks ---------------------------------------------------------------


def _logins_folder(folder: Path, bad: int, good: int) -> Path:
    logins = [f"c1,2024-02-01,10.0.0.{i % 250},dev" for i in range(good)]
    logins += [f"c1,2024-02-01,10.0.0.{300 + i},dev" for i in range(bad)]
    return write_csv_folder(folder, valid_tables({**CONTRACT_ROWS, "logins": logins}))


def test_quarantined_share_over_its_limit_fails_naming_share_and_reasons(tmp_path: Path) -> None:
    con = _stage(_logins_folder(tmp_path, bad=30, good=70))
    outcome = quarantined_share(con, "logins", IngestParams())
    assert not outcome.passed
    assert outcome.description == (
        "30.0% of logins quarantined (30 of 100 rows), over the limit of 1.00% "
        "(ingest.max_quarantined_share_logins); top reasons: ip is not an IPv4 or IPv6 address (30)"
    )
    assert quarantined_share(con, "logins", IngestParams(max_quarantined_share_logins=0.3)).passed
    assert quarantined_share(con, "accounts", IngestParams()).passed


def test_one_bad_row_in_a_hundred_passes_the_default_limit(tmp_path: Path) -> None:
    con = _stage(_logins_folder(tmp_path, bad=1, good=99))
    assert quarantined_share(con, "logins", IngestParams()).passed
    con = _stage(_logins_folder(tmp_path / "two", bad=2, good=98))
    assert not quarantined_share(con, "logins", IngestParams()).passed


def test_an_emptied_table_fails_unless_allowed(tmp_path: Path) -> None:
    con = _stage(_logins_folder(tmp_path, bad=0, good=10))
    assert not_emptied(con, "logins", IngestParams()).passed  # no good run yet: nothing to compare
    con.execute(
        "create table quarantine.last_good_load as "
        "select table_name, rows_read from quarantine.load_report"
    )
    empty = _logins_folder(tmp_path / "empty", bad=0, good=0)
    ingest_table(con, empty, "logins")
    outcome = not_emptied(con, "logins", IngestParams())
    assert not outcome.passed
    assert outcome.description == (
        "logins arrived empty, but the last good run read 10 rows from it; if an empty table is "
        "right, set ingest.allow_empty_required_tables = true"
    )
    assert not_emptied(con, "logins", IngestParams(allow_empty_required_tables=True)).passed


# --- parameters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"earliest_date": "01/01/1995"}, "ingest.earliest_date: '01/01/1995' is not a date"),
        ({"as_of": "yesterday"}, "ingest.as_of: 'yesterday' is not an ISO-8601 date or time"),
        ({"max_quarantined_share_logins": 1.5}, "ingest.max_quarantined_share_logins: 1.5 is not"),
        ({"future_tolerance_hours": -1}, "ingest.future_tolerance_hours: -1.0 is negative"),
    ],
)
def test_ingest_parameters_are_checked(values: dict[str, object], message: str) -> None:
    with pytest.raises(ParamsError, match=message):
        RunParams.defaults().with_overrides({"ingest": values})
