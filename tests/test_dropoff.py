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

    def pair(
        name: str,
        contact_week: int | None,
        body: str,
        paid_weeks: int,
        later: tuple[tuple[int, str], ...] = (),
    ) -> None:
        """30 weeks of weekly workroom messages; weekly billing for ``paid_weeks`` weeks; more
        messages from the freelancer in ``later`` (week, body)."""
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
        for number, (week, text) in enumerate(later):
            when = _iso(START + timedelta(weeks=week, days=3))
            messages.append(
                f'{contract}-l{number},{contract},{freelancer},{client},{when},"{text}"'
            )

    # Weekly billing stops after the freelancer shares a disguised email and asks to go direct.
    pair(
        "drop", 8, "let's go direct to avoid the fees - my email: drop dot dev at gmail dot com", 8
    )
    # Contact shared for a shared document; weekly billing goes on.
    pair("keep", 8, "I shared the doc with keep.dev@gmail.com, please add comments there", 30)
    # A contract that simply goes on with no contact shared at all.
    pair("plain", None, "", 30)
    # A number shared early while billing goes on; weeks later a handle, after which billing
    # stops and the messages name the other channel: judged at the second event, not the first.
    pair(
        "late",
        3,
        "call me on +1 415 555 0134 if the build breaks",
        14,
        (
            (14, "add me on telegram: @late_dev_42, easier to talk there"),
            (15, "replied on telegram, check it"),
            (17, "sent the files to your email"),
        ),
    )
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
    assert {key for key, _ in rows[:2]} == {"cd-dropc-dropf", "cd-latec-latef"}
    assert rows[0][1] >= 0.8 and rows[1][1] >= 0.7
    assert dict(rows)["cd-keepc-keepf"] == 0  # contact alone is not the offence


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


def test_the_drop_is_judged_at_the_sharing_event_that_matters(
    scored: duckdb.DuckDBPyConnection,
) -> None:
    row = scored.execute(
        "select first_contact_message_id, judged_message_id, judged_event_number, "
        "sharing_events, payments_before, payments_after, drop, channel_mentions, "
        "channel_mention_ids from features.contact_dropoff where client_id = 'latec'"
    ).fetchone()
    assert row[:6] == ("latek-c", "latek-l0", 2, 2, 14, 0)
    assert row[6] == 1.0
    assert row[7:] == (2, ["latek-l1", "latek-l2"])
    (reasons,) = scored.execute(
        "select reasons from scores.contact_dropoffs where case_key = 'cd-latec-latef'"
    ).fetchone()
    assert reasons[0].startswith("telegram shared in message latek-l0")
    assert any(
        r.startswith(
            "judged at sharing event 2 of 2: payments went on after the first (phone in "
            "message latek-c"
        )
        for r in reasons
    )
    assert (
        'after the contact, 2 messages name the other channel: latek-l1 "replied on telegram", '
        'latek-l2 "sent the files to your email"'
    ) in reasons


def test_a_stop_is_judged_against_how_honest_pairs_billed_alike_stop(
    scored: duckdb.DuckDBPyConnection,
) -> None:
    strata = scored.execute(
        "select hourly, open_contract, paid_weeks_band, pairs, stops "
        "from features.payment_stop_rates order by all"
    ).fetchall()
    # hourly pairs with open contracts: drop (8 paid weeks) and late (14) stopped while talking
    assert strata == [(True, True, "long", 3, 1), (True, True, "medium", 1, 1)]
    rate, chance, events = scored.execute(
        "select weekly_stop_rate, stop_by_chance, sharing_events from features.contact_dropoff "
        "where client_id = 'latec'"
    ).fetchone()
    assert 0 < rate < 0.1
    assert chance == pytest.approx(1 - (1 - rate) ** (1 * events), abs=1e-4)
    (reasons,) = scored.execute(
        "select reasons from scores.contact_dropoffs where case_key = 'cd-dropc-dropf'"
    ).fetchone()
    assert any(
        r.startswith("pairs billed like this one (hourly, an open contract, ") for r in reasons
    )


def test_a_work_artefact_is_no_sharing_event(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The same marketplace with the drop pair's address judged a work artefact: no case."""
    folder = write_csv_folder(tmp_path_factory.mktemp("artefact"), _marketplace())
    con = staged_connection(folder)
    run_detectors(con, ("contact_dropoff",))
    con.execute(
        "update features.message_contacts set personal = false, "
        "personal_evidence = 'given as configuration' "
        "where message_id = 'dropk-c' and kind <> 'solicitation'"
    )
    con.execute(
        "delete from features.message_contacts where message_id = 'dropk-c' "
        "and kind = 'solicitation'"
    )
    from analytics.detectors.contact_dropoff import DETECTOR
    from analytics.run_params import RunParams

    for step in DETECTOR.steps[1:]:
        step.build(con, RunParams.defaults())
    keys = [k for (k,) in con.execute("select case_key from scores.contact_dropoffs").fetchall()]
    assert "cd-dropc-dropf" not in keys and "cd-latec-latef" in keys
    rows = con.execute("select * from features.contact_dropoff where client_id = 'dropc'")
    assert rows.fetchall() == []  # no row at all: sharing a work address is not sharing
