"""Contact drop-off layer: contact details in messages, pair payment timelines, the score."""

from __future__ import annotations

import dagster as dg

from analytics import dropoff
from analytics.contacts.detect import detect_contacts
from pipelines.metadata import asset_key as _key
from pipelines.metadata import table_metadata
from pipelines.resources import DuckDBResource


@dg.asset(
    key=_key("features/message_contacts"),
    group_name="contact_dropoff",
    deps=[_key("staging/messages"), _key("staging/accounts")],
    kinds={"duckdb", "polars"},
    description="Contact details and off-platform requests found in workroom messages, "
    "obfuscated ones included, with redacted snippets.",
)
def message_contacts(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        summary = detect_contacts(con)
        return dg.MaterializeResult(
            metadata={
                **table_metadata(con, "features.message_contacts"),
                "messages": summary.messages,
                "messages_with_findings": summary.messages_with_findings,
                "findings_by_kind": dg.MetadataValue.json(summary.by_kind),
                "seconds_by_stage": dg.MetadataValue.json(summary.seconds),
                "kept_from_previous_run": summary.reused,
                **(
                    {"candidate_share": round(summary.candidate_share, 4)}
                    if summary.candidate_share is not None
                    else {}
                ),
            }
        )


@dg.asset(
    key=_key("features/contact_dropoff"),
    group_name="contact_dropoff",
    deps=[_key("features/message_contacts"), _key("staging/payments"), _key("staging/logins")],
    kinds={"duckdb"},
    description="Per pair with contact shared: payments before and after the first contact, "
    "and whether the relationship went on.",
)
def contact_dropoff(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        dropoff.build_contact_dropoff(con)
        return dg.MaterializeResult(metadata=table_metadata(con, "features.contact_dropoff"))


@dg.asset(
    key=_key("scores/contact_dropoffs"),
    group_name="contact_dropoff",
    deps=[_key("features/contact_dropoff")],
    kinds={"duckdb"},
    description="One drop-off score in [0, 1] per pair, with the first contact message, the "
    "before/after payment rates and the activity after.",
)
def contact_dropoff_scores(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.connect() as con:
        summary = dropoff.score_contact_dropoffs(con)
        return dg.MaterializeResult(
            metadata={
                **table_metadata(con, "scores.contact_dropoffs"),
                "scored_at_least_half": summary.scored_at_least_half,
            }
        )


dropoff_assets = [message_contacts, contact_dropoff, contact_dropoff_scores]
