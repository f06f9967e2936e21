"""The Dagster layer and the command line, against temporary DuckDB files."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.cli import main
from pipelines.definitions import all_assets, all_checks, daily_refresh, defs, resources_for
from pipelines.display import LineDisplay
from pipelines.progress import StageEvent, stage_names
from tests.bad_input import TABLES, expected_staged, lenient_params, lenient_params_file


def test_definitions_load_with_a_stopped_daily_schedule() -> None:
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert {f"staging/{t}" for t in TABLES} | {"staging/account_identifiers"} <= keys
    assert daily_refresh.default_status == dg.DefaultScheduleStatus.STOPPED
    assert daily_refresh.cron_schedule == "0 4 * * *"


def test_materialize_stages_everything_and_checks_pass(bad_input: Path, tmp_path: Path) -> None:
    db_file = tmp_path / "ringwatch.duckdb"
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(
        [*all_assets, *all_checks],
        resources=resources_for(str(bad_input), str(db_file), params=lenient_params()),
        instance=instance,
    )
    assert result.success
    # a Dagster run logs the stages' counts, as `ringwatch run` shows them (counts, no values)
    logged = [e.user_message for e in instance.all_logs(result.run_id) if e.user_message]
    assert "staging/accounts: files read 0 of 1" in logged
    assert "staging/logins: rows checked 0 of 10" in logged
    assert "staging/accounts: phones parsed 4 of 4" in logged  # a phase's last count
    assert any(m.startswith("features/message_contacts: messages scanned 0 of ") for m in logged)
    evaluations = result.get_asset_check_evaluations()
    assert len(evaluations) == len(all_checks)
    failed = {e.check_name for e in evaluations if not e.passed}
    # 2 of the 6 staged accounts share a phone and a device: too many for a real marketplace.
    assert failed == {"share_in_groups"}
    materialized = result.asset_materializations_for_node("staging__accounts")[0]
    assert materialized.metadata["rows_quarantined"].value == 7
    assert materialized.metadata["dagster/row_count"].value == expected_staged("accounts")
    con = duckdb.connect(str(db_file), read_only=True)
    assert con.execute("select count(*) from staging.account_identifiers").fetchone()[0] > 0


def test_reconcile_check_fails_when_rows_go_missing(bad_input: Path, tmp_path: Path) -> None:
    db_file = tmp_path / "ringwatch.duckdb"
    resources = resources_for(str(bad_input), str(db_file), params=lenient_params())
    dg.materialize([*all_assets, *all_checks], resources=resources)
    con = duckdb.connect(str(db_file))
    con.execute("delete from staging.payments where payment_id = 'p2'")
    con.close()
    check = next(
        c
        for c in all_checks
        if dg.AssetCheckKey(dg.AssetKey(["staging", "payments"]), "rows_reconcile") in c.check_keys
    )
    result = dg.materialize(
        [*all_assets, check],
        resources=resources,
        selection=dg.AssetSelection.checks_for_assets(dg.AssetKey(["staging", "payments"])),
        raise_on_error=False,
    )
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert [e.check_name for e in failed] == ["rows_reconcile"]
    assert "1 rows of payments are neither staged nor quarantined" in failed[0].description


def test_cli_run_prints_the_report(
    bad_input: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events: list[StageEvent] = []
    show = LineDisplay.__call__
    monkeypatch.setattr(LineDisplay, "__call__", lambda self, e: (events.append(e), show(self, e)))
    args = ["run", "--input", str(bad_input), "--db", str(tmp_path / "x.duckdb")]
    args += ["--out", str(tmp_path / "out")]
    args += ["--params", str(lenient_params_file(tmp_path / "lenient.toml"))]
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 0
    # standard error is no terminal here: one plain line per stage as it finishes, in order
    stages = list(stage_names(all_assets, all_checks).values())
    lines = err.splitlines()
    assert len(lines) == len(stages) == len(set(stages))
    for number, line in enumerate(lines, 1):
        assert f"[{number:>2}/{len(stages)}] " in line
    assert sorted(line.split("] ")[1].split()[0] for line in lines) == sorted(stages)
    assert any(" staging/accounts " in line and " done " in line for line in lines)
    assert any(" staging/accounts:rows_reconcile " in line and " passed " in line for line in lines)
    # the events behind them: each stage started and finished, and what the staging counted
    assert events[0] == StageEvent("planned", "", total=len(stages))
    assert [e.stage for e in events if e.kind == "started"] == [
        e.stage for e in events if e.kind == "finished"
    ]
    counted = {(e.stage, e.what) for e in events if e.kind == "progress"}
    assert {("staging/accounts", "files read"), ("staging/accounts", "phones parsed")} <= counted
    assert ("features/message_contacts", "messages scanned") in counted
    assert "unknown role" in out and "non-positive amount" in out
    assert "staging/account_identifiers" in out
    report = json.loads((tmp_path / "out" / "run_report.json").read_text())
    assert report["success"] is True
    accounts = next(t for t in report["tables"] if t["table"] == "accounts")
    assert accounts["rows_read"] == accounts["rows_staged"] + accounts["rows_quarantined"]
    assert report["kept_from_previous_run"] == []
    assert "Kept from the previous run" not in out

    assert main([*args, "--quiet"]) == 0  # again, on the same database, quietly
    again, err = capsys.readouterr()
    assert err == ""
    assert "Kept from the previous run (same input files, same code):" in again
    report = json.loads((tmp_path / "out" / "run_report.json").read_text())
    assert {"staging.accounts", "features.message_contacts"} <= set(
        report["kept_from_previous_run"]
    )


def test_cli_run_stops_on_a_missing_column(
    bad_input: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (bad_input / "logins.csv").read_text().replace(",ip,", ",ip_address,", 1)
    (bad_input / "logins.csv").write_text(text)
    args = ["run", "--input", str(bad_input), "--db", str(tmp_path / "x.duckdb")]
    args += ["--out", str(tmp_path / "out")]
    code = main(args)
    assert code == 2
    assert "logins.csv lacks required column 'ip'" in capsys.readouterr().err
    assert not (tmp_path / "x.duckdb").exists()  # nothing was written
