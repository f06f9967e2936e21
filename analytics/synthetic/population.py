"""The accounts: who they are, when they joined, and the identifiers they use.

Everything here is per account and vectorized. Case builders later pick accounts from this
population and edit a few of their identifiers (a shared phone, a shared router, a young
sign-up date); logins, contracts and messages are generated afterwards from the edited
population, so every table agrees with those edits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from analytics.synthetic import emails, phones
from analytics.synthetic.clock import DAY, END, HOUR, START, signup_before
from analytics.synthetic.columns import hex_strings
from analytics.synthetic.countries import COUNTRIES, COUNTRY_WEIGHTS
from analytics.synthetic.names import FIRST_NAMES, LAST_NAMES
from analytics.synthetic.network import cgnat_ipv4, device_ids, ipv6_prefixes, public_ipv4

CLIENT, FREELANCER = 0, 1
ROLE_NAMES = ("client", "freelancer")
CURRENCIES = ("USD", "EUR", "GBP")
CARRIER_BLOCK = 8
"""A carrier hands a phone one of this many NAT addresses per login."""


class Registry:
    """An append-only table of strings (devices, payment instruments) addressed by index."""

    def __init__(self) -> None:
        self._parts: list[pl.Series] = []
        self.size = 0

    def add(self, values: pl.Series) -> int:
        """Append ``values``; return the index of the first one."""
        start = self.size
        self._parts.append(values)
        self.size += len(values)
        return start

    def series(self) -> pl.Series:
        """All strings, index order."""
        return pl.concat(self._parts, rechunk=True)


@dataclass
class Population:
    """All accounts as parallel arrays, indexed 0..n-1 (ids are assigned when writing)."""

    role: np.ndarray
    created: np.ndarray
    active_until: np.ndarray
    country: np.ndarray
    first: np.ndarray
    last: np.ndarray
    email: pl.Series
    phone: pl.Series
    phone_e164: pl.Series
    home_ip: np.ndarray
    carrier_block: np.ndarray
    carrier_pool: np.ndarray
    v6_prefix: pl.Series
    dev_start: np.ndarray
    n_dev: np.ndarray
    devices: Registry
    inst: np.ndarray
    instruments: Registry
    currency: np.ndarray
    login_rate: np.ndarray
    extra_dev: np.ndarray = field(init=False)
    extra_dev_p: np.ndarray = field(init=False)
    reserved: np.ndarray = field(init=False)
    nohire_group: np.ndarray = field(init=False)
    in_case: np.ndarray = field(init=False)
    shared_email: np.ndarray = field(init=False)
    shared_phone: np.ndarray = field(init=False)
    email_edits: dict[int, str] = field(default_factory=dict)
    phone_edits: dict[int, tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = self.n
        self.extra_dev = np.full(n, -1, dtype=np.int64)
        self.extra_dev_p = np.zeros(n)
        self.reserved = np.zeros(n, dtype=bool)
        self.nohire_group = np.full(n, -1, dtype=np.int64)
        self.in_case = np.zeros(n, dtype=bool)
        self.shared_email = np.zeros(n, dtype=bool)
        self.shared_phone = np.zeros(n, dtype=bool)

    @property
    def n(self) -> int:
        """Number of accounts."""
        return len(self.role)

    def email_of(self, account: int) -> str | None:
        """The account's address as typed (after case edits)."""
        if account in self.email_edits:
            return self.email_edits[account]
        value = self.email[account]
        return None if value is None else str(value)

    def phone_of(self, account: int) -> str | None:
        """The account's phone as typed (after case edits)."""
        if account in self.phone_edits:
            return self.phone_edits[account][0]
        value = self.phone[account]
        return None if value is None else str(value)

    def e164_of(self, account: int) -> str | None:
        """The account's phone in canonical form (after case edits)."""
        if account in self.phone_edits:
            return self.phone_edits[account][1]
        value = self.phone_e164[account]
        return None if value is None else str(value)

    def joined_before(
        self, rng: np.random.Generator, acc: int, before: int, lo_gap: int, hi_gap: int
    ) -> None:
        """Sign the account up earlier if needed, so it exists ``lo_gap`` before ``before``."""
        if self.created[acc] > before - lo_gap:
            self.created[acc] = signup_before(rng, before, lo_gap, hi_gap)

    def new_devices(self, rng: np.random.Generator, k: int) -> np.ndarray:
        """Indices of ``k`` fresh devices (for devices a case shares)."""
        start = self.devices.add(device_ids(rng, k))
        return np.arange(start, start + k)

    def new_instrument(self, rng: np.random.Generator) -> int:
        """Index of one fresh payment instrument (for a card a case shares)."""
        return self.instruments.add(_instrument_strings(rng, 1))


