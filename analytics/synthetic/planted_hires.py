"""Planted immediate hires: a client account made minutes before it hires one freelancer.

The client signs up 1-30 minutes before an invite or direct contract (no job post, or a post
with at most one proposal), it is the account's first and only contract, paid once, after which
the client goes quiet (a same_card case may also hold the owner's older client account).
Styles add what links the two sides: the freelancer's device, the freelancer's network, the
freelancer's phone number (typed another way), a card another client of the freelancer already
paid with, nothing at all, a large first payment, or one freelancer hired this way by several
fresh clients over a few weeks. The linking styles always leave their evidence in the data:
explicit logins on the shared device or address, paid contracts on the shared card.
"""

from __future__ import annotations

import numpy as np

from analytics.synthetic import phones
from analytics.synthetic.casebook import CaseBook, cases_for
from analytics.synthetic.clock import DAY, HOUR, LAST, MINUTE, START, WEEK, one_between
from analytics.synthetic.countries import COUNTRIES
from analytics.synthetic.network import ipv4_text
from analytics.synthetic.pools import AccountPool
from analytics.synthetic.population import CLIENT, FREELANCER, Population

HIRE_STYLES = (
    "same_device",
    "same_ip",
    "timing_only",
    "big_first_payment",
    "freelancer_hub",
    "same_phone",
    "same_card",
)


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
    card: int | None = None,
) -> None:
    """One fresh client hiring ``freelancer`` at ``t``; ``card``: the instrument it pays with."""
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
            instrument=card,
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
        # The client's own session on the shared device / address, between sign-up and hire
        # (ordinary logins may drop a device id or come from the carrier).
        seen = signup + one_between(rng, 0, t - signup)
        book.login(client, seen, ipv4_text(int(pop.home_ip[client])), int(pop.dev_start[client]))
    elif style == "same_phone":
        _share_phone(pop, rng, client, freelancer)


def _share_phone(pop: Population, rng: np.random.Generator, client: int, freelancer: int) -> None:
    """The client's phone is the freelancer's number, typed another way.

    A client abroad types it internationally, so it still parses with the client's country.
    """
    country = int(pop.country[freelancer])
    cc = COUNTRIES[country].calling_code
    e164 = pop.e164_of(freelancer)
    if e164 is None:
        _, nsn_drawn, e164_drawn = phones.draw_numbers(rng, np.array([country]))
        nsn, e164 = str(nsn_drawn[0]), str(e164_drawn[0])
        fmt = phones.FORMATS[int(phones.random_formats(rng, 1)[0])]
        pop.phone_edits[freelancer] = (phones.write_one(country, nsn, fmt), e164)
    else:
        nsn = e164[len(cc) + 1 :]
    own = (pop.phone_of(freelancer) or "").strip()
    home = int(pop.country[client]) == country
    options = [
        text
        for text in dict.fromkeys(phones.write_one(country, nsn, f) for f in phones.FORMATS)
        if text != own and (home or text.startswith("+"))
    ]
    pop.phone_edits[client] = (options[int(rng.integers(0, len(options)))], e164)
    pop.shared_phone[[client, freelancer]] = True


def _owner_account(
    pop: Population,
    pool: AccountPool,
    book: CaseBook,
    rng: np.random.Generator,
    freelancer: int,
    country: int,
    t0: int,
) -> tuple[int, int]:
    """A client account of the freelancer's owner that hired (and paid) them before ``t0``.

    Returns the account and the card it paid with, which the fresh client will reuse.
    """
    owner = int(pool.take(CLIENT, 1, country)[0])
    _established(pop, rng, owner, t0)
    card = int(pop.inst[owner, 0])
    for _ in range(int(rng.integers(1, 3))):
        t = t0 - one_between(rng, 2 * DAY, 18 * DAY)
        due = t + one_between(rng, 6 * HOUR, 2 * DAY)
        book.contract(
            owner,
            freelancer,
            t,
            hire_type="direct_contract" if rng.random() < 0.5 else "invite",
            proposals=0,
            pricing="fixed",
            ended=due + one_between(rng, 0, DAY),
            budget=float(np.clip(round(rng.lognormal(np.log(120), 0.5) / 5) * 5, 20, 500)),
            span_end=due,
            instrument=card,
            msg_rate=0.4,
        )
    return owner, card


def plant_immediate_hires(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator
) -> None:
    """All immediate-hire cases, ``cases_for`` of each style."""
    for style in HIRE_STYLES:
        for _ in range(cases_for(pop.n, 15_000)):
            key = book.new_case("immediate_hire", style)
            country = pool.country()
            freelancer = int(pool.take(FREELANCER, 1, country)[0])
            # same_card: the card comes from the owner's other client account, or the first of
            # two or three fresh clients pays with it and the others reuse it.
            by_owner = style == "same_card" and rng.random() < 0.5
            if style == "freelancer_hub":
                n_clients = int(rng.integers(3, 7))
            elif style == "same_card" and not by_owner:
                n_clients = int(rng.integers(2, 4))
            else:
                n_clients = 1
            span = int(rng.integers(2, 9)) * WEEK if n_clients > 1 else 0
            t0 = one_between(rng, START + 60 * DAY, LAST - span - 30 * DAY)
            _established(pop, rng, freelancer, t0)
            times = np.sort(t0 + (rng.random(n_clients) * span).astype(np.int64))
            clients = [
                int(pool.take(CLIENT, 1, country if rng.random() < 0.7 else None)[0])
                for _ in range(n_clients)
            ]
            owners: list[int] = []
            card: int | None = None
            if by_owner:
                owner, card = _owner_account(pop, pool, book, rng, freelancer, country, t0)
                owners.append(owner)
            for client, t in zip(clients, times, strict=True):
                _one_hire(pop, book, rng, style, client, freelancer, int(t), card)
                if style == "same_card":
                    card = int(pop.inst[client, 0]) if card is None else card
                    pop.inst[client] = (card, -1)
            book.label([freelancer, *clients, *owners], "fraud", "immediate_hire", key)
