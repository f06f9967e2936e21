"""Checks on the ring detector's tables."""

from __future__ import annotations

from analytics import quality
from analytics.detectors.shape import Check

CHECKS = (
    Check(
        "graph/identity_groups",
        "no_giant_group",
        lambda con, p: quality.identity_groups_bounded(con, p.ring.max_group_size),
        "The largest identity group is within the size Leiden splits down to.",
    ),
    Check(
        "graph/identity_groups",
        "share_in_groups",
        lambda con, p: quality.share_in_identity_groups(con, p.ring.groups_share_warning),
        "Warns when more than groups_share_warning of accounts are in identity groups: linking "
        "went loose.",
        blocking=False,
    ),
    Check(
        "scores/rings",
        "scores_well_formed",
        lambda con, p: quality.scores_well_formed(con, "scores.rings", "candidate_id"),
        "Scores in [0, 1], one row per candidate, reasons for every non-zero score.",
    ),
)
