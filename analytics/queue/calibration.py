"""Scores comparable across patterns: each detector's score mapped to the chance that a case
like it is confirmed.

Per pattern, a logistic curve (Platt scaling) is fitted to every case the detector scored:
a case is a positive when it overlaps a fraud label of its pattern (planted ground truth, or a
confirmed decision), and a negative otherwise (legit labels, dismissals, and cases nobody has
confirmed). The calibrated score is therefore the chance that a case with this raw score is
*confirmed*: exact for a synthetic data set whose labels are complete, and for real decisions
an underestimate that shrinks as more of the queue gets reviewed. Platt's smoothed targets and
a small ridge keep the curve finite when the classes separate perfectly, as planted data
often do. With fewer than calibration_min_labels positives (or negatives) the raw
score is used as it is, and queues.calibration says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl


@dataclass(frozen=True)
class Calibration:
    pattern: str
    method: str  # "platt" or "raw"
    slope: float
    intercept: float
    positives: int
    negatives: int

    def apply(self, raw: np.ndarray) -> np.ndarray:
        if self.method == "raw":
            return raw
        return 1.0 / (1.0 + np.exp(-(self.slope * raw + self.intercept)))


def fit_platt(raw: np.ndarray, positive: np.ndarray, ridge: float) -> tuple[float, float]:
    """Slope and intercept of P(positive | raw) by Newton's method on the smoothed targets."""
    n_pos, n_neg = positive.sum(), (~positive).sum()
    target = np.where(positive, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    design = np.column_stack([raw, np.ones_like(raw)])
    weights = np.zeros(2)
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-design @ weights))
        gradient = design.T @ (p - target) + ridge * weights
        hessian = (design.T * (p * (1 - p))) @ design + ridge * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-9:
            break
    return float(weights[0]), float(weights[1])


def case_labels(cases: pl.DataFrame, labels: pl.DataFrame) -> pl.DataFrame:
    """case_key -> label (fraud / legit) for cases overlapping labels of their own pattern.

    ``cases``: case_key, pattern, account_ids. ``labels``: account_id, label, pattern.
    """
    members = cases.select("case_key", "pattern", "account_ids").explode("account_ids")
    joined = members.rename({"account_ids": "account_id"}).join(
        labels.select("account_id", "label", "pattern"), on=["account_id", "pattern"]
    )
    return joined.group_by("case_key").agg(
        pl.when((pl.col("label") == "fraud").any())
        .then(pl.lit("fraud"))
        .otherwise(pl.lit("legit"))
        .alias("label")
    )


def calibrate(
    cases: pl.DataFrame, labels: pl.DataFrame, min_labels: int, ridge: float
) -> dict[str, Calibration]:
    """One calibration per pattern present in ``cases`` (case_key, pattern, raw_score,
    account_ids)."""
    labelled = cases.join(case_labels(cases, labels), on="case_key", how="left")
    result = {}
    for pattern in sorted(cases["pattern"].unique().to_list()):
        rows = labelled.filter(pl.col("pattern") == pattern)
        positive = (rows["label"] == "fraud").fill_null(False).to_numpy()
        n_pos, n_neg = int(positive.sum()), int((~positive).sum())
        if n_pos < min_labels or n_neg < min_labels:
            result[pattern] = Calibration(pattern, "raw", 1.0, 0.0, n_pos, n_neg)
            continue
        slope, intercept = fit_platt(rows["raw_score"].to_numpy().astype(float), positive, ridge)
        result[pattern] = Calibration(pattern, "platt", slope, intercept, n_pos, n_neg)
    return result
