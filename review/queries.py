"""Every query the review app runs on the snapshot.

Values always travel as bound parameters. The only SQL chosen at request time is a filter or a
sort order, and those are fixed fragments picked from the allow-lists below by key: nothing a
request sends is ever pasted into a statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from analytics import patterns
from analytics.db import table_exists

QUEUE_STATUSES = ("open", "needs_info", "confirmed", "dismissed")
ASSIGNED = ("mine", "unassigned")
ASSIGNED_VIEW = "assigned_cases"  # registered on the connection for one queue page
PAGE_SIZE = 50
MESSAGE_LIMIT = 300
CONTRACT_LIMIT = 200
SHARED_LIMIT = 20  # an identifier used by more accounts is a crowd: counted, not listed

# Sort orders by key; each ends on rank, which is unique, so pages never overlap.
SORTS: dict[str, str] = {
    "rank": "q.rank",
    "oldest": "q.first_run asc nulls last, q.rank",
    "newest": "q.first_run desc nulls last, q.rank",
}

# What the queue page lists, joined once per snapshot (see review.reader): the queue in rank
# order with each case's status, newness and first run.
QUEUE_ROWS = """
create or replace temp table queue_rows as
select
    q.rank, q.case_id, q.pattern, q.score, q.reasons[1] as headline, q.account_ids,
    q.account_ids[1:3] as first_members, len(q.account_ids) as n_members,
    s.status, s.is_new, s.change_since_decision, r.first_run, first_run.ran_at as first_ran_at
from queues.investigation_queue as q
inner join queues.case_status as s using (case_id)
left join queues.case_registry as r using (case_id)
left join queues.runs as first_run on first_run.run_number = r.first_run
order by q.rank
"""


def prepare_queue_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Build temp.queue_rows (and its counts per pattern, for the filter's labels) on a freshly
    opened snapshot connection, if the snapshot has a queue."""
    if has_queue(con):
        con.execute(QUEUE_ROWS)
        con.execute(
            "create or replace temp table queue_counts as "
            "select pattern, count(*) as cases from temp.queue_rows group by pattern"
        )


@dataclass(frozen=True)
class QueueFilter:
    """A queue page request after validation: every field is from an allow-list or a number."""

    pattern: str | None = None
    status: str | None = None
    min_score: float | None = None
    new_only: bool = False
    account: str | None = None
    sort: str = "rank"
    page: int = 1
    assigned: str | None = None  # one of ASSIGNED: whose cases
    # The cases assigned to the viewer ("mine") or to anybody ("unassigned"), from the
    # decisions store: set by the app, never from the request.
    assigned_ids: tuple[str, ...] = ()

    def where(self) -> tuple[str, list[Any]]:
        """The fixed fragments this filter needs, joined by ``and``, and their parameters."""
        fragments: list[str] = []
        params: list[Any] = []
        if self.pattern is not None:
            fragments.append("q.pattern = ?")
            params.append(self.pattern)
        if self.status is not None:
            fragments.append("q.status = ?")
            params.append(self.status)
        if self.min_score is not None:
            fragments.append("q.score >= ?")
            params.append(self.min_score)
        if self.new_only:
            fragments.append("q.is_new")
        if self.account is not None:
            fragments.append("(q.case_id = ? or list_contains(q.account_ids, ?))")
            params.extend([self.account, self.account])
        # The ids travel as an Arrow table registered by queue_page (ASSIGNED_VIEW), not as a
        # list parameter: binding a Python list of 1,000 strings costs DuckDB ~0.4 s.
        if self.assigned == "mine":
            fragments.append(f"q.case_id in (select case_id from {ASSIGNED_VIEW})")
        elif self.assigned == "unassigned":
            fragments.append(f"q.case_id not in (select case_id from {ASSIGNED_VIEW})")
        return (" and ".join(fragments) or "true"), params


@dataclass
class QueuePage:
    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int
    counts_by_pattern: dict[str, int] = field(default_factory=dict)


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    columns = [d[0] for d in cur.description or []]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


