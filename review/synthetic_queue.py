"""A snapshot holding nothing but a large synthetic queue, for the page-speed test and benchmark.

The synthetic marketplace yields a few dozen cases; an investigations team at a big platform
faces tens of thousands. This writes the four queue tables the queue page reads, with the
same columns as the pipeline's, for any number of cases, in a second or two.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

RUNS = 5


def write_synthetic_queue(path: str | Path, cases: int) -> Path:
    """A DuckDB file at ``path`` with queues.runs, case_registry, case_status and
    investigation_queue for ``cases`` open cases over RUNS runs (about a fifth new)."""
    path = Path(path)
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema queues")
        con.execute(
            """
            create table queues.runs as
            select r::integer as run_number,
                   timestamp '2026-10-01' + to_days(7 * r::integer) as ran_at,
                   ?::bigint as cases, (? // 5)::bigint as new_cases
            from range(1, ? + 1) as t(r)
            """,
            [cases, cases, RUNS],
        )
        con.execute(
            """
            create temporary table base as
            select
                i,
                'case-' || lpad(i::varchar, 8, '0') as case_id,
                ['ring', 'immediate_hire', 'contact_dropoff'][1 + i % 3] as pattern,
                round((hash(i) % 1000000) / 1e6, 4) as score,
                [
                    'a' || lpad(((i * 7) % 900000)::varchar, 7, '0'),
                    'a' || lpad(((i * 7 + 1) % 900000)::varchar, 7, '0'),
                    'a' || lpad(((i * 7 + 2) % 900000)::varchar, 7, '0')
                ][1:2 + (i % 2)] as account_ids,
                ['k' || lpad(i::varchar, 8, '0')] as contract_ids,
                1 + (hash(i + 1) % ?)::integer as first_run,
                case when i % 10 = 0 then 'needs_info'
                     when i % 97 = 0 then 'dismissed' else 'open' end as status
            from range(?) as t(i)
            """,
            [RUNS, cases],
        )
        con.execute(
            """
            create table queues.case_registry as
            select case_id, pattern, account_ids, first_run, ?::integer as last_run,
                   (i % 5000)::double as paid_total, (i % 4)::bigint as contact_findings
            from base
            """,
            [RUNS],
        )
        con.execute(
            """
            create table queues.case_status as
            select case_id, pattern, 'key-' || case_id as detector_key, score as raw_score,
                   score, true as in_queue, first_run = ? as is_new, status,
                   case when status <> 'open' then timestamp '2026-10-20' end as decided_at,
                   case when status <> 'open' then 'someone' end as decided_by,
                   case when status = 'dismissed'
                        then 'changed since it was dismissed on 2026-10-20: 900 more paid'
                   end as change_since_decision,
                   []::varchar[] as related_case_ids
            from base
            """,
            [RUNS],
        )
        con.execute(
            """
            create table queues.investigation_queue as
            select case_id,
                   row_number() over (order by score desc, case_id)::integer as rank,
                   pattern, score, account_ids, contract_ids,
                   [pattern || ' evidence for ' || case_id || ' with score ' || score::varchar,
                    'a second reason'] as reasons
            from base
            order by rank
            """
        )
    finally:
        con.close()
    return path
