"""Rings that share nothing, end to end, on the synthetic marketplace with the ``TUNING`` plans
(12 small silent rings and two 40 x 40 farms, members with their own identifiers, each also
working for outsiders) at 20,000 accounts, seed 1.

Measured: 12 of 12 rings and both farms found as ring cases (Jaccard >= 0.96), account F1
0.987 (precision 1.0), the ring queue's AP 1.0 over every planted ring with no hard negative
among the top. The ``HELD_OUT`` plans are never tested here, only reported
(benchmarks/bench_silent.py, benchmarks/results/silent_rings.md).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analytics import db
from analytics.evaluation import evaluate_blocks, evaluate_table
from analytics.identifiers import build_account_identifiers
from analytics.ingest import ingest_table
from analytics.patterns import run_detectors
from analytics.synthetic import generate_marketplace
from analytics.synthetic.planted_silent import TUNING

TABLES = ("accounts", "logins", "contracts", "payments", "messages", "labels")


@pytest.fixture(scope="module")
def silent(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    folder = tmp_path_factory.mktemp("silent")
    generate_marketplace(folder / "input", 20_000, 1, blocks=TUNING)
    con = db.connect()
    for table in TABLES:
        ingest_table(con, folder / "input", table)
    build_account_identifiers(con)
    run_detectors(con, ("ring",))
    yield con
    con.close()


def test_silent_rings_and_farms_come_out_as_ring_cases(silent: duckdb.DuckDBPyConnection) -> None:
    figures = evaluate_blocks(silent, {"silent", "farm"})
    assert figures["styles"]["silent"]["planted"] == 12
    assert figures["styles"]["silent"]["found"] >= 11
    assert figures["styles"]["farm"]["planted"] == 2
    assert figures["styles"]["farm"]["found"] == 2
    assert figures["account_f1"] >= 0.9
    assert figures["account_precision"] >= 0.95


def test_planted_rings_rank_at_the_top_and_hard_negatives_do_not(
    silent: duckdb.DuckDBPyConnection,
) -> None:
    result = evaluate_table(silent, "scores.rings", "ring")
    assert result.planted == 18 + 14
    assert result.average_precision >= 0.95
    assert result.negatives_in_top_planted == 0
    for style in ("silent", "farm"):
        assert result.by_style[style]["found"] == result.by_style[style]["planted"], style


def test_no_honest_account_is_in_a_dense_block(silent: duckdb.DuckDBPyConnection) -> None:
    # popular honest freelancers, agencies, households, loyal repeat pairs: none in a block
    legit = silent.execute(
        """
        select count(*) from graph.contract_blocks
        inner join staging.labels using (account_id)
        where labels.label = 'legit'
        """
    ).fetchone()[0]
    assert legit == 0
    popular = silent.execute(
        """
        select count(*) from (
            select freelancer_id from graph.contract_pairs
            group by freelancer_id order by count(*) desc limit 20
        ) as top
        inner join graph.contract_blocks as blocks on blocks.account_id = top.freelancer_id
        """
    ).fetchone()[0]
    assert popular == 0
    repeat_pairs = silent.execute(
        """
        select count(*) from graph.block_pairs
        inner join staging.labels as c on c.account_id = block_pairs.client_id
        where c.case_key like 'legit:repeat_client:%'
        """
    ).fetchone()[0]
    assert repeat_pairs == 0


def test_a_farm_is_one_case_that_says_how_dense_and_how_unlikely(
    silent: duckdb.DuckDBPyConnection,
) -> None:
    rows = silent.execute(
        """
        select labels.case_key, count(distinct rings.candidate_id), max(rings.score),
            any_value(rings.reasons)
        from scores.rings as rings, unnest(rings.account_ids) as m(account_id)
        inner join staging.labels as labels using (account_id)
        where labels.case_key like 'ring:farm:%' and rings.score > 0
        group by labels.case_key
        """
    ).fetchall()
    assert len(rows) == 2
    for _, cases, score, reasons in rows:
        assert cases == 1
        assert score > 0.2
        dense = [r for r in reasons if r.startswith("dense block: ")]
        assert dense and "x the marketplace's share" in dense[0]
        assert "a chance of about 1 in 10^" in dense[0]
    sizes = silent.execute(
        """
        select max(block_size) from graph.contract_blocks
        inner join staging.labels using (account_id)
        where labels.case_key like 'ring:farm:%'
        """
    ).fetchone()[0]
    assert sizes > 30  # larger than an identity group may be: blocks are never dropped for it


def test_generator_without_plans_plants_no_silent_rings(tmp_path: Path) -> None:
    generate_marketplace(tmp_path, 2_000, 3)
    con = duckdb.connect()
    keys = con.execute(
        f"select count(*) from '{tmp_path / 'labels.parquet'}' where case_key like 'ring:silent%' "
        "or case_key like 'ring:farm%'"
    ).fetchone()[0]
    assert keys == 0