def _one(cur: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    rows = _dicts(cur)
    return rows[0] if rows else None


def has_queue(cur: duckdb.DuckDBPyConnection) -> bool:
    """The snapshot holds a queue (a run before the detectors existed does not)."""
    return all(
        table_exists(cur, "queues", table)
        for table in ("investigation_queue", "case_status", "case_registry", "runs")
    )


def latest_run(cur: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    cur.execute(
        "select run_number, ran_at, cases, new_cases from queues.runs "
        "order by run_number desc limit 1"
    )
    return _one(cur)


def queue_page(cur: duckdb.DuckDBPyConnection, flt: QueueFilter, now: datetime) -> QueuePage:
    """One page of the queue: filtered and sorted in SQL, LIMIT/OFFSET, plus the total.

    ``cur`` must be the connection ``prepare_queue_rows`` ran on (``SnapshotReader.main()``).
    """
    if flt.assigned is None:
        return _queue_page(cur, flt, now)
    ids = pa.table({"case_id": pa.array(list(flt.assigned_ids), pa.string())})
    cur.register(ASSIGNED_VIEW, ids)
    try:
        return _queue_page(cur, flt, now)
    finally:
        cur.unregister(ASSIGNED_VIEW)


def _queue_page(cur: duckdb.DuckDBPyConnection, flt: QueueFilter, now: datetime) -> QueuePage:
    where, params = flt.where()
    (total,) = cur.execute(
        f"select count(*) from temp.queue_rows as q where {where}", params
    ).fetchone()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, flt.page), pages)
    # Find the page's ranks first (a top-N over integers), then read those 50 rows: a deep
    # OFFSET then costs milliseconds instead of carrying every column through the sort.
    cur.execute(
        f"""
        with page as (
            select q.rank from temp.queue_rows as q
            where {where}
            order by {SORTS[flt.sort]}
            limit ? offset ?
        )
        select
            q.rank, q.case_id, q.pattern, q.score, q.headline, q.first_members, q.n_members,
            q.status, q.is_new, q.change_since_decision, q.first_run,
            floor((epoch(?::timestamp) - epoch(q.first_ran_at)) / 86400)::integer as age_days
        from temp.queue_rows as q
        where q.rank in (select rank from page)
        order by {SORTS[flt.sort]}
        """,
        [*params, PAGE_SIZE, (page - 1) * PAGE_SIZE, now],
    )
    rows = _dicts(cur)
    counts = dict(cur.execute("select pattern, cases from temp.queue_counts").fetchall())
    return QueuePage(rows=rows, total=total, page=page, pages=pages, counts_by_pattern=counts)


def case_header(
    cur: duckdb.DuckDBPyConnection, case_id: str, now: datetime
) -> dict[str, Any] | None:
    """Everything the queue tables know about one case, queued or not (None if never queued)."""
    cur.execute(
        """
        select
            r.case_id, r.pattern, r.account_ids as registry_accounts, r.first_run, r.last_run,
            r.paid_total, r.contact_findings,
            s.detector_key, s.raw_score, coalesce(s.score, q.score) as score,
            coalesce(s.in_queue, false) as in_queue, coalesce(s.is_new, false) as is_new,
            coalesce(s.status, 'not found in the latest run') as status,
            s.decided_at, s.decided_by, s.change_since_decision,
            coalesce(s.related_case_ids, []) as related_case_ids,
            q.rank, q.account_ids as queue_accounts, q.contract_ids, q.reasons,
            first_run.ran_at as first_queued_at,
            floor((epoch(?::timestamp) - epoch(first_run.ran_at)) / 86400)::integer
                as age_days
        from queues.case_registry as r
        left join queues.case_status as s using (case_id)
        left join queues.investigation_queue as q using (case_id)
        left join queues.runs as first_run on first_run.run_number = r.first_run
        where r.case_id = ?
        """,
        [now, case_id],
    )
    header = _one(cur)
    if header is None:
        return None
    header["account_ids"] = list(header["queue_accounts"] or header["registry_accounts"] or [])
    if header["reasons"] is None or header["contract_ids"] is None:
        detector = detector_case(cur, header["pattern"], header["detector_key"])
        header["reasons"] = header["reasons"] or (detector or {}).get("reasons") or []
        header["contract_ids"] = header["contract_ids"] or (detector or {}).get("contract_ids")
    header["contract_ids"] = list(header["contract_ids"] or [])
    return header


