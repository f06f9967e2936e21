"""Precision of the queue, per pattern and overall, against labels and decisions.

Labels come from the input's ``labels`` table and from investigators' confirmed (fraud) and
dismissed (legit) decisions, so a team sees its own precision as it works the queue.
"""

from __future__ import annotations

import duckdb
import polars as pl

from analytics import patterns, sql
from analytics.evaluation import evaluate_ranking
from analytics.queue.decisions import decision_labels, read_decisions

KS = (10, 50, 100)


def evaluate_queue(con: duckdb.DuckDBPyConnection, decisions_store: str) -> pl.DataFrame:
    """Build ``queues.evaluation``: one row per pattern and one overall, when labels exist.

    Decided cases have left the queue, so the ranking evaluated is every case of this run
    (queues.case_status) in score order: the queue as it would be with no decision taken.
    """
    cases = con.sql(
        """
        select row_number() over (order by status.score desc, status.case_id) as rank,
               status.pattern, registry.account_ids
        from queues.case_status as status
        inner join queues.case_registry as registry using (case_id)
        """
    ).pl()
    labels = pl.concat(
        [
            con.sql(
                "select account_id, label, pattern, case_key from staging.labels "
                "where pattern is not null and case_key is not null"
            ).pl(),
            decision_labels(read_decisions(decisions_store)),
        ]
    )
    rows = []
    for scope in (*patterns.names(), "overall"):
        scoped = cases if scope == "overall" else cases.filter(pl.col("pattern") == scope)
        scoped_labels = labels if scope == "overall" else labels.filter(pl.col("pattern") == scope)
        if scoped_labels.filter(pl.col("label") == "fraud").is_empty():
            continue
        scoped = scoped.with_columns(pl.int_range(1, scoped.height + 1).alias("rank"))
        result = evaluate_ranking(scoped, scoped_labels, ks=KS)
        rows.append(
            {
                "scope": scope,
                "labelled_cases": result.planted,
                "cases": scoped.height,
                "average_precision": result.average_precision,
                "precision_at_10": result.precision_at[10],
                "precision_at_50": result.precision_at[50],
                "precision_at_100": result.precision_at[100],
                "precision_at_labelled": result.precision_at_planted,
                "recall_at_100": result.recall_at[100],
                "recall": result.recall,
            }
        )
    frame = pl.DataFrame(rows) if rows else pl.DataFrame(schema=_SCHEMA)
    con.register("evaluation_frame", frame.cast(_SCHEMA))
    try:
        sql.run(con, "queues/evaluation")
    finally:
        con.unregister("evaluation_frame")
    sql.run(con, "queues/evaluation_history")
    con.execute(
        """
        insert or replace into queues.evaluation_history
        select (select max(run_number) from queues.runs), scope, labelled_cases,
               average_precision, precision_at_100, precision_at_labelled
        from queues.evaluation
        """
    )
    return frame


_SCHEMA = {
    "scope": pl.String,
    "labelled_cases": pl.Int64,
    "cases": pl.Int64,
    "average_precision": pl.Float64,
    "precision_at_10": pl.Float64,
    "precision_at_50": pl.Float64,
    "precision_at_100": pl.Float64,
    "precision_at_labelled": pl.Float64,
    "recall_at_100": pl.Float64,
    "recall": pl.Float64,
}
