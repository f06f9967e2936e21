"""IP addresses and device fingerprints as people's traffic would show them.

Residential addresses are random public IPv4 (never private, shared, documentation or
multicast ranges, so that a detector that drops those does not drop real homes); carrier NAT
lives in 100.64.0.0/10, where one address is shared by many unrelated phones; IPv6 homes keep
one /64 prefix and rotate the interface part.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.synthetic.columns import hex_strings

_NOT_PUBLIC = (
    ("0.0.0.0", 8),
    ("10.0.0.0", 8),
    ("100.64.0.0", 10),
    ("127.0.0.0", 8),
    ("169.254.0.0", 16),
    ("172.16.0.0", 12),
    ("192.0.0.0", 24),
    ("192.0.2.0", 24),
    ("192.88.99.0", 24),
    ("192.168.0.0", 16),
    ("198.18.0.0", 15),
    ("198.51.100.0", 24),
    ("203.0.113.0", 24),
    ("224.0.0.0", 4),
    ("240.0.0.0", 4),
)
CGNAT_BASE = (100 << 24) | (64 << 16)
"""100.64.0.0: the lower half of the /10 serves ordinary phones, the upper half planted crowds."""
_V6_BLOCKS = ("2a02", "2a01", "2a00", "2600", "2601", "2603", "2604", "2607", "2409", "2405")


def _as_int(dotted: str) -> int:
    a, b, c, d = (int(x) for x in dotted.split("."))
    return (a << 24) | (b << 16) | (c << 8) | d


_RANGES = np.array(
    [(_as_int(net), _as_int(net) + (1 << (32 - bits))) for net, bits in _NOT_PUBLIC],
    dtype=np.int64,
)


def is_public(ips: np.ndarray) -> np.ndarray:
    """Whether each address is routable public unicast (and not a .0 or .255 host)."""
    x = ips.astype(np.int64)
    ok = ((x & 255) != 0) & ((x & 255) != 255)
    for lo, hi in _RANGES:
        ok &= (x < lo) | (x >= hi)
    return ok


def public_ipv4(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct random public IPv4 addresses as integers."""
    out = rng.integers(1 << 24, 0xE0000000, size=n, dtype=np.int64)
    while True:
        bad = ~is_public(out)
        _, first = np.unique(out, return_index=True)
        dup = np.ones(n, dtype=bool)
        dup[first] = False
        bad |= dup
        if not bad.any():
            return out
        out[bad] = rng.integers(1 << 24, 0xE0000000, size=int(bad.sum()), dtype=np.int64)


def cgnat_ipv4(rng: np.random.Generator, n: int, crowd: bool) -> np.ndarray:
    """Distinct carrier-NAT addresses: ordinary pools below 100.96/11, planted crowds above."""
    offset = CGNAT_BASE + ((1 << 21) if crowd else 0)
    picks = rng.choice((1 << 21) - 2, size=n, replace=False) + 1
    return offset + picks.astype(np.int64)


def ipv4_strings(ips: np.ndarray) -> pl.Series:
    """Dotted-quad text for integer addresses."""
    x = np.asarray(ips, dtype=np.int64)
    frame = pl.DataFrame({f"o{i}": (x >> s) & 255 for i, s in enumerate((24, 16, 8, 0))})
    return frame.select(pl.concat_str(pl.all().cast(pl.String), separator=".")).to_series()


def ipv4_text(ip: int) -> str:
    """Dotted-quad text for one address."""
    return ".".join(str((ip >> s) & 255) for s in (24, 16, 8, 0))


def ipv6_prefixes(rng: np.random.Generator, n: int) -> pl.Series:
    """Random global /64 prefixes such as "2a02:8109:3c0e:9f00" (no documentation range)."""
    block = pl.Series(values=list(_V6_BLOCKS)).gather(rng.integers(0, len(_V6_BLOCKS), n))
    h = hex_strings(rng, n, 6)
    groups = [pl.lit(block)] + [pl.lit(h).str.slice(i, 4) for i in (0, 4, 8)]
    return pl.select(pl.concat_str(groups, separator=":")).to_series()


def ipv6_addresses(rng: np.random.Generator, prefixes: pl.Series) -> pl.Series:
    """One address per prefix with a fresh random interface identifier (privacy addresses)."""
    h = hex_strings(rng, len(prefixes), 8)
    groups = [pl.lit(prefixes)] + [pl.lit(h).str.slice(i, 4) for i in (0, 4, 8, 12)]
    return pl.select(pl.concat_str(groups, separator=":")).to_series()


def device_ids(rng: np.random.Generator, n: int) -> pl.Series:
    """Browser/device fingerprints: 16 hex characters."""
    return hex_strings(rng, n, 8)
