"""Ordinary message bodies: workroom chatter full of numbers that are *not* contact details.

Real workrooms are dense with prices, hours, dates, invoice and order numbers, versions,
ticket ids, tracking numbers, meeting ids and links. A contact detector that fires on "any long
digit run" or "anything with an @" drowns here, which is the point. Bodies are rendered
vectorized: each message gets a template index, and each template's slots are filled for all
its messages at once with polars string expressions.
"""

from __future__ import annotations

import string
from collections.abc import Callable

import numpy as np
import polars as pl

from analytics.synthetic.columns import build_by_group, choose, hex_strings, with_commas

Slot = Callable[[np.random.Generator, np.ndarray], pl.Series]


def _select(frame: pl.DataFrame, expr: pl.Expr) -> pl.Series:
    return frame.select(expr.alias("v")).to_series()


def _variant(frame: pl.DataFrame, rng: np.random.Generator, shapes: list[pl.Expr]) -> pl.Series:
    """Each row written in one of ``shapes`` at random."""
    frame = frame.with_columns(_k=pl.Series(values=rng.integers(0, len(shapes), frame.height)))
    expr = pl.when(pl.col("_k") == 0).then(shapes[0])
    for i, shape in enumerate(shapes[1:], start=1):
        expr = expr.when(pl.col("_k") == i).then(shape)
    return _select(frame, expr.otherwise(shapes[0]))


