"""Money: weekly hourly invoices, fixed-price milestones, and the odd bonus, refund or chargeback.

Payments are derived from each contract's terms and its ``pay_until`` knob, so a case that
wants payments to stop (a pair that left the platform) only moves that knob; amounts are always
positive and ``kind`` says which way the money went.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.synthetic.casebook import PAYMENT_SCHEMA
from analytics.synthetic.clock import DAY, HOUR, LAST, MINUTE, WEEK

_MAX_WEEKS = 110


def _hourly(c: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """One invoice per week worked, plus a final partial week when the contract ends."""
    created = c["created"].to_numpy()
    ended = c["ended"].fill_null(LAST).to_numpy()
    stop = np.minimum(np.minimum(c["pay_until"].to_numpy(), ended), LAST)
    weeks = np.clip((stop - created) // WEEK, 0, _MAX_WEEKS)
    tail = (
        (c["ended"].is_not_null().to_numpy())
        & (ended <= stop)
        & (stop - created - weeks * WEEK > DAY)
    )
    counts = weeks + tail
    row = np.repeat(np.arange(len(c)), counts)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    k = np.arange(len(row)) - np.repeat(starts, counts) + 1
    ts = created[row] + k * WEEK - rng.integers(0, 6 * HOUR, len(row))
    is_tail = k > weeks[row]
    ts = np.where(is_tail, stop[row] - rng.integers(0, HOUR, len(row)), ts)
    hours = np.clip(c["hours"].to_numpy()[row] * rng.gamma(4.0, 0.25, len(row)), 0.5, 60)
    hours = np.where(is_tail, hours * rng.uniform(0.2, 0.8, len(row)), hours)
    amount = c["rate"].to_numpy()[row] * np.round(hours * 4) / 4
    return _rows(c, row, np.maximum(ts, created[row] + MINUTE), amount, "hourly")


def _fixed(c: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Milestones spread over the planned span; only those due before payments stop are paid."""
    created = c["created"].to_numpy()
    span = np.maximum(c["span_end"].to_numpy() - created, 10 * MINUTE)
    stop = np.minimum(
        np.minimum(c["pay_until"].to_numpy(), c["ended"].fill_null(LAST).to_numpy()), LAST
    )
    m = c["milestones"].to_numpy()
    row = np.repeat(np.arange(len(c)), m)
    starts = np.concatenate(([0], np.cumsum(m)[:-1]))
    i = np.arange(len(row)) - np.repeat(starts, m) + 1
    jitter = (rng.random(len(row)) * np.minimum(6 * HOUR, span[row] // 10)).astype(np.int64)
    ts = created[row] + span[row] * i // m[row] - jitter
    share = c["budget"].to_numpy()[row] / m[row] * rng.uniform(0.9, 1.1, len(row))
    keep = ts <= stop[row]
    ts = np.maximum(ts, created[row] + MINUTE)
    return _rows(c, row[keep], ts[keep], share[keep], "milestone")


def _extras(c: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Occasional bonuses, refunds and (rarely) chargebacks inside the paid period."""
    c = c.filter(pl.col("extras"))
    created = c["created"].to_numpy()
    stop = np.minimum(
        np.minimum(c["pay_until"].to_numpy(), c["ended"].fill_null(LAST).to_numpy()), LAST
    )
    typical = np.where(
        c["pricing"].to_numpy() == "hourly",
        c["rate"].to_numpy() * c["hours"].to_numpy(),
        c["budget"].to_numpy() / c["milestones"].to_numpy(),
    )
    frames = []
    for kind, p, lo, hi in (
        ("bonus", 0.06, 0.1, 0.4),
        ("refund", 0.025, 0.1, 1.0),
        ("chargeback", 0.004, 1.0, 1.0),
    ):
        row = np.flatnonzero((rng.random(len(c)) < p) & (stop - created > 2 * HOUR))
        ts = (
            created[row]
            + HOUR
            + (rng.random(len(row)) * (stop[row] - created[row] - HOUR)).astype(np.int64)
        )
        amount = typical[row] * rng.uniform(lo, hi, len(row))
        frames.append(_rows(c, row, ts, amount, kind))
    return pl.concat(frames)


def _rows(
    c: pl.DataFrame, row: np.ndarray, ts: np.ndarray, amount: np.ndarray, kind: str
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "contract": c["key"].to_numpy()[row],
            "ts": ts.astype(np.int64),
            "amount": np.maximum(np.round(amount, 2), 1.0),
            "kind": np.full(len(row), kind),
            "instrument": c["instrument"].to_numpy()[row],
        }
    ).cast(PAYMENT_SCHEMA)


def build_payments(contracts: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Scheduled and occasional payments of every contract."""
    hourly = contracts.filter(pl.col("pricing") == "hourly")
    fixed = contracts.filter(pl.col("pricing") == "fixed")
    return pl.concat([_hourly(hourly, rng), _fixed(fixed, rng), _extras(contracts, rng)])
