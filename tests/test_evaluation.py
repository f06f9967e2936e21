"""The evaluation arithmetic on rankings small enough to check by hand."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.evaluation import evaluate_ranking

LABELS = pl.DataFrame(
    {
        "account_id": ["a1", "a2", "b1", "b2", "c1", "n1", "n2", "x1"],
        "label": ["fraud", "fraud", "fraud", "fraud", "fraud", "legit", "legit", "fraud"],
        "pattern": ["ring"] * 7 + ["immediate_hire"],
        "case_key": [
            "ring:shared_card:001",
            "ring:shared_card:001",
            "ring:shared_device:001",
            "ring:shared_device:001",
            "ring:shared_card:002",
            "household:router:001",
            "household:router:001",
            "immediate_hire:same_device:001",
        ],
    }
)


def _cases(*groups: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"rank": list(range(1, len(groups) + 1)), "account_ids": list(groups)})


def test_perfect_ranking() -> None:
    result = evaluate_ranking(_cases(["a1", "a2"], ["c1"], ["b2", "zz"], ["n1"]), LABELS, "ring")
    assert result.planted == 3
    assert result.average_precision == 1.0
    assert result.precision_at_planted == 1.0
    assert result.best_negative_rank == 4
    assert result.negatives_in_top_planted == 0


def test_negative_on_top_and_duplicates_cost_precision() -> None:
    # household first, then a card ring, the same card ring again, then the device ring;
    # the second card ring is never found.
    result = evaluate_ranking(_cases(["n1", "n2"], ["a1"], ["a2"], ["b1"], ["x1"]), LABELS, "ring")
    assert result.average_precision == pytest.approx((1 / 2 + 2 / 4) / 3, abs=1e-4)
    assert result.precision_at_planted == pytest.approx(1 / 3, abs=1e-4)
    assert result.best_negative_rank == 1
    assert result.negatives_in_top_planted == 1
    card = result.by_style["shared_card"]
    assert (card["planted"], card["found"]) == (2, 1)
    # Within the card style the device ring is set aside: [miss, hit, miss] for 2 relevant.
    assert card["average_precision"] == pytest.approx(0.25, abs=1e-4)
    assert result.by_style["shared_device"]["recall_at_planted"] == 0.0  # behind the household


def test_other_patterns_are_ignored() -> None:
    result = evaluate_ranking(_cases(["x1"]), LABELS, "immediate_hire")
    assert (result.planted, result.average_precision) == (1, 1.0)


def test_fraud_of_another_pattern_is_set_aside_not_a_miss() -> None:
    # x1 is an immediate-hire fraud that also surfaced as a ring case: neither hit nor miss.
    result = evaluate_ranking(_cases(["x1"], ["a1"], ["b1"], ["c1"]), LABELS, "ring")
    assert result.average_precision == 1.0
    assert result.precision_at_planted == 1.0
