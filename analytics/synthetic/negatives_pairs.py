"""Hard negatives for the pair patterns: honest hires that look fast, and honest contact.

Immediate-hire look-alikes: a brand-new client who posts a job and picks among many proposals
within hours, a freelancer who brings an existing outside client onto the platform with a
direct contract right after that client signs up (nothing shared, payments keep coming), and a
new client who invites one freelancer found by search minutes after signing up for a small
fixed-price job, pays it and goes on hiring others (nothing shared either).
Contact drop-off look-alikes: an e-mail address or a phone number shared in the workroom while
weekly payments go on for many weeks, hourly contracts that simply end, and fixed-price jobs
that finish with a polite sign-off.
"""

from __future__ import annotations

import numpy as np

from analytics.synthetic.casebook import CaseBook, cases_for
from analytics.synthetic.clock import (
    DAY,
    END,
    HOUR,
    LAST,
    MINUTE,
    START,
    WEEK,
    between,
    one_between,
)
from analytics.synthetic.contact import ENDINGS, SIGN_OFFS, honest_share
from analytics.synthetic.hiring import contract_terms
from analytics.synthetic.planted_dropoffs import hourly_hire, pair_for_work
from analytics.synthetic.pools import AccountPool
from analytics.synthetic.population import CLIENT, FREELANCER, Population


def _rate(rng: np.random.Generator) -> dict[str, float]:
    return {"rate": float(rng.integers(12, 90)), "hours": float(rng.integers(5, 40))}


def _new_client_and_pro(
    pop: Population, pool: AccountPool, rng: np.random.Generator, weeks: int
) -> tuple[int, int, int]:
    """A client signing up now (kept out of other hiring) and a freelancer established long ago."""
    client = int(pool.take(CLIENT, 1)[0])
    freelancer = int(pool.take(FREELANCER, 1)[0])
    signup = one_between(rng, START + 90 * DAY, LAST - weeks * WEEK)
    pop.created[client] = signup
    pop.active_until[client] = LAST
    pop.reserved[client] = True
    pop.joined_before(rng, freelancer, signup, 60 * DAY, 400 * DAY)
    pop.active_until[freelancer] = LAST
    return client, freelancer, signup


def _ends(rng: np.random.Generator, start: int, weeks: tuple[int, int]) -> int | None:
    """End of a contract lasting some weeks, or None when that is past the data end."""
    end = start + int(rng.integers(*weeks)) * WEEK + one_between(rng, 0, 3 * DAY)
    return None if end >= LAST - HOUR else end


def _fast_competitive_hire(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator
) -> None:
    key = book.new_case("legit", "fast_competitive_hire")
    client, freelancer, signup = _new_client_and_pro(pop, pool, rng, 22)
    posted = signup + one_between(rng, 5 * MINUTE, HOUR)
    hired = posted + one_between(rng, HOUR, 10 * HOUR)
    common = {
        "hire_type": "job_post",
        "job_posted": posted,
        "proposals": int(rng.integers(15, 61)),
        "extras": True,
    }
    if rng.random() < 0.5:
        book.contract(
            client,
            freelancer,
            hired,
            pricing="hourly",
            ended=_ends(rng, hired, (4, 21)),
            **_rate(rng),
            **common,
        )
    else:
        due = hired + one_between(rng, 2 * WEEK, 6 * WEEK)
        budget = float(round(rng.lognormal(np.log(800), 0.7) / 10) * 10)
        book.contract(
            client,
            freelancer,
            hired,
            pricing="fixed",
            ended=due + one_between(rng, 0, 2 * DAY),
            budget=budget,
            milestones=int(rng.integers(2, 5)),
            span_end=due,
            **common,
        )
    book.label([client, freelancer], "legit", "immediate_hire", key)


def _direct_contract(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator
) -> None:
    key = book.new_case("legit", "direct_contract")
    client, freelancer, signup = _new_client_and_pro(pop, pool, rng, 14)
    hired = signup + one_between(rng, 10 * MINUTE, 3 * HOUR)
    book.contract(
        client,
        freelancer,
        hired,
        hire_type="direct_contract",
        pricing="hourly",
        proposals=None if rng.random() < 0.6 else 0,
        ended=_ends(rng, hired, (8, 41)),
        extras=True,
        prehire=False,
        **_rate(rng),
    )
    book.label([client, freelancer], "legit", "immediate_hire", key)


