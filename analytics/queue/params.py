"""The queue's parameters (``[queue]``), each with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.params import param


@dataclass(frozen=True)
class QueueParams:
    min_score: float = param(
        0.05,
        "cases below this raw score are not worth an investigator's time (households, agencies "
        "and crowds that share identifiers but never hire each other score 0)",
    )
    calibration_min_labels: int = param(
        5,
        "a pattern is calibrated on labels only with at least this many positives and "
        "negatives; with fewer its raw score is used",
    )
    calibration_ridge: float = param(
        0.01, "ridge on Platt's fit: keeps the curve finite when the classes separate perfectly"
    )
    case_min_jaccard: float = param(
        0.5,
        "a case takes over an earlier case's id when their members overlap at least this much "
        "(Jaccard), so a member joining or leaving keeps the id",
    )
    change_min_paid: float = param(
        50.0, "a decided case comes back when at least this much more was paid ..."
    )
    change_paid_share: float = param(
        0.1, "... and at least this share more than when it was decided"
    )
    precision_drop_warning: float = param(
        0.05, "a check warns when a pattern's precision falls by more than this since last run"
    )
