"""Data-quality checks on the staging tables that analysts and detectors rely on.

Each returns a ``CheckOutcome`` so the Dagster asset checks stay one call each and the same
checks can run from tests or a notebook without Dagster.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from analytics import contract
from analytics.db import table_exists
from analytics.ingest_params import IngestParams
from analytics.report import quarantined_by_reason


@dataclass(frozen=True)
class CheckOutcome:
    passed: bool
    description: str
    metadata: dict[str, int | str] = field(default_factory=dict)


def rows_reconcile(con: duckdb.DuckDBPyConnection, table: str) -> CheckOutcome:
    """Rows read = rows in staging.<table> + rows in quarantine.<table>: nothing lost silently."""
    read = con.execute(
        "select rows_read from quarantine.load_report where table_name = ?", [table]
    ).fetchone()
    staged = con.execute(f"select count(*) from staging.{table}").fetchone()[0]
    quarantined = con.execute(f"select count(*) from quarantine.{table}").fetchone()[0]
    if read is None:
        return CheckOutcome(False, f"{table} has no row in quarantine.load_report")
    lost = read[0] - staged - quarantined
    return CheckOutcome(
        lost == 0,
        f"{read[0]} read = {staged} staged + {quarantined} quarantined"
        if lost == 0
        else f"{lost} rows of {table} are neither staged nor quarantined",
        {"rows_read": read[0], "rows_staged": staged, "rows_quarantined": quarantined},
    )


TOP_REASONS = 3  # reasons a failed circuit breaker names


def _percent(share: float) -> str:
    return f"{share:.1%}" if share >= 0.1 else f"{share:.2%}"


def quarantined_share(
    con: duckdb.DuckDBPyConnection, table: str, params: IngestParams
) -> CheckOutcome:
    """The circuit breaker: the share of ``table``'s rows quarantined is at most its limit
    (``ingest.max_quarantined_share_<table>``). Over it, the export is broken rather than a few
    rows bad, and the run must stop before the detectors."""
    limit = params.max_quarantined_share(table)
    row = con.execute(
        "select rows_read, rows_quarantined from quarantine.load_report where table_name = ?",
        [table],
    ).fetchone()
    if row is None:
        return CheckOutcome(False, f"{table} has no row in quarantine.load_report")
    read, quarantined = row
    share = quarantined / read if read else 0.0
    top = list(quarantined_by_reason(con, table).items())[:TOP_REASONS]
    reasons = "; ".join(f"{reason} ({count:,})" for reason, count in top)
    metadata: dict[str, int | str] = {
        "rows_read": read,
        "rows_quarantined": quarantined,
        "quarantined_share": _percent(share),
        "limit": _percent(limit),
    }
    if share <= limit:
        return CheckOutcome(
            True,
            f"{_percent(share)} of {table} quarantined ({quarantined:,} of {read:,} rows), "
            f"within the limit of {_percent(limit)}",
            metadata,
        )
    return CheckOutcome(
        False,
        f"{_percent(share)} of {table} quarantined ({quarantined:,} of {read:,} rows), over the "
        f"limit of {_percent(limit)} (ingest.max_quarantined_share_{table}); top reasons: "
        f"{reasons}",
        metadata,
    )


def not_emptied(con: duckdb.DuckDBPyConnection, table: str, params: IngestParams) -> CheckOutcome:
    """A required table is not empty when the last good run (the one that published the
    snapshot, ``quarantine.last_good_load``) read rows from it, unless
    ``ingest.allow_empty_required_tables``."""
    (read,) = con.execute(
        "select rows_read from quarantine.load_report where table_name = ?", [table]
    ).fetchone() or (None,)
    before = None
    if table_exists(con, "quarantine", "last_good_load"):
        (before,) = con.execute(
            "select rows_read from quarantine.last_good_load where table_name = ?", [table]
        ).fetchone() or (None,)
    metadata: dict[str, int | str] = {"rows_read": read or 0, "last_good_rows_read": before or 0}
    if read is None:
        return CheckOutcome(False, f"{table} has no row in quarantine.load_report")
    if read > 0 or not before:
        return CheckOutcome(
            True, f"{read:,} rows read ({before or 0:,} in the last good run)", metadata
        )
    if params.allow_empty_required_tables:
        return CheckOutcome(
            True,
            f"{table} arrived empty; the last good run read {before:,} rows "
            "(allowed: ingest.allow_empty_required_tables)",
            metadata,
        )
    return CheckOutcome(
        False,
        f"{table} arrived empty, but the last good run read {before:,} rows from it; if an "
        "empty table is right, set ingest.allow_empty_required_tables = true",
        metadata,
    )


def ids_unique(con: duckdb.DuckDBPyConnection, table: str) -> CheckOutcome:
    """The table's id column is unique and never null in staging."""
    id_column = contract.TABLES_BY_NAME[table].id_column
    assert id_column is not None, f"{table} has no id column"
    nulls, duplicates = con.execute(
        f"select count(*) filter (where {id_column} is null), "
        f"count(*) - count(distinct {id_column}) from staging.{table}"
    ).fetchone()
    return CheckOutcome(
        nulls == 0 and duplicates == 0,
        f"{id_column}: {nulls} null, {duplicates} duplicated",
        {"null_ids": nulls, "duplicate_ids": duplicates},
    )