def _quick_one_off(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator
) -> None:
    """Invited a freelancer found by search 10-60 minutes after sign-up, paid, kept hiring."""
    key = book.new_case("legit", "quick_one_off")
    client, freelancer, signup = _new_client_and_pro(pop, pool, rng, 12)
    hired = signup + one_between(rng, 10 * MINUTE, 60 * MINUTE)
    due = hired + one_between(rng, 6 * HOUR, 5 * DAY)
    book.contract(
        client,
        freelancer,
        hired,
        hire_type="invite",
        proposals=0,
        pricing="fixed",
        ended=due + one_between(rng, 0, DAY),
        budget=float(np.clip(round(rng.lognormal(np.log(120), 0.5) / 5) * 5, 25, 500)),
        span_end=due,
        msg_rate=0.6,
    )
    k = int(rng.integers(1, 4))
    later = np.sort(hired + between(rng, 3 * DAY, 8 * WEEK, k))
    others = pool.take(FREELANCER, k)
    for acc, t in zip(others, later, strict=True):
        pop.joined_before(rng, int(acc), int(t), DAY, 300 * DAY)
        pop.active_until[acc] = LAST
    book.contracts.extend(contract_terms(pop, rng, book.keys(k), np.full(k, client), others, later))
    book.label([client, freelancer], "legit", "immediate_hire", key)


def _contact_continues(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator
) -> None:
    """A real e-mail address or phone number shared; weekly payments go on for 6-16 weeks."""
    key = book.new_case("legit", "contact_continues")
    before, after = int(rng.integers(3, 13)), int(rng.integers(6, 17))
    client, freelancer, start = pair_for_work(pop, pool, rng, before + after + 3)
    shared_at = start + before * WEEK + one_between(rng, DAY // 2, 5 * DAY)
    ended = None if rng.random() < 0.6 else min(LAST, shared_at + after * WEEK)
    contract = book.contract(
        client,
        freelancer,
        start,
        pricing="hourly",
        ended=ended,
        msg_rate=1.5,
        **_rate(rng),
        **hourly_hire(rng, pop, client, start),
    )
    sharer, other = (client, freelancer) if rng.random() < 0.5 else (freelancer, client)
    book.message(contract, sharer, other, shared_at, honest_share(rng, pop, sharer))
    book.label([client, freelancer], "legit", "contact_dropoff", key)


def _contract_ends(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator
) -> None:
    key = book.new_case("legit", "contract_ends")
    weeks = int(rng.integers(3, 17))
    client, freelancer, start = pair_for_work(pop, pool, rng, weeks + 2)
    ended = start + weeks * WEEK + one_between(rng, 0, 3 * DAY)
    contract = book.contract(
        client,
        freelancer,
        start,
        pricing="hourly",
        ended=ended,
        msg_rate=1.5,
        **_rate(rng),
        **hourly_hire(rng, pop, client, start),
    )
    bye = ended - one_between(rng, HOUR, DAY)
    book.message(contract, client, freelancer, bye, ENDINGS[int(rng.integers(0, len(ENDINGS)))])
    book.label([client, freelancer], "legit", "contact_dropoff", key)


def _fixed_done(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator
) -> None:
    key = book.new_case("legit", "fixed_done")
    weeks = int(rng.integers(2, 9))
    client, freelancer, start = pair_for_work(pop, pool, rng, weeks + 2)
    due = start + weeks * WEEK
    ended = due + one_between(rng, HOUR, 2 * DAY)
    posted = max(int(pop.created[client]) + MINUTE, start - one_between(rng, 2 * HOUR, 5 * DAY))
    contract = book.contract(
        client,
        freelancer,
        start,
        hire_type="job_post",
        job_posted=posted,
        proposals=int(rng.integers(3, 40)),
        pricing="fixed",
        ended=ended,
        span_end=due,
        budget=float(round(rng.lognormal(np.log(900), 0.6) / 10) * 10),
        milestones=int(rng.integers(2, 5)),
        msg_rate=1.2,
        msg_until=min(ended, END - MINUTE),
    )
    bye = ended - one_between(rng, MINUTE, 12 * HOUR)
    book.message(contract, client, freelancer, bye, SIGN_OFFS[int(rng.integers(0, len(SIGN_OFFS)))])
    book.message(
        contract,
        freelancer,
        client,
        min(ended, bye + one_between(rng, MINUTE, HOUR)),
        "Thank you, it was a pleasure!",
    )
    book.label([client, freelancer], "legit", "contact_dropoff", key)


def plant_look_alike_pairs(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator
) -> None:
    """Honest fast hires and honest contact sharing, ``cases_for`` of each kind."""
    for build in (
        _fast_competitive_hire,
        _direct_contract,
        _quick_one_off,
        _contact_continues,
        _contract_ends,
        _fixed_done,
    ):
        for _ in range(cases_for(pop.n, 5_000)):
            build(pop, pool, book, rng)
