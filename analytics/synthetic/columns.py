"""Vectorized helpers shared by the builders: grouped string building, hex, number formats.

Rows that need different string shapes (one phone format, one message template) are sorted by
their shape, each shape is built for all its rows with one polars expression, and the pieces are
put back in row order. That keeps the work per row in compiled code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import polars as pl
import pyarrow as pa


def build_by_group(keys: np.ndarray, build: Callable[[int, np.ndarray], pl.Series]) -> pl.Series:
    """Strings for every row, built one group of equal ``keys`` at a time, in row order.

    ``build(key, rows)`` returns one string per row index in ``rows``; groups are visited in key
    order so that any random draws inside ``build`` happen in a deterministic order.
    """
    n = len(keys)
    if n == 0:
        return pl.Series(values=[], dtype=pl.String)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    cuts = np.flatnonzero(np.diff(sorted_keys)) + 1
    starts = np.concatenate(([0], cuts))
    ends = np.concatenate((cuts, [n]))
    parts = [build(int(sorted_keys[s]), order[s:e]) for s, e in zip(starts, ends, strict=True)]
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.arange(n)
    return pl.concat(parts, rechunk=True).gather(inverse)


def hex_strings(rng: np.random.Generator, n: int, nbytes: int) -> pl.Series:
    """``n`` random lower-case hex strings of ``2 * nbytes`` characters."""
    raw = rng.integers(0, 256, size=(n, nbytes), dtype=np.uint8)
    arrow = pa.FixedSizeBinaryArray.from_buffers(
        pa.binary(nbytes), n, [None, pa.py_buffer(raw.tobytes())]
    )
    return pl.Series(pl.from_arrow(arrow)).cast(pl.Binary).bin.encode("hex")


def choose(rng: np.random.Generator, options: Sequence[str], n: int) -> pl.Series:
    """``n`` strings drawn uniformly from ``options``."""
    return pl.Series(values=list(options), dtype=pl.String).gather(rng.integers(0, len(options), n))


def with_commas(value: pl.Expr) -> pl.Expr:
    """Whole numbers below a billion with thousands separators: 1250 -> "1,250"."""
    millions = (value // 1_000_000).cast(pl.String)
    thousands = (value // 1000 % 1000).cast(pl.String)
    units = (value % 1000).cast(pl.String)
    return (
        pl.when(value >= 1_000_000)
        .then(
            pl.concat_str(
                [millions, pl.lit(","), thousands.str.zfill(3), pl.lit(","), units.str.zfill(3)]
            )
        )
        .when(value >= 1000)
        .then(pl.concat_str([thousands, pl.lit(","), units.str.zfill(3)]))
        .otherwise(units)
    )
