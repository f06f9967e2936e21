"""Build the investigation queue from the detectors' score tables.

Order of work: gather every scored case, calibrate each pattern's scores, give each case its
stable id, apply investigators' decisions (a decided case leaves the queue until it changes
materially), rank, and remember the cases for the next run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from analytics import patterns, sql
from analytics.queue.calibration import Calibration, calibrate
from analytics.queue.case_ids import assign_case_ids
from analytics.queue.decisions import REOPENED, decision_labels, read_decisions
from analytics.queue.params import QueueParams
from analytics.run_params import RunParams


@dataclass(frozen=True)
class QueueSummary:
    run_number: int
    cases: int
    new_cases: int
    decided_hidden: int
    came_back: int
    by_pattern: dict[str, int]
    calibration: dict[str, str]


def _calibrated(cases: pl.DataFrame, calibrations: dict[str, Calibration]) -> pl.DataFrame:
    scores = np.zeros(cases.height)
    patterns = cases["pattern"].to_numpy()
    raw = cases["raw_score"].to_numpy().astype(float)
    for pattern, calibration in calibrations.items():
        mask = patterns == pattern
        scores[mask] = calibration.apply(raw[mask])
    return cases.with_columns(pl.Series("score", np.round(scores, 4)))


def one_case_per_group(cases: pl.DataFrame) -> pl.DataFrame:
    """One case per group of accounts across patterns: when cases of different patterns hold
    exactly the same accounts (a fresh client's immediate hire of the relative whose device it
    uses, also seen as a two-account ring), the queue keeps the one with the higher score and
    the other's headline becomes one of its reasons, naming its pattern."""
    keyed = cases.with_columns(
        pl.col("account_ids").list.sort().list.join("\x1f").alias("_members")
    ).sort(["score", "pattern", "case_key"], descending=[True, False, False])
    others = (
        keyed.filter(pl.col("_members").is_duplicated())
        .filter(pl.int_range(pl.len()).over("_members") > 0)
        .with_columns(
            (
                "the same accounts are also a "
                + pl.col("pattern")
                + " case (score "
                + pl.col("score").round(2).cast(pl.String)
                + "): "
                + pl.col("reasons").list.first()
            ).alias("_also")
        )
        .group_by("_members")
        .agg(pl.col("_also"))
    )
    kept = keyed.unique("_members", keep="first", maintain_order=True)
    merged = kept.join(others, on="_members", how="left").with_columns(
        pl.when(pl.col("_also").is_not_null())
        .then(pl.col("reasons").list.concat(pl.col("_also")))
        .otherwise(pl.col("reasons"))
        .alias("reasons")
    )
    return merged.drop("_members", "_also")


def _change_text(
    members: list[str],
    paid: float,
    contacts: int,
    decided: dict[str, object],
    params: QueueParams,
) -> str | None:
    """What changed materially since a confirmed or dismissed decision, or None."""
    parts = []
    new_members = sorted(set(members) - set(decided["account_ids"] or []))
    if new_members:
        shown = ", ".join(new_members[:3]) + (" ..." if len(new_members) > 3 else "")
        plural = "s" if len(new_members) > 1 else ""
        parts.append(f"{len(new_members)} new member{plural} ({shown})")
    before = float(decided["paid_total"] or 0.0)
    if paid - before > max(params.change_min_paid, params.change_paid_share * before):
        parts.append(f"{paid - before:,.0f} more paid")
    extra = contacts - int(decided["contact_findings"] or 0)
    if extra > 0:
        parts.append(f"{extra} new contact finding{'s' if extra > 1 else ''}")
    if not parts:
        return None
    return f"changed since it was {decided['status']} on {str(decided['decided_at'])[:10]}: " + (
        "; ".join(parts)
    )


def _apply_decisions(
    cases: pl.DataFrame, decisions: pl.DataFrame, params: QueueParams
) -> pl.DataFrame:
    """Add status, decided_at, decided_by, change_since_decision and in_queue."""
    latest = {
        row["case_id"]: row
        for row in decisions.sort("decision_id").group_by("case_id").last().iter_rows(named=True)
    }
    status, decided_at, decided_by, change, in_queue, reasons = [], [], [], [], [], []
    for row in cases.iter_rows(named=True):
        decided = latest.get(row["case_id"])
        text = None
        if decided is None:
            status.append("open")
            decided_at.append(None)
            decided_by.append(None)
            keep = True
        else:
            # A lead's reopening makes the case open again, whatever was decided before it.
            status.append("open" if decided["status"] == REOPENED else decided["status"])
            decided_at.append(decided["decided_at"])
            decided_by.append(decided["decided_by"])
            if decided["status"] in ("needs_info", REOPENED):
                keep = True
            else:
                text = _change_text(
                    row["account_ids"], row["paid_total"], row["contact_findings"], decided, params
                )
                keep = text is not None
        change.append(text)
        in_queue.append(keep)
        reasons.append(([text] if text else []) + list(row["reasons"]))
    return cases.with_columns(
        pl.Series("status", status, dtype=pl.String),
        pl.Series("decided_at", decided_at, dtype=pl.String),
        pl.Series("decided_by", decided_by, dtype=pl.String),
        pl.Series("change_since_decision", change, dtype=pl.String),
        pl.Series("in_queue", in_queue, dtype=pl.Boolean),
        pl.Series("reasons", reasons, dtype=pl.List(pl.String)),
    )


