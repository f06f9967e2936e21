"""Contact details in free texts, outside a pipeline run (``ringwatch contacts``, the
conformance benchmark).

``contacts_in_texts`` takes a frame of ``id``, ``text``, ``region`` and returns one row per
finding, exactly what ``features.message_contacts`` would hold for those texts sent as workroom
messages: the same prefilter, extractors, ``normalize_email`` and first-occurrence rule
(``detect.detect_messages``), so a text gives the same findings here as in a run. Set-based:
the only Python loops are the detector's own, once per distinct phone span or IBAN candidate.

``personal`` is the one rule for telling a person's contact detail from a work artefact; see
``personal``.
"""

from __future__ import annotations

import polars as pl

from analytics.contacts import patterns
from analytics.contacts.detect import detect_messages

INPUT_COLUMNS = ("id", "text", "region")
_ROW = "__row"


def personal() -> pl.Expr:
    """Whether a finding is a person's own contact detail (rather than a work artefact).

    The rule, for now: a mailbox whose local part is a role (``patterns.ROLE_LOCAL_PARTS``:
    support@, sales@, noreply@, info@, hello@, admin@, billing@, ...) is not personal;
    everything else (other mailboxes, phones, handles, IBANs, phrases) is. Later rules (shared
    company numbers, a client's own domain) belong here too.
    """
    local = pl.col("value").str.extract(r"^([^@]+)@", 1).str.replace_all(r"[._\-]", "")
    role = (pl.col("value_type") == "email") & local.is_in(sorted(patterns.ROLE_LOCAL_PARTS))
    return ~role.fill_null(False)


def contacts_in_texts(texts: pl.DataFrame) -> pl.DataFrame:
    """Findings in ``texts`` (``id``, ``text``, ``region``: the sender's country, the default
    region for phone numbers, null for none).

    Returns ``id`` (as given), ``kind`` (email, phone, whatsapp, telegram, signal, skype,
    wechat, paypal, venmo, payoneer, iban, solicitation), ``value`` (normalized as stored:
    mailbox, E.164, lower-case handle, ...), ``value_type`` (email, phone, handle, iban,
    account_id, phrase), ``start``/``end`` (character offsets in ``text``), ``obfuscated`` and
    ``personal``; ordered by input row, then offset. Raises ``ValueError`` when a column is
    missing.
    """
    missing = [c for c in INPUT_COLUMNS if c not in texts.columns]
    if missing:
        raise ValueError(f"missing column(s) {', '.join(missing)}; expected {INPUT_COLUMNS}")
    numbered = texts.select("id", "text", "region").with_row_index(_ROW)
    messages = numbered.select(
        pl.col(_ROW).cast(pl.String).alias("message_id"),
        pl.col("region").cast(pl.String),
        pl.col("text").cast(pl.String).alias("body"),
    )
    found = detect_messages(messages).with_columns(pl.col("message_id").cast(pl.UInt32).alias(_ROW))
    return (
        found.join(numbered.select(_ROW, "id"), on=_ROW, how="left")
        .sort(_ROW, "start_offset", "end_offset", "kind")
        .select(
            "id",
            "kind",
            "value",
            "value_type",
            pl.col("start_offset").alias("start"),
            pl.col("end_offset").alias("end"),
            "obfuscated",
            personal().alias("personal"),
        )
    )
