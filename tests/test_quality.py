"""The queue's asset checks catch what they are for."""

from __future__ import annotations

import duckdb
import pytest

from analytics import quality, sql


def _history(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    sql.run(con, "queues/evaluation_history")
    con.executemany("insert into queues.evaluation_history values (?, ?, ?, ?, ?, ?)", rows)


def test_precision_check_warns_on_a_fall(con: duckdb.DuckDBPyConnection) -> None:
    _history(
        con,
        [
            (1, "ring", 18, 0.98, 0.18, 0.95),
            (1, "overall", 60, 0.99, 0.60, 0.98),
            (2, "ring", 18, 0.80, 0.18, 0.94),
            (2, "overall", 60, 0.985, 0.60, 0.97),
        ],
    )
    outcome = quality.evaluation_holds(con, 0.05)
    assert not outcome.passed
    assert outcome.description == (
        "ring: average precision 0.980 -> 0.800, precision at labelled 0.950 -> 0.940"
    )


def test_precision_check_passes_when_steady_or_first(con: duckdb.DuckDBPyConnection) -> None:
    _history(con, [(1, "ring", 18, 0.98, 0.18, 0.95)])
    assert quality.evaluation_holds(con, 0.05).passed  # nothing to compare with yet
    con.execute("insert into queues.evaluation_history values (2, 'ring', 18, 0.97, 0.18, 0.95)")
    assert quality.evaluation_holds(con, 0.05).passed


def test_queue_check_catches_gaps_and_duplicate_groups(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        create table queues.investigation_queue as
        select * from (values
            ('ring-a', 1, 'ring', 0.9, ['a1', 'a2'], ['k1'], ['why']),
            ('ring-b', 2, 'ring', 0.8, ['a2', 'a1'], ['k2'], ['why']),
            ('hire-c', 3, 'immediate_hire', 0.7, ['b2', 'b1'], ['k3'], ['why']),
            ('ring-d', 5, 'ring', 0.6, ['b1', 'b2'], ['k3'], ['why'])
        ) t(case_id, rank, pattern, score, account_ids, contract_ids, reasons)
        """
    )
    outcome = quality.queue_well_formed(con)
    assert not outcome.passed
    assert "1 rank gaps" in outcome.description
    # the same accounts twice, for one pattern or across two
    assert "2 account groups queued twice" in outcome.description


def test_identifier_check_catches_lost_and_miscounted_rows(
    ingested: duckdb.DuckDBPyConnection,
) -> None:
    from analytics.identifiers import build_account_identifiers

    build_account_identifiers(ingested)
    assert quality.identifiers_complete(ingested).passed

    ingested.execute(
        "delete from staging.account_identifiers where rowid = "
        "(select min(rowid) from staging.account_identifiers where kind = 'device')"
    )
    lost = quality.identifiers_complete(ingested)
    assert not lost.passed
    assert lost.metadata["unaccounted_uses"] >= 1
    assert "'device'" in lost.description

    build_account_identifiers(ingested)
    ingested.execute(
        "update staging.account_identifiers set n_accounts = n_accounts + 1 where rowid = "
        "(select min(rowid) from staging.account_identifiers where kind = 'ip')"
    )
    miscounted = quality.identifiers_complete(ingested)
    assert not miscounted.passed
    assert miscounted.description.endswith("kinds with a wrong n_accounts: ip")


def test_sql_files_bind_the_parameters_they_name(ingested: duckdb.DuckDBPyConnection) -> None:
    """Callers pass whole sets of knobs; a file takes what it names, and one it names but is
    not given is still an error."""
    from analytics.identifiers import build_account_identifiers

    build_account_identifiers(ingested)
    knobs = {"hub_quantile": 0.99, "hub_floor": 6, "hub_ceiling": 50, "not_in_the_file": 1}
    sql.run(ingested, "graph/excluded_identifiers", knobs)
    with pytest.raises(duckdb.Error, match="hub_quantile"):
        sql.run(ingested, "graph/excluded_identifiers", {"not_in_the_file": 1})
