"""Hard negatives for ring detection: innocent crowds and groups that share infrastructure.

Crowds (carrier NAT, a coworking space, a university) put hundreds of unrelated accounts on
one address; households and agencies are small groups of related honest accounts sharing a
router or devices who never hire each other. All of them look like rings to a detector that
links accounts on shared IPs or devices without weighing how many share them and whether money
moves among them.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.synthetic import emails
from analytics.synthetic.casebook import CaseBook, cases_for
from analytics.synthetic.clock import DAY, HOUR, LAST, START
from analytics.synthetic.hiring import contract_terms, contracts_between
from analytics.synthetic.network import cgnat_ipv4, ipv4_strings, public_ipv4
from analytics.synthetic.planted_rings import MAX_RING_SIZE
from analytics.synthetic.pools import AccountPool
from analytics.synthetic.population import CLIENT, FREELANCER, Population

MIN_CROWD = max(50, 10 * MAX_RING_SIZE)
"""Crowds stay an order of magnitude bigger than any ring, even in small data sets."""
FULL_SCALE = 500_000
"""Population size from which crowds have their real-world sizes."""


def crowd_size(rng: np.random.Generator, n: int, lo: int, hi: int) -> int:
    """A crowd's size: real-world range at scale, shrunk (but never below MIN_CROWD) when small."""
    size = int(rng.integers(lo, hi + 1) * min(1.0, n / FULL_SCALE))
    return max(size, MIN_CROWD + int(rng.integers(0, 20)))


