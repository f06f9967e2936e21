"""How well a ranked list of cases finds the planted (or investigator-confirmed) ones.

A case matches a labelled case of its own pattern when they share an account. Walking the
ranking from the top, a case that matches a fraud case not yet found is a hit; anything else
(a legit case, an unlabelled group, a second case for an already-found fraud case) costs the
investigator a review. A case that matches nothing of its own pattern but overlaps fraud of
another pattern (a card-sharing immediate hire that also looks like a ring) is no false alarm
and is set aside. Average precision, precision at k and recall follow from the hits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import polars as pl


@dataclass(frozen=True)
class Evaluation:
    planted: int
    found_in_top_planted: int
    average_precision: float
    precision_at_planted: float
    by_style: dict[str, dict[str, float]]
    negatives_in_top_planted: int
    best_negative_rank: int | None
    precision_at: dict[int, float] = field(default_factory=dict)
    recall_at: dict[int, float] = field(default_factory=dict)
    recall: float = 0.0


def _style(case_key: str) -> str:
    """``ring:shared_card:003`` -> ``shared_card``; a key without style is its own style."""
    parts = case_key.split(":")
    return parts[1] if len(parts) >= 3 else case_key


def _matches(cases: pl.DataFrame, labels: pl.DataFrame) -> pl.DataFrame:
    """Per case (in rank order): the labelled case of its pattern it overlaps most."""
    exploded = (
        cases.select("rank", "pattern", "account_ids")
        .explode("account_ids")
        .rename({"account_ids": "account_id"})
    )
    overlap = (
        exploded.join(labels, on=["account_id", "pattern"], how="inner")
        .group_by("rank", "case_key", "label")
        .agg(pl.len().alias("shared"))
        .sort(["rank", "shared", "case_key"], descending=[False, True, False])
        .unique(subset="rank", keep="first", maintain_order=True)
    )
    return cases.select("rank").join(overlap, on="rank", how="left").sort("rank")


def _set_aside_other_fraud(cases: pl.DataFrame, labels: pl.DataFrame) -> pl.DataFrame:
    """Drop cases that match no label of their own pattern but overlap fraud of another;
    renumber the ranks of the rest."""
    members = (
        cases.select("rank", "pattern", "account_ids")
        .explode("account_ids")
        .rename({"account_ids": "account_id"})
    )
    own = members.join(labels.select("account_id", "pattern"), on=["account_id", "pattern"])
    other = members.join(
        labels.filter(pl.col("label") == "fraud").select(
            "account_id", pl.col("pattern").alias("other_pattern")
        ),
        on="account_id",
    ).filter(pl.col("other_pattern") != pl.col("pattern"))
    aside = other.select("rank").unique().join(own.select("rank").unique(), on="rank", how="anti")
    kept = cases.join(aside, on="rank", how="anti").sort("rank")
    return kept.with_columns(pl.int_range(1, kept.height + 1).alias("rank"))


def _average_precision(hits: list[bool], relevant: int) -> float:
    found, total = 0, 0.0
    for position, hit in enumerate(hits, start=1):
        if hit:
            found += 1
            total += found / position
    return total / relevant if relevant else 0.0


def evaluate_ranking(
    cases: pl.DataFrame,
    labels: pl.DataFrame,
    pattern: str | None = None,
    ks: tuple[int, ...] = (10, 50, 100),
) -> Evaluation:
    """``cases``: rank (1 = first), account_ids, and pattern unless ``pattern`` names the one
    pattern of them all. ``labels``: account_id, label, pattern, case_key. Only labels of the
    cases' patterns count; legit ones are the hard negatives."""
    if pattern is not None:
        cases = cases.with_columns(pl.lit(pattern).alias("pattern"))
    labels = labels.filter(pl.col("case_key").is_not_null())
    cases = _set_aside_other_fraud(cases.sort("rank"), labels)
    labels = labels.filter(pl.col("pattern").is_in(cases["pattern"].unique().to_list()))
    if pattern is not None:
        labels = labels.filter(pl.col("pattern") == pattern)
    planted_keys = labels.filter(pl.col("label") == "fraud")["case_key"].unique().sort().to_list()
    matched = _matches(cases, labels)
    seen: set[str] = set()
    hits: list[bool] = []
    styles: list[str | None] = []
    for key, label in matched.select("case_key", "label").iter_rows():
        hit = label == "fraud" and key not in seen
        if hit:
            seen.add(key)
        hits.append(hit)
        styles.append(_style(key) if label == "fraud" else None)
    n = len(planted_keys)
    by_style: dict[str, dict[str, float]] = {}
    for style in sorted({_style(k) for k in planted_keys}):
        relevant = sum(1 for k in planted_keys if _style(k) == style)
        # Rank within this style: cases of other planted styles are set aside, not counted.
        kept = [h for h, s in zip(hits, styles, strict=True) if s in (None, style)]
        by_style[style] = {
            "planted": relevant,
            "found": sum(1 for h, s in zip(hits, styles, strict=True) if h and s == style),
            "average_precision": round(_average_precision(kept, relevant), 4),
            "recall_at_planted": round(sum(kept[:relevant]) / relevant, 4),
        }
    negative_ranks = [
        rank for rank, label in matched.select("rank", "label").iter_rows() if label == "legit"
    ]
    return Evaluation(
        planted=n,
        found_in_top_planted=sum(hits[:n]),
        average_precision=round(_average_precision(hits, n), 4),
        precision_at_planted=round(sum(hits[:n]) / n, 4) if n else 0.0,
        by_style=by_style,
        negatives_in_top_planted=sum(1 for r in negative_ranks if r <= n),
        best_negative_rank=min(negative_ranks) if negative_ranks else None,
        precision_at={k: round(sum(hits[:k]) / k, 4) for k in ks},
        recall_at={k: round(sum(hits[:k]) / n, 4) if n else 0.0 for k in ks},
        recall=round(sum(hits) / n, 4) if n else 0.0,
    )


