"""Immediate hires on a small hand-made marketplace: planted cases on top, look-alikes low."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from analytics.detectors import identifier_evidence, immediate_hire
from analytics.patterns import run_detectors
from analytics.quality import scores_well_formed
from pipelines.assets.detectors import detector_assets
from pipelines.assets.staging import account_identifiers, ingest_assets
from pipelines.checks import detector_checks
from pipelines.definitions import resources_for
from tests.bad_input import staged_connection, valid_tables, write_csv_folder

T0 = datetime(2025, 3, 1)
PLANTED = {"ih-k-dev", "ih-k-ip", "ih-k-time", "ih-k-big", "ihh-f-hub"}


def _ts(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def _marketplace() -> dict[str, tuple[str, list[tuple[str, str | None]]]]:
    """Five planted immediate hires, three honest look-alikes, and ordinary background hiring."""
    accounts, logins, contracts, payments = [], [], [], []

    def account(aid: str, role: str, created: datetime) -> None:
        accounts.append(f"{aid},{role},{_ts(created)},US")

    def login(aid: str, at: datetime, ip: str, device: str = "") -> None:
        logins.append(f"{aid},{_ts(at)},{ip},{device}")

    def contract(
        cid: str,
        client: str,
        freelancer: str,
        hired: datetime,
        hire: str,
        proposals: int | None,
        paid: list[tuple[datetime, float]],
        posted: datetime | None = None,
        pricing: str = "fixed",
        card: str | None = None,
    ) -> None:
        posted_text = _ts(posted) if posted else ""
        count = "" if proposals is None else str(proposals)
        contracts.append(
            f"{cid},{client},{freelancer},{_ts(hired)},{posted_text},{hire},{count},{pricing},"
            "completed,"
        )
        for i, (at, amount) in enumerate(paid):
            instrument = card or f"card-{client}"
            payments.append(f"{cid}-p{i},{cid},{_ts(at)},{amount},USD,milestone,{instrument}")

    def weekly(start: datetime, weeks: int, amount: float) -> list[tuple[datetime, float]]:
        return [(start + timedelta(weeks=w + 1), amount) for w in range(weeks)]

    old = T0 - timedelta(days=200)
    # Background: established clients hiring established freelancers through competitive posts.
    for i in range(30):
        account(f"bc{i}", "client", old + timedelta(days=i))
        account(f"bf{i}", "freelancer", old + timedelta(days=i))
        for week in range(0, 17, 4):
            login(f"bc{i}", T0 + timedelta(weeks=week, hours=i), f"82.0.{i}.1", f"bcdev{i}")
            login(f"bf{i}", T0 + timedelta(weeks=week, hours=i), f"82.1.{i}.1", f"bfdev{i}")
        hired = T0 + timedelta(days=i % 10)
        contract(
            f"bk{i}", f"bc{i}", f"bf{i}", hired, "job_post", 8 + i,
            weekly(hired, 4, 200.0 + 20 * i), posted=hired - timedelta(days=2),
        )  # fmt: skip
    for f in ("f-dev", "f-ip", "f-time", "f-big", "f-hub", "f-comp", "f-direct", "f-nat"):
        account(f, "freelancer", old)
        for week in range(0, 17, 2):
            login(f, T0 + timedelta(weeks=week), f"83.0.{len(logins) % 250}.9", f"dev-{f}")

    # Same device: the client is made on the freelancer's laptop, hires 4 minutes later.
    at = T0 + timedelta(days=4, hours=10)
    account("c-dev", "client", at)
    login("c-dev", at, "84.0.0.1", "d-3a")
    login("f-dev", at - timedelta(days=1), "83.1.0.1", "d-3a")
    contract(
        "k-dev", "c-dev", "f-dev", at + timedelta(minutes=4), "invite", 0,
        [(at + timedelta(days=1), 150.0)],
    )  # fmt: skip
    # Same IP at sign-up: the client signs up from the freelancer's home network.
    at = T0 + timedelta(days=5, hours=12)
    account("c-ip", "client", at)
    login("c-ip", at, "84.1.1.1", "dev-c-ip")
    login("f-ip", at - timedelta(minutes=30), "84.1.1.1", "dev-f-ip")
    contract(
        "k-ip", "c-ip", "f-ip", at + timedelta(minutes=10), "direct_contract", None,
        [(at + timedelta(days=2), 90.0)],
    )  # fmt: skip
    # Timing only: nothing shared, but minutes old, an invite, one payment, then silence.
    at = T0 + timedelta(days=6, hours=9)
    account("c-time", "client", at)
    login("c-time", at, "84.2.2.2", "dev-c-time")
    contract(
        "k-time", "c-time", "f-time", at + timedelta(minutes=15), "invite", 1,
        [(at + timedelta(days=1), 120.0)],
    )  # fmt: skip
    # Big first payment: 1,900 an hour after a six-minute-old client hires.
    at = T0 + timedelta(days=7, hours=15)
    account("c-big", "client", at)
    login("c-big", at, "84.3.3.3", "dev-c-big")
    contract(
        "k-big", "c-big", "f-big", at + timedelta(minutes=6), "invite", 0,
        [(at + timedelta(hours=1), 1900.0)],
    )  # fmt: skip
    # A freelancer hub: three fresh clients over two weeks, each hiring within minutes; the
    # last two pay with the same card, and the last also signs up on the freelancer's laptop (a
    # contract sharing two kinds is still one contract of the hub).
    for i, minutes in enumerate((5, 12, 20)):
        at = T0 + timedelta(days=10 + 7 * i, hours=8)
        client = f"c-hub{i}"
        account(client, "client", at)
        login(client, at, f"84.4.{i}.1", "dev-f-hub" if i == 2 else f"dev-{client}")
        contract(
            f"k-hub{i}", client, "f-hub", at + timedelta(minutes=minutes),
            "invite" if i % 2 else "direct_contract", 0, [(at + timedelta(days=1), 100.0 + i)],
            card="card-hub" if i else None,
        )  # fmt: skip
    # ... who also has an ordinary client: not part of the hub case.
    contract(
        "k-hub-old", "bc0", "f-hub", T0 + timedelta(days=3), "job_post", 12,
        weekly(T0 + timedelta(days=3), 3, 300.0), posted=T0,
    )  # fmt: skip

    # A popular freelancer: every background client hired them too, and two fresh clients did
    # (one-off jobs, then silence). Two fresh clients among 32 is what chance gives here.
    account("f-pop", "freelancer", old)
    for i in range(30):
        contract(
            f"kp{i}", f"bc{i}", "f-pop", T0 + timedelta(days=20 + i % 7), "job_post", 9, [],
            posted=T0 + timedelta(days=19),
        )  # fmt: skip
    for i in range(2):
        at = T0 + timedelta(days=30 + 9 * i, hours=14)
        account(f"c-pop{i}", "client", at)
        login(f"c-pop{i}", at, f"84.5.{i}.1", f"dev-c-pop{i}")
        contract(
            f"k-pop{i}", f"c-pop{i}", "f-pop", at + timedelta(minutes=25), "invite", 0,
            [(at + timedelta(days=1), 80.0)],
        )  # fmt: skip

    # Hard negative: a brand-new client posts a job and hires among 30 proposals, fast.
    at = T0 + timedelta(days=8, hours=8)
    account("c-comp", "client", at)
    for week in range(12):
        login("c-comp", at + timedelta(weeks=week), "85.0.0.1", "dev-c-comp")
    hired = at + timedelta(minutes=80)
    contract(
        "k-comp", "c-comp", "f-comp", hired, "job_post", 30, weekly(hired, 10, 400.0),
        posted=at + timedelta(minutes=10), pricing="hourly",
    )  # fmt: skip
    # Hard negative: an existing relationship brought on with a direct contract, nothing shared,
    # weekly payments for months.
    at = T0 + timedelta(days=9, hours=10)
    account("c-direct", "client", at)
    for week in range(14):
        login("c-direct", at + timedelta(weeks=week), "85.1.1.1", "dev-c-direct")
    hired = at + timedelta(minutes=40)
    contract(
        "k-direct", "c-direct", "f-direct", hired, "direct_contract", None,
        weekly(hired, 12, 500.0), pricing="hourly",
    )  # fmt: skip
    # Hard negative: a fresh client behind the same carrier-grade NAT address as the freelancer
    # (and as a dozen strangers): proves nothing.
    at = T0 + timedelta(days=11, hours=10)
    account("c-nat", "client", at)
    for week in range(14):
        login("c-nat", at + timedelta(weeks=week), "100.64.7.7", "dev-c-nat")
    login("f-nat", at + timedelta(minutes=20), "100.64.7.7", "dev-f-nat")
    for i in range(12):
        login(f"bc{i}", at + timedelta(hours=i), "100.64.7.7", f"bcdev{i}")
    hired = at + timedelta(minutes=30)
    contract(
        "k-nat", "c-nat", "f-nat", hired, "invite", 0, weekly(hired, 12, 450.0), pricing="hourly"
    )
    return valid_tables(
        {
            "accounts": accounts,
            "logins": logins,
            "contracts": contracts,
            "payments": payments,
        }
    )


@pytest.fixture(scope="module")
def hires(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    folder = write_csv_folder(tmp_path_factory.mktemp("market"), _marketplace())
    con = staged_connection(folder)
    run_detectors(con, ("immediate_hire",))
    return con


def _case(con: duckdb.DuckDBPyConnection, case_id: str) -> dict[str, object]:
    rel = con.sql(f"select * from scores.immediate_hires where case_id = '{case_id}'")
    row = rel.fetchone()
    assert row is not None, case_id
    return dict(zip(rel.columns, row, strict=True))


def test_planted_cases_rank_on_top(hires: duckdb.DuckDBPyConnection) -> None:
    ranked = [r[0] for r in hires.execute("select case_id from scores.immediate_hires").fetchall()]
    assert set(ranked[: len(PLANTED)]) == PLANTED
    assert scores_well_formed(hires, "scores.immediate_hires", "case_id").passed


def test_look_alikes_score_low(hires: duckdb.DuckDBPyConnection) -> None:
    scores = dict(hires.execute("select case_id, score from scores.immediate_hires").fetchall())
    assert scores["ih-k-comp"] < 0.01  # 30 proposals: competitive, however fast
    assert scores["ih-k-direct"] < 0.15  # nothing shared, paid week after week
    assert scores["ih-k-nat"] < 0.15  # the shared address is a carrier NAT
    assert min(scores[c] for c in PLANTED) > 2 * max(
        scores[c] for c in ("ih-k-comp", "ih-k-direct", "ih-k-nat")
    )
    assert not any(key.startswith("ih-bk") for key in scores)  # old clients are no candidates


def test_carrier_nat_is_no_link(hires: duckdb.DuckDBPyConnection) -> None:
    nat = _case(hires, "ih-k-nat")
    assert nat["shared_kinds"] == []
    assert nat["link"] == 0
    assert not any("100.64.7.7" in r for r in nat["reasons"])
    assert "client still active 90 days after the hire, paid in 12 weeks" in nat["reasons"]


def test_shared_device_reasons_carry_the_numbers(hires: duckdb.DuckDBPyConnection) -> None:
    case = _case(hires, "ih-k-dev")
    assert case["account_ids"] == ["f-dev", "c-dev"]
    assert case["contract_ids"] == ["k-dev"]
    assert case["reasons"][0] == "client created 4 min before hiring f-dev by invite, 0 proposals"
    assert case["reasons"][1] == (
        "client logged in from the freelancer's device d-3a (shared by 2 accounts)"
    )
    assert "first and only contract of the client" in case["reasons"]
    assert case["score"] > 0.6


def test_shared_ip_at_sign_up(hires: duckdb.DuckDBPyConnection) -> None:
    case = _case(hires, "ih-k-ip")
    assert case["shared_kinds"] == ["ip"]
    assert case["reasons"][0] == (
        "client created 10 min before hiring f-ip by direct contract, proposals not recorded"
    )
    # the IP (kind weight 0.6, one value for every detector) and the client going quiet weigh
    # about the same: both come right after the gate
    assert set(case["reasons"][1:3]) == {
        "client and freelancer both used IP 84.1.1.1 within 24 h of the client's sign-up or "
        "the hire (shared by 2 accounts)",
        "client went quiet 48 h after the hire",
    }


def test_big_first_payment(hires: duckdb.DuckDBPyConnection) -> None:
    case = _case(hires, "ih-k-big")
    assert case["money"] > 0.9
    assert any(r.startswith("1,900 paid in the first 7 days (largest payment 1,900") for r in
               case["reasons"])  # fmt: skip
    assert case["score"] > _case(hires, "ih-k-time")["score"]


def test_hub_is_one_case(hires: duckdb.DuckDBPyConnection) -> None:
    hub = _case(hires, "ihh-f-hub")
    assert hub["case_kind"] == "freelancer_hub"
    assert hub["account_ids"][0] == "f-hub"
    assert set(hub["account_ids"]) == {"f-hub", "c-hub0", "c-hub1", "c-hub2"}
    assert sorted(hub["contract_ids"]) == ["k-hub0", "k-hub1", "k-hub2"]  # each once
    assert hub["reasons"][0].startswith(
        "3 fresh clients hired f-hub within 60 min of signing up, without competition, over 14"
    )
    assert hub["shared_kinds"] == ["device", "instrument"]
    assert (
        "2 of 3 contracts linked by rare identifiers: client pays with instrument card-hub, also "
        "used by other clients of the freelancer (shared by 2 accounts); client logged in from "
        "the freelancer's device dev-f-hub (shared by 2 accounts)"
    ) in hub["reasons"]
    singles = hires.execute(
        "select count(*) from scores.immediate_hires where case_id like 'ih-k-hub%'"
    ).fetchone()[0]
    assert singles == 0
    assert hub["score"] > max(_case(hires, f"ih-k-{s}")["score"] for s in ("time",))
    fresh = hires.execute(
        "select fresh_clients, fresh_span_days, fresh_client_ids "
        "from features.freelancer_fresh_clients where freelancer_id = 'f-hub'"
    ).fetchone()
    assert fresh[0] == 3 and 14 <= fresh[1] < 14.1
    assert fresh[2] == ["c-hub0", "c-hub1", "c-hub2"]


def test_popular_freelancer_gets_no_hub_bonus(hires: duckdb.DuckDBPyConnection) -> None:
    popular = _case(hires, "ihh-f-pop")
    assert popular["breadth"] == 0  # more fresh clients were expected by chance than it had
    assert popular["account_ids"][0] == "f-pop"
    assert set(popular["contract_ids"]) == {"k-pop0", "k-pop1"}  # not its 30 ordinary contracts
    assert popular["reasons"][0].endswith("2 of its 32 clients, 4.8 expected by chance")
    assert popular["score"] < _case(hires, "ihh-f-hub")["score"]


def test_funnel_columns(hires: duckdb.DuckDBPyConnection) -> None:
    row = hires.execute(
        "select minutes_to_hire, minutes_to_post, is_first_contract, client_contracts, "
        "no_competition, fresh_immediate, paid_early, share_of_client_paid "
        "from features.hire_funnel where contract_id = 'k-comp'"
    ).fetchone()
    assert row == (80.0, 10.0, True, 1, False, False, 0, 1)  # first payment a week later
    other = hires.execute(
        "select client_other_freelancers, client_paid_elsewhere from features.hire_funnel "
        "where contract_id = 'k-hub-old'"
    ).fetchone()
    assert other == (2, 800)  # bf0 (paid 800) and f-pop (paid nothing)


def test_dagster_assets_materialize_and_checks_pass(tmp_path: Path) -> None:
    folder = write_csv_folder(tmp_path / "input", _marketplace())
    db_file = tmp_path / "ringwatch.duckdb"
    result = dg.materialize(
        [
            *ingest_assets,
            account_identifiers,
            *detector_assets(identifier_evidence.DETECTOR),
            *detector_assets(immediate_hire.DETECTOR),
            *detector_checks(immediate_hire.DETECTOR),
        ],
        resources=resources_for(str(folder), str(db_file)),
    )
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    assert {e.check_name for e in evaluations} == {
        "scores_well_formed",
        "contracts_in_one_case",
        "fresh_share_plausible",
    }
    assert all(e.passed for e in evaluations if e.check_name != "fresh_share_plausible")
    scores = result.asset_materializations_for_node("scores__immediate_hires")[0]
    assert scores.metadata["dagster/row_count"].value == 9
    assert scores.metadata["cases_by_kind"].value == {"contract": 7, "freelancer_hub": 2}
    con = duckdb.connect(str(db_file), read_only=True)
    comment = con.execute(
        "select comment from duckdb_columns() where schema_name = 'scores' "
        "and table_name = 'immediate_hires' and column_name = 'case_id'"
    ).fetchone()[0]
    assert comment.startswith("stable case key")
