"""An input folder with a bad row of every kind the data contract names, and the reason each
must be quarantined with. Rows whose expected reason is None are valid and must be staged.

Each table is a header and (csv line, expected reason) pairs; the expected reason is the
`reason` column of quarantine.<table> (the rule, without its detail).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics import db
from analytics.identifiers import build_account_identifiers
from analytics.ingest import ingest_table
from analytics.run_params import RunParams

Rows = list[tuple[str, str | None]]

ACCOUNTS: tuple[str, Rows] = (
    "account_id,role,created_at,country,email,phone,name",
    [
        (
            "c1,client,2025-01-01T10:00:00+02:00,US,J.O.H.N+x@GoogleMail.com,+1 (415) 555-0100,Jo",
            None,
        ),
        ("f1,freelancer,2025-01-02 09:00:00,GB,Jane.Doe@Example.com ,0044 20 7946 0018,Jane", None),
        ("f2, Freelancer ,2025-01-03,IN,raj+upwork@proton.me,,Raj", None),
        ("c2,CLIENT,2025-01-04T00:00:00Z,,bob@outlook.com,+1 415-555-0100,Bob", None),
        ("c3,client,2025-01-04,,carol@example.org,(415) 555-0199,Carol", None),
        (",client,2025-01-05,US,,,", "missing account_id"),
        ("x1,,2025-01-05,US,,,", "missing role"),
        ("x2,admin,2025-01-05,US,,,", "unknown role"),
        ("x3,client,,US,,,", "missing created_at"),
        ("x4,client,last tuesday,US,,,", "unparseable created_at"),
        ("x5,client,2025-01-05,USA,,,", "country is not an ISO 3166-1 alpha-2 code"),
        ("c1,client,2025-02-01,US,other@example.com,,Dup", "duplicate account_id"),
    ],
)

LOGINS: tuple[str, Rows] = (
    "account_id,ts,ip,device_id",
    [
        ("c1,2025-01-01T10:05:00Z,081.002.069.160,DEV-A", None),
        ("f1,2025-01-02T09:05:00Z,2001:0DB8:0000:0000:0000:0000:0000:0001,", None),
        ("c2,2025-01-04T09:05:00Z,100.64.12.9,dev-a", None),
        (",2025-01-02,1.2.3.4,", "missing account_id"),
        ("ghost,2025-01-02,1.2.3.4,", "unknown account_id"),
        ("x2,2025-01-02,1.2.3.4,", "account_id refers to a quarantined account"),
        ("c1,,1.2.3.4,", "missing ts"),
        ("c1,2025-13-01,1.2.3.4,", "unparseable ts"),
        ("c1,2025-01-02,,", "missing ip"),
        ("c1,2025-01-02,999.1.1.1,", "ip is not an IPv4 or IPv6 address"),
    ],
)

CONTRACTS: tuple[str, Rows] = (
    "contract_id,client_id,freelancer_id,created_at,job_posted_at,hire_type,proposals,pricing,"
    "status,ended_at",
    [
        ("k1,c1,f1,2025-02-01,2025-01-30,job_post,12,hourly,active,", None),
        ("k2,c2,f2,2025-02-02,,direct_contract,,fixed,completed,2025-03-01", None),
        ("k3,c1,f2,2025-02-03,,Invite,0.0,FIXED,cancelled,2025-02-04", None),
        (",c1,f1,2025-02-01,,invite,0,hourly,active,", "missing contract_id"),
        ("k4,,f1,2025-02-01,,invite,0,hourly,active,", "missing client_id"),
        ("k5,ghost,f1,2025-02-01,,invite,0,hourly,active,", "unknown client_id"),
        ("k6,f1,f2,2025-02-01,,invite,0,hourly,active,", "client_id is not a client account"),
        (
            "k7,c1,c2,2025-02-01,,invite,0,hourly,active,",
            "freelancer_id is not a freelancer account",
        ),
        (
            "k8,x2,f1,2025-02-01,,invite,0,hourly,active,",
            "client_id refers to a quarantined account",
        ),
        ("k9,c1,,2025-02-01,,invite,0,hourly,active,", "missing freelancer_id"),
        ("k10,c1,f1,,,invite,0,hourly,active,", "missing created_at"),
        ("k11,c1,f1,2025-02-01,soon,job_post,3,hourly,active,", "unparseable job_posted_at"),
        ("k12,c1,f1,2025-02-01,,referral,0,hourly,active,", "unknown hire_type"),
        ("k13,c1,f1,2025-02-01,,job_post,many,hourly,active,", "unparseable proposals"),
        ("k14,c1,f1,2025-02-01,,job_post,-3,hourly,active,", "negative proposals"),
        ("k15,c1,f1,2025-02-01,,invite,0,weekly,active,", "unknown pricing"),
        ("k16,c1,f1,2025-02-01,,invite,0,hourly,paused,", "unknown status"),
        ("k17,c1,f1,2025-02-01,,invite,0,hourly,completed,never", "unparseable ended_at"),
        ("k18,c1,f1,2025-02-01,,,0,hourly,active,", "missing hire_type"),
        ("k19,c1,f1,2025-02-01,,invite,0,,active,", "missing pricing"),
        ("k20,c1,f1,2025-02-01,,invite,0,hourly,,", "missing status"),
        ("k1,c1,f1,2025-03-01,,invite,0,fixed,active,", "duplicate contract_id"),
    ],
)

PAYMENTS: tuple[str, Rows] = (
    "payment_id,contract_id,ts,amount,currency,kind,instrument_id",
    [
        ("p1,k1,2025-02-08,400.00,USD,hourly,card-1", None),
        ("p2,k2,2025-02-10,1200,usd,milestone,card-2", None),
        ("p3,k1,2025-02-15,50,USD,refund,card-1", None),
        (",k1,2025-02-08,10,USD,hourly,", "missing payment_id"),
        ("p4,,2025-02-08,10,USD,hourly,", "missing contract_id"),
        ("p5,k999,2025-02-08,10,USD,hourly,", "unknown contract_id"),
        ("p6,k5,2025-02-08,10,USD,hourly,", "contract_id refers to a quarantined contract"),
        ("p7,k1,,10,USD,hourly,", "missing ts"),
        ("p8,k1,tomorrow,10,USD,hourly,", "unparseable ts"),
        ("p9,k1,2025-02-08,,USD,hourly,", "missing amount"),
        ('p10,k1,2025-02-08,"12,50",USD,hourly,', "unparseable amount"),
        ("p11,k1,2025-02-08,0,USD,hourly,", "non-positive amount"),
        ("p12,k1,2025-02-08,-5,USD,hourly,", "non-positive amount"),
        ("p13,k1,2025-02-08,10,,hourly,", "missing currency"),
        ("p14,k1,2025-02-08,10,dollars,hourly,", "currency is not an ISO 4217 code"),
        ("p15,k1,2025-02-08,10,USD,,", "missing kind"),
        ("p16,k1,2025-02-08,10,USD,tip,", "unknown kind"),
        ("p1,k1,2025-02-09,999,USD,hourly,card-1", "duplicate payment_id"),
    ],
)

MESSAGES: tuple[str, Rows] = (
    "message_id,contract_id,sender_id,recipient_id,ts,body",
    [
        ('m1,k1,c1,f1,2025-02-01T12:00:00Z,"Welcome! Invoice INV-2025-0042 is $400.00"', None),
        ("m2,,f1,c1,2025-01-31T08:00:00Z,Hi - I can start Monday", None),
        (",k1,c1,f1,2025-02-01,hello", "missing message_id"),
        ("m3,k999,c1,f1,2025-02-01,hello", "unknown contract_id"),
        ("m4,k5,c1,f1,2025-02-01,hello", "contract_id refers to a quarantined contract"),
        ("m5,k1,,f1,2025-02-01,hello", "missing sender_id"),
        ("m6,k1,ghost,f1,2025-02-01,hello", "unknown sender_id"),
        ("m7,k1,c1,,2025-02-01,hello", "missing recipient_id"),
        ("m8,k1,c1,x2,2025-02-01,hello", "recipient_id refers to a quarantined account"),
        ("m9,k1,c1,f1,,hello", "missing ts"),
        ("m10,k1,c1,f1,noon,hello", "unparseable ts"),
        ("m11,k1,c1,f1,2025-02-01,", "missing body"),
        ("m1,k1,c1,f1,2025-02-02,again", "duplicate message_id"),
    ],
)

LABELS: tuple[str, Rows] = (
    "account_id,label,pattern,case_key,decided_at",
    [
        ("c1,fraud,ring,ring:shared_card:001,2025-06-01", None),
        ("f1,Legit,,,", None),
        (",fraud,ring,,", "missing account_id"),
        ("ghost,fraud,ring,,", "unknown account_id"),
        ("c1,,ring,,", "missing label"),
        ("c1,maybe,ring,,", "unknown label"),
        ("c1,fraud,ring,ring:shared_card:001,someday", "unparseable decided_at"),
    ],
)

TABLES: dict[str, tuple[str, Rows]] = {
    "accounts": ACCOUNTS,
    "logins": LOGINS,
    "contracts": CONTRACTS,
    "payments": PAYMENTS,
    "messages": MESSAGES,
    "labels": LABELS,
}


# The bad-input folder quarantines far more than a real export may (7 of 12 accounts): a run over
# it needs the circuit breaker opened wide, or it stops before the detectors.
LENIENT = {"ingest": {f"max_quarantined_share_{table}": 1.0 for table in TABLES}}


def lenient_params_file(path: Path) -> Path:
    """A parameter file with ``LENIENT``, for ``ringwatch run --params``."""
    lines = ["[ingest]", *(f"{key} = {value}" for key, value in LENIENT["ingest"].items())]
    path.write_text("\n".join(lines) + "\n")
    return path


def lenient_params() -> RunParams:
    return RunParams.defaults().with_overrides(LENIENT)


def write_csv_folder(folder: Path, tables: dict[str, tuple[str, Rows]] = TABLES) -> Path:
    """Write each table as <folder>/<table>.csv and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (header, rows) in tables.items():
        lines = [header, *(line for line, _ in rows)]
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n")
    return folder