def _price(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    m = len(ts)
    frame = pl.DataFrame(
        {
            "d": np.rint(np.clip(rng.lognormal(np.log(300), 1.2, m), 5, 250_000)).astype(np.int64),
            "c": rng.integers(0, 100, m) * (rng.random(m) < 0.3),
        }
    )
    d, c = with_commas(pl.col("d")), pl.col("c").cast(pl.String).str.zfill(2)
    return _variant(
        frame,
        rng,
        [
            pl.concat_str([pl.lit("$"), d, pl.lit("."), c]),
            pl.concat_str([pl.lit("$"), d]),
            pl.concat_str([d, pl.lit(" USD")]),
            pl.concat_str([pl.lit("USD "), d]),
            pl.concat_str([pl.lit("€"), d]),
            pl.concat_str([pl.lit("£"), d, pl.lit("."), c]),
        ],
    )


def _rate(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    frame = pl.DataFrame({"r": rng.integers(8, 150, len(ts))})
    r = pl.col("r").cast(pl.String)
    return _variant(
        frame,
        rng,
        [
            pl.concat_str([r, pl.lit(" USD/hr")]),
            pl.concat_str([pl.lit("$"), r, pl.lit("/hour")]),
            pl.concat_str([pl.lit("$"), r, pl.lit(" an hour")]),
            pl.concat_str([pl.lit("€"), r, pl.lit("/h")]),
        ],
    )


def _hours(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    m = len(ts)
    frame = pl.DataFrame(
        {"h": rng.integers(1, 80, m), "q": choose(rng, ["", ".25", ".5", ".75"], m)}
    )
    h = pl.col("h").cast(pl.String)
    return _variant(
        frame,
        rng,
        [
            pl.concat_str([h, pl.col("q"), pl.lit(" hours")]),
            pl.concat_str([h, pl.lit("h")]),
            pl.concat_str([h, pl.col("q"), pl.lit(" hrs")]),
        ],
    )


def _when(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    """A date near the message: "2025-03-14", "March 3rd", "03/14/2025", "14.03.2025"."""
    shift = rng.integers(-10 * 86_400, 30 * 86_400, len(ts))
    frame = pl.DataFrame({"t": ts + shift}).with_columns(t=pl.from_epoch("t", time_unit="s"))
    t = pl.col("t")
    day = t.dt.day()
    suffix = (
        pl.when(day.is_in([1, 21, 31]))
        .then(pl.lit("st"))
        .when(day.is_in([2, 22]))
        .then(pl.lit("nd"))
        .when(day.is_in([3, 23]))
        .then(pl.lit("rd"))
        .otherwise(pl.lit("th"))
    )
    return _variant(
        frame,
        rng,
        [
            t.dt.strftime("%Y-%m-%d"),
            pl.concat_str([t.dt.strftime("%B %-d"), suffix]),
            t.dt.strftime("%m/%d/%Y"),
            t.dt.strftime("%d.%m.%Y"),
            t.dt.strftime("%b %-d"),
            t.dt.strftime("%A, %B %-d"),
        ],
    )


def _clock(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    frame = pl.DataFrame(
        {"h": rng.integers(7, 20, len(ts)), "m": rng.choice([0, 15, 30, 45], len(ts))}
    )
    h, mm = pl.col("h"), pl.col("m").cast(pl.String).str.zfill(2)
    h12 = ((h - 1) % 12 + 1).cast(pl.String)
    ampm = pl.when(h < 12).then(pl.lit("am")).otherwise(pl.lit("pm"))
    return _variant(
        frame,
        rng,
        [
            pl.concat_str([h.cast(pl.String), pl.lit(":"), mm]),
            pl.concat_str([h12, ampm]),
            pl.concat_str([h.cast(pl.String), pl.lit(":"), mm, pl.lit(" UTC")]),
            pl.concat_str([h12, pl.lit(":"), mm, pl.lit(" "), ampm]),
        ],
    )


def _datetime(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    frame = pl.DataFrame({"d": _when(rng, ts), "c": _clock(rng, ts)})
    return _select(frame, pl.concat_str([pl.col("d"), pl.lit(" at "), pl.col("c")]))


def _invoice(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    m = len(ts)
    frame = pl.DataFrame(
        {
            "y": pl.from_epoch(pl.Series(values=ts), time_unit="s").dt.year(),
            "n": rng.integers(1, 99_999, m),
        }
    )
    n = pl.col("n").cast(pl.String)
    return _variant(
        frame,
        rng,
        [
            pl.concat_str(
                [pl.lit("INV-"), pl.col("y").cast(pl.String), pl.lit("-"), n.str.zfill(5)]
            ),
            pl.concat_str([pl.lit("invoice #"), n]),
            pl.concat_str([pl.lit("#INV"), n.str.zfill(6)]),
        ],
    )


def _order(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    m = len(ts)
    frame = pl.DataFrame(
        {"n": rng.integers(10_000, 9_999_999_999, m), "p": rng.integers(100, 99_999, m)}
    )
    return _variant(
        frame,
        rng,
        [
            pl.concat_str([pl.lit("order #"), pl.col("n").cast(pl.String)]),
            pl.concat_str([pl.lit("PO-"), pl.col("p").cast(pl.String)]),
            pl.concat_str([pl.lit("order "), pl.col("n").cast(pl.String)]),
        ],
    )


def _version(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    m = len(ts)
    frame = pl.DataFrame(
        {"a": rng.integers(0, 12, m), "b": rng.integers(0, 40, m), "c": rng.integers(0, 30, m)}
    )
    abc = pl.concat_str([pl.col(x).cast(pl.String) for x in "abc"], separator=".")
    return _variant(
        frame, rng, [pl.concat_str([pl.lit("v"), abc]), abc, pl.concat_str([pl.lit("build "), abc])]
    )


def _ticket(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    m = len(ts)
    frame = pl.DataFrame(
        {
            "p": choose(rng, ["PROJ", "WEB", "APP", "OPS", "DATA", "CRM"], m),
            "n": rng.integers(1, 9999, m),
        }
    )
    n = pl.col("n").cast(pl.String)
    return _variant(
        frame,
        rng,
        [
            pl.concat_str([pl.col("p"), pl.lit("-"), n]),
            pl.concat_str([pl.lit("ticket #"), n]),
            pl.concat_str([pl.lit("issue #"), n]),
        ],
    )


def _long_id(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    """Transaction, tracking and reference numbers: 10 to 18 digits, some phone-length."""
    m = len(ts)
    width = rng.integers(10, 19, m)
    value = rng.integers(10**9, 10**18, m, dtype=np.int64) % (10 ** width.astype(np.int64))
    frame = pl.DataFrame({"v": value, "w": width})
    v = pl.col("v").cast(pl.String).str.pad_start(18, "0")
    text = v.str.slice(18 - pl.col("w"))
    return _variant(
        frame,
        rng,
        [
            pl.concat_str([pl.lit("transaction id "), text]),
            pl.concat_str([pl.lit("tracking number "), text]),
            pl.concat_str([pl.lit("ref "), text]),
            pl.concat_str([pl.lit("reference no. "), text]),
        ],
    )


def _percent(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    m = len(ts)
    frame = pl.DataFrame({"a": rng.integers(1, 100, m), "b": rng.integers(0, 10, m)})
    a = pl.col("a").cast(pl.String)
    return _variant(
        frame,
        rng,
        [
            pl.concat_str([a, pl.lit("%")]),
            pl.concat_str([a, pl.lit("."), pl.col("b").cast(pl.String), pl.lit("%")]),
        ],
    )


def _quantity(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    m = len(ts)
    frame = pl.DataFrame(
        {
            "n": np.rint(rng.lognormal(np.log(40), 1.3, m)).astype(np.int64) + 1,
            "u": choose(
                rng,
                [
                    "units",
                    "rows",
                    "revisions",
                    "SKUs",
                    "pages",
                    "images",
                    "products",
                    "leads",
                    "records",
                    "screens",
                ],
                m,
            ),
        }
    )
    return _select(frame, pl.concat_str([with_commas(pl.col("n")), pl.col("u")], separator=" "))


def _link(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    m = len(ts)
    frame = pl.DataFrame(
        {
            "h": hex_strings(rng, m, 16),
            "n": rng.integers(1, 2000, m),
            "org": choose(
                rng, ["acme", "brightpixel", "northwind-dev", "harbor-labs", "orbit-io"], m
            ),
            "repo": choose(rng, ["web-app", "api", "landing", "etl", "mobile", "shop"], m),
            "https": rng.random(m) < 0.6,
        }
    )
    h, n = pl.col("h"), pl.col("n").cast(pl.String)
    body = _variant(
        frame,
        rng,
        [
            pl.concat_str(
                [
                    pl.lit("github.com/"),
                    pl.col("org"),
                    pl.lit("/"),
                    pl.col("repo"),
                    pl.lit("/pull/"),
                    n,
                ]
            ),
            pl.concat_str(
                [pl.lit("docs.google.com/document/d/"), h.str.slice(0, 28), pl.lit("/edit")]
            ),
            pl.concat_str(
                [pl.lit("figma.com/file/"), h.str.slice(0, 22), pl.lit("/"), pl.col("repo")]
            ),
            pl.concat_str([pl.lit("trello.com/c/"), h.str.slice(0, 8)]),
            pl.concat_str(
                [pl.lit("drive.google.com/file/d/"), h.str.slice(0, 26), pl.lit("/view")]
            ),
            pl.concat_str([pl.lit("www.loom.com/share/"), h]),
        ],
    )
    return _select(
        frame.with_columns(b=body),
        pl.when(pl.col("https"))
        .then(pl.concat_str([pl.lit("https://"), pl.col("b")]))
        .otherwise(pl.col("b")),
    )


def _meeting(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    """Zoom meeting ids: eleven digits that look a lot like a phone number."""
    m = len(ts)
    frame = pl.DataFrame(
        {
            "a": rng.integers(810, 999, m),
            "b": rng.integers(1000, 9999, m),
            "c": rng.integers(1000, 9999, m),
        }
    )
    a, b, c = (pl.col(x).cast(pl.String) for x in "abc")
    return _variant(
        frame,
        rng,
        [
            pl.concat_str([pl.lit("Meeting ID: "), a, pl.lit(" "), b, pl.lit(" "), c]),
            pl.concat_str([pl.lit("zoom.us/j/"), a, b, c]),
        ],
    )


def _dims(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    m = len(ts)
    frame = pl.DataFrame(
        {
            "w": rng.choice([640, 800, 1080, 1200, 1920, 2560], m),
            "h": rng.choice([480, 628, 1080, 1350, 1440], m),
        }
    )
    w, h = pl.col("w").cast(pl.String), pl.col("h").cast(pl.String)
    return _variant(
        frame,
        rng,
        [pl.concat_str([w, pl.lit("x"), h]), pl.concat_str([w, pl.lit(" x "), h, pl.lit(" px")])],
    )


def _file_size(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    frame = pl.DataFrame({"mb": rng.integers(1, 999, len(ts))})
    return _variant(
        frame,
        rng,
        [
            pl.concat_str([(pl.col("mb") / 10).round(1).cast(pl.String), pl.lit(" MB")]),
            pl.concat_str([pl.col("mb").cast(pl.String), pl.lit("KB")]),
        ],
    )


def _count(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    return pl.Series(values=rng.integers(2, 12, len(ts))).cast(pl.String)


def _greeting(rng: np.random.Generator, ts: np.ndarray) -> pl.Series:
    return choose(rng, ["Hi", "Hello", "Hey", "Good morning", "Hi there", "Hello again"], len(ts))


SLOTS: dict[str, Slot] = {
    "price": _price,
    "rate": _rate,
    "hours": _hours,
    "date": _when,
    "time": _clock,
    "datetime": _datetime,
    "invoice": _invoice,
    "order": _order,
    "version": _version,
    "ticket": _ticket,
    "longid": _long_id,
    "pct": _percent,
    "qty": _quantity,
    "link": _link,
    "meeting": _meeting,
    "dims": _dims,
    "size": _file_size,
    "n": _count,
    "hi": _greeting,
}

PREHIRE = (
    "{hi}, I read your job post and can deliver this in {n} days for {price}.",
    "Thanks for the invite! My rate is {rate} and I can start on {date}.",
    "Could you share more details? Is the budget of {price} fixed or flexible?",
    "I have done {qty} on similar projects, for example {link}",
    "Sounds good. When can you start? We need the first version by {date}.",
    "{hi}! Available for a short call on {datetime}? I'd like to understand the scope.",
    "My estimate is {hours} in total, roughly {price}. Happy to adjust.",
    "We have about {qty} to process, deadline {date}. Interested?",
    "I can work {hours} per week at {rate}. Portfolio: {link}",
    "Great profile. Our current stack is on {version}; have you used it?",
)
WORKROOM = (
    "Pushed {version} to staging, see {link}. It fixes {ticket}.",
    "Invoice {invoice} for {price} is attached; it covers {hours} this week.",
    "Can we do a quick call on {datetime}?",
    "The client approved the mockups. Next milestone is {price}, due {date}.",
    "{order} shipped, {longid}.",
    "Conversion went up {pct} after the change, bounce rate down {pct}.",
    "Deployed {version} at {time}, all {n} checks green.",
    "Exported {qty} to the sheet: {link}",
    "From {date} my rate goes to {rate}, hope that works for you.",
    "Logged {hours} today, mostly on {ticket} and {ticket}.",
    "Standup moved to {time}. {meeting}",
    "Resized the banners to {dims}, the zip is {size}.",
    "Payment of {price} received, thanks! {longid}",
    "Please review {link} before {date}, it closes {ticket}.",
    "I estimate {hours} remaining, about {price} at the current rate.",
    "{hi}, quick update: {qty} done, {pct} of the list left.",
    "Budget is {price} for the first phase and {price} for the second.",
    "Found the bug in {version}; the fix is in {link}",
    "Can you approve {invoice}? It is {price} for {hours}.",
    "We need {qty} more by {date}, is that doable?",
    "{hi}! Meeting notes are here: {link}",
    "Server costs went from {price} to {price} a month, {pct} saved.",
    "The refund for {order} was processed, {longid}.",
    "Updated the estimate: {hours} at {rate}.",
    "Attached the report for {date}: {qty}, {pct} match rate.",
    "Running late today, will be online at {time}.",
    "Migration finished at {time}, {qty} moved, {n} errors.",
    "{hi}, {ticket} is blocked until we get the API key. ETA {date}?",
    "Uploaded the final files ({size}) to {link}",
    "Weekly summary: {hours} logged, {ticket} and {ticket} done, next up {ticket}.",
)
TEMPLATES = PREHIRE + WORKROOM
_PARSED = [list(string.Formatter().parse(t)) for t in TEMPLATES]


def render_bodies(rng: np.random.Generator, prehire: np.ndarray, ts: np.ndarray) -> pl.Series:
    """Bodies for messages sent before a hire (``prehire``) or in a workroom, at times ``ts``."""
    n = len(ts)
    template = np.where(
        prehire,
        rng.integers(0, len(PREHIRE), n),
        len(PREHIRE) + rng.integers(0, len(WORKROOM), n),
    )

    def build(t: int, rows: np.ndarray) -> pl.Series:
        when = ts[rows]
        columns: dict[str, pl.Series] = {}
        pieces: list[pl.Expr] = []
        for i, (literal, slot, _, _) in enumerate(_PARSED[t]):
            if literal:
                pieces.append(pl.lit(literal))
            if slot:
                columns[f"s{i}"] = SLOTS[slot](rng, when)
                pieces.append(pl.col(f"s{i}"))
        return _select(pl.DataFrame(columns), pl.concat_str(pieces))

    return build_by_group(template, build)