def _visits(
    pop: Population,
    rng: np.random.Generator,
    members: np.ndarray,
    ips: list[str],
    per_member: tuple[int, int],
    office_hours: bool,
    devices: np.ndarray | None = None,
) -> pl.DataFrame:
    """Logins of each member from the crowd's addresses during a stretch of the member's life."""
    counts = rng.integers(per_member[0], per_member[1] + 1, len(members))
    joined = pop.created[members] + HOUR
    left = np.maximum(np.minimum(pop.active_until[members], LAST), joined + HOUR)
    arrived = joined + (rng.random(len(members)) * 0.5 * (left - joined)).astype(np.int64)
    acc = np.repeat(members, counts)
    lo, hi = np.repeat(arrived, counts), np.repeat(left, counts)
    ts = lo + (rng.random(len(acc)) * (hi - lo)).astype(np.int64)
    if office_hours:
        day = ts // DAY * DAY
        weekday = (day // DAY + 3) % 7  # 0 = Monday
        day = day - np.where(weekday >= 5, (weekday - 4) * DAY, 0)
        ts = day + rng.integers(8 * HOUR, 18 * HOUR, len(acc))
    ts = np.clip(ts, pop.created[acc] + 60, np.minimum(pop.active_until[acc], LAST))
    if devices is None:
        device = pop.dev_start[acc] + (rng.random(len(acc)) * pop.n_dev[acc]).astype(np.int64)
    else:
        device = devices[rng.integers(0, len(devices), len(acc))]
    return pl.DataFrame(
        {
            "acc": acc,
            "ts": ts,
            "ip": pl.Series(values=ips).gather(rng.integers(0, len(ips), len(acc))),
            "device": device,
        }
    )


def _some_business(
    pop: Population, rng: np.random.Generator, book: CaseBook, members: np.ndarray
) -> None:
    """A few ordinary contracts among crowd members: strangers do sometimes hire each other."""
    clients = members[pop.role[members] == CLIENT]
    freelancers = members[pop.role[members] == FREELANCER]
    if len(clients) and len(freelancers):
        k = int(rng.integers(1, 4))
        pairs = (rng.choice(clients, k), rng.choice(freelancers, k))
        book.contracts.extend(contracts_between(pop, rng, book, *pairs, hire_p=(1.0, 0.0, 0.0)))


def _crowd(
    pop: Population,
    pool: AccountPool,
    book: CaseBook,
    rng: np.random.Generator,
    style: str,
    sizes: tuple[int, int],
    client_share: float,
) -> None:
    key = book.new_case("legit", style)
    members = pool.take_mixed(crowd_size(rng, pop.n, *sizes), client_share, pool.country())
    if style == "nat_crowd":
        ips = [str(x) for x in ipv4_strings(cgnat_ipv4(rng, 1, crowd=True))]
        visits = _visits(pop, rng, members, ips, (2, 10), office_hours=False)
    elif style == "coworking":
        ips = [str(x) for x in ipv4_strings(public_ipv4(rng, 1))]
        visits = _visits(pop, rng, members, ips, (5, 30), office_hours=True)
    else:
        base = int(public_ipv4(rng, 1)[0]) & ~0xFF
        ips = [str(x) for x in ipv4_strings(base + 10 + np.arange(int(rng.integers(2, 5))))]
        visits = _visits(pop, rng, members, ips, (5, 25), office_hours=False)
    book.logins.extend(visits)
    _some_business(pop, rng, book, members)
    book.label(members, "legit", "ring", key)


def plant_crowds(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator
) -> None:
    """Carrier-NAT crowds, coworking spaces and universities."""
    for _ in range(cases_for(pop.n, 60_000)):
        _crowd(pop, pool, book, rng, "nat_crowd", (200, 800), 0.35)
    for _ in range(cases_for(pop.n, 50_000)):
        _crowd(pop, pool, book, rng, "coworking", (150, 400), 0.4)
    for _ in range(cases_for(pop.n, 100_000)):
        _crowd(pop, pool, book, rng, "university", (300, 1000), 0.15)


def _household(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator, group: int
) -> None:
    """2-4 relatives behind one router, sometimes on one laptop, never hiring each other."""
    key = book.new_case("legit", "household")
    country = pool.country()
    roles = rng.choice([CLIENT, FREELANCER], size=int(rng.integers(2, 5)), p=[0.4, 0.6])
    members = np.array([int(pool.take(int(r), 1, country)[0]) for r in roles])
    pop.last[members] = pop.last[members[0]]
    fresh = emails.roughen(
        rng, emails.make_emails(rng, pop.first[members[1:]], pop.last[members[1:]])
    )
    for acc, text in zip(members[1:], fresh, strict=True):
        pop.email_edits[int(acc)] = str(text)
    pop.home_ip[members] = public_ipv4(rng, 1)[0]
    if rng.random() < 0.5:
        pop.extra_dev[members] = pop.new_devices(rng, 1)[0]
        pop.extra_dev_p[members] = rng.uniform(0.15, 0.4, len(members))
    pop.nohire_group[members] = group
    book.label(members, "legit", "ring", key)


def _agency(pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator) -> None:
    """5-15 freelancers in one office on a few shared machines, each with outside clients."""
    key = book.new_case("legit", "agency")
    members = pool.take(FREELANCER, int(rng.integers(5, 16)), pool.country())
    devices = pop.new_devices(rng, int(rng.integers(2, 5)))
    pop.extra_dev[members] = devices[rng.integers(0, len(devices), len(members))]
    pop.extra_dev_p[members] = rng.uniform(0.3, 0.6, len(members))
    office = [str(x) for x in ipv4_strings(public_ipv4(rng, 1))]
    book.logins.extend(
        _visits(pop, rng, members, office, (10, 40), office_hours=True, devices=devices)
    )
    outside = np.flatnonzero((pop.role == CLIENT) & ~pop.reserved & ~pop.in_case)
    per_member = rng.integers(3, 9, len(members))
    freelancer = np.repeat(members, per_member)
    client = outside[rng.integers(0, len(outside), len(freelancer))]
    book.contracts.extend(contracts_between(pop, rng, book, client, freelancer))
    book.label(members, "legit", "ring", key)


def _repeat_client(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator
) -> None:
    """One client hiring the same freelancer 10-30 times over a year: loyal, not colluding."""
    key = book.new_case("legit", "repeat_client")
    client = int(pool.take(CLIENT, 1)[0])
    freelancer = int(pool.take(FREELANCER, 1)[0])
    span = int(rng.integers(200, 366)) * DAY
    start = int(rng.integers(START + 10 * DAY, LAST - span - DAY))
    for acc in (client, freelancer):
        pop.joined_before(rng, acc, start, DAY, 60 * DAY)
        pop.active_until[acc] = LAST
    n = int(rng.integers(10, 31))
    times = np.sort(start + (rng.random(n) * span).astype(np.int64))
    parties = (np.full(n, client), np.full(n, freelancer))
    frame = contract_terms(
        pop, rng, book.keys(n), *parties, times, hire_p=(0.1, 0.55, 0.35), hourly_share=0.25
    )
    short = np.clip(rng.lognormal(np.log(5 * DAY), 0.6, n), DAY, 30 * DAY).astype(np.int64)
    done = pl.Series(values=np.minimum(times + short, LAST - HOUR))
    frame = frame.with_columns(
        span_end=done,
        ended=done,
        status=pl.lit("completed"),
        budget=(pl.col("budget") * 0.6).round(0).clip(20),
        pay_until=done,
        msg_until=done,
    )
    book.contracts.extend(frame)
    book.label([client, freelancer], "legit", "ring", key)


def plant_look_alike_groups(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator
) -> None:
    """Households, agencies and loyal repeat clients."""
    for group in range(cases_for(pop.n, 5_000)):
        _household(pop, pool, book, rng, group)
    for _ in range(cases_for(pop.n, 20_000)):
        _agency(pop, pool, book, rng)
    for _ in range(cases_for(pop.n, 5_000)):
        _repeat_client(pop, pool, book, rng)
