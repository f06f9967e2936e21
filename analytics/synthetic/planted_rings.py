"""Planted collusion rings: a few related people whose accounts hire each other.

A ring is 2-5 people owning 3-8 accounts (a person may own a client and a freelancer account).
Inside the ring: many small fixed-price contracts, mostly invites without competition, paid
fast, some reciprocal (A's client hires B's freelancer and B's client hires A's freelancer);
some rings also hire an outsider as camouflage. Accounts are often young. Each style links the
members by one kind of evidence only, so a detector's recall can be read per kind of evidence,
and the evidence is always there: every member takes part in a paid contract (so a shared card
is paid with by each client that holds it), every member logs in on a shared device at least
once, and the members of a shared router are all online on one day.
"""

from __future__ import annotations

import itertools

import numpy as np

from analytics.synthetic import emails, phones
from analytics.synthetic.casebook import CaseBook, cases_for
from analytics.synthetic.clock import DAY, HOUR, LAST, MINUTE, START, WEEK, between, one_between
from analytics.synthetic.hiring import contract_terms
from analytics.synthetic.names import FIRST_NAMES, LAST_NAMES
from analytics.synthetic.network import ipv4_text, public_ipv4
from analytics.synthetic.pools import AccountPool
from analytics.synthetic.population import CLIENT, FREELANCER, Population

RING_STYLES = (
    "shared_card",
    "phone_formats",
    "email_variants",
    "shared_device",
    "household_ip",
    "mixed",
)
MAX_RING_SIZE = 8
_LINKS = ("card", "phone", "email", "device", "ip")


def _composition(rng: np.random.Generator, min_clients: int) -> list[tuple[int, int]]:
    """(person, role) of each account: 3-8 accounts, each able to deal with another person."""
    while True:
        people = int(rng.integers(2, 6))
        kinds = rng.choice(3, size=people, p=[0.4, 0.25, 0.35])  # both, client, freelancer
        accounts = [(p, CLIENT) for p in range(people) if kinds[p] in (0, 1)]
        accounts += [(p, FREELANCER) for p in range(people) if kinds[p] in (0, 2)]
        n_clients = sum(r == CLIENT for _, r in accounts)
        partnered = all(any(q != p and r2 != r for q, r2 in accounts) for p, r in accounts)
        if 3 <= len(accounts) <= MAX_RING_SIZE and n_clients >= min_clients and partnered:
            return accounts


