"""IBANs: a candidate counts only with its country's length and a valid ISO 13616 checksum.

The candidate regex is deliberately greedy ("DE89 3704 0044 0532 0130 00 thanks" runs into the
next word); the country's length says where the IBAN ends, and the mod-97 check turns away
order numbers and typos that merely look like one.
"""

from __future__ import annotations

import polars as pl

# ISO 13616 registry lengths (SWIFT IBAN registry), by country code.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip


def checksum_ok(iban: str) -> bool:
    """ISO 7064 mod 97-10: move the first four characters to the end, letters as 10..35."""
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def read_iban(candidate: str) -> tuple[str, int] | None:
    """The IBAN at the start of ``candidate`` (clean text) and how many characters of it the
    IBAN spans, or None if there is none."""
    country = candidate[:2].upper()
    length = IBAN_LENGTHS.get(country)
    if length is None:
        return None
    chars: list[str] = []
    consumed = 0
    for ch in candidate:
        if len(chars) == length:
            break
        consumed += 1
        if ch.isalnum():
            chars.append(ch.upper())
        elif ch not in " -":
            return None
    iban = "".join(chars)
    if len(iban) != length or not iban[2:4].isdigit() or not iban.isascii():
        return None
    return (iban, consumed) if checksum_ok(iban) else None


def resolve_frame(candidates: pl.Series) -> pl.DataFrame:
    """Distinct candidates -> ``m``, ``iban`` and ``span`` (characters used), valid ones only."""
    rows = [(c, *hit) for c in candidates.unique().to_list() if (hit := read_iban(c))]
    return pl.DataFrame(
        rows, schema={"m": pl.String, "iban": pl.String, "span": pl.Int64}, orient="row"
    )
