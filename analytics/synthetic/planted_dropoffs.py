"""Planted contact drop-offs: a pair that moves its business off the platform.

An hourly contract is paid weekly for several weeks; then one side shares contact details in
the workroom (often with a push to pay outside); from then on payments stop or shrink to a
token while the pair keeps messaging and logging in for weeks. Styles are the ways the contact
is written, from a plain address to look-alike characters.
"""

from __future__ import annotations

import numpy as np

from analytics.synthetic.casebook import CaseBook, cases_for
from analytics.synthetic.clock import DAY, END, HOUR, LAST, MINUTE, START, WEEK, one_between
from analytics.synthetic.contact import FOLLOW_UPS, contact_of, leave_message
from analytics.synthetic.network import ipv4_text
from analytics.synthetic.pools import AccountPool
from analytics.synthetic.population import CLIENT, FREELANCER, Population

DROPOFF_STYLES = (
    "plain_email",
    "obfuscated_email",
    "spaced_phone",
    "spelled_phone",
    "whatsapp",
    "telegram",
    "skype",
    "paypal",
    "lookalike",
)


def pair_for_work(
    pop: Population, pool: AccountPool, rng: np.random.Generator, weeks: int
) -> tuple[int, int, int]:
    """A client (kept out of other hiring) and a freelancer, and a start leaving ``weeks``."""
    country = pool.country()
    client = int(pool.take(CLIENT, 1, country if rng.random() < 0.5 else None)[0])
    freelancer = int(pool.take(FREELANCER, 1, country if rng.random() < 0.3 else None)[0])
    start = one_between(rng, START + 30 * DAY, LAST - weeks * WEEK)
    for acc in (client, freelancer):
        pop.joined_before(rng, acc, start, 2 * DAY, 200 * DAY)
        pop.active_until[acc] = LAST
    pop.reserved[client] = True
    return client, freelancer, start


def hourly_hire(
    rng: np.random.Generator, pop: Population, client: int, start: int
) -> dict[str, object]:
    """A job post or invite with ordinary competition and an ordinary rate."""
    posted = max(int(pop.created[client]) + MINUTE, start - one_between(rng, 2 * HOUR, 5 * DAY))
    if rng.random() < 0.7:
        hire = {
            "hire_type": "job_post",
            "job_posted": posted,
            "proposals": int(rng.integers(4, 45)),
        }
    else:
        hire = {"hire_type": "invite", "job_posted": posted, "proposals": int(rng.integers(0, 6))}
    return hire


def _dropoff(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator, style: str
) -> None:
    key = book.new_case("contact_dropoff", style)
    before, after = int(rng.integers(3, 13)), int(rng.integers(3, 11))
    client, freelancer, start = pair_for_work(pop, pool, rng, before + after + 3)
    shared_at = start + before * WEEK + one_between(rng, DAY // 2, 5 * DAY)
    talk_until = shared_at + after * WEEK
    ended = None if rng.random() < 0.55 else min(LAST, talk_until + one_between(rng, 0, 14 * DAY))
    rate, hours = float(rng.integers(15, 71)), float(rng.integers(10, 36))
    contract = book.contract(
        client,
        freelancer,
        start,
        pricing="hourly",
        ended=ended,
        pay_until=shared_at - 1,
        msg_until=min(talk_until, END - MINUTE if ended is None else ended),
        msg_rate=1.5,
        rate=rate,
        hours=hours,
        **hourly_hire(rng, pop, client, start),
    )
    if rng.random() < 0.35:
        weekly = rate * hours
        for k in range(1, int(rng.integers(2, 4))):
            ts = shared_at + k * WEEK - one_between(rng, 0, DAY)
            if ts < (LAST if ended is None else ended):
                book.payment(
                    contract,
                    ts,
                    weekly * rng.uniform(0.03, 0.12),
                    "hourly",
                    int(pop.inst[client, 0]),
                )
    sharer, other = (freelancer, client) if rng.random() < 0.7 else (client, freelancer)
    contact = contact_of(rng, pop, sharer, own_share=0.5)
    book.message(contract, sharer, other, shared_at, leave_message(rng, style, contact))
    if rng.random() < 0.6:
        reply = shared_at + one_between(rng, 5 * MINUTE, 6 * HOUR)
        book.message(
            contract, other, sharer, reply, FOLLOW_UPS[int(rng.integers(0, len(FOLLOW_UPS)))]
        )
    keep_in_touch(pop, book, rng, contract, (client, freelancer), shared_at, after)
    book.label([client, freelancer], "fraud", "contact_dropoff", key)


def keep_in_touch(
    pop: Population,
    book: CaseBook,
    rng: np.random.Generator,
    contract: int,
    pair: tuple[int, int],
    since: int,
    weeks: int,
) -> None:
    """The pair keeps talking and logging in every week after the contact was shared."""
    client, freelancer = pair
    times = [
        since + w * WEEK + one_between(rng, HOUR, WEEK)
        for w in range(weeks)
        for _ in range(int(rng.integers(1, 4)))
    ]
    for ts in times:
        sender, recipient = (client, freelancer) if rng.random() < 0.5 else (freelancer, client)
        book.message(contract, sender, recipient, ts)
    for acc in pair:
        for _ in range(int(rng.integers(2, 2 + weeks))):
            ts = since + one_between(rng, HOUR, weeks * WEEK)
            device = int(pop.dev_start[acc])
            book.login(acc, ts, ipv4_text(int(pop.home_ip[acc])), device)


def plant_contact_dropoffs(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator
) -> None:
    """All contact drop-off cases, ``cases_for`` of each style."""
    for style in DROPOFF_STYLES:
        for _ in range(cases_for(pop.n, 27_000)):
            _dropoff(pop, pool, book, rng, style)
