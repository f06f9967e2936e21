"""Planted immediate hires: a client account made minutes before it hires one freelancer.

The client signs up 1-30 minutes before an invite or direct contract (no job post, or a post
with at most one proposal), it is the account's first and only contract, paid once, after which
the client goes quiet. Styles add what links the two sides: the freelancer's device, the
freelancer's network, nothing at all, a large first payment, or one freelancer hired this way
by several fresh clients over a few weeks.
"""

from __future__ import annotations

import numpy as np

from analytics.synthetic.casebook import CaseBook, cases_for
from analytics.synthetic.clock import DAY, HOUR, LAST, MINUTE, START, WEEK, one_between
from analytics.synthetic.network import ipv4_text
from analytics.synthetic.pools import AccountPool
from analytics.synthetic.population import CLIENT, FREELANCER, Population

HIRE_STYLES = ("same_device", "same_ip", "timing_only", "big_first_payment", "freelancer_hub")


def _established(pop: Population, rng: np.random.Generator, acc: int, before: int) -> None:
    """Make sure an account existed well before ``before`` and is still around."""
    pop.joined_before(rng, acc, before, 20 * DAY, 300 * DAY)
    pop.active_until[acc] = LAST


def _hire_terms(rng: np.random.Generator, signup: int, t: int) -> dict[str, object]:
    """Invite or direct contract; if there is a post at all, it drew at most one proposal."""
    r = rng.random()
    if r < 0.5:
        posted = signup + one_between(rng, 30, t - signup) if rng.random() < 0.4 else None
        return {
            "hire_type": "invite",
            "job_posted": posted,
            "proposals": int(rng.integers(0, 2)) if posted else 0,
        }
    if r < 0.85:
        return {
            "hire_type": "direct_contract",
            "job_posted": None,
            "proposals": None if rng.random() < 0.6 else 0,
        }
    posted = signup + one_between(rng, 30, max(31, (t - signup) // 2))
    return {"hire_type": "job_post", "job_posted": posted, "proposals": int(rng.integers(0, 2))}


def _one_hire(
    pop: Population,
    book: CaseBook,
    rng: np.random.Generator,
    style: str,
    client: int,
    freelancer: int,
    t: int,
) -> None:
    signup = t - one_between(rng, MINUTE, 31 * MINUTE)
    pop.created[client] = signup
    pop.reserved[client] = True
    terms = _hire_terms(rng, signup, t)
    if style == "big_first_payment":
        budget = float(round(rng.uniform(1500, 9000) / 50) * 50)
        paid = t + one_between(rng, 5 * MINUTE, 2 * HOUR)
        chargeback = rng.random() < 0.5
        ended = None if chargeback else paid + one_between(rng, HOUR, 2 * DAY)
        key = book.contract(
            client,
            freelancer,
            t,
            pricing="fixed",
            ended=ended,
            budget=budget,
            pay_until=t,
            msg_until=min(LAST if ended is None else ended, paid + one_between(rng, HOUR, 3 * DAY)),
            msg_rate=0.5,
            **terms,
        )
        instrument = int(pop.inst[client, 0])
        book.payment(key, paid, budget, "milestone", instrument)
        if chargeback:
            book.payment(
                key,
                min(LAST, t + one_between(rng, 14 * DAY, 45 * DAY)),
                budget,
                "chargeback",
                instrument,
            )
        quiet = paid + one_between(rng, HOUR, 5 * DAY)
    else:
        ended = min(LAST, t + one_between(rng, 2 * HOUR, 4 * DAY))
        budget = float(np.clip(round(rng.lognormal(np.log(150), 0.6) / 5) * 5, 30, 800))
        book.contract(
            client,
            freelancer,
            t,
            pricing="fixed",
            ended=ended,
            budget=budget,
            msg_rate=0.5,
            **terms,
        )
        quiet = ended + one_between(rng, 0, 10 * DAY)
    pop.active_until[client] = min(LAST, quiet)
    if style == "same_device":
        pop.dev_start[client] = pop.dev_start[freelancer]
        pop.n_dev[client] = 1
    elif style == "same_ip":
        pop.home_ip[client] = pop.home_ip[freelancer]
    if style in ("same_device", "same_ip"):
        ts = signup + one_between(rng, -HOUR, HOUR)
        ip = ipv4_text(int(pop.home_ip[freelancer]))
        book.login(freelancer, ts, ip, int(pop.dev_start[freelancer]))


def plant_immediate_hires(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator
) -> None:
    """All immediate-hire cases, ``cases_for`` of each style."""
    for style in HIRE_STYLES:
        for _ in range(cases_for(pop.n, 15_000)):
            key = book.new_case("immediate_hire", style)
            country = pool.country()
            freelancer = int(pool.take(FREELANCER, 1, country)[0])
            hub = style == "freelancer_hub"
            n_clients = int(rng.integers(3, 7)) if hub else 1
            span = int(rng.integers(2, 9)) * WEEK if hub else 0
            t0 = one_between(rng, START + 60 * DAY, LAST - span - 30 * DAY)
            _established(pop, rng, freelancer, t0)
            times = np.sort(t0 + (rng.random(n_clients) * span).astype(np.int64))
            clients = [
                int(pool.take(CLIENT, 1, country if rng.random() < 0.7 else None)[0])
                for _ in range(n_clients)
            ]
            for client, t in zip(clients, times, strict=True):
                _one_hire(pop, book, rng, style, client, freelancer, int(t))
            book.label([freelancer, *clients], "fraud", "immediate_hire", key)
