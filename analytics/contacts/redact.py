"""Snippets investigators can read without the table leaking the contact details it found.

A snippet is the finding in its sentence: up to ``CONTEXT`` characters of the original body on
each side, with the finding itself replaced by its masked form (``jo***@gm***.com``,
``+1 415 *** **00``). The context never reaches into another contact found in the same message
(it stops where that one starts or ends), and what is left of it is scrubbed generically:
digits become ``#`` and anything shaped like ``x@y`` becomes ``***@***``, so a contact the
detector missed does not leak through the snippet either. Phrases (solicitation) are shown as
written: they are the evidence, not a contact.
"""

from __future__ import annotations

import polars as pl

CONTEXT = 40
ELLIPSIS = "\u2026"


def _scrub(text: pl.Expr) -> pl.Expr:
    return (
        text.str.replace_all(r"\S+@\S+", "***@***")
        .str.replace_all(r"\d", "#")
        .str.replace_all(r"[\r\n\t]+", " ")
    )


def neighbours(findings: pl.DataFrame, contact: pl.Expr) -> pl.DataFrame:
    """For each finding (``fid``): where the previous contact in its message ends and the next
    one starts (``prev_end``, ``next_start``; null when there is none)."""
    contacts = findings.filter(contact).select(
        "idx", pl.col("fid").alias("o_fid"), pl.col("s").alias("o_s"), pl.col("e").alias("o_e")
    )
    pairs = (
        findings.select("fid", "idx", "s", "e")
        .join(contacts, on="idx")
        .filter(pl.col("fid") != pl.col("o_fid"))
    )
    return findings.select("fid").join(
        pairs.group_by("fid").agg(
            pl.col("o_e").filter(pl.col("o_e") <= pl.col("s")).max().alias("prev_end"),
            pl.col("o_s").filter(pl.col("o_s") >= pl.col("e")).min().alias("next_start"),
        ),
        on="fid",
        how="left",
    )


def snippet_expr() -> pl.Expr:
    """The redacted snippet, from ``body``, ``s``, ``e``, ``mask``, ``prev_end``, ``next_start``."""
    s, e = pl.col("s"), pl.col("e")
    body_len = pl.col("body").str.len_chars()
    left = pl.max_horizontal(s - CONTEXT, pl.col("prev_end").fill_null(0), pl.lit(0))
    left = pl.min_horizontal(left, s)
    right = pl.min_horizontal(e + CONTEXT, pl.col("next_start").fill_null(body_len), body_len)
    right = pl.max_horizontal(right, e)
    center = pl.coalesce(pl.col("mask"), pl.col("body").str.slice(s, e - s))
    return pl.concat_str(
        pl.when(left > 0).then(pl.lit(ELLIPSIS)).otherwise(pl.lit("")),
        _scrub(pl.col("body").str.slice(left, s - left)),
        center.str.replace_all(r"[\r\n\t]+", " "),
        _scrub(pl.col("body").str.slice(e, right - e)),
        pl.when(right < body_len).then(pl.lit(ELLIPSIS)).otherwise(pl.lit("")),
    )
