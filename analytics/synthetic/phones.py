"""Valid phone numbers written the way people type them.

A number is drawn as digits (national significant number) from a country's plans and then
written in one of a dozen human formats: "+1 (415) 555-0100", "0044 7911 123456",
"415.555.0100", "0917 123 4567"... Every format used for a country parses as the same valid
number with that country as default region, which is what a detector normalizing phones sees.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.synthetic.columns import build_by_group
from analytics.synthetic.countries import COUNTRIES, MAX_PLANS, Country, NumberPlan

FORMATS = (
    "e164",  # +14155550100
    "intl_space",  # +44 7911 123456
    "intl_dash",  # +91-98765-43210
    "intl_paren",  # +1 (415) 555-0100 / +44 (0) 7911 123456
    "idd_space",  # 0044 7911 123456
    "idd_dash",  # 0044-7911-123-456
    "nat_space",  # 07911 123456
    "nat_compact",  # 07911123456
    "nat_dots",  # 415.555.0100
    "nat_paren",  # (415) 555-0100 / (0917) 123-4567
    "nat_dash",  # 0917-123-4567 / 1-415-555-0100
    "bare_space",  # 7911 123456 (no trunk prefix)
)
FORMAT_WEIGHTS = np.array([6, 14, 4, 7, 5, 2, 20, 12, 5, 8, 9, 8], dtype=float)
FORMAT_WEIGHTS /= FORMAT_WEIGHTS.sum()


def draw_numbers(
    rng: np.random.Generator, country: np.ndarray
) -> tuple[np.ndarray, pl.Series, pl.Series]:
    """Random valid numbers for the given countries: (plan index, national digits, E.164)."""
    n = len(country)
    plan = np.zeros(n, dtype=np.int64)
    for ci, c in enumerate(COUNTRIES):
        rows = np.flatnonzero(country == ci)
        if len(c.plans) > 1 and len(rows):
            w = np.array([p.weight for p in c.plans])
            plan[rows] = rng.choice(len(c.plans), size=len(rows), p=w / w.sum())
    keys = country.astype(np.int64) * MAX_PLANS + plan

    def national(key: int, rows: np.ndarray) -> pl.Series:
        p = COUNTRIES[key // MAX_PLANS].plans[key % MAX_PLANS]
        m = len(rows)
        frame = pl.DataFrame(
            {
                "prefix": pl.Series(values=list(p.prefixes)).gather(
                    rng.integers(0, len(p.prefixes), m)
                ),
                "free": rng.integers(p.free_min, 10**p.free_digits, m),
            }
        )
        free = pl.col("free").cast(pl.String).str.zfill(p.free_digits)
        return frame.select(pl.concat_str([pl.col("prefix"), free])).to_series()

    nsn = build_by_group(keys, national)
    e164 = e164_of(country, nsn)
    return plan, nsn, e164


def e164_of(country: np.ndarray, nsn: pl.Series) -> pl.Series:
    """ "+<calling code><national number>": the canonical form two formats of a number share."""
    codes = pl.Series(values=["+" + c.calling_code for c in COUNTRIES]).gather(country)
    return pl.select(pl.concat_str([pl.lit(codes), pl.lit(nsn)])).to_series()


def usable_format(c: Country, fmt: str) -> str:
    """The format a person of this country would actually use instead of an impossible one."""
    if fmt.startswith("idd") and not c.idd00:
        return "intl_space" if fmt == "idd_space" else "intl_dash"
    if fmt == "intl_paren" and not c.trunk and not c.nanp:
        return "intl_space"
    return fmt


def _render(c: Country, p: NumberPlan, fmt: str) -> pl.Expr:
    """Expression writing column ``d`` (national digits of plan ``p``) in format ``fmt``."""
    d = pl.col("d")
    offsets = np.concatenate(([0], np.cumsum(p.groups)[:-1]))
    parts = [d.str.slice(int(o), g) for o, g in zip(offsets, p.groups, strict=True)]
    cc, trunk = c.calling_code, c.trunk

    def joined(sep: str, items: list[pl.Expr] = parts) -> pl.Expr:
        return pl.concat_str(items, separator=sep)

    def lit(text: str) -> pl.Expr:
        return pl.lit(text)

    fmt = usable_format(c, fmt)
    if fmt == "e164":
        return pl.concat_str([lit("+" + cc), d])
    if fmt == "intl_space":
        return pl.concat_str([lit(f"+{cc} "), joined(" ")])
    if fmt == "intl_dash":
        return pl.concat_str([lit(f"+{cc}-"), joined("-")])
    if fmt == "intl_paren":
        if c.nanp:
            return pl.concat_str([lit(f"+{cc} ("), parts[0], lit(") "), joined("-", parts[1:])])
        return pl.concat_str([lit(f"+{cc} ({trunk}) "), joined(" ")])
    if fmt == "idd_space":
        return pl.concat_str([lit(f"00{cc} "), joined(" ")])
    if fmt == "idd_dash":
        return pl.concat_str([lit(f"00{cc}-"), joined("-")])
    if fmt == "nat_space":
        return pl.concat_str([lit(trunk), joined(" ")])
    if fmt == "nat_compact":
        return pl.concat_str([lit(trunk), d])
    if fmt == "nat_dots":
        return pl.concat_str([lit(trunk), joined(".")])
    if fmt == "nat_paren":
        rest = joined("-" if c.nanp else " ", parts[1:])
        return pl.concat_str([lit(f"({trunk}"), parts[0], lit(") "), rest])
    if fmt == "nat_dash":
        return pl.concat_str([lit("1-" if c.nanp else trunk), joined("-")])
    return joined(" ")  # bare_space


def write_numbers(
    country: np.ndarray, plan: np.ndarray, nsn: pl.Series, fmt: np.ndarray
) -> pl.Series:
    """The national digits written in the given formats (indices into FORMATS)."""
    nf = len(FORMATS)
    keys = (country.astype(np.int64) * MAX_PLANS + plan) * nf + fmt

    def written(key: int, rows: np.ndarray) -> pl.Series:
        ci, rest = divmod(key, MAX_PLANS * nf)
        pi, fi = divmod(rest, nf)
        c = COUNTRIES[ci]
        frame = pl.DataFrame({"d": nsn.gather(rows)})
        return frame.select(_render(c, c.plans[pi], FORMATS[fi]).alias("v")).to_series()

    return build_by_group(keys, written)


def random_formats(rng: np.random.Generator, n: int) -> np.ndarray:
    """Format indices with the mix seen in sign-up forms."""
    return rng.choice(len(FORMATS), size=n, p=FORMAT_WEIGHTS)


def write_one(country: int, nsn: str, fmt: str) -> str:
    """One number in one format: for the per-case builders."""
    c = COUNTRIES[country]
    matches = [
        i for i, p in enumerate(c.plans) if p.length == len(nsn) and nsn.startswith(p.prefixes)
    ]
    plan = matches[0] if matches else 0
    out = write_numbers(
        np.array([country]), np.array([plan]), pl.Series([nsn]), np.array([FORMATS.index(fmt)])
    )
    return str(out[0])
