"""Planted rings that share nothing: only who hires whom gives them away.

A silent ring is a few clients and freelancers, each with their own devices, IPs, cards,
mailboxes and phones (accounts as the population made them), who contract among themselves
again and again; a farm is the same at scale (tens of clients and freelancers, a share of all
their pairs contracted). Every member also works for outsiders: ordinary contracts with
ordinary accounts drawn at random, on top of the ordinary hiring the member may also get
(members are not kept out of it). Nothing else marks them.

Plans are opt-in (``generate_marketplace(..., blocks=...)``): the default marketplace plants
none, so its figures stay those of the other tests. ``TUNING`` is what the detector was tuned
on; ``HELD_OUT`` has other sizes, densities and more outside work, and is only ever reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analytics.synthetic.casebook import CaseBook
from analytics.synthetic.clock import DAY, LAST, START, WEEK, between, one_between
from analytics.synthetic.hiring import contract_terms, contracts_between
from analytics.synthetic.pools import AccountPool
from analytics.synthetic.population import CLIENT, FREELANCER, Population


@dataclass(frozen=True)
class BlockPlan:
    """``count`` blocks of one style: sizes, the share of client-freelancer pairs that
    contract, contracts per such pair, and outside contracts per member (ranges inclusive)."""

    style: str  # the case key's style: ring:<style>:001
    count: int
    clients: tuple[int, int]
    freelancers: tuple[int, int]
    density: float
    repeats: tuple[int, int]
    outside: tuple[int, int]


TUNING = (
    BlockPlan("silent", 12, (2, 4), (2, 4), 0.8, (1, 3), (1, 4)),
    BlockPlan("farm", 2, (40, 40), (40, 40), 0.15, (1, 2), (1, 3)),
)
HELD_OUT = (
    BlockPlan("silent_heldout", 12, (3, 5), (3, 6), 0.6, (1, 2), (2, 8)),
    BlockPlan("farm_heldout", 1, (60, 60), (30, 30), 0.1, (1, 2), (2, 6)),
    BlockPlan("farm_heldout", 1, (25, 25), (25, 25), 0.25, (1, 3), (2, 6)),
)


def _pairs(rng: np.random.Generator, clients: int, freelancers: int, density: float):
    """Contracted (client, freelancer) positions: ``density`` of all pairs, every member in at
    least one, and connected (a spanning path first)."""
    while True:
        hit = rng.random((clients, freelancers)) < density
        # a spanning walk over both sides so the block is one piece and nobody is left out
        for i in range(max(clients, freelancers)):
            hit[i % clients, i % freelancers] = True
            hit[(i + 1) % clients, i % freelancers] = True
        c, f = np.nonzero(hit)
        if c.size >= clients + freelancers:
            return c, f


def _plant_one(
    pop: Population,
    pool: AccountPool,
    book: CaseBook,
    rng: np.random.Generator,
    plan: BlockPlan,
) -> None:
    key = book.new_case("ring", plan.style)
    n_c = int(rng.integers(plan.clients[0], plan.clients[1] + 1))
    n_f = int(rng.integers(plan.freelancers[0], plan.freelancers[1] + 1))
    clients = pool.take(CLIENT, n_c)
    freelancers = pool.take(FREELANCER, n_f)
    members = np.concatenate([clients, freelancers])
    span = int(rng.integers(8, 40)) * WEEK
    start = one_between(rng, START + 60 * DAY, LAST - span - 2 * DAY)
    for acc in members:
        pop.joined_before(rng, int(acc), start, DAY, 200 * DAY)
        pop.active_until[acc] = LAST
    c_pos, f_pos = _pairs(rng, n_c, n_f, plan.density)
    repeats = rng.integers(plan.repeats[0], plan.repeats[1] + 1, c_pos.size)
    client = np.repeat(clients[c_pos], repeats)
    freelancer = np.repeat(freelancers[f_pos], repeats)
    times = np.sort(between(rng, start, start + span, client.size))
    order = rng.permutation(client.size)
    book.contracts.extend(
        contract_terms(
            pop,
            rng,
            book.keys(client.size),
            client[order],
            freelancer[order],
            times,
            hire_p=(0.35, 0.45, 0.20),
            hourly_share=0.25,
        )
    )
    # outside work: ordinary contracts with ordinary accounts of the other side
    per_member = rng.integers(plan.outside[0], plan.outside[1] + 1, members.size)
    ordinary = ~pop.in_case & ~pop.reserved
    outside_f = np.flatnonzero(ordinary & (pop.role == FREELANCER))
    outside_c = np.flatnonzero(ordinary & (pop.role == CLIENT))
    c_side = np.repeat(clients, per_member[:n_c])
    f_side = np.repeat(freelancers, per_member[n_c:])
    book.contracts.extend(
        contracts_between(
            pop,
            rng,
            book,
            np.concatenate([c_side, outside_c[rng.integers(0, outside_c.size, f_side.size)]]),
            np.concatenate([outside_f[rng.integers(0, outside_f.size, c_side.size)], f_side]),
        )
    )
    book.label(members, "fraud", "ring", key)


def plant_silent_blocks(
    pop: Population,
    pool: AccountPool,
    book: CaseBook,
    rng: np.random.Generator,
    plans: tuple[BlockPlan, ...],
) -> None:
    """Every block of every plan, in order."""
    for plan in plans:
        for _ in range(plan.count):
            _plant_one(pop, pool, book, rng, plan)
