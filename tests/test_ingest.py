"""Ingest: every contract rule sends its row to quarantine with its reason; nothing is lost."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import duckdb
import pytest

from analytics import db
from analytics.ingest import InputError, check_input_folder, ingest_table
from tests.bad_input import TABLES, expected_quarantine, expected_staged, write_csv_folder


@pytest.mark.parametrize("table", list(TABLES))
def test_every_bad_row_is_quarantined_with_its_reason(
    ingested: duckdb.DuckDBPyConnection, table: str
) -> None:
    got = ingested.execute(
        f"select source_row, reason from quarantine.{table} order by source_row"
    ).fetchall()
    assert got == expected_quarantine(table)


@pytest.mark.parametrize("table", list(TABLES))
def test_rows_read_equal_staged_plus_quarantined(
    ingested: duckdb.DuckDBPyConnection, table: str
) -> None:
    read, staged, quarantined = ingested.execute(
        "select rows_read, rows_staged, rows_quarantined from quarantine.load_report "
        "where table_name = ?",
        [table],
    ).fetchone()
    assert staged == expected_staged(table)
    assert read == len(TABLES[table][1]) == staged + quarantined
    assert staged == ingested.execute(f"select count(*) from staging.{table}").fetchone()[0]


def test_quarantine_keeps_raw_values_and_every_reason(ingested: duckdb.DuckDBPyConnection) -> None:
    row = ingested.execute(
        "select account_id, role, created_at, reasons from quarantine.accounts "
        "where reason = 'duplicate account_id'"
    ).fetchone()
    assert row[:3] == ("c1", "client", "2025-02-01")
    assert row[3] == ["duplicate account_id (kept accounts.csv row 1)"]
    amount = ingested.execute(
        "select amount from quarantine.payments where reason = 'unparseable amount'"
    ).fetchone()[0]
    assert amount == "12,50"


def test_duplicate_keeps_the_first_valid_row(tmp_path: Path) -> None:
    tables = {
        "accounts": (
            "account_id,role,created_at",
            [("a1,wizard,2025-01-01", "unknown role"), ("a1,client,2025-01-02", None)],
        )
    }
    folder = write_csv_folder(tmp_path, tables)
    con = db.connect()
    ingest_table(con, folder, "accounts")
    assert con.execute("select role from staging.accounts").fetchall() == [("client",)]
    assert con.execute("select reason from quarantine.accounts").fetchall() == [("unknown role",)]


def test_typed_and_normalized_values(ingested: duckdb.DuckDBPyConnection) -> None:
    accounts = dict(
        (a, (r, str(c), e, p))
        for a, r, c, e, p in ingested.execute(
            "select account_id, role, created_at, email_normalized, phone_e164 "
            "from staging.accounts"
        ).fetchall()
    )
    # The offset is converted to UTC; case and spaces of enums are forgiven.
    assert accounts["c1"] == ("client", "2025-01-01 08:00:00", "john@gmail.com", "+14155550100")
    assert accounts["f1"] == (
        "freelancer",
        "2025-01-02 09:00:00",
        "jane.doe@example.com",
        "+442079460018",
    )
    assert accounts["f2"][:3] == ("freelancer", "2025-01-03 00:00:00", "raj@proton.me")
    assert accounts["c2"][3] == "+14155550100"  # written with +1, no country needed
    assert accounts["c3"][3] is None  # a national number without a country cannot be read
    contracts = ingested.execute(
        "select contract_id, hire_type, proposals, pricing from staging.contracts order by 1"
    ).fetchall()
    assert contracts == [
        ("k1", "job_post", 12, "hourly"),
        ("k2", "direct_contract", None, "fixed"),
        ("k3", "invite", 0, "fixed"),
    ]
    payments = ingested.execute(
        "select payment_id, client_id, freelancer_id, currency, signed_amount::double "
        "from staging.payments order by 1"
    ).fetchall()
    assert payments == [
        ("p1", "c1", "f1", "USD", 400.0),
        ("p2", "c2", "f2", "USD", 1200.0),
        ("p3", "c1", "f1", "USD", -50.0),
    ]
    logins = ingested.execute(
        "select account_id, ip, ip_network, ip_class, device_id from staging.logins order by 1"
    ).fetchall()
    assert logins == [
        ("c1", "81.2.69.160", "81.2.69.0/24", "public", "dev-a"),
        ("c2", "100.64.12.9", "100.64.12.0/24", "carrier_grade_nat", "dev-a"),
        ("f1", "2001:db8::1", "2001:db8::/64", "documentation", None),
    ]


def test_body_is_kept_exactly_as_sent(ingested: duckdb.DuckDBPyConnection) -> None:
    bodies = ingested.execute("select body from staging.messages order by message_id").fetchall()
    assert bodies == [("Welcome! Invoice INV-2025-0042 is $400.00",), ("Hi - I can start Monday",)]


def test_rerun_gives_the_same_tables(bad_input: Path) -> None:
    def snapshot() -> dict[str, list[tuple]]:
        con = db.connect()
        for table in TABLES:
            ingest_table(con, bad_input, table)
        tables = [f"{s}.{t}" for s in ("staging", "quarantine") for t in TABLES]
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in tables}

    assert snapshot() == snapshot()


def _convert(folder: Path, table: str, form: str) -> None:
    """Rewrite <table>.csv as parquet, csv.gz or a folder of two parquet parts."""
    csv = folder / f"{table}.csv"
    con = duckdb.connect()
    rel = f"read_csv('{csv}', all_varchar = true)"
    if form == "parquet":
        con.execute(f"copy (select * from {rel}) to '{folder / table}.parquet' (format parquet)")
    elif form == "csv.gz":
        with open(csv, "rb") as src, gzip.open(folder / f"{table}.csv.gz", "wb") as dst:
            shutil.copyfileobj(src, dst)
    elif form == "folder":
        (folder / table).mkdir()
        n = con.execute(f"select count(*) from {rel}").fetchone()[0]
        for part, (lo, hi) in enumerate([(0, n // 2), (n // 2, n)]):
            con.execute(
                f"copy (select * from {rel} limit {hi - lo} offset {lo}) "
                f"to '{folder / table}/part-{part}.parquet' (format parquet)"
            )
    csv.unlink()


@pytest.mark.parametrize("form", ["parquet", "csv.gz", "folder"])
def test_every_file_form_gives_the_same_result(bad_input: Path, form: str) -> None:
    reference = db.connect()
    for table in TABLES:
        ingest_table(reference, bad_input, table)
    for table in TABLES:
        _convert(bad_input, table, form)
    con = db.connect()
    for table in TABLES:
        ingest_table(con, bad_input, table)
        staged = f"select * from staging.{table} order by all"
        assert con.execute(staged).fetchall() == reference.execute(staged).fetchall()
        reasons = f"select reason, count(*) from quarantine.{table} group by 1 order by 1"
        assert con.execute(reasons).fetchall() == reference.execute(reasons).fetchall()


def test_typed_parquet_columns_are_read(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute(
        f"""copy (select 'a1' as account_id, 'client' as role,
                  timestamptz '2025-01-01 12:00:00+01' as created_at, 7 as phone)
            to '{tmp_path}/accounts.parquet' (format parquet)"""
    )
    target = db.connect()
    result = ingest_table(target, tmp_path, "accounts")
    assert result.rows_staged == 1
    row = target.execute(
        "select created_at::varchar, phone, country from staging.accounts"
    ).fetchone()
    assert row == ("2025-01-01 11:00:00", "7", None)


def test_empty_table_is_fine(tmp_path: Path) -> None:
    (tmp_path / "accounts.csv").write_text("account_id,role,created_at\n")
    con = db.connect()
    result = ingest_table(con, tmp_path, "accounts")
    assert (result.rows_read, result.rows_staged, result.rows_quarantined) == (0, 0, 0)


def test_missing_file_names_the_table(tmp_path: Path) -> None:
    write_csv_folder(tmp_path, {"accounts": TABLES["accounts"]})
    with pytest.raises(InputError, match=r"missing input table logins: expected .*logins\.parquet"):
        check_input_folder(db.connect(), tmp_path)


def test_missing_labels_is_fine_and_gives_empty_tables(tmp_path: Path) -> None:
    tables = {k: v for k, v in TABLES.items() if k != "labels"}
    folder = write_csv_folder(tmp_path, tables)
    con = db.connect()
    check_input_folder(con, folder)
    for table in TABLES:
        ingest_table(con, folder, table)
    assert con.execute("select count(*) from staging.labels").fetchone()[0] == 0


def test_missing_required_column_names_file_and_column(tmp_path: Path) -> None:
    folder = write_csv_folder(tmp_path)
    text = (folder / "payments.csv").read_text().replace("currency", "ccy", 1)
    (folder / "payments.csv").write_text(text)
    with pytest.raises(InputError, match=r"payments\.csv lacks required column 'currency'"):
        check_input_folder(db.connect(), folder)
    con = db.connect()
    for table in ("accounts", "contracts"):
        ingest_table(con, folder, table)
    with pytest.raises(InputError, match=r"payments\.csv lacks required column 'currency'"):
        ingest_table(con, folder, "payments")


def test_missing_optional_column_is_fine(tmp_path: Path) -> None:
    (tmp_path / "accounts.csv").write_text("account_id,role,created_at\na1,client,2025-01-01\n")
    con = db.connect()
    assert ingest_table(con, tmp_path, "accounts").rows_staged == 1


def test_unreadable_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "accounts.parquet").write_bytes(b"this is not parquet")
    with pytest.raises(InputError, match=r"cannot read .*accounts\.parquet"):
        ingest_table(db.connect(), tmp_path, "accounts")


def test_table_given_twice_is_an_error(tmp_path: Path) -> None:
    write_csv_folder(tmp_path, {"accounts": TABLES["accounts"]})
    (tmp_path / "accounts").mkdir()
    with pytest.raises(InputError, match="given more than once"):
        ingest_table(db.connect(), tmp_path, "accounts")


def test_every_staging_and_quarantine_column_has_a_comment(
    ingested: duckdb.DuckDBPyConnection,
) -> None:
    missing = ingested.execute(
        "select schema_name || '.' || table_name || '.' || column_name from duckdb_columns() "
        "where schema_name in ('staging', 'quarantine') and (comment is null or comment = '')"
    ).fetchall()
    assert missing == []
    tables = ingested.execute(
        "select count(*) from duckdb_tables() where schema_name in ('staging', 'quarantine') "
        "and (comment is null or comment = '')"
    ).fetchone()[0]
    assert tables == 0


def test_utc_timestamp_reads_every_form_like_the_zone_aware_parser() -> None:
    """The fast path for '+00' and 'Z' must agree with DuckDB's time-zone-aware parser."""
    con = db.connect()
    con.execute(
        """
        create table forms as
        select d || sep || t || frac || zone as text
        from (values ('2024-11-01'), ('2024-02-29'), ('2023-02-29'), ('1999-12-31')) a(d),
            (values (' '), ('T')) b(sep),
            (values ('00:03:44'), ('23:59:59'), ('24:00:00'), ('7:05')) c(t),
            (values (''), ('.5'), ('.123456')) e(frac),
            (values (''), ('+00'), ('Z'), ('+02'), ('-05:30'), ('+0000'), (' UTC'),
                (' America/New_York'), ('+00Z'), ('Z+00'), ('-03:00+00')) f(zone)
        union all select unnest(['', '+00', 'Z', 'garbage+00', '2024-11-01', 'now'])
        """
    )
    differing = con.execute(
        "select text, utc_timestamp(text), try_cast(text as timestamptz)::timestamp from forms "
        "where utc_timestamp(text) is distinct from try_cast(text as timestamptz)::timestamp"
    ).fetchall()
    assert differing == []
    assert con.execute("select count(*) from forms").fetchone()[0] > 1000


