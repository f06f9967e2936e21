"""Score contact detection against hand-labelled messages.

The labelled file has ``message_id,country,body,expected``; ``expected`` is ``;``-separated
``kind=value`` with values normalized the way the table stores them (mailbox, E.164, lower-case
handle, IBAN without spaces, phrase class). The messages run through the real path,
``detect_messages`` (``detect_contacts`` on an in-memory DuckDB), each from its own sender in
``country``. A finding is a true positive when its (kind, value) is expected for that message;
a finding of the right value under another kind (``phone`` where ``whatsapp`` was expected)
counts as one false positive and one false negative.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from analytics.contacts.detect import detect_messages

KINDS = (
    "email",
    "phone",
    "whatsapp",
    "telegram",
    "signal",
    "skype",
    "wechat",
    "paypal",
    "venmo",
    "payoneer",
    "iban",
    "solicitation",
)


def read_labelled(path: str | Path) -> pl.DataFrame:
    """The labelled messages, every column as text (an empty ``expected`` as "")."""
    frame = pl.read_csv(path, infer_schema=False)
    return frame.with_columns(pl.col("expected").fill_null(""), pl.col("country").fill_null(""))


def expected_pairs(labelled: pl.DataFrame) -> pl.DataFrame:
    """One row per expected (message_id, kind, value)."""
    return (
        labelled.select("message_id", pl.col("expected").str.split(";").alias("item"))
        .explode("item")
        .filter(pl.col("item").str.contains("="))
        .select(
            "message_id",
            pl.col("item").str.split_exact("=", 1).struct.rename_fields(["kind", "value"]),
        )
        .unnest("item")
        .with_columns(pl.col("kind").str.strip_chars(), pl.col("value").str.strip_chars())
        .unique()
    )


def detect_labelled(labelled: pl.DataFrame) -> pl.DataFrame:
    """Run the detector (``detect_messages``) over the labelled messages; returns the
    findings table."""
    frame = labelled.select("message_id", pl.col("country").alias("region"), "body")
    return detect_messages(frame).select("message_id", "kind", "value", "obfuscated", "snippet")


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def score(expected: pl.DataFrame, found: pl.DataFrame) -> dict[str, Any]:
    """Per-kind and overall precision/recall of ``found`` against ``expected``."""
    keys = ["message_id", "kind", "value"]
    found = found.select(keys).unique()
    tp = found.join(expected, on=keys, how="semi")
    fp = found.join(expected, on=keys, how="anti")
    fn = expected.join(found, on=keys, how="anti")

    def counts(frame: pl.DataFrame) -> dict[str, int]:
        return dict(frame.group_by("kind").len().iter_rows())

    tps, fps, fns = counts(tp), counts(fp), counts(fn)
    by_kind = {}
    for kind in KINDS:
        t, f, n = tps.get(kind, 0), fps.get(kind, 0), fns.get(kind, 0)
        by_kind[kind] = {
            "tp": t,
            "fp": f,
            "fn": n,
            "precision": _ratio(t, t + f),
            "recall": _ratio(t, t + n),
        }
    t, f, n = tp.height, fp.height, fn.height
    return {
        "overall": {
            "tp": t,
            "fp": f,
            "fn": n,
            "precision": _ratio(t, t + f),
            "recall": _ratio(t, t + n),
        },
        "by_kind": by_kind,
        "false_positives": fp.sort(keys).rows(named=True),
        "false_negatives": fn.sort(keys).rows(named=True),
    }


def evaluate_labelled_set(path: str | Path) -> dict[str, Any]:
    """Precision and recall per kind and overall on the labelled file at ``path``.

    Returns ``{"messages", "negatives", "expected", "overall": {tp, fp, fn, precision,
    recall}, "by_kind": {kind: {...}}, "false_positives": [...], "false_negatives": [...]}``;
    precision or recall is None where its denominator is zero.
    """
    labelled = read_labelled(path)
    expected = expected_pairs(labelled)
    found = detect_labelled(labelled)
    result = score(expected, found)
    return {
        "messages": labelled.height,
        "negatives": labelled.filter(pl.col("expected").str.strip_chars() == "").height,
        "expected": expected.height,
        **result,
    }
