"""Ordinary messages: talk before a hire, talk with candidates who lost, and workroom chatter.

Pre-hire talk has no contract (the contract does not exist yet); workroom messages run from the
hire until the contract's ``msg_until`` knob, both directions, at the pair's own chattiness.
Bodies come from ``text`` templates.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.synthetic.casebook import MESSAGE_SCHEMA
from analytics.synthetic.clock import DAY, MINUTE, WEEK
from analytics.synthetic.population import FREELANCER, Population
from analytics.synthetic.text import render_bodies


def _spread(
    rng: np.random.Generator, counts: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Row index repeated ``counts`` times and a uniform time in [lo, hi) for each copy."""
    row = np.repeat(np.arange(len(counts)), counts)
    ts = lo[row] + (rng.random(len(row)) * (hi[row] - lo[row])).astype(np.int64)
    return row, ts


def _pairs_frame(
    contract: np.ndarray | None,
    client: np.ndarray,
    freelancer: np.ndarray,
    ts: np.ndarray,
    from_client: np.ndarray,
    prehire: bool,
) -> pl.DataFrame:
    n = len(ts)
    return pl.DataFrame(
        {
            "contract": pl.Series(values=contract, dtype=pl.Int64)
            if contract is not None
            else pl.Series(values=[None] * n, dtype=pl.Int64),
            "sender": np.where(from_client, client, freelancer),
            "recipient": np.where(from_client, freelancer, client),
            "ts": ts,
            "prehire": np.full(n, prehire),
        }
    )


def _prehire(c: pl.DataFrame, pop: Population, rng: np.random.Generator) -> pl.DataFrame:
    """The hired pair's talk between the job post (or a few days before) and the hire."""
    c = c.filter(pl.col("prehire"))
    created = c["created"].to_numpy()
    client, freelancer = c["client"].to_numpy(), c["freelancer"].to_numpy()
    start = c["job_posted"].fill_null(pl.Series(values=created - 3 * DAY)).to_numpy()
    lo = np.maximum(np.maximum(start, pop.created[client]), pop.created[freelancer]) + MINUTE
    direct = c["hire_type"].to_numpy() == "direct_contract"
    counts = np.where(direct, rng.integers(0, 2, len(c)), rng.integers(1, 5, len(c)))
    counts = np.where(created - lo > 2 * MINUTE, counts, 0)
    row, ts = _spread(rng, counts, lo, created)
    from_client = rng.random(len(row)) < 0.5
    return _pairs_frame(None, client[row], freelancer[row], ts, from_client, True)


def _candidates(c: pl.DataFrame, pop: Population, rng: np.random.Generator) -> pl.DataFrame:
    """Freelancers who applied to a job post and were not hired."""
    c = c.filter(pl.col("extras") & (pl.col("hire_type") == "job_post"))
    freelancers = np.flatnonzero(pop.role == FREELANCER)
    k = rng.choice(3, size=len(c), p=[0.5, 0.3, 0.2])
    row = np.repeat(np.arange(len(c)), k)
    candidate = freelancers[rng.integers(0, len(freelancers), len(row))]
    client = c["client"].to_numpy()[row]
    posted = c["job_posted"].to_numpy()[row]
    hired = c["created"].to_numpy()[row]
    lo = np.maximum(np.maximum(posted, pop.created[candidate]), pop.created[client]) + MINUTE
    ok = hired - lo > 2 * MINUTE
    lo, hi, client, candidate = lo[ok], hired[ok], client[ok], candidate[ok]
    counts = rng.integers(1, 3, len(lo))
    r, ts = _spread(rng, counts, lo, hi)
    return _pairs_frame(None, client[r], candidate[r], ts, rng.random(len(r)) < 0.4, True)


def _workroom(c: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Messages on the contract from the hire until ``msg_until``."""
    created = c["created"].to_numpy() + MINUTE
    until = c["msg_until"].to_numpy()
    weeks = np.maximum(until - created, 0) / WEEK
    lam = c["msg_rate"].to_numpy() * (1.5 + 0.9 * np.minimum(weeks, 40))
    counts = np.where(until - created > 2 * MINUTE, np.minimum(rng.poisson(lam), 120), 0)
    row, ts = _spread(rng, counts, created, until)
    return _pairs_frame(
        c["key"].to_numpy()[row],
        c["client"].to_numpy()[row],
        c["freelancer"].to_numpy()[row],
        ts,
        rng.random(len(row)) < 0.5,
        False,
    )


def build_messages(
    contracts: pl.DataFrame, pop: Population, rng: np.random.Generator, planted: pl.DataFrame
) -> pl.DataFrame:
    """Every message: ordinary ones plus the planted ones (whose missing bodies get rendered)."""
    chatter = planted.filter(pl.col("body").is_null()).drop("body")
    frame = pl.concat(
        [
            _prehire(contracts, pop, rng),
            _candidates(contracts, pop, rng),
            _workroom(contracts, rng),
            chatter.with_columns(prehire=pl.col("contract").is_null()),
        ]
    )
    body = render_bodies(rng, frame["prehire"].to_numpy(), frame["ts"].to_numpy())
    ordinary = frame.with_columns(body=body).select(list(MESSAGE_SCHEMA)).cast(MESSAGE_SCHEMA)
    return pl.concat([ordinary, planted.filter(pl.col("body").is_not_null())])
