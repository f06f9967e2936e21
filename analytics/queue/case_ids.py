"""Stable case ids: a case keeps its id from run to run, also when a member joins or leaves.

A new case's id is derived from its pattern and members, so the same input gives the same ids
even in a fresh database. A case that overlaps a case of the same pattern from the previous
run (Jaccard similarity of members at least case_min_jaccard) takes over that case's id; pairs are
matched best first, one to one.
"""

from __future__ import annotations

import hashlib

import polars as pl

from analytics import patterns


def new_case_id(pattern: str, account_ids: list[str]) -> str:
    digest = hashlib.sha1("\n".join(sorted(account_ids)).encode()).hexdigest()[:10]
    return f"{patterns.get(pattern).case_prefix}-{digest}"


def assign_case_ids(
    current: pl.DataFrame, previous: pl.DataFrame, min_jaccard: float
) -> pl.DataFrame:
    """case_key -> case_id, is_new. ``current``: case_key, pattern, account_ids.
    ``previous``: case_id, pattern, account_ids (the registry before this run)."""
    cur = current.select("case_key", "pattern", "account_ids").with_columns(
        pl.col("account_ids").list.len().alias("n_cur")
    )
    prev = previous.select("case_id", "pattern", "account_ids").with_columns(
        pl.col("account_ids").list.len().alias("n_prev")
    )
    overlap = (
        cur.explode("account_ids")
        .join(prev.explode("account_ids"), on=["pattern", "account_ids"])
        .group_by("case_key", "case_id")
        .agg(pl.len().alias("shared"), pl.first("n_cur"), pl.first("n_prev"))
        .with_columns(
            (pl.col("shared") / (pl.col("n_cur") + pl.col("n_prev") - pl.col("shared"))).alias(
                "jaccard"
            )
        )
        .filter(pl.col("jaccard") >= min_jaccard)
        .sort(["jaccard", "case_key", "case_id"], descending=[True, False, False])
    )
    taken_keys: set[str] = set()
    taken_ids: set[str] = set()
    matched: dict[str, str] = {}
    for key, case_id in overlap.select("case_key", "case_id").iter_rows():
        if key not in taken_keys and case_id not in taken_ids:
            matched[key] = case_id
            taken_keys.add(key)
            taken_ids.add(case_id)
    rows = [
        (key, matched.get(key) or new_case_id(pattern, accounts), key not in matched)
        for key, pattern, accounts in cur.select("case_key", "pattern", "account_ids").iter_rows()
    ]
    return pl.DataFrame(
        rows,
        schema={"case_key": pl.String, "case_id": pl.String, "is_new": pl.Boolean},
        orient="row",
    )
