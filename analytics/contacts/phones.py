"""Phone numbers in message text: find digit spans in polars, let libphonenumber judge them.

Finding is column-wise: numbers that are no contact (prices, dates, references, links, IBANs,
quantities) are blanked out first, then runs of digits, digit words and separators are
extracted ("+1 (415) 555-0100", "4 1 5-5 5 5-0 1 0 0", "four one five ...", "4one5 555 o1oo").
Judging needs libphonenumber, which is Python, so it runs once per *distinct* (span, region)
and never per message: ``PhoneNumberMatcher`` with the sender's country as default region,
then, when the matcher finds nothing (odd separators, a trailing stray digit), a greedy split of
the digit groups into valid numbers.
"""

from __future__ import annotations

import re
from functools import reduce

import phonenumbers
import polars as pl

from analytics.contacts import patterns

_DIGIT_GROUP = re.compile(r"[0-9]+")
_MAX_GROUPS_PER_NUMBER = 7
_POSSIBLE = phonenumbers.ValidationResult.IS_POSSIBLE


def mask_expr(clean: pl.Expr) -> pl.Expr:
    """The clean text with every non-contact number replaced by a barrier (" ; ")."""
    return reduce(
        lambda text, pattern: text.str.replace_all(pattern, " ; "),
        patterns.NON_CONTACT_NUMBERS,
        clean,
    )


def phone_text_expr(span: pl.Expr) -> pl.Expr:
    """A span with digit words as digits, 'o' as zero and 'i'/'l' as one, separators kept for
    the matcher."""
    words = list(patterns.DIGIT_WORDS)
    digits = [patterns.DIGIT_WORDS[w] for w in words]
    return (
        span.str.replace_many(words, digits, leftmost=True)
        .str.replace_all("o", "0")
        .str.replace_all("[il]", "1")
        .str.replace_all(",", " ")
    )


def spans(texts: pl.DataFrame) -> pl.DataFrame:
    """Candidate phone spans: ``idx``, ``m`` (the span as it reads in the clean text) and
    ``phone_text`` (what libphonenumber is given), for spans of 7 to 30 digits."""
    gated = texts.filter(pl.col("clean").str.contains(patterns.PHONE_GATE))
    found = (
        gated.select(
            "idx",
            mask_expr(pl.col("clean")).str.extract_all(patterns.PHONE_SPAN).alias("m"),
        )
        .explode("m")
        .drop_nulls("m")
        .with_columns(phone_text_expr(pl.col("m")).str.strip_chars(" -./_*").alias("phone_text"))
        .with_columns(pl.col("phone_text").str.count_matches("[0-9]").alias("n_digits"))
    )
    ip_or_version = r"^v?[0-9]{1,3}(?:\.[0-9]{1,3}){2,3}$"
    return found.filter(
        pl.col("n_digits").is_between(7, 30) & ~pl.col("phone_text").str.contains(ip_or_version)
    ).select("idx", "m", "phone_text")


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask_number(number: phonenumbers.PhoneNumber) -> str:
    """International format with the subscriber digits hidden but the last two:
    +1 415-555-0100 -> "+1 415 *** **00"."""
    text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    parts = text.replace("-", " ").split(" ")
    head, rest = parts[:2], " ".join(parts[2:])
    n_digits = sum(ch.isdigit() for ch in rest)
    masked, seen = [], 0
    for ch in rest:
        if ch.isdigit():
            seen += 1
            masked.append(ch if seen > n_digits - 2 else "*")
        else:
            masked.append(ch)
    return " ".join([*head, "".join(masked)]).strip()


def _parse(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def _split_groups(text: str, region: str) -> list[tuple[int, int, phonenumbers.PhoneNumber]]:
    """Greedy: the longest run of digit groups from the left that is a valid number, repeated."""
    groups = [(m.start(), m.group()) for m in _DIGIT_GROUP.finditer(text)]
    plus = text.lstrip().startswith("+")
    found: list[tuple[int, int, phonenumbers.PhoneNumber]] = []
    i = 0
    while i < len(groups):
        hit: tuple[int, phonenumbers.PhoneNumber] | None = None
        for j in range(min(len(groups), i + _MAX_GROUPS_PER_NUMBER), i, -1):
            digits = "".join(g for _, g in groups[i:j])
            if len(digits) < 7:
                break
            prefix = "+" if plus and i == 0 else ""
            if not prefix and digits.startswith("00"):
                prefix, digits = "+", digits[2:]
            number = _parse(prefix + digits, region)
            if number is not None and phonenumbers.is_valid_number(number):
                hit = (j, number)
                break
        if hit is None:
            i += 1
        else:
            j = hit[0]
            found.append((groups[i][0], groups[j - 1][0] + len(groups[j - 1][1]), hit[1]))
            i = j
    return found


def _whole(text: str, region: str) -> list[tuple[int, int, phonenumbers.PhoneNumber]]:
    """The span as one number, when all its digits make a valid one. Tried first: the matcher
    would otherwise cut "1 5 7-5 5 8 5 5 9 5 9" into a shorter valid number inside it."""
    digits = "".join(_DIGIT_GROUP.findall(text))
    if not 7 <= len(digits) <= 17:
        return []
    number = _parse(("+" if text.startswith("+") else "") + digits, region)
    if number is not None and phonenumbers.is_valid_number(number):
        return [(0, len(text), number)]
    return []


def resolve(text: str, region: str | None) -> list[tuple[int, int, str, bool, str]]:
    """Numbers in one phone span: (start, end in ``text``, E.164, valid, masked form).

    Valid numbers first (matcher, then greedy split). Failing those, a number that is possible
    but not assigned (``valid`` False) is returned so that the caller can keep it when the
    message says it is a phone ("call me on 07700 900461").
    """
    region = (region or "ZZ").upper()
    shift = 0
    if text.startswith("00"):  # international prefix typed as 00, whatever the region's own
        text, shift = "+" + text[2:], 1
    found = _whole(text, region)
    if not found:
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        )
        found = [(m.start, m.end, m.number) for m in matcher] or _split_groups(text, region)
    if found:
        # "+" stands for the two characters "00": later offsets move by one
        return [
            (s + shift if s else 0, e + shift, _e164(n), True, mask_number(n)) for s, e, n in found
        ]
    digits = "".join(_DIGIT_GROUP.findall(text))
    number = _parse(("+" if text.startswith("+") else "") + digits, region)
    if number is not None and phonenumbers.is_possible_number_with_reason(number) == _POSSIBLE:
        return [(0, len(text) + shift, _e164(number), False, mask_number(number))]
    return []


def resolve_frame(pairs: pl.DataFrame) -> pl.DataFrame:
    """For distinct (``phone_text``, ``region``) rows: one row per number found in the text,
    with ``sub_start``/``sub_end``, ``e164``, ``valid`` and ``mask``. Python runs once per pair."""
    schema = {
        "phone_text": pl.String,
        "region": pl.String,
        "sub_start": pl.Int64,
        "sub_end": pl.Int64,
        "e164": pl.String,
        "valid": pl.Boolean,
        "mask": pl.String,
    }
    rows = [
        (text, region, *hit)
        for text, region in pairs.select("phone_text", "region").unique().iter_rows()
        for hit in resolve(text, region)
    ]
    return pl.DataFrame(rows, schema=schema, orient="row")