def detector_case(
    cur: duckdb.DuckDBPyConnection, pattern: str, detector_key: str | None
) -> dict[str, Any] | None:
    """The detector's row for a case (its reasons and parts before the queue touched them)."""
    if detector_key is None or pattern not in patterns.names():
        return None
    registered = patterns.get(pattern)
    table, key = registered.score_table, registered.key_column  # the registry's, never a request's
    cur.execute(f"select * from {table} where {key} = ?", [detector_key])
    return _one(cur)


def key_figures(
    cur: duckdb.DuckDBPyConnection, pattern: str, detector_key: str | None
) -> list[dict[str, Any]]:
    """The numbers behind the reasons: (label, value, column comment), in a fixed order."""
    figures = patterns.get(pattern).figures if pattern in patterns.names() else None
    if detector_key is None or figures is None:
        return []
    table, key, columns = figures.table, figures.key, figures.columns  # the registry's
    schema, name = table.split(".")
    cur.execute(f"select * from {table} where {key} = ?", [detector_key])
    row = _one(cur)
    if row is None:
        return []
    comments = dict(
        cur.execute(
            "select column_name, comment from duckdb_columns() "
            "where schema_name = ? and table_name = ?",
            [schema, name],
        ).fetchall()
    )
    return [
        {
            "column": column,
            "label": label,
            "value": row.get(column),
            "comment": comments.get(column) or "",
        }
        for column, label in columns
        if column in row
    ]


def dropoff_pair(cur: duckdb.DuckDBPyConnection, detector_key: str) -> dict[str, Any] | None:
    cur.execute(
        "select * from features.contact_dropoff "
        "where 'cd-' || client_id || '-' || freelancer_id = ?",
        [detector_key],
    )
    return _one(cur)


def as_of(cur: duckdb.DuckDBPyConnection) -> datetime | None:
    """The data's end: the latest payment or message (account ages are counted to it)."""
    (value,) = cur.execute(
        "select greatest((select max(ts) from staging.payments), "
        "(select max(ts) from staging.messages))"
    ).fetchone()
    return value


def members(
    cur: duckdb.DuckDBPyConnection, account_ids: list[str], as_of_ts: datetime | None
) -> list[dict[str, Any]]:
    """The case's accounts in case order, with role, sign-up, age and country."""
    cur.execute(
        """
        select
            m.position, m.account_id, a.role, a.created_at, a.country, a.name,
            date_diff('day', a.created_at, ?::timestamp) as age_days,
            (select count(*) from staging.contracts as c
             where c.client_id = m.account_id or c.freelancer_id = m.account_id) as contracts
        from unnest(?::varchar[]) with ordinality as m(account_id, position)
        left join staging.accounts as a using (account_id)
        order by m.position
        """,
        [as_of_ts, account_ids],
    )
    return _dicts(cur)


def ring_roles(cur: duckdb.DuckDBPyConnection, candidate_id: str) -> dict[str, dict[str, Any]]:
    """How each member joined a ring candidate (identity links, contracts, contract block)."""
    cur.execute(
        "select account_id, how_joined, link_strength, contracts_with_group "
        "from graph.ring_candidates where candidate_id = ?",
        [candidate_id],
    )
    return {row["account_id"]: row for row in _dicts(cur)}


