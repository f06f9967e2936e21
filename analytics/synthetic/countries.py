"""Countries of the population and the phone numbers their people write.

Each country lists number plans (leading digits and length) whose every completion is a valid
number for ``phonenumbers`` with the country as default region, and the digit grouping its
people use when they write one. The plans were checked number by number against phonenumbers'
metadata; tests re-check a sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class NumberPlan:
    """A family of valid numbers: national number = prefix + free digits."""

    prefixes: tuple[str, ...]
    length: int
    groups: tuple[int, ...]
    weight: float = 1.0
    free_min: int = 0  # North American exchanges cannot start with 0 or 1

    @property
    def free_digits(self) -> int:
        """How many digits follow the prefix (every prefix of a plan has the same length)."""
        return self.length - len(self.prefixes[0])


@dataclass(frozen=True)
class Country:
    """A country as the generator needs it: weight, currency, dialling conventions, plans."""

    code: str
    weight: float
    calling_code: str
    trunk: str  # national prefix people write before a national number ("0"), or ""
    idd00: bool  # "00" dials abroad from here, so "0044 20 ..." parses
    currency: str
    plans: tuple[NumberPlan, ...]

    @property
    def nanp(self) -> bool:
        """North American numbering: "(415) 555-0100" and "1-415-555-0100" styles."""
        return self.calling_code == "1"


def _p(text: str) -> tuple[str, ...]:
    """Space-separated prefixes."""
    return tuple(text.split())


def _nanp(areas: str) -> tuple[NumberPlan, ...]:
    return (NumberPlan(_p(areas), 10, (3, 3, 4), free_min=2_000_000),)


_GB_MOBILE = tuple(
    "7" + d
    for d in _p(
        "40 41 42 43 44 46 47 48 49 51 53 54 55 56 57 58 59 71 72 73 74 75 76 77 80 81 84 85 86"
        " 87 88 89 90 92 94 95 96 97 98 99"
    )
)
_PH = _p("905 906 915 916 917 918 919 920 921 927 928 929 939 945 947 949 977 995 998 999")
_NG = _p("803 806 703 706 813 816 810 814 903 906 805 807 815 905 802 808 812 701 902")

# code, weight, calling code, trunk prefix ("-" for none), "00" dials abroad, usual currency
_TABLE = """
US 0.22 1   -  no  USD
IN 0.13 91  0  yes USD
GB 0.07 44  0  yes GBP
PH 0.07 63  0  yes USD
PK 0.06 92  0  yes USD
UA 0.05 380 0  yes USD
NG 0.05 234 0  no  USD
DE 0.04 49  0  yes EUR
CA 0.04 1   -  no  USD
AU 0.03 61  0  no  USD
BR 0.04 55  -  no  USD
BD 0.04 880 0  yes USD
EG 0.03 20  0  yes USD
FR 0.03 33  0  yes EUR
ES 0.02 34  -  yes EUR
PL 0.02 48  -  yes USD
KE 0.02 254 0  no  USD
MX 0.02 52  -  yes USD
RO 0.02 40  0  yes USD
"""
_PLANS: dict[str, tuple[NumberPlan, ...]] = {
    "US": _nanp("212 213 303 305 312 404 415 512 617 646 702 713 718 720 786 818 917 949 206 503"),
    "IN": (NumberPlan(_p("98 99 97 96 94 93 70 80 90 88 63 62 73"), 10, (5, 5)),),
    "GB": (
        NumberPlan(_GB_MOBILE, 10, (4, 6), weight=0.8),
        NumberPlan(_p("203 207 208"), 10, (2, 4, 4), weight=0.2),
    ),
    "PH": (NumberPlan(_PH, 10, (3, 3, 4)),),
    "PK": (NumberPlan(tuple(str(p) for p in range(300, 350) if p != 338), 10, (3, 7)),),
    "UA": (NumberPlan(_p("50 63 66 67 68 73 93 95 96 97 98 99"), 9, (2, 3, 2, 2)),),
    "NG": (NumberPlan(_NG, 10, (3, 3, 4)),),
    "DE": (
        NumberPlan(_p("151 152 157 159 176 177 178 179"), 11, (3, 8)),
        NumberPlan(_p("160 162 163 170 171 172 173 174 175"), 10, (3, 7)),
    ),
    "CA": _nanp("416 647 604 778 514 438 403 587 613 905"),
    "AU": (NumberPlan(_p("40 41 42 43 46"), 9, (3, 3, 3)),),
    "BR": (NumberPlan(_p("119 219 319 419 519 619 719 819 859 489"), 11, (2, 5, 4)),),
    "BD": (NumberPlan(_p("13 14 15 16 17 18 19"), 10, (4, 6)),),
    "EG": (NumberPlan(_p("10 11 12 15"), 10, (3, 3, 4)),),
    "FR": (NumberPlan(_p("60 61 62 64 65 66 67 68"), 9, (1, 2, 2, 2, 2)),),
    "ES": (NumberPlan(_p("60 61 62 63 64 65 66 67 68 69"), 9, (3, 2, 2, 2)),),
    "PL": (NumberPlan(_p("50 51 53 57 60 66 69 72 73 78 79 88"), 9, (3, 3, 3)),),
    "KE": (NumberPlan(_p("70 71 72 74 79 11"), 9, (3, 6)),),
    "MX": (NumberPlan(_p("55 33 81"), 10, (2, 4, 4)),),
    "RO": (NumberPlan(_p("72 73 74 75 76 77"), 9, (3, 3, 3)),),
}


def _countries() -> tuple[Country, ...]:
    rows = [line.split() for line in _TABLE.strip().splitlines()]
    return tuple(
        Country(code, float(w), cc, "" if trunk == "-" else trunk, idd == "yes", cur, _PLANS[code])
        for code, w, cc, trunk, idd, cur in rows
    )


COUNTRIES = _countries()
COUNTRY_CODES: tuple[str, ...] = tuple(c.code for c in COUNTRIES)
COUNTRY_WEIGHTS = np.array([c.weight for c in COUNTRIES]) / sum(c.weight for c in COUNTRIES)
MAX_PLANS = max(len(c.plans) for c in COUNTRIES)