def _instrument_strings(rng: np.random.Generator, n: int) -> pl.Series:
    """Card, bank-account and wallet fingerprints such as "card_9f86d081884c7d65"."""
    kinds = pl.Series(values=["card_", "bank_", "wallet_"]).gather(
        rng.choice(3, size=n, p=[0.72, 0.16, 0.12])
    )
    frame = pl.DataFrame({"k": kinds, "h": hex_strings(rng, n, 8)})
    return frame.select(pl.concat_str([pl.col("k"), pl.col("h")])).to_series()


def _signup_times(rng: np.random.Generator, n: int) -> np.ndarray:
    """Sign-ups over two years on a growing marketplace (later months busier)."""
    u = rng.random(n) ** 0.8
    return (START + u * (END - 2 * DAY - START)).astype(np.int64)


def _activity_end(rng: np.random.Generator, created: np.ndarray) -> np.ndarray:
    """Most accounts stay; a fifth go dormant a few months after joining."""
    n = len(created)
    leaves = rng.random(n) < 0.2
    stay = created + HOUR + rng.exponential(120 * DAY, n).astype(np.int64)
    return np.where(leaves, np.minimum(stay, END), END)


def _currencies(rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
    """Most clients pay in USD; half the British and euro-area ones in their own currency."""
    local = np.array([CURRENCIES.index(c.currency) for c in COUNTRIES])[country]
    return np.where(rng.random(len(country)) < 0.5, local, 0).astype(np.int8)


def _phones(rng: np.random.Generator, country: np.ndarray) -> tuple[pl.Series, pl.Series]:
    """Written phone and E.164 form for most accounts (null for the rest)."""
    n = len(country)
    plan, nsn, e164 = phones.draw_numbers(rng, country)
    written = phones.write_numbers(country, plan, nsn, phones.random_formats(rng, n))
    spaced = rng.random(n) < 0.02
    frame = pl.DataFrame({"w": written, "e": e164, "has": rng.random(n) < 0.85, "sp": spaced})
    frame = frame.with_columns(
        w=pl.when(pl.col("sp")).then(pl.concat_str([pl.col("w"), pl.lit(" ")])).otherwise("w")
    )
    frame = frame.with_columns(
        w=pl.when(pl.col("has")).then(pl.col("w")), e=pl.when(pl.col("has")).then(pl.col("e"))
    )
    return frame["w"], frame["e"]


def _emails(rng: np.random.Generator, first: np.ndarray, last: np.ndarray) -> pl.Series:
    """Typed addresses for most accounts (null for a few)."""
    n = len(first)
    typed = emails.roughen(rng, emails.make_emails(rng, first, last))
    frame = pl.DataFrame({"e": typed, "has": rng.random(n) < 0.97})
    return frame.select(pl.when(pl.col("has")).then(pl.col("e")).alias("e")).to_series()


def build_population(n: int, rng: np.random.Generator) -> Population:
    """``n`` ordinary accounts with distinct mailboxes and phones."""
    role = (rng.random(n) < 0.65).astype(np.int8)
    created = _signup_times(rng, n)
    country = rng.choice(len(COUNTRIES), size=n, p=COUNTRY_WEIGHTS).astype(np.int64)
    first = rng.integers(0, len(FIRST_NAMES), n)
    last = rng.integers(0, len(LAST_NAMES), n)
    phone, e164 = _phones(rng, country)
    n_dev = rng.choice([1, 2, 3], size=n, p=[0.45, 0.4, 0.15]).astype(np.int64)
    devices = Registry()
    devices.add(device_ids(rng, int(n_dev.sum())))
    mobile = rng.random(n) < 0.55
    n_pool = max(4, int(mobile.sum()) // 250 // CARRIER_BLOCK) * CARRIER_BLOCK
    has_v6 = rng.random(n) < 0.25
    inst, instruments = _client_instruments(rng, role)
    pop = Population(
        role=role,
        created=created,
        active_until=_activity_end(rng, created),
        country=country,
        first=first,
        last=last,
        email=_emails(rng, first, last),
        phone=phone,
        phone_e164=e164,
        home_ip=public_ipv4(rng, n),
        carrier_block=np.where(mobile, rng.integers(0, n_pool // CARRIER_BLOCK, n), -1),
        carrier_pool=cgnat_ipv4(rng, n_pool, crowd=False),
        v6_prefix=pl.select(
            pl.when(pl.lit(pl.Series(values=has_v6))).then(pl.lit(ipv6_prefixes(rng, n)))
        ).to_series(),
        dev_start=np.concatenate(([0], np.cumsum(n_dev)[:-1])).astype(np.int64),
        n_dev=n_dev,
        devices=devices,
        inst=inst,
        instruments=instruments,
        currency=_currencies(rng, country),
        login_rate=rng.lognormal(0.0, 0.5, n),
    )
    settle_contacts(pop, rng)
    return pop


def _client_instruments(rng: np.random.Generator, role: np.ndarray) -> tuple[np.ndarray, Registry]:
    """One or two payment instruments per client, never shared between clients."""
    n = len(role)
    clients = np.flatnonzero(role == CLIENT)
    count = np.where(rng.random(len(clients)) < 0.3, 2, 1)
    registry = Registry()
    registry.add(_instrument_strings(rng, int(count.sum())))
    first = np.concatenate(([0], np.cumsum(count)[:-1]))
    inst = np.full((n, 2), -1, dtype=np.int64)
    inst[clients, 0] = first
    inst[clients, 1] = np.where(count == 2, first + 1, -1)
    return inst, registry


def _conflicts(keys: pl.Series, protected: np.ndarray) -> np.ndarray:
    """Unprotected accounts whose key an earlier or a protected account already holds."""
    order = np.concatenate((np.flatnonzero(protected), np.flatnonzero(~protected)))
    frame = pl.DataFrame({"i": order, "key": keys.gather(order), "prot": protected[order]})
    losers = frame.filter(
        ~pl.col("key").is_first_distinct() & pl.col("key").is_not_null() & ~pl.col("prot")
    )
    return np.sort(losers["i"].to_numpy())


def _make_unique(
    keys: pl.Series, protected: np.ndarray, redraw: Callable[[np.ndarray], pl.Series]
) -> None:
    """Redraw accounts until no two share a key; after the first pass only redrawn ones clash."""
    redo = _conflicts(keys, protected)
    while len(redo):
        fresh = redraw(redo)
        keys = keys.scatter(redo, fresh)
        others = np.ones(len(keys), dtype=bool)
        others[redo] = False
        taken = keys.filter(pl.Series(values=others))
        clash = pl.DataFrame({"i": redo, "key": fresh}).filter(
            pl.col("key").is_in(taken.implode()) | ~pl.col("key").is_first_distinct()
        )
        redo = clash["i"].to_numpy()


def settle_contacts(pop: Population, rng: np.random.Generator) -> None:
    """Apply case edits, then give every unprotected account a mailbox and phone of its own.

    Accounts that share on purpose (a ring's mailbox or phone) keep their value: that sharing
    is the planted signal. Any other account that collides draws again.
    """
    if pop.email_edits:
        idx = np.fromiter(pop.email_edits, dtype=np.int64)
        pop.email = pop.email.scatter(idx, list(pop.email_edits.values()))
        pop.email_edits = {}
    if pop.phone_edits:
        idx = np.fromiter(pop.phone_edits, dtype=np.int64)
        values = list(pop.phone_edits.values())
        pop.phone = pop.phone.scatter(idx, [w for w, _ in values])
        pop.phone_e164 = pop.phone_e164.scatter(idx, [e for _, e in values])
        pop.phone_edits = {}

    def mailbox(values: pl.Series) -> pl.Series:
        return pl.DataFrame({"e": values}).select(emails.mailbox_key(pl.col("e"))).to_series()

    def new_email(redo: np.ndarray) -> pl.Series:
        fresh = emails.roughen(rng, emails.make_emails(rng, pop.first[redo], pop.last[redo]))
        pop.email = pop.email.scatter(redo, fresh)
        return mailbox(fresh)

    def new_phone(redo: np.ndarray) -> pl.Series:
        plan, nsn, e164 = phones.draw_numbers(rng, pop.country[redo])
        formats = phones.random_formats(rng, len(redo))
        pop.phone = pop.phone.scatter(
            redo, phones.write_numbers(pop.country[redo], plan, nsn, formats)
        )
        pop.phone_e164 = pop.phone_e164.scatter(redo, e164)
        return e164

    _make_unique(mailbox(pop.email), pop.shared_email, new_email)
    _make_unique(pop.phone_e164, pop.shared_phone, new_phone)


def display_names(pop: Population, rng: np.random.Generator) -> pl.Series:
    """ "First Last" as people fill it in: mostly tidy, sometimes initials or lower case."""
    n = pop.n
    frame = pl.DataFrame(
        {
            "f": pl.Series(values=list(FIRST_NAMES)).gather(pop.first),
            "l": pl.Series(values=list(LAST_NAMES)).gather(pop.last),
            "r": rng.random(n),
        }
    )
    f, la, r = pl.col("f"), pl.col("l"), pl.col("r")
    full = pl.concat_str([f, la], separator=" ")
    return frame.select(
        pl.when(r < 0.03)
        .then(full.str.to_lowercase())
        .when(r < 0.07)
        .then(pl.concat_str([f, pl.concat_str([la.str.slice(0, 1), pl.lit(".")])], separator=" "))
        .when(r < 0.09)
        .then(pl.concat_str([f.str.slice(0, 1), pl.lit(". "), la]))
        .otherwise(full)
        .alias("name")
    ).to_series()