def member_links(cur: duckdb.DuckDBPyConnection, account_ids: list[str]) -> list[dict[str, Any]]:
    """graph.account_links between two members: which identifiers connect whom, how rare."""
    cur.execute(
        """
        select account_a, account_b, weight, is_strong, n_evidence, evidence
        from graph.account_links
        where account_a in (select unnest(?::varchar[]))
          and account_b in (select unnest(?::varchar[]))
        order by weight desc, account_a, account_b
        """,
        [account_ids, account_ids],
    )
    return _dicts(cur)


def hire_links(cur: duckdb.DuckDBPyConnection, contract_ids: list[str]) -> list[dict[str, Any]]:
    """The rare identifiers a client shares with its freelancer, from the hire funnel."""
    cur.execute(
        """
        select
            least(client_id, freelancer_id) as account_a,
            greatest(client_id, freelancer_id) as account_b,
            link_strength as weight,
            list_transform(
                list_filter(shared_values, v -> v.shared_with = 'freelancer'),
                v -> {'kind': v.kind, 'value': v.value, 'n_accounts': v.n_accounts,
                      'weight': v.weight, 'days_together': null::bigint}
            ) as evidence
        from features.hire_funnel
        where contract_id in (select unnest(?::varchar[]))
        """,
        [contract_ids],
    )
    return [row for row in _dicts(cur) if row["evidence"]]


def hire_funnel(cur: duckdb.DuckDBPyConnection, contract_ids: list[str]) -> list[dict[str, Any]]:
    """How each evidence contract of an immediate-hire case came about."""
    cur.execute(
        """
        select contract_id, client_id, freelancer_id, client_created_at, hired_at,
               minutes_to_hire, hire_type, proposals, is_first_contract, client_contracts,
               link_strength, paid_early, gross_paid, client_active_days_after
        from features.hire_funnel
        where contract_id in (select unnest(?::varchar[]))
        order by hired_at
        """,
        [contract_ids],
    )
    return _dicts(cur)


def member_contracts(
    cur: duckdb.DuckDBPyConnection, account_ids: list[str], evidence: list[str]
) -> tuple[list[dict[str, Any]], int]:
    """Contracts between two members (and the case's evidence contracts) with their money."""
    params = [account_ids, account_ids, evidence]
    where = """
        (c.client_id in (select unnest(?::varchar[]))
         and c.freelancer_id in (select unnest(?::varchar[])))
        or c.contract_id in (select unnest(?::varchar[]))
    """
    (total,) = cur.execute(
        f"select count(*) from staging.contracts as c where {where}", params
    ).fetchone()
    cur.execute(
        f"""
        with picked as (
            select * from staging.contracts as c where {where}
        ),
        money as (
            select
                p.contract_id,
                sum(p.amount) filter (where p.kind not in ('refund', 'chargeback')) as paid,
                sum(p.amount) filter (where p.kind in ('refund', 'chargeback')) as returned,
                count(*) filter (where p.kind not in ('refund', 'chargeback')) as payments,
                min(p.ts) as first_payment,
                max(p.ts) as last_payment,
                any_value(p.currency) as currency
            from staging.payments as p
            where p.contract_id in (select contract_id from picked)
            group by p.contract_id
        )
        select
            picked.contract_id, picked.client_id, picked.freelancer_id, picked.created_at,
            picked.hire_type, picked.proposals, picked.pricing, picked.status,
            coalesce(money.paid, 0) as paid, coalesce(money.returned, 0) as returned,
            coalesce(money.payments, 0) as payments, money.first_payment, money.last_payment,
            money.currency,
            list_contains(?::varchar[], picked.contract_id) as is_evidence
        from picked
        left join money using (contract_id)
        order by is_evidence desc, paid desc, picked.contract_id
        limit ?
        """,
        [*params, evidence, CONTRACT_LIMIT],
    )
    return _dicts(cur), total


