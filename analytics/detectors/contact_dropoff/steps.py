"""The contact drop-off detector's tables in build order.

Contact details in the workroom are not the offence; money leaving is. So a pair is scored on
the sequence: payments before the first contact, the fall after it, and the relationship going
on without them. Contact detection itself is its own package (``analytics.contacts``).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import duckdb

from analytics import sql
from analytics.contacts.detect import detect_contacts
from analytics.detectors.shape import Metadata, Step, count

if TYPE_CHECKING:
    from analytics.run_params import RunParams


def build_message_contacts(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``features.message_contacts``: contact details and off-platform requests in messages."""
    summary = detect_contacts(con)
    return {
        "messages": summary.messages,
        "messages_with_findings": summary.messages_with_findings,
        "findings_by_kind": summary.by_kind,
        "seconds_by_stage": summary.seconds,
        "kept_from_previous_run": summary.reused,
        **(
            {"candidate_share": round(summary.candidate_share, 4)}
            if summary.candidate_share is not None
            else {}
        ),
    }


def build_contact_dropoff(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``features.contact_dropoff``: one payment timeline per pair with contact shared."""
    sql.run(con, "features/contact_dropoff", asdict(params.contact_dropoff))
    return {}


def score_contact_dropoffs(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``scores.contact_dropoffs``: score and reasons per pair."""
    sql.run(con, "scores/contact_dropoffs", asdict(params.contact_dropoff))
    high = count(con, "select count(*) from scores.contact_dropoffs where score >= 0.5")
    return {"scored_at_least_half": high}


STEPS = (
    Step(
        "features/message_contacts",
        build_message_contacts,
        deps=("staging/messages", "staging/accounts"),
        description="Contact details and off-platform requests found in workroom messages, "
        "obfuscated ones included, with redacted snippets.",
        kinds=frozenset({"duckdb", "polars"}),
    ),
    Step(
        "features/contact_dropoff",
        build_contact_dropoff,
        deps=("features/message_contacts", "staging/payments", "staging/logins"),
        description="Per pair with contact shared: payments before and after the first contact, "
        "and whether the relationship went on.",
    ),
    Step(
        "scores/contact_dropoffs",
        score_contact_dropoffs,
        deps=("features/contact_dropoff",),
        description="One drop-off score in [0, 1] per pair, with the first contact message, the "
        "before/after payment rates and the activity after.",
    ),
)
