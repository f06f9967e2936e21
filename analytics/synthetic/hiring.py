"""Contracts: who hires whom, when, how, and on what terms.

Freelancer popularity is heavy-tailed (Pareto weights: a few freelancers are hired by many
clients, most by one or none) and so is client activity. Terms follow what a marketplace sees:
mostly job posts with competing proposals, some invites, a few direct contracts; hourly work
billed weekly, fixed-price work paid by milestones; short fixed jobs, longer hourly ones.
Ordinary hires come at least an hour after both sides signed up, except for a few clients who
knew what they wanted: their first hire comes minutes after sign-up (``FAST_FIRST_HIRE``).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.synthetic.casebook import CONTRACT_SCHEMA, CaseBook
from analytics.synthetic.clock import DAY, END, HOUR, LAST, MINUTE, WEEK, between
from analytics.synthetic.population import CLIENT, CURRENCIES, FREELANCER, Population

HIRE_TYPES = ("job_post", "invite", "direct_contract")
CONTRACTS_PER_ACCOUNT = 0.6
FAST_FIRST_HIRE = 0.03
"""Share of hiring clients whose first hire comes 3-59 minutes after sign-up (honest, fast)."""
FAST_MINUTES = (3, 59)


def _null_where(values: np.ndarray, missing: np.ndarray) -> pl.Series:
    return pl.select(
        pl.when(~pl.lit(pl.Series(values=missing))).then(pl.lit(pl.Series(values=values)))
    ).to_series()


def _proposals(rng: np.random.Generator, hire: np.ndarray) -> pl.Series:
    """Competition before the hire: many proposals on a job post, few on an invite."""
    n = len(hire)
    posted = np.clip(np.rint(rng.lognormal(np.log(14), 0.8, n)), 1, 150)
    invited = rng.integers(0, 6, n)
    value = np.where(hire == 0, posted, np.where(hire == 1, invited, 0)).astype(np.int64)
    missing = (hire == 2) & (rng.random(n) < 0.7)
    return _null_where(value, missing)


def contract_terms(
    pop: Population,
    rng: np.random.Generator,
    keys: np.ndarray,
    client: np.ndarray,
    freelancer: np.ndarray,
    created: np.ndarray,
    hire_p: tuple[float, float, float] = (0.65, 0.25, 0.10),
    hourly_share: float = 0.45,
) -> pl.DataFrame:
    """Ordinary terms for contracts whose parties and hire time are known."""
    n = len(keys)
    hire = rng.choice(3, size=n, p=hire_p)
    lag = np.clip(rng.lognormal(np.log(30 * HOUR), 1.0, n), 20 * MINUTE, 20 * DAY)
    posted = np.maximum(created - lag.astype(np.int64), pop.created[client] + MINUTE)
    posted = np.minimum(posted, created)
    no_post = (hire == 2) | ((hire == 1) & (rng.random(n) < 0.4))
    hourly = rng.random(n) < hourly_share
    rate = np.clip(rng.lognormal(np.log(28), 0.55, n), 5, 250)
    hours = np.clip(rng.lognormal(np.log(14), 0.6, n), 2, 50)
    budget = np.clip(rng.lognormal(np.log(350), 1.0, n), 10, 50_000)
    milestones = rng.choice([1, 2, 3, 4], size=n, p=[0.3, 0.3, 0.2, 0.2])
    duration = np.where(
        hourly,
        np.clip(rng.lognormal(np.log(9 * WEEK), 0.9, n), 3 * DAY, 80 * WEEK),
        np.clip(rng.lognormal(np.log(12 * DAY), 0.8, n), DAY, 200 * DAY),
    ).astype(np.int64)
    planned = created + duration
    cancelled = rng.random(n) < 0.08
    actual = np.where(
        cancelled, created + (duration * rng.uniform(0.1, 0.7, n)).astype(np.int64), planned
    )
    active = actual > LAST - HOUR
    second = pop.inst[client, 1]
    instrument = np.where((second >= 0) & (rng.random(n) < 0.4), second, pop.inst[client, 0])
    ended = np.where(active, 0, actual)
    status = np.where(active, "active", np.where(cancelled, "cancelled", "completed"))
    frame = pl.DataFrame(
        {
            "key": keys,
            "client": client,
            "freelancer": freelancer,
            "created": created,
            "job_posted": _null_where(posted, no_post),
            "hire_type": np.array(HIRE_TYPES)[hire],
            "proposals": _proposals(rng, hire),
            "pricing": np.where(hourly, "hourly", "fixed"),
            "status": status,
            "ended": _null_where(ended, active),
            "span_end": planned,
            "rate": np.round(rate, 0),
            "hours": hours,
            "budget": np.round(budget, -1).clip(10),
            "milestones": milestones,
            "currency": np.array(CURRENCIES)[pop.currency[client]],
            "instrument": instrument,
            "pay_until": np.where(active, LAST, actual),
            "extras": np.ones(n, dtype=bool),
            "msg_until": np.where(active, END - MINUTE, actual),
            "msg_rate": rng.lognormal(0.0, 0.5, n),
            "prehire": np.ones(n, dtype=bool),
        }
    )
    return frame.cast(CONTRACT_SCHEMA).select(list(CONTRACT_SCHEMA))


def hire_window(
    pop: Population, client: np.ndarray, freelancer: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Earliest and latest sensible hire time for each pair (both signed up and still active)."""
    lo = np.maximum(pop.created[client], pop.created[freelancer]) + HOUR
    hi = np.minimum(
        np.minimum(pop.active_until[client], pop.active_until[freelancer]), LAST - 2 * HOUR
    )
    return lo, hi


