"""The data set's fixed time window and its seeded random streams.

Nothing reads the wall clock: every timestamp is whole seconds since the epoch inside
[START, END), and every random draw comes from a stream derived from the seed and a name, so a
change in one module never shifts the numbers another module draws.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime

import numpy as np

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
WEEK = 7 * DAY

END = int(datetime(2026, 11, 1, tzinfo=UTC).timestamp())
"""Exclusive end of the data: nothing happens at or after it."""
START = END - 730 * DAY
"""Two years of history before END."""
LAST = END - 1
"""The last second anything may happen at."""


def stream(seed: int, name: str) -> np.random.Generator:
    """A random stream for one part of the generator, independent of every other part's."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def between(
    rng: np.random.Generator, lo: object, hi: object, size: int | None = None
) -> np.ndarray:
    """Uniform whole seconds in [lo, hi), elementwise when the bounds are arrays."""
    lo_a = np.asarray(lo, dtype=np.int64)
    hi_a = np.asarray(hi, dtype=np.int64)
    shape = np.broadcast(lo_a, hi_a).shape if size is None else size
    return lo_a + (rng.random(shape) * (hi_a - lo_a)).astype(np.int64)


def one_between(rng: np.random.Generator, lo: float, hi: float) -> int:
    """One uniform second in [lo, hi): the scalar form the per-case builders use."""
    return int(lo + rng.random() * (hi - lo))


def signup_before(rng: np.random.Generator, before: int, lo_gap: int, hi_gap: int) -> int:
    """A sign-up ``lo_gap``..``hi_gap`` before ``before``, drawn inside the window.

    Drawn, never clamped: clamping to START would pile planted accounts up on one instant.
    """
    lo = max(START, before - hi_gap)
    hi = before - lo_gap
    if hi <= lo:
        raise ValueError("no room for a sign-up before the window starts")
    return one_between(rng, lo, hi)
