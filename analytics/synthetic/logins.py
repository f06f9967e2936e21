"""Every account's ordinary logins: its own devices, its home router, its phone carrier.

Each account logs in at sign-up and then now and then until it goes quiet, mostly from home,
sometimes through its carrier's NAT (an address shared by hundreds of strangers), over IPv6, or
from somewhere else entirely. Case builders change the inputs (a shared router, a borrowed
device) or add explicit logins; this module never needs to know which account is planted.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.synthetic.casebook import LOGIN_SCHEMA
from analytics.synthetic.clock import DAY, HOUR, LAST
from analytics.synthetic.columns import build_by_group
from analytics.synthetic.network import ipv4_strings, ipv6_addresses, public_ipv4
from analytics.synthetic.population import CARRIER_BLOCK, Population

HOME, MOBILE, IPV6, AWAY = 0, 1, 2, 3
_SOURCE_CUTS = (0.68, 0.86, 0.95)


def _login_counts(pop: Population, rng: np.random.Generator) -> np.ndarray:
    """About eight logins per account, more for accounts that stay longer."""
    life = np.maximum(pop.active_until - pop.created, HOUR)
    lam = pop.login_rate * (1.5 + 11.0 * life / (730 * DAY))
    return 1 + rng.poisson(lam)


def _sources(pop: Population, rng: np.random.Generator, acc: np.ndarray) -> np.ndarray:
    r = rng.random(len(acc))
    source = np.select(
        [r < _SOURCE_CUTS[0], r < _SOURCE_CUTS[1], r < _SOURCE_CUTS[2]], [HOME, MOBILE, IPV6], AWAY
    )
    no_mobile = (source == MOBILE) & (pop.carrier_block[acc] < 0)
    no_v6 = (source == IPV6) & pop.v6_prefix.is_null().to_numpy()[acc]
    return np.where(no_mobile | no_v6, HOME, source)


def _ip_text(
    pop: Population, rng: np.random.Generator, acc: np.ndarray, source: np.ndarray
) -> pl.Series:
    def build(src: int, rows: np.ndarray) -> pl.Series:
        who = acc[rows]
        if src == HOME:
            return ipv4_strings(pop.home_ip[who])
        if src == MOBILE:
            slot = pop.carrier_block[who] * CARRIER_BLOCK + rng.integers(
                0, CARRIER_BLOCK, len(rows)
            )
            return ipv4_strings(pop.carrier_pool[slot])
        if src == IPV6:
            return ipv6_addresses(rng, pop.v6_prefix.gather(who))
        return ipv4_strings(public_ipv4(rng, len(rows)))

    return build_by_group(source, build)


def _devices(pop: Population, rng: np.random.Generator, acc: np.ndarray) -> pl.Series:
    n = len(acc)
    own = pop.dev_start[acc] + (rng.random(n) * pop.n_dev[acc]).astype(np.int64)
    extra = pop.extra_dev[acc]
    device = np.where((extra >= 0) & (rng.random(n) < pop.extra_dev_p[acc]), extra, own)
    missing = rng.random(n) < 0.03
    return pl.select(
        pl.when(~pl.lit(pl.Series(values=missing))).then(pl.lit(pl.Series(values=device)))
    ).to_series()


def base_logins(pop: Population, rng: np.random.Generator) -> pl.DataFrame:
    """Ordinary logins of every account, from sign-up until it goes quiet."""
    counts = _login_counts(pop, rng)
    acc = np.repeat(np.arange(pop.n), counts)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    life = np.maximum(pop.active_until - pop.created, HOUR)[acc]
    ts = pop.created[acc] + (rng.random(len(acc)) * life).astype(np.int64)
    ts[starts] = pop.created + rng.integers(0, 90, pop.n)
    source = _sources(pop, rng, acc)
    source[starts] = HOME
    frame = pl.DataFrame(
        {
            "acc": acc,
            "ts": np.minimum(ts, LAST),
            "ip": _ip_text(pop, rng, acc, source),
            "device": _devices(pop, rng, acc),
        }
    )
    return frame.cast(LOGIN_SCHEMA)