# For each staged table: (column, referenced table, referenced column, required role or None).
REFERENCES: dict[str, tuple[tuple[str, str, str, str | None], ...]] = {
    "logins": (("account_id", "accounts", "account_id", None),),
    "contracts": (
        ("client_id", "accounts", "account_id", "client"),
        ("freelancer_id", "accounts", "account_id", "freelancer"),
    ),
    "payments": (("contract_id", "contracts", "contract_id", None),),
    "messages": (
        ("sender_id", "accounts", "account_id", None),
        ("recipient_id", "accounts", "account_id", None),
        ("contract_id", "contracts", "contract_id", None),
    ),
    "labels": (("account_id", "accounts", "account_id", None),),
    "account_identifiers": (("account_id", "accounts", "account_id", None),),
}


def references_resolve(con: duckdb.DuckDBPyConnection, table: str) -> CheckOutcome:
    """Every reference in staging.<table> points at a staged row (of the right role)."""
    broken: dict[str, int | str] = {}
    for column, target, target_column, role in REFERENCES[table]:
        role_rule = "or t.role <> ?" if role else ""
        params = [role] if role else []
        (count,) = con.execute(
            f"select count(*) from staging.{table} s "
            f"left join staging.{target} t on s.{column} = t.{target_column} "
            f"where s.{column} is not null and (t.{target_column} is null {role_rule})",
            params,
        ).fetchone()
        broken[f"unresolved_{column}"] = count
    total = sum(int(v) for v in broken.values())
    return CheckOutcome(total == 0, f"{total} unresolved references", broken)


