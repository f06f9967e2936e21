"""What each page shows, gathered from the snapshot and the decisions store into plain values.

The route handlers in ``review.app`` deal with HTTP; these functions deal with the evidence, so
the tests and the benchmark can call them without a server.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import duckdb

from analytics import patterns
from analytics.queue.decisions import DISMISS_REASONS, REOPENED, STATUSES
from review import assignments, history, queries
from review.charts import weekly_chart
from review.highlight import segments
from review.network import build_picture
from review.queries import ASSIGNED, QUEUE_STATUSES, SORTS, QueueFilter
from review.users import User


def utc_now() -> datetime:
    """Now in UTC without a zone, like the snapshot's timestamps."""
    return datetime.now(UTC).replace(tzinfo=None)


def parse_filter(params: dict[str, str]) -> tuple[QueueFilter, list[str]]:
    """A QueueFilter from query-string values: unknown values are dropped, with a notice."""
    notices: list[str] = []
    pattern = params.get("pattern") or None
    if pattern is not None and pattern not in patterns.names():
        notices.append("Unknown pattern ignored.")
        pattern = None
    status = params.get("status") or None
    if status is not None and status not in QUEUE_STATUSES:
        notices.append("Unknown status ignored.")
        status = None
    min_score: float | None = None
    if params.get("min_score"):
        try:
            value = float(params["min_score"])
        except ValueError:
            value = math.nan
        if math.isfinite(value):
            min_score = min(1.0, max(0.0, value))
        else:
            notices.append("The minimum score must be a number between 0 and 1.")
    sort = params.get("sort") or "rank"
    if sort not in SORTS:
        notices.append("Unknown sort order ignored.")
        sort = "rank"
    try:
        page = max(1, int(params.get("page") or 1))
    except ValueError:
        page = 1
    account = (params.get("q") or "").strip()[:100] or None
    new_only = params.get("new") in ("1", "on", "true")
    assigned = params.get("assigned") or None
    if assigned is not None and assigned not in ASSIGNED:
        notices.append("Unknown assignment filter ignored.")
        assigned = None
    flt = QueueFilter(pattern, status, min_score, new_only, account, sort, page, assigned)
    return flt, notices


def queue_url(flt: QueueFilter, **changes: Any) -> str:
    """The queue's URL for ``flt`` with ``changes`` (e.g. page=3), default values left out."""
    values = {**asdict(flt), **changes}
    query = {
        "pattern": values["pattern"],
        "status": values["status"],
        "min_score": values["min_score"],
        "new": "1" if values["new_only"] else None,
        "q": values["account"],
        "assigned": values["assigned"],
        "sort": None if values["sort"] == "rank" else values["sort"],
        "page": None if values["page"] == 1 else values["page"],
    }
    encoded = urlencode({k: v for k, v in query.items() if v is not None})
    return "/" + (f"?{encoded}" if encoded else "")


def queue_context(
    cur: duckdb.DuckDBPyConnection, store: Path, flt: QueueFilter, now: datetime
) -> dict[str, Any]:
    run = queries.latest_run(cur)
    page = queries.queue_page(cur, flt, now)
    ids = [row["case_id"] for row in page.rows]
    latest = history.latest_for(store, ids)
    assigned = assignments.current(store, ids)
    ran_at = run["ran_at"] if run else None
    for row in page.rows:
        row["assignee"] = (assigned.get(row["case_id"]) or {}).get("assignee")
        decided = latest.get(row["case_id"])
        # A decision recorded after the snapshot's run takes effect at the next run.
        row["pending"] = (
            decided
            if decided is not None and ran_at is not None and _after(decided["decided_at"], ran_at)
            else None
        )
        row["more_members"] = max(0, row["n_members"] - len(row["first_members"]))
    first = (page.page - 1) * queries.PAGE_SIZE
    return {
        "run": run,
        "page": page,
        "flt": flt,
        "patterns": patterns.names(),
        "statuses": QUEUE_STATUSES,
        "assigned_filters": ASSIGNED,
        "sorts": list(SORTS),
        "shown_from": first + 1 if page.rows else 0,
        "shown_to": first + len(page.rows),
        "prev_url": queue_url(flt, page=page.page - 1) if page.page > 1 else None,
        "next_url": queue_url(flt, page=page.page + 1) if page.page < page.pages else None,
        "first_url": queue_url(flt, page=1),
        "last_url": queue_url(flt, page=page.pages),
        "clear_url": "/",
    }