def contracts_between(
    pop: Population,
    rng: np.random.Generator,
    book: CaseBook,
    client: np.ndarray,
    freelancer: np.ndarray,
    **terms: object,
) -> pl.DataFrame:
    """Ordinary contracts for the given pairs at random feasible times; infeasible pairs dropped."""
    lo, hi = hire_window(pop, client, freelancer)
    ok = hi > lo + HOUR
    client, freelancer, lo, hi = client[ok], freelancer[ok], lo[ok], hi[ok]
    created = between(rng, lo, hi)
    return contract_terms(pop, rng, book.keys(len(client)), client, freelancer, created, **terms)


def _popularity(
    rng: np.random.Generator, n: int, idle_share: float, shape: float, cap: float
) -> np.ndarray:
    """Heavy-tailed hiring weights, capped (nobody gets thousands of hires); some never hire."""
    w = np.minimum(rng.pareto(shape, n) + 0.05, cap)
    w[rng.random(n) < idle_share] = 0.0
    return w / w.sum()


def base_contracts(pop: Population, rng: np.random.Generator, book: CaseBook) -> pl.DataFrame:
    """The marketplace's ordinary hiring among accounts no case reserved."""
    clients = np.flatnonzero((pop.role == CLIENT) & ~pop.reserved)
    freelancers = np.flatnonzero((pop.role == FREELANCER) & ~pop.reserved)
    target = round(CONTRACTS_PER_ACCOUNT * pop.n)
    draws = int(target * 1.25) + 16
    client = clients[
        rng.choice(len(clients), size=draws, p=_popularity(rng, len(clients), 0.45, 1.5, 60.0))
    ]
    freelancer = freelancers[
        rng.choice(
            len(freelancers), size=draws, p=_popularity(rng, len(freelancers), 0.3, 1.4, 300.0)
        )
    ]
    lo, hi = hire_window(pop, client, freelancer)
    group = pop.nohire_group
    ok = (hi > lo + HOUR) & ((group[client] < 0) | (group[client] != group[freelancer]))
    keep = np.flatnonzero(ok)[:target]
    client, freelancer, lo, hi = client[keep], freelancer[keep], lo[keep], hi[keep]
    created = between(rng, lo, hi)
    fast = _fast_first_hires(pop, rng, client, freelancer, created)
    created[fast] = pop.created[client[fast]] + rng.integers(
        FAST_MINUTES[0] * MINUTE, FAST_MINUTES[1] * MINUTE, len(fast)
    )
    terms = contract_terms(pop, rng, book.keys(len(keep)), client, freelancer, created)
    return _fast_terms(pop, rng, terms, fast)


def _fast_first_hires(
    pop: Population,
    rng: np.random.Generator,
    client: np.ndarray,
    freelancer: np.ndarray,
    created: np.ndarray,
) -> np.ndarray:
    """Rows (sorted) of the first contracts that become fast hires.

    Drawn among ordinary clients (in no case) who go on to hire another freelancer and whose
    first freelancer was established long before: ``FAST_FIRST_HIRE`` of all hiring clients.
    Every other contract of such a client stays at least an hour after its sign-up, so the fast
    one remains the first.
    """
    frame = pl.DataFrame(
        {"row": np.arange(len(client)), "c": client, "f": freelancer, "t": created}
    )
    per = (
        frame.sort(["c", "t", "row"])
        .group_by("c", maintain_order=True)
        .agg(
            first=pl.col("row").first(),
            f0=pl.col("f").first(),
            others=(pl.col("f") != pl.col("f").first()).sum(),
        )
    )
    c, f0 = per["c"].to_numpy(), per["f0"].to_numpy()
    soon = pop.created[c] + FAST_MINUTES[1] * MINUTE
    eligible = (
        (per["others"].to_numpy() > 0)
        & ~pop.in_case[c]
        & (pop.created[f0] <= pop.created[c] - DAY)
        & (pop.active_until[f0] > soon + HOUR)
        & (pop.active_until[c] > soon + HOUR)
    )
    p = min(1.0, FAST_FIRST_HIRE * len(per) / max(1, int(eligible.sum())))
    chosen = eligible & (rng.random(len(per)) < p)
    return np.sort(per["first"].to_numpy()[chosen])


def _fast_terms(
    pop: Population, rng: np.random.Generator, terms: pl.DataFrame, fast: np.ndarray
) -> pl.DataFrame:
    """Fast first hires: mostly a job post that drew several proposals at once, some invites."""
    k = len(fast)
    if k == 0:
        return terms
    signup = pop.created[terms["client"].to_numpy()[fast]]
    hired = terms["created"].to_numpy()[fast]
    post = rng.random(k) < 0.75
    posted = signup + MINUTE + (rng.random(k) * 0.6 * (hired - signup - MINUTE)).astype(np.int64)
    with_post = post | (rng.random(k) < 0.5)
    proposals = np.where(post, rng.integers(3, 31, k), rng.integers(0, 4, k))
    return terms.with_columns(
        hire_type=terms["hire_type"].scatter(fast, np.where(post, "job_post", "invite")),
        job_posted=terms["job_posted"].scatter(fast, _null_where(posted, ~with_post)),
        proposals=terms["proposals"].scatter(fast, proposals.astype(np.int64)),
    )
