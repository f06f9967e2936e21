"""Build ``features.message_contacts``: contact details and solicitation found in messages.

Three stages, cheapest first, each seeing fewer rows than the one before:

1. DuckDB (``sql/features/message_contact_candidates.sql``): one RE2 regex over every body
   keeps the messages that could hold a contact at all.
2. polars (``extract``): de-obfuscation and every extractor, column-wise, over the candidates,
   streamed from DuckDB in Arrow batches so memory stays flat whatever the number of messages.
3. Python, only where a library demands it and only once per distinct value: libphonenumber
   for phone spans, the IBAN checksum, and offset mapping in bodies with zero-width or
   expanding characters.

The findings go back to DuckDB as an Arrow table; ``sql/features/message_contacts.sql``
normalizes mailboxes with the ``normalize_email`` macro, keeps the first occurrence of each
(message, kind, value) and matches values against the accounts' own email and phone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from time import perf_counter

import duckdb
import polars as pl

from analytics import db, reuse, sql
from analytics.contacts import extract, patterns, redact
from analytics.contacts.deobfuscate import body_offset
from analytics.progress import Progress, report, statement_progress

OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "message_id": pl.String(),
    "kind": pl.String(),
    "value": pl.String(),
    "value_type": pl.String(),
    "start_offset": pl.Int64(),
    "end_offset": pl.Int64(),
    "obfuscated": pl.Boolean(),
    "snippet": pl.String(),
}


@dataclass(frozen=True)
class ContactSummary:
    """What one run found and what each stage cost (no message text: safe for metadata)."""

    messages: int
    candidates: int | None  # None when the table was kept from the previous run
    findings: int
    messages_with_findings: int
    by_kind: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    reused: bool = False  # kept from the previous run: same messages and accounts, same code

    @property
    def candidate_share(self) -> float | None:
        """Share of messages that passed the SQL prefilter (None when nothing was scanned)."""
        if self.candidates is None:
            return None
        return self.candidates / self.messages if self.messages else 0.0


def _label_channels(findings: pl.DataFrame) -> pl.DataFrame:
    """An email or phone right after (or before) a channel name becomes that channel's kind."""

    def channel(window: str, pattern: str) -> pl.Expr:
        return extract.channel_kind(pl.col(window).str.extract(pattern, 1))

    found = pl.coalesce(
        channel("pre", patterns.CHANNEL_BEFORE), channel("post", patterns.CHANNEL_AFTER)
    )
    email_channel = _is_in(found, patterns.EMAIL_CHANNELS) & (pl.col("kind") == "email")
    phone_channel = _is_in(found, patterns.PHONE_CHANNELS) & (pl.col("kind") == "phone")
    return findings.with_columns(
        pl.when(email_channel | phone_channel).then(found).otherwise(pl.col("kind")).alias("kind")
    )


def _is_in(expr: pl.Expr, values: frozenset[str]) -> pl.Expr:
    return expr.is_in(sorted(values)).fill_null(False)


def _drop_overlapped(findings: pl.DataFrame) -> pl.DataFrame:
    """Where two contact findings overlap, keep the one of lower priority number."""
    contacts = findings.filter(pl.col("priority") < extract.PHRASE_PRIORITY)
    others = contacts.select(
        "idx",
        pl.col("fid").alias("o_fid"),
        pl.col("cs").alias("o_cs"),
        pl.col("ce").alias("o_ce"),
        pl.col("priority").alias("o_priority"),
    )
    losers = (
        contacts.select("fid", "idx", "cs", "ce", "priority")
        .join(others, on="idx")
        .filter(
            (pl.col("o_fid") != pl.col("fid"))
            & (pl.col("o_priority") < pl.col("priority"))
            & (pl.col("o_cs") < pl.col("ce"))
            & (pl.col("cs") < pl.col("o_ce"))
        )
        .select("fid")
        .unique()
    )
    return findings.join(losers, on="fid", how="anti")


def _body_offsets(findings: pl.DataFrame) -> pl.DataFrame:
    """``s``/``e`` in the original body: the clean offsets, except in bodies where characters
    vanish or expand, which are mapped in Python (rare: zero-width tricks, ligatures)."""
    shifted = findings.filter("shifted")
    mapped = pl.DataFrame(
        [
            (fid, body_offset(body, cs), body_offset(body, max(ce - 1, cs)) + 1)
            for fid, body, cs, ce in shifted.select("fid", "body", "cs", "ce").iter_rows()
        ],
        schema={"fid": pl.UInt32, "s_map": pl.Int64, "e_map": pl.Int64},
        orient="row",
    )
    return (
        findings.join(mapped, on="fid", how="left")
        .with_columns(
            pl.coalesce("s_map", "cs").alias("s"),
            pl.coalesce("e_map", "ce").alias("e"),
        )
        .drop("s_map", "e_map")
    )