def scored_cases(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every registered pattern's score table in the queue's common shape (case_key, pattern,
    score, account_ids, contract_ids, reasons). Table and key names come from the registry."""
    frames = [
        con.sql(
            f"select {p.key_column}::varchar as case_key, $pattern as pattern, "
            "score::double as score, account_ids::varchar[] as account_ids, "
            "contract_ids::varchar[] as contract_ids, reasons::varchar[] as reasons "
            f"from {p.score_table}",
            params={"pattern": p.name},
        ).pl()
        for p in patterns.PATTERNS
    ]
    return pl.concat(frames) if frames else pl.DataFrame()


def _pattern_views(con: duckdb.DuckDBPyConnection) -> None:
    """``queues.<pattern>_queue`` for every registered pattern: its cases in queue order (the
    name is the registry's, checked to be a lowercase word; a view cannot take parameters)."""
    for pattern in patterns.PATTERNS:
        view = f"queues.{pattern.name}_queue"
        con.execute(
            f"create or replace view {view} as select * from queues.investigation_queue "
            f"where pattern = {sql.literal(pattern.name)} order by rank"
        )
        grain = (
            f"the {pattern.name} cases of queues.investigation_queue, in queue order (rank is the "
            "rank in the whole queue)"
        )
        con.execute(f"comment on view {view} is {sql.literal(grain)}")


def build_queue(
    con: duckdb.DuckDBPyConnection,
    decisions_store: str | Path,
    params: RunParams | None = None,
) -> QueueSummary:
    """Build queues.case_candidates, calibration, case_status, investigation_queue (and one
    view per pattern), and record the run in queues.runs and queues.case_registry."""
    params = params or RunParams.defaults()
    knobs: QueueParams = params.queue
    con.register("scored_cases", scored_cases(con))
    try:
        sql.run(con, "queues/case_candidates")
    finally:
        con.unregister("scored_cases")
    sql.run(con, "queues/case_registry")
    sql.run(con, "queues/runs")
    for column in ("params_digest", "params_overrides"):  # databases made before they existed
        con.execute(f"alter table queues.runs add column if not exists {column} varchar")
    (run_number,) = con.execute(
        "select coalesce(max(run_number), 0) + 1 from queues.runs"
    ).fetchone()
    cases = con.sql("select * from queues.case_candidates").pl()
    labels = con.sql(
        "select account_id, label, pattern from staging.labels where pattern is not null"
    ).pl()
    decisions = read_decisions(decisions_store)
    decided = decision_labels(decisions).drop("case_key")
    calibrations = calibrate(
        cases,
        pl.concat([labels, decided]),
        knobs.calibration_min_labels,
        knobs.calibration_ridge,
    )
    cases = _calibrated(cases, calibrations).filter(pl.col("raw_score") >= knobs.min_score)
    cases = one_case_per_group(cases)
    previous = con.sql("select case_id, pattern, account_ids from queues.case_registry").pl()
    ids = assign_case_ids(cases, previous, knobs.case_min_jaccard)
    cases = cases.join(ids, on="case_key")
    first_runs = con.sql("select case_id, first_run from queues.case_registry").pl()
    cases = (
        cases.join(first_runs, on="case_id", how="left")
        .with_columns(
            pl.col("first_run").fill_null(run_number),
        )
        .with_columns((pl.col("first_run") == run_number).alias("is_new"))
    )
    cases = _apply_decisions(cases, decisions, knobs)
    calibration_frame = pl.DataFrame(
        {
            "pattern": [c.pattern for c in calibrations.values()],
            "method": [c.method for c in calibrations.values()],
            "slope": [round(c.slope, 6) for c in calibrations.values()],
            "intercept": [round(c.intercept, 6) for c in calibrations.values()],
            "positives": [c.positives for c in calibrations.values()],
            "negatives": [c.negatives for c in calibrations.values()],
        }
    )
    con.register("queue_cases", cases)
    con.register("calibration_frame", calibration_frame)
    try:
        sql.run(con, "queues/investigation_queue")
        sql.run(con, "queues/case_status")
        sql.run(con, "queues/calibration")
        _pattern_views(con)
        con.execute(
            """
            insert or replace into queues.case_registry
            select case_id, pattern, account_ids, first_run, ?, paid_total, contact_findings
            from queue_cases
            """,
            [run_number],
        )
    finally:
        con.unregister("queue_cases")
        con.unregister("calibration_frame")
    queued = cases.filter("in_queue")
    con.execute(
        "insert into queues.runs by name select ? as run_number, ? as ran_at, ? as cases, "
        "? as new_cases, ? as params_digest, ? as params_overrides",
        [
            run_number,
            datetime.now(UTC).replace(tzinfo=None),
            queued.height,
            queued.filter("is_new").height,
            params.digest(),
            json.dumps(params.overrides(), sort_keys=True),
        ],
    )
    return QueueSummary(
        run_number=run_number,
        cases=queued.height,
        new_cases=queued.filter("is_new").height,
        decided_hidden=cases.filter(~pl.col("in_queue")).height,
        came_back=queued.filter(pl.col("change_since_decision").is_not_null()).height,
        by_pattern={p: queued.filter(pl.col("pattern") == p).height for p in patterns.names()},
        calibration={c.pattern: c.method for c in calibrations.values()},
    )