def expected_quarantine(table: str) -> list[tuple[int, str]]:
    """(source_row, reason) for every bad row of ``table``, in file order."""
    _, rows = TABLES[table]
    return [(i + 1, reason) for i, (_, reason) in enumerate(rows) if reason is not None]


def expected_staged(table: str) -> int:
    _, rows = TABLES[table]
    return sum(1 for _, reason in rows if reason is None)


CSV_HEADERS = {
    "accounts": "account_id,role,created_at,country",
    "logins": "account_id,ts,ip,device_id",
    "contracts": "contract_id,client_id,freelancer_id,created_at,job_posted_at,hire_type,"
    "proposals,pricing,status,ended_at",
    "payments": "payment_id,contract_id,ts,amount,currency,kind,instrument_id",
    "messages": "message_id,contract_id,sender_id,recipient_id,ts,body",
}


def valid_tables(
    rows: dict[str, list[str]], headers: dict[str, str] | None = None
) -> dict[str, tuple[str, Rows]]:
    """Hand-made marketplace rows (all valid) in the shape ``write_csv_folder`` takes; every
    table of CSV_HEADERS is written, empty when ``rows`` has none."""
    headers = {**CSV_HEADERS, **(headers or {})}
    return {table: (headers[table], [(r, None) for r in rows.get(table, [])]) for table in headers}


def staged_connection(folder: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory database with every table of ``folder`` staged and the identifiers built."""
    con = db.connect()
    for table in TABLES:
        ingest_table(con, folder, table)
    build_account_identifiers(con)
    return con