def find_contacts(candidates: pl.DataFrame) -> pl.DataFrame:
    """Findings in a frame of ``message_id``, ``region`` (sender's country), ``body``.

    Pure polars in, polars out (``OUTPUT_SCHEMA``); no database needed. Emails are returned as
    plain addresses, not yet normalized (the SQL step does that with ``normalize_email``).
    """
    if candidates.is_empty():
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    texts = extract.prepare(candidates.select("message_id", "region", "body"))
    link_found, link_numbers = extract.links(texts)
    parts = [
        extract.emails(texts),
        link_found,
        extract.handles(texts),
        extract.payoneer_ids(texts),
        extract.ibans(texts),
        extract.phone_numbers(texts, link_numbers),
        extract.solicitations(texts),
    ]
    findings = pl.concat(parts, how="vertical_relaxed").with_row_index("fid")
    if findings.is_empty():
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    findings = _drop_overlapped(_label_channels(findings))
    findings = findings.sort("idx", "cs", "ce").unique(
        subset=["idx", "kind", "value"], keep="first", maintain_order=True
    )
    findings = findings.join(
        texts.select("idx", "message_id", "body", "shifted"), on="idx", how="left"
    )
    findings = _body_offsets(findings)
    contact = pl.col("priority") < extract.PHRASE_PRIORITY
    findings = findings.join(redact.neighbours(findings, contact), on="fid", how="left")
    disguised = pl.col("body").str.slice(pl.col("s"), pl.col("e") - pl.col("s"))
    return findings.select(
        "message_id",
        "kind",
        "value",
        "value_type",
        pl.col("s").alias("start_offset"),
        pl.col("e").alias("end_offset"),
        (pl.col("obfuscated") | disguised.str.contains(r"[^\x00-\x7f]")).alias("obfuscated"),
        redact.snippet_expr().alias("snippet"),
    ).cast(OUTPUT_SCHEMA)  # type: ignore[arg-type]


TABLE = "features.message_contacts"
SOURCES = ("staging.messages", "staging.accounts")
CODE: reuse.Code = (
    ("analytics.contacts.detect",),
    ("features/message_contact*.sql", "macros/*.sql"),
)


def detect_contacts(
    con: duckdb.DuckDBPyConnection,
    *,
    batch_rows: int = 500_000,
    progress: Progress | None = None,
) -> ContactSummary:
    """Build ``features.message_contacts`` from ``staging.messages`` and ``staging.accounts``,
    or keep it when those and the detector are unchanged since it was built (``analytics.reuse``).

    Candidates are streamed to polars ``batch_rows`` at a time; the table is replaced whole.
    ``progress`` hears "messages prefiltered" (DuckDB's estimate) and "messages scanned".
    """
    clock = {"start": perf_counter()}
    kept, candidates = reuse.keep_or_build(
        con,
        [TABLE],
        lambda: _detect(con, batch_rows, clock, progress),
        code=CODE,
        sources=SOURCES,
    )
    clock["end"] = perf_counter()
    (messages,) = con.execute("select count(*) from staging.messages").fetchone()
    n_findings, n_messages = con.execute(
        "select count(*), count(distinct message_id) from features.message_contacts"
    ).fetchone()
    by_kind = dict(
        con.execute(
            "select kind, count(*) from features.message_contacts group by kind order by kind"
        ).fetchall()
    )
    steps = [s for s in ("start", "prefilter", "extract", "write") if s in clock]
    seconds = {b: round(clock[b] - clock[a], 3) for a, b in pairwise(steps)}
    seconds["total"] = round(clock["end"] - clock["start"], 3)
    return ContactSummary(messages, candidates, n_findings, n_messages, by_kind, seconds, kept)


def detect_messages(messages: pl.DataFrame) -> pl.DataFrame:
    """``features.message_contacts`` for a frame of ``message_id``, ``region``, ``body``,
    built exactly as a run builds it (prefilter, ``find_contacts``, ``message_contacts.sql``)
    on an in-memory DuckDB, each message from a sender of its own in ``region`` (the default
    phone region; null or '' for none). No account holds an email or phone, so
    ``matched_account_id`` is null; ``contract_id`` and ``recipient_id`` are null too."""
    con = db.connect()
    try:
        con.register("texts", messages.select("message_id", "region", "body").to_arrow())
        con.execute(
            "create table staging.accounts as "
            "select 's_' || message_id as account_id, upper(nullif(region, '')) as country, "
            "null::varchar as email_normalized, null::varchar as phone_e164 from texts"
        )
        con.execute(
            "create table staging.messages as select message_id, null::varchar as contract_id, "
            "'s_' || message_id as sender_id, null::varchar as recipient_id, "
            "timestamp '2025-01-01' as ts, body from texts"
        )
        con.unregister("texts")
        detect_contacts(con)
        return con.sql("select * from features.message_contacts").pl()
    finally:
        con.close()


def _detect(
    con: duckdb.DuckDBPyConnection,
    batch_rows: int,
    clock: dict[str, float],
    progress: Progress | None = None,
) -> int:
    """Scan the prefiltered messages and write the table; returns how many were scanned."""
    total = None
    if progress is not None:
        (total,) = con.execute("select count(*) from staging.messages").fetchone()
    with statement_progress(con, progress, "messages prefiltered", total or 0):
        sql.run(con, "features/message_contact_candidates", {"prefilter": patterns.PREFILTER})
    clock["prefilter"] = perf_counter()
    if progress is not None:
        (total,) = con.execute("select count(*) from contact_candidates").fetchone()
    report(progress, "messages scanned", 0, total)
    frames, candidates = [], 0
    reader = con.sql("select message_id, region, body from contact_candidates").to_arrow_reader(
        batch_rows
    )
    for batch in reader:
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        candidates += frame.height
        frames.append(find_contacts(frame))
        report(progress, "messages scanned", candidates, total)
    clock["extract"] = perf_counter()
    findings = pl.concat(frames) if frames else pl.DataFrame(schema=OUTPUT_SCHEMA)
    con.register("contact_findings", findings.to_arrow())
    try:
        sql.run(con, "features/message_contacts")
    finally:
        con.unregister("contact_findings")
        con.execute("drop table if exists contact_candidates")
    clock["write"] = perf_counter()
    return candidates
