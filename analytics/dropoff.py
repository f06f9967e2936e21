"""Payment drop-off after contact sharing: the pair timelines and their score.

Contact details in the workroom are not the offence; money leaving is. So a pair is scored on
the sequence: payments before the first contact, the fall after it, and the relationship
going on without them.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analytics import sql

# A pair needs a few on-platform payments before the contact for a fall to mean anything,
# and a few weeks after it before a stop can be told from a pause.
MIN_PAYMENTS_BEFORE = 2
WEEKS_TO_JUDGE = 4.0


@dataclass(frozen=True)
class DropoffSummary:
    pairs: int
    scored_at_least_half: int


def build_contact_dropoff(con: duckdb.DuckDBPyConnection) -> int:
    """``features.contact_dropoff``: one payment timeline per pair with contact shared."""
    sql.run(con, "features/contact_dropoff")
    return con.execute("select count(*) from features.contact_dropoff").fetchone()[0]


def score_contact_dropoffs(con: duckdb.DuckDBPyConnection) -> DropoffSummary:
    """``scores.contact_dropoffs``: score and reasons per pair."""
    sql.run(
        con,
        "scores/contact_dropoffs",
        {"min_payments_before": MIN_PAYMENTS_BEFORE, "weeks_to_judge": WEEKS_TO_JUDGE},
    )
    pairs, high = con.execute(
        "select count(*), count(*) filter (where score >= 0.5) from scores.contact_dropoffs"
    ).fetchone()
    return DropoffSummary(pairs, high)