def weekly_payments(
    cur: duckdb.DuckDBPyConnection, client_id: str, freelancer_id: str
) -> list[dict[str, Any]]:
    """Gross on-platform payments from client to freelancer, per week (Monday)."""
    cur.execute(
        """
        select date_trunc('week', ts)::date as week, sum(amount)::double as paid,
               count(*) as payments
        from staging.payments
        where client_id = ? and freelancer_id = ? and kind not in ('refund', 'chargeback')
        group by 1
        order by 1
        """,
        [client_id, freelancer_id],
    )
    return _dicts(cur)


def pair_messages(
    cur: duckdb.DuckDBPyConnection, one: str, other: str
) -> tuple[list[dict[str, Any]], int]:
    """The messages between two accounts, oldest first, with their contact findings."""
    pair = "(sender_id = ? and recipient_id = ?) or (sender_id = ? and recipient_id = ?)"
    params = [one, other, other, one]
    (total,) = cur.execute(f"select count(*) from staging.messages where {pair}", params).fetchone()
    cur.execute(
        f"""
        with picked as (
            select * from staging.messages where {pair} order by ts, message_id limit ?
        )
        select
            picked.message_id, picked.contract_id, picked.sender_id, picked.recipient_id,
            picked.ts, picked.body,
            coalesce(
                (select list({{'start': f.start_offset, 'end': f.end_offset, 'kind': f.kind,
                               'obfuscated': f.obfuscated}} order by f.start_offset)
                 from features.message_contacts as f
                 where f.message_id = picked.message_id),
                []
            ) as findings
        from picked
        order by picked.ts, picked.message_id
        """,
        [*params, MESSAGE_LIMIT],
    )
    return _dicts(cur), total


def related_cases(cur: duckdb.DuckDBPyConnection, case_ids: list[str]) -> list[dict[str, Any]]:
    if not case_ids:
        return []
    cur.execute(
        """
        select s.case_id, s.pattern, s.score, s.status, s.in_queue, q.rank
        from queues.case_status as s
        left join queues.investigation_queue as q using (case_id)
        where s.case_id in (select unnest(?::varchar[]))
        order by s.score desc
        """,
        [case_ids],
    )
    return _dicts(cur)


def case_state(cur: duckdb.DuckDBPyConnection, case_id: str) -> dict[str, Any] | None:
    """What the decisions store records with a decision (the yardstick for material change)."""
    cur.execute(
        "select pattern, account_ids, paid_total, contact_findings "
        "from queues.case_registry where case_id = ?",
        [case_id],
    )
    return _one(cur)


# --- the account page -----------------------------------------------------------------------


def account(
    cur: duckdb.DuckDBPyConnection, account_id: str, as_of_ts: datetime | None
) -> dict[str, Any] | None:
    """One account: role, sign-up, age (to the data's end), country, name."""
    cur.execute(
        """
        select account_id, role, created_at, country, name,
               date_diff('day', created_at, ?::timestamp) as age_days
        from staging.accounts where account_id = ?
        """,
        [as_of_ts, account_id],
    )
    return _one(cur)


def account_cases(cur: duckdb.DuckDBPyConnection, account_id: str) -> list[dict[str, Any]]:
    """Every case the account was ever in, of any pattern, with its latest status."""
    cur.execute(
        """
        select r.case_id, r.pattern, len(r.account_ids) as n_members, r.first_run, r.last_run,
               r.paid_total, coalesce(s.score, q.score) as score,
               coalesce(s.status, 'not found in the latest run') as status,
               coalesce(s.in_queue, false) as in_queue, q.rank, q.reasons[1] as headline
        from queues.case_registry as r
        left join queues.case_status as s using (case_id)
        left join queues.investigation_queue as q using (case_id)
        where list_contains(r.account_ids, ?)
        order by coalesce(s.in_queue, false) desc, coalesce(s.score, q.score) desc nulls last,
                 r.case_id
        """,
        [account_id],
    )
    return _dicts(cur)


