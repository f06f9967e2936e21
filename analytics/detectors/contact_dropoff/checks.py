"""Checks on the contact drop-off detector's tables."""

from __future__ import annotations

from analytics import quality
from analytics.detectors.shape import Check

CHECKS = (
    Check(
        "scores/contact_dropoffs",
        "scores_well_formed",
        lambda con, p: quality.scores_well_formed(con, "scores.contact_dropoffs", "case_key"),
        "Scores in [0, 1], one row per pair, reasons for every non-zero score.",
    ),
)