def identifiers_complete(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """Every normalized email and phone, every login and every client payment is accounted for
    in staging.account_identifiers, and n_accounts counts the accounts sharing each value.

    Set-based invariants rather than an anti-join of the whole table against its sources:
    ``times_seen`` adds up to the source rows per kind, and ``1 / n_accounts`` adds up to the
    number of distinct values. At 1M accounts the anti-join took 7.7 s, this takes well under
    one, and any identifier row lost or miscounted still breaks an equality.
    """
    rows = con.execute(
        """
        with expected as (
            select 'email' as kind, count(email_normalized) as seen from staging.accounts
            union all
            select 'phone', count(phone_e164) from staging.accounts
            union all
            select 'ip', count(*) from staging.logins
            union all
            select 'ip_network', count(*) from staging.logins
            union all
            select 'device', count(device_id) from staging.logins
            union all
            select 'instrument', count(instrument_id) from staging.payments
            where kind not in ('refund', 'chargeback')
        ),

        actual as (
            select
                kind,
                sum(times_seen) as seen,
                sum(1.0 / n_accounts) as values_by_share,
                count(distinct value) as distinct_values
            from staging.account_identifiers
            group by kind
        )

        select
            expected.kind,
            expected.seen,
            coalesce(actual.seen, 0),
            coalesce(actual.values_by_share, 0),
            coalesce(actual.distinct_values, 0)
        from expected
        left join actual using (kind)
        order by expected.kind
        """
    ).fetchall()
    unaccounted = {kind: want - got for kind, want, got, _, _ in rows if want != got}
    miscounted = [
        kind for kind, _, _, share, values in rows if abs(share - values) > 1e-6 * (1 + values)
    ]
    return CheckOutcome(
        not unaccounted and not miscounted,
        f"uses not accounted for: {unaccounted or 'none'}; kinds with a wrong n_accounts: "
        f"{', '.join(miscounted) or 'none'}",
        {
            "unaccounted_uses": sum(abs(v) for v in unaccounted.values()),
            "wrong_n_accounts_kinds": len(miscounted),
        },
    )


def identity_groups_bounded(con: duckdb.DuckDBPyConnection, max_group_size: int) -> CheckOutcome:
    """No giant component: hubs were excluded and large components split."""
    largest, groups = con.execute(
        "select coalesce(max(group_size), 0), count(distinct group_id) from graph.identity_groups"
    ).fetchone()
    return CheckOutcome(
        largest <= max_group_size,
        f"largest of {groups} groups: {largest} accounts (limit {max_group_size})",
        {"largest_group": largest, "groups": groups},
    )


def share_in_identity_groups(con: duckdb.DuckDBPyConnection, limit: float) -> CheckOutcome:
    """Most accounts share nothing rare with anyone; if many do, linking has gone loose."""
    in_groups, accounts = con.execute(
        "select (select count(*) from graph.identity_groups), "
        "(select count(*) from staging.accounts)"
    ).fetchone()
    share = in_groups / accounts if accounts else 0.0
    return CheckOutcome(
        share <= limit,
        f"{share:.1%} of accounts are in an identity group (limit {limit:.0%})",
        {"accounts_in_groups": in_groups, "accounts": accounts},
    )


def scores_well_formed(con: duckdb.DuckDBPyConnection, table: str, key: str) -> CheckOutcome:
    """Scores in [0, 1], one row per key, and every row explains itself."""
    bad_scores, duplicates, unexplained = con.execute(
        f"""
        select
            count(*) filter (where score is null or score < 0 or score > 1),
            count(*) - count(distinct {key}),
            count(*) filter (where score > 0 and (reasons is null or len(reasons) = 0))
        from {table}
        """
    ).fetchone()
    return CheckOutcome(
        bad_scores == 0 and duplicates == 0 and unexplained == 0,
        f"{bad_scores} scores outside [0, 1], {duplicates} duplicate {key}s, "
        f"{unexplained} scored rows without reasons",
        {"bad_scores": bad_scores, "duplicates": duplicates, "unexplained": unexplained},
    )


def evaluation_holds(con: duckdb.DuckDBPyConnection, tolerance: float) -> CheckOutcome:
    """Average precision and precision at the number labelled did not fall by more than
    ``tolerance`` in any scope since the previous run."""
    rows = con.execute(
        """
        with runs as (select distinct run_number from queues.evaluation_history),
        latest as (select max(run_number) as run_number from runs),
        previous as (
            select max(run_number) as run_number from runs
            where run_number < (select run_number from latest)
        )
        select now.scope, before.average_precision, now.average_precision,
               before.precision_at_labelled, now.precision_at_labelled
        from queues.evaluation_history as now
        inner join queues.evaluation_history as before using (scope)
        where now.run_number = (select run_number from latest)
          and before.run_number = (select run_number from previous)
        order by now.scope
        """
    ).fetchall()
    falls = [
        f"{scope}: average precision {ap0:.3f} -> {ap1:.3f}, precision at labelled "
        f"{p0:.3f} -> {p1:.3f}"
        for scope, ap0, ap1, p0, p1 in rows
        if ap1 < ap0 - tolerance or p1 < p0 - tolerance
    ]
    if not rows:
        return CheckOutcome(True, "no previous run with labels to compare with")
    return CheckOutcome(
        not falls,
        "; ".join(falls) if falls else f"no fall beyond {tolerance} in {len(rows)} scopes",
        {"scopes_compared": len(rows), "scopes_fallen": len(falls)},
    )


def queue_well_formed(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """What investigators rely on: ranks 1..n, unique ids, sorted calibrated scores, reasons,
    and never the same accounts twice (one case per group of accounts, whatever the pattern)."""
    gaps, duplicate_ids, bad_scores, unsorted, unexplained = con.execute(
        """
        select
            count(*) filter (where rank <> expected_rank),
            count(*) - count(distinct case_id),
            count(*) filter (where score < 0 or score > 1 or score is null),
            count(*) filter (where previous_score < score),
            count(*) filter (where reasons is null or len(reasons) = 0)
        from (
            select *, row_number() over (order by rank) as expected_rank,
                   lag(score) over (order by rank) as previous_score
            from queues.investigation_queue
        )
        """
    ).fetchone()
    (twice,) = con.execute(
        """
        select count(*) from (
            select list_sort(account_ids) as members, count(*) as n
            from queues.investigation_queue group by all having count(*) > 1
        )
        """
    ).fetchone()
    problems = gaps + duplicate_ids + bad_scores + unsorted + unexplained + twice
    return CheckOutcome(
        problems == 0,
        f"{gaps} rank gaps, {duplicate_ids} duplicate ids, {bad_scores} bad scores, "
        f"{unsorted} out of order, {unexplained} without reasons, {twice} account groups "
        "queued twice",
        {"problems": problems},
    )
