"""E-mail addresses as users type them, and the mailbox they really denote.

Addresses are built from names, nicknames and digits across common providers and made-up
company domains, then roughened the way sign-up forms see them: capitals, stray spaces, Gmail
dots and ``+tags``. ``mailbox_key`` undoes all of that; honest accounts get distinct mailboxes,
so any two accounts sharing one are linked on purpose.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.synthetic.columns import choose
from analytics.synthetic.names import COMPANY_DOMAINS, FIRST_NAMES, LAST_NAMES, NICK_WORDS

_PROVIDERS = (
    ("gmail.com", 0.40),
    ("googlemail.com", 0.01),
    ("outlook.com", 0.08),
    ("hotmail.com", 0.07),
    ("yahoo.com", 0.09),
    ("icloud.com", 0.04),
    ("proton.me", 0.03),
    ("protonmail.com", 0.02),
    ("aol.com", 0.01),
    ("gmx.de", 0.01),
    ("yandex.ru", 0.01),
    ("rediffmail.com", 0.01),
    ("", 0.22),  # a company domain
)
PLUS_TAGS = ("work", "jobs", "freelance", "upw", "hire", "clients", "2024", "biz", "pay")
_STYLES = 8


def _domains(rng: np.random.Generator, n: int) -> pl.Series:
    names = [d for d, _ in _PROVIDERS]
    w = np.array([p for _, p in _PROVIDERS])
    provider = pl.Series(values=names).gather(rng.choice(len(names), size=n, p=w / w.sum()))
    company = choose(rng, COMPANY_DOMAINS, n)
    return pl.select(
        pl.when(pl.lit(provider) == "").then(pl.lit(company)).otherwise(pl.lit(provider))
    ).to_series()


def _local_parts(rng: np.random.Generator, first: np.ndarray, last: np.ndarray) -> pl.Series:
    n = len(first)
    frame = pl.DataFrame(
        {
            "f": pl.Series(values=list(FIRST_NAMES)).gather(first).str.to_lowercase(),
            "l": pl.Series(values=list(LAST_NAMES)).gather(last).str.to_lowercase(),
            "w1": choose(rng, NICK_WORDS, n),
            "w2": choose(rng, NICK_WORDS, n),
            "style": rng.integers(0, _STYLES, n),
        }
    )
    f, la, w1, w2 = pl.col("f"), pl.col("l"), pl.col("w1"), pl.col("w2")
    shapes = [
        pl.concat_str([f, pl.lit("."), la]),
        pl.concat_str([f, la]),
        pl.concat_str([f, pl.lit("_"), la]),
        pl.concat_str([f.str.slice(0, 1), la]),
        pl.concat_str([f, la.str.slice(0, 1)]),
        pl.concat_str([w1, w2]),
        pl.concat_str([la, pl.lit("."), f]),
        pl.concat_str([f, pl.lit("."), w1]),
    ]
    style = pl.col("style")
    expr = pl.when(style == 0).then(shapes[0])
    for i, shape in enumerate(shapes[1:], start=1):
        expr = expr.when(style == i).then(shape)
    return frame.select(expr.otherwise(shapes[0]).alias("v")).to_series()


def _number_suffix(rng: np.random.Generator, n: int) -> pl.Series:
    """Digits people append: birth years, lucky numbers, or nothing."""
    kind = rng.choice(4, size=n, p=[0.08, 0.27, 0.3, 0.35])
    year = rng.integers(1965, 2006, n)
    value = np.select(
        [kind == 1, kind == 2, kind == 3],
        [year % 100, year, rng.integers(1, 10_000, n)],
        default=-1,
    )
    frame = pl.DataFrame({"v": value, "k": kind})
    text = pl.col("v").cast(pl.String)
    return frame.select(
        pl.when(pl.col("k") == 0)
        .then(pl.lit(""))
        .when(pl.col("k") == 1)
        .then(text.str.zfill(2))
        .otherwise(text)
        .alias("v")
    ).to_series()


def make_emails(rng: np.random.Generator, first: np.ndarray, last: np.ndarray) -> pl.Series:
    """Clean addresses (lower case, no tags) for people with these name indices."""
    n = len(first)
    if n == 0:
        return pl.Series(values=[], dtype=pl.String)
    frame = pl.DataFrame(
        {
            "local": _local_parts(rng, first, last),
            "num": _number_suffix(rng, n),
            "domain": _domains(rng, n),
        }
    )
    return frame.select(
        pl.concat_str([pl.col("local"), pl.col("num"), pl.lit("@"), pl.col("domain")])
    ).to_series()


def roughen(rng: np.random.Generator, emails: pl.Series) -> pl.Series:
    """How addresses arrive from sign-up forms: capitals, spaces, Gmail dots and +tags."""
    n = len(emails)
    r = rng.random((5, n))
    frame = pl.DataFrame(
        {
            "e": emails,
            "dot": r[0] < 0.05,
            "tag": r[1] < 0.03,
            "caps": r[2],
            "space": r[3],
            "pos": (r[4] * 1000).astype(np.int64),
            "tag_word": choose(rng, PLUS_TAGS, n),
        }
    )
    local, domain = pl.col("local"), pl.col("domain")
    frame = frame.with_columns(
        local=pl.col("e").str.extract(r"^([^@]*)@", 1),
        domain=pl.col("e").str.extract(r"@(.*)$", 1),
    )
    frame = frame.with_columns(pos=pl.col("pos") % (local.str.len_chars() - 1).clip(1) + 1)
    frame = frame.with_columns(
        dotted=pl.concat_str(
            [local.str.slice(0, pl.col("pos")), pl.lit("."), local.str.slice(pl.col("pos"))]
        )
    )
    dotted = pl.col("dotted")
    can_dot = (
        pl.col("dot")
        & domain.is_in(["gmail.com", "googlemail.com"])
        & ~dotted.str.contains("..", literal=True)
        & ~dotted.str.ends_with(".")
    )
    frame = frame.with_columns(local=pl.when(can_dot).then(dotted).otherwise(local))
    frame = frame.with_columns(
        local=pl.when(pl.col("tag"))
        .then(pl.concat_str([local, pl.lit("+"), pl.col("tag_word")]))
        .otherwise(local)
    )
    frame = frame.with_columns(out=pl.concat_str([local, pl.lit("@"), domain]))
    out = pl.col("out")
    frame = frame.with_columns(
        out=pl.when(pl.col("caps") < 0.02)
        .then(out.str.to_uppercase())
        .when(pl.col("caps") < 0.10)
        .then(pl.concat_str([out.str.slice(0, 1).str.to_uppercase(), out.str.slice(1)]))
        .otherwise(out)
    )
    return frame.select(
        pl.when(pl.col("space") < 0.015)
        .then(pl.concat_str([pl.lit(" "), out]))
        .when(pl.col("space") < 0.03)
        .then(pl.concat_str([out, pl.lit(" ")]))
        .otherwise(out)
        .alias("e")
    ).to_series()


def mailbox_key(e: pl.Expr) -> pl.Expr:
    """The mailbox an address reaches: case, spaces, dots, +tags and googlemail folded away.

    Dots are dropped for every provider, not only Gmail: stricter than the providers, so honest
    accounts stay distinct under any sensible normalization a detector might choose.
    """
    clean = e.str.strip_chars().str.to_lowercase()
    local = clean.str.extract(r"^([^@+]*)", 1).str.replace_all(".", "", literal=True)
    domain = clean.str.extract(r"@(.*)$", 1).str.replace("^googlemail\\.com$", "gmail.com")
    return pl.concat_str([local, pl.lit("@"), domain])


def gmail_variants(rng: np.random.Generator, mailbox: str, k: int) -> list[str]:
    """``k`` different ways of typing one Gmail mailbox (dots, +tags, capitals, googlemail)."""
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < k:
        local = mailbox
        if rng.random() < 0.6 and len(local) > 2:
            cut = int(rng.integers(1, len(local)))
            local = local[:cut] + "." + local[cut:]
        if rng.random() < 0.25 and len(local) > 4:
            cut = int(rng.integers(1, len(local) - 1))
            if "." not in local[cut - 1 : cut + 1]:
                local = local[:cut] + "." + local[cut:]
        if rng.random() < 0.4:
            local += "+" + PLUS_TAGS[int(rng.integers(0, len(PLUS_TAGS)))]
        domain = "googlemail.com" if rng.random() < 0.2 else "gmail.com"
        text = f"{local}@{domain}"
        if rng.random() < 0.25:
            text = text[0].upper() + text[1:]
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out