def evaluate_table(
    con: duckdb.DuckDBPyConnection, table: str, pattern: str, order_by: str = "score desc"
) -> Evaluation:
    """Evaluate a scores table with ``account_ids`` against ``staging.labels``."""
    cases = con.sql(
        f"select row_number() over (order by {order_by}) as rank, account_ids from {table}"
    ).pl()
    labels = con.sql("select account_id, label, pattern, case_key from staging.labels").pl()
    return evaluate_ranking(cases, labels, pattern)


def evaluate_blocks(con: duckdb.DuckDBPyConnection, styles: set[str]) -> dict:
    """Planted rings of ``styles`` (those that share no identifier), against the ring cases:
    per style, how many come out as a ring case (a case with score > 0 whose members have
    Jaccard >= 0.5 with the planted members) and the Jaccards; and the account precision,
    recall and F1 of the cases found by contract density alone (a dense block, no shared
    identifier, score > 0) against all their planted members."""
    cases = con.execute(
        """
        select candidate_id, score, account_ids
        from scores.rings inner join features.ring_behaviour using (candidate_id)
        where score > 0
        """
    ).fetchall()
    density_only = con.execute(
        """
        select list(distinct member)
        from scores.rings as rings
        inner join features.ring_behaviour as f using (candidate_id),
            unnest(rings.account_ids) as m(member)
        where rings.score > 0 and f.dense_blocks > 0 and len(f.shared_values) = 0
        """
    ).fetchone()[0]
    density_only = set(density_only or [])
    planted = con.execute(
        """
        select case_key, list(account_id)
        from staging.labels
        where label = 'fraud' and pattern = 'ring'
        group by case_key
        """
    ).fetchall()
    out: dict[str, dict] = {}
    truth_all: set[str] = set()
    for key, members in planted:
        style = key.split(":")[1]
        if style not in styles:
            continue
        members = set(members)
        truth_all |= members
        best = max(
            (len(members & set(acc)) / len(members | set(acc)) for _, _, acc in cases),
            default=0.0,
        )
        entry = out.setdefault(style, {"planted": 0, "found": 0, "jaccard": []})
        entry["planted"] += 1
        entry["found"] += best >= 0.5
        entry["jaccard"].append(round(best, 2))
    for style, entry in out.items():
        truth = {a for k, m in planted if k.split(":")[1] == style for a in m}
        hits = len(truth & density_only)
        entry["account_recall"] = round(hits / len(truth), 3) if truth else 0.0
    hits = len(truth_all & density_only)
    precision = hits / len(density_only) if density_only else 0.0
    recall = hits / len(truth_all) if truth_all else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {
        "styles": out,
        "account_precision": round(precision, 3),
        "account_recall": round(recall, 3),
        "account_f1": round(f1, 3),
        "density_only_accounts": len(density_only),
    }