def _after(decided_at: str, ran_at: datetime) -> bool:
    try:
        when = datetime.fromisoformat(decided_at)
    except ValueError:
        return False
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when > ran_at


def format_value(column: str, value: Any) -> str:
    """A key figure as text: shares as percentages, money with thousands, lists joined."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "none"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if column.endswith("_share"):
        return f"{float(value):.0%}"
    if isinstance(value, Decimal) or column.startswith(("paid", "weekly")) or "_paid" in column:
        return f"{float(value):,.2f}"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.3f}".rstrip("0").rstrip(".")
    return f"{value:,}" if isinstance(value, int) else str(value)


def _shared_identifiers(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per identifier value linking members: who shares it, how rare it is."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for link in links:
        for item in link["evidence"] or []:
            key = (item["kind"], item["value"])
            holders[key] |= {link["account_a"], link["account_b"]}
            best = groups.get(key)
            if best is None or (item.get("weight") or 0) > (best.get("weight") or 0):
                groups[key] = dict(item)
            if item.get("days_together") is not None:
                groups[key]["days_together"] = max(
                    groups[key].get("days_together") or 0, item["days_together"]
                )
    rows = [{**groups[key], "accounts": sorted(holders[key])} for key in groups]
    rows.sort(key=lambda r: (-(r.get("weight") or 0), -len(r["accounts"]), r["kind"], r["value"]))
    return rows


def _case_roles(
    cur: duckdb.DuckDBPyConnection, header: dict[str, Any], dropoff: dict[str, Any] | None
) -> dict[str, str]:
    pattern, ids = header["pattern"], header["account_ids"]
    if pattern == "ring" and header["detector_key"]:
        roles = queries.ring_roles(cur, header["detector_key"])
        return {
            account: {
                "identity": "linked by identifiers",
                "contracts": "works mostly for the group",
                "contract_block": "dense contract block",
            }.get(row["how_joined"], row["how_joined"] or "")
            for account, row in roles.items()
        }
    if pattern == "immediate_hire" and ids:
        return {ids[0]: "hired freelancer", **{a: "fresh client" for a in ids[1:]}}
    if pattern == "contact_dropoff" and dropoff is not None:
        sender = dropoff["first_contact_sender"]
        return {a: "sent the first contact" if a == sender else "received it" for a in ids}
    return {}


def is_settled(
    decisions: list[dict[str, Any]], header: dict[str, Any], ran_at: datetime | None
) -> bool:
    """The case stands confirmed or dismissed: only a lead may change or reopen it.

    ``decisions`` newest first. A settled case that the latest run put back in the queue,
    because it changed materially since, is open to investigators again.
    """
    if not decisions or decisions[0]["status"] not in ("confirmed", "dismissed"):
        return False
    pending = ran_at is None or _after(decisions[0]["decided_at"], ran_at)
    came_back = bool(header.get("in_queue") and header.get("change_since_decision"))
    return pending or not came_back


def may_decide(user: User, settled: bool, status: str) -> str | None:
    """Why ``user`` may not record ``status`` on a case, or None when they may."""
    if status == REOPENED:
        if not user.is_lead:
            return "Only a lead can reopen a decided case."
        if not settled:
            return "Only a confirmed or dismissed case can be reopened."
        return None
    if settled and not user.is_lead:
        return "This case is decided; only a lead can change or reopen it."
    return None


def may_assign(user: User, current: str | None, assignee: str | None) -> str | None:
    """Why ``user`` may not give the case to ``assignee`` (None: to nobody), or None.

    A lead assigns to anyone; an investigator takes an unassigned case or releases their own.
    """
    if user.is_lead or current == assignee:
        return None
    if assignee == user.name and current is None:
        return None
    if assignee is None and current == user.name:
        return None
    return "Only a lead can assign a case to someone else or take it from someone."


def case_context(
    cur: duckdb.DuckDBPyConnection, store: Path, case_id: str, now: datetime
) -> dict[str, Any] | None:
    """Everything the case page shows, or None when the snapshot has never queued the case."""
    header = queries.case_header(cur, case_id, now)
    if header is None:
        return None
    run = queries.latest_run(cur)
    pattern, key, ids = header["pattern"], header["detector_key"], header["account_ids"]
    end = queries.as_of(cur)
    dropoff = queries.dropoff_pair(cur, key) if pattern == "contact_dropoff" and key else None
    roles = _case_roles(cur, header, dropoff)
    members = queries.members(cur, ids, end)
    for m in members:
        m["case_role"] = roles.get(m["account_id"], "")

    links = queries.member_links(cur, ids)
    if pattern == "immediate_hire":
        known = {(link["account_a"], link["account_b"]) for link in links}
        links += [
            link
            for link in queries.hire_links(cur, header["contract_ids"])
            if (link["account_a"], link["account_b"]) not in known
        ]
    contracts, contracts_total = queries.member_contracts(cur, ids, header["contract_ids"])
    picture = build_picture(members, links, contracts)

    chart, messages, messages_total = None, [], 0
    if dropoff is not None:
        client, freelancer = dropoff["client_id"], dropoff["freelancer_id"]
        chart = weekly_chart(
            queries.weekly_payments(cur, client, freelancer),
            dropoff["first_contact_ts"],
            dropoff["first_contact_kind"],
            dropoff["as_of"] or end,
        )
        messages, messages_total = queries.pair_messages(cur, client, freelancer)
        for message in messages:
            message["segments"] = segments(message["body"] or "", message["findings"])
            message["is_first_contact"] = (
                message["message_id"] == dropoff["first_contact_message_id"]
            )

    figures = queries.key_figures(cur, pattern, key)
    for figure in figures:
        figure["text"] = format_value(figure["column"], figure["value"])
    decisions = history.case_history(store, case_id)
    ran_at = run["ran_at"] if run else None
    for decision in decisions:
        decision["pending"] = ran_at is not None and _after(decision["decided_at"], ran_at)
    paid_between = sum(float(c["paid"] or 0) for c in contracts)
    assignment_log = assignments.case_log(store, case_id)
    return {
        "case": header,
        "run": run,
        "as_of": end,
        "figures": figures,
        "members": members,
        "shared": _shared_identifiers(links),
        "picture": picture,
        "contracts": contracts,
        "contracts_total": contracts_total,
        "paid_between": paid_between,
        "currencies": sorted({c["currency"] for c in contracts if c["currency"]}),
        "funnel": queries.hire_funnel(cur, header["contract_ids"])
        if pattern == "immediate_hire"
        else [],
        "dropoff": dropoff,
        "chart": chart,
        "messages": messages,
        "messages_total": messages_total,
        "related": queries.related_cases(cur, list(header["related_case_ids"] or [])),
        "decisions": decisions,
        "settled": is_settled(decisions, header, ran_at),
        "assignee": assignment_log[0]["assignee"] if assignment_log else None,
        "assignment_log": assignment_log,
        "statuses": STATUSES,
        "dismiss_reasons": DISMISS_REASONS,
    }


def account_context(
    cur: duckdb.DuckDBPyConnection, store: Path, account_id: str
) -> dict[str, Any] | None:
    """Everything the account page shows, or None when the snapshot has no such account."""
    end = queries.as_of(cur)
    account = queries.account(cur, account_id, end)
    cases = queries.account_cases(cur, account_id)
    if account is None and not cases:
        return None
    run = queries.latest_run(cur)
    ids = [c["case_id"] for c in cases]
    latest = history.latest_for(store, ids)
    assigned = assignments.current(store, ids)
    ran_at = run["ran_at"] if run else None
    for case in cases:
        decided = latest.get(case["case_id"])
        case["pending"] = (
            decided
            if decided is not None and ran_at is not None and _after(decided["decided_at"], ran_at)
            else None
        )
        case["assignee"] = (assigned.get(case["case_id"]) or {}).get("assignee")
    identifiers = queries.account_identifiers(cur, account_id)
    for item in identifiers:
        # A value only this account uses links it to nobody; the case pages never show such
        # values, so neither does this page: kind, class and use are enough to judge it.
        item["shown"] = item["value"] if item["n_accounts"] > 1 else mask(item["value"])
        item["more_accounts"] = (
            item["n_accounts"] - 1 - len(item["other_accounts"]) if item["n_accounts"] > 1 else 0
        )
    contracts, totals = queries.account_contracts(cur, account_id)
    return {
        "account_id": account_id,
        "account": account,
        "run": run,
        "as_of": end,
        "cases": cases,
        "patterns_seen": sorted({c["pattern"] for c in cases}),
        "identifiers": identifiers,
        "shared_limit": queries.SHARED_LIMIT,
        "contracts": contracts,
        "totals": totals,
        "logins": queries.account_logins(cur, account_id),
    }


def mask(value: str | None) -> str:
    """``jonas@proton.me`` as ``jo…me``: enough to tell two values apart, not to read one."""
    text = str(value or "")
    return "…" if len(text) <= 6 else f"{text[:2]}…{text[-2:]}"