def test_phones_normalized_once_are_reused_by_the_next_run(bad_input: Path) -> None:
    """A changed accounts file is restaged, but parses no phone it parsed before
    (libphonenumber is 15 s of a 1M run): only what is new, and everything when the normalizer
    changed."""
    con = db.connect()
    first = ingest_table(con, bad_input, "accounts")
    assert first.phones_parsed > 0 and first.phones_reused == 0

    with open(bad_input / "accounts.csv", "a") as f:
        f.write("c-new,client,2025-02-01,GB,new@example.com,020 7946 0999,New\n")
    grown = ingest_table(con, bad_input, "accounts")
    assert not grown.reused
    assert (grown.phones_parsed, grown.phones_reused) == (1, first.phones_parsed)
    assert con.execute(
        "select phone_e164 from staging.accounts where account_id = 'c-new'"
    ).fetchall() == [("+442079460999",)]

    con.execute("update staging.phone_normalizations set normalizer = 'phonenumbers 0.0'")
    with open(bad_input / "accounts.csv", "a") as f:
        f.write("c-newer,client,2025-02-02,GB,newer@example.com,,Newer\n")
    redone = ingest_table(con, bad_input, "accounts")
    assert (redone.phones_parsed, redone.phones_reused) == (first.phones_parsed + 1, 0)
    assert con.execute(
        "select count(*) from staging.phone_normalizations where normalizer = 'phonenumbers 0.0'"
    ).fetchone() == (0,)
