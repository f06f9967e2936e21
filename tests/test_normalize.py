"""Normalization of the identifiers that link accounts, on real messy inputs."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from analytics.identifiers import build_account_identifiers
from analytics.normalize import ip_lookup, normalize_phone, phone_line_type, phone_lookup


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("J.O.H.N+x@GoogleMail.com", "john@gmail.com"),
        ("john@gmail.com", "john@gmail.com"),
        ("  Jane.Doe@Example.COM ", "jane.doe@example.com"),  # dots matter outside Gmail
        ("bob+freelance@outlook.com", "bob@outlook.com"),
        ("j.o.h.n@gmail.com.", "john@gmail.com"),  # trailing dot of the domain
        ("jo\u200bhn@gmail.com", "john@gmail.com"),  # zero-width space
        ("Ann Lee@Yahoo.com", "annlee@yahoo.com"),  # stray white space inside
        ("not an email", None),
        ("a@b", None),
        ("+tag@gmail.com", None),
        ("two@at@signs.com", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_email(
    con: duckdb.DuckDBPyConnection, raw: str | None, expected: str | None
) -> None:
    assert con.execute("select normalize_email(?)", [raw]).fetchone()[0] == expected


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("0044 20 7946 0018", "GB", "+442079460018"),
        ("0044 20 7946 0018", "US", "+442079460018"),  # 00 read as international prefix
        ("020 7946 0018", "GB", "+442079460018"),
        ("+44 20 7946 0018", None, "+442079460018"),
        ("(415) 555-0100", "US", "+14155550100"),
        ("415.555.0100", "US", "+14155550100"),
        ("+1 (415) 555-0100", "DE", "+14155550100"),  # explicit country code wins
        ("1-415-555-0100", "US", "+14155550100"),
        ("07700 900123", "GB", "+447700900123"),  # possible, not assigned: still links
        ("098765 43210", "IN", "+919876543210"),
        ("0917 123 4567", "PH", "+639171234567"),
        ("(415) 555-0100", None, None),  # national format with no region
        ("n/a", "US", None),
        ("12", "US", None),
        ("", "US", None),
    ],
)
def test_normalize_phone(raw: str, country: str | None, expected: str | None) -> None:
    assert normalize_phone(raw, country) == expected


def test_phone_line_type() -> None:
    assert phone_line_type("+447700900123") == "unassigned"  # UK drama range
    assert phone_line_type("+447400123456") == "mobile"
    assert phone_line_type("+442079460018") == "fixed_line"


def test_large_phone_lookups_run_in_parallel_with_the_same_result() -> None:
    pairs = pl.DataFrame(
        {
            "phone": [f"(415) 555-{i:04d}" for i in range(2_000)] + ["n/a"],
            "country": ["US"] * 2_000 + ["US"],
        }
    )
    serial = phone_lookup(pairs, workers=1)
    parallel = phone_lookup(pairs, workers=2, parallel_from=100)
    assert serial.equals(parallel)
    assert parallel["phone_e164"][1] == "+14155550001"
    assert parallel["phone_e164"][-1] is None


@pytest.mark.parametrize(
    ("raw", "ip", "network", "ip_class"),
    [
        ("192.168.001.001", "192.168.1.1", "192.168.1.0/24", "private"),
        ("10.2.3.4", "10.2.3.4", "10.2.3.0/24", "private"),
        ("172.20.0.1", "172.20.0.1", "172.20.0.0/24", "private"),
        ("100.64.0.1", "100.64.0.1", "100.64.0.0/24", "carrier_grade_nat"),
        ("100.127.255.254", "100.127.255.254", "100.127.255.0/24", "carrier_grade_nat"),
        ("100.128.0.1", "100.128.0.1", "100.128.0.0/24", "public"),
        ("127.0.0.1", "127.0.0.1", "127.0.0.0/24", "loopback"),
        ("81.2.69.160", "81.2.69.160", "81.2.69.0/24", "public"),
        (
            "2001:0DB8:0000:0000:0000:0000:0000:0001",
            "2001:db8::1",
            "2001:db8::/64",
            "documentation",
        ),
        (
            "2a00:1450:4001:080b:0000:0000:0000:200e",
            "2a00:1450:4001:80b::200e",
            "2a00:1450:4001:80b::/64",
            "public",
        ),
        ("::ffff:81.2.69.160", "81.2.69.160", "81.2.69.0/24", "public"),
        ("fd12:3456::1", "fd12:3456::1", "fd12:3456::/64", "private"),
        ("fe80::1%eth0", "fe80::1", "fe80::/64", "link_local"),
    ],
)
def test_ip_lookup(raw: str, ip: str, network: str, ip_class: str) -> None:
    row = ip_lookup(pl.Series([raw])).row(0, named=True)
    assert (row["ip"], row["ip_network"], row["ip_class"]) == (ip, network, ip_class)


@pytest.mark.parametrize(
    "raw", ["999.1.1.1", "1.2.3", "1.2.3.4.5", "example.com", "::g", "1.2.3.-4"]
)
def test_ip_lookup_rejects_non_addresses(raw: str) -> None:
    assert ip_lookup(pl.Series([raw])).row(0, named=True)["ip"] is None


def test_identifiers_carry_rarity_and_class(ingested: duckdb.DuckDBPyConnection) -> None:
    summary = build_account_identifiers(ingested)
    rows = {
        (a, k): (v, c, n)
        for a, k, v, c, n in ingested.execute(
            "select account_id, kind, value, value_class, n_accounts "
            "from staging.account_identifiers"
        ).fetchall()
    }
    # c1 and c2 typed the same phone differently; c1 and c2 share a device in two cases.
    assert rows[("c1", "phone")] == ("+14155550100", "fixed_line_or_mobile", 2)
    assert rows[("c2", "phone")] == ("+14155550100", "fixed_line_or_mobile", 2)
    assert rows[("c1", "device")] == ("dev-a", None, 2)
    assert rows[("c1", "email")] == ("john@gmail.com", "free_mail", 1)
    assert rows[("f1", "email")] == ("jane.doe@example.com", "own_domain", 1)
    assert rows[("c2", "ip")] == ("100.64.12.9", "carrier_grade_nat", 1)
    assert rows[("c2", "ip_network")] == ("100.64.12.0/24", "carrier_grade_nat", 1)
    assert rows[("c1", "instrument")] == ("card-1", None, 1)
    assert ("f1", "instrument") not in rows  # instruments belong to the paying client
    assert summary.phones_not_parsed == 1  # c3's national number without a country
    assert summary.by_kind["phone"]["shared_values"] == 1
