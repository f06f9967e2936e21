"""Undo character-level disguise: look-alikes, full-width forms, other digits, zero-width marks.

The clean text that every detector reads is ``lower(map(body))``, where ``map`` replaces each
character on its own: its NFKC form when that is ASCII (full-width letters, circled digits,
ligatures),
a decimal digit of any script as its ASCII digit, Cyrillic and Greek look-alikes as the Latin
letter they imitate, curly quotes and dashes as ASCII, and zero-width or bidi controls as
nothing. Mapping per character (rather than NFKC over the whole string, as polars'
``str.normalize`` would do) is what lets a match in the clean text be traced back to a
character offset in the original body: each original character contributes a known number of
clean characters (0, 1 or a few).

Spelled-out separators ("dot", "[at]") and digits ("four one five") are *not* rewritten here:
the detectors match them in place, so that offsets stay exact.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from itertools import chain

import polars as pl

# Characters that render as nothing: zero-width space/joiners, word joiner, BOM, soft hyphen,
# bidi marks and isolates, variation selectors, Hangul fillers, Mongolian vowel separator.
INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u3164\ufeff\uffa0" + "".join(chr(c) for c in range(0xFE00, 0xFE10))
)

# Look-alikes NFKC leaves alone. Cyrillic and Greek letters that are drawn like Latin ones,
# Latin variants, and typographic punctuation (NFKC keeps "’" and "–").
CONFUSABLES: dict[str, str] = {
    # Cyrillic lower case
    "а": "a", "в": "b", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "к": "k",
    "м": "m", "н": "h", "т": "t", "і": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ӏ": "l", "ɡ": "g", "ԍ": "g",
    # Cyrillic upper case
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    # Greek
    "α": "a", "ο": "o", "ν": "v", "ι": "i", "κ": "k", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Latin variants, Armenian
    "ı": "i", "ɑ": "a", "ǀ": "l", "օ": "o", "ս": "u", "İ": "I",
    # punctuation
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u3002": ".", "\uff61": ".", "\u30fb": ".", "\u00b7": ".",
}  # fmt: skip

_EXTRA_RANGES = (range(0x1D400, 0x1D800), range(0x1F100, 0x1F200))


@cache
def char_map() -> dict[str, str]:
    """The replacement of every character that is not kept as is (built once, ~50 ms)."""
    table: dict[str, str] = {}
    for cp in chain(range(0x80, 0x10000), *_EXTRA_RANGES):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            table[ch] = str(digit)
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch and folded.isascii():
            table[ch] = folded
    table.update(CONFUSABLES)
    table.update(dict.fromkeys(INVISIBLE, ""))
    return table


@cache
def _translation() -> dict[int, str]:
    return {ord(k): v for k, v in char_map().items()}


@cache
def _map_keys_values() -> tuple[list[str], list[str]]:
    table = char_map()
    return list(table), list(table.values())


@cache
def length_changing_chars() -> list[str]:
    """Characters whose clean form is not exactly one character (offsets shift after them)."""
    return [k for k, v in char_map().items() if len(v) != 1]


@cache
def disguise_chars() -> list[str]:
    """Characters that only disguise: invisible ones and those standing for an ASCII letter,
    digit, "@" or "." (typographic quotes, dashes and spaces are ordinary writing)."""
    return [
        k for k, v in char_map().items() if v == "" or any(ch.isalnum() or ch in "@." for ch in v)
    ]


def clean_text(body: str) -> str:
    """The clean text of one body, in Python (the same mapping as ``clean_expr``)."""
    return body.translate(_translation()).lower()


def clean_expr(body: pl.Expr) -> pl.Expr:
    """The clean text of a column of bodies, in polars (Aho-Corasick over the mapped chars)."""
    keys, values = _map_keys_values()
    return body.str.replace_many(keys, values).str.to_lowercase()


def shifts_offsets_expr(body: pl.Expr) -> pl.Expr:
    """True where clean offsets differ from body offsets (some character maps to 0 or 2+)."""
    return body.str.contains_any(length_changing_chars())


def body_offset(body: str, clean_offset: int) -> int:
    """Character offset in ``body`` of the character that produced ``clean_offset``.

    Used only for the rare bodies where ``shifts_offsets_expr`` is true. An offset inside the
    expansion of one character ("ﬁ" -> "fi") maps to that character; an offset at the end maps
    to ``len(body)``.
    """
    table = char_map()
    produced = 0
    for index, ch in enumerate(body):
        produced += len(table.get(ch, ch))
        if produced > clean_offset:
            return index
    return len(body)