def account_identifiers(cur: duckdb.DuckDBPyConnection, account_id: str) -> list[dict[str, Any]]:
    """The account's identifiers, how many accounts use each, and (for values used by at most
    SHARED_LIMIT accounts) which others."""
    if not table_exists(cur, "staging", "account_identifiers"):
        return []
    cur.execute(
        """
        with mine as (
            select kind, value, value_class, first_seen, last_seen, times_seen, n_accounts
            from staging.account_identifiers where account_id = ?
        ),
        others as (
            select i.kind, i.value, list(i.account_id order by i.account_id) as accounts
            from staging.account_identifiers as i
            inner join mine using (kind, value)
            where mine.n_accounts between 2 and ? and i.account_id <> ?
            group by i.kind, i.value
        )
        select mine.*, coalesce(others.accounts, []) as other_accounts
        from mine left join others using (kind, value)
        order by mine.n_accounts desc, mine.kind, mine.value
        """,
        [account_id, SHARED_LIMIT, account_id],
    )
    return _dicts(cur)


def account_contracts(
    cur: duckdb.DuckDBPyConnection, account_id: str
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The account's contracts either side with their money (the CONTRACT_LIMIT with the most
    paid), and totals over all of them."""
    cur.execute(
        """
        with picked as (
            select * from staging.contracts where client_id = ? or freelancer_id = ?
        ),
        money as (
            select
                p.contract_id,
                sum(p.amount) filter (where p.kind not in ('refund', 'chargeback')) as paid,
                sum(p.amount) filter (where p.kind in ('refund', 'chargeback')) as returned,
                count(*) filter (where p.kind not in ('refund', 'chargeback')) as payments,
                max(p.ts) as last_payment,
                any_value(p.currency) as currency
            from staging.payments as p
            where p.contract_id in (select contract_id from picked)
            group by p.contract_id
        )
        select
            picked.contract_id, picked.client_id, picked.freelancer_id, picked.created_at,
            picked.hire_type, picked.proposals, picked.pricing, picked.status,
            case when picked.client_id = ? then 'client' else 'freelancer' end as side,
            case when picked.client_id = ? then picked.freelancer_id else picked.client_id end
                as counterpart,
            coalesce(money.paid, 0) as paid, coalesce(money.returned, 0) as returned,
            coalesce(money.payments, 0) as payments, money.last_payment, money.currency
        from picked
        left join money using (contract_id)
        order by paid desc, picked.contract_id
        """,
        [account_id, account_id, account_id, account_id],
    )
    rows = _dicts(cur)
    totals = {
        "contracts": len(rows),
        "as_client": sum(1 for r in rows if r["side"] == "client"),
        "as_freelancer": sum(1 for r in rows if r["side"] == "freelancer"),
        "paid_out": sum(float(r["paid"] or 0) for r in rows if r["side"] == "client"),
        "paid_in": sum(float(r["paid"] or 0) for r in rows if r["side"] == "freelancer"),
        "returned": sum(float(r["returned"] or 0) for r in rows),
        "counterparts": len({r["counterpart"] for r in rows}),
        "currencies": sorted({r["currency"] for r in rows if r["currency"]}),
    }
    return rows[:CONTRACT_LIMIT], totals


def account_logins(cur: duckdb.DuckDBPyConnection, account_id: str) -> dict[str, Any] | None:
    """A summary of the account's logins: how many, when, from how many places and devices."""
    if not table_exists(cur, "staging", "logins"):
        return None
    cur.execute(
        """
        select count(*) as logins, min(ts) as first_login, max(ts) as last_login,
               count(distinct ip) as ips, count(distinct ip_network) as networks,
               count(distinct device_id) as devices,
               count(distinct date_trunc('day', ts)) as active_days
        from staging.logins where account_id = ?
        """,
        [account_id],
    )
    summary = _one(cur)
    cur.execute(
        """
        select ip_class, count(*) as logins from staging.logins where account_id = ?
        group by ip_class order by logins desc, ip_class
        """,
        [account_id],
    )
    summary = summary or {}
    summary["by_class"] = _dicts(cur)
    return summary
