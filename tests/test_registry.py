"""The pattern registry: a fourth pattern needs its detector folder and one registry entry.

A toy pattern (fresh freelancers paid a lot in their first week) is registered for the test
and every consumer picks it up: the parameters, the queue (calibration, case ids, one view
per pattern), the evaluation, the exports and the review app.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import polars as pl
import pytest

from analytics import db, patterns
from analytics.detectors.shape import Detector, Figures, Pattern, Step
from analytics.params import param
from analytics.queue.build import build_queue
from analytics.queue.evaluate import evaluate_queue
from analytics.queue.export import export_queue
from analytics.run_params import RunParams
from analytics.snapshot import publish_snapshot
from review.server import BackgroundServer
from tests.synthetic_market import TABLES


@dataclass(frozen=True)
class ToyParams:
    min_paid: float = param(500.0, "a first week paid this much is unusual for a new freelancer")


def build_toy_scores(con: duckdb.DuckDBPyConnection, params: RunParams) -> dict[str, int]:
    """``scores.toy_cases``: freelancers paid at least min_paid within a week of signing up."""
    con.execute(
        """
        create or replace table scores.toy_cases as
        select
            'toy-' || accounts.account_id as toy_key,
            0.9::double as score,
            [accounts.account_id, any_value(contracts.client_id)] as account_ids,
            list(distinct contracts.contract_id order by contracts.contract_id) as contract_ids,
            [format('paid {:,.0f} in the first week after sign-up', sum(payments.amount))]
                as reasons
        from staging.accounts as accounts
        inner join staging.contracts as contracts on contracts.freelancer_id = accounts.account_id
        inner join staging.payments as payments using (contract_id)
        where payments.ts < accounts.created_at + interval 7 day
        group by accounts.account_id
        having sum(payments.amount) >= $min_paid
        """,
        {"min_paid": params.toy.min_paid},
    )
    return {"cases": con.execute("select count(*) from scores.toy_cases").fetchone()[0]}


TOY = Pattern(
    name="toy",
    case_prefix="toy",
    title="Toy pattern",
    detector=Detector(
        name="toy",
        params=ToyParams,
        steps=(Step("scores/toy_cases", build_toy_scores, ("staging/payments",), "Toy cases."),),
    ),
    score_table="scores.toy_cases",
    key_column="toy_key",
    figures=Figures("scores.toy_cases", "toy_key", (("score", "toy score"),)),
)


def _get(url: str, headers: dict[str, str] | None = None) -> str:
    parts = urlsplit(url)
    con = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        con.request(
            "GET", parts.path + (f"?{parts.query}" if parts.query else ""), None, headers or {}
        )
        response = con.getresponse()
        body = response.read().decode()
        assert response.status == 200, (url, response.status)
        return body
    finally:
        con.close()


def test_a_toy_pattern_reaches_every_consumer(staged_market: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "rw.duckdb"
    con = db.connect(db_path)
    db.attach_read_only(con, staged_market, "src")
    for table in (*TABLES, "account_identifiers"):
        con.execute(f"create table staging.{table} as from src.staging.{table}")
    con.execute("detach src")

    with patterns.registered(TOY):
        assert "toy" in RunParams.defaults().sections
        with pytest.raises(ValueError, match="already registered"), patterns.registered(TOY):
            pass
        assert patterns.run_detectors(con)["scores/toy_cases"]["cases"] > 0
        toy_accounts = con.execute(
            "select account_ids from scores.toy_cases order by toy_key limit 5"
        ).fetchall()
        labels = pl.DataFrame(
            {
                "account_id": [ids[0] for (ids,) in toy_accounts],
                "label": ["fraud"] * len(toy_accounts),
                "pattern": ["toy"] * len(toy_accounts),
                "case_key": [f"toy-{i}" for i in range(len(toy_accounts))],
            }
        )
        con.register("toy_labels", labels)
        con.execute("insert into staging.labels by name select * from toy_labels")
        summary = build_queue(con, tmp_path / "decisions.sqlite")
        assert summary.by_pattern["toy"] > 0
        ids = con.execute(
            "select case_id from queues.investigation_queue where pattern = 'toy'"
        ).fetchall()
        assert ids and all(case_id.startswith("toy-") for (case_id,) in ids)
        assert con.execute("select count(*) from queues.toy_queue").fetchone()[0] == len(ids)
        assert con.execute(
            "select method from queues.calibration where pattern = 'toy'"
        ).fetchone() == ("platt",)
        scopes = evaluate_queue(con, str(tmp_path / "decisions.sqlite"))["scope"].to_list()
        assert "toy" in scopes
        exported = export_queue(con, tmp_path / "out")
        queue = pl.read_parquet(exported["parquet"])
        assert "toy" in queue["pattern"].to_list()
        publish_snapshot(con, db_path)
        con.close()

        case_id = ids[0][0]
        with BackgroundServer(db_path, tmp_path / "decisions.sqlite") as server:
            signed_in = {"Cookie": server.session_cookie("ana")}
            listing = _get(server.url + "/?pattern=toy", signed_in)
            assert case_id in listing and "Unknown pattern" not in listing
            page = _get(server.url + f"/case/{case_id}", signed_in)
            assert "paid" in page and "toy score" in page
    assert "toy" not in patterns.names()
    assert "toy" not in RunParams.defaults().sections


def test_the_registry_holds_the_patterns_the_contract_names() -> None:
    from analytics import contract

    assert patterns.names() == contract.PATTERNS
