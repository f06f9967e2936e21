"""Drop-off scoring on a small hand-made marketplace: the sequence matters, not the contact."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pytest

from analytics.patterns import run_detectors
from tests.bad_input import staged_connection, valid_tables, write_csv_folder

START = datetime(2025, 1, 6, 9, 0)


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _marketplace() -> dict[str, tuple[str, list[tuple[str, str | None]]]]:
    accounts, logins, contracts, payments, messages = [], [], [], [], []

    def pair(name: str, contact_week: int | None, body: str, paid_weeks: int) -> None:
        """30 weeks of weekly workroom messages; weekly billing for ``paid_weeks`` weeks."""
        client, freelancer, contract = f"{name}c", f"{name}f", f"{name}k"
        accounts.append(f"{client},client,2024-12-01,US,{name}.client@example.com")
        accounts.append(f"{freelancer},freelancer,2024-12-01,US,{name}.dev@gmail.com")
        contracts.append(f"{contract},{client},{freelancer},{_iso(START)},,invite,1,hourly,active,")
        for week in range(paid_weeks):
            when = _iso(START + timedelta(weeks=week, days=6))
            payments.append(f"{contract}-p{week},{contract},{when},500.00,USD,hourly,card-{client}")
        for week in range(30):
            when = _iso(START + timedelta(weeks=week, days=2))
            text = f"Status update: sprint {week} done; invoice INV-2025-{week:04d} is $500.00"
            messages.append(f'{contract}-m{week},{contract},{freelancer},{client},{when},"{text}"')
            logins.append(f"{client},{when},81.{len(name)}.0.1,")
        if contact_week is not None:
            when = _iso(START + timedelta(weeks=contact_week, days=1))
            messages.append(f'{contract}-c,{contract},{freelancer},{client},{when},"{body}"')

    # Weekly billing stops after the freelancer shares a disguised email and asks to go direct.
    pair(
        "drop", 8, "let's go direct to avoid the fees - my email: drop dot dev at gmail dot com", 8
    )
    # Contact shared for a shared document; weekly billing goes on.
    pair("keep", 8, "I shared the doc with keep.dev@gmail.com, please add comments there", 30)
    # A contract that simply goes on with no contact shared at all.
    pair("plain", None, "", 30)
    return valid_tables(
        {
            "accounts": accounts,
            "logins": logins,
            "contracts": contracts,
            "payments": payments,
            "messages": messages,
        },
        headers={"accounts": "account_id,role,created_at,country,email"},
    )


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    folder = write_csv_folder(tmp_path_factory.mktemp("dropoff"), _marketplace())
    con = staged_connection(folder)
    run_detectors(con, ("contact_dropoff",))
    return con


def test_payments_stopping_after_contact_rank_first(scored: duckdb.DuckDBPyConnection) -> None:
    rows = scored.execute(
        "select case_key, score from scores.contact_dropoffs order by score desc"
    ).fetchall()
    assert [key for key, _ in rows] == ["cd-dropc-dropf", "cd-keepc-keepf"]
    assert rows[0][1] >= 0.8
    assert rows[1][1] == 0  # contact alone is not the offence


def test_reasons_carry_the_evidence(scored: duckdb.DuckDBPyConnection) -> None:
    accounts, reasons, contracts = scored.execute(
        "select account_ids, reasons, contract_ids from scores.contact_dropoffs "
        "where case_key = 'cd-dropc-dropf'"
    ).fetchone()
    assert accounts == ["dropf", "dropc"]  # the freelancer shared the contact
    assert contracts == ["dropk"]
    assert reasons[0].startswith("email shared in message dropk-c on 2025-03-04 (disguised)")
    assert "drop" not in reasons[0].split(":", 1)[1].replace("dr***", "")  # the address is masked
    assert any(
        r.startswith(
            "paid 491 a week on the platform before (8 payments over 8.1 weeks), "
            "0 a week after (0 payments over 21.7 weeks)"
        )
        for r in reasons
    )
    assert any(r.startswith("still talking after the last payment") for r in reasons)
    assert "an hourly contract billed weekly stopped billing" in reasons
    assert "the messages ask to pay or talk off the platform" in reasons


def test_timeline_numbers(scored: duckdb.DuckDBPyConnection) -> None:
    row = scored.execute(
        "select payments_before, payments_after, paid_after, messages_after_last_payment > 5, "
        "matches_account from features.contact_dropoff where client_id = 'dropc'"
    ).fetchone()
    assert row == (8, 0, 0, True, True)
