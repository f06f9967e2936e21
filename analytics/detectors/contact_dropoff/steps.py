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
from analytics.detectors.contact_dropoff.channels import CHANNEL_REFERENCE
from analytics.detectors.shape import Metadata, Step, count

if TYPE_CHECKING:
    from analytics.progress import Progress
    from analytics.run_params import RunParams


def build_message_contacts(
    con: duckdb.DuckDBPyConnection, params: RunParams, progress: Progress | None = None
) -> Metadata:
    """``features.message_contacts``: contact details and off-platform requests in messages."""
    summary = detect_contacts(con, progress=progress)
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


def build_contact_events(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``features.contact_events``: each personal sharing event with the payments around it."""
    sql.run(con, "features/contact_events", asdict(params.contact_dropoff))
    events, pairs = con.execute(
        "select count(*), count(distinct (client_id, freelancer_id)) from features.contact_events"
    ).fetchone()
    return {"sharing_events": events, "pairs": pairs}


def build_payment_stop_rates(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``features.payment_stop_rates``: how honest pairs billed alike stop, per stratum."""
    sql.run(con, "features/payment_stop_rates", asdict(params.contact_dropoff))
    pairs, stops = con.execute(
        "select sum(pairs), sum(stops) from features.payment_stop_rates"
    ).fetchone()
    return {"pairs_measured": pairs or 0, "stops_while_talking": stops or 0}


def build_contact_dropoff(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``features.contact_dropoff``: one payment timeline per pair, judged at its best event."""
    knobs = {**asdict(params.contact_dropoff), "channel_reference": CHANNEL_REFERENCE}
    sql.run(con, "features/contact_dropoff", knobs)
    later = count(
        con, "select count(*) from features.contact_dropoff where judged_event_number > 1"
    )
    return {"judged_at_a_later_event": later}


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
        reports_progress=True,
    ),
    Step(
        "features/contact_events",
        build_contact_events,
        deps=("features/message_contacts", "staging/payments", "staging/contracts"),
        description="Each message in which a party shared a personal contact or asked to leave "
        "the platform, with the pair's payments before and after it.",
    ),
    Step(
        "features/payment_stop_rates",
        build_payment_stop_rates,
        deps=("staging/payments", "staging/contracts", "staging/messages"),
        description="How often pairs of this marketplace billed alike stop paying while they "
        "keep talking: the base rate a drop after a contact is judged against.",
    ),
    Step(
        "features/contact_dropoff",
        build_contact_dropoff,
        deps=(
            "features/contact_events",
            "features/payment_stop_rates",
            "staging/payments",
            "staging/logins",
        ),
        description="Per pair: the sharing event the drop is judged at, payments before and "
        "after it, the base rate of such stops, and whether the relationship went on.",
    ),
    Step(
        "scores/contact_dropoffs",
        score_contact_dropoffs,
        deps=("features/contact_dropoff",),
        description="One drop-off score in [0, 1] per pair, with the first contact message, the "
        "before/after payment rates and the activity after.",
    ),
)