class _Ring:
    """One ring being planted: its members, timeline and the evidence linking them."""

    def __init__(
        self,
        pop: Population,
        pool: AccountPool,
        book: CaseBook,
        rng: np.random.Generator,
        style: str,
    ) -> None:
        self.pop, self.book, self.rng, self.style = pop, book, rng, style
        self.key = book.new_case("ring", style)
        needs_two_clients = style in ("shared_card", "mixed")
        layout = _composition(rng, 2 if needs_two_clients else 1)
        one_country = style in ("phone_formats", "mixed") or rng.random() < 0.85
        country = pool.country()
        self.members = np.array(
            [pool.take(role, 1, country if one_country else None)[0] for _, role in layout]
        )
        self.owner = np.array([person for person, _ in layout])
        self.span = int(rng.integers(3, 25)) * WEEK
        self.start = one_between(rng, START + 40 * DAY, LAST - self.span - 2 * DAY)
        self.instrument: dict[int, int] = {}
        self._timeline()

    def _timeline(self) -> None:
        """Young accounts (usually), active while the ring runs, kept out of ordinary hiring."""
        pop, rng = self.pop, self.rng
        young = rng.random() < 0.75
        for acc in self.members:
            if young:
                pop.created[acc] = self.start - one_between(rng, HOUR, 30 * DAY)
            else:
                pop.joined_before(rng, acc, self.start, DAY, 60 * DAY)
            quiet = self.start + self.span + one_between(rng, DAY, 60 * DAY)
            pop.active_until[acc] = LAST if rng.random() < 0.6 else min(LAST, quiet)
        pop.reserved[self.members] = True

    def of_role(self, role: int) -> np.ndarray:
        """Positions (in ``members``) of the ring's accounts with this role."""
        return np.flatnonzero(self.pop.role[self.members] == role)

    # --- linking evidence -------------------------------------------------------------------
    def share_card(self, positions: np.ndarray) -> None:
        """These client accounts pay with one card."""
        card = self.pop.new_instrument(self.rng)
        for i in positions:
            acc = int(self.members[i])
            self.instrument[acc] = card
            self.pop.inst[acc] = (card, -1)

    def share_phone(self, positions: np.ndarray) -> None:
        """One phone number, written differently on each account.

        Members abroad write it internationally, so it still parses with their own country.
        """
        pop, rng = self.pop, self.rng
        accs = self.members[positions]
        country = int(pop.country[accs[0]])
        _, nsn, e164 = phones.draw_numbers(rng, np.array([country]))
        texts = list(
            dict.fromkeys(phones.write_one(country, str(nsn[0]), f) for f in phones.FORMATS)
        )
        order = [texts[int(i)] for i in rng.permutation(len(texts))]
        for acc in accs:
            home = pop.country[acc] == country
            fits = [t for t in order if home or t.startswith("+")]
            text = fits[0] if fits else str(e164[0])
            if fits:
                order.remove(text)
            pop.phone_edits[int(acc)] = (text, str(e164[0]))
            pop.shared_phone[acc] = True

    def share_mailbox(self, positions: np.ndarray) -> None:
        """One Gmail mailbox typed with different dots, tags and capitals."""
        pop, rng = self.pop, self.rng
        acc0 = int(self.members[positions[0]])
        first = FIRST_NAMES[int(pop.first[acc0])].lower()
        last = LAST_NAMES[int(pop.last[acc0])].lower()
        mailbox = f"{first}{last}{int(rng.integers(10, 9999))}"
        for acc, text in zip(
            self.members[positions],
            emails.gmail_variants(rng, mailbox, len(positions)),
            strict=True,
        ):
            pop.email_edits[int(acc)] = text
            pop.shared_email[acc] = True

    def share_devices(self, positions: np.ndarray, share: tuple[float, float]) -> None:
        """Members log in from the same one or two devices, each device used by two or more.

        Ordinary logins pick the shared device with probability ``share``; one or two explicit
        sessions per member while the ring runs make sure every member really used it.
        """
        pop, rng = self.pop, self.rng
        two = len(positions) >= 4 and rng.random() < 0.5
        devices = pop.new_devices(rng, 2 if two else 1)
        for j, i in enumerate(positions):
            acc = int(self.members[i])
            device = int(devices[j % len(devices)])
            pop.extra_dev[acc] = device
            pop.extra_dev_p[acc] = rng.uniform(*share)
            for _ in range(int(rng.integers(1, 3))):
                ts = one_between(rng, self.start, self.start + self.span)
                self.book.login(acc, ts, ipv4_text(int(pop.home_ip[acc])), device)

    def share_router(self, positions: np.ndarray, sessions: int, home: bool) -> None:
        """Members use one residential address, online around the same hours."""
        pop, rng = self.pop, self.rng
        ip = int(public_ipv4(rng, 1)[0])
        accs = self.members[positions]
        if home:
            pop.home_ip[accs] = ip
        for k in range(sessions):
            if k == 0:
                # One evening everybody is home, inside the ring's run and one UTC day: the
                # evidence never depends on who had already signed up or on midnight.
                day = one_between(rng, self.start + DAY, self.start + self.span - DAY) // DAY
                t = day * DAY + one_between(rng, 2 * HOUR, 22 * HOUR)
            else:
                t = one_between(rng, self.start - 3 * DAY, self.start + self.span)
            for acc in accs:
                ts = t + one_between(rng, -90 * MINUTE, 90 * MINUTE)
                if pop.created[acc] < ts <= min(LAST, pop.active_until[acc]):
                    self.book.login(acc, ts, ipv4_text(ip), int(pop.dev_start[acc]))

    def link(self) -> None:
        """Plant this style's evidence."""
        rng, everyone = self.rng, np.arange(len(self.members))
        if self.style == "shared_card":
            self.share_card(self.of_role(CLIENT))
        elif self.style == "phone_formats":
            self.share_phone(everyone if rng.random() < 0.75 else everyone[:-1])
        elif self.style == "email_variants":
            self.share_mailbox(everyone if rng.random() < 0.7 else everyone[:-1])
        elif self.style == "shared_device":
            self.share_devices(everyone, (0.6, 0.9))
        elif self.style == "household_ip":
            self.share_router(everyone, int(rng.integers(3, 9)), home=True)
        else:
            for link in rng.choice(_LINKS, size=int(rng.integers(2, 4)), replace=False):
                self._weak(str(link))

    def _weak(self, link: str) -> None:
        """One kind of evidence between just two members (the "mixed" style)."""
        rng = self.rng
        pair = (
            rng.choice(self.of_role(CLIENT), 2, replace=False)
            if link == "card"
            else rng.choice(len(self.members), 2, replace=False)
        )
        if link == "card":
            self.share_card(pair)
        elif link == "phone":
            self.share_phone(pair)
        elif link == "email":
            self.share_mailbox(pair)
        elif link == "device":
            self.share_devices(pair, (0.1, 0.25))
        else:
            self.share_router(pair, int(rng.integers(1, 3)), home=False)

    # --- business ---------------------------------------------------------------------------
    def _pairs(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Client/freelancer position pairs owned by different people: (must-have, the rest).

        The must-haves are one or two reciprocal couples (A hires B, B hires A) and then pairs
        that bring in every member not yet dealing with the others.
        """
        clients, freelancers = self.of_role(CLIENT), self.of_role(FREELANCER)
        owner = self.owner
        pairs = [
            (int(c), int(f))
            for c, f in itertools.product(clients, freelancers)
            if owner[c] != owner[f]
        ]
        pairs = [pairs[i] for i in self.rng.permutation(len(pairs))]
        needed: list[tuple[int, int]] = []
        for c, f in pairs:
            mirror = [
                (c2, f2) for c2, f2 in pairs if owner[c2] == owner[f] and owner[f2] == owner[c]
            ]
            if mirror and len(needed) < 4 and (c, f) not in needed and mirror[0] not in needed:
                needed += [(c, f), mirror[0]]
        covered = {x for pair in needed for x in pair}
        for c, f in pairs:
            if c not in covered or f not in covered:
                needed.append((c, f))
                covered |= {c, f}
        return needed, [p for p in pairs if p not in needed]

    def hire_each_other(self) -> None:
        """Many small, quickly paid contracts inside the ring, every member involved."""
        rng = self.rng
        needed, rest = self._pairs()
        lo = max(3, len(self.members), len(needed))
        n_contracts = int(rng.integers(lo, max(lo, 3 * len(self.members)) + 1))
        chosen = needed + [
            (rest + needed)[int(rng.integers(0, len(rest) + len(needed)))]
            for _ in range(n_contracts - len(needed))
        ]
        chosen = [chosen[i] for i in rng.permutation(len(chosen))]
        times = np.sort(between(rng, self.start, self.start + self.span, n_contracts))
        for (c, f), t in zip(chosen, times, strict=True):
            self._small_contract(int(self.members[c]), int(self.members[f]), int(t))

    def _small_contract(self, client: int, freelancer: int, t: int) -> None:
        rng, pop = self.rng, self.pop
        r = rng.random()
        earliest = int(pop.created[client]) + MINUTE
        posted: int | None = None
        if r < 0.65:
            hire, proposals = "invite", int(rng.integers(0, 2))
            if rng.random() < 0.5:
                posted = max(earliest, t - one_between(rng, 10 * MINUTE, 6 * HOUR))
        elif r < 0.9:
            hire, proposals = "direct_contract", None
        else:
            hire, proposals = "job_post", int(rng.integers(1, 4))
            posted = max(earliest, t - one_between(rng, HOUR, DAY))
        instrument = self.instrument.get(client)
        if rng.random() < 0.9:
            due = t + one_between(rng, 2 * HOUR, 3 * DAY)
            ended = min(LAST, due + one_between(rng, 0, 12 * HOUR))
            budget = float(np.clip(round(rng.lognormal(np.log(70), 0.6) / 5) * 5, 15, 400))
            self.book.contract(
                client,
                freelancer,
                t,
                hire_type=hire,
                pricing="fixed",
                ended=ended,
                job_posted=posted,
                proposals=proposals,
                budget=budget,
                milestones=1 if rng.random() < 0.85 else 2,
                span_end=min(due, ended),
                instrument=instrument,
                msg_rate=0.4,
            )
        else:
            ended = min(LAST, t + int(rng.integers(1, 4)) * WEEK + one_between(rng, 0, 2 * DAY))
            self.book.contract(
                client,
                freelancer,
                t,
                hire_type=hire,
                pricing="hourly",
                ended=ended,
                job_posted=posted,
                proposals=proposals,
                rate=float(rng.integers(10, 31)),
                hours=float(rng.integers(3, 11)),
                instrument=instrument,
                msg_rate=0.4,
            )

    def camouflage(self, pool: AccountPool) -> None:
        """An ordinary contract or two with outsiders who know nothing."""
        rng, pop = self.rng, self.pop
        for _ in range(int(rng.integers(1, 3))):
            t = one_between(rng, self.start, self.start + self.span)
            clients = self.of_role(CLIENT)
            if rng.random() < 0.5 and len(clients):
                client = int(self.members[rng.choice(clients)])
                outsider = int(pool.take(FREELANCER, 1)[0])
                pair = (client, outsider)
            else:
                outsider = int(pool.take(CLIENT, 1)[0])
                pair = (outsider, int(self.members[rng.choice(self.of_role(FREELANCER))]))
            pop.joined_before(rng, outsider, t, DAY, 90 * DAY)
            pop.active_until[outsider] = LAST
            terms = contract_terms(
                pop,
                rng,
                self.book.keys(1),
                np.array([pair[0]]),
                np.array([pair[1]]),
                np.array([t]),
                hire_p=(1.0, 0.0, 0.0),
            )
            if pair[0] in self.instrument:
                terms = terms.with_columns(instrument=self.instrument[pair[0]])
            self.book.contracts.extend(terms)


def plant_rings(
    pop: Population, pool: AccountPool, book: CaseBook, rng: np.random.Generator
) -> None:
    """All ring cases, ``cases_for`` of each style."""
    for style in RING_STYLES:
        for _ in range(cases_for(pop.n, 18_000)):
            ring = _Ring(pop, pool, book, rng, style)
            ring.link()
            ring.hire_each_other()
            if rng.random() < 0.4:
                ring.camouflage(pool)
            book.label(ring.members, "fraud", "ring", ring.key)
